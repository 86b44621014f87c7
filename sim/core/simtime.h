/*
 * simtime.h - simulated time: integer microseconds.
 *
 * Integer time makes event order exact (no two floating sums that should be
 * equal compare unequal) and keeps runs byte-reproducible across compilers.
 * Users speak seconds; conversion rounds to the nearest microsecond.
 */
#ifndef OFFERSIM_SIMTIME_H
#define OFFERSIM_SIMTIME_H

#include <math.h>
#include <stdint.h>

typedef int64_t simtime_t;

#define SIMTIME_PER_SEC INT64_C(1000000)
#define SIMTIME_NEVER INT64_MAX

static inline simtime_t simtime_from_sec(double s)
{
	if (!(s < 9.2e12))
		return SIMTIME_NEVER;
	return (simtime_t)llround(s * 1e6);
}

/*
 * The range of a time or duration read from input (a scenario, a trace, a
 * synthetic draw): at most SIMTIME_INPUT_MAX_SEC (10^12 s, about 31,700
 * years) in magnitude.  Well inside simtime_t's 9.2e12 s, so a submit time
 * plus a wait plus a duration never overflows the clock; readers check
 * with simtime_sec_ok() and report anything else as bad input.
 */
#define SIMTIME_INPUT_MAX_SEC 1e12

/* Whether s seconds is within the input range; NaN is not. */
static inline int simtime_sec_ok(double s)
{
	return s >= -SIMTIME_INPUT_MAX_SEC && s <= SIMTIME_INPUT_MAX_SEC;
}

static inline double simtime_to_sec(simtime_t t)
{
	return (double)t / 1e6;
}

#endif
