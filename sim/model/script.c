/*
 * script.c - the scenario's `events:` timeline: operator actions (agents
 * and frameworks come and go, weights and quota change) and the actions of
 * scripted frameworks (decline, accept, return, suppress, revive), each at
 * its time, in file order within an instant.
 *
 * A scripted framework holds every offer until an event acts on it, like
 * the test harness of Mesos's allocator tests, so a scenario can replay one
 * of those tests step by step and offers.csv can be compared row by row
 * with the allocations the test expects.  Which actions allocate at once
 * follows Mesos (hierarchical.cpp): addSlave allocates the new agent,
 * addFramework and reviveOffers allocate every agent; recoverResources
 * (decline, return), updateWeights, updateQuota and suppressOffers do not,
 * and wait for the next batch allocation.
 *
 * Events run in the EVQ_PHASE_AGENT phase: after the task ends of their
 * instant, before its allocation pass.
 */
#include "script.h"

#include <string.h>

#include "world.h"
#include "fault.h"
#include "framework.h"
#include "master.h"
#include "metrics.h"
#include "task.h"
#include "../core/err.h"
#include "../config/scenario.h"

static void push_next(struct world *w)
{
	const struct scenario *sc = w->sc;
	if (w->next_event >= sc->nevents)
		return;
	simtime_t t = simtime_from_sec(sc->events[w->next_event].at);
	if (t < w->now)
		t = w->now;
	if (evq_push(&w->q, &w->script_ev, t, EVQ_PHASE_AGENT))
		w->failed = OS_ENOMEM;
}

int script_init(struct world *w)
{
	evq_node_init(&w->script_ev, EV_SCRIPT, 0);
	w->next_event = 0;
	push_next(w);
	return w->failed;
}

/* Give back an offer of fw: outcome for offers.csv, and a filter of
 * duration (0: none). */
static void give_back(struct world *w, uint32_t id, const char *outcome,
		      simtime_t filter)
{
	struct offer *o = W_OFFER(w, id);
	struct framework *f = &w->fws[o->fw];
	evq_cancel(&w->q, &o->timeout_ev);
	fw_drop_offer(w, o->fw, id);
	if (filter > 0 && !res_is_zero(o->left, w->nres))
		master_install_filter_for(w, o->fw, o->agent, o->left, filter);
	if (w->opt.explain) {
		char buf[256];
		res_format(&w->sc->res, o->left, buf, sizeof buf);
		world_explain_of(w, o->fw, o->agent, EX_NONE, "%s %s offer %llu <%s> (filter %.3g s)", f->name,
			      outcome, (unsigned long long)o->number, buf,
			      simtime_to_sec(filter));
	}
	/* A return gives the offer back unused, as a decline with no
	 * filter: the summary counts it there (offers.csv says returned). */
	if (!strcmp(outcome, "declined") || !strcmp(outcome, "returned"))
		f->m.declined++;
	else if (!strcmp(outcome, "accepted"))
		f->m.accepted++;
	else if (!strcmp(outcome, "rescinded"))
		f->m.rescinded++;
	metrics_offer_done(w, o, outcome);
	if (w->rp.rec)
		replay_offer_done(w, o, !strcmp(outcome, "declined") ? 'D' :
				  !strcmp(outcome, "accepted") ? 'A' :
				  !strcmp(outcome, "rescinded") ? 'R' : 'B',
				  filter);
	master_recover(w, o);
	master_offer_free(w, id);
}

/* The framework's offers on agent (any agent when agent < 0), oldest
 * first, into ids; returns how many (at most max). */
static int offers_of(struct world *w, int fw, int agent, uint32_t *ids,
		     int max)
{
	const struct framework *f = &w->fws[fw];
	int n = 0;
	uint32_t heads[2] = {f->held_head, f->off_head};
	for (int l = 0; l < 2; l++)
		for (uint32_t id = heads[l]; id != POOL_NONE && n < max;
		     id = W_OFFER(w, id)->next)
			if (agent < 0 || W_OFFER(w, id)->agent == agent)
				ids[n++] = id;
	return n;
}

