/*
 * qstat.c - exact up to a cap, then a histogram (see qstat.h).
 */
#include "qstat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "dsort.h"
#include "err.h"
#include "loghist.h"

static int64_t to_us(double x)
{
	return x > 0 ? (int64_t)llround(x * 1e6) : 0;
}

/* Move the exact values into a new histogram. */
static int to_hist(struct qstat *q)
{
	q->hist = malloc(sizeof *q->hist);
	if (!q->hist)
		return OS_ENOMEM;
	loghist_init(q->hist);
	for (size_t i = 0; i < q->n; i++)
		loghist_add(q->hist, to_us(q->v[i]));
	free(q->v);
	q->v = NULL;
	q->n = q->cap = 0;
	return 0;
}

int qstat_add(struct qstat *q, double x, size_t exact)
{
	q->count++;
	q->sum += x;
	if (q->count == 1 || x > q->max)
		q->max = x;
	if (!q->hist && exact > 0 && q->n >= exact && to_hist(q))
		return OS_ENOMEM;
	if (q->hist) {
		loghist_add(q->hist, to_us(x));
		return 0;
	}
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 256;
		if (exact > 0 && cap > exact)
			cap = exact;
		double *v = realloc(q->v, cap * sizeof *v);
		if (!v)
			return OS_ENOMEM;
		q->v = v;
		q->cap = cap;
	}
	q->v[q->n++] = x;
	return 0;
}

void qstat_release(struct qstat *q)
{
	free(q->v);
	free(q->hist);
	memset(q, 0, sizeof *q);
}

static void merge_hist(struct loghist *d, const struct loghist *s)
{
	for (int b = 0; b < LOGHIST_BINS; b++) {
		if (!s->count[b])
			continue;
		if (!d->count[b] || s->lo[b] < d->lo[b])
			d->lo[b] = s->lo[b];
		if (!d->count[b] || s->hi[b] > d->hi[b])
			d->hi[b] = s->hi[b];
		d->count[b] += s->count[b];
	}
	d->n += s->n;
}

/* The exact figure of v[0..k), k > 0, which it sorts. */
static void exact_figure(double *v, size_t k, struct stats *s)
{
	dsort(v, k);
	s->mean = gsl_stats_mean(v, 1, k);
	s->p50 = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.50);
	s->p90 = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.90);
	s->p95 = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.95);
	s->p99 = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.99);
	s->max = v[k - 1];
}

int qstat_figure_sorting(struct qstat *q, size_t exact, struct stats *s)
{
	if (q->hist || (exact != 0 && q->count > exact) || q->count == 0)
		return qstat_figure((const struct qstat *const *)&q, 1, exact, s);
	memset(s, 0, sizeof *s);
	s->n = (size_t)q->count;
	exact_figure(q->v, q->n, s);
	return 0;
}

int qstat_figure(const struct qstat *const *qs, int n, size_t exact,
		 struct stats *s)
{
	memset(s, 0, sizeof *s);
	uint64_t count = 0;
	double sum = 0, max = 0;
	int hist = 0;
	for (int i = 0; i < n; i++) {
		if (qs[i]->count && (count == 0 || qs[i]->max > max))
			max = qs[i]->max;
		count += qs[i]->count;
		sum += qs[i]->sum;
		hist |= qs[i]->hist != NULL;
	}
	s->n = (size_t)count;
	if (count == 0)
		return 0;
	if (!hist && (exact == 0 || count <= exact)) {
		double *v = malloc((size_t)count * sizeof *v);
		if (!v)
			return OS_ENOMEM;
		size_t k = 0;
		for (int i = 0; i < n; i++) {
			if (qs[i]->n == 0)
				continue;   /* v may be NULL: memcpy must not see it */
			memcpy(v + k, qs[i]->v, qs[i]->n * sizeof *v);
			k += qs[i]->n;
		}
		exact_figure(v, k, s);
		free(v);
		return 0;
	}
	struct loghist *h = malloc(sizeof *h);
	if (!h)
		return OS_ENOMEM;
	loghist_init(h);
	for (int i = 0; i < n; i++) {
		if (qs[i]->hist)
			merge_hist(h, qs[i]->hist);
		for (size_t k = 0; k < qs[i]->n; k++)
			loghist_add(h, to_us(qs[i]->v[k]));
	}
	s->approx = 1;
	s->mean = sum / (double)count;
	s->p50 = loghist_quantile(h, 0.50) / 1e6;
	s->p90 = loghist_quantile(h, 0.90) / 1e6;
	s->p95 = loghist_quantile(h, 0.95) / 1e6;
	s->p99 = loghist_quantile(h, 0.99) / 1e6;
	s->max = max;
	free(h);
	return 0;
}
