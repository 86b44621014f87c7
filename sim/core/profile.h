/*
 * profile.h - an availability profile: a step function from time to a
 * vector of quantities (one resq_t per resource), as reservation-based
 * schedulers keep it (conservative backfilling: what is free from each
 * instant on, given what runs and what is reserved).
 *
 * Steps are kept in a treap ordered by their start, holding each step's
 * change from the one before, with per-subtree sums and extreme running
 * sums: splitting a step, adding to a range of steps and finding the
 * first step at or after an instant that breaks a demand all cost
 * O(log P) for P steps, and a find costs that once per too-short gap it
 * passes.  (Finding the next step that holds a demand of several
 * resources prunes on the maxima, which is exact for one resource and a
 * heuristic for more.)  A linear profile made conservative backfilling
 * O(P^2) per job.  Small profiles stay a sorted array (see
 * PROFILE_FLAT_MAX), where a find is one O(P) pass.
 *
 * The profile starts as one step from t0 on; the last step lasts for
 * ever.  Times before t0 are not part of it.  Knows nothing of the model.
 */
#ifndef OFFERSIM_PROFILE_H
#define OFFERSIM_PROFILE_H

#include <stdint.h>

#include "res.h"
#include "simtime.h"

/* Below this many steps the profile is a sorted array, scanned in
 * O(P) per find: measured on the KTH log (tens of steps), the array's
 * constant factor beats the tree's logarithm. */
#define PROFILE_FLAT_MAX 128

struct profile {
	int nres;
	simtime_t t0;
	/* The array form (while !tree): fn steps, starts ft, values fv
	 * (fn x nres).  flat_max: the size that moves it into the tree
	 * (PROFILE_FLAT_MAX; tests lower it). */
	int tree;
	uint32_t flat_max;
	uint32_t fn, fcap;
	simtime_t *ft;
	resq_t *fv;
	/* The tree form. */
	uint32_t root, n, cap;
	uint32_t rng;             /* treap priorities: fixed sequence */
	simtime_t *time;          /* step start, per node */
	uint32_t *l, *r, *prio;
	/* cap x nres each: the step's change from the step before, and over
	 * its subtree the sum of changes and the least and greatest running
	 * sum (see profile.c). */
	resq_t *d, *sum, *lo, *hi;
};

/* One step from t0 on, holding avail (nres values).  Returns 0 or
 * OS_ENOMEM; release in either case. */
int profile_init(struct profile *p, int nres, simtime_t t0,
		 const resq_t *avail);
void profile_release(struct profile *p);

/* Add res to every instant from t on (t >= t0).  0, OS_ENOMEM or
 * OS_EINVAL for t before t0. */
int profile_add_from(struct profile *p, simtime_t t, const resq_t *res);

/*
 * The earliest step start s at which need fits (res_fits) in every step
 * that begins in [s, s + len), the step at s included even when len is
 * 0; SIMTIME_NEVER when there is none.
 */
simtime_t profile_find(struct profile *p, const resq_t *need,
		       simtime_t len);

/* Take need from every instant of [s, s + len) (s >= t0); nothing when
 * len is 0.  0, OS_ENOMEM or OS_EINVAL. */
int profile_take(struct profile *p, const resq_t *need, simtime_t s,
		 simtime_t len);

/* The value at instant t (t >= t0) into out (nres values). */
void profile_at(struct profile *p, simtime_t t, resq_t *out);

/* The number of steps. */
uint32_t profile_steps(const struct profile *p);

#endif