/* Kill the framework's running tasks on agent (any agent when < 0). */
static void kill_tasks(struct world *w, int fw, int agent, int requeue)
{
	struct framework *f = &w->fws[fw];
	uint32_t id = f->run_head;
	while (id != POOL_NONE) {
		uint32_t next = W_TASK(w, id)->run_next;
		if (agent < 0 || W_TASK(w, id)->agent == agent) {
			if (requeue)
				task_preempt(w, id, 1);
			else
				task_kill(w, id);
		}
		id = next;
	}
}


static void drop_offers(struct world *w, int fw, int agent,
			const char *outcome, simtime_t filter)
{
	uint32_t ids[256];
	int n;
	do {
		n = offers_of(w, fw, agent, ids, 256);
		for (int i = 0; i < n; i++)
			give_back(w, ids[i], outcome, filter);
	} while (n == 256);
}

/*
 * Setting a quota rescinds outstanding offers so that the role can be
 * offered what it is now owed, as Mesos's quota handler does on SET_QUOTA
 * (quota_handler.cpp, rescindOffers): it visits the registered agents and
 * rescinds every outstanding offer of each (whoever holds it, with no
 * filter), until the offers rescinded hold the guarantee and at least as
 * many agents gave offers as the role has registered frameworks.  Mesos
 * walks its agents in hash order; here they go in id order.  The
 * resources wait for the next batch allocation, as in Mesos, where the
 * quota is set first and the rescinded resources are offered by a later
 * allocation.
 */
static void quota_rescind(struct world *w, const struct sc_event *e)
{
	int nres = w->nres, nfw = 0, visited = 0;
	resq_t got[RES_MAX] = {0};
	for (int i = 0; i < w->nfws; i++)
		if (w->fws[i].present && !strcmp(w->fws[i].role, e->role))
			nfw++;
	for (int a = 0; a < w->nagents; a++) {
		int enough = visited >= nfw;
		for (int r = 0; r < nres && enough; r++)
			if (e->quota.has_guarantee && got[r] < e->quota.guarantee[r])
				enough = 0;
		if (enough)
			break;
		if (!w->agents[a].present)
			continue;
		int any = 0;
		for (int i = 0; i < w->nfws; i++) {
			uint32_t ids[256];
			int n;
			do {
				n = offers_of(w, i, a, ids, 256);
				for (int k = 0; k < n; k++) {
					res_add(got, W_OFFER(w, ids[k])->left, nres);
					give_back(w, ids[k], "rescinded", 0);
				}
				any |= n > 0;
			} while (n == 256);
		}
		visited += any;
	}
}

static simtime_t decline_filter(const struct world *w, const struct framework *f,
				double refuse_seconds)
{
	if (refuse_seconds < 0)
		return f->filter_duration;
	if (refuse_seconds == 0)
		return 0;
	/* At least one allocation interval, as Mesos (MESOS-4302). */
	simtime_t d = simtime_from_sec(refuse_seconds);
	return d > w->interval ? d : w->interval;
}

static void accept(struct world *w, const struct sc_event *e)
{
	struct framework *f = &w->fws[e->fw];
	uint32_t ids[1];
	if (offers_of(w, e->fw, e->agent, ids, 1) == 0) {
		world_explain_of(w, e->fw, e->agent, EX_NONE, "%s has no offer on %s to accept", f->name,
			      w->agents[e->agent].name);
		return;
	}
	struct offer *o = W_OFFER(w, ids[0]);
	resq_t res[RES_MAX] = {0};
	memcpy(res, e->has_res ? e->res : o->left,
	       sizeof(resq_t) * (size_t)w->nres);
	if (!res_fits(res, o->left, w->nres)) {
		world_explain_of(w, e->fw, o->agent, EX_NONE, "%s cannot launch: offer %llu is too small",
			      f->name, (unsigned long long)o->number);
		return;
	}
	simtime_t dur = e->duration > 0 ? simtime_from_sec(e->duration)
					 : SIMTIME_NEVER / 4;
	uint32_t t = task_new(w, e->fw, res, dur);
	if (t == POOL_NONE)
		return;
	master_offer_consume(w, o, res);
	o->launched++;
	W_TASK(w, t)->pt.submit = w->now;
	task_start(w, t, o->agent);
	give_back(w, ids[0], "accepted", decline_filter(w, f, e->refuse_seconds));
}

