/*
 * fault.c - agents that fail and come back, as Mesos's master sees them.
 *
 * A failed agent stops answering pings: the master disconnects it at
 * once (its offers are rescinded and it gets no new ones; its tasks, out
 * of reach, run on), and removes it when agent_ping_timeout x
 * max_agent_ping_timeouts has passed without it (Mesos 15 s x 5 = 75 s;
 * src/master/master.cpp, the slave observer's timeout leading to
 * markUnreachable).  Removal ends its tasks as lost (unreachable for a
 * partition-aware framework), which their frameworks retry by their own
 * policy (task.c), and removes every framework's filters on it (the
 * hierarchical allocator's removeSlave calls removeFilters).  A repaired
 * agent re-registers: with its tasks still running when it comes back
 * within the timeout, empty after it was removed.
 *
 * Failures come from each group's `failures:` (a time to failure drawn
 * from mtbf, again after each repair, and the listed times `at`) and from
 * the timeline (fail_agent, repair_agent).  Draws go through the streams
 * failures/GROUP and repairs/GROUP, made only for groups with failures,
 * so a scenario without them draws nothing new and keeps its bytes.
 */
#include "fault.h"

#include <stdio.h>
#include <stdlib.h>

#include "../core/dist.h"
#include "../core/err.h"
#include "../core/rng.h"
#include "../config/scenario.h"
#include "master.h"
#include "replay.h"
#include "task.h"
#include "world.h"

static simtime_t draw(const struct dist_spec *d, gsl_rng *r)
{
	double x = dist_sample(d, r);
	if (!(x >= 0))
		x = 0;
	if (x > 1e12)
		x = 1e12;   /* later than any horizon a scenario can have */
	return simtime_from_sec(x);
}

/* Queue the agent's next failure: the earlier of its drawn one and the
 * group's next listed time. */
static void schedule_failure(struct world *w, int agent)
{
	struct agent_fault *af = &w->afault[agent];
	const struct agent_group *g = &w->sc->groups[w->agents[agent].group];
	simtime_t t = af->next_mtbf;
	while (af->next_at < g->nfail_at &&
	       simtime_from_sec(g->fail_at[af->next_at]) < w->now)
		af->next_at++;
	if (af->next_at < g->nfail_at) {
		simtime_t at = simtime_from_sec(g->fail_at[af->next_at]);
		if (at < t)
			t = at;
	}
	if (evq_node_queued(&af->fail_ev))
		evq_cancel(&w->q, &af->fail_ev);
	if (t != SIMTIME_NEVER &&
	    evq_push(&w->q, &af->fail_ev, t, EVQ_PHASE_AGENT))
		w->failed = OS_ENOMEM;
}

static int fw_fault_init(struct world *w);

