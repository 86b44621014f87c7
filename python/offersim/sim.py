"""Simulation: one offersim run, opened, stepped, inspected and closed.

Everything here is a thin layer over include/offersim.h (through _lib):
the simulation itself, the offer cycle, the policies and the metrics run
in C.  This module turns handles into a context manager, diagnostics into
an exception, the C structures into dicts, and calls the Python policy
functions a scenario's frameworks are given at each of their decisions
(the header's "Answers by the host").
"""
import ctypes
import math
import os
import shutil
import tempfile

from . import _lib
from . import _policy
from . import results as _results


class Diagnostic:
    """One diagnostic of the C library: kind ('error', 'warning',
    'note'), file, line, col (1-based, 0 when unknown), message and text,
    the whole line as the command line prints it."""

    __slots__ = ("kind", "file", "line", "col", "message", "text")

    def __init__(self, d):
        self.kind = ("error", "warning", "note")[d.kind]
        self.file = d.file.decode() if d.file else None
        self.line, self.col = d.line, d.col
        self.message = d.message.decode()
        self.text = d.text.decode()

    def __repr__(self):
        return "Diagnostic(%r)" % self.text


class OffersimError(Exception):
    """A load or a step failed.  diagnostics holds every Diagnostic kept
    so far (``file:line:col: error: message``), code the C error code."""

    def __init__(self, code, diagnostics, what):
        self.code = code
        self.diagnostics = diagnostics
        lines = [d.text for d in diagnostics if d.kind != "warning"]
        msg = "\n".join(lines) if lines else "%s failed (code %d)" % (what, code)
        super().__init__(msg)


def _is_yaml_text(scenario):
    """A str is a path when it names a file or has no newline; YAML
    text otherwise."""
    if isinstance(scenario, os.PathLike):
        return False
    return "\n" in scenario and not os.path.exists(scenario)


def _overrides(overrides, seed):
    if overrides is None:
        items = []
    elif isinstance(overrides, dict):
        items = list(overrides.items())
    else:
        items = []
        for o in overrides:
            if isinstance(o, str):
                k, sep, v = o.partition("=")
                if not sep:
                    raise ValueError("override %r is not KEY=VALUE" % o)
                items.append((k, v))
            else:
                items.append(tuple(o))
    if seed is not None:
        items.append(("seed", seed))
    return [(str(k), _scalar(v)) for k, v in items]


def _scalar(v):
    if v is True:
        return "true"
    if v is False:
        return "false"
    return str(v)


