/*
 * report.h - self-contained HTML reports (report.html) for a run, a
 * comparison and a sweep.
 *
 * A report is one file that can be mailed or archived: no network, no
 * external files.  Plots are embedded as PNG data URIs (base64), the
 * scenario YAML is shown HTML-escaped, and the offersim version and the
 * seeds are stated so the numbers can be reproduced.  When gnuplot is
 * missing the report is still written, with a note at the top saying why
 * it has no pictures.  A report holds no timestamps or machine paths
 * beyond those the user typed, so the same inputs give the same bytes.
 *
 * Build one with report_new, add parts in reading order, then
 * report_write.  Allocation failures are remembered and reported by
 * report_write, so callers need not check every call.
 */
#ifndef OFFERSIM_REPORT_H
#define OFFERSIM_REPORT_H

#include <stddef.h>
#include <stdio.h>

struct report;
struct cfg_override;

struct report *report_new(const char *title);
void report_free(struct report *r);

/* A highlighted note shown at the top, under the title (text is escaped). */
void report_note(struct report *r, const char *text);

void report_heading(struct report *r, const char *text);
/* A heading one level below (h3), for parts of a section. */
void report_heading3(struct report *r, const char *text);

/* A paragraph; the formatted text is HTML-escaped. */
void report_para(struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * A table of nrows x ncols cells (row-major, escaped); head has ncols
 * entries; strong (may be NULL) marks cells drawn in bold, e.g. the best
 * value of a column.  The first column is left-aligned, others right.
 */
void report_table(struct report *r, int nrows, int ncols,
		  const char *const *head, const char *const *cells,
		  const unsigned char *strong);

/* Preformatted text, escaped. */
void report_pre(struct report *r, const char *text);

/* The `--set` overrides given to every run of a grid, one per line under
 * a caption; nothing when n is 0. */
void report_overrides(struct report *r, const char *const *sets, int n);

/* The contents of a text file as preformatted text under a caption;
 * returns < 0 (and says so in the report) when it cannot be read. */
int report_file(struct report *r, const char *caption, const char *path);

/* Embed a picture as a data URI: an SVG when the name ends in .svg, else
 * a PNG; returns < 0, adding nothing, when the file cannot be read. */
int report_image(struct report *r, const char *png, const char *alt);

/* Write dir/report.html through a temporary name.  Returns 0 or < 0. */
int report_write(struct report *r, const char *dir);

/*
 * Base64 (RFC 4648, with padding) of in[0..n) into out, which must hold
 * 4 * ((n + 2) / 3) + 1 bytes; returns the length written (without NUL).
 */
size_t report_base64(const unsigned char *in, size_t n, char *out);

/*
 * The report of one finished `offersim run` directory: scenario (the file
 * as given, and the --set overrides), summary tables from summary.json
 * (task and job waits and responses, counts, span utilization, offered
 * load, offers, per framework), every plot present (its SVG when there
 * is one, else its PNG) and the Gantt chart.  Numbers follow numfmt.h.  plots_wanted is 0 after --no-plots, which the note
 * then names instead of gnuplot.  With a run_id (rundir.h), summary.json
 * and each plot are used only when DIR's manifest lists them under that
 * id, so a stale picture of an earlier run is never embedded.  Returns 0
 * or < 0 (one line on err).
 */
int report_run(const char *dir, const char *scenario,
	       const struct cfg_override *ov, int nov, int plots_wanted,
	       const char *run_id, FILE *err);

/* The note for a report without plots, or NULL when plots can be drawn. */
const char *report_plot_note(int plots_wanted);

#endif
