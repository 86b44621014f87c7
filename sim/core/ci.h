/*
 * ci.h - the small statistics behind compare and sweep: mean, sample
 * standard deviation and a Student-t 95% confidence interval over seeds,
 * paired differences, Jain's fairness index, and the time average of a
 * step-sampled series.
 *
 * NaN inputs are skipped (a metric absent from one run, e.g. a wait
 * percentile when nothing finished), so n counts the values used.  With
 * fewer than two values there is no interval: sd and halfwidth are NaN.
 */
#ifndef OFFERSIM_CI_H
#define OFFERSIM_CI_H

#include <stddef.h>

struct ci {
	int n;             /* values used (NaNs skipped) */
	double mean;       /* NaN when n == 0 */
	double sd;         /* sample standard deviation (n - 1); NaN when n < 2 */
	double half;       /* 95% half-width t(0.975, n-1) * sd / sqrt(n) */
	double lo, hi;     /* mean -/+ half; both = mean when n == 1 */
};

/* Summarize x[0..n).  Returns 0, or < 0 when GSL fails. */
int ci_compute(const double *x, size_t n, struct ci *out);

/*
 * Cut the interval at floor, the least value the quantity can take (0 for
 * a wait, a utilization, a count): the t interval is symmetric and, with
 * few seeds and a skewed figure, reaches below what any run can report.
 * Only lo moves; mean, sd and half stay, so a caller can tell a cut
 * interval (lo > mean - half) and show it as [lo, hi].
 */
void ci_floor(struct ci *c, double floor);

/* Paired differences a[i] - b[i] over the i where both are numbers. */
int ci_paired(const double *a, const double *b, size_t n, struct ci *out);

/*
 * Jain's fairness index (sum x)^2 / (n * sum x^2) over x[0..n): 1 when
 * all are equal, 1/n when one holds everything.  NaN when n == 0 or every
 * x is 0 (no allocation, so nothing to be fair about).
 */
double ci_jain(const double *x, size_t n);

/*
 * Time average of a series sampled at t[0..n) with values v[0..n), each
 * sample holding until the next (a step function), over [t[0], t[n-1]].
 * With zero span (one sample, or all at one time) the plain mean.
 */
double ci_time_average(const double *t, const double *v, size_t n);

#endif
