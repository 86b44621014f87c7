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

/* Expected end of a running task: start + estimate of what was left at
 * its start, but never before now (an overdue task may end any moment). */
static simtime_t expected_end(const struct ptask *t, simtime_t now)
{
	simtime_t e = t->start + policy_est_left(t);
	return e > now ? e : now;
}

struct release {
	simtime_t at;
	const struct ptask *t;
};

static int release_cmp(const void *pa, const void *pb)
{
	const struct release *a = pa, *b = pb;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return (a->t->id > b->t->id) - (a->t->id < b->t->id);
}

/* Running tasks in order of expected end; *n receives their count. */
static struct release *releases(struct sched_ctx *c, int *n)
{
	int cap = 0;
	for (const struct ptask *t = sched_running_first(c); t;
	     t = sched_running_next(c, t))
		cap++;
	struct release *r = malloc(sizeof *r * (size_t)(cap ? cap : 1));
	if (!r)
		return NULL;
	int k = 0;
	simtime_t now = sched_now(c);
	for (const struct ptask *t = sched_running_first(c); t;
	     t = sched_running_next(c, t)) {
		r[k].at = expected_end(t, now);
		r[k].t = t;
		k++;
	}
	qsort(r, (size_t)k, sizeof *r, release_cmp);
	*n = k;
	return r;
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
		int n;
		struct release *r = releases(c, &n);
		if (!r)
			return;
		int i = 0;
		for (; i < n; i++) {
			res_add(avail, r[i].t->res, nres);
			if (res_fits(need, avail, nres)) {
				shadow = r[i].at;
				break;
			}
		}
		/* Free at the shadow time means everything released by
		 * then, including other tasks that end at that instant
		 * (the tasks of one rigid job all do). */
		if (shadow != SIMTIME_NEVER)
			for (i++; i < n && r[i].at == shadow; i++)
				res_add(avail, r[i].t->res, nres);
		free(r);
	}
	if (shadow != SIMTIME_NEVER) {
		memcpy(extra, avail, sizeof extra);
		res_sub(extra, need, nres);
	}
	for (const struct ptask *t = sched_next(c, head); t; t = sched_next(c, t)) {
		if (sched_exhausted(c))
			break;
		int o = sched_place(c, t);
		if (o < 0)
			continue;
		sched_job_demand(c, t, d, &len);
		if (shadow == SIMTIME_NEVER || now + len <= shadow) {
			sched_launch(c, t, o);
		} else if (res_fits(d, extra, nres)) {
			sched_launch(c, t, o);
			res_sub(extra, d, nres);
		}
	}
}

/* Availability profile: free capacity from times[i] until times[i+1]
 * (the last step lasts for ever). */
struct profile {
	simtime_t *times;
	resq_t *avail;          /* n x RES_MAX */
	int n, cap, nres;
};

static resq_t *prof_at(struct profile *p, int i)
{
	return p->avail + (size_t)i * RES_MAX;
}

/* Index of the step starting at t, splitting a step if needed. */
static int prof_split(struct profile *p, simtime_t t)
{
	int i = 0;
	while (i + 1 < p->n && p->times[i + 1] <= t)
		i++;
	if (p->times[i] == t)
		return i;
	if (p->n == p->cap) {
		int cap = p->cap * 2;
		simtime_t *nt = realloc(p->times, sizeof *nt * (size_t)cap);
		if (!nt)
			return -1;
		p->times = nt;
		resq_t *na = realloc(p->avail, sizeof *na * (size_t)cap * RES_MAX);
		if (!na)
			return -1;
		p->avail = na;
		p->cap = cap;
	}
	memmove(p->times + i + 2, p->times + i + 1,
		sizeof *p->times * (size_t)(p->n - i - 1));
	memmove(prof_at(p, i + 2), prof_at(p, i + 1),
		sizeof *p->avail * RES_MAX * (size_t)(p->n - i - 1));
	p->times[i + 1] = t;
	memcpy(prof_at(p, i + 1), prof_at(p, i), sizeof *p->avail * RES_MAX);
	p->n++;
	return i + 1;
}

/* Earliest step start s >= now where res fits for [s, s + len). */
static simtime_t prof_find(struct profile *p, const resq_t *res, simtime_t len)
{
	for (int i = 0; i < p->n; i++) {
		simtime_t s = p->times[i];
		int ok = 1;
		for (int j = i; j < p->n && (j == i || p->times[j] < s + len); j++)
			if (!res_fits(res, prof_at(p, j), p->nres)) {
				ok = 0;
				break;
			}
		if (ok)
			return s;
	}
	return SIMTIME_NEVER;
}

static int prof_take(struct profile *p, const resq_t *res, simtime_t s,
		     simtime_t len)
{
	if (len == 0)
		return 0;   /* holds nothing for any length of time */
	int a = prof_split(p, s);
	if (a < 0 || prof_split(p, s + len) < 0)
		return -1;
	for (int j = a; j < p->n && p->times[j] < s + len; j++)
		res_sub(prof_at(p, j), res, p->nres);
	return 0;
}

static void conservative(struct sched_ctx *c)
{
	int nres = sched_nres(c);
	simtime_t now = sched_now(c);
	struct profile p = {.n = 1, .cap = 16, .nres = nres};
	p.times = malloc(sizeof *p.times * (size_t)p.cap);
	p.avail = calloc((size_t)p.cap * RES_MAX, sizeof *p.avail);
	int n = 0;
	struct release *r = releases(c, &n);
	if (!p.times || !p.avail || !r)
		goto out;
	p.times[0] = now;
	sched_free_total(c, prof_at(&p, 0));
	/* Running tasks give their resources back at their expected end. */
	for (int i = 0; i < n; i++) {
		int k = prof_split(&p, r[i].at);
		if (k < 0)
			goto out;
		for (int j = k; j < p.n; j++)
			res_add(prof_at(&p, j), r[i].t->res, nres);
	}
	for (const struct ptask *t = sched_first(c); t; t = sched_next(c, t)) {
		resq_t need[RES_MAX];
		simtime_t len;
		sched_job_demand(c, t, need, &len);
		simtime_t s = prof_find(&p, need, len);
		if (s == SIMTIME_NEVER)
			continue;   /* never fits beside this framework's work */
		if (s == now) {
			int o = sched_place(c, t);
			if (o >= 0)
				sched_launch(c, t, o);
		}
		if (prof_take(&p, need, s, len))
			goto out;
	}
out:
	free(r);
	free(p.times);
	free(p.avail);
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
