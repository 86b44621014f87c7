/*
 * why.c - why a task waits, for --explain (see why.h).
 *
 * The reasons are checked in the order that explains the most: a rigid
 * job that cannot start yet (not all its tasks are here, or together
 * they need more than is free), a quota limit of the framework's role or
 * an ancestor, then the agents: the task fits free resources that are
 * filtered for the framework (until when), or free resources that the
 * next pass will offer, or it would fit but for an offer another
 * framework holds (the allocator ranked that one first), or nowhere, and
 * then the largest free slot is shown against the demand.  "Free" is what the master could offer now:
 * neither offered nor used.  The largest slot is the agent that covers
 * the largest part of the demand in its scarcest resource (the smallest
 * free/demand ratio over the resources the task needs), then the one with
 * the most free in all (each resource against the largest agent's), then
 * the lower agent id.  A backfill reservation is told by the policy itself
 * (sched_explain_reserved in policies/policy.h), since only it knows.
 *
 * Known limit: the "first waiting task" is the head of the framework's
 * queue.  For a policy whose key changes with time (SRTF's remaining
 * work is fixed while waiting, but WFP3's score grows) the queue is kept
 * in submit order and the policy sorts at each answer, so the task told
 * about is the oldest, not necessarily the one the policy ranks first.
 */
#include "why.h"

#include <stdio.h>
#include <string.h>

#include "framework.h"
#include "jobmap.h"
#include "master.h"
#include "world.h"

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The part of demand d that free covers in its scarcest resource. */
static double cover(const resq_t *free, const resq_t *d, int nres)
{
	double c = -1;
	for (int r = 0; r < nres; r++) {
		if (d[r] <= 0)
			continue;
		double x = (double)free[r] / (double)d[r];
		if (c < 0 || x < c)
			c = x;
	}
	return c < 0 ? 1 : c;
}

/* A resource of role (or an ancestor) whose limit the demand would pass:
 * 1 with the text in buf, else 0.  Consumption is what the frameworks of
 * the subtree hold (offered or used), as the master counts it. */
static int quota_reason(const struct world *w, const struct framework *f,
			const resq_t *d, char *buf, size_t size)
{
	for (int q = f->role_id; q >= 0; q = w->roles[q].parent) {
		const struct role *role = &w->roles[q];
		if (!role->quota.has_limit)
			continue;
		resq_t held[RES_MAX] = {0};
		for (int i = 0; i < w->nfws; i++)
			for (int p = w->fws[i].role_id; p >= 0; p = w->roles[p].parent)
				if (p == q)
					res_add(held, w->fws[i].allocated, w->nres);
		for (int r = 0; r < w->nres; r++) {
			resq_t lim = role->quota.limit[r];
			if (lim == QUOTA_NO_LIMIT || d[r] <= 0 || held[r] + d[r] <= lim)
				continue;
			char h[32], l[32], n[32];
			resq_format(held[r], h, sizeof h);
			resq_format(lim, l, sizeof l);
			resq_format(d[r], n, sizeof n);
			snprintf(buf, size, "quota: role %s holds %s %s of its limit %s, the task needs %s more",
				 role->name, h, w->sc->res.name[r], l, n);
			return 1;
		}
	}
	return 0;
}

/* An offer to another framework (outstanding or held) without which
 * demand d would fit its agent's free resources: its id, or POOL_NONE.
 * The first in framework, then hand order. */
static uint32_t offered_elsewhere(const struct world *w, int fw, const resq_t *d)
{
	for (int i = 0; i < w->nfws; i++) {
		if (i == fw)
			continue;
		const struct framework *g = &w->fws[i];
		for (int pass = 0; pass < 2; pass++)
			for (uint32_t o = pass ? g->held_head : g->off_head; o != POOL_NONE;
			     o = W_OFFER(w, o)->next) {
				const struct offer *x = W_OFFER(w, o);
				resq_t v[RES_MAX];
				memcpy(v, w->agents[x->agent].free, sizeof(resq_t) * (size_t)w->nres);
				res_add(v, x->left, w->nres);
				if (res_fits(d, v, w->nres))
					return o;
			}
	}
	return POOL_NONE;
}

