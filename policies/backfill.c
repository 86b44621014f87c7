/*
 * backfill.c - the walk shared by batch policies: strict order, EASY and
 * conservative backfilling (see policy_backfill in policy.h).
 *
 * EASY (Lifka, "The ANL/IBM SP scheduling system", JSSPP 1995; as analysed
 * by Mu'alem and Feitelson, IEEE TPDS 2001): one reservation, for the first
 * waiting job.  Conservative (Mu'alem and Feitelson): a reservation for
 * every waiting job, kept in an availability profile.  Both use the
 * jobs' estimates, never their true durations; a job that runs past its
 * estimate simply keeps running, and reservations are recomputed at every
 * answer from what is running then.
 *
 * Capacity is pooled over the offers in hand, which is exact when the
 * framework owns one machine (the HPC replay case) and the usual
 * processor-count approximation otherwise; whether a job can start now is
 * always decided by the placement rule against real offers.
 *
 * The unit of reservation is what starts together: a task, or a whole
 * rigid job (gang: hold|decline), whose demand is the sum of its tasks'
 * and whose length is the longest of theirs (sched_job_demand).  The walk
 * shows one task per rigid job, so each job is reserved for once.
 */
#include "policy.h"

#include <stdlib.h>
#include <string.h>

enum backfill_mode policy_backfill_option(const struct policy_params *p,
					  enum backfill_mode def)
{
	static const char *const names[] = {"none", "easy", "conservative"};
	const char *v = pp_string(p, "backfill", names[def]);
	for (int i = 0; i < 3; i++)
		if (strcmp(v, names[i]) == 0)
			return (enum backfill_mode)i;
	policy_expect_one_of(p, "backfill", v, "none|easy|conservative");
	return def;
}

/*
 * Expected end of a running task: start + estimate of what was left at
 * its start, but never before now (an overdue task may end any moment).
 * sched_ending_first/next give the running tasks sorted by the unclamped
 * end, so these are in order too; overdue tasks all come first, at now.
 * Within a group of equal ends the order is immaterial: both walks below
 * take a whole group at once.
 */
static simtime_t expected_end(const struct ptask *t, simtime_t now)
{
	simtime_t e = t->start + policy_est_left(t);
	return e > now ? e : now;
}

static void easy(struct sched_ctx *c, const struct ptask *head)
{
	int nres = sched_nres(c);
	simtime_t now = sched_now(c);
	resq_t avail[RES_MAX], extra[RES_MAX], need[RES_MAX], d[RES_MAX];
	simtime_t len;
	sched_free_total(c, avail);
	sched_job_demand(c, head, need, &len);
	simtime_t shadow = SIMTIME_NEVER;
	memset(extra, 0, sizeof extra);
	if (res_fits(need, avail, nres)) {
		/* Enough in total but split across agents: reserve now. */
		shadow = now;
	} else {
		const struct ptask *r = sched_ending_first(c);
		for (; r; r = sched_ending_next(c, r)) {
			res_add(avail, r->res, nres);
			if (res_fits(need, avail, nres)) {
				shadow = expected_end(r, now);
				break;
			}
		}
		/* Free at the shadow time means everything released by
		 * then, including other tasks that end at that instant
		 * (the tasks of one rigid job all do). */
		if (r)
			for (r = sched_ending_next(c, r);
			     r && expected_end(r, now) == shadow;
			     r = sched_ending_next(c, r))
				res_add(avail, r->res, nres);
	}
	if (shadow != SIMTIME_NEVER) {
		memcpy(extra, avail, sizeof extra);
		res_sub(extra, need, nres);
	}
	int explain = sched_explaining(c);
	if (explain && shadow != SIMTIME_NEVER)
		sched_explain_reserved(c, head, shadow);
	/* Only tasks that may fit the leftovers can start or be held back
	 * (sched_next_fitting); the walk ends when nothing is left.  Most
	 * candidates of a long queue are held back at every answer; when
	 * placing one has no effect but its answer (and nothing is being
	 * explained), a task held back is not placed at all. */
	for (const struct ptask *t = sched_next_fitting(c, head); t;
	     t = sched_next_fitting(c, t)) {
		int lazy = !explain && sched_place_is_pure(c, t);
		int o = lazy ? -1 : sched_place(c, t);
		if (!lazy && o < 0)
			continue;
		sched_job_demand(c, t, d, &len);
		int by_shadow = shadow == SIMTIME_NEVER || now + len <= shadow;
		if (!by_shadow && !res_fits(d, extra, nres)) {
			if (explain)
				sched_explain_held_back(c, t, head, shadow, now + len);
			continue;
		}
		if (lazy && (o = sched_place(c, t)) < 0)
			continue;
		sched_launch(c, t, o);
		if (!by_shadow)
			res_sub(extra, d, nres);
	}
}

/* The availability profile (sim/core/profile.h) is a balanced tree: a
 * job's find and take cost O(log P) for P steps, not O(P^2). */
static void conservative(struct sched_ctx *c)
{
	int nres = sched_nres(c);
	simtime_t now = sched_now(c);
	resq_t free_now[RES_MAX];
	struct profile p;
	sched_free_total(c, free_now);
	if (profile_init(&p, nres, now, free_now))
		goto out;
	/* Running tasks give their resources back at their expected end. */
	for (const struct ptask *r = sched_ending_first(c); r;
	     r = sched_ending_next(c, r))
		if (profile_add_from(&p, expected_end(r, now), r->res))
			goto out;
	int explain = sched_explaining(c), told = 0;
	for (const struct ptask *t = sched_first(c); t; t = sched_next(c, t)) {
		resq_t need[RES_MAX];
		simtime_t len;
		sched_job_demand(c, t, need, &len);
		simtime_t s = profile_find(&p, need, len);
		if (s == SIMTIME_NEVER)
			continue;   /* never fits beside this framework's work */
		if (explain && s > now) {
			/* The first job that must wait has the reservation
			 * worth telling; a later one that would fit what is
			 * free now waits only for the others' reservations. */
			resq_t left[RES_MAX];
			sched_free_total(c, left);
			if (res_fits(need, left, nres))
				sched_explain_held_back(c, t, NULL, s, 0);
			else if (!told)
				sched_explain_reserved(c, t, s);
			told = 1;
		}
		if (s == now) {
			int o = sched_place(c, t);
			if (o >= 0)
				sched_launch(c, t, o);
		}
		if (profile_take(&p, need, s, len))
			goto out;
	}
out:
	profile_release(&p);
}

void policy_backfill(struct sched_ctx *c, enum backfill_mode mode)
{
	if (mode == BACKFILL_CONSERVATIVE) {
		conservative(c);
		return;
	}
	const struct ptask *t = sched_first(c);
	while (t) {
		int o = sched_place(c, t);
		if (o < 0)
			break;
		sched_launch(c, t, o);
		t = sched_next(c, t);
	}
	if (t && mode == BACKFILL_EASY)
		easy(c, t);
}
