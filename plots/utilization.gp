# utilization.gp - allocated fraction of each resource over simulated time.
#
# The simulator runs
#   gnuplot -e "infile='DIR/utilization.csv'; outfile='DIR/.x.png.tmp'; fmt='png'; plotdir='plots'; title='...'; tscale=60; tunit='min'; tend=5400; banded=0" plots/utilization.gp
# and renames outfile once gnuplot exits 0, so this script must exit
# non-zero instead of leaving an empty or misleading picture: gnuplot only
# warns about a missing data file, hence the explicit checks below.  The
# title, the time unit (tscale seconds, named tunit) and the run's end
# (tend s) are chosen by the simulator (sim/cli/plot.c); the x axis ends
# at the run's end, not at the last change.
#
# Input: CSV with a header row, `step_start,<res1>,<res2>,...`: each row
# starts a step (time in seconds) whose values, the in-use/total fraction
# (0..1) of each resource, hold until the next row's time; the last row is
# the end of the run.  A row held through many changes (metrics.max_rows)
# is their time-weighted mean.  Hence `with steps`, which holds each y
# until the next x.  The number of resource columns is not fixed (cpus,
# mem, disk, gpus or any named resource), so every column from 2 on is
# drawn, titled by its header.
#
# With banded=1 the input is instead the simulator's bins of a long
# utilization.csv (tab-separated, a header row, then per bin its middle
# time and per resource the time-weighted mean, min and max): each
# resource is a band from min to max under its mean line, because thousands
# of steps drawn one by one fill the picture solid.

if (!exists("infile") || !exists("outfile")) {
    print "utilization.gp: set infile and outfile with -e"
    exit status 2
}
if (!exists("title")) { title = "" }
if (!exists("plotdir")) { plotdir = "plots" }
if (!exists("tscale")) { tscale = 1; tunit = "s" }
if (!exists("banded")) { banded = 0 }

set datafile separator (banded ? "\t" : ",")

# stats defines STATS_* only when it read the file; a missing or empty file
# is an error here, not a blank plot.
undefine STATS_*
stats infile using 1 nooutput
if (!exists("STATS_records") || STATS_records < 1) {
    print sprintf("utilization.gp: no data in %s", infile)
    exit status 1
}
# The header row tells how many resource columns there are.
ncols = STATS_columns
if (!exists("tend")) { tend = STATS_max }

width = 1000; height = 600
load plotdir . "/terminal.gp"

set title title . ": resources in use" . (banded ? " (mean, and min-max band, per bin)" : "")
set xlabel sprintf("time (%s)", tunit)
set ylabel "in use / total"
# Full allocation (1.0) sits just under the top edge instead of on it.
set yrange [0:1.05]
set xrange [0:(tend > 0 ? tend / tscale : 1)]
set key outside right top
set grid

if (banded) {
    # Resource r's mean, min and max are columns 3r-1, 3r, 3r+1.
    nres = (ncols - 1) / 3
    set style fill transparent solid 0.25 noborder
    set key autotitle columnhead
    plot for [r=1:nres] infile using ($1/tscale):(column(3*r)):(column(3*r+1)) \
            with filledcurves lc r notitle, \
         for [r=1:nres] infile using ($1/tscale):(column(3*r-1)) \
            with lines lw 2 lc r title columnhead(3*r-1)
} else {
    plot for [i=2:ncols] infile using ($1/tscale):i with steps linewidth 2 title columnhead(i)
}

unset output
