# compare_bars.gp - one headline metric across configurations: a bar per
# configuration at its mean over the seeds, with the 95% confidence
# interval as an error bar.
#
# offersim compare runs
#   gnuplot -e "outfile='DIR/.x.png.tmp'; infile='DIR/.bars.dat.tmp'; title='...'; ylabel='...'; ci=1" plots/compare_bars.gp
# (with fmt='png' or 'svg' and plotdir, the scripts' directory) and renames
# outfile once gnuplot exits 0, so this script exits non-zero
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
nbars = STATS_records
# The top of the highest error bar, so no interval is cut by the frame.
stats infile using 4 nooutput
ytop = STATS_max

if (!exists("plotdir")) { plotdir = "plots" }
width = 1000; height = 600
load plotdir . "/terminal.gp"

set title title
set ylabel ylabel
# Every headline metric is non-negative; bars start at zero so their
# lengths compare honestly.
set yrange [0:(ytop > 0 ? ytop * 1.08 : 1)]
set xrange [-0.6:nbars - 0.4]
set style fill solid 0.5 border -1
set boxwidth 0.6
set grid ytics
set xtics rotate by -25 left
# Room on the right for the last label, which runs past its bar.
set rmargin 16
unset key

if (ci) {
    plot infile using 0:2:xtic(1) with boxes lc rgb "#4a7ab0", \
         infile using 0:2:3:4 with yerrorbars lc rgb "black" pt 0 lw 2
} else {
    plot infile using 0:2:xtic(1) with boxes lc rgb "#4a7ab0"
}

unset output
