/*
 * test_qstat.c - percentiles in bounded memory (sim/core/qstat.c): exact, and
 * bit-identical to GSL on the sorted values, up to the cap; within 1/128
 * of the exact order statistics past it, with the count, mean and maximum
 * still exact; and a run whose figures outgrow metrics.exact_percentiles
 * says so in summary.json.  dsort, which sorts the values, leaves the
 * array gsl_sort leaves, byte for byte.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "harness.h"
#include "simtest.h"
#include "../sim/core/dsort.h"
#include "../sim/core/qstat.h"

#define N 100000

/* Waits to the microsecond, as the engine produces them: lognormal, with
 * a tenth at exactly 0 (tasks that started at once). */
static double *sample(void)
{
	double *v = malloc(N * sizeof *v);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 42);
	for (int i = 0; i < N; i++) {
		double x = gsl_rng_uniform(r) < 0.1 ? 0
			   : gsl_ran_lognormal(r, 2.0, 1.5);
		v[i] = round(x * 1e6) / 1e6;
	}
	gsl_rng_free(r);
	return v;
}

static void test_exact_below_cap(void)
{
	double *v = sample();
	struct qstat a, b;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	for (int i = 0; i < 600; i++)
		CU_ASSERT_EQUAL(qstat_add(i % 2 ? &a : &b, v[i], 600), 0);
	const struct qstat *qs[] = {&a, &b};
	struct stats s;
	CU_ASSERT_EQUAL_FATAL(qstat_figure(qs, 2, 600, &s), 0);
	double *c = malloc(600 * sizeof *c);
	memcpy(c, v, 600 * sizeof *c);
	gsl_sort(c, 1, 600);
	CU_ASSERT_EQUAL(s.n, 600);
	CU_ASSERT_EQUAL(s.approx, 0);
	CU_ASSERT(s.mean == gsl_stats_mean(c, 1, 600));
	CU_ASSERT(s.p95 == gsl_stats_quantile_from_sorted_data(c, 1, 600, 0.95));
	CU_ASSERT(s.p99 == gsl_stats_quantile_from_sorted_data(c, 1, 600, 0.99));
	CU_ASSERT(s.max == c[599]);
	free(c);
	free(v);
	qstat_release(&a);
	qstat_release(&b);
}

/* The figure sorted in place is the figure of a copy, to the bit, exact
 * or from the histogram, and empty alike; only the values' order goes. */
static void test_figure_sorting(void)
{
	double *v = sample();
	static const struct { size_t count, cap; } cases[] = {
		{0, 0}, {1, 0}, {63, 0}, {5000, 0}, {5000, 5000}, {5000, 4999},
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct qstat q;
		memset(&q, 0, sizeof q);
		for (size_t i = 0; i < cases[c].count; i++)
			CU_ASSERT_EQUAL(qstat_add(&q, v[i], cases[c].cap), 0);
		const struct qstat *qs[] = {&q};
		struct stats a, b;
		CU_ASSERT_EQUAL_FATAL(qstat_figure(qs, 1, cases[c].cap, &a), 0);
		CU_ASSERT_EQUAL_FATAL(qstat_figure_sorting(&q, cases[c].cap, &b), 0);
		CU_ASSERT(memcmp(&a, &b, sizeof a) == 0);
		CU_ASSERT_EQUAL(b.n, cases[c].count);
		CU_ASSERT_EQUAL(b.approx, cases[c].count > cases[c].cap && cases[c].cap > 0);
		/* Exact values are now in order. */
		int sorted = 1;
		for (size_t i = 1; !q.hist && i < q.n; i++)
			sorted &= q.v[i - 1] <= q.v[i];
		CU_ASSERT(sorted);
		qstat_release(&q);
	}
	free(v);
}

static void test_histogram_past_cap(void)
{
	double *v = sample();
	/* Two parts, one past its cap and one not: the union is merged. */
	struct qstat a, b;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	for (int i = 0; i < N; i++)
		CU_ASSERT_EQUAL(qstat_add(i < N - 500 ? &a : &b, v[i], 1000), 0);
	CU_ASSERT_PTR_NOT_NULL(a.hist);
	CU_ASSERT_PTR_NULL(a.v);         /* memory no longer grows */
	CU_ASSERT_PTR_NULL(b.hist);
	const struct qstat *qs[] = {&a, &b};
	struct stats s;
	CU_ASSERT_EQUAL_FATAL(qstat_figure(qs, 2, 1000, &s), 0);
	gsl_sort(v, 1, N);
	double sum = 0;
	for (int i = 0; i < N; i++)
		sum += v[i];
	CU_ASSERT_EQUAL(s.n, N);
	CU_ASSERT_EQUAL(s.approx, 1);
	CU_ASSERT(fabs(s.mean - sum / N) <= 1e-9 * (sum / N));
	CU_ASSERT(s.max == v[N - 1]);
	static const double qv[] = {0.5, 0.9, 0.95, 0.99};
	const double got[] = {s.p50, s.p90, s.p95, s.p99};
	for (int k = 0; k < 4; k++) {
		double want = gsl_stats_quantile_from_sorted_data(v, 1, N, qv[k]);
		if (fabs(got[k] - want) > want / 128 + 1e-6)
			fprintf(stderr, "\n  q%.2f: %.6f vs exact %.6f\n",
				qv[k], got[k], want);
		CU_ASSERT(fabs(got[k] - want) <= want / 128 + 1e-6);
	}
	free(v);
	qstat_release(&a);
	qstat_release(&b);
}

