/*
 * rng.h - named, seeded random streams.
 *
 * Every random draw in offersim comes from a GSL generator created here and
 * named for what it draws ("arrival/hadoop", "duration/hadoop", "shuffle").
 * The stream's seed is a hash of (scenario seed, name), so adding a stream,
 * or drawing more from one, never shifts the draws of another: changing one
 * framework's durations leaves the others' arrivals identical.  Nothing
 * reads GSL_RNG_SEED or the clock.
 */
#ifndef OFFERSIM_RNG_H
#define OFFERSIM_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

/* Seed of the stream called name under the scenario seed. */
unsigned long rng_stream_seed(uint64_t seed, const char *name);

/* A new MT19937 generator for the stream, or NULL when out of memory. */
gsl_rng *rng_stream_new(uint64_t seed, const char *name);

#endif
