"""Framework policies written in Python, through the plug-in ABI
(include/offersim_policy.h): the structures of that header in ctypes,
and the adapter that turns a Python function into a struct
offersim_policy the C library calls as it calls a shared object's.

A scenario names such a policy ``policy: {host: NAME}``; Simulation's
``policies={"NAME": fn}`` supplies it.  At each answer of a framework
using it, the C schedule hook calls back into Python: the adapter reads
the offers in hand and the waiting queue through the host table, calls
fn(offers, queue), and launches what fn returns through the same table
(place, then launch).  Everything else of the run stays in C.
"""
import ctypes

ABI = 1
KIND_FRAMEWORK = 1

_c = ctypes
_Sched = _c.c_void_p          # struct offersim_sched *, opaque
_QTask = _c.c_void_p          # const struct offersim_qtask *, opaque
_Params = _c.c_void_p
_DoubleP = _c.POINTER(_c.c_double)


class TaskInfo(_c.Structure):
    _fields_ = [("id", _c.c_uint32), ("job_id", _c.c_int64),
                ("task_id", _c.c_int64), ("submit", _c.c_double),
                ("estimate", _c.c_double), ("remaining", _c.c_double),
                ("priority", _c.c_int), ("procs", _c.c_int),
                ("preemptions", _c.c_int), ("start", _c.c_double),
                ("agent", _c.c_int)]


F = _c.CFUNCTYPE


class Host(_c.Structure):
    _fields_ = [
        ("abi_version", _c.c_int),
        ("param_double", F(_c.c_double, _Params, _c.c_char_p, _c.c_double)),
        ("param_long", F(_c.c_long, _Params, _c.c_char_p, _c.c_long)),
        ("param_bool", F(_c.c_int, _Params, _c.c_char_p, _c.c_int)),
        ("param_string", F(_c.c_char_p, _Params, _c.c_char_p, _c.c_char_p)),
        ("param_seed", F(_c.c_uint64, _Params)),
        ("param_owner", F(_c.c_char_p, _Params)),
        ("param_error", F(None, _Params, _c.c_char_p)),
        ("now", F(_c.c_double, _Sched)),
        ("nres", F(_c.c_int, _Sched)),
        ("res_name", F(_c.c_char_p, _Sched, _c.c_int)),
        ("noffers", F(_c.c_int, _Sched)),
        ("offer_agent", F(_c.c_int, _Sched, _c.c_int)),
        ("offer_free", F(None, _Sched, _c.c_int, _DoubleP)),
        ("agent_total", F(None, _Sched, _c.c_int, _DoubleP)),
        ("first", F(_QTask, _Sched)),
        ("next", F(_QTask, _Sched, _QTask)),
        ("running_first", F(_QTask, _Sched)),
        ("running_next", F(_QTask, _Sched, _QTask)),
        ("task", F(None, _QTask, _c.POINTER(TaskInfo))),
        ("demand", F(None, _Sched, _QTask, _DoubleP)),
        ("place", F(_c.c_int, _Sched, _QTask)),
        ("launch", F(_c.c_int, _Sched, _QTask, _c.c_int)),
        ("exhausted", F(_c.c_int, _Sched)),
        ("walk", F(None, _Sched, _c.c_int)),
    ]


InitFn = F(_c.c_int, _c.c_void_p, _c.POINTER(Host), _Params)
ReleaseFn = F(None, _c.c_void_p)
KeyFn = F(_c.c_double, _c.c_void_p, _c.POINTER(TaskInfo), _c.c_double)
ScheduleFn = F(None, _c.c_void_p, _c.POINTER(Host), _Sched)
OrderFn = F(None, _c.c_void_p, _c.c_void_p, _c.c_void_p, _c.c_int)


class Policy(_c.Structure):
    _fields_ = [("abi_version", _c.c_int), ("kind", _c.c_int),
                ("name", _c.c_char_p), ("summary", _c.c_char_p),
                ("state_size", _c.c_size_t), ("init", InitFn),
                ("release", ReleaseFn), ("key", KeyFn),
                ("key_static", _c.c_int), ("schedule", ScheduleFn),
                ("order", OrderFn)]


class PythonPolicy:
    """The struct offersim_policy for one Python function, and what it
    must keep alive while the C library may call it.  An exception in fn
    is kept (first one only) and the answers after it launch nothing;
    Simulation raises it when the C call returns."""

    def __init__(self, name, fn):
        self.fn = fn
        self.error = None
        self.calls = 0
        self._name = name.encode()
        self._summary = ("Python function %s"
                         % getattr(fn, "__name__", "?")).encode()
        self._schedule = ScheduleFn(self._answer)
        self.struct = Policy(abi_version=ABI, kind=KIND_FRAMEWORK,
                             name=self._name, summary=self._summary,
                             state_size=0, schedule=self._schedule)

    def _answer(self, st, hp, c):
        if self.error is not None:
            return
        try:
            self.calls += 1
            h = hp.contents
            nres = h.nres(c)
            names = [h.res_name(c, r).decode() for r in range(nres)]
            buf = (_c.c_double * max(1, nres))()
            offers = []
            for i in range(h.noffers(c)):
                h.offer_free(c, i, buf)
                offers.append({"index": i, "agent": h.offer_agent(c, i),
                               "res": dict(zip(names, buf[:nres]))})
            queue = []
            info = TaskInfo()
            t = h.first(c)
            while t:
                h.task(t, _c.byref(info))
                h.demand(c, t, buf)
                queue.append({"slot": info.id, "job_id": info.job_id,
                              "task_id": info.task_id,
                              "submit": info.submit,
                              "estimate": info.estimate,
                              "procs": info.procs,
                              "priority": info.priority,
                              "res": dict(zip(names, buf[:nres])),
                              "_h": t})
                t = h.next(c, t)
            by_slot = None
            for pick in self.fn(offers, queue) or ():
                if isinstance(pick, dict):
                    t = pick["_h"]
                else:
                    if by_slot is None:
                        by_slot = {q["slot"]: q["_h"] for q in queue}
                    t = by_slot[int(pick)]
                i = h.place(c, t)
                if i >= 0:
                    h.launch(c, t, i)
        except BaseException as e:   # never unwind through C
            self.error = e
