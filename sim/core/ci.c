/*
 * ci.c - confidence intervals and fairness (see ci.h).
 *
 * The t quantile comes from GSL (gsl_cdf_tdist_Pinv) rather than a table
 * so that any number of seeds gets the exact interval.  Sums run in input
 * order, so the same values always give the same bits: compare and merge
 * must write byte-identical tables.
 */
#include "ci.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "err.h"

int ci_compute(const double *x, size_t n, struct ci *out)
{
	double sum = 0;
	int k = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i])) {
			sum += x[i];
			k++;
		}
	out->n = k;
	out->mean = k ? sum / k : NAN;
	out->sd = out->half = NAN;
	out->lo = out->hi = out->mean;
	if (k < 2)
		return 0;
	double ss = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			ss += (x[i] - out->mean) * (x[i] - out->mean);
	out->sd = sqrt(ss / (k - 1));
	double t = gsl_cdf_tdist_Pinv(0.975, (double)(k - 1));
	if (!isfinite(t))
		return OS_EGSL;
	out->half = t * out->sd / sqrt((double)k);
	out->lo = out->mean - out->half;
	out->hi = out->mean + out->half;
	return 0;
}

void ci_floor(struct ci *c, double floor)
{
	if (c->n >= 2 && c->lo < floor)
		c->lo = floor;
}

int ci_paired(const double *a, const double *b, size_t n, struct ci *out)
{
	double *d = malloc((n ? n : 1) * sizeof *d);
	if (!d)
		return OS_ENOMEM;
	for (size_t i = 0; i < n; i++)
		d[i] = isnan(a[i]) || isnan(b[i]) ? NAN : a[i] - b[i];
	int rc = ci_compute(d, n, out);
	free(d);
	return rc;
}

double ci_jain(const double *x, size_t n)
{
	double s = 0, s2 = 0;
	for (size_t i = 0; i < n; i++) {
		s += x[i];
		s2 += x[i] * x[i];
	}
	if (n == 0 || s2 <= 0)
		return NAN;
	return s * s / ((double)n * s2);
}

double ci_time_average(const double *t, const double *v, size_t n)
{
	if (n == 0)
		return NAN;
	double span = t[n - 1] - t[0];
	if (!(span > 0)) {
		double s = 0;
		for (size_t i = 0; i < n; i++)
			s += v[i];
		return s / (double)n;
	}
	double area = 0;
	for (size_t i = 0; i + 1 < n; i++)
		area += v[i] * (t[i + 1] - t[i]);
	return area / span;
}
