/*
 * master.c - the Mesos master's side of the offer cycle: allocation passes,
 * offers, decline filters, rescinds.
 *
 * A pass walks the agents in id order.  For each agent with allocatable
 * free resources, the allocator policy ranks the frameworks that want
 * resources (a framework with no waiting task is treated as suppressed
 * and is not offered anything); the first one not filtered for this agent
 * gets an offer of everything free there.  Offered resources count as
 * allocated to the framework at once (as in Mesos), so the next agent of
 * the same pass already sees the new shares.
 *
 * Allocatable follows Mesos's default min_allocatable_resources: at least
 * 0.01 cpus or 32 mem.  A scenario without either resource treats any
 * positive quantity as allocatable.
 *
 * Passes run every allocation_interval (the periodic batch allocation of
 * Mesos), or, with interval 0, at every instant where resources were freed
 * or demand arrived, after every other event of that instant.
 */
#include "world.h"

#include <stdlib.h>
#include <string.h>

#include "../policies/table.h"
#include "diag.h"
#include "engine.h"
#include "err.h"
#include "registry.h"
#include "scenario.h"

int policy_params_check_unused(const struct policy_params *p,
			       const char *what);

static int allocatable(const struct world *w, const resq_t *free)
{
	int cpus = res_find(&w->sc->res, "cpus");
	int mem = res_find(&w->sc->res, "mem");
	if (cpus < 0 && mem < 0) {
		for (int r = 0; r < w->nres; r++)
			if (free[r] > 0)
				return 1;
		return 0;
	}
	if (cpus >= 0 && free[cpus] >= 10)       /* 0.01 cpus */
		return 1;
	if (mem >= 0 && free[mem] >= 32 * RES_SCALE)
		return 1;
	return 0;
}

int master_init(struct world *w)
{
	int ai = policy_index(POLICY_ALLOCATOR, w->sc->allocator);
	if (ai < 0) {
		diag_error(w->diag, w->sc->file, w->sc->allocator_pos.line,
			   w->sc->allocator_pos.col, "unknown allocator '%s'",
			   w->sc->allocator);
		return OS_EINVAL;
	}
	w->alloc = alloc_policies[ai];
	w->alloc_state = calloc(1, w->alloc->state_size ? w->alloc->state_size : 1);
	w->alloc_fws = calloc((size_t)w->nfws, sizeof *w->alloc_fws);
	w->cand = calloc((size_t)w->nfws, sizeof *w->cand);
	if (!w->alloc_state || !w->alloc_fws || !w->cand)
		return OS_ENOMEM;
	for (int i = 0; i < w->nfws; i++) {
		struct alloc_fw *a = &w->alloc_fws[i];
		a->id = i;
		a->name = w->fws[i].name;
		a->role = w->fws[i].role;
		a->weight = w->fws[i].weight;
		a->allocated = w->fws[i].allocated;
	}
	struct policy_params *pp = &w->alloc_params;
	pp->kv = w->sc->allocator_opts;
	pp->n = w->sc->nallocator_opts;
	pp->file = w->sc->file;
	pp->diag = w->diag;
	pp->seed = w->sc->seed;
	pp->owner = "master";
	int before = diag_errors(w->diag);
	if (w->alloc->init && w->alloc->init(w->alloc_state, pp) < 0)
		return OS_EINVAL;
	policy_params_check_unused(pp, "allocator_options");
	if (diag_errors(w->diag) > before)
		return OS_EINVAL;
	evq_node_init(&w->tick_ev, EV_TICK, 0);
	evq_node_init(&w->pass_ev, EV_PASS, 0);
	return 0;
}

void master_release(struct world *w)
{
	if (w->alloc && w->alloc->release && w->alloc_state)
		w->alloc->release(w->alloc_state);
	free(w->alloc_state);
	free(w->alloc_fws);
	free(w->cand);
}

static int any_waiting(const struct world *w)
{
	for (int i = 0; i < w->nfws; i++)
		if (w->fws[i].q_len > 0)
			return 1;
	return 0;
}

