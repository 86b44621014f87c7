/*
 * scan.c - classify the raw lines of a trace file (see scan.h): the loop
 * over the lines, and the helpers the formats' classifiers share
 * (scanner.h).
 *
 * Each format's classifier lives in its own file, next to the reader
 * whose field positions it repeats, and is found through the format table
 * (the scan member of struct wl_format).
 */
#include "scanner.h"

#include <stdlib.h>
#include <string.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "formats.h"
#include "source.h"

static int is_blank_line(const struct tr_file *f)
{
	for (size_t i = 0; i < f->lr.len; i++)
		if (f->lr.line[i] != ' ' && f->lr.line[i] != '\t')
			return 0;
	return 1;
}

int wl_scan_starts_with(const struct tr_file *f, char c)
{
	size_t i = 0;
	while (i < f->lr.len && (f->lr.line[i] == ' ' || f->lr.line[i] == '\t'))
		i++;
	return i < f->lr.len && f->lr.line[i] == c;
}

int wl_scan_count(struct tr_file *f, int n, int want, int at_least)
{
	if (n == want || (at_least && n > want))
		return 0;
	tr_error(f, n > want ? f->fld[want].col : (int)f->lr.len + 1,
		 "expected %s%d fields, got %d", at_least ? "at least " : "",
		 want, n);
	return OS_EPARSE;
}

int wl_scan_job(struct tr_file *f, int i, const char *name,
		struct wl_line *out)
{
	long long v;
	if (tr_int(f, i, &v) < 0 || v < 0)
		return tr_bad_field(f, i, name, "a non-negative integer");
	out->job = v;
	return 0;
}

int wl_scan_sec(struct tr_file *f, int i, const char *name, int neg,
		struct wl_line *out)
{
	double v;
	if (tr_num(f, i, &v) < 0 || (!neg && v < 0) || v > 9e12 || v < -9e12)
		return tr_bad_field(f, i, name, neg ? "a number"
				    : "a non-negative number");
	out->time = simtime_from_sec(v);
	return 0;
}

int wl_scan_open(const char *path, const char *format, int lenient,
		 struct diag *d, struct wl_scan **out)
{
	*out = NULL;
	const struct wl_format *wf = wl_format_find(format);
	const struct wl_scan_format *fmt = wf ? wf->scan : NULL;
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
		const char *comment = s->fmt->traits.comment;
		if (comment && wl_scan_starts_with(f, comment[0])) {
			out->kind = WL_LINE_KEEP;
			return 1;
		}
		out->kind = WL_LINE_DATA;
		r = tr_split(f, s->fmt->sep);
		if (r >= 0)
			r = s->fmt->classify(s, r, out);
		if (r < 0) {
			if (tr_skip(f, r))
				continue;
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
	tr_stats(&s->f, out);
}

void wl_scan_close(struct wl_scan *s)
{
	if (!s)
		return;
	tr_close(&s->f);
	free(s);
}
