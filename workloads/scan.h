/*
 * scan.h - a trace file as raw lines, each classified, for cutting slices
 * in the trace's own format (`offersim trace sample`).
 *
 * The readers turn lines into task records and lose the lines; a slice
 * must keep them as they are, header and comments included, so that it
 * is the same format and every reader field survives.  A scanner only
 * knows, per format, which lines are header or comments and where a data
 * line keeps its job and its time: enough to choose lines, not to replay
 * them.  A data line whose job or time field is malformed (or that has
 * the wrong number of fields) is reported as FILE:LINE:COL like a reader
 * does, or skipped and counted under lenient.
 *
 * One file at a time: a Google task_events directory is sampled part by
 * part.
 */
#ifndef OFFERSIM_WL_SCAN_H
#define OFFERSIM_WL_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "../sim/core/simtime.h"

struct diag;
struct wl_stats;

enum wl_line_kind {
	WL_LINE_KEEP,       /* header or comment: belongs in every slice */
	WL_LINE_DATA,       /* a record (Google: an event) */
	WL_LINE_BLANK,      /* nothing: dropped */
};

struct wl_line {
	enum wl_line_kind kind;
	const char *text;   /* the line without its end of line; valid until
			       the next wl_scan_next() */
	size_t len;
	long lineno;
	int64_t job;        /* DATA: the offersim job the line belongs to */
	simtime_t time;     /* DATA: submit (Google: event) time in the
			       trace's own clock, not rebased */
};

struct wl_scan;

/* What a format's lines are like, for choosing among them. */
struct wl_scan_traits {
	const char *comment;    /* the prefix of a comment line, or NULL
				   when the format has none */
	int interleaved;        /* lines of different jobs may alternate
				   (csv, google2011) */
	int spans_time;         /* a job's lines reach far past its first
				   (google2011: events until the tasks end) */
	int ordered;            /* data lines are in non-decreasing time
				   (all but csv, where only each
				   framework's rows are) */
};

/*
 * Open path, in format (the name of a format with a scanner:
 * wl_format_names(WL_FMT_SCAN)).  Returns 0 and sets *out, or a negative
 * code after reporting through d.
 */
int wl_scan_open(const char *path, const char *format, int lenient,
		 struct diag *d, struct wl_scan **out);

/* The next line: 1, 0 at the end, or a negative code (reported). */
int wl_scan_next(struct wl_scan *s, struct wl_line *out);

const struct wl_scan_traits *wl_scan_traits(const struct wl_scan *s);

/* Lines skipped under lenient, and bytes read (struct wl_stats). */
void wl_scan_stats(const struct wl_scan *s, struct wl_stats *out);

/* Close and free; NULL is a no-op. */
void wl_scan_close(struct wl_scan *s);

#endif
