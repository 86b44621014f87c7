# terminal.gp - the output every plot script shares, loaded by them as
#   load plotdir . "/terminal.gp"
# after setting width and height (pixels) and optionally fontsize.
#
# fmt picks the format: "png" (the default) through pngcairo, which draws
# antialiased lines, with plain png (libgd) as the fallback for a gnuplot
# built without cairo; or "svg", scalable, with a white background so it
# reads the same as the PNG on a dark page.  SVG text stays text, so a
# test (and a reader's search) can find titles and axis labels in it.
# outfile is opened here, so the caller only draws.

if (!exists("fmt")) { fmt = "png" }
if (!exists("fontsize")) { fontsize = 11 }
if (fmt eq "svg") {
    set terminal svg size width,height dynamic noenhanced \
        font sprintf("sans,%d", fontsize) background rgb "white"
} else {
    if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
        set terminal pngcairo size width,height noenhanced font sprintf(",%d", fontsize)
    } else {
        set terminal png size width,height noenhanced
    }
}
set output outfile
