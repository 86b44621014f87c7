/*
 * tracefile.c - the common ground of the real-trace readers (see
 * tracefile.h): open and read lines through linereader.c, split fields,
 * parse numbers, report errors with position and caret.
 */
#include "tracefile.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/core/fmt.h"
#include "../sim/config/scenario.h"
#include "source.h"

/* What both ways of opening share: reset f, keep the path for messages and
 * open the file.  Returns OS_ENOMEM (reported) or 0 with *oserr set to
 * lr_open's result, which the caller reports against its own position. */
static int open_common(struct tr_file *f, const char *path, struct diag *d,
		       int *oserr)
{
	memset(f, 0, sizeof *f);
	f->d = d;
	if (!(f->path = strdup(path))) {
		diag_error(d, NULL, 0, 0, "out of memory opening a trace");
		return OS_ENOMEM;
	}
	*oserr = lr_open(&f->lr, path);
	return 0;
}

int tr_open(struct tr_file *f, const char *path, const struct scenario *sc,
	    int fw, struct diag *d)
{
	const struct workload_spec *wl = &sc->fws[fw].wl;
	int r;
	if (open_common(f, path, d, &r) < 0)
		return OS_ENOMEM;
	f->rn = &sc->res;
	if (r < 0) {
		diag_error(d, sc->file, wl->pos.line, wl->pos.col,
			   "cannot open trace '%s': %s", path, strerror(-r));
		tr_close(f);
		return OS_EIO;
	}
	f->lenient = wl->lenient;
	return 0;
}

int tr_open_workload(struct tr_file *f, const struct scenario *sc, int fw,
		     struct diag *d)
{
	return tr_open(f, tr_workload_path(sc, fw), sc, fw, d);
}

const char *tr_workload_path(const struct scenario *sc, int fw)
{
	const char *path = sc->fws[fw].wl.trace;
	return path ? path : "";
}

void *tr_alloc(size_t size, struct diag *d)
{
	void *p = calloc(1, size);
	if (!p)
		diag_error(d, NULL, 0, 0, "out of memory opening a trace");
	return p;
}

int tr_field_is(const struct tr_field *x, const char *s)
{
	return (size_t)x->len == strlen(s) && memcmp(x->s, s, (size_t)x->len) == 0;
}

void tr_stats(const struct tr_file *f, struct wl_stats *out)
{
	out->skipped_lines = f->skipped;
	out->bytes_read = lr_offset(&f->lr);
}

int tr_open_file(struct tr_file *f, const char *path, int lenient,
		 struct diag *d)
{
	int r;
	if (open_common(f, path, d, &r) < 0)
		return OS_ENOMEM;
	if (r < 0) {
		diag_error(d, path, 0, 0, "cannot open trace: %s",
			   strerror(-r));
		tr_close(f);
		return OS_EIO;
	}
	f->lenient = lenient;
	return 0;
}

int tr_skip(struct tr_file *f, int r)
{
	if (r != OS_EPARSE || !f->lenient || f->fatal) {
		f->failed = 1;
		return 0;
	}
	f->skipped++;
	f->failed = 0;
	return 1;
}

void tr_close(struct tr_file *f)
{
	lr_close(&f->lr);
	free(f->path);
	free(f->fld);
	f->path = NULL;
	f->fld = NULL;
	f->fcap = f->nfld = 0;
}

static int line_no(const struct tr_file *f)
{
	return f->lr.lineno > INT_MAX ? INT_MAX : (int)f->lr.lineno;
}

int tr_next_line(struct tr_file *f)
{
	const char *why = NULL;
	int r = lr_next(&f->lr, &why);
	if (r < 0) {
		diag_error(f->d, f->path, line_no(f) + 1, 0, "read error: %s",
			   why ? why : "unknown");
		f->failed = 1;
	}
	return r;
}

void tr_fatal(struct tr_file *f, int col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error_src(f->d, f->path, line_no(f), col, f->lr.line, "%s", msg);
	f->failed = 1;
	f->fatal = 1;
	f->muted = 0;
}

void tr_error(struct tr_file *f, int col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	f->failed = 1;
	if (!f->lenient) {
		diag_error_src(f->d, f->path, line_no(f), col, f->lr.line,
			       "%s", msg);
		f->muted = 0;
		return;
	}
	/* tr_skip() counts the line after this report, so `skipped` is the
	 * number of bad lines before this one. */
	f->muted = f->skipped >= TR_LENIENT_SHOWN || f->d->quiet_warnings;
	if (f->skipped < TR_LENIENT_SHOWN)
		diag_warn_src(f->d, f->path, line_no(f), col, f->lr.line,
			      "%s (line skipped)", msg);
	else if (f->skipped == TR_LENIENT_SHOWN)
		diag_warn(f->d, f->path, line_no(f), 0,
			  "more malformed lines; they are skipped and counted "
			  "without further messages");
}

