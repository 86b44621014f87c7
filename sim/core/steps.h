/*
 * steps.h - a step function of time written as CSV rows: each row starts a
 * step that holds its values until the next row's time, and the last row
 * marks the end (its time is the end of the function; it holds for no
 * time).  Rows are written only when a value changes, so the file costs
 * what changes, not the length of the clock.
 *
 * Values are fixed-point integers in millionths (0.5 is 500000), times
 * integer microseconds, both printed exactly with six decimals (fmt.h).
 *
 * Thinning: with max_rows > 0 a file never holds more than max_rows rows
 * (not counting the header).  Until the steps would overflow it, every
 * step is its own row.  Past it, adjacent steps are merged pairwise, then
 * new steps are merged in groups of the same size, and so on: each merged
 * row starts where its first step started and holds the time-weighted
 * mean of the steps it replaces (rounded to a millionth).  So the
 * integral over any merged row, and hence the time-weighted mean over the
 * whole file, is that of the exact steps (up to the rounding of each row
 * to six decimals); only detail inside a merged row is lost.  The last
 * row (the end) always carries the exact final values.  Rows are then
 * held in memory (at most max_rows) and written by steps_finish; without
 * a limit they stream.
 */
#ifndef OFFERSIM_STEPS_H
#define OFFERSIM_STEPS_H

#include <stdint.h>
#include <stdio.h>

struct steps;

/*
 * A step function of ncol values, written to f (whose header the caller
 * wrote), starting at time t0 with every value 0.  max_rows 0 means no
 * limit; otherwise it must be at least 4.  NULL when out of memory.
 */
struct steps *steps_new(FILE *f, int ncol, long max_rows, int64_t t0);

/*
 * The values from time t on (t >= the last call's t).  A new step starts
 * only when some value differs from the current step's; a call at the
 * current step's own time replaces its values.  0, or OS_EIO once a row
 * it wrote found the file in error (steps_finish asks the file itself).
 */
int steps_set(struct steps *s, int64_t t, const int64_t *v);

/* End the function at t_end (>= the last t): write what is left and the
 * end row.  0, or OS_EIO when the file is in error. */
int steps_finish(struct steps *s, int64_t t_end);

/* Rows written so far (the header not counted). */
uint64_t steps_rows(const struct steps *s);

void steps_free(struct steps *s);

#endif
