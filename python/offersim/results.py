"""Reading a run's CSV outputs: pandas DataFrames when pandas is
installed, plain lists of dicts otherwise.

The files are the C library's (tasks.csv, jobs.csv, utilization.csv,
offers.csv); nothing is computed here.  In the plain form a field that
reads as an integer becomes an int, one that reads as a number a float,
anything else stays a str.  Setting OFFERSIM_NO_PANDAS=1 (or
offersim.results.USE_PANDAS = False) picks the plain form even with
pandas present.
"""
import csv
import os

try:
    import pandas as _pd
except ImportError:          # the plain form
    _pd = None

USE_PANDAS = _pd is not None and os.environ.get("OFFERSIM_NO_PANDAS") != "1"


def have_pandas():
    """True when results come as DataFrames."""
    return USE_PANDAS and _pd is not None


def _value(s):
    try:
        return int(s)
    except ValueError:
        pass
    try:
        return float(s)
    except ValueError:
        return s


def read_csv(path):
    if have_pandas():
        return _pd.read_csv(path)
    with open(path, newline="") as f:
        return [{k: _value(v) for k, v in row.items()}
                for row in csv.DictReader(f)]
