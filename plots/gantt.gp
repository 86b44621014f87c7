# gantt.gp - the Gantt chart of a run as a PNG, from gantt.csv.
#
# The simulator runs
#   gnuplot -e "infile='DIR/gantt.csv'; outfile='DIR/.x.png.tmp'; fmt='png'; plotdir='plots'; title='...'; tscale=60; tunit='min'; tend=5400" plots/gantt.gp
# and renames outfile once gnuplot exits 0.  gantt.svg is the same chart
# drawn by the simulator itself (with a tooltip per bar); this PNG is for
# places that want a bitmap, drawn with the other plots' tool.
#
# Input: CSV with a header row,
#   row,lane,agent,framework,job_id,task_id,priority,start,end,colour,running
# one row per bar.  Each chart row (an agent, or a group of agents) is
# split into as many lanes as the busiest row needs; a bar fills its lane
# from start to end, in colour (0..9, the SVG's palette).  The time unit
# (tscale s, named tunit) is the simulator's pick for the run's length,
# and the axis runs from the first bar to the run's end (tend s); without
# them the unit is picked from the bars' span.
#
# The simulator runs it with prepared=1 (sim/cli/plotprep.c): infile then
# holds each bar's box already computed (x, y, dx, dy, colour), and
# nrows, nlanes, t0, t1 and the row labels (array lab) come with -e, so
# gnuplot reads one file once and evaluates nothing per bar.  The picture
# is the same bytes either way.

if (!exists("infile") || !exists("outfile")) {
    print "gantt.gp: set infile and outfile with -e"
    exit status 2
}
if (!exists("title")) { title = "" }
if (!exists("plotdir")) { plotdir = "plots" }

set datafile separator ","

prepared = exists("prepared") && prepared
if (!prepared) {
    undefine STATS_*
    stats infile using 1 nooutput
    if (!exists("STATS_records") || STATS_records < 1) {
        print sprintf("gantt.gp: no bars in %s", infile)
        exit status 1
    }
    nrows = STATS_max + 1
    stats infile using 2 nooutput
    nlanes = STATS_max + 1
    stats infile using 8 nooutput
    t0 = STATS_min
    stats infile using 9 nooutput
    t1 = STATS_max
}
if (exists("tend") && tend > t1) { t1 = tend }
span = t1 - t0
if (!exists("tscale")) {
    tscale = span >= 172800 ? 86400 : span >= 7200 ? 3600 : span >= 120 ? 60 : 1
    tunit = tscale == 1 ? "s" : tscale == 60 ? "min" : tscale == 3600 ? "h" : "d"
}
unit = tscale
uname = tunit

width = 1000; height = 500; fontsize = 10
load plotdir . "/terminal.gp"

# The SVG's palette (Tableau 10), as line types 1..10.
array pal[10] = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", \
                 "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
do for [i=1:10] { set linetype i linecolor rgb pal[i] }

set title title . ": tasks on agents"
set xlabel sprintf("time (%s)", uname)
set xrange [t0/unit:t1/unit]
set yrange [nrows:0]
# One tic per row, named by the agent of its first bar seen (the SVG
# names a group's first and last agent).
if (!prepared) {
    array lab[nrows]
    do for [i=1:nrows] { lab[i] = "" }
    stats [*:*][*:*] infile using (valid(1) && lab[int($1)+1] eq "" ? (lab[int($1)+1] = strcol(3), 0) : 0):(0) nooutput
}
set ytics scale 0 ()
do for [i=1:nrows] { set ytics add (lab[i] i-0.5) }
set grid xtics
unset key
set style fill solid 0.9 border rgb "white"
h = 0.9 / nlanes
# A box per bar: centre, half width, half height, colour.  Prepared,
# the five columns are these values already.
B = prepared ? "1:2:3:4:5" : \
    "(($8+$9)/2/unit):($1 + 0.05 + ($2 + 0.5)*h):(($9-$8)/2/unit):(h/2):($10+1)"
plot infile using @B with boxxyerror linecolor variable

unset output
