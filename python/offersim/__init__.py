"""offersim: the cluster-scheduling simulator from Python.

    from offersim import Simulation
    with Simulation("examples/hpc-kth.yaml", seed=1) as sim:
        sim.run()
        print(sim.summary()["jobs"]["bounded_slowdown"]["mean"])

Simulation (offersim.sim) wraps one C simulation of liboffersim
(include/offersim.h); SchedulerEnv (offersim.env) is a Gymnasium-style
environment for a learned scheduler on it; results come as pandas
DataFrames when pandas is installed (offersim.results).  The package has
no logic of its own beyond the binding: the simulation runs in C.
"""
from ._lib import path as library_path
from .env import SchedulerEnv
from .results import have_pandas
from .sim import Diagnostic, OffersimError, Simulation

__all__ = ["Simulation", "SchedulerEnv", "OffersimError", "Diagnostic",
           "have_pandas", "library_path"]
__version__ = "0.1.0"
