"""The Python package in a few lines: run a scenario, read its results,
step another and look inside, answer a framework with a Python function,
and catch a bad scenario with its position.  From the top of the tree:

    PYTHONPATH=python python3 python/examples/quickstart.py

(the package finds build/liboffersim.so there; elsewhere see
python/README.md).
"""
import offersim

# A run to the end; outputs go to a temporary directory unless outdir=.
with offersim.Simulation("examples/hpc-kth.yaml", seed=1) as sim:
    sim.run()
    jobs = sim.summary()["jobs"]
    print("fcfs: %d jobs, mean bounded slowdown %.3f"
          % (jobs["finished"], jobs["bounded_slowdown"]["mean"]))
    tasks = sim.tasks()      # a DataFrame with pandas, else a list of dicts
    print("tasks.csv rows:", len(tasks))

# Stepping: the state after the first allocation passes.
with offersim.Simulation("examples/seed-hadoop.yaml") as sim:
    for _ in range(3):
        sim.step_pass()
    print("t=%.1f s" % sim.now)
    for a in sim.agents():
        print("  agent %-8s free %s offered %s" % (a["name"], a["free"], a["offered"]))
    for f in sim.frameworks():
        print("  framework %s: %d queued, %d running, %d offers, share %.3f"
              % (f["name"], f["queued"], f["running"], f["offers"], f["share"]))


# A policy in Python: start the waiting jobs in order, as fifo does.  The
# scenario names it {host: NAME}; the C library calls it at each answer.
def fifo(offers, queue):
    return queue


with offersim.Simulation("examples/hpc-kth.yaml",
                         overrides={"frameworks.batch.policy": "{host: pyfifo}"},
                         policies={"pyfifo": fifo}) as sim:
    sim.run()
    print("python fifo: mean bounded slowdown %.3f"
          % sim.summary()["jobs"]["bounded_slowdown"]["mean"])

# Errors carry the diagnostics, file:line:col first.
try:
    offersim.Simulation("name: x\n"
                        "cluster: {agents: [{name: a, resources: {cpus: 4}}]}\n"
                        "master: {allocator: drff}\n", name="bad.yaml")
except offersim.OffersimError as e:
    print(e.diagnostics[0].text)
