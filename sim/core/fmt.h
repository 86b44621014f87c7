/*
 * fmt.h - fast, exact formatting of integers and fixed-point numbers for
 * the per-task and per-offer CSV rows.
 *
 * Rows are written millions of times per large run, and printf's floating
 * point path dominated the profile.  Simulated times are integer
 * microseconds and resources integer thousandths, so they can be printed
 * exactly with integer arithmetic: the output is the same text printf
 * would give for "%.6f" of the same value, without the cost.
 */
#ifndef OFFERSIM_FMT_H
#define OFFERSIM_FMT_H

#include <stdint.h>
#include <string.h>

/* A line being built; callers size buf for the longest row they write. */
struct fmtbuf {
	char *p;
	char *end;
};

static inline void fmt_char(struct fmtbuf *b, char c)
{
	if (b->p < b->end)
		*b->p++ = c;
}

static inline void fmt_str(struct fmtbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (n > (size_t)(b->end - b->p))
		n = (size_t)(b->end - b->p);
	memcpy(b->p, s, n);
	b->p += n;
}

static inline void fmt_u64(struct fmtbuf *b, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n > 0)
		fmt_char(b, tmp[--n]);
}

static inline void fmt_i64(struct fmtbuf *b, int64_t v)
{
	if (v < 0) {
		fmt_char(b, '-');
		fmt_u64(b, (uint64_t)0 - (uint64_t)v);
	} else {
		fmt_u64(b, (uint64_t)v);
	}
}

/* v / 10^digits with exactly `digits` decimals ("%.6f" of µs as s). */
static inline void fmt_fixed(struct fmtbuf *b, int64_t v, int digits)
{
	uint64_t scale = 1;
	for (int i = 0; i < digits; i++)
		scale *= 10;
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	if (v < 0)
		fmt_char(b, '-');
	fmt_u64(b, a / scale);
	if (digits == 0)
		return;
	fmt_char(b, '.');
	uint64_t frac = a % scale;
	char tmp[24];
	for (int i = digits - 1; i >= 0; i--) {
		tmp[i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	for (int i = 0; i < digits; i++)
		fmt_char(b, tmp[i]);
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

#endif
