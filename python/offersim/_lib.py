"""The C library, loaded through ctypes, and its structures.

This file mirrors include/offersim.h: every structure and call the
package uses is declared here once, with the types the header gives, so
a change of the header is a change of this file only.  ctypes (Python's
standard library) rather than cffi: the header is written for it (plain
structs, no varargs, no FILE *), it needs no compiler or extra package
at install time, and Debian's python3 has it everywhere.

The library is found, in this order: the file named by OFFERSIM_LIB;
liboffersim.so beside this package (``make python`` puts it there); a
lib/ or build/ directory in one of the package's parent directories
(an install under PREFIX, or the source tree); the system's loader
(``liboffersim.so.1`` after ``make install`` into a prefix the loader
knows).
"""
import ctypes
import os

RES_MAX = 16
API_VERSION = 1

ENOMEM, EINVAL, EIO, EPARSE, ENOENT, ESTATE = -1, -2, -3, -4, -5, -100
DECIDE = 2
LAUNCH_WAIT = 1
ERROR, WARNING, NOTE = 0, 1, 2

_Res = ctypes.c_double * RES_MAX


class Override(ctypes.Structure):
    _fields_ = [("key", ctypes.c_char_p), ("value", ctypes.c_char_p)]


class Diag(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int), ("file", ctypes.c_char_p),
                ("line", ctypes.c_int), ("col", ctypes.c_int),
                ("message", ctypes.c_char_p), ("text", ctypes.c_char_p)]


class Agent(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("present", ctypes.c_int),
                ("running", ctypes.c_int), ("total", _Res), ("free", _Res),
                ("offered", _Res), ("used", _Res)]


class Framework(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("role", ctypes.c_char_p),
                ("queued", ctypes.c_int), ("running", ctypes.c_int),
                ("offers", ctypes.c_int), ("share", ctypes.c_double),
                ("used", _Res), ("submitted", ctypes.c_uint64),
                ("launched", ctypes.c_uint64), ("finished", ctypes.c_uint64),
                ("rejected", ctypes.c_uint64)]


class Task(ctypes.Structure):
    _fields_ = [("job_id", ctypes.c_int64), ("task_id", ctypes.c_int64),
                ("framework", ctypes.c_int), ("agent", ctypes.c_int),
                ("submit", ctypes.c_double), ("start", ctypes.c_double),
                ("res", _Res)]


class Offer(ctypes.Structure):
    _fields_ = [("number", ctypes.c_uint64), ("framework", ctypes.c_int),
                ("agent", ctypes.c_int), ("made", ctypes.c_double),
                ("due", ctypes.c_double), ("res", _Res)]


class Summary(ctypes.Structure):
    _fields_ = [("now", ctypes.c_double), ("events", ctypes.c_uint64),
                ("submitted", ctypes.c_uint64), ("launched", ctypes.c_uint64),
                ("finished", ctypes.c_uint64), ("rejected", ctypes.c_uint64),
                ("offers", ctypes.c_uint64), ("accepted", ctypes.c_uint64),
                ("declined", ctypes.c_uint64), ("rescinded", ctypes.c_uint64),
                ("jobs_submitted", ctypes.c_uint64),
                ("jobs_finished", ctypes.c_uint64),
                ("mean_wait", ctypes.c_double),
                ("mean_response", ctypes.c_double)]


class Waiting(ctypes.Structure):
    _fields_ = [("slot", ctypes.c_uint32), ("job_id", ctypes.c_int64),
                ("task_id", ctypes.c_int64), ("submit", ctypes.c_double),
                ("estimate", ctypes.c_double), ("procs", ctypes.c_int),
                ("priority", ctypes.c_int), ("res", _Res)]


