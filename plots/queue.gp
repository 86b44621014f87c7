# queue.gp - waiting tasks and waiting jobs per framework over time, from
# queue.csv, as two panels of steps sharing the time axis.
#
# The simulator runs
#   gnuplot -e "infile='DIR/queue.csv'; outfile='DIR/.x.png.tmp'; title='name'" plots/queue.gp
# and renames outfile once gnuplot exits 0.
#
# Input: CSV with a header row, `time,NAME.tasks,NAME.jobs,...` (two
# columns per framework), one row per instant a count changed; each row
# holds until the next, so the lines are drawn as steps.

if (!exists("infile") || !exists("outfile")) {
    print "queue.gp: set infile and outfile with -e"
    exit status 2
}
if (!exists("title")) { title = "" }

set datafile separator ","

undefine STATS_*
stats infile using 1 nooutput
if (!exists("STATS_records") || STATS_records < 1) {
    print sprintf("queue.gp: no data in %s", infile)
    exit status 1
}
ncols = STATS_columns
span = STATS_max
unit = span <= 300 ? 1 : span <= 5*3600 ? 60 : span <= 3*86400 ? 3600 : 86400
uname = unit == 1 ? "s" : unit == 60 ? "min" : unit == 3600 ? "h" : "days"

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
    set terminal pngcairo size 1000,600 noenhanced font ",11"
} else {
    set terminal png size 1000,600 noenhanced
}
set output outfile

set datafile columnheaders
set xrange [0:span/unit]
set yrange [0:*]
set key outside right top
set grid
set lmargin 10
set rmargin 22
set multiplot layout 2,1 title title . ": waiting in the frameworks' queues"
set ylabel "waiting tasks"
unset xlabel
plot for [i=2:ncols:2] infile using ($1/unit):i with steps linewidth 2 title columnhead(i)
set ylabel "waiting jobs"
set xlabel sprintf("time (%s)", uname)
plot for [i=3:ncols:2] infile using ($1/unit):i with steps linewidth 2 title columnhead(i)
unset multiplot

unset output
