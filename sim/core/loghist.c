/*
 * loghist.c - the log-linear histogram (see loghist.h for the bins and
 * the error bound).
 */
#include "loghist.h"

#include <math.h>
#include <string.h>

void loghist_init(struct loghist *h)
{
	memset(h, 0, sizeof *h);
}

/* The index of v's highest set bit, v > 0: every task's wait and
 * response pass through here, and a shift loop took 30 steps for a
 * response of a quarter of an hour in microseconds. */
static int top_bit(uint64_t v)
{
	return 63 - __builtin_clzll(v);
}

int loghist_bin(int64_t v)
{
	if (v < LOGHIST_SUB)
		return v < 0 ? 0 : (int)v;
	int e = top_bit((uint64_t)v);             /* LOGHIST_SUB_BITS..62 */
	int sub = (int)((uint64_t)v >> (e - LOGHIST_SUB_BITS)) - LOGHIST_SUB;
	return LOGHIST_SUB + (e - LOGHIST_SUB_BITS) * LOGHIST_SUB + sub;
}

void loghist_add(struct loghist *h, int64_t v)
{
	if (v < 0)
		v = 0;
	int b = loghist_bin(v);
	if (h->count[b] == 0 || v < h->lo[b])
		h->lo[b] = v;
	if (h->count[b] == 0 || v > h->hi[b])
		h->hi[b] = v;
	h->count[b]++;
	h->n++;
}

int64_t loghist_order(const struct loghist *h, uint64_t k)
{
	uint64_t before = 0;
	for (int b = 0; b < LOGHIST_BINS; b++) {
		uint64_t c = h->count[b];
		if (k >= before + c) {
			before += c;
			continue;
		}
		uint64_t j = k - before;
		if (j == 0 || h->lo[b] == h->hi[b])
			return h->lo[b];
		if (j == c - 1)
			return h->hi[b];
		/* Spread the bin's values evenly between its extremes. */
		double span = (double)(h->hi[b] - h->lo[b]);
		return h->lo[b] + (int64_t)llround(span * (double)j /
						   (double)(c - 1));
	}
	return 0;   /* k >= n: not called so */
}

double loghist_quantile(const struct loghist *h, double q)
{
	if (h->n == 0)
		return NAN;
	/* gsl_stats_quantile_from_sorted_data(): index (n - 1) q, linear
	 * between the two order statistics around it. */
	double idx = (double)(h->n - 1) * q;
	uint64_t lhs = (uint64_t)idx;
	double delta = idx - (double)lhs;
	double a = (double)loghist_order(h, lhs);
	if (lhs + 1 >= h->n || delta == 0)
		return a;
	double b = (double)loghist_order(h, lhs + 1);
	return (1 - delta) * a + delta * b;
}
