# compare_cdf.gp - wait-time CDFs of several configurations overlaid, one
# run (the first seed) of each, so tails can be compared by eye.
#
# offersim compare runs
#   gnuplot -e "outfile='...'; file1='DIR/runs/A/seed-1/tasks.csv'; label1='A'; file2=...; n=2; title='...'" plots/compare_cdf.gp
# (numbered variables, read with value(), because gnuplot has no lists
# and paths may hold spaces) and renames outfile once gnuplot exits 0.
#
# Input: tasks.csv files (see wait_cdf.gp): wait is column 9, state column
# 12; only finished tasks count.  Rows that do not count get weight 0 at
# x = 0 rather than NaN, which would split the smoothed curve.

if (!exists("outfile") || !exists("n")) {
    print "compare_cdf.gp: set outfile, n and file1..n, label1..n with -e"
    exit status 2
}
if (!exists("title")) { title = "" }

set datafile separator ","
c_wait = 9
c_state = 12

# The largest wait over every file, for the x range (an all-zero set of
# waits would otherwise give gnuplot an empty range).
wmax = 0.0
nfin = 0
do for [i=1:n] {
    undefine STATS_*
    stats value(sprintf("file%d", i)) skip 1 using ( \
        strcol(c_state) eq "finished" ? ( \
            nfin = nfin + 1, \
            wmax = (column(c_wait) > wmax ? column(c_wait) : wmax), 1) : 0) nooutput
}

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
    set terminal pngcairo size 1000,600 noenhanced font ",11"
} else {
    set terminal png size 1000,600 noenhanced
}
set output outfile

set title title
set xlabel "wait (s)"
set ylabel "fraction of tasks"
set yrange [0:1.05]
set xrange [0:(wmax > 0 ? wmax * 1.02 : 1)]
set key outside right top
set grid

wx(x) = strcol(c_state) eq "finished" ? column(c_wait) : 0
wy(x) = strcol(c_state) eq "finished" ? 1.0 : 0.0

if (nfin == 0) {
    set label 1 "no finished tasks" at graph 0.5, graph 0.5 center
    plot NaN notitle
} else {
    if (wmax == 0) {
        set label 1 "every finished task waited 0 s" at graph 0.5, graph 0.5 center
        plot for [i=1:n] 1 with lines linewidth 2 title value(sprintf("label%d", i))
    } else {
        plot for [i=1:n] value(sprintf("file%d", i)) skip 1 using (wx(0)):(wy(0)) \
            smooth cnormal with steps linewidth 2 title value(sprintf("label%d", i))
    }
}

unset output
