/*
 * test_dist.c - every distribution kind samples what dist_mean() and
 * dist_variance() say it does, and named streams are reproducible and
 * independent.
 *
 * 10^6 draws per kind put the sample mean and variance well within 1% of
 * the theory when the fourth moment is moderate; that is why the Pareto
 * uses shape 10 (shape 5 has finite variance but a kurtosis near 75, which
 * leaves the sample variance only about one standard error inside 1%).
 * The seed is fixed, so the test is deterministic; the margins are there so
 * that another seed would pass too.
 */
#include "../sim/dist.h"

#include <math.h>
#include <string.h>

#include "../sim/rng.h"
#include "harness.h"

enum { DRAWS = 1000000 };

struct moments {
	double mean, var, min;
};

/* Welford's update: a naive sum of squares loses digits on 10^6 draws. */
static struct moments sample(const struct dist_spec *d, const char *stream)
{
	gsl_rng *r = rng_stream_new(42, stream);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	double mean = 0, m2 = 0, min = INFINITY;
	for (long i = 1; i <= DRAWS; i++) {
		double x = dist_sample(d, r);
		double delta = x - mean;
		mean += delta / (double)i;
		m2 += delta * (x - mean);
		if (x < min)
			min = x;
	}
	gsl_rng_free(r);
	return (struct moments){ mean, m2 / (DRAWS - 1), min };
}

static int close_rel(double got, double want, double tol)
{
	return fabs(got - want) <= tol * fabs(want) + 1e-12;
}

static void check_kind(enum dist_kind k, double p0, double p1)
{
	struct dist_spec d = { .kind = k, .p = { p0, p1 } };
	struct moments m = sample(&d, dist_kind_name(k));
	double mean = dist_mean(&d), var = dist_variance(&d);
	CU_ASSERT(isfinite(mean) && isfinite(var));
	CU_ASSERT(m.min >= 0);
	if (!close_rel(m.mean, mean, 0.01) || !close_rel(m.var, var, 0.01)) {
		fprintf(stderr, "\n%s(%g, %g): mean %g vs %g, var %g vs %g\n",
			dist_kind_name(k), p0, p1, m.mean, mean, m.var, var);
		CU_FAIL("sample moments differ from theory by more than 1%");
	}
}

static void test_constant(void)    { check_kind(DIST_CONSTANT, 3.5, 0); }
static void test_uniform(void)     { check_kind(DIST_UNIFORM, 2, 5); }
static void test_exponential(void) { check_kind(DIST_EXPONENTIAL, 4, 0); }
static void test_lognormal(void)   { check_kind(DIST_LOGNORMAL, 1, 0.5); }
static void test_pareto(void)      { check_kind(DIST_PARETO, 10, 2); }
static void test_weibull(void)     { check_kind(DIST_WEIBULL, 1.5, 3); }
static void test_gamma(void)       { check_kind(DIST_GAMMA, 2.5, 1.5); }
/* Mean one deviation above 0: 16% of raw draws are resampled, so the
 * truncated moments differ from (1, 1) by far more than 1%. */
static void test_normal(void)      { check_kind(DIST_NORMAL, 1, 1); }

static void test_closed_forms(void)
{
	struct dist_spec d = { .kind = DIST_NORMAL, .p = { 1, 1 } };
	/* Known values for N(1,1) truncated at 0. */
	CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), 1.2875999, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(dist_variance(&d), 0.6296863, 1e-6);
	/* Far above 0 the truncation is invisible. */
	d.p[0] = 100;
	CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), 100, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(dist_variance(&d), 1, 1e-9);

	d = (struct dist_spec){ .kind = DIST_PARETO, .p = { 1.5, 2 } };
	CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), 6, 1e-12);
	CU_ASSERT(isinf(dist_variance(&d)));
	d.p[0] = 0.8;
	CU_ASSERT(isinf(dist_mean(&d)));
	d = (struct dist_spec){ .kind = DIST_WEIBULL, .p = { 1, 3 } };
	CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), 3, 1e-12);   /* exponential */
	CU_ASSERT_DOUBLE_EQUAL(dist_variance(&d), 9, 1e-12);
}

static void test_normal_far_below_zero(void)
{
	/* Nearly no mass above 0: the resampling gives up and yields 0. */
	struct dist_spec d = { .kind = DIST_NORMAL, .p = { -100, 1 } };
	gsl_rng *r = rng_stream_new(1, "x");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(dist_sample(&d, r), 0);
	gsl_rng_free(r);
	CU_ASSERT(dist_mean(&d) >= 0 && dist_mean(&d) < 0.02);
}

static void test_names(void)
{
	for (int k = 0; k < DIST_KINDS; k++)
		CU_ASSERT_EQUAL(dist_kind_find(dist_kind_name(k)), k);
	CU_ASSERT_STRING_EQUAL(dist_kind_name(DIST_WEIBULL), "weibull");
	CU_ASSERT_EQUAL(dist_kind_find("lognorm"), -1);
}

static void test_streams(void)
{
	gsl_rng *a = rng_stream_new(7, "duration/hadoop");
	gsl_rng *b = rng_stream_new(7, "duration/hadoop");
	gsl_rng *c = rng_stream_new(7, "arrival/hadoop");
	gsl_rng *e = rng_stream_new(8, "duration/hadoop");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	struct dist_spec d = { .kind = DIST_EXPONENTIAL, .p = { 5, 0 } };
	int same_ab = 1, same_ac = 1, same_ae = 1;
	for (int i = 0; i < 1000; i++) {
		double x = dist_sample(&d, a), y = dist_sample(&d, b);
		double z = dist_sample(&d, c), w = dist_sample(&d, e);
		same_ab &= x == y;
		same_ac &= x == z;
		same_ae &= x == w;
	}
	CU_ASSERT(same_ab);
	CU_ASSERT(!same_ac);
	CU_ASSERT(!same_ae);
	gsl_rng_free(a);
	gsl_rng_free(b);
	gsl_rng_free(c);
	gsl_rng_free(e);
}

static const struct test_case cases[] = {
	{"constant", test_constant},
	{"uniform", test_uniform},
	{"exponential", test_exponential},
	{"lognormal", test_lognormal},
	{"pareto", test_pareto},
	{"weibull", test_weibull},
	{"gamma", test_gamma},
	{"normal truncated at 0", test_normal},
	{"closed forms", test_closed_forms},
	{"normal far below zero", test_normal_far_below_zero},
	{"kind names", test_names},
	{"named streams", test_streams},
	{NULL, NULL},
};

const struct test_suite suite_dist = { "dist", cases };
