/*
 * distspec.h - what a distribution is: its kind and parameters, as the
 * scenario states them.  Sampling and moments are in dist.h; this header
 * is apart so that the scenario can hold distributions without pulling in
 * GSL.
 */
#ifndef OFFERSIM_DISTSPEC_H
#define OFFERSIM_DISTSPEC_H

#include "srcpos.h"

/* A probability distribution over non-negative reals (GSL-backed). */
enum dist_kind {
	DIST_CONSTANT,      /* value */
	DIST_UNIFORM,       /* min, max */
	DIST_EXPONENTIAL,   /* mean */
	DIST_LOGNORMAL,     /* mu, sigma (of the underlying normal) */
	DIST_PARETO,        /* shape (a), scale (b = minimum) */
	DIST_WEIBULL,       /* shape (k), scale (lambda) */
	DIST_GAMMA,         /* shape (k), scale (theta) */
	DIST_NORMAL,        /* mean, stddev; truncated at 0 by resampling */
	DIST_EMPIRICAL,     /* file: a histogram (hist.h); no numbers */
	DIST_KINDS
};

struct hist;

struct dist_spec {
	enum dist_kind kind;
	double p[2];        /* parameters in the order listed above */
	struct src_pos pos;
	const struct hist *hist;   /* DIST_EMPIRICAL only; owned by the
				      scenario (scenario.hists) */
};

#endif
