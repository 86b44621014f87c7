/*
 * qstat.h - a sample of waits or response times, kept for its mean and
 * percentiles in bounded memory.
 *
 * Exact percentiles need every value, so memory would grow with the
 * trace: 8 bytes per task per figure (sorted where they are at the end,
 * or in a copy when several frameworks' values are pooled).  A
 * qstat keeps the values exactly up to a cap (the scenario's
 * `metrics.exact_percentiles`, 65,536 by default); past it they go into
 * the log-linear histogram of loghist.h (171 kB, fixed), where every
 * order statistic is within 1/128 (0.78%) of the true one and exact when
 * its bin holds one distinct value.  The count, mean and maximum stay
 * exact either way.  summary.json says when percentiles came from the
 * histogram.
 */
#ifndef OFFERSIM_QSTAT_H
#define OFFERSIM_QSTAT_H

#include <stddef.h>
#include <stdint.h>

struct loghist;

struct qstat {
	double *v;                  /* exact values, while hist is NULL */
	size_t n, cap;
	struct loghist *hist;       /* all values, once past the cap */
	uint64_t count;
	double sum, max;
};

/* What a figure reports (seconds). */
struct stats {
	size_t n;
	double mean, p50, p90, p95, p99, max;
	int approx;                 /* percentiles from the histogram */
};

/* Add x >= 0 (seconds, microsecond-exact); keep at most `exact` values
 * before switching to the histogram (0: no cap).  0, or OS_ENOMEM. */
int qstat_add(struct qstat *q, double x, size_t exact);
void qstat_release(struct qstat *q);

/* The figure of the union of qs[0..n): exact (GSL's mean and quantiles on
 * the sorted values) when every part kept its values and together they
 * are at most `exact` (0: no cap), else from one merged histogram.  0, or
 * OS_ENOMEM. */
int qstat_figure(const struct qstat *const *qs, int n, size_t exact,
		 struct stats *out);

/* The same figure of q alone, but exact values are sorted where they are
 * rather than in a copy, so q's order is lost: for the figures at a run's
 * end, after which nothing reads the values. */
int qstat_figure_sorting(struct qstat *q, size_t exact, struct stats *out);

#endif
