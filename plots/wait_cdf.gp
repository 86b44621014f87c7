# wait_cdf.gp - empirical CDF of task wait time (submit to start), one
# curve per framework, plus one over all tasks when there are several.
#
# The simulator runs
#   gnuplot -e "infile='DIR/tasks.csv'; outfile='DIR/.x.png.tmp'; title='name'" plots/wait_cdf.gp
# and renames outfile once gnuplot exits 0, so this script exits non-zero
# rather than leave a blank picture (gnuplot only warns about a missing
# file, hence the explicit checks).
#
# Input: tasks.csv with a header row,
#   framework,job_id,task_id,attempt,agent,submit,start,end,wait,response,
#   slowdown,state,... (README has the whole header)
# Only rows whose state is "finished" count: a lost or killed task's wait
# is not comparable, and a pending one has none.  A CDF rather than a mean
# because scheduling policies differ most in the tail.
#
# The framework names are collected in one stats pass (gnuplot has no list
# type, so they go into a space-separated string); each curve then reads
# the file again, so the cost is (frameworks + 2) passes over tasks.csv.
# Known limit: framework names must not contain spaces or commas.

if (!exists("infile") || !exists("outfile")) {
    print "wait_cdf.gp: set infile and outfile with -e"
    exit status 2
}
if (!exists("title")) { title = "" }

set datafile separator ","

# Column numbers of tasks.csv, named once.
c_fw = 1
c_wait = 9
c_state = 12

# One pass: count finished tasks, find the largest wait, and collect each
# framework name once (fws is " a b c ", so " name " tests membership).
fws = " "
nfin = 0
wmax = 0.0
undefine STATS_*
stats infile skip 1 using ( \
    strcol(c_state) eq "finished" ? ( \
        nfin = nfin + 1, \
        wmax = (column(c_wait) > wmax ? column(c_wait) : wmax), \
        (strstrt(fws, " " . strcol(c_fw) . " ") == 0 ? \
            (fws = fws . strcol(c_fw) . " ", 0) : 0), \
        1) : 0) nooutput
if (!exists("STATS_records")) {
    print sprintf("wait_cdf.gp: no data in %s", infile)
    exit status 1
}
nfw = words(fws)

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
# When every task started on submission all waits are 0 and autoscale
# would give gnuplot an empty x range; give it one second instead.
set xrange [0:(wmax > 0 ? wmax * 1.02 : 1)]
set key outside right top
set grid

# smooth cnormal sorts by x and accumulates y, normalized to end at 1, so
# y = 1 per counted task gives the empirical CDF.  Rows that do not count
# get weight 0 at x = 0 rather than NaN: an undefined point splits the
# smoothed curve into pieces, each normalized on its own.  steps, because
# an empirical CDF is flat between observed waits.
counted(k) = strcol(c_state) eq "finished" && (k == 0 || strcol(c_fw) eq word(fws, k))
wx(k) = counted(k) ? column(c_wait) : 0
wy(k) = counted(k) ? 1.0 : 0.0

if (nfin == 0) {
    # A run where nothing finished is a legitimate result; say so on the
    # picture instead of failing the plot step.
    set label 1 "no finished tasks" at graph 0.5, graph 0.5 center
    plot NaN notitle
} else {
    if (wmax == 0) {
        # Every task started when submitted: each CDF is 1 from x = 0, a
        # single point that lines or steps would not draw.
        set label 1 "every finished task waited 0 s" at graph 0.5, graph 0.5 center
        plot for [k=1:nfw] 1 with lines linewidth 2 title word(fws, k)
    } else {
        # The "all" curve (k = 0) only when it differs from the single one.
        plot for [k=1:nfw] infile skip 1 using (wx(k)):(wy(k)) \
                smooth cnormal with steps linewidth 2 title word(fws, k), \
            for [j=1:(nfw > 1 ? 1 : 0)] infile skip 1 using (wx(0)):(wy(0)) \
                smooth cnormal with steps linewidth 1 dashtype 2 \
                lc "black" title "all"
    }
}

unset output
