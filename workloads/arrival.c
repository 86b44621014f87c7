/*
 * arrival.c - job arrival processes for the synthetic generator.
 *
 * Renewal: the gaps are independent draws of one distribution.  They add
 * up in integer microseconds, as the generator always did, so a fixed
 * interval of 0.1 s gives 0.1, 0.2, ... exactly and old scenarios keep
 * their arrival times to the microsecond.
 *
 * Diurnal: a non-homogeneous Poisson process, generated exactly rather
 * than with a rate held constant per hour.  With a profile the rate is
 * piecewise constant, so the integrated rate is piecewise linear and is
 * inverted directly: one Exp(1) draw is the mass to cover, used up bin by
 * bin (whole periods at a time when it exceeds one) until a bin holds the
 * rest.  The sinusoid is thinned (Lewis and Shedler, 1979): candidates
 * come at the peak rate rate * (1 + amplitude) and each is kept with
 * probability rate(t) / peak, which leaves exactly a Poisson process of
 * rate rate(t).  Its clock is a double in seconds, converted per arrival:
 * the rate must be evaluated at the true time, and a double keeps well
 * under a microsecond of precision for 100 years of simulated time.
 *
 * Bursty: a Markov-modulated Poisson process with two states.  State i
 * lasts an exponential time of mean sojourn[i] and emits jobs at
 * rates[i]; by memorylessness, a gap that overruns the state's end is
 * dropped and redrawn in the next state.  The first state is drawn from
 * the stationary law (state i with probability sojourn[i] / (sojourn[0] +
 * sojourn[1])), so the process is stationary from its start and its
 * long-run rate (rates[0] sojourn[0] + rates[1] sojourn[1]) / (sojourn[0]
 * + sojourn[1]) holds over any window, not only after a warm-up.
 */
#include "arrival.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "../sim/core/dist.h"
#include "../sim/core/err.h"
#include "../sim/config/scenario.h"

int arrival_init(struct arrival *a, const struct synth_spec *spec,
		 gsl_rng *r)
{
	const struct arrival_spec *p = &spec->proc;
	memset(a, 0, sizeof *a);
	a->kind = p->kind;
	a->r = r;
	a->spec = spec;
	a->t = spec->start;
	switch (p->kind) {
	case ARRIVAL_RENEWAL:
		break;
	case ARRIVAL_DIURNAL:
		a->rate = p->rate;
		a->amp = p->amplitude;
		a->period = p->period;
		a->phase = p->phase;
		if (p->nprofile > 0) {
			double sum = 0;
			a->nbins = p->nprofile;
			a->bin_rate = malloc(sizeof *a->bin_rate *
					     (size_t)a->nbins);
			if (!a->bin_rate)
				return OS_ENOMEM;
			for (int i = 0; i < a->nbins; i++)
				sum += p->profile[i];
			/* Relative rates: scaled so that their mean is
			 * the given mean rate. */
			for (int i = 0; i < a->nbins; i++)
				a->bin_rate[i] = p->rate * p->profile[i] *
						 a->nbins / sum;
			a->width = p->period / a->nbins;
			a->per_period = p->rate * p->period;
			a->bin = (long long)floor((a->t - a->phase) / a->width);
		}
		break;
	case ARRIVAL_BURSTY:
		memcpy(a->rates, p->rates, sizeof a->rates);
		memcpy(a->sojourn, p->sojourn, sizeof a->sojourn);
		a->state = gsl_rng_uniform(r) * (a->sojourn[0] + a->sojourn[1])
			   < a->sojourn[0] ? 0 : 1;
		a->left = gsl_ran_exponential(r, a->sojourn[a->state]);
		break;
	}
	return 0;
}

void arrival_release(struct arrival *a)
{
	free(a->bin_rate);
	a->bin_rate = NULL;
}

static simtime_t renewal_next(struct arrival *a)
{
	if (a->n == 0) {
		a->last = simtime_from_sec(a->spec->start);
		return a->last;
	}
	simtime_t gap = simtime_from_sec(dist_sample(&a->spec->arrival, a->r));
	a->last = gap > SIMTIME_NEVER - a->last ? SIMTIME_NEVER
						: a->last + gap;
	return a->last;
}

/* M_PI is not ISO C. */
#define TWO_PI 6.283185307179586476925286766559

/* rate(t) of the sinusoid. */
static double sine_rate(const struct arrival *a, double t)
{
	double x = fmod(t - a->phase, a->period) / a->period;
	return a->rate * (1 + a->amp * cos(TWO_PI * x));
}

/* The profile bin of absolute bin index k (k may be negative). */
static int bin_of(const struct arrival *a, long long k)
{
	long long i = k % a->nbins;
	return (int)(i < 0 ? i + a->nbins : i);
}

static void thinning_next(struct arrival *a)
{
	double peak = a->rate * (1 + a->amp);
	for (;;) {
		a->t += gsl_ran_exponential(a->r, 1 / peak);
		if (!isfinite(a->t) ||
		    gsl_rng_uniform(a->r) * peak < sine_rate(a, a->t))
			return;
	}
}

static void profile_next(struct arrival *a)
{
	double mass = gsl_ran_exponential(a->r, 1);
	for (;;) {
		double end = a->phase + (double)(a->bin + 1) * a->width;
		double lam = a->bin_rate[bin_of(a, a->bin)];
		double here = end > a->t ? lam * (end - a->t) : 0;
		if (mass < here) {
			a->t += mass / lam;
			if (a->t > end)
				a->t = end;   /* rounding; the bin owns it */
			return;
		}
		mass -= here;
		a->bin++;
		a->t = a->phase + (double)a->bin * a->width;
		if (!(a->t < 9.2e12)) {
			a->t = INFINITY;
			return;
		}
		/* From a bin boundary a whole period holds per_period:
		 * skip the periods the mass covers at once, so a tiny
		 * rate costs no more than a large one. */
		if (mass >= a->per_period) {
			double k = floor(mass / a->per_period);
			if (k * a->period >= 9.2e12) {
				a->t = INFINITY;
				return;
			}
			mass -= k * a->per_period;
			a->bin += (long long)k * a->nbins;
			a->t = a->phase + (double)a->bin * a->width;
		}
	}
}

static void bursty_next(struct arrival *a)
{
	for (;;) {
		double lam = a->rates[a->state];
		double gap = lam > 0 ? gsl_ran_exponential(a->r, 1 / lam)
				     : INFINITY;
		if (gap < a->left) {
			a->t += gap;
			a->left -= gap;
			return;
		}
		a->t += a->left;
		if (!(a->t < 9.2e12))
			return;
		a->state ^= 1;
		a->left = gsl_ran_exponential(a->r, a->sojourn[a->state]);
	}
}

simtime_t arrival_next(struct arrival *a)
{
	simtime_t at;
	switch (a->kind) {
	case ARRIVAL_DIURNAL:
		if (a->nbins)
			profile_next(a);
		else
			thinning_next(a);
		at = simtime_from_sec(a->t);
		break;
	case ARRIVAL_BURSTY:
		bursty_next(a);
		at = simtime_from_sec(a->t);
		break;
	default:
		at = renewal_next(a);
		break;
	}
	a->n++;
	return at;
}
