# compare_util.gp - one resource's utilization over time for several
# configurations overlaid (one run, the first seed, of each).
#
# offersim compare runs
#   gnuplot -e "outfile='...'; fmt='png'; plotdir='plots'; infile='DIR/.util.dat.tmp'; n=2; label1='A'; label2='B'; res='cpus'; title='...'; tscale=60; tunit='min'; tend=5400; binned=0" plots/compare_util.gp
# and renames outfile once gnuplot exits 0.
#
# Input: tab-separated blocks, one per configuration in label order, two
# blank lines apart (gnuplot's index).  binned=0: each row a step, a time
# (s) and the in-use/total fraction holding until the next row's time.
# binned=1 (six configurations or more, or runs of thousands of steps,
# whose lines would paint each other over): a header row, then per time
# bin its middle time and the time-weighted mean, min and max; the means
# are drawn as lines.  The x axis is in tunit (tscale s) and ends at the
# end of the longest run (tend s).  From six configurations on the legend
# goes under the picture.

if (!exists("outfile") || !exists("n") || !exists("infile")) {
    print "compare_util.gp: set outfile, infile, n and label1..n with -e"
    exit status 2
}
if (!exists("title")) { title = "" }
if (!exists("res")) { res = "" }
if (!exists("plotdir")) { plotdir = "plots" }
if (!exists("tscale")) { tscale = 1; tunit = "s" }
if (!exists("binned")) { binned = 0 }

set datafile separator "\t"
undefine STATS_*
stats infile using 1 nooutput
if (!exists("STATS_records") || STATS_records < 1) {
    print sprintf("compare_util.gp: no data in %s", infile)
    exit status 1
}
if (!exists("tend")) { tend = STATS_max }

width = 1000; height = 600
load plotdir . "/terminal.gp"

set title title
set xlabel sprintf("time (%s)", tunit)
set ylabel res . " in use / total"
set yrange [0:1.05]
set xrange [0:(tend > 0 ? tend / tscale : 1)]
if (n >= 6) {
    set key outside below center horizontal maxcols 3
} else {
    set key outside right top
}
set grid

if (binned) {
    plot for [i=1:n] infile index (i-1) using ($1/tscale):2 with lines lw 2 lc i \
        title value(sprintf("label%d", i))
} else {
    plot for [i=1:n] infile index (i-1) using ($1/tscale):2 with steps lw 2 lc i \
        title value(sprintf("label%d", i))
}

unset output
