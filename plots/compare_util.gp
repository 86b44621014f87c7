# compare_util.gp - one resource's utilization over time for several
# configurations overlaid (one run, the first seed, of each).
#
# offersim compare runs
#   gnuplot -e "outfile='...'; file1='DIR/runs/A/seed-1/utilization.csv'; label1='A'; ...; n=2; col=2; res='cpus'; title='...'" plots/compare_util.gp
# and renames outfile once gnuplot exits 0.
#
# Input: utilization.csv files (a header row, then steps: a start time and
# one in-use/total column per resource, each holding until the next row);
# col is the resource's column.

if (!exists("outfile") || !exists("n") || !exists("col")) {
    print "compare_util.gp: set outfile, n, col and file1..n, label1..n with -e"
    exit status 2
}
if (!exists("title")) { title = "" }
if (!exists("res")) { res = "" }

set datafile separator ","

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
    set terminal pngcairo size 1000,600 noenhanced font ",11"
} else {
    set terminal png size 1000,600 noenhanced
}
set output outfile

set title title
set xlabel "time (s)"
set ylabel res . " in use / total"
set yrange [0:1.05]
set xrange [0:*]
set key outside right top
set grid

plot for [i=1:n] value(sprintf("file%d", i)) skip 1 using 1:col \
    with steps linewidth 2 title value(sprintf("label%d", i))

unset output