int fault_init(struct world *w)
{
	const struct scenario *sc = w->sc;
	int any = 0, rc;
	for (int g = 0; g < sc->ngroups; g++)
		any |= sc->groups[g].has_mtbf || sc->groups[g].nfail_at > 0;
	for (int e = 0; e < sc->nevents; e++)
		any |= sc->events[e].kind == SE_FAIL_AGENT;
	w->agent_gone = simtime_from_sec(sc->agent_ping_timeout *
					 (double)sc->max_agent_ping_timeouts);
	for (int i = 0; i < w->nfws; i++) {
		int any_rate = sc->fws[i].task_failure_rate > 0;
		for (int k = 0; k < sc->fws[i].nclass_failure_rate; k++)
			any_rate |= sc->fws[i].class_failure_rate[k] > 0;
		if (!any_rate)
			continue;
		char name[160];
		snprintf(name, sizeof name, "task-failures/%s", w->fws[i].name);
		if (!(w->fws[i].task_fail_rng = rng_stream_new(sc->seed, name)))
			return OS_ENOMEM;
	}
	if ((rc = fw_fault_init(w)))
		return rc;
	if (!any)
		return 0;
	w->afault = calloc((size_t)w->nagents, sizeof *w->afault);
	w->fail_rng = calloc((size_t)sc->ngroups, sizeof *w->fail_rng);
	w->repair_rng = calloc((size_t)sc->ngroups, sizeof *w->repair_rng);
	if (!w->afault || !w->fail_rng || !w->repair_rng)
		return OS_ENOMEM;
	for (int g = 0; g < sc->ngroups; g++) {
		const struct agent_group *ag = &sc->groups[g];
		if (!ag->has_mtbf && !ag->nfail_at)
			continue;
		char name[128];
		snprintf(name, sizeof name, "failures/%s", ag->name);
		w->fail_rng[g] = rng_stream_new(sc->seed, name);
		snprintf(name, sizeof name, "repairs/%s", ag->name);
		w->repair_rng[g] = rng_stream_new(sc->seed, name);
		if (!w->fail_rng[g] || !w->repair_rng[g])
			return OS_ENOMEM;
	}
	for (int a = 0; a < w->nagents; a++) {
		struct agent_fault *af = &w->afault[a];
		int g = w->agents[a].group;
		evq_node_init(&af->fail_ev, EV_AGENT_FAIL, (uint32_t)a);
		evq_node_init(&af->repair_ev, EV_AGENT_REPAIR, (uint32_t)a);
		evq_node_init(&af->gone_ev, EV_AGENT_GONE, (uint32_t)a);
		af->next_mtbf = SIMTIME_NEVER;
		if (sc->groups[g].has_mtbf)
			af->next_mtbf = draw(&sc->groups[g].mtbf, w->fail_rng[g]);
		if (sc->groups[g].has_mtbf || sc->groups[g].nfail_at)
			schedule_failure(w, a);
	}
	return w->failed;
}

void fault_release(struct world *w)
{
	for (int i = 0; w->fws && i < w->nfws; i++)
		if (w->fws[i].task_fail_rng)
			gsl_rng_free(w->fws[i].task_fail_rng);
	for (int g = 0; w->fail_rng && g < w->sc->ngroups; g++) {
		if (w->fail_rng[g])
			gsl_rng_free(w->fail_rng[g]);
		if (w->repair_rng[g])
			gsl_rng_free(w->repair_rng[g]);
	}
	free(w->fail_rng);
	free(w->repair_rng);
	free(w->afault);
	for (int i = 0; w->disc_rng && i < w->nfws; i++) {
		if (w->disc_rng[i])
			gsl_rng_free(w->disc_rng[i]);
		if (w->back_rng[i])
			gsl_rng_free(w->back_rng[i]);
	}
	free(w->disc_rng);
	free(w->back_rng);
	free(w->ffault);
}

void fault_fail(struct world *w, int agent, simtime_t repair_after)
{
	struct agent_fault *af = &w->afault[agent];
	struct agent *a = &w->agents[agent];
	if (af->down || (!a->present && !af->removed))
		return;   /* already down, or never registered */
	af->down = 1;
	af->down_since = w->now;
	w->ndown++;
	world_explain(w, "agent %s fails: disconnected, removed at %.3f s unless it comes back",
		      a->name, simtime_to_sec(w->now + w->agent_gone));
	master_agent_disconnect(w, agent);
	if (evq_push(&w->q, &af->gone_ev, w->now + w->agent_gone,
		     EVQ_PHASE_AGENT))
		w->failed = OS_ENOMEM;
	if (repair_after >= 0 &&
	    evq_push(&w->q, &af->repair_ev, w->now + repair_after,
		     EVQ_PHASE_AGENT))
		w->failed = OS_ENOMEM;
}