static void fire(struct world *w, const struct sc_event *e)
{
	struct framework *f = e->fw >= 0 ? &w->fws[e->fw] : NULL;
	struct agent *a = e->agent >= 0 ? &w->agents[e->agent] : NULL;
	switch (e->kind) {
	case SE_ADD_AGENT:
		if (a->present)
			break;
		a->present = 1;
		w->nabsent--;
		res_add(w->total, a->total, w->nres);
		for (int r = 0; r < w->nres; r++)
			if (a->total[r] > w->max_agent[r])
				w->max_agent[r] = a->total[r];
		master_total_changed(w);
		if (w->rp.rec)
			replay_agent(w, e->agent, 1);
		world_explain_of(w, EX_NONE, e->agent, EX_NONE, "agent %s joins", a->name);
		master_pass_now(w, e->agent);
		break;
	case SE_REMOVE_AGENT:
		if (!a->present)
			break;
		/* Mesos's removeSlave: the agent's tasks are lost (their
		 * frameworks retry them by their own policy), its offers
		 * rescinded and its filters removed. */
		world_explain_of(w, EX_NONE, e->agent, EX_NONE, "agent %s leaves", a->name);
		for (int i = 0; i < w->nfws; i++) {
			drop_offers(w, i, e->agent, "rescinded", 0);
			task_lose_on_agent(w, i, e->agent);
		}
		master_agent_remove(w, e->agent);
		if (w->rp.rec)
			replay_agent(w, e->agent, 0);
		break;
	case SE_FAIL_AGENT:
		fault_fail(w, e->agent, e->duration > 0
			   ? simtime_from_sec(e->duration) : -1);
		break;
	case SE_REPAIR_AGENT:
		if (w->afault)
			fault_repair(w, e->agent);
		break;
	case SE_DISCONNECT_FRAMEWORK:
		fault_fw_disconnect(w, e->fw, e->duration > 0
				    ? simtime_from_sec(e->duration) : -2);
		break;
	case SE_RECONNECT_FRAMEWORK:
		if (w->ffault)
			fault_fw_reconnect(w, e->fw);
		break;
	case SE_ADD_FRAMEWORK:
		if (f->present)
			break;
		world_explain_of(w, e->fw, EX_NONE, EX_NONE, "framework %s registers (role %s)", f->name,
			      f->role);
		master_framework_presence(w, e->fw, 1);
		master_pass_now(w, -1);
		break;
	case SE_REMOVE_FRAMEWORK:
		if (!f->present)
			break;
		world_explain_of(w, e->fw, EX_NONE, EX_NONE, "framework %s leaves", f->name);
		drop_offers(w, e->fw, -1, "rescinded", 0);
		kill_tasks(w, e->fw, -1, 0);
		master_framework_presence(w, e->fw, 0);
		break;
	case SE_SET_WEIGHT:
		world_explain_of(w, EX_ALL, EX_NONE, EX_NONE, "role %s weight %g", e->role, e->weight);
		master_set_weight(w, e->role, e->weight);
		break;
	case SE_SET_QUOTA:
		world_explain_of(w, EX_ALL, EX_NONE, EX_NONE, "role %s quota updated", e->role);
		master_set_quota(w, e->role, &e->quota);
		if (e->rescind)
			quota_rescind(w, e);
		break;
	case SE_SUPPRESS:
		world_explain_of(w, e->fw, EX_NONE, EX_NONE, "%s suppresses offers", f->name);
		f->suppressed = 1;
		break;
	case SE_REVIVE:
		world_explain_of(w, e->fw, EX_NONE, EX_NONE, "%s revives offers", f->name);
		f->suppressed = 0;
		master_revive(w, e->fw);
		master_pass_now(w, -1);
		break;
	case SE_DECLINE:
		drop_offers(w, e->fw, e->agent, "declined",
			    decline_filter(w, f, e->refuse_seconds));
		break;
	case SE_ACCEPT:
		accept(w, e);
		break;
	case SE_RETURN:
		drop_offers(w, e->fw, e->agent, "returned", 0);
		kill_tasks(w, e->fw, e->agent, 0);
		break;
	default:
		BUG("unknown scripted event");
	}
}

void script_fire(struct world *w)
{
	const struct scenario *sc = w->sc;
	while (w->next_event < sc->nevents &&
	       simtime_from_sec(sc->events[w->next_event].at) <= w->now)
		fire(w, &sc->events[w->next_event++]);
	push_next(w);
	/* Whatever changed may revive the batch allocation's ticks. */
	master_request_pass(w);
}
