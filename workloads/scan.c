/*
 * scan.c - classify the raw lines of a trace file (see scan.h).
 *
 * One row per format: its traits and a function that looks at the current
 * line.  The field positions repeat what each reader documents at its top
 * (swf.c, google2011.c, alibaba2017.c, alibaba_gpu2023.c, csv.c); only the
 * job and the time are parsed, and the line's field count checked, since
 * a slice copies lines rather than records.
 */
#include "scan.h"

#include <stdlib.h>
#include <string.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "source.h"
#include "tracefile.h"

struct wl_scan;
typedef int classify_fn(struct wl_scan *s, struct wl_line *out);

struct scan_format {
	const char *name;
	classify_fn *classify;
	struct wl_scan_traits traits;
};

struct wl_scan {
	struct tr_file f;
	const struct scan_format *fmt;
	int have_header;            /* csv, alibaba_gpu2023: header read */
	int ncols;                  /* fields per data line (header's) */
	int job_col, time_col;      /* csv, alibaba_gpu2023: from the header */
	long rows;                  /* data lines so far */
};

static int is_blank_line(const struct tr_file *f)
{
	for (size_t i = 0; i < f->lr.len; i++)
		if (f->lr.line[i] != ' ' && f->lr.line[i] != '\t')
			return 0;
	return 1;
}

static int starts_with(const struct tr_file *f, char c)
{
	size_t i = 0;
	while (i < f->lr.len && (f->lr.line[i] == ' ' || f->lr.line[i] == '\t'))
		i++;
	return i < f->lr.len && f->lr.line[i] == c;
}

static int field_is(const struct tr_field *x, const char *s)
{
	return (size_t)x->len == strlen(s) && memcmp(x->s, s, (size_t)x->len) == 0;
}

/* The field count of a data line: exactly want, or at least want. */
static int check_count(struct tr_file *f, int n, int want, int at_least)
{
	if (n == want || (at_least && n > want))
		return 0;
	tr_error(f, n > want ? f->fld[want].col : (int)f->lr.len + 1,
		 "expected %s%d fields, got %d", at_least ? "at least " : "",
		 want, n);
	return OS_EPARSE;
}

static int job_field(struct tr_file *f, int i, const char *name,
		     struct wl_line *out)
{
	long long v;
	if (tr_int(f, i, &v) < 0 || v < 0)
		return tr_bad_field(f, i, name, "a non-negative integer");
	out->job = v;
	return 0;
}

/* A time in seconds; negative only when neg (Alibaba's create times). */
static int sec_field(struct tr_file *f, int i, const char *name, int neg,
		     struct wl_line *out)
{
	double v;
	if (tr_num(f, i, &v) < 0 || (!neg && v < 0) || v > 9e12 || v < -9e12)
		return tr_bad_field(f, i, name, neg ? "a number"
				    : "a non-negative number");
	out->time = simtime_from_sec(v);
	return 0;
}

/* ';' comments (the header among them), then 18 or more fields: job
 * number, submit time (s), ... */
static int swf_line(struct wl_scan *s, struct wl_line *out)
{
	struct tr_file *f = &s->f;
	if (starts_with(f, ';'))
		return out->kind = WL_LINE_KEEP, 0;
	int n = tr_split(f, 0);
	if (n < 0)
		return n;
	if (check_count(f, n, 18, 1) < 0 || job_field(f, 0, "job number", out) < 0 ||
	    sec_field(f, 1, "submit time", 0, out) < 0)
		return OS_EPARSE;
	return 0;
}

/* 13 fields, no header: time (us), missing info, job id, ... */
static int google_line(struct wl_scan *s, struct wl_line *out)
{
	struct tr_file *f = &s->f;
	int n = tr_split(f, ',');
	if (n < 0)
		return n;
	long long t;
	if (check_count(f, n, 13, 0) < 0)
		return OS_EPARSE;
	if (tr_int(f, 0, &t) < 0 || t < 0)
		return tr_bad_field(f, 0, "time",
				    "a non-negative integer (microseconds)");
	out->time = t;
	return job_field(f, 2, "job id", out);
}

/* 8 fields: create time (s), end time, job id, task id (offersim's job),
 * ...; a first line that does not start with a number is a header. */
static int alibaba_line(struct wl_scan *s, struct wl_line *out)
{
	struct tr_file *f = &s->f;
	int n = tr_split(f, ',');
	if (n < 0)
		return n;
	double v;
	if (f->lr.lineno == 1 && n > 0 && tr_num(f, 0, &v) < 0)
		return out->kind = WL_LINE_KEEP, 0;
	if (check_count(f, n, 8, 0) < 0 ||
	    sec_field(f, 0, "create time", 1, out) < 0)
		return OS_EPARSE;
	return job_field(f, 3, "task id", out);
}

/* A header naming the columns; the time is creation_time, the job the
 * pod's position. */