/* M/M/9 with 3000 jobs, figures exact and with a cap of 500. */
static void test_run_reports_method(void)
{
	const char *exact[] = {"frameworks.q.workload.synthetic.jobs=3000"};
	const char *capped[] = {"frameworks.q.workload.synthetic.jobs=3000",
				"metrics.exact_percentiles=500"};
	char d1[256], d2[256];
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/mmc.yaml", exact, 1, d1,
				     sizeof d1), 0);
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/mmc.yaml", capped, 2, d2,
				     sizeof d2), 0);
	CU_ASSERT(isnan(st_summary(d1, "percentiles.relative_error")));
	CU_ASSERT(st_summary(d2, "percentiles.relative_error") == 1.0 / 128);
	CU_ASSERT(st_summary(d2, "percentiles.exact_up_to") == 500);
	/* Same run: counts and means agree exactly (to the printed digits),
	 * percentiles within 1/128. */
	CU_ASSERT(st_summary(d1, "tasks.finished") == 3000);
	CU_ASSERT(fabs(st_summary(d1, "wait.mean") - st_summary(d2, "wait.mean"))
		  <= 1e-8 * st_summary(d1, "wait.mean"));
	CU_ASSERT(st_summary(d1, "response.max") == st_summary(d2, "response.max"));
	double r1 = st_summary(d1, "response.p95"), r2 = st_summary(d2, "response.p95");
	CU_ASSERT(r1 > 0 && fabs(r1 - r2) <= r1 / 128 + 1e-6);
	double j1 = st_summary(d1, "jobs.wait.p99"), j2 = st_summary(d2, "jobs.wait.p99");
	CU_ASSERT(j1 > 0 && fabs(j1 - j2) <= j1 / 128 + 1e-6);
	st_cleanup(d1);
	st_cleanup(d2);
}

/*
 * dsort against gsl_sort, byte for byte, at every size up to 300 and a few
 * large ones (both sides of the insertion sort's cutoff, and sizes where
 * some byte passes are skipped): values of every sign and magnitude,
 * with runs of duplicates, zeros, infinities and denormals.
 */
static void test_dsort_equals_gsl(void)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 7);
	static const size_t big[] = {1000, 4096, 65537, 200000};
	int bad = 0, sizes = 0;
	for (size_t t = 0; t < 300 + sizeof big / sizeof big[0]; t++) {
		size_t n = t < 300 ? t : big[t - 300];
		double *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b);
		CU_ASSERT_PTR_NOT_NULL_FATAL(a);
		CU_ASSERT_PTR_NOT_NULL_FATAL(b);
		int kind = (int)(t % 5);
		for (size_t i = 0; i < n; i++) {
			double x;
			switch (kind) {
			case 0: /* waits to the microsecond, many 0 */
				x = gsl_rng_uniform(r) < 0.3 ? 0
				    : round(gsl_ran_lognormal(r, 3, 2) * 1e6) / 1e6;
				break;
			case 1: /* both signs, every magnitude */
				x = (gsl_rng_uniform(r) - 0.5) *
				    pow(10, (double)gsl_rng_uniform_int(r, 40) - 20);
				break;
			case 2: /* few distinct values */
				x = (double)gsl_rng_uniform_int(r, 4) - 1.5;
				break;
			case 3: /* the edges */
			{
				static const double e[] = {INFINITY, -INFINITY, 0, 4.9e-324,
							   -4.9e-324, 1e308, -1e308, 1, -1};
				x = e[gsl_rng_uniform_int(r, 9)];
				break;
			}
			default: /* already sorted, then reversed */
				x = (double)(i % 2 ? n - i : i);
				break;
			}
			a[i] = b[i] = x;
		}
		dsort(a, n);
		if (n)
			gsl_sort(b, 1, n);
		bad += n && memcmp(a, b, n * sizeof *a) != 0;
		sizes++;
		free(a);
		free(b);
	}
	CU_ASSERT_EQUAL(sizes, 304);
	CU_ASSERT_EQUAL(bad, 0);
	gsl_rng_free(r);
}

static const struct test_case cases[] = {
	{"exact up to the cap", test_exact_below_cap},
	{"histogram past the cap", test_histogram_past_cap},
	{"the figure sorted in place is the copy's", test_figure_sorting},
	{"a run says when percentiles are approximate", test_run_reports_method},
	{"dsort leaves the array gsl_sort leaves", test_dsort_equals_gsl},
	{NULL, NULL},
};

const struct test_suite suite_qstat = {"qstat", cases};
