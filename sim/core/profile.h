/*
 * profile.h - an availability profile: a step function from time to a
 * vector of quantities (one resq_t per resource), as reservation-based
 * schedulers keep it (conservative backfilling: what is free from each
 * instant on, given what runs and what is reserved).
 *
 * The steps are a sorted array.  A step is located by binary search and
 * split with one memmove; a find is one pass over the steps from the
 * start, because a step that breaks the demand rules out every start up to
 * it (O(P) for P steps; the start-by-start search it replaces was O(P)
 * per start).  Additions that come in time order, as running tasks'
 * releases do, touch only the last step.
 *
 * A balanced tree (a treap of step changes with subtree running-sum
 * extremes, O(log P) per split and per gap passed by a find) was built
 * and measured first: on the KTH log it cost twice the array's time, and
 * with long queues (P in the thousands) seven times, since a find passes
 * hundreds of too-short gaps and the tree pays a logarithm with a large
 * constant for each where the array pays a few instructions per step.
 *
 * The profile starts as one step from t0 on; the last step lasts for
 * ever.  Times before t0 are not part of it.  Knows nothing of the model.
 */
#ifndef OFFERSIM_PROFILE_H
#define OFFERSIM_PROFILE_H

#include <stdint.h>

#include "res.h"
#include "simtime.h"

struct profile {
	int nres;
	uint32_t n, cap;
	simtime_t *t;             /* step starts, ascending; t[0] = t0 */
	resq_t *v;                /* n x nres: the value of each step */
};

/* One step from t0 on, holding avail (nres values).  Returns 0 or
 * OS_ENOMEM; release in either case. */
int profile_init(struct profile *p, int nres, simtime_t t0,
		 const resq_t *avail);
void profile_release(struct profile *p);

/* Add res to every instant from t on.  0, OS_ENOMEM, or OS_EINVAL for t
 * before t0. */
int profile_add_from(struct profile *p, simtime_t t, const resq_t *res);

/*
 * The earliest step start s at which need fits (res_fits) in every step
 * that begins in [s, s + len), the step at s included even when len is
 * 0; SIMTIME_NEVER when there is none.
 */
simtime_t profile_find(const struct profile *p, const resq_t *need,
		       simtime_t len);

/* Take need from every instant of [s, s + len); nothing when len is 0.
 * 0, OS_ENOMEM, or OS_EINVAL for s before t0. */
int profile_take(struct profile *p, const resq_t *need, simtime_t s,
		 simtime_t len);

/* The value at instant t (t >= t0) into out (nres values). */
void profile_at(const struct profile *p, simtime_t t, resq_t *out);

/* The number of steps. */
uint32_t profile_steps(const struct profile *p);

#endif
