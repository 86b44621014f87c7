# wait_cdf.gp - empirical CDF of task wait time (submit to start), one
# curve per framework, plus one over all tasks when there are several.
#
# The simulator runs
#   gnuplot -e "infile='DIR/tasks.csv'; outfile='DIR/.x.png.tmp'; fmt='png'; plotdir='plots'; title='...'; wscale=60; wunit='min'; ccdf=0" plots/wait_cdf.gp
# and renames outfile once gnuplot exits 0, so this script exits non-zero
# rather than leave a blank picture (gnuplot only warns about a missing
# file, hence the explicit checks).  The simulator picks the wait unit
# (wscale seconds, named wunit) from the longest wait, and sets ccdf=1
# when at least half the tasks waited 0 s: a CDF is then a jump at 0 and
# a flat line, so the script draws the CCDF, the fraction of tasks that
# waited longer than x, on a log scale, where the tail shows.
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
#
# The simulator runs it with prepared=1 (sim/cli/plotprep.c): infile then
# holds each curve's points already computed, one block per curve, and
# fws, nfin, nzero and wmax come with -e, so gnuplot evaluates nothing per
# task.  The picture is the same bytes either way.

if (!exists("infile") || !exists("outfile")) {
    print "wait_cdf.gp: set infile and outfile with -e"
    exit status 2
}
if (!exists("title")) { title = "" }
if (!exists("plotdir")) { plotdir = "plots" }
if (!exists("wscale")) { wscale = 1; wunit = "s" }
if (!exists("ccdf")) { ccdf = 0 }

set datafile separator ","

# Column numbers of tasks.csv, named once.
c_fw = 1
c_wait = 9
c_state = 12

prepared = exists("prepared") && prepared
if (!prepared) {
    # One pass: count finished tasks, find the largest wait, and collect each
    # framework name once (fws is " a b c ", so " name " tests membership).
    fws = " "
    nfin = 0
    nzero = 0
    wmax = 0.0
    undefine STATS_*
    stats infile skip 1 using ( \
        strcol(c_state) eq "finished" ? ( \
            nfin = nfin + 1, \
            nzero = nzero + (column(c_wait) == 0), \
            wmax = (column(c_wait) > wmax ? column(c_wait) : wmax), \
            (strstrt(fws, " " . strcol(c_fw) . " ") == 0 ? \
                (fws = fws . strcol(c_fw) . " ", 0) : 0), \
            1) : 0) nooutput
    if (!exists("STATS_records")) {
        print sprintf("wait_cdf.gp: no data in %s", infile)
        exit status 1
    }
}
nfw = words(fws)

width = 1000; height = 600
load plotdir . "/terminal.gp"

if (ccdf && nfin > 0 && wmax > 0) {
    set title title . ": tasks waiting longer than x (CCDF, log scale)"
    set ylabel "fraction of tasks with wait > x"
} else {
    ccdf = 0
    set title title . ": wait-time CDF"
    set ylabel "fraction of tasks"
}
set xlabel sprintf("wait (%s)", wunit)
set yrange [0:1.05]
# When every task started on submission all waits are 0 and autoscale
# would give gnuplot an empty x range; give it one unit instead.
set xrange [0:(wmax > 0 ? wmax * 1.02 / wscale : 1)]
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
# Curve k's points: prepared, block k-1 of infile holds them (block nfw
# those of k = 0) as plain x and y columns.
U = prepared ? "index (k ? k-1 : nfw) using 1:2" : "skip 1 using (wx(k)/wscale):(wy(k))"

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
        if (ccdf) {
            # 1 - CDF from the same smoothing, through a table: curve k
            # of the framework k, the last one over all tasks.  Values
            # of 0 (past the longest wait) have no place on a log axis.
            set table $cdf
            plot for [k=1:nfw] infile @U smooth cnormal, \
                 for [k=0:0] infile @U smooth cnormal
            unset table
            # The table is gnuplot's own, space-separated.
            set datafile separator whitespace
            set logscale y
            set format y "%g"
            set yrange [0.5 / nfin:1.5]
            set label 2 sprintf("%.1f%% of the %d finished tasks waited 0 s", \
                100.0 * nzero / nfin, nfin) at graph 0.02, graph 0.04 left
            tail(y) = 1 - y > 0.5 / nfin ? 1 - y : NaN
            plot for [k=0:nfw-1] $cdf index k using 1:(tail($2)) \
                    with steps linewidth 2 title word(fws, k + 1), \
                for [j=1:(nfw > 1 ? 1 : 0)] $cdf index nfw using 1:(tail($2)) \
                    with steps linewidth 1 dashtype 2 lc "black" title "all"
        } else {
            # The "all" curve (k = 0) only when it differs from the single one.
            plot for [k=1:nfw] infile @U \
                    smooth cnormal with steps linewidth 2 title word(fws, k), \
                for [k=0:(nfw > 1 ? 0 : -1)] infile @U \
                    smooth cnormal with steps linewidth 1 dashtype 2 \
                    lc "black" title "all"
        }
    }
}

unset output
