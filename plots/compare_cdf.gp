# compare_cdf.gp - the wait-time distributions of several configurations
# overlaid: per configuration, over all its seeds, a band from the lowest
# to the highest seed and the median as a line, so what differs between
# configurations can be told from what differs between seeds.
#
# offersim compare runs
#   gnuplot -e "outfile='...'; fmt='png'; plotdir='plots'; infile='DIR/.cdf.dat.tmp'; n=2; label1='A'; label2='B'; title='...'; wunit='s'; ccdf=0; ymin=0.005; band=1" plots/compare_cdf.gp
# (numbered variables, read with value(), because gnuplot has no lists)
# and renames outfile once gnuplot exits 0.
#
# Input: tab-separated blocks, one per configuration in label order, two
# blank lines apart (gnuplot's index); each row: x (a wait, in wunit),
# the lowest, the highest and the median over the seeds of the fraction
# of tasks that waited at most x, or with ccdf=1 longer than x (drawn on
# a log scale from ymin, as the simulator does when at least half the
# tasks waited 0 s).  band=0 (one seed) draws the lines alone.  From six
# configurations on the legend goes under the picture.

if (!exists("outfile") || !exists("n") || !exists("infile")) {
    print "compare_cdf.gp: set outfile, infile, n and label1..n with -e"
    exit status 2
}
if (!exists("title")) { title = "" }
if (!exists("plotdir")) { plotdir = "plots" }
if (!exists("wunit")) { wunit = "s" }
if (!exists("ccdf")) { ccdf = 0 }
if (!exists("ymin")) { ymin = 0.001 }
if (!exists("band")) { band = 0 }

set datafile separator "\t"
undefine STATS_*
stats infile using 1 nooutput
if (!exists("STATS_records") || STATS_records < 1) {
    print sprintf("compare_cdf.gp: no data in %s", infile)
    exit status 1
}
xmax = STATS_max

width = 1000; height = 600
load plotdir . "/terminal.gp"

set title title
set xlabel sprintf("wait (%s)", wunit)
set xrange [0:(xmax > 0 ? xmax : 1)]
if (ccdf) {
    set ylabel "fraction of tasks with wait > x"
    set logscale y
    set format y "%g"
    set yrange [ymin:1.5]
} else {
    set ylabel "fraction of tasks"
    set yrange [0:1.05]
}
if (n >= 6) {
    set key outside below center horizontal maxcols 3
} else {
    set key outside right top
}
set grid
set style fill transparent solid 0.2 noborder

if (band) {
    plot for [i=1:n] infile index (i-1) using 1:2:3 with filledcurves lc i notitle, \
         for [i=1:n] infile index (i-1) using 1:4 with steps lw 2 lc i \
             title value(sprintf("label%d", i))
} else {
    plot for [i=1:n] infile index (i-1) using 1:4 with steps lw 2 lc i \
             title value(sprintf("label%d", i))
}

unset output
