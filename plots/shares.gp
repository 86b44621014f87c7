# shares.gp - each framework's dominant share over simulated time.
#
# The simulator runs
#   gnuplot -e "infile='DIR/shares.csv'; outfile='DIR/.x.png.tmp'; fmt='png'; plotdir='plots'; title='...'; tscale=60; tunit='min'; tend=5400" plots/shares.gp
# and renames outfile once gnuplot exits 0, so this script exits non-zero
# rather than leave a blank picture (gnuplot only warns about a missing
# file, hence the explicit checks).
#
# Input: CSV with a header row, `step_start,<fw1>,<fw2>,...`: each row
# starts a step (time in seconds) holding each framework's dominant share
# (its largest allocated/total over all resources, as DRF defines it)
# until the next row's time; the last row is the end of the run.  A row
# held through many changes (metrics.max_rows) is their time-weighted
# mean.  `with steps` holds each y until the next x.  Any number of
# framework columns; each is titled by its header.  The time unit
# (tscale s, named tunit) and the run's end (tend s), where the x axis
# ends, come from the simulator as in utilization.gp.

if (!exists("infile") || !exists("outfile")) {
    print "shares.gp: set infile and outfile with -e"
    exit status 2
}
if (!exists("title")) { title = "" }
if (!exists("plotdir")) { plotdir = "plots" }
if (!exists("tscale")) { tscale = 1; tunit = "s" }

set datafile separator ","

undefine STATS_*
stats infile using 1 nooutput
if (!exists("STATS_records") || STATS_records < 1) {
    print sprintf("shares.gp: no data in %s", infile)
    exit status 1
}
ncols = STATS_columns
if (!exists("tend")) { tend = STATS_max }

# With prepared=1 the simulator has divided the times by the unit
# already (sim/cli/plotprep.c), so column 1 is read as it is.
T = exists("prepared") && prepared ? "1" : "($1/tscale)"

width = 1000; height = 600
load plotdir . "/terminal.gp"

set title title . ": dominant share per framework"
set xlabel sprintf("time (%s)", tunit)
set ylabel "dominant share"
set yrange [0:1.05]
set xrange [0:(tend > 0 ? tend / tscale : 1)]
set key outside right top
set grid

plot for [i=2:ncols] infile using @T:i with steps linewidth 2 title columnhead(i)

unset output
