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
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/* The field array doubles: the rare case, kept out of the splits' way. */
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

/* Field s..t, in room the caller made (field_room).  Offsets fit an int:
 * linereader.c keeps lines below INT32_MAX bytes. */
static inline void put_field(struct tr_file *f, const char *s, const char *t)
{
	struct tr_field *x = &f->fld[f->nfld++];
	x->s = s;
	x->len = (int)(t - s);
	x->col = (int)(s - f->lr.line) + 1;
}

/* put_field without the blanks at either end of s..t.  A blank is at
 * most ' ', so one comparison clears each end of nearly every field. */
static inline void push_trimmed(struct tr_file *f, const char *s, const char *t)
{
	if (s < t && ((unsigned char)*s <= ' ' ||
		      (unsigned char)t[-1] <= ' ')) {
		while (s < t && is_blank((unsigned char)*s))
			s++;
		while (t > s && is_blank((unsigned char)t[-1]))
			t--;
	}
	put_field(f, s, t);
}

/* Room for n more fields. */
static inline int field_room(struct tr_file *f, int n)
{
	while (f->fcap - f->nfld < n)
		if (grow_fields(f) < 0)
			return OS_ENOMEM;
	return 0;
}

/*
 * The bytes equal to sep among the SPLIT_STEP bytes at b, as a mask whose
 * trailing zeros, through MASK_BYTE, count bytes from b: 16 bytes in one
 * SSE2 comparison where the machine has it (every x86-64), else 8 as a
 * word (bytes_eq).
 */
#ifdef __SSE2__
#define SPLIT_STEP 16
#define MASK_BITS 1             /* bits of a mask per byte */
typedef uint32_t split_mask;
typedef __m128i split_sep;
#define MASK_BYTE(m) __builtin_ctz(m)

static inline split_mask sep_mask(const char *b, split_sep x)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)b);
	return (split_mask)_mm_movemask_epi8(_mm_cmpeq_epi8(v, x));
}

static inline split_sep sep_splat(char sep)
{
	return _mm_set1_epi8(sep);
}
#else
#define SPLIT_STEP 8
#define MASK_BITS 8
typedef uint64_t split_mask;
typedef uint64_t split_sep;
#define MASK_BYTE(m) (__builtin_ctzll(m) >> 3)

/* 0x80 in each byte of w that equals the byte repeated in x, 0 in the
 * others.  Exact, with no carry between bytes: for v = w ^ x, the top bit
 * of (v & 0x7f) + 0x7f, or v's own top bit, is set just when v's byte is
 * not zero.  The word is read first byte lowest whatever the byte order. */
static inline split_mask sep_mask(const char *b, split_sep x)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
	uint64_t w;
	memcpy(&w, b, sizeof w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	uint64_t v = w ^ x;
	return ~(((v & low7) + low7) | v | low7);
}

static inline split_sep sep_splat(char sep)
{
	return (uint64_t)(unsigned char)sep * 0x0101010101010101ull;
}
#endif

/* For the blank-separated split: 1 for a blank, 2 for NUL (the line's
 * terminator, or a NUL byte inside it), 0 for the rest. */
static const unsigned char blank_class[256] = {
	[0] = 2, [' '] = 1, ['\t'] = 1,
};

/* The blank-separated split (SWF): fields are the runs of bytes that are
 * neither ' ' nor '\t'.  The line is NUL-terminated (linereader.h), so
 * the scans stop at its end without counting; a NUL byte before the end
 * is part of a field, as any other non-blank.  A byte loop: SWF fields
 * are a few bytes apart, closer than a word at a time pays for. */
static int split_blank(struct tr_file *f, const char *p, const char *end)
{
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
		if (field_room(f, 1) < 0)
			return OS_ENOMEM;
		put_field(f, s, p);
	}
}

int tr_split(struct tr_file *f, char sep)
{
	const char *p = f->lr.line, *end = p + f->lr.len;
	f->nfld = 0;
	if (!sep)
		return split_blank(f, p, end);
	/* SPLIT_STEP bytes at a time: their separators are a mask, and a
	 * field costs a count of trailing zeros.  The last step may reach
	 * past the line's end, into the bytes linereader.h keeps readable
	 * there; its mask is cut at the end. */
	const split_sep x = sep_splat(sep);
	const char *s = p;
	for (const char *b = p; b < end; b += SPLIT_STEP) {
		split_mask m = sep_mask(b, x);
		if (end - b < SPLIT_STEP)
			m &= ((split_mask)1 << (end - b) * MASK_BITS) - 1;
		if (!m)
			continue;
		/* At most SPLIT_STEP fields end in a step, and one after. */
		if (field_room(f, SPLIT_STEP + 1) < 0)
			return OS_ENOMEM;
		do {
			const char *e = b + MASK_BYTE(m);
			push_trimmed(f, s, e);
			s = e + 1;
			m &= m - 1;
		} while (m);
	}
	if (field_room(f, 1) < 0)
		return OS_ENOMEM;
	push_trimmed(f, s, end);
	return f->nfld;
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
