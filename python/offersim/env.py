"""SchedulerEnv: a Gymnasium-style environment for a learned batch
scheduler, in the setting of RLScheduler (Zhang et al., SC'20).

One framework of the scenario (an SWF trace replayed on its cluster) is
answered by the agent.  At each decision the agent sees the first
``window`` jobs of the framework's waiting queue in submit order (K = 128
in RLScheduler) and picks one; the job starts as soon as it fits, the
cluster waiting for it otherwise (nothing else of that framework starts
meanwhile: no backfilling), and the next decision comes when it has
started and jobs wait.  The reward is 0 at every step but the last,
which gives minus the mean bounded slowdown (tau 10 s by default) of the
episode's jobs, summary.json's ``jobs.bounded_slowdown.mean``.

The contract is Gymnasium's without depending on it:
``reset(seed=None, options=None) -> (obs, info)`` and
``step(action) -> (obs, reward, terminated, truncated, info)``.

Observation, a dict:
    jobs  ``window`` rows, one per queue position, zeros past the queue:
          [wait (s), requested time (s), processors, demand of each
          resource (in the order of ``resources``), fits (1 when it fits
          in the offers in hand now, else 0)]
    mask  ``window`` ints: 1 where a job is, 0 for padding
    now   simulated time, s
    free  what the offers in hand hold, per resource
Action: an int, a row of ``jobs`` whose mask is 1.

The decision point is the C library's (include/offersim.h, "Answers by
the host"): stepping stops before each answer of the framework to its
offers while jobs wait, the environment names the chosen job with
OFFERSIM_LAUNCH_WAIT, and the answer then runs.  The scenario should
answer at once and re-offer what is left at the same instant
(``refuse_seconds: 0``, an event-driven allocator, decision time 0), as
examples/hpc-kth.yaml does; the environment sets none of this itself.

An episode replays the scenario's workload; reset's options may narrow
it to a slice of the trace: {"start": N, "jobs": M} skips the first N
jobs and keeps M (the workload's skip/limit keys).
"""
from . import _lib
from .sim import Simulation


class SchedulerEnv:
    """The environment.  scenario, overrides and seed as for
    Simulation; framework names the agent's framework (default: the
    first); window is K; tau the bounded slowdown's threshold."""

    metadata = {"render_modes": []}

    def __init__(self, scenario, framework=None, window=128, overrides=None,
                 seed=None, tau=10.0, wait_for_chosen=True):
        if window < 1:
            raise ValueError("window must be >= 1")
        self.scenario = scenario
        self.framework = framework
        self.window = int(window)
        self.overrides = dict(overrides or {})
        self.overrides["metrics.bounded_slowdown_threshold"] = tau
        self.seed = seed
        self.wait_for_chosen = bool(wait_for_chosen)
        self.sim = None
        self.decisions = 0
        self._fw = None
        self._rows = []
        self._wl = None

    def _workload_key(self, key):
        return "frameworks.%s.workload.%s" % (self._fw_name, key)

    def reset(self, seed=None, options=None):
        """Start an episode; returns (observation, info)."""
        self.close()
        options = options or {}
        ov = dict(self.overrides)
        probe = Simulation(self.scenario, overrides=ov, seed=self.seed)
        try:
            names = probe.framework_names
        finally:
            probe.close()
        self._fw_name = self.framework or names[0]
        if "start" in options:
            ov[self._workload_key("skip")] = int(options["start"])
        if "jobs" in options:
            ov[self._workload_key("limit")] = int(options["jobs"])
        self.sim = Simulation(self.scenario, overrides=ov,
                              seed=self.seed if seed is None else seed)
        self._fw = self.sim._fw_index(self._fw_name)
        # Answered here, not by a Python function: the stepping below
        # returns at each decision of this framework.
        self.sim._check(_lib.host_answers(self.sim._h, self._fw, 1),
                        "reset")
        self.decisions = 0
        at = self.sim._until_decision()
        if at is None:
            self.sim.finish()
        return self._observe(), self._info()

    def step(self, action):
        """Start job `action` of the window; returns (observation,
        reward, terminated, truncated, info)."""
        if self.sim is None:
            raise ValueError("call reset() first")
        if self.sim.done and not self._rows:
            raise ValueError("the episode is over: call reset()")
        a = int(action)
        if not 0 <= a < len(self._rows):
            raise ValueError("action %d: the window holds %d jobs"
                             % (a, len(self._rows)))
        self.sim._check(_lib.launch(self.sim._h, self._fw,
                                    self._rows[a]["slot"],
                                    _lib.LAUNCH_WAIT if self.wait_for_chosen
                                    else 0),
                        "launch")
        self.decisions += 1
        at = self.sim._until_decision()
        if at is not None:
            return self._observe(), 0.0, False, False, self._info()
        self.sim.finish()
        obs = self._observe()
        return obs, self.reward(), True, False, self._info()

    def reward(self):
        """Minus the mean bounded slowdown of the episode's jobs (the
        finished run's summary.json)."""
        return -float(self.sim.summary()["jobs"]["bounded_slowdown"]["mean"])

    @property
    def resources(self):
        return self.sim.resources if self.sim else []

    def _observe(self):
        s = self.sim
        nres = len(s.resources)
        width = 4 + nres
        if s.done:
            self._rows = []
            free = [0.0] * nres
        else:
            self._rows = s.queue(self._fw, window=self.window)
            offers = s.offers(self._fw, due=True)
            free = [sum(o["res"][r] for o in offers) for r in s.resources]
        now = s.now
        jobs, mask = [], []
        for w in self._rows:
            need = [w["res"][r] for r in s.resources]
            fits = any(all(o["res"][r] >= w["res"][r] for r in s.resources)
                       for o in offers)
            jobs.append([now - w["submit"], w["estimate"], float(w["procs"])]
                        + need + [1.0 if fits else 0.0])
            mask.append(1)
        pad = self.window - len(jobs)
        jobs += [[0.0] * width for _ in range(pad)]
        mask += [0] * pad
        return {"jobs": jobs, "mask": mask, "now": now, "free": free}

    def _info(self):
        s = self.sim
        return {"now": s.now, "decisions": self.decisions,
                "queued": s.framework(self._fw)["queued"],
                "window": [(w["job_id"], w["task_id"]) for w in self._rows]}

    def close(self):
        if self.sim is not None:
            self.sim.close()
            self.sim = None
