/*
 * arrival.h - the job arrival processes of the synthetic generator:
 * renewal (any interarrival distribution, which covers Poisson, fixed
 * intervals and empirical histograms), diurnal (a non-homogeneous Poisson
 * process whose rate follows a sinusoid or a profile over a period) and
 * bursty (a two-state Markov-modulated Poisson process).
 *
 * A process draws only from the one generator it is given, so the arrival
 * times of a framework depend on nothing but its arrival stream and the
 * process parameters.
 */
#ifndef OFFERSIM_ARRIVAL_H
#define OFFERSIM_ARRIVAL_H

#include <gsl/gsl_rng.h>

#include "../sim/core/simtime.h"

struct synth_spec;

struct arrival {
	int kind;                   /* enum arrival_kind */
	gsl_rng *r;                 /* not owned */
	long n;                     /* arrivals produced so far */
	/* renewal */
	const struct synth_spec *spec;
	simtime_t last;             /* integer clock: gaps add exactly */
	/* diurnal and bursty: continuous clock, seconds from 0 */
	double t;
	/* diurnal sinusoid */
	double rate, amp, period, phase;
	/* diurnal profile: rate per bin (jobs/s), bin k covering
	 * [phase + k * width, phase + (k + 1) * width) */
	double *bin_rate;           /* owned */
	int nbins;
	double width;
	long long bin;              /* absolute index of the bin holding t */
	double per_period;          /* expected arrivals per period */
	/* bursty */
	double rates[2], sojourn[2];
	int state;
	double left;                /* time left in the current state */
};

/*
 * Set a up for the arrival process of spec, drawing from r.  The spec
 * must outlive a (a renewal draws its gaps from spec->arrival).  Returns
 * 0, or OS_ENOMEM.
 */
int arrival_init(struct arrival *a, const struct synth_spec *spec,
		 gsl_rng *r);

/*
 * Submit time of the next job, never earlier than the previous one.
 * Renewal processes put the first job at spec->start and each later one
 * one gap after the previous; diurnal and bursty give their first arrival
 * after spec->start.  SIMTIME_NEVER once time runs past what simtime_t
 * holds.
 */
simtime_t arrival_next(struct arrival *a);

void arrival_release(struct arrival *a);

#endif
