/*
 * fmt.h - fast, exact formatting of integers and fixed-point numbers for
 * the per-task and per-offer CSV rows, and a block writer for them.
 *
 * Rows are written millions of times per large run, and printf's floating
 * point path dominated the profile.  Simulated times are integer
 * microseconds and resources integer thousandths, so they can be printed
 * exactly with integer arithmetic: the output is the same text printf
 * would give for "%.6f" of the same value, without the cost.  Digits are
 * made two at a time from a table, straight into the line when it has
 * room (else through a scratch buffer, cut to fit).  fmt_double writes a double as printf's "%.2f" would,
 * exactly, for the coordinates of large SVG charts.
 *
 * A line never overruns its buffer: what does not fit is cut, byte for
 * byte as the one-character-at-a-time writer cut it (callers size their
 * lines so that this never happens on real rows).
 *
 * struct fmtout gathers whole rows in one large block and hands the block
 * to stdio when it is full, so a row costs no stdio call of its own.
 * Whoever else writes to the same FILE flushes the block first (and,
 * when rows reach it through a row pipe, drains the pipe before that:
 * rowpipe.h).
 */
#ifndef OFFERSIM_FMT_H
#define OFFERSIM_FMT_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Always inlined, where the compiler supports it: see fmt_fixed. */
#if defined(__GNUC__) || defined(__clang__)
#define FMT_HOT static inline __attribute__((always_inline))
#else
#define FMT_HOT static inline
#endif

/* A line being built; callers size buf for the longest row they write. */
struct fmtbuf {
	char *p;
	char *end;
};

/* "00" "01" ... "99": the two digits of 0..99 at 2 * n. */
static inline const char *fmt_pairs(void)
{
	static const char t[] =
		"00010203040506070809101112131415161718192021222324"
		"25262728293031323334353637383940414243444546474849"
		"50515253545556575859606162636465666768697071727374"
		"75767778798081828384858687888990919293949596979899";
	return t;
}

/* n bytes of s, cut to the room left. */
static inline void fmt_mem(struct fmtbuf *b, const char *s, size_t n)
{
	if (n > (size_t)(b->end - b->p))
		n = (size_t)(b->end - b->p);
	memcpy(b->p, s, n);
	b->p += n;
}

static inline void fmt_char(struct fmtbuf *b, char c)
{
	if (b->p < b->end)
		*b->p++ = c;
}

static inline void fmt_str(struct fmtbuf *b, const char *s)
{
	fmt_mem(b, s, strlen(s));
}

/* The decimal digits of v, written backwards from the end of a buffer
 * of at least 10 bytes; returns where they start.  32-bit arithmetic:
 * a time's whole seconds, a count, an id, nearly every number of every
 * row, fits. */
static inline char *fmt_u32_back(char *end, uint32_t v)
{
	const char *d = fmt_pairs();
	char *q = end;
	while (v >= 100) {
		unsigned k = (v % 100) * 2;
		v /= 100;
		q -= 2;
		q[0] = d[k];
		q[1] = d[k + 1];
	}
	if (v >= 10) {
		q -= 2;
		q[0] = d[v * 2];
		q[1] = d[v * 2 + 1];
	} else {
		*--q = (char)('0' + v);
	}
	return q;
}

/* The same for any v, in a buffer of at least 20 bytes: two digits at a
 * time in 64-bit arithmetic while v needs it, the rest in 32 bits. */
static inline char *fmt_u64_back(char *end, uint64_t v)
{
	const char *d = fmt_pairs();
	char *q = end;
	while (v > UINT32_MAX) {
		unsigned k = (unsigned)(v % 100) * 2;
		v /= 100;
		q -= 2;
		q[0] = d[k];
		q[1] = d[k + 1];
	}
	return fmt_u32_back(q, (uint32_t)v);
}

/* The number of decimal digits of v (1 for 0), from its bit length b:
 * with t = floor(b * log10 2) (1233 / 4096 is close enough for b <= 64),
 * v has t digits when v < 10^t and t + 1 otherwise.  v | 1 has the
 * digits of v (no power of ten is odd but 1) and a bit length for 0. */
