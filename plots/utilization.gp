# utilization.gp - allocated fraction of each resource over simulated time.
#
# The simulator runs
#   gnuplot -e "infile='DIR/utilization.csv'; outfile='DIR/.x.png.tmp'; title='name'" plots/utilization.gp
# and renames outfile once gnuplot exits 0, so this script must exit
# non-zero instead of leaving an empty or misleading picture: gnuplot only
# warns about a missing data file, hence the explicit checks below.
#
# Input: CSV with a header row, `step_start,<res1>,<res2>,...`: each row
# starts a step (time in seconds) whose values, the in-use/total fraction
# (0..1) of each resource, hold until the next row's time; the last row is
# the end of the run.  A row held through many changes (metrics.max_rows)
# is their time-weighted mean.  Hence `with steps`, which holds each y
# until the next x.  The number of resource columns is not fixed (cpus,
# mem, disk, gpus or any named resource), so every column from 2 on is
# drawn, titled by its header.

if (!exists("infile") || !exists("outfile")) {
    print "utilization.gp: set infile and outfile with -e"
    exit status 2
}
if (!exists("title")) { title = "" }

set datafile separator ","

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

# pngcairo draws antialiased lines; plain png (libgd) is the fallback for a
# gnuplot built without cairo.
if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
    set terminal pngcairo size 1000,600 noenhanced font ",11"
} else {
    set terminal png size 1000,600 noenhanced
}
set output outfile

set title title
set xlabel "time (s)"
set ylabel "in use / total"
# Full allocation (1.0) sits just under the top edge instead of on it.
set yrange [0:1.05]
set xrange [0:*]
set key outside right top
set grid

plot for [i=2:ncols] infile using 1:i with steps linewidth 2 title columnhead(i)

unset output
