/*
 * plot.h - render a run's plots with gnuplot, from the scripts in plots/.
 *
 * Plots are optional: without gnuplot the data files are the result and
 * one warning line says why there are no pictures.  Each PNG is drawn to a
 * temporary name and renamed when gnuplot succeeded.
 */
#ifndef OFFERSIM_PLOT_H
#define OFFERSIM_PLOT_H

#include <stddef.h>
#include <stdio.h>

/* Is gnuplot on PATH? */
int plot_available(void);

/* The directory holding the plot scripts, or NULL when none is found.
 * OFFERSIM_PLOTS in the environment overrides the built-in places. */
const char *plot_script_dir(void);

/* Append text to the string in dst (of size bytes) as a gnuplot
 * single-quoted literal ('' stands for one quote). */
void plot_quote_append(char *dst, size_t size, const char *text);

/*
 * Run `gnuplot -e expr script`, never through a shell.  Returns 0 when
 * gnuplot succeeded; otherwise its first error line goes to err (if not
 * NULL) as a warning naming label, and -1 is returned.
 */
int plot_gnuplot(const char *script, const char *expr, const char *label,
		 FILE *err);

/* The picture formats, as a mask: --plot-format png, svg or both. */
enum { PLOT_PNG = 1, PLOT_SVG = 2 };

/* The mask a --plot-format word names, or -1 (the words: png, svg, both). */
int plot_format_parse(const char *s);

/* "png" or "svg", the file extension of one format bit. */
const char *plot_format_ext(int bit);

/* Room for any expression plot_expression builds (paths included). */
#define PLOT_EXPR_MAX 16384

/* Time bins of a banded utilization plot. */
#define PLOT_BINS 300

struct jr_value;

/*
 * The title of a run's plots, from its summary.json: scenario, seed,
 * allocator and the frameworks' policies ("seed-hadoop, seed 1:
 * allocator drf, policy fifo"; "...: allocator drf; a fifo, b sjf" when
 * they differ), so a picture says what was run, not only its name.
 */
void plot_run_title(const struct jr_value *summary, char *buf, size_t size);

/*
 * The `gnuplot -e` expression for one of a run's plots ("utilization",
 * "wait_cdf", "shares", "gantt", "queue"): infile, outfile, fmt
 * ("png"/"svg"), plotdir (where terminal.gp is), title; tscale, tunit
 * and tend (the time unit in seconds, its name, the run's end in
 * seconds: numfmt.h's unit for the run's length); for wait_cdf also
 * wscale, wunit (the unit of the longest wait) and ccdf (1 when at least
 * half the tasks waited 0 s: the script then draws P(wait > x) on a log
 * scale); for utilization banded (infile holds plot_bin_steps' bins).
 * Returns 0, or -1 when expr (size bytes) is too small.
 */
int plot_expression(const char *plot, const struct jr_value *summary,
		    const char *infile, const char *outfile, const char *fmt,
		    const char *scriptdir, int banded, char *expr, size_t size);

/*
 * Bin a step file (utilization.csv, shares.csv: a header, then rows of a
 * time and values that hold until the next row's time) into nbins equal
 * bins over [0, tend]: one row per bin, its middle time and per column
 * the time-weighted mean, the min and the max of the values held in it
 * (NaN when nothing was).  Tab-separated, after a header row (time,
 * NAME, NAME.min, NAME.max, ...).  only > 0 keeps value column only
 * (1 is the first after the time) and drops the others.  Returns 0, or
 * -1 when csv cannot be read or lacks the columns.
 */
int plot_bin_steps(const char *csv, FILE *out, int nbins, double tend, int only);

/* Split a CSV line in place at its commas (the line ends at its first
 * CR or LF); returns the number of fields, at most max. */
int plot_csv_fields(char *line, char **f, int max);

/*
 * Prepare plot's input (wait_cdf, gantt, queue or shares) from its CSV:
 * write to out, in plain columns, what the script's `using` expressions
 * would compute per row (times in the unit tscale seconds, waits in
 * wscale seconds), and append to expr (size bytes) "; prepared=1" and
 * the values the script's stats passes would find, so that gnuplot
 * draws the same picture from one read and no per-row arithmetic
 * (sim/cli/plotprep.c says what each file holds).  Returns 1 when
 * prepared; 0 when this plot is not prepared or the CSV is not as
 * expected (expr is then unchanged and the script reads the CSV).
 */
int plot_prepare(const char *plot, const char *csv, FILE *out, double tscale,
		 double wscale, char *expr, size_t size);

/*
 * Draw utilization, wait_cdf, shares, gantt and queue into dir from the
 * CSV files and summary.json there, as .png, .svg or both (formats, a
 * mask).  Returns the number of pictures written; problems are one
 * warning line each on err.
 */
int plot_run(const char *dir, int formats, FILE *err);

#endif
