/*
 * scanner.h - private to workloads/: what a format's line classifier (the
 * scan member of its struct wl_format, in the format's own file) shares
 * with scan.c, for `offersim trace sample`.
 *
 * scan.c reads the lines, drops blank ones, keeps comment lines (those
 * starting with the traits' comment prefix) and counts the data lines; a
 * classifier looks at every other line (s->f, already read and split at
 * the format's separator into s->f.fld, n fields) and says what it is: it sets out->kind to WL_LINE_KEEP for a
 * header or comment line, or leaves it WL_LINE_DATA and sets out->job and
 * out->time.  Only the job and the time are parsed, and the line's field
 * count checked, since a slice copies lines rather than records.  A bad
 * data line is reported through the helpers below (or tr_error()) and
 * returns OS_EPARSE, which lenient skips; a bad header is reported with
 * tr_fatal(), which it does not.
 */
#ifndef OFFERSIM_WL_SCANNER_H
#define OFFERSIM_WL_SCANNER_H

#include "scan.h"
#include "tracefile.h"

struct wl_scan {
	struct tr_file f;
	const struct wl_scan_format *fmt;
	int have_header;            /* a header line was read */
	int ncols;                  /* fields per data line (header's) */
	int job_col, time_col;      /* from the header, for formats that
				       name their columns */
	long rows;                  /* data lines so far */
};

struct wl_scan_format {
	/* Classify the current line of s, split into n fields, into *out
	 * (see above): 0 or a negative code. */
	int (*classify)(struct wl_scan *s, int n, struct wl_line *out);
	char sep;                   /* field separator; 0: runs of blanks */
	struct wl_scan_traits traits;
};

/* Whether the current line's first character that is not blank is c. */
int wl_scan_starts_with(const struct tr_file *f, char c);

/* The field count n of a data line: exactly want, or at least want;
 * 0, or OS_EPARSE after reporting. */
int wl_scan_count(struct tr_file *f, int n, int want, int at_least);

/* Field i (called name) as out->job: a non-negative integer. */
int wl_scan_job(struct tr_file *f, int i, const char *name,
		struct wl_line *out);

/* Field i (called name) as out->time: seconds; negative only when neg
 * (Alibaba's create times). */
int wl_scan_sec(struct tr_file *f, int i, const char *name, int neg,
		struct wl_line *out);

#endif