void master_request_pass(struct world *w)
{
	if (w->interval == 0) {
		if (!evq_node_queued(&w->pass_ev) &&
		    evq_push(&w->q, &w->pass_ev, w->now, EVQ_PHASE_ALLOCATE))
			w->failed = OS_ENOMEM;
		return;
	}
	/* Periodic: make sure the next tick is queued.  Ticks are skipped
	 * while no framework waits for anything (such a pass would offer
	 * nothing), and resume at the next multiple of the interval. */
	if (evq_node_queued(&w->tick_ev) || !any_waiting(w))
		return;
	simtime_t t = (w->now + w->interval - 1) / w->interval * w->interval;
	if (w->passes > 0 && t <= w->last_pass)
		t = w->last_pass + w->interval;
	if (evq_push(&w->q, &w->tick_ev, t, EVQ_PHASE_ALLOCATE))
		w->failed = OS_ENOMEM;
}

int master_filtered(const struct world *w, int fw, int agent,
		    const resq_t *res)
{
	const struct framework *f = &w->fws[fw];
	if (f->filt_gen[agent] != f->filter_gen || f->filt_exp[agent] <= w->now)
		return 0;
	/* Hidden only when the new offer holds nothing beyond what was
	 * refused: more free resources make a new offer worth making. */
	return res_fits(res, f->filt_res + (size_t)agent * (size_t)w->nres,
			w->nres);
}

void master_install_filter(struct world *w, int fw, int agent,
			   const resq_t *res)
{
	struct framework *f = &w->fws[fw];
	simtime_t exp = w->now + f->filter_duration;
	f->filt_gen[agent] = f->filter_gen;
	f->filt_exp[agent] = exp;
	memcpy(f->filt_res + (size_t)agent * (size_t)w->nres, res,
	       sizeof *res * (size_t)w->nres);
	if (w->interval != 0)
		return;
	/* Event-driven mode has no ticks: wake the allocator on expiry.
	 * Expiries of one framework come in install order (one duration). */
	if (f->exp_len == f->exp_cap) {
		uint32_t cap = f->exp_cap ? f->exp_cap * 2 : 16;
		simtime_t *r = malloc(sizeof *r * cap);
		if (!r) {
			w->failed = OS_ENOMEM;
			return;
		}
		for (uint32_t i = 0; i < f->exp_len; i++)
			r[i] = f->exp_ring[(f->exp_head + i) % f->exp_cap];
		free(f->exp_ring);
		f->exp_ring = r;
		f->exp_head = 0;
		f->exp_cap = cap;
	}
	f->exp_ring[(f->exp_head + f->exp_len) % f->exp_cap] = exp;
	f->exp_len++;
	if (!evq_node_queued(&f->filter_ev) &&
	    evq_push(&w->q, &f->filter_ev, exp, EVQ_PHASE_FILTER))
		w->failed = OS_ENOMEM;
}

void master_filter_wakeup(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	while (f->exp_len && f->exp_ring[f->exp_head] <= w->now) {
		f->exp_head = (f->exp_head + 1) % f->exp_cap;
		f->exp_len--;
	}
	if (f->q_len > 0)
		master_request_pass(w);
	if (f->exp_len &&
	    evq_push(&w->q, &f->filter_ev, f->exp_ring[f->exp_head],
		     EVQ_PHASE_FILTER))
		w->failed = OS_ENOMEM;
}

void master_revive(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	f->filter_gen++;      /* every filter of f lapses at once */
	f->exp_len = 0;
	evq_cancel(&w->q, &f->filter_ev);
}

void master_recover(struct world *w, struct offer *o)
{
	struct framework *f = &w->fws[o->fw];
	struct agent *a = &w->agents[o->agent];
	res_add(a->free, o->left, w->nres);
	res_sub(f->allocated, o->left, w->nres);
	memset(o->left, 0, sizeof o->left);
	for (int r = 0; r < w->nres; r++)
		BUG_ON(a->free[r] > a->total[r] || f->allocated[r] < 0);
}

