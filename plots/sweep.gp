# sweep.gp - a metric against the swept parameter: mean over the seeds as
# points joined by lines, the 95% confidence interval as a shaded band,
# and the SLO's target as a dashed line, so the chosen value can be seen
# where the band's pessimistic edge crosses the target.
#
# offersim sweep runs
#   gnuplot -e "outfile='...'; infile='DIR/.sweep.dat.tmp'; title='...'; xlabel='...'; ylabel='...'; slo=60; slolabel='wait.p95<=60'" plots/sweep.gp
# (with fmt='png' or 'svg' and plotdir, the scripts' directory) and renames
# outfile once gnuplot exits 0.
#
# Input: tab-separated, no header, one row per probed value in ascending
# order: value, mean, CI low, CI high (low = high = mean with one seed).

if (!exists("infile") || !exists("outfile") || !exists("slo")) {
    print "sweep.gp: set infile, outfile and slo with -e"
    exit status 2
}
if (!exists("title")) { title = "" }
if (!exists("xlabel")) { xlabel = "" }
if (!exists("ylabel")) { ylabel = "" }
if (!exists("slolabel")) { slolabel = "SLO" }

set datafile separator "\t"
undefine STATS_*
stats infile using 1 nooutput
if (!exists("STATS_records") || STATS_records < 1) {
    print sprintf("sweep.gp: no data in %s", infile)
    exit status 1
}
xmin = STATS_min
xmax = STATS_max

if (!exists("plotdir")) { plotdir = "plots" }
width = 1000; height = 600
load plotdir . "/terminal.gp"

set title title
set xlabel xlabel
set ylabel ylabel
# One probe gives a zero-width x range; pad it.
if (xmin == xmax) { set xrange [xmin - 1:xmax + 1] } else { set xrange [xmin:xmax] }
# The parameter is an integer: no tics between two values when they fit.
if (xmax - xmin <= 20) { set xtics 1 }
set key outside right top
set grid

plot infile using 1:3:4 with filledcurves lc rgb "#a0c0e0" fs transparent solid 0.5 title "95% CI", \
     infile using 1:2 with linespoints lw 2 pt 7 lc rgb "#1f4e8c" title "mean", \
     slo with lines dt 2 lw 2 lc rgb "#c03030" title slolabel

unset output
