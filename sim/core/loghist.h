/*
 * loghist.h - a log-linear histogram of non-negative integers (durations
 * in microseconds), for quantiles in bounded memory.
 *
 * 128 bins per power of two, each keeping its count and the smallest and
 * largest value that fell in it.  The k-th smallest value is estimated
 * inside its bin (the bin's smallest or largest value when k is its first
 * or last, linear in between), so it is exact whenever its bin holds one
 * distinct value (always below 128) and otherwise off by less than the
 * bin's width: under 1/128 (0.78%) of the value.  Quantiles then follow
 * GSL's definition (linear interpolation between order statistics, as
 * summary.json's percentiles), on these estimates.  Fixed size: 7296
 * bins, 171 kB, so callers allocate it rather than keep it on the stack.
 *
 * Both `offersim trace info` (sim/cli/tracestat.h) and the run's
 * percentiles past their exact cap (qstat.h) use it, which is why it
 * lives in the core.
 */
#ifndef OFFERSIM_LOGHIST_H
#define OFFERSIM_LOGHIST_H

#include <stdint.h>

#define LOGHIST_SUB_BITS 7
#define LOGHIST_SUB (1 << LOGHIST_SUB_BITS)
/* Values below LOGHIST_SUB have a bin each; each octave 2^e (e = 7..62)
 * above has LOGHIST_SUB bins. */
#define LOGHIST_BINS (LOGHIST_SUB + (63 - LOGHIST_SUB_BITS) * LOGHIST_SUB)
#define LOGHIST_REL_ERROR (1.0 / LOGHIST_SUB)

struct loghist {
	uint64_t n;
	uint64_t count[LOGHIST_BINS];
	/* Meaningful where count > 0. */
	int64_t lo[LOGHIST_BINS], hi[LOGHIST_BINS];
};

void loghist_init(struct loghist *h);
/* Add v >= 0 (negative values count as 0). */
void loghist_add(struct loghist *h, int64_t v);
/* The bin of v, for tests. */
int loghist_bin(int64_t v);
/* The estimated k-th smallest value (0-based, k < n). */
int64_t loghist_order(const struct loghist *h, uint64_t k);
/* The q-quantile (0 <= q <= 1) by GSL's rule; NAN when empty. */
double loghist_quantile(const struct loghist *h, double q);

#endif
