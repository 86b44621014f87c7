"""Tests of the Python package (run by `make check` through
python/tests/run.sh): a run through Python writes the command line's
bytes; a Python FIFO policy gives the built-in FIFO's starts on the KTH
slice; the environment's episodes equal the built-in policies they
mimic; errors come back with their file:line:col; results come as
DataFrames with pandas and as lists of dicts without, with the same
values; closing is deterministic.

OFFERSIM_BIN names the command-line binary (default: ./offersim at the
top of the tree); the package finds the library as documented in
offersim/_lib.py (the test runner sets OFFERSIM_LIB).
"""
import os
import shutil
import subprocess
import tempfile
import unittest

import offersim
from offersim import results

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("OFFERSIM_BIN", os.path.join(TOP, "offersim"))
SEED = os.path.join(TOP, "examples", "seed-hadoop.yaml")
KTH = os.path.join(TOP, "examples", "hpc-kth.yaml")


def slurp(path):
    with open(path, "rb") as f:
        return f.read()


class Scratch(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="offersim-pytest-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def cli(self, scenario, out, *sets):
        # A fresh directory per run: the command line refuses to write
        # over another run's outputs.
        out = tempfile.mkdtemp(prefix=os.path.basename(out) + "-", dir=self.tmp)
        args = [BIN, "run", scenario, "--no-plots", "--quiet", "-o", out]
        for s in sets:
            args += ["--set", s]
        subprocess.run(args, check=True)
        return out


class TestRun(Scratch):
    def test_run_equals_cli(self):
        for scen, sets in ((SEED, ()), (KTH, ("frameworks.batch.policy=easy",))):
            a = self.cli(scen, os.path.join(self.tmp, "cli"), *sets)
            b = tempfile.mkdtemp(prefix="py-", dir=self.tmp)
            ov = dict(s.split("=", 1) for s in sets)
            with offersim.Simulation(scen, overrides=ov, outdir=b) as sim:
                sim.run()
                self.assertTrue(sim.done)
            for name in ("summary.json", "tasks.csv", "jobs.csv"):
                self.assertEqual(slurp(os.path.join(a, name)),
                                 slurp(os.path.join(b, name)), name)

    def test_string_seed_and_write_outputs(self):
        with open(SEED) as f:
            text = f.read().replace("../traces/",
                                    os.path.join(TOP, "traces") + "/")
        a = self.cli(SEED, os.path.join(self.tmp, "cli"), "seed=7")
        with offersim.Simulation(text, seed=7) as sim:
            sim.run()
            copied = sim.write_outputs(os.path.join(self.tmp, "copy"))
            tmpdir = sim.outdir
            self.assertIn("tasks.csv", copied)
            self.assertEqual(sim.summary()["seed"], 7)
        self.assertFalse(os.path.exists(tmpdir))   # removed by close
        self.assertEqual(slurp(os.path.join(a, "tasks.csv")),
                         slurp(os.path.join(self.tmp, "copy", "tasks.csv")))

    def test_stepping_and_state(self):
        with offersim.Simulation(SEED, outdir=os.path.join(self.tmp, "o")) as sim:
            self.assertEqual(sim.resources, ["cpus", "mem"])
            self.assertTrue(sim.run_until(2.5))
            self.assertLessEqual(sim.now, 2.5)
            passes = offers_seen = 0
            while sim.step_pass():
                passes += 1
                running = 0
                for a in sim.agents():
                    for r in sim.resources:
                        self.assertAlmostEqual(
                            a["free"][r] + a["offered"][r] + a["used"][r],
                            a["total"][r])
                    running += a["running"]
                self.assertEqual(len(sim.running_tasks()), running)
                held = sum(f["offers"] for f in sim.frameworks())
                self.assertEqual(len(sim.offers()), held)
                offers_seen += held > 0
            self.assertGreater(passes, 0)
            self.assertGreater(offers_seen, 0)
            sim.finish()
            fig = sim.figures()
            self.assertEqual(fig["finished"], fig["submitted"])
            self.assertEqual(fig["finished"],
                             sim.summary()["tasks"]["finished"])
        with self.assertRaises(ValueError):
            sim.now   # closed


class TestErrors(Scratch):
    def test_yaml_error_has_position(self):
        text = "name: x\ncluster:\n  agents:\n    - {name: a, count: 1, resources: {cpus: 2}}\nmaster:\n  allocatorr: drf\n"
        with self.assertRaises(offersim.OffersimError) as cm:
            offersim.Simulation(text, name="bad.yaml")
        e = cm.exception
        errs = [d for d in e.diagnostics if d.kind == "error"]
        self.assertTrue(errs)
        self.assertEqual(errs[0].file, "bad.yaml")
        self.assertEqual(errs[0].line, 6)
        self.assertGreater(errs[0].col, 0)
        self.assertTrue(errs[0].text.startswith("bad.yaml:6:%d: error: "
                                                % errs[0].col))
        self.assertIn("allocatorr", str(e))

    def test_bad_override_and_missing_file(self):
        with self.assertRaises(offersim.OffersimError) as cm:
            offersim.Simulation(SEED, overrides={"master.allocator": "drff"})
        self.assertIn("drff", str(cm.exception))
        with self.assertRaises(offersim.OffersimError):
            offersim.Simulation(os.path.join(self.tmp, "nope.yaml"))


class TestResults(Scratch):
    def _both(self):
        out = os.path.join(self.tmp, "o")
        with offersim.Simulation(KTH, outdir=out) as sim:
            sim.run()
            saved = results.USE_PANDAS
            try:
                results.USE_PANDAS = False
                plain = {n: getattr(sim, n)() for n in
                         ("tasks", "jobs", "utilization", "offers_log")}
                results.USE_PANDAS = saved
                frames = ({n: getattr(sim, n)() for n in plain}
                          if results.have_pandas() else None)
            finally:
                results.USE_PANDAS = saved
        return plain, frames

    def test_plain_lists(self):
        plain, _ = self._both()
        tasks = plain["tasks"]
        self.assertEqual(len(tasks), 2000)
        self.assertIsInstance(tasks[0], dict)
        self.assertIsInstance(tasks[0]["job_id"], int)
        self.assertIsInstance(tasks[0]["start"], float)
        self.assertEqual(tasks[0]["state"], "finished")
        for t in tasks:
            self.assertAlmostEqual(t["wait"], t["start"] - t["submit"], places=5)
        self.assertGreater(len(plain["offers_log"]), 0)

    def test_dataframes(self):
        plain, frames = self._both()
        if frames is None:
            msg = "SKIPPED: pandas not installed (Debian: python3-pandas)"
            if "python" in os.environ.get("OFFERSIM_TEST_REQUIRE", ""):
                self.fail(msg)
            print("\n" + msg)
            self.skipTest(msg)
        import pandas
        for name, rows in plain.items():
            df = frames[name]
            self.assertIsInstance(df, pandas.DataFrame)
            self.assertEqual(len(df), len(rows), name)
            self.assertEqual(list(df.columns), list(rows[0].keys()), name)
        self.assertEqual(list(frames["tasks"]["start"]),
                         [r["start"] for r in plain["tasks"]])


class TestPolicy(Scratch):
    HOST = {"frameworks.batch.policy": "{host: pyfifo}"}

    def test_python_fifo_equals_builtin_fifo(self):
        # Through the plug-in ABI: the scenario names {host: pyfifo}.
        a = self.cli(KTH, os.path.join(self.tmp, "cli"),
                     "frameworks.batch.policy=fifo")
        seen = []

        def fifo(offers, queue):
            seen.append((len(offers), len(queue)))
            return queue            # in order; what does not fit is skipped

        b = os.path.join(self.tmp, "py")
        with offersim.Simulation(KTH, overrides=self.HOST, outdir=b,
                                 policies={"pyfifo": fifo}) as sim:
            sim.run()
            calls = sim.policy_calls("pyfifo")
            self.assertEqual(sim.summary()["frameworks"]["batch"]["policy"],
                             "pyfifo")
        self.assertGreater(calls, 100)
        self.assertEqual(calls, len(seen))
        self.assertTrue(all(n > 0 and q > 0 for n, q in seen))
        self.assertEqual(slurp(os.path.join(a, "tasks.csv")),
                         slurp(os.path.join(b, "tasks.csv")))

    def test_answer_with_at_decision_points(self):
        # Through the C API's decision points, on an unchanged scenario;
        # the head only, by slot, when it fits an offer: fcfs.
        a = self.cli(KTH, os.path.join(self.tmp, "cli"))

        def fcfs(offers, queue):
            head = queue[0]
            fits = any(o["res"]["cpus"] >= head["res"]["cpus"] for o in offers)
            return [head["slot"]] if fits else []

        b = os.path.join(self.tmp, "py")
        with offersim.Simulation(KTH, outdir=b) as sim:
            sim.answer_with("batch", fcfs)
            sim.run()
        self.assertEqual(slurp(os.path.join(a, "tasks.csv")),
                         slurp(os.path.join(b, "tasks.csv")))

    def test_policy_exception_comes_back(self):
        def broken(offers, queue):
            raise RuntimeError("policy bug")

        with offersim.Simulation(KTH, overrides=self.HOST,
                                 policies={"pyfifo": broken}) as sim:
            with self.assertRaises(RuntimeError):
                sim.run()

    def test_unknown_host_policy_is_a_diagnostic(self):
        with self.assertRaises(offersim.OffersimError) as cm:
            offersim.Simulation(KTH, overrides=self.HOST,
                                policies={"other": lambda o, q: q})
        self.assertIn("pyfifo", str(cm.exception))


def episode(env, pick, options=None):
    obs, info = env.reset(options=options)
    steps, reward, done = 0, 0.0, False
    while not done:
        rows = [i for i, m in enumerate(obs["mask"]) if m]
        assert rows, "a decision with an empty window"
        obs, reward, done, truncated, info = env.step(pick(obs, rows))
        assert not truncated
        steps += 1
    return reward, steps


def sjf(obs, rows):
    return min(rows, key=lambda i: (obs["jobs"][i][1], i))


class TestEnv(Scratch):
    def builtin(self, *sets):
        out = self.cli(KTH, os.path.join(self.tmp, "b"), *sets)
        import json
        with open(os.path.join(out, "summary.json")) as f:
            return json.load(f)["jobs"]["bounded_slowdown"]["mean"]

    def test_sjf_agent_equals_builtin_sjf(self):
        env = offersim.SchedulerEnv(KTH, window=128, wait_for_chosen=False)
        try:
            reward, steps = episode(env, sjf)
        finally:
            env.close()
        self.assertGreaterEqual(steps, 2000)
        self.assertEqual(-reward, self.builtin(
            "frameworks.batch.policy=sjf",
            "frameworks.batch.policy_options.strict=true"))

    def test_fifo_agent_equals_fcfs_in_rlscheduler_setting(self):
        env = offersim.SchedulerEnv(KTH, window=128)
        try:
            reward, steps = episode(env, lambda obs, rows: 0)
            self.assertEqual(steps, 2000)      # one decision per job
            self.assertEqual(-reward, self.builtin())
            # Waiting for the chosen job, every job is one decision
            # whatever the agent picks.
            r_sjf, steps = episode(env, sjf)
            self.assertEqual(steps, 2000)
        finally:
            env.close()
        self.assertNotEqual(r_sjf, reward)

    def test_window_observation_and_slice(self):
        env = offersim.SchedulerEnv(KTH, window=4)
        try:
            obs, info = env.reset(options={"start": 100, "jobs": 50})
            self.assertEqual(len(obs["jobs"]), 4)
            self.assertEqual(len(obs["jobs"][0]), 4 + len(env.resources))
            self.assertEqual(sum(obs["mask"]), min(4, info["queued"]))
            with self.assertRaises(ValueError):
                env.step(4)
            reward, steps = episode(env, lambda o, rows: rows[-1],
                                    options={"start": 100, "jobs": 50})
            self.assertEqual(steps, 50)
            self.assertEqual(env.sim.summary()["jobs"]["finished"], 50)
            self.assertLess(reward, 0)
        finally:
            env.close()


if __name__ == "__main__":
    unittest.main()