void fault_fire(struct world *w, int agent)
{
	struct agent_fault *af = &w->afault[agent];
	int g = w->agents[agent].group;
	const struct agent_group *ag = &w->sc->groups[g];
	/* Which source fired: a listed time is used up, a drawn one is
	 * drawn again after the repair. */
	if (af->next_at < ag->nfail_at &&
	    simtime_from_sec(ag->fail_at[af->next_at]) <= w->now)
		af->next_at++;
	else
		af->next_mtbf = SIMTIME_NEVER;
	if (af->down) {
		schedule_failure(w, agent);
		return;
	}
	fault_fail(w, agent, draw(&ag->mttr, w->repair_rng[g]));
}

void fault_gone(struct world *w, int agent)
{
	struct agent *a = &w->agents[agent];
	struct agent_fault *af = &w->afault[agent];
	world_explain(w, "agent %s removed: no ping for %.3f s",
		      a->name, simtime_to_sec(w->agent_gone));
	for (int i = 0; i < w->nfws; i++)
		task_lose_on_agent(w, i, agent);
	master_agent_remove(w, agent);
	if (w->rp.rec)
		replay_agent(w, agent, 0);
	af->removed = 1;
	master_request_pass(w);
}

void fault_repair(struct world *w, int agent)
{
	struct agent_fault *af = &w->afault[agent];
	struct agent *a = &w->agents[agent];
	if (!af->down)
		return;
	af->down = 0;
	w->ndown--;
	w->down_us += (double)(w->now - af->down_since);
	if (evq_node_queued(&af->repair_ev))
		evq_cancel(&w->q, &af->repair_ev);
	if (evq_node_queued(&af->gone_ev))
		evq_cancel(&w->q, &af->gone_ev);
	world_explain(w, af->removed ? "agent %s is repaired and registers again, empty"
				     : "agent %s is back within the timeout, with %d task%s still running",
		      a->name, w->arunning[agent], w->arunning[agent] == 1 ? "" : "s");
	master_agent_reregister(w, agent, af->removed);
	if (af->removed && w->rp.rec)
		replay_agent(w, agent, 1);
	af->removed = 0;
	const struct agent_group *g = &w->sc->groups[a->group];
	if (g->has_mtbf) {
		af->next_mtbf = w->now + draw(&g->mtbf, w->fail_rng[a->group]);
		schedule_failure(w, agent);
	}
}

double fault_availability(const struct world *w)
{
	if (!w->afault || w->nagents == 0 || w->now <= 0)
		return 1;
	double down = w->down_us;
	for (int a = 0; a < w->nagents; a++)
		if (w->afault[a].down)
			down += (double)(w->now - w->afault[a].down_since);
	return 1 - down / ((double)w->nagents * (double)w->now);
}

/* ------------------------------------------------------------------ */
/* Framework failover                                                   */

/*
 * Master::exited and failoverFramework in src/master/master.cpp: a
 * framework whose scheduler goes away is deactivated (its offers
 * rescinded, its filters cleared by the allocator's
 * deactivateFramework), its tasks run on, and it is removed when
 * failover_timeout (FrameworkInfo's, default 0) passes without it:
 * removeFramework kills its tasks.  A scheduler that re-registers in time
 * resumes with its tasks; one that comes back later registers anew and
 * finds them killed.  The framework's queue is its scheduler's: work
 * keeps arriving in it while the scheduler is away.
 */