class Simulation:
    """One simulation of a scenario.

    scenario is a path to a scenario file or the YAML text itself;
    overrides a dict {dotted.key: value} or a list of "key=value" applied
    as --set; seed overrides the scenario's seed.  outdir is where the
    outputs go; None makes a temporary directory, removed by close() (copy
    it away with write_outputs() first).  policies maps names to Python
    functions fn(offers, queue) that the scenario names as framework
    policies, ``policy: {host: NAME}``: the plug-in ABI of
    include/offersim_policy.h, called from C at each answer (see
    offersim._policy).  answer_with() answers any framework from Python
    instead, at the C API's decision points.

    A load error raises OffersimError with the diagnostics.  Use it as a
    context manager, or call close(): the C simulation is freed there,
    not whenever the garbage collector runs.
    """

    def __init__(self, scenario, overrides=None, seed=None, outdir=None,
                 policies=None, name=None):
        self._h = ctypes.c_void_p()
        self._tmp = None
        self._policies = {}
        self._host = []
        self._finished = None
        if outdir is None:
            self._tmp = tempfile.mkdtemp(prefix="offersim-")
            outdir = os.path.join(self._tmp, "out")
        self._outdir_arg = os.fspath(outdir)
        ov = _overrides(overrides, seed)
        arr = (_lib.Override * max(1, len(ov)))()
        keep = []
        for i, (k, v) in enumerate(ov):
            kb, vb = k.encode(), v.encode()
            keep += [kb, vb]
            arr[i].key, arr[i].value = kb, vb
        od = self._outdir_arg.encode()
        # Host policies: the structs (and the callbacks they point to)
        # live as long as this object, past every call of the C library.
        self._host = [_policy.PythonPolicy(n, fn)
                      for n, fn in (policies or {}).items()]
        parr = (ctypes.c_void_p * max(1, len(self._host)))(
            *[ctypes.addressof(p.struct) for p in self._host])
        args = _lib.OpenArgs(overrides=arr, noverrides=len(ov), outdir=od,
                             policies=parr, npolicies=len(self._host))
        if _is_yaml_text(scenario):
            args.path = (name or "<string>").encode()
            args.text = scenario.encode()
        else:
            args.path = os.fsencode(scenario)
        self._keep = (arr, keep, parr, args)
        rc = _lib.open_args(ctypes.byref(self._h), ctypes.byref(args))
        if not self._h:
            self._cleanup_tmp()
            raise MemoryError("offersim: out of memory opening the scenario")
        if rc < 0:
            err = OffersimError(rc, self.diagnostics(), "load")
            self.close()
            raise err
        self.resources = [_lib.res_name(self._h, r).decode()
                          for r in range(_lib.nres(self._h))]
        self.framework_names = []
        for i in range(_lib.nframeworks(self._h)):
            f = _lib.Framework()
            self._check(_lib.framework(self._h, i, ctypes.byref(f)),
                        "framework")
            self.framework_names.append(f.name.decode())

    # ---- life cycle ------------------------------------------------

    def close(self):
        """Free the C simulation (an unfinished run leaves no output)
        and remove the temporary output directory, if any.  Idempotent."""
        if self._h:
            _lib.free(self._h)
            self._h = ctypes.c_void_p()
        self._cleanup_tmp()

    def _cleanup_tmp(self):
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        # A safety net only: close() is the deterministic release.
        try:
            self.close()
        except Exception:
            pass

    def _handle(self):
        if not self._h:
            raise ValueError("offersim: the simulation is closed")
        return self._h

    def diagnostics(self):
        """Every diagnostic so far (load and run), as Diagnostic."""
        h = self._h
        return [Diagnostic(_lib.diag(h, i).contents)
                for i in range(_lib.ndiags(h))] if h else []

    def _check(self, rc, what):
        for p in self._host:
            if p.error is not None:
                e, p.error = p.error, None
                raise e
        if rc < 0:
            raise OffersimError(rc, self.diagnostics(), what)
        return rc

    def policy_calls(self, name):
        """How many answers the host policy called name has given."""
        for p in self._host:
            if p._name.decode() == name:
                return p.calls
        raise KeyError(name)

    # ---- stepping --------------------------------------------------

    def _fw_index(self, fw):
        if isinstance(fw, int):
            if not 0 <= fw < len(self.framework_names):
                raise IndexError("no framework %d" % fw)
            return fw
        try:
            return self.framework_names.index(fw)
        except ValueError:
            raise KeyError("no framework %r (frameworks: %s)"
                           % (fw, ", ".join(self.framework_names))) from None

    def answer_with(self, fw, fn):
        """Answer framework fw's offers with fn(offers, queue) from now
        on (None: its scenario policy again).  At each decision fn gets
        the offers it holds (list of dicts: number, agent, agent_name,
        made, due, res {name: amount}) and its waiting queue in its
        policy's order (list of dicts: slot, job_id, task_id, submit,
        estimate, procs, priority, res), and returns the queue entries
        (or their slots) to start, in order; each starts where the
        framework's placement rule puts it, or is skipped when it fits
        nowhere.  Everything else runs in C."""
        i = self._fw_index(fw)
        self._check(_lib.host_answers(self._handle(), i, fn is not None),
                    "answer_with")
        if fn is None:
            self._policies.pop(i, None)
        else:
            self._policies[i] = fn

    def _decide(self):
        """Called when a step stopped at a decision of a framework
        answered by a Python function."""
        h = self._h
        fw = _lib.decision(h)
        fn = self._policies.get(fw)
        if fn is None:
            return fw   # answered by the caller (env.py)
        for t in fn(self.offers(fw, due=True), self.queue(fw)):
            slot = t["slot"] if isinstance(t, dict) else int(t)
            self._check(_lib.launch(h, fw, slot, 0), "launch")
        return None

    def _stepped(self, rc, what):
        """Turn a stepping call's result into True/False/decision."""
        self._check(rc, what)
        return rc != 0

    def step(self):
        """Handle the next event (a decision of a Python policy counts
        as the step before its answer).  False once the run is over."""
        rc = self._check(_lib.step_event(self._handle()), "step")
        if rc == _lib.DECIDE:
            self._decide()
            return True
        return rc != 0

    def step_pass(self):
        """Handle events up to and including the next allocation pass.
        False once the run is over."""
        while True:
            rc = self._check(_lib.step_pass(self._handle()), "step_pass")
            if rc != _lib.DECIDE:
                return rc != 0
            self._decide()

    def run_until(self, t):
        """Handle every event at or before t seconds.  False once the
        run is over."""
        while True:
            rc = self._check(_lib.run_until(self._handle(), float(t)),
                             "run_until")
            if rc != _lib.DECIDE:
                return rc != 0
            self._decide()

    def _until_decision(self, t=math.inf):
        """Step to the next decision point of a framework no Python
        function answers (returns its index), or to the end (None)."""
        while True:
            rc = self._check(_lib.run_until(self._handle(), t), "run")
            if rc != _lib.DECIDE:
                return None
            fw = self._decide()
            if fw is not None:
                return fw

    def run(self):
        """Run to the end and write the outputs; returns self."""
        if self._policies:
            self._until_decision()
        self.finish()
        return self

    def finish(self):
        """Run what is left (Python policies are not asked any more) and
        write the outputs under their final names."""
        if self._finished is None:
            self._finished = _lib.finish(self._handle())
        self._check(self._finished, "finish")
        return self

    @property
    def done(self):
        return bool(_lib.done(self._handle()))

    # ---- state -----------------------------------------------------

    @property
    def now(self):
        """Simulated time, seconds."""
        return _lib.now(self._handle())

    @property
    def events(self):
        return _lib.events(self._handle())

    @property
    def outdir(self):
        p = _lib.outdir(self._handle())
        return p.decode() if p else None

    def _res(self, arr):
        return {n: arr[r] for r, n in enumerate(self.resources)}

    def agent(self, i):
        a = _lib.Agent()
        self._check(_lib.agent(self._handle(), i, ctypes.byref(a)), "agent")
        return {"name": a.name.decode(), "present": bool(a.present),
                "running": a.running, "total": self._res(a.total),
                "free": self._res(a.free), "offered": self._res(a.offered),
                "used": self._res(a.used)}

    def agents(self):
        """Every agent: name, present, running, total/free/offered/used."""
        return [self.agent(i) for i in range(_lib.nagents(self._handle()))]

    def framework(self, i):
        f = _lib.Framework()
        self._check(_lib.framework(self._handle(), self._fw_index(i),
                                   ctypes.byref(f)), "framework")
        return {"name": f.name.decode(), "role": f.role.decode(),
                "queued": f.queued, "running": f.running,
                "offers": f.offers, "share": f.share,
                "used": self._res(f.used), "submitted": f.submitted,
                "launched": f.launched, "finished": f.finished,
                "rejected": f.rejected}

    def frameworks(self):
        """Every framework: queue length, running tasks, offers in hand,
        dominant share, resources used, counts."""
        return [self.framework(i) for i in range(len(self.framework_names))]

    def _listing(self, call, ctype, *args):
        h = self._handle()
        n = self._check(call(h, *args, None, 0), "listing")
        while True:
            arr = (ctype * max(1, n))()
            m = self._check(call(h, *args, arr, n), "listing")
            if m <= n:
                return arr[:m]
            n = m

    def running_tasks(self):
        """Running tasks, framework by framework, in start order."""
        return [{"job_id": t.job_id, "task_id": t.task_id,
                 "framework": self.framework_names[t.framework],
                 "agent": t.agent, "submit": t.submit, "start": t.start,
                 "res": self._res(t.res)}
                for t in self._listing(_lib.running_tasks, _lib.Task)]

    def offers(self, fw=None, due=False):
        """Offers held and not answered yet (of framework fw only when
        given; due: only those due now, the ones an answer now covers)."""
        i = None if fw is None else self._fw_index(fw)
        t = self.now
        out = []
        names = None
        for o in self._listing(_lib.pending_offers, _lib.Offer):
            if i is not None and o.framework != i:
                continue
            if due and o.due > t:
                continue
            if names is None:
                names = {}
            if o.agent not in names:
                names[o.agent] = self.agent(o.agent)["name"]
            out.append({"number": o.number,
                        "framework": self.framework_names[o.framework],
                        "agent": o.agent, "agent_name": names[o.agent],
                        "made": o.made, "due": o.due,
                        "res": self._res(o.res)})
        return out

    def queue(self, fw, window=None):
        """Framework fw's waiting tasks in its policy's order (the first
        window of them when given)."""
        i = self._fw_index(fw)
        h = self._handle()
        if window is None:
            rows = self._listing(_lib.queue, _lib.Waiting, i)
        else:
            arr = (_lib.Waiting * max(1, window))()
            n = self._check(_lib.queue(h, i, arr, window), "queue")
            rows = arr[:min(n, window)]
        return [{"slot": w.slot, "job_id": w.job_id, "task_id": w.task_id,
                 "submit": w.submit, "estimate": w.estimate,
                 "procs": w.procs, "priority": w.priority,
                 "res": self._res(w.res)} for w in rows]

    def figures(self):
        """The summary figures over all frameworks so far (the C
        struct offersim_summary as a dict)."""
        s = _lib.Summary()
        self._check(_lib.summary(self._handle(), ctypes.byref(s)), "summary")
        return {name: getattr(s, name) for name, _ in _lib.Summary._fields_}

    # ---- outputs ---------------------------------------------------

    def _output(self, name):
        if self._finished is None:
            raise ValueError("offersim: outputs exist after run() or finish()")
        return os.path.join(self.outdir, name)

    def summary(self):
        """summary.json of the finished run, as a dict."""
        import json
        with open(self._output("summary.json")) as f:
            return json.load(f)

    def tasks(self):
        """tasks.csv: a pandas DataFrame when pandas is installed, else
        a list of dicts (see offersim.results)."""
        return _results.read_csv(self._output("tasks.csv"))

    def jobs(self):
        """jobs.csv (one row per job)."""
        return _results.read_csv(self._output("jobs.csv"))

    def utilization(self):
        """utilization.csv (one row per sample step)."""
        return _results.read_csv(self._output("utilization.csv"))

    def offers_log(self):
        """offers.csv (one row per offer made)."""
        return _results.read_csv(self._output("offers.csv"))

    def write_outputs(self, directory):
        """Copy the finished run's output files into directory (made if
        missing); returns the list of files copied."""
        src = self._output("")
        os.makedirs(directory, exist_ok=True)
        copied = []
        for n in sorted(os.listdir(src)):
            p = os.path.join(src, n)
            if os.path.isfile(p):
                shutil.copy2(p, os.path.join(directory, n))
                copied.append(n)
        return copied