void tr_note(struct tr_file *f, const char *fmt, ...)
{
	if (f->muted)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_note(f->d, "%s", msg);
}

static int is_blank(int ch)
{
	return ch == ' ' || ch == '\t';
}

/* Room for one more field: the array doubles (the rare case, kept out
 * of push's way). */
static int grow_fields(struct tr_file *f)
{
	int ncap = f->fcap ? f->fcap * 2 : 32;
	struct tr_field *n = realloc(f->fld, sizeof *n * (size_t)ncap);
	if (!n) {
		diag_error(f->d, f->path, line_no(f), 0,
			   "out of memory splitting a line");
		f->failed = 1;
		return OS_ENOMEM;
	}
	f->fld = n;
	f->fcap = ncap;
	return 0;
}

static inline int push(struct tr_file *f, const char *s, const char *t)
{
	if (f->nfld == f->fcap && grow_fields(f) < 0)
		return OS_ENOMEM;
	struct tr_field *x = &f->fld[f->nfld++];
	long off = (long)(s - f->lr.line) + 1;
	x->s = s;
	x->len = t - s > INT_MAX ? INT_MAX : (int)(t - s);
	x->col = off > INT_MAX ? INT_MAX : (int)off;
	return 0;
}

/* For the blank-separated split: 1 for a blank, 2 for NUL (the line's
 * terminator, or a NUL byte inside it), 0 for the rest. */
static const unsigned char blank_class[256] = {
	[0] = 2, [' '] = 1, ['\t'] = 1,
};

int tr_split(struct tr_file *f, char sep)
{
	const char *p = f->lr.line, *end = p + f->lr.len;
	f->nfld = 0;
	if (!sep) {
		/* The line is NUL-terminated (linereader.h), so the scans
		 * stop at its end without counting; a NUL byte before the
		 * end is part of a field, as any other non-blank. */
		for (;;) {
			while (blank_class[(unsigned char)*p] == 1)
				p++;
			if (p >= end)
				return f->nfld;
			const char *s = p;
			for (;;) {
				while (blank_class[(unsigned char)*p] == 0)
					p++;
				if (*p || p >= end)
					break;
				p++;
			}
			if (push(f, s, p) < 0)
				return OS_ENOMEM;
		}
	}
	for (;;) {
		/* Most fields are a few bytes (a Google event line has
		 * thirteen in about a hundred), shorter than what a memchr
		 * call costs to set up: a byte loop for the first 16, memchr
		 * past them. */
		const char *e = p, *lim = end - p > 16 ? p + 16 : end;
		while (e < lim && *e != sep)
			e++;
		if (e == lim && lim < end) {
			e = memchr(lim, sep, (size_t)(end - lim));
			if (!e)
				e = end;
		}
		const char *s = p, *t = e;
		while (s < t && is_blank((unsigned char)*s))
			s++;
		while (t > s && is_blank((unsigned char)t[-1]))
			t--;
		if (push(f, s, t) < 0)
			return OS_ENOMEM;
		if (e == end)
			return f->nfld;
		p = e + 1;
	}
}

int tr_bad_field(struct tr_file *f, int i, const char *name, const char *want)
{
	const struct tr_field *x = &f->fld[i];
	tr_error(f, x->col, "'%s' (field %d) must be %s, got '%.*s'%s", name,
		 i + 1, want, TR_QUOTE_LEN(x->len), x->s,
		 x->len > TR_QUOTE_MAX ? "..." : "");
	return OS_EPARSE;
}

int tr_check_res(struct tr_file *f, int i, const char *name, double v)
{
	if (resq_in_range(v))
		return 0;
	const struct tr_field *x = &f->fld[i];
	tr_error(f, x->col, "'%s' (field %d) is too large: '%.*s'%s gives %g, "
		 "and a quantity must be below 2^53 thousandths (%.0f)", name,
		 i + 1, TR_QUOTE_LEN(x->len), x->s,
		 x->len > TR_QUOTE_MAX ? "..." : "", v,
		 (double)RESQ_LIMIT / RES_SCALE);
	return OS_EPARSE;
}

int tr_check_sec(struct tr_file *f, int i, const char *name, double s)
{
	if (simtime_sec_ok(s))
		return 0;
	const struct tr_field *x = &f->fld[i];
	tr_error(f, x->col, "'%s' (field %d) is out of range: '%.*s'%s gives "
		 "%g s, and times and durations must be within +-%g s", name,
		 i + 1, TR_QUOTE_LEN(x->len), x->s,
		 x->len > TR_QUOTE_MAX ? "..." : "", s, SIMTIME_INPUT_MAX_SEC);
	return OS_EPARSE;
}

