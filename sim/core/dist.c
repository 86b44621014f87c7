/*
 * dist.c - draws and moments of the distributions in struct dist_spec.
 *
 * Every draw goes through a GSL generator the caller owns (one named stream
 * per purpose, see rng.h), so a distribution never touches global state and
 * two streams never share draws.  The moments are the closed forms of the
 * distributions as sampled here, which is why the normal's are those of the
 * normal truncated below at 0: that is what dist_sample() returns, and load
 * estimates built on the untruncated mean would be wrong whenever the mean
 * is within a few deviations of 0.
 *
 * GSL's argument order differs from the order of struct dist_spec for the
 * Weibull (GSL takes scale, then shape); the mapping is done once, below.
 * The Weibull moments use C's tgamma rather than gsl_sf_gamma because an
 * overflow there (a tiny shape) should give INFINITY, not a call into the
 * GSL error handler.
 * The empirical kind delegates to its histogram (hist.c): its draws and
 * moments are those of the piecewise-uniform density GSL samples.
 * Parameters are assumed valid (config.c checks them); a degenerate value
 * such as a zero standard deviation collapses to a constant rather than
 * failing, because a library function must not abort a run.
 */
#include "dist.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "hist.h"

/* After this many negative normal draws the truncation gives up and
 * returns 0: only reachable when mean/stddev is hugely negative, where the
 * truncated distribution is concentrated at 0 anyway. */
#define NORMAL_MAX_TRIES 1000

static const char *const kind_names[DIST_KINDS] = {
	[DIST_CONSTANT] = "constant",
	[DIST_UNIFORM] = "uniform",
	[DIST_EXPONENTIAL] = "exponential",
	[DIST_LOGNORMAL] = "lognormal",
	[DIST_PARETO] = "pareto",
	[DIST_WEIBULL] = "weibull",
	[DIST_GAMMA] = "gamma",
	[DIST_NORMAL] = "normal",
	[DIST_EMPIRICAL] = "empirical",
};

const char *dist_kind_name(enum dist_kind k)
{
	if ((int)k < 0 || k >= DIST_KINDS)
		return "unknown";
	return kind_names[k];
}

int dist_kind_find(const char *name)
{
	for (int k = 0; k < DIST_KINDS; k++)
		if (strcmp(kind_names[k], name) == 0)
			return k;
	return -1;
}

/* Clamp tiny negative results of floating arithmetic (never expected from
 * the kinds above, but the contract promises >= 0 to every caller). */
static double nonneg(double x)
{
	return x > 0 ? x : 0;
}

double dist_sample(const struct dist_spec *d, gsl_rng *r)
{
	double a = d->p[0], b = d->p[1];
	switch (d->kind) {
	case DIST_CONSTANT:
		return nonneg(a);
	case DIST_UNIFORM:
		return nonneg(a + (b - a) * gsl_rng_uniform(r));
	case DIST_EXPONENTIAL:
		return gsl_ran_exponential(r, a);
	case DIST_LOGNORMAL:
		return gsl_ran_lognormal(r, a, b);
	case DIST_PARETO:
		return gsl_ran_pareto(r, a, b);
	case DIST_WEIBULL:
		return gsl_ran_weibull(r, b, a);    /* GSL: scale, shape */
	case DIST_GAMMA:
		return gsl_ran_gamma(r, a, b);
	case DIST_NORMAL:
		if (!(b > 0))
			return nonneg(a);
		for (int i = 0; i < NORMAL_MAX_TRIES; i++) {
			double x = a + gsl_ran_gaussian(r, b);
			if (x >= 0)
				return x;
		}
		return 0;
	case DIST_EMPIRICAL:
		return d->hist ? nonneg(hist_sample(d->hist, r)) : 0;
	case DIST_KINDS:
		break;
	}
	return 0;
}

/*
 * Normal(mu, sigma) truncated below at 0: with alpha = -mu/sigma,
 * Z = 1 - Phi(alpha) and lambda = phi(alpha)/Z,
 *   mean     = mu + sigma*lambda
 *   variance = sigma^2 * (1 + alpha*lambda - lambda^2).
 * Z is computed as Phi(-alpha) so it keeps its precision when mu is many
 * deviations above 0 (where 1 - Phi(alpha) would cancel).
 */
static void trunc_normal(double mu, double sigma, double *mean, double *var)
{
	if (!(sigma > 0)) {
		*mean = nonneg(mu);
		*var = 0;
		return;
	}
	double alpha = -mu / sigma;
	double z = gsl_cdf_ugaussian_P(-alpha);
	if (!(z > 0)) {
		/* All mass below 0: the sampler gives up and returns 0. */
		*mean = 0;
		*var = 0;
		return;
	}
	double lambda = gsl_ran_ugaussian_pdf(alpha) / z;
	*mean = mu + sigma * lambda;
	*var = sigma * sigma * (1 + alpha * lambda - lambda * lambda);
	if (*var < 0)
		*var = 0;
}

double dist_mean(const struct dist_spec *d)
{
	double a = d->p[0], b = d->p[1], m, v;
	switch (d->kind) {
	case DIST_CONSTANT:
		return nonneg(a);
	case DIST_UNIFORM:
		return (a + b) / 2;
	case DIST_EXPONENTIAL:
		return a;
	case DIST_LOGNORMAL:
		return exp(a + b * b / 2);
	case DIST_PARETO:
		return a > 1 ? a * b / (a - 1) : INFINITY;
	case DIST_WEIBULL:
		return b * tgamma(1 + 1 / a);
	case DIST_GAMMA:
		return a * b;
	case DIST_NORMAL:
		trunc_normal(a, b, &m, &v);
		return m;
	case DIST_EMPIRICAL:
		return d->hist ? hist_mean(d->hist) : 0;
	case DIST_KINDS:
		break;
	}
	return 0;
}

double dist_variance(const struct dist_spec *d)
{
	double a = d->p[0], b = d->p[1], m, v;
	switch (d->kind) {
	case DIST_CONSTANT:
		return 0;
	case DIST_UNIFORM:
		return (b - a) * (b - a) / 12;
	case DIST_EXPONENTIAL:
		return a * a;
	case DIST_LOGNORMAL:
		return expm1(b * b) * exp(2 * a + b * b);
	case DIST_PARETO:
		return a > 2 ? b * b * a / ((a - 1) * (a - 1) * (a - 2))
			     : INFINITY;
	case DIST_WEIBULL:
		m = tgamma(1 + 1 / a);
		return b * b * (tgamma(1 + 2 / a) - m * m);
	case DIST_GAMMA:
		return a * b * b;
	case DIST_NORMAL:
		trunc_normal(a, b, &m, &v);
		return v;
	case DIST_EMPIRICAL:
		return d->hist ? hist_variance(d->hist) : 0;
	case DIST_KINDS:
		break;
	}
	return 0;
}