static inline int fmt_ndigits(uint64_t v)
{
	static const uint64_t p10[20] = {
		1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u,
		100000000u, 1000000000u, 10000000000u, 100000000000u,
		1000000000000u, 10000000000000u, 100000000000000u,
		1000000000000000u, 10000000000000000u, 100000000000000000u,
		1000000000000000000u, 10000000000000000000u,
	};
	int bits = 64 - __builtin_clzll(v | 1);
	int t = (bits * 1233) >> 12;
	return t - ((v | 1) < p10[t]) + 1;
}

/* Straight into the line when it has room for any value (the common
 * case: no copy, and no library call for a copy of a few bytes), else
 * through a scratch buffer and cut to the room left. */
FMT_HOT void fmt_u64(struct fmtbuf *b, uint64_t v)
{
	if (b->end - b->p >= 20) {
		int n = fmt_ndigits(v);
		fmt_u64_back(b->p + n, v);
		b->p += n;
		return;
	}
	char tmp[24];
	char *q = fmt_u64_back(tmp + sizeof tmp, v);
	fmt_mem(b, q, (size_t)(tmp + sizeof tmp - q));
}

FMT_HOT void fmt_i64(struct fmtbuf *b, int64_t v)
{
	if (v < 0) {
		fmt_char(b, '-');
		fmt_u64(b, (uint64_t)0 - (uint64_t)v);
	} else {
		fmt_u64(b, (uint64_t)v);
	}
}

/* ".dddddd": the point and the six digits of fr (0..999999) at q. */
static inline void fmt_frac6(char *q, unsigned fr)
{
	if (fr == 0) {
		/* Whole seconds, the common case of traces in seconds. */
		memcpy(q, ".000000", 7);
		return;
	}
	const char *d = fmt_pairs();
	unsigned hi = fr / 10000, mid = fr / 100 % 100, lo = fr % 100;
	q[0] = '.';
	q[1] = d[2 * hi];
	q[2] = d[2 * hi + 1];
	q[3] = d[2 * mid];
	q[4] = d[2 * mid + 1];
	q[5] = d[2 * lo];
	q[6] = d[2 * lo + 1];
}

/* Microseconds as seconds with six decimals: fmt_fixed(b, v, 6), the
 * case of every time in every row, with its divisions by constants. */
FMT_HOT void fmt_usec(struct fmtbuf *b, int64_t v)
{
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	unsigned fr = (unsigned)(a % 1000000);
	/* sign, at most 14 integer digits (2^63 us), the point, 6 decimals */
	if (b->end - b->p >= 22) {
		char *q = b->p;
		if (v < 0)
			*q++ = '-';
		uint64_t ip = a / 1000000;
		int n = fmt_ndigits(ip);
		fmt_u64_back(q + n, ip);
		q += n;
		fmt_frac6(q, fr);
		b->p = q + 7;
		return;
	}
	char tmp[32];
	char *end = tmp + sizeof tmp, *q = end - 7;
	fmt_frac6(q, fr);
	q = fmt_u64_back(q, a / 1000000);
	if (v < 0)
		*--q = '-';
	fmt_mem(b, q, (size_t)(end - q));
}

/* fmt_fixed for any number of digits. */
static inline void fmt_fixed_any(struct fmtbuf *b, int64_t v, int digits)
{
	uint64_t scale = 1;
	for (int i = 0; i < digits; i++)
		scale *= 10;
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	/* sign, up to 20 integer digits, the point, up to 19 decimals */
	char tmp[48];
	char *end = tmp + sizeof tmp;
	char *q = end;
	if (digits > 0) {
		uint64_t frac = a % scale;
		const char *d = fmt_pairs();
		int i = digits;
		for (; i >= 2; i -= 2) {
			unsigned k = (unsigned)(frac % 100) * 2;
			frac /= 100;
			q -= 2;
			q[0] = d[k];
			q[1] = d[k + 1];
		}
		if (i)
			*--q = (char)('0' + frac % 10);
		*--q = '.';
	}
	q = fmt_u64_back(q, a / scale);
	if (v < 0)
		*--q = '-';
	fmt_mem(b, q, (size_t)(end - q));
}

/* v / 10^digits with exactly `digits` decimals ("%.6f" of µs as s).
 * FMT_HOT: the rows' fields are a handful of calls each, millions of
 * times a run, and a call keeps the line's end pointer in memory. */
FMT_HOT void fmt_fixed(struct fmtbuf *b, int64_t v, int digits)
{
	if (digits == 6)
		fmt_usec(b, v);
	else
		fmt_fixed_any(b, v, digits);
}