int tr_is_empty(const struct tr_file *f, int i)
{
	return f->fld[i].len == 0;
}

/* The decimal digits from p on, appended to *n (no overflow check:
 * callers bound the length); returns where they stop. */
static const char *read_digits(const char *p, const char *end, uint64_t *n)
{
	uint64_t x = *n;
	while (p < end && *p >= '0' && *p <= '9')
		x = x * 10 + (uint64_t)(*p++ - '0');
	*n = x;
	return p;
}

int tr_num_any(const struct tr_file *f, int i, double *v)
{
	const struct tr_field *x = &f->fld[i];
	if (x->len == 0)
		return -1;
	/* Most fields of a trace are plain integers (SWF has nothing else).
	 * One of at most 15 digits is exact as a double, so reading it here
	 * gives the very value strtod returns ("-0" included), at a fraction
	 * of the cost; strtod reads the rest.  A field ends at a separator,
	 * a blank or the end of the line, none of which can continue a
	 * number, so strtod would have stopped where the field ends too. */
	const char *p = x->s, *end = x->s + x->len;
	int neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	if (end - p >= 1 && end - p <= 15) {
		uint64_t n = 0;
		const char *q = read_digits(p, end, &n);
		if (q == end) {
			*v = neg ? -(double)n : (double)n;
			return 0;
		}
		/* A plain decimal ("0.0625", "5.", ".5") of at most 15
		 * digits is n / 10^k with both exact as doubles, so one
		 * division, correctly rounded, is the correctly rounded value
		 * strtod returns (Clinger's fast path). */
		if (q < end && *q == '.') {
			const char *r = read_digits(q + 1, end, &n);
			int k = (int)(r - q - 1), digits = (int)(q - p) + k;
			if (r == end && digits >= 1) {
				static const double p10[16] = {
					1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
					1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
				};
				double d = (double)n / p10[k];
				*v = neg ? -d : d;
				return 0;
			}
		}
	}
	char *e;
	/* Decimal only: strtod would also take hexadecimal ("0x1p4"),
	 * which no trace format documents. */
	if (memchr(x->s, 'x', (size_t)x->len) || memchr(x->s, 'X', (size_t)x->len))
		return -1;
	*v = strtod(x->s, &e);
	return e == x->s + x->len && isfinite(*v) ? 0 : -1;
}

int tr_int_any(const struct tr_file *f, int i, long long *v)
{
	const struct tr_field *x = &f->fld[i];
	if (x->len == 0)
		return -1;
	/* Digits only, at most 18 of them, cannot overflow: read here, the
	 * value strtoll gives; anything else (a blank, more digits) goes to
	 * strtoll. */
	const char *p = x->s, *end = x->s + x->len;
	int neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	if (end - p >= 1 && end - p <= 18) {
		uint64_t n = 0;
		if (read_digits(p, end, &n) == end) {
			*v = neg ? -(long long)n : (long long)n;
			return 0;
		}
	}
	char *e;
	errno = 0;
	*v = strtoll(x->s, &e, 10);
	return e == x->s + x->len && errno != ERANGE ? 0 : -1;
}

void tr_set_res(struct tr_file *f, struct wl_task *t, const char *name,
		double v)
{
	int i = res_find(f->rn, name);
	if (i >= 0) {
		t->res[i] = resq_from_double(v);
		return;
	}
	if (v <= 0)
		return;
	/* Bits by name: the formats use a handful of fixed names. */
	static const char *const known[] = {"cpus", "mem", "gpus", "disk"};
	unsigned bit = 1u << 4;
	for (unsigned k = 0; k < 4; k++)
		if (strcmp(name, known[k]) == 0)
			bit = 1u << k;
	if (f->warned_res & bit)
		return;
	f->warned_res |= bit;
	diag_warn(f->d, f->path, line_no(f), 0,
		  "the trace demands '%s', which no agent provides; that "
		  "demand is ignored", name);
}

const char *tr_fmt_sec(long long us, char *buf, unsigned long size)
{
	snprintf(buf, size, "%.6f", (double)us / 1e6);
	return fmt_trim_zeros(buf);
}

int tr_check_order(struct tr_file *f, int col, simtime_t submit,
		   const char *what, const char *key)
{
	if (f->checked > 0 && submit < f->last_submit) {
		char now[32], before[32];
		tr_error(f, col, "%s is not sorted by %s: %s s comes after %s s on line %ld",
			 what, key, tr_fmt_sec(submit, now, sizeof now),
			 tr_fmt_sec(f->last_submit, before, sizeof before),
			 f->last_line);
		return OS_EPARSE;
	}
	f->last_submit = submit;
	f->last_line = f->lr.lineno;
	f->checked++;
	return 0;
}