def _candidates():
    env = os.environ.get("OFFERSIM_LIB")
    if env:
        yield env
        return
    # realpath: a package reached through a symbolic link still finds
    # the tree it lives in.
    here = os.path.dirname(os.path.realpath(__file__))
    for name in ("liboffersim.so", "liboffersim.so.1"):
        yield os.path.join(here, name)
    d = here
    for _ in range(5):
        d = os.path.dirname(d)
        for sub in ("lib", "build", ""):
            for name in ("liboffersim.so", "liboffersim.so.1"):
                yield os.path.join(d, sub, name)
    yield "liboffersim.so.1"


def _load():
    tried = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            tried.append(path)
            continue
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    raise ImportError("offersim: liboffersim.so not found; build it with "
                      "`make python` or set OFFERSIM_LIB (tried: %s)"
                      % ", ".join(tried))


lib, path = _load()

_P = ctypes.c_void_p
_S = ctypes.POINTER(ctypes.c_void_p)


def _fn(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_int, _dbl, _u64 = ctypes.c_int, ctypes.c_double, ctypes.c_uint64
_str = ctypes.c_char_p

class OpenArgs(ctypes.Structure):
    _fields_ = [("path", ctypes.c_char_p), ("text", ctypes.c_char_p),
                ("overrides", ctypes.POINTER(Override)),
                ("noverrides", ctypes.c_int), ("outdir", ctypes.c_char_p),
                ("policies", ctypes.POINTER(ctypes.c_void_p)),
                ("npolicies", ctypes.c_int)]


open_args = _fn("offersim_open", ctypes.c_int, ctypes.POINTER(ctypes.c_void_p),
                ctypes.POINTER(OpenArgs))
open_file = _fn("offersim_open_file", _int, ctypes.POINTER(_P), _str,
                ctypes.POINTER(Override), _int, _str)
open_string = _fn("offersim_open_string", _int, ctypes.POINTER(_P), _str,
                  _str, ctypes.POINTER(Override), _int, _str)
free = _fn("offersim_free", None, _P)
ndiags = _fn("offersim_ndiags", _int, _P)
diag = _fn("offersim_diag", ctypes.POINTER(Diag), _P, _int)
nerrors = _fn("offersim_nerrors", _int, _P)
step_event = _fn("offersim_step_event", _int, _P)
step_pass = _fn("offersim_step_pass", _int, _P)
run_until = _fn("offersim_run_until", _int, _P, _dbl)
done = _fn("offersim_done", _int, _P)
finish = _fn("offersim_finish", _int, _P)
now = _fn("offersim_now", _dbl, _P)
events = _fn("offersim_events", _u64, _P)
nres = _fn("offersim_nres", _int, _P)
res_name = _fn("offersim_res_name", _str, _P, _int)
nagents = _fn("offersim_nagents", _int, _P)
agent = _fn("offersim_agent", _int, _P, _int, ctypes.POINTER(Agent))
nframeworks = _fn("offersim_nframeworks", _int, _P)
framework = _fn("offersim_framework", _int, _P, _int,
                ctypes.POINTER(Framework))
running_tasks = _fn("offersim_running_tasks", _int, _P,
                    ctypes.POINTER(Task), _int)
pending_offers = _fn("offersim_pending_offers", _int, _P,
                     ctypes.POINTER(Offer), _int)
summary = _fn("offersim_summary", _int, _P, ctypes.POINTER(Summary))
outdir = _fn("offersim_outdir", _str, _P)
host_answers = _fn("offersim_host_answers", _int, _P, _int, _int)
decision = _fn("offersim_decision", _int, _P)
queue = _fn("offersim_queue", _int, _P, _int, ctypes.POINTER(Waiting), _int)
launch = _fn("offersim_launch", _int, _P, _int, ctypes.c_uint32, _int)
committed = _fn("offersim_committed", ctypes.c_int64, _P, _int)
host_launched = _fn("offersim_host_launched", _u64, _P, _int)
api_version = _fn("offersim_api_version", _int)

if api_version() != API_VERSION:
    raise ImportError("offersim: %s has API version %d, this package "
                      "speaks %d" % (path, api_version(), API_VERSION))