static int gpu_line(struct wl_scan *s, struct wl_line *out)
{
	struct tr_file *f = &s->f;
	int n = tr_split(f, ',');
	if (n < 0)
		return n;
	if (!s->have_header) {
		s->have_header = 1;
		s->ncols = n;
		s->time_col = -1;
		for (int i = 0; i < n; i++)
			if (field_is(&f->fld[i], "creation_time"))
				s->time_col = i;
		if (s->time_col < 0) {
			tr_fatal(f, 1, "missing required column "
				 "'creation_time' in the pod list header");
			return OS_EPARSE;
		}
		return out->kind = WL_LINE_KEEP, 0;
	}
	if (check_count(f, n, s->ncols, 0) < 0 ||
	    sec_field(f, s->time_col, "creation_time", 0, out) < 0)
		return OS_EPARSE;
	out->job = s->rows;
	return 0;
}

/* '#' comments, then a header naming the columns (job_id and submit are
 * the ones needed here). */
static int csv_line(struct wl_scan *s, struct wl_line *out)
{
	struct tr_file *f = &s->f;
	if (starts_with(f, '#'))
		return out->kind = WL_LINE_KEEP, 0;
	int n = tr_split(f, ',');
	if (n < 0)
		return n;
	if (!s->have_header) {
		s->have_header = 1;
		s->ncols = n;
		s->job_col = s->time_col = -1;
		for (int i = 0; i < n; i++) {
			/* A spreadsheet's byte order mark before the first
			 * name, as the reader allows. */
			struct tr_field x = f->fld[i];
			if (i == 0 && x.len >= 3 && !memcmp(x.s, "\xEF\xBB\xBF", 3)) {
				x.s += 3;
				x.len -= 3;
			}
			if (field_is(&x, "job_id"))
				s->job_col = i;
			if (field_is(&x, "submit"))
				s->time_col = i;
		}
		if (s->job_col < 0 || s->time_col < 0) {
			tr_fatal(f, 1, "missing required column '%s'",
				 s->job_col < 0 ? "job_id" : "submit");
			return OS_EPARSE;
		}
		return out->kind = WL_LINE_KEEP, 0;
	}
	if (check_count(f, n, s->ncols, 0) < 0 ||
	    job_field(f, s->job_col, "job_id", out) < 0 ||
	    sec_field(f, s->time_col, "submit", 0, out) < 0)
		return OS_EPARSE;
	return 0;
}

static const struct scan_format scan_formats[] = {
	{"csv", csv_line, {"#", 1, 0, 0}},
	{"swf", swf_line, {";", 0, 0, 1}},
	{"google2011", google_line, {NULL, 1, 1, 1}},
	{"alibaba2017", alibaba_line, {NULL, 0, 0, 1}},
	{"alibaba_gpu2023", gpu_line, {NULL, 0, 0, 1}},
};

int wl_scan_open(const char *path, const char *format, int lenient,
		 struct diag *d, struct wl_scan **out)
{
	*out = NULL;
	const struct scan_format *fmt = NULL;
	for (size_t i = 0; i < sizeof scan_formats / sizeof scan_formats[0]; i++)
		if (strcmp(scan_formats[i].name, format) == 0)
			fmt = &scan_formats[i];
	if (!fmt) {
		diag_error(d, NULL, 0, 0, "no line scanner for format '%s'",
			   format);
		return OS_EINVAL;
	}
	struct wl_scan *s = calloc(1, sizeof *s);
	if (!s) {
		diag_error(d, NULL, 0, 0, "out of memory");
		return OS_ENOMEM;
	}
	s->fmt = fmt;
	int r = tr_open_file(&s->f, path, lenient, d);
	if (r < 0) {
		free(s);
		return r;
	}
	*out = s;
	return 0;
}

int wl_scan_next(struct wl_scan *s, struct wl_line *out)
{
	struct tr_file *f = &s->f;
	if (f->failed)
		return OS_EPARSE;
	for (;;) {
		int r = tr_next_line(f);
		if (r <= 0)
			return r;
		memset(out, 0, sizeof *out);
		out->text = f->lr.line;
		out->len = f->lr.len;
		out->lineno = f->lr.lineno;
		if (is_blank_line(f)) {
			out->kind = WL_LINE_BLANK;
			return 1;
		}
		out->kind = WL_LINE_DATA;
		r = s->fmt->classify(s, out);
		if (r < 0) {
			if (tr_skip(f, r))
				continue;
			f->failed = 1;
			return r;
		}
		if (out->kind == WL_LINE_DATA)
			s->rows++;
		return 1;
	}
}

const struct wl_scan_traits *wl_scan_traits(const struct wl_scan *s)
{
	return &s->fmt->traits;
}

void wl_scan_stats(const struct wl_scan *s, struct wl_stats *out)
{
	memset(out, 0, sizeof *out);
	out->skipped_lines = s->f.skipped;
	out->bytes_read = lr_offset(&s->f.lr);
}

void wl_scan_close(struct wl_scan *s)
{
	if (!s)
		return;
	tr_close(&s->f);
	free(s);
}