static void make_offer(struct world *w, int fw, int agent)
{
	struct framework *f = &w->fws[fw];
	struct agent *a = &w->agents[agent];
	uint32_t id = pool_alloc(&w->offers);
	if (id == POOL_NONE) {
		w->failed = OS_ENOMEM;
		return;
	}
	struct offer *o = W_OFFER(w, id);
	evq_node_init(&o->timeout_ev, EV_TIMEOUT, id);
	o->number = ++w->offers_made;
	o->fw = fw;
	o->agent = agent;
	memcpy(o->res, a->free, sizeof o->res);
	memcpy(o->left, a->free, sizeof o->left);
	o->made = w->now;
	o->due = w->now + f->decision_time;
	o->next = POOL_NONE;
	res_add(f->allocated, a->free, w->nres);
	memset(a->free, 0, sizeof a->free);
	f->allocations++;
	f->last_offer_pass = w->passes;
	w->alloc_fws[fw].allocations = f->allocations;
	f->m.offers++;
	if (f->off_tail == POOL_NONE)
		f->off_head = id;
	else
		W_OFFER(w, f->off_tail)->next = id;
	f->off_tail = id;
	f->noutstanding++;
	if (w->offer_timeout > 0 &&
	    evq_push(&w->q, &o->timeout_ev, w->now + w->offer_timeout,
		     EVQ_PHASE_TIMEOUT))
		w->failed = OS_ENOMEM;
	if (w->opt.explain) {
		char buf[256];
		res_format(&w->sc->res, o->res, buf, sizeof buf);
		world_explain(w, "offer %llu: agent %s <%s> -> %s",
			      (unsigned long long)o->number, a->name, buf,
			      f->name);
	}
	fw_schedule_response(w, fw);
}

void master_pass(struct world *w)
{
	w->passes++;
	w->passes_idle++;
	w->last_pass = w->now;
	int ncand = 0;
	for (int i = 0; i < w->nfws; i++)
		if (w->fws[i].q_len > 0)
			ncand++;
	if (w->opt.explain) {
		char buf[512];
		size_t used = 0;
		buf[0] = '\0';
		for (int i = 0; i < w->nfws && used < sizeof buf; i++) {
			double s = policy_dominant_share(w->fws[i].allocated,
							 w->total, w->nres);
			int n = snprintf(buf + used, sizeof buf - used,
					 "%s%s %.3f (%u waiting)", i ? ", " : "",
					 w->fws[i].name, s, w->fws[i].q_len);
			if (n < 0)
				break;
			used += (size_t)n;
		}
		world_explain(w, "allocation pass %llu: shares %s",
			      (unsigned long long)w->passes, buf);
	}
	if (ncand == 0)
		return;
	for (int ag = 0; ag < w->nagents; ag++) {
		struct agent *a = &w->agents[ag];
		if (!allocatable(w, a->free))
			continue;
		int n = 0;
		for (int i = 0; i < w->nfws; i++)
			if (w->fws[i].q_len > 0)
				w->cand[n++] = i;
		if (n == 0)
			break;
		if (n > 1) {
			struct alloc_view v = {
				.now = w->now, .nres = w->nres,
				.res = &w->sc->res, .total = w->total,
				.nfws = w->nfws, .fws = w->alloc_fws,
				.agent = ag, .available = a->free,
			};
			w->alloc->rank(w->alloc_state, &v, w->cand, n);
		}
		for (int k = 0; k < n; k++) {
			int fw = w->cand[k];
			if (master_filtered(w, fw, ag, a->free)) {
				if (w->opt.explain) {
					char buf[256];
					res_format(&w->sc->res, a->free, buf, sizeof buf);
					world_explain(w, "agent %s <%s> filtered for %s",
						      a->name, buf, w->fws[fw].name);
				}
				continue;
			}
			make_offer(w, fw, ag);
			break;
		}
	}
	/* Policies that act without offers (preemption) get their turn when
	 * this pass gave them nothing while they wait. */
	for (int i = 0; i < w->nfws; i++) {
		struct framework *f = &w->fws[i];
		if (f->pol->acts_without_offers && f->q_len > 0 &&
		    f->last_offer_pass != w->passes)
			fw_act_without_offers(w, i);
	}
	if (w->interval > 0 && any_waiting(w) && !evq_node_queued(&w->tick_ev) &&
	    evq_push(&w->q, &w->tick_ev, w->now + w->interval, EVQ_PHASE_ALLOCATE))
		w->failed = OS_ENOMEM;
}

void master_offer_timeout(struct world *w, uint32_t id)
{
	struct offer *o = W_OFFER(w, id);
	struct framework *f = &w->fws[o->fw];
	fw_drop_offer(w, o->fw, id);
	world_explain(w, "offer %llu to %s rescinded after %.3g s unanswered",
		      (unsigned long long)o->number, f->name,
		      simtime_to_sec(w->offer_timeout));
	f->m.rescinded++;
	metrics_offer_done(w, o, "rescinded");
	master_recover(w, o);
	pool_free(&w->offers, id);
	master_request_pass(w);
}