static int fw_fault_init(struct world *w)
{
	const struct scenario *sc = w->sc;
	int any = 0;
	for (int i = 0; i < sc->nfws; i++)
		any |= sc->fws[i].has_disc;
	for (int e = 0; e < sc->nevents; e++)
		any |= sc->events[e].kind == SE_DISCONNECT_FRAMEWORK;
	if (!any)
		return 0;
	w->ffault = calloc((size_t)w->nfws, sizeof *w->ffault);
	w->disc_rng = calloc((size_t)w->nfws, sizeof *w->disc_rng);
	w->back_rng = calloc((size_t)w->nfws, sizeof *w->back_rng);
	if (!w->ffault || !w->disc_rng || !w->back_rng)
		return OS_ENOMEM;
	for (int i = 0; i < w->nfws; i++) {
		struct fw_fault *ff = &w->ffault[i];
		evq_node_init(&ff->disc_ev, EV_FW_DISCONNECT, (uint32_t)i);
		evq_node_init(&ff->back_ev, EV_FW_RECONNECT, (uint32_t)i);
		evq_node_init(&ff->failover_ev, EV_FW_FAILOVER, (uint32_t)i);
		if (!sc->fws[i].has_disc)
			continue;
		char name[160];
		snprintf(name, sizeof name, "disconnects/%s", w->fws[i].name);
		w->disc_rng[i] = rng_stream_new(sc->seed, name);
		snprintf(name, sizeof name, "reconnects/%s", w->fws[i].name);
		w->back_rng[i] = rng_stream_new(sc->seed, name);
		if (!w->disc_rng[i] || !w->back_rng[i])
			return OS_ENOMEM;
		if (evq_push(&w->q, &ff->disc_ev,
			     draw(&sc->fws[i].disc_mtbf, w->disc_rng[i]),
			     EVQ_PHASE_AGENT))
			return OS_ENOMEM;
	}
	return 0;
}

void fault_fw_disconnect(struct world *w, int fw, simtime_t back_after)
{
	struct fw_fault *ff = &w->ffault[fw];
	struct framework *f = &w->fws[fw];
	if (ff->away || !f->present)
		return;
	ff->away = 1;
	simtime_t timeout = simtime_from_sec(f->spec->failover_timeout);
	world_explain(w, "framework %s disconnects: its tasks are killed at %.3f s unless it re-registers",
		      f->name, simtime_to_sec(w->now + timeout));
	master_framework_disconnect(w, fw);
	if (evq_push(&w->q, &ff->failover_ev, w->now + timeout, EVQ_PHASE_AGENT))
		w->failed = OS_ENOMEM;
	if (back_after == -1 && f->spec->has_disc)
		back_after = draw(&f->spec->disc_mttr, w->back_rng[fw]);
	if (back_after >= 0 &&
	    evq_push(&w->q, &ff->back_ev, w->now + back_after, EVQ_PHASE_AGENT))
		w->failed = OS_ENOMEM;
}

void fault_fw_fire(struct world *w, int fw)
{
	fault_fw_disconnect(w, fw, -1);
}

void fault_fw_failover(struct world *w, int fw)
{
	struct fw_fault *ff = &w->ffault[fw];
	struct framework *f = &w->fws[fw];
	world_explain(w, "framework %s removed: failover_timeout %.3f s passed; its tasks are killed",
		      f->name, f->spec->failover_timeout);
	uint32_t id = f->run_head;
	while (id != POOL_NONE) {
		uint32_t next = W_TASK(w, id)->run_next;
		task_kill(w, id);
		id = next;
	}
	ff->removed = 1;
	master_request_pass(w);
}

void fault_fw_reconnect(struct world *w, int fw)
{
	struct fw_fault *ff = &w->ffault[fw];
	struct framework *f = &w->fws[fw];
	if (!ff->away)
		return;
	ff->away = 0;
	if (evq_node_queued(&ff->back_ev))
		evq_cancel(&w->q, &ff->back_ev);
	if (evq_node_queued(&ff->failover_ev))
		evq_cancel(&w->q, &ff->failover_ev);
	world_explain(w, ff->removed ? "framework %s registers again, its tasks gone"
				     : "framework %s re-registers within failover_timeout, with %d task%s running",
		      f->name, f->running, f->running == 1 ? "" : "s");
	ff->removed = 0;
	master_framework_reregister(w, fw);
	if (f->spec->has_disc &&
	    evq_push(&w->q, &ff->disc_ev,
		     w->now + draw(&f->spec->disc_mtbf, w->disc_rng[fw]),
		     EVQ_PHASE_AGENT))
		w->failed = OS_ENOMEM;
}