void why_waiting(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	if (!f->present || f->q_len == 0 ||
	    !world_explaining(w, fw, EX_ALL, EX_ALL))
		return;
	uint32_t id = fw_first_waiting(w, fw);
	if (id == POOL_NONE)
		return;
	const struct task *t = W_TASK(w, id);
	if (!world_explaining(w, fw, EX_ALL, t->pt.job_id))
		return;
	int nres = w->nres;
	const resq_t *d = t->res;
	char why[1024], a[256], b[256];
	res_format(&w->sc->res, d, a, sizeof a);
	const struct jobmap_entry *e = NULL;
	if (f->gang != GANG_NONE && t->job_tasks > 1)
		e = jobmap_get(&f->jobs, t->pt.job_id, 0);
	if (e && e->count < (uint32_t)t->job_tasks) {
		snprintf(why, sizeof why, "gang incomplete: %u of the job's %d tasks are here",
			 e->count, t->job_tasks);
	} else if (e) {
		resq_t free[RES_MAX] = {0};
		for (int g = 0; g < w->nagents; g++)
			if (w->agents[g].present)
				res_add(free, w->agents[g].free, nres);
		resq_t held[RES_MAX] = {0};
		for (uint32_t o = f->held_head; o != POOL_NONE; o = W_OFFER(w, o)->next)
			res_add(held, W_OFFER(w, o)->left, nres);
		char c[256];
		res_format(&w->sc->res, e->demand, a, sizeof a);
		res_format(&w->sc->res, free, b, sizeof b);
		res_format(&w->sc->res, held, c, sizeof c);
		snprintf(why, sizeof why, "gang: its %u tasks need <%s> at once; free on all agents <%s>, in %u held offer%s <%s>",
			 e->count, a, b, f->nheld, f->nheld == 1 ? "" : "s", c);
	} else if (f->suppressed || f->revive_wait) {
		snprintf(why, sizeof why, "needs <%s>; %s is suppressed (takes no offers)",
			 a, f->name);
	} else if (!quota_reason(w, f, d, why, sizeof why)) {
		int fit = -1, unfiltered = -1, best = -1;
		uint32_t held;
		double bc = -1, bs = -1;
		simtime_t until = 0;
		for (int g = 0; g < w->nagents; g++) {
			if (!w->agents[g].present)
				continue;
			const resq_t *fr = w->agents[g].free;
			if (res_fits(d, fr, nres)) {
				if (fit < 0)
					fit = g;
				if (!master_filtered(w, fw, g, fr)) {
					unfiltered = g;
					break;
				}
				simtime_t x = f->filt[(size_t)g * FILT_STRIDE(nres) + FILT_EXP];
				if (until == 0 || x < until)
					until = x;
				continue;
			}
			/* Equal cover (none, often): the most free in all,
			 * each resource against the largest agent's. */
			double c = cover(fr, d, nres), s = 0;
			for (int r = 0; r < nres; r++)
				if (w->max_agent[r] > 0)
					s += (double)fr[r] / (double)w->max_agent[r];
			if (c > bc || (c == bc && s > bs)) {
				bc = c;
				bs = s;
				best = g;
			}
		}
		if (unfiltered >= 0) {
			res_format(&w->sc->res, w->agents[unfiltered].free, b, sizeof b);
			snprintf(why, sizeof why, "needs <%s>; fits agent %s <%s>, to be offered at the next pass",
				 a, w->agents[unfiltered].name, b);
		} else if (fit >= 0) {
			snprintf(why, sizeof why, "needs <%s>; fits agent %s, but %s filtered it (and any other it fits) until %.3f s",
				 a, w->agents[fit].name, f->name, simtime_to_sec(until));
		} else if ((held = offered_elsewhere(w, fw, d)) != POOL_NONE) {
			const struct offer *o = W_OFFER(w, held);
			res_format(&w->sc->res, o->left, b, sizeof b);
			snprintf(why, sizeof why, "needs <%s>; it would fit agent %s, but <%s> of it is offered to %s",
				 a, w->agents[o->agent].name, b, w->fws[o->fw].name);
		} else if (best >= 0) {
			res_format(&w->sc->res, w->agents[best].free, b, sizeof b);
			snprintf(why, sizeof why, "needs <%s>; largest free slot <%s> on %s",
				 a, b, w->agents[best].name);
		} else {
			snprintf(why, sizeof why, "needs <%s>; no agent is up", a);
		}
	}
	uint64_t h = fnv(why);
	if (f->why_task == id && f->why_hash == h)
		return;
	f->why_task = id;
	f->why_hash = h;
	world_explain_of(w, fw, EX_NONE, t->pt.job_id, "%s: job %lld task %lld waits: %s",
			 f->name, (long long)t->pt.job_id, (long long)t->pt.task_id, why);
}