/*
 * A double with `digits` decimals (0..3), the same text as printf's
 * "%.*f": the exact binary value rounded half to even (the default
 * rounding mode), a minus sign whenever the sign bit is set ("-0.00").
 * v = m * 2^e with m below 2^53, so m * 10^digits fits in 64 bits and the
 * rounding is exact integer arithmetic; what does not fit that way
 * (infinities, NaN, magnitudes of 2^53 and more) goes to snprintf.
 */
static inline void fmt_double(struct fmtbuf *b, double v, int digits)
{
	static const uint64_t p10[4] = {1, 10, 100, 1000};
	int e2;
	double f = frexp(fabs(v), &e2);          /* |v| = f * 2^e2, f in [0.5, 1) */
	if (digits < 0 || digits > 3 || !isfinite(v) || e2 > 63 - 10) {
		char tmp[400];
		int n = snprintf(tmp, sizeof tmp, "%.*f", digits, v);
		fmt_mem(b, tmp, n > 0 ? (size_t)n : 0);
		return;
	}
	uint64_t m = (uint64_t)ldexp(f, 53);     /* exact: f has 53 bits */
	int e = e2 - 53;
	uint64_t p = m * p10[digits], n;
	if (f == 0) {
		n = 0;
	} else if (e >= 0) {
		n = p << e;                           /* e2 <= 53: e <= 0 here */
	} else if (-e >= 64) {
		n = 0;                                /* below a half: p < 2^63 */
	} else {
		int sh = -e;
		n = p >> sh;
		uint64_t r = p & ((((uint64_t)1) << sh) - 1);
		uint64_t half = ((uint64_t)1) << (sh - 1);
		if (r > half || (r == half && (n & 1)))
			n++;
	}
	char tmp[32];
	char *end = tmp + sizeof tmp, *q = end;
	if (digits > 0) {
		uint64_t frac = n % p10[digits];
		for (int i = 0; i < digits; i++) {
			*--q = (char)('0' + frac % 10);
			frac /= 10;
		}
		*--q = '.';
	}
	q = fmt_u64_back(q, n / p10[digits]);
	if (signbit(v))
		*--q = '-';
	fmt_mem(b, q, (size_t)(end - q));
}

/* A fixed-point quantity with the fewest decimals that are exact. */
static inline void fmt_trimmed(struct fmtbuf *b, int64_t v, int digits)
{
	int d = digits;
	int64_t q = v;
	while (d > 0 && q % 10 == 0) {
		q /= 10;
		d--;
	}
	fmt_fixed(b, q, d);
}

/*
 * The same trimming on a number printf already wrote with decimals:
 * drops the trailing zeros of buf and then the point when no decimal is
 * left ("2.500000" to "2.5", "3.000" to "3").  Returns buf.
 */
static inline char *fmt_trim_zeros(char *buf)
{
	char *dot = strchr(buf, '.');
	if (dot) {
		char *e = buf + strlen(buf);
		while (e > dot + 1 && e[-1] == '0')
			*--e = '\0';
		if (e == dot + 1)
			*dot = '\0';
	}
	return buf;
}

/* ------------------------------------------------------------------ */
/* Rows gathered into blocks                                           */

#define FMTOUT_BLOCK 65536

struct fmtout {
	FILE *f;                  /* where full blocks go */
	size_t n;                 /* bytes waiting in buf */
	char buf[FMTOUT_BLOCK];
};

/* Hand what waits to stdio (before anything else writes to o->f, and
 * before it is closed).  A write error shows on o->f, as for any
 * buffered write. */
static inline void fmt_out_flush(struct fmtout *o)
{
	if (o->n)
		fwrite(o->buf, 1, o->n, o->f);
	o->n = 0;
}

/*
 * Room for a row of at most max bytes (max <= FMTOUT_BLOCK): the line to
 * build it in, to be closed by fmt_out_end.  A longer row is cut at max
 * bytes, as a fixed line buffer of that size would cut it.
 */
static inline struct fmtbuf fmt_out_row(struct fmtout *o, size_t max)
{
	if (FMTOUT_BLOCK - o->n < max)
		fmt_out_flush(o);
	struct fmtbuf b = {o->buf + o->n, o->buf + o->n + max};
	return b;
}

static inline void fmt_out_end(struct fmtout *o, const struct fmtbuf *b)
{
	o->n = (size_t)(b->p - o->buf);
}

#endif
