# shares.gp - each framework's dominant share over simulated time.
#
# The simulator runs
#   gnuplot -e "infile='DIR/shares.csv'; outfile='DIR/.x.png.tmp'; title='name'" plots/shares.gp
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
# framework columns; each is titled by its header.

if (!exists("infile") || !exists("outfile")) {
    print "shares.gp: set infile and outfile with -e"
    exit status 2
}
if (!exists("title")) { title = "" }

set datafile separator ","

undefine STATS_*
stats infile using 1 nooutput
if (!exists("STATS_records") || STATS_records < 1) {
    print sprintf("shares.gp: no data in %s", infile)
    exit status 1
}
ncols = STATS_columns

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
    set terminal pngcairo size 1000,600 noenhanced font ",11"
} else {
    set terminal png size 1000,600 noenhanced
}
set output outfile

set title title
set xlabel "time (s)"
set ylabel "dominant share"
set yrange [0:1.05]
set xrange [0:*]
set key outside right top
set grid

plot for [i=2:ncols] infile using 1:i with steps linewidth 2 title columnhead(i)

unset output
