"""bench/python.py - what Python costs on top of the C library: the KTH
replay through the command line, through the Python API (Simulation.run,
all in C), with a Python FIFO policy answering every decision, and as
the scheduling environment with an SJF agent.  `make bench-python`.

Rows, each the median of REPS runs (BENCH_REPS, default 5), wall
seconds measured in this process (the CLI row includes starting the
process, as a user running it pays):
    cli            ./offersim run on the scenario (fifo), outputs written
    python api     Simulation(...).run() on the same
    python policy  the same with a Python fifo named {host: pyfifo}
                   (the plug-in ABI, called from C at each answer): a
                   ctypes round trip, the offers and the queue read through
                   the host table and built as dicts per decision
    answer_with    the same fifo at the C API's decision points (the
                   program steps to each, lists the queue, names launches)
    env sjf        SchedulerEnv episodes with an SJF agent (no backfill:
                   more decisions, one job each)
and the cost of one Python decision: (row - api) / decisions.  The
results of the api and the two policy rows are checked equal (tasks.csv).

The scenario is examples/hpc-kth.yaml (2,000 jobs of KTH-SP2 in
traces/); with TRACES_DIR set, bench/kth.yaml on the full log
(TRACES_DIR/swf/KTH-SP2-1996-2.1-cln.swf.gz, 28,489 jobs) is added.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(TOP, "python"))
import offersim  # noqa: E402

REPS = int(os.environ.get("BENCH_REPS", "5"))
BIN = os.path.join(TOP, "offersim")


def median_time(fn):
    ts = []
    out = None
    for _ in range(REPS):
        t = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts), out


def bench(label, scenario, overrides):
    tmp = tempfile.mkdtemp(prefix="offersim-pybench-")
    sets = []
    for k, v in overrides.items():
        sets += ["--set", "%s=%s" % (k, v)]
    n = [0]

    def cli():
        n[0] += 1
        out = os.path.join(tmp, "cli%d" % n[0])
        subprocess.run([BIN, "run", scenario, "--no-plots", "--quiet",
                        "-o", out] + sets, check=True)

    def api():
        n[0] += 1
        out = os.path.join(tmp, "api%d" % n[0])
        with offersim.Simulation(scenario, overrides=overrides,
                                 outdir=out) as s:
            s.run()
            return out, s.figures()["events"]

    decisions = [0]

    def fifo(offers, queue):
        decisions[0] += 1
        return queue

    def policy():
        n[0] += 1
        decisions[0] = 0
        out = os.path.join(tmp, "pol%d" % n[0])
        ov = dict(overrides)
        ov["frameworks.batch.policy"] = "{host: pyfifo}"
        with offersim.Simulation(scenario, overrides=ov, outdir=out,
                                 policies={"pyfifo": fifo}) as s:
            s.run()
        return out, decisions[0]

    def answer():
        n[0] += 1
        decisions[0] = 0
        out = os.path.join(tmp, "ans%d" % n[0])
        with offersim.Simulation(scenario, overrides=overrides,
                                 outdir=out) as s:
            s.answer_with("batch", fifo)
            s.run()
        return out, decisions[0]

    def env():
        e = offersim.SchedulerEnv(scenario, overrides=overrides)
        obs, info = e.reset()
        done, steps = False, 0
        while not done:
            rows = [i for i, m in enumerate(obs["mask"]) if m]
            a = min(rows, key=lambda i: (obs["jobs"][i][1], i))
            obs, r, done, _, info = e.step(a)
            steps += 1
        e.close()
        return steps, r

    t_cli, _ = median_time(cli)
    t_api, (api_out, events) = median_time(api)
    t_pol, (pol_out, ndec) = median_time(policy)
    t_ans, (ans_out, nans) = median_time(answer)
    t_env, (steps, reward) = median_time(env)
    same = True
    for other in (pol_out, ans_out):
        with open(os.path.join(api_out, "tasks.csv"), "rb") as a, \
                open(os.path.join(other, "tasks.csv"), "rb") as b:
            same = same and a.read() == b.read()
    print("%s, %d events, median of %d runs:" % (label, events, REPS))
    print("  %-14s %9.4f s" % ("cli", t_cli))
    print("  %-14s %9.4f s  (%.2f x cli)" % ("python api", t_api, t_api / t_cli))
    print("  %-14s %9.4f s  %d decisions, %.1f us per Python decision"
          % ("python policy", t_pol, ndec, 1e6 * (t_pol - t_api) / ndec))
    print("  %-14s %9.4f s  %d decisions, %.1f us per Python decision"
          % ("answer_with", t_ans, nans, 1e6 * (t_ans - t_api) / nans))
    print("  tasks.csv of both Python policies equal to the api run's: %s"
          % ("yes" if same else "NO"))
    print("  %-14s %9.4f s  %d decisions, %.1f us per step, reward %.3f"
          % ("env sjf", t_env, steps, 1e6 * (t_env - t_api) / steps, reward))
    subprocess.run(["rm", "-rf", tmp], check=True)
    return same


def main():
    ok = bench("examples/hpc-kth.yaml (2,000 jobs)",
               os.path.join(TOP, "examples", "hpc-kth.yaml"),
               {"frameworks.batch.policy": "fifo"})
    traces = os.environ.get("TRACES_DIR")
    full = traces and os.path.join(traces, "swf", "KTH-SP2-1996-2.1-cln.swf.gz")
    if full and os.path.exists(full):
        ok &= bench("bench/kth.yaml, full KTH-SP2 log",
                    os.path.join(TOP, "bench", "kth.yaml"),
                    {"frameworks.batch.policy": "fifo",
                     "frameworks.batch.workload.trace": full})
    else:
        print("full KTH log: skipped; set TRACES_DIR to the folder holding "
              "swf/KTH-SP2-1996-2.1-cln.swf.gz")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
