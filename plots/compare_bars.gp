# compare_bars.gp - one headline metric across configurations: a bar per
# configuration at its mean over the seeds, with the 95% confidence
# interval as an error bar.
#
# offersim compare runs
#   gnuplot -e "outfile='DIR/.x.png.tmp'; infile='DIR/.bars.dat.tmp'; title='...'; ylabel='...'; ci=1" plots/compare_bars.gp
# and renames outfile once gnuplot exits 0, so this script exits non-zero
# rather than leave a blank picture.
#
# Input: tab-separated, no header, one row per configuration in grid
# order: label, mean, CI low, CI high.  ci=0 (a single seed) draws the bars
# alone.  Tabs, because labels hold commas ("placement=best_fit,count=4").

if (!exists("infile") || !exists("outfile")) {
    print "compare_bars.gp: set infile and outfile with -e"
    exit status 2
}
if (!exists("title")) { title = "" }
if (!exists("ylabel")) { ylabel = "" }
if (!exists("ci")) { ci = 0 }

set datafile separator "\t"
undefine STATS_*
stats infile using 2 nooutput
if (!exists("STATS_records") || STATS_records < 1) {
    print sprintf("compare_bars.gp: no data in %s", infile)
    exit status 1
}

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
    set terminal pngcairo size 1000,600 noenhanced font ",11"
} else {
    set terminal png size 1000,600 noenhanced
}
set output outfile

set title title
set ylabel ylabel
# Every headline metric is non-negative; bars start at zero so their
# lengths compare honestly.
set yrange [0:*]
set xrange [-0.6:STATS_records - 0.4]
set style fill solid 0.5 border -1
set boxwidth 0.6
set grid ytics
set xtics rotate by -25 left
unset key

if (ci) {
    plot infile using 0:2:xtic(1) with boxes lc rgb "#4a7ab0", \
         infile using 0:2:3:4 with yerrorbars lc rgb "black" pt 0 lw 2
} else {
    plot infile using 0:2:xtic(1) with boxes lc rgb "#4a7ab0"
}

unset output
