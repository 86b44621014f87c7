/*
 * dist.h - sampling the distributions of struct dist_spec with GSL, and
 * their theoretical moments (used by tests and by load estimates).
 */
#ifndef OFFERSIM_DIST_H
#define OFFERSIM_DIST_H

#include <gsl/gsl_rng.h>

#include "distspec.h"

/* Name of a kind ("lognormal"), and the kind of a name (-1 if unknown). */
const char *dist_kind_name(enum dist_kind k);
int dist_kind_find(const char *name);

/* One draw, >= 0 for every kind (normal is truncated at 0 by resampling). */
double dist_sample(const struct dist_spec *d, gsl_rng *r);

/* Theoretical mean and variance; for the truncated normal, of the
 * truncated distribution.  Infinite moments return INFINITY. */
double dist_mean(const struct dist_spec *d);
double dist_variance(const struct dist_spec *d);

#endif
