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

/*
 * Draw utilization.png, wait_cdf.png, shares.png, gantt.png and queue.png
 * into dir from the CSV files there.  Returns the number of plots written; problems are one
 * warning line each on err.
 */
int plot_run(const char *dir, const char *title, FILE *err);

#endif
