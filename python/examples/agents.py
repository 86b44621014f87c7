"""A random and an SJF agent in offersim's scheduling environment, on the
KTH-SP2 slice of traces/ (examples/hpc-kth.yaml), in RLScheduler's
setting: each decision picks one of the first K waiting jobs, the chosen
job starts when it fits, the reward at the end is minus the mean bounded
slowdown.  Episodes are slices of the trace (start, jobs); the random
agent draws from Python's random.Random seeded per episode, so a run
prints the same table every time.

    PYTHONPATH=build/python python3 python/examples/agents.py [K] [JOBS]

A learned agent replaces pick(): it gets the observation (a dict of
``jobs``, ``mask``, ``now``, ``free``; see offersim/env.py) and returns a
row index.
"""
import os
import random
import sys

import offersim

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCENARIO = os.path.join(TOP, "examples", "hpc-kth.yaml")


def sjf(obs, rows, rng):
    # Shortest requested time; ties: the earlier in the window (submit).
    return min(rows, key=lambda i: (obs["jobs"][i][1], i))


def rand(obs, rows, rng):
    return rng.choice(rows)


def fcfs(obs, rows, rng):
    return rows[0]


def episode(env, pick, start, jobs, seed):
    rng = random.Random(seed)
    obs, info = env.reset(options={"start": start, "jobs": jobs})
    reward, done, steps = 0.0, False, 0
    while not done:
        rows = [i for i, m in enumerate(obs["mask"]) if m]
        obs, reward, done, truncated, info = env.step(pick(obs, rows, rng))
        steps += 1
    return reward, steps


def main():
    k = int(sys.argv[1]) if len(sys.argv) > 1 else 128
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 256
    env = offersim.SchedulerEnv(SCENARIO, window=k)
    print("window K=%d, %d jobs per episode, reward = -mean bounded slowdown"
          % (k, jobs))
    print("%-7s %8s %8s %8s %8s" % ("agent", "start=0", "500", "1000", "1500"))
    for name, pick in (("fcfs", fcfs), ("random", rand), ("sjf", sjf)):
        row = [episode(env, pick, start, jobs, seed=start)[0]
               for start in (0, 500, 1000, 1500)]
        print("%-7s" % name + "".join(" %8.1f" % r for r in row))
    env.close()


if __name__ == "__main__":
    main()
