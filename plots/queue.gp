# queue.gp - waiting tasks and waiting jobs per framework over time, from
# queue.csv, as two panels of steps sharing the time axis.
#
# The simulator runs
#   gnuplot -e "infile='DIR/queue.csv'; outfile='DIR/.x.png.tmp'; fmt='png'; plotdir='plots'; title='...'; tscale=60; tunit='min'; tend=5400" plots/queue.gp
# and renames outfile once gnuplot exits 0.
#
# Input: CSV with a header row, `time,NAME.tasks,NAME.jobs,...` (two
# columns per framework), one row per instant a count changed; each row
# holds until the next, so the lines are drawn as steps.  The time unit
# (tscale s, named tunit) and the run's end (tend s) come from the
# simulator; without them the unit is picked here by the same rule.

if (!exists("infile") || !exists("outfile")) {
    print "queue.gp: set infile and outfile with -e"
    exit status 2
}
if (!exists("title")) { title = "" }
if (!exists("plotdir")) { plotdir = "plots" }

set datafile separator ","

undefine STATS_*
stats infile using 1 nooutput
if (!exists("STATS_records") || STATS_records < 1) {
    print sprintf("queue.gp: no data in %s", infile)
    exit status 1
}
ncols = STATS_columns
if (!exists("tend")) { tend = STATS_max }
if (!exists("tscale")) {
    tscale = tend >= 172800 ? 86400 : tend >= 7200 ? 3600 : tend >= 120 ? 60 : 1
    tunit = tscale == 1 ? "s" : tscale == 60 ? "min" : tscale == 3600 ? "h" : "d"
}
unit = tscale
uname = tunit
span = tend

# With prepared=1 the simulator has divided the times by the unit
# already (sim/cli/plotprep.c), so column 1 is read as it is.
T = exists("prepared") && prepared ? "1" : "($1/unit)"

width = 1000; height = 600
load plotdir . "/terminal.gp"

set datafile columnheaders
set xrange [0:(span > 0 ? span/unit : 1)]
set yrange [0:*]
set key outside right top
set grid
set lmargin 10
set rmargin 22
set multiplot layout 2,1 title title . ": waiting in the frameworks' queues"
set ylabel "waiting tasks"
unset xlabel
plot for [i=2:ncols:2] infile using @T:i with steps linewidth 2 title columnhead(i)
set ylabel "waiting jobs"
set xlabel sprintf("time (%s)", uname)
plot for [i=3:ncols:2] infile using @T:i with steps linewidth 2 title columnhead(i)
unset multiplot

unset output
