/*
 * engine.c - one run: build the world from a scenario, pop events until
 * the work is done (or the horizon), hand each event to its module, and
 * finish the outputs.
 *
 * The loop is deliberately plain: pop, set the clock, dispatch on kind.
 * Everything that needs to happen "after all events of this instant" is an
 * event in a later phase of the same instant (see evq.h), so no handler
 * looks ahead; only the metrics see the settled state of an instant, when
 * the clock is about to move on (metrics_settled).  The run ends when no
 * task is waiting or running, no offer is out and every workload source
 * is exhausted, or when the queue is empty (waiting work that nothing can
 * ever start again; it is reported as still waiting).
 */
#include "engine.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/diag.h"
#include "../core/err.h"
#include "../core/rowpipe.h"
#include "../config/scenario.h"
#include "fault.h"
#include "framework.h"
#include "gantt.h"
#include "master.h"
#include "check.h"
#include "metrics.h"
#include "queuelog.h"
#include "script.h"
#include "stop.h"
#include "task.h"
#include "world.h"

/* ------------------------------------------------------------------ */
/* Workload arrivals                                                    */

/* Pull the framework's next record and queue its arrival. */
static int pull_next(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	int rc = wl_next(f->src, &f->next);
	if (rc < 0) {
		w->failed = rc;
		return rc;
	}
	if (rc == 0) {
		f->has_next = 0;
		w->sources_open--;
		return 0;
	}
	f->has_next = 1;
	if (evq_push(&w->q, &f->arrival_ev, f->next.submit, EVQ_PHASE_ARRIVAL)) {
		w->failed = OS_ENOMEM;
		return OS_ENOMEM;
	}
	return 1;
}

static int fits_some_agent(const struct world *w, const resq_t *res)
{
	/* Groups share a shape, so one agent per group is enough; the
	 * component-wise maximum is a fast first test. */
	if (!res_fits(res, w->max_agent, w->nres))
		return 0;
	for (int a = 0; a < w->nagents; a++)
		if (res_fits(res, w->agents[a].total, w->nres))
			return 1;
	return 0;
}

static void on_arrival(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	const struct wl_task *r = &f->next;
	uint32_t id = pool_alloc(&w->tasks);
	if (id == POOL_NONE) {
		w->failed = OS_ENOMEM;
		return;
	}
	struct task *t = task_init(w, id, fw, r->res);
	t->pt.job_id = r->job_id;
	t->pt.task_id = r->task_id;
	t->pt.submit = r->submit;
	t->pt.duration = r->duration;
	t->pt.estimate = r->estimate > 0 ? r->estimate : r->duration;
	t->pt.remaining = r->duration;
	t->pt.priority = r->priority;
	t->pt.procs = r->procs > 0 ? r->procs
		    : r->job_tasks > 0 ? r->job_tasks : 1;
	t->job_tasks = r->job_tasks;
	t->attempt = r->attempt;
	t->trace_end = r->end;
	t->cls = r->sched_class;
	t->user = r->user;
	metrics_task_submitted(w, t);

	if (!fits_some_agent(w, t->res)) {
		if (f->oversized++ == 0) {
			res_format(&w->sc->res, t->res, f->oversized_res,
				   sizeof f->oversized_res);
			f->oversized_job = r->job_id;
			f->oversized_task = r->task_id;
			f->oversized_line = r->line;
		}
		t->state = TASK_REJECTED;
		metrics_task_rejected(w, t);
		fw_gang_task_rejected(w, fw, t);
		pool_free(&w->tasks, id);
	} else {
		if (w->opt.explain) {
			char buf[256];
			res_format(&w->sc->res, t->res, buf, sizeof buf);
			world_explain_of(w, fw, EX_NONE, r->job_id, "%s: job %lld task %lld submitted <%s>, runs %.3f s",
				      f->name, (long long)r->job_id,
				      (long long)r->task_id, buf,
				      simtime_to_sec(r->duration));
		}
		/* Work for an idle framework may revive it (see
		 * master_idle_revive); work for a framework that already
		 * waits keeps its filters and waits for the next pass. */
		int idle = f->q_len == 0;
		fw_enqueue(w, fw, id);
		if (f->hoard || f->gang == GANG_HOLD)
			fw_hoard_wake(w, fw);
		if (idle)
			master_idle_revive(w, fw);
		master_request_pass(w);
	}
	pull_next(w, fw);
}

/* ------------------------------------------------------------------ */
/* Set up and tear down                                                 */

static int build_agents(struct world *w)
{
	const struct scenario *sc = w->sc;
	int n = 0;
	for (int g = 0; g < sc->ngroups; g++)
		n += sc->groups[g].count;
	w->agents = calloc((size_t)n, sizeof *w->agents);
	if (!w->agents)
		return OS_ENOMEM;
	size_t slots = 0;
	for (int g = 0; g < sc->ngroups; g++)
		slots += (size_t)sc->groups[g].count * (size_t)sc->groups[g].nresv;
	if (slots) {
		w->resv_store = calloc(3 * slots, sizeof(resq_t) * RES_MAX);
		if (!w->resv_store)
			return OS_ENOMEM;
	}
	resq_t *row = w->resv_store;
	size_t stride = (size_t)(w->nres > 0 ? w->nres : 1);
	w->afree = calloc((size_t)n * stride, sizeof *w->afree);
	w->atotal = calloc((size_t)n * stride, sizeof *w->atotal);
	w->arunning = calloc((size_t)(n > 0 ? n : 1), sizeof *w->arunning);
	if (!w->afree || !w->atotal || !w->arunning)
		return OS_ENOMEM;
	w->nagents = n;
	int id = 0;
	for (int g = 0; g < sc->ngroups; g++) {
		const struct agent_group *ag = &sc->groups[g];
		for (int i = 0; i < ag->count; i++, id++) {
			struct agent *a = &w->agents[id];
			if (ag->count == 1)
				snprintf(a->name, sizeof a->name, "%s", ag->name);
			else
				snprintf(a->name, sizeof a->name, "%s-%d", ag->name, i);
			a->group = g;
			a->free = w->afree + (size_t)id * stride;
			a->total = w->atotal + (size_t)id * stride;
			memcpy(a->total, ag->res, sizeof(resq_t) * (size_t)w->nres);
			memcpy(a->free, ag->res, sizeof(resq_t) * (size_t)w->nres);
			a->present = !ag->absent;
			w->nabsent += !a->present;
			a->nresv = ag->nresv;
			if (ag->nresv) {
				a->resv_total = (resq_t (*)[RES_MAX])row;
				row += (size_t)ag->nresv * RES_MAX;
				a->resv_free = (resq_t (*)[RES_MAX])row;
				row += (size_t)ag->nresv * RES_MAX;
				a->resv_used = (resq_t (*)[RES_MAX])row;
				row += (size_t)ag->nresv * RES_MAX;
			}
			for (int k = 0; k < ag->nresv; k++) {
				memcpy(a->resv_total[k], ag->resv[k].res,
				       sizeof a->resv_total[k]);
				memcpy(a->resv_free[k], ag->resv[k].res,
				       sizeof a->resv_free[k]);
			}
			if (a->present)
				res_add(w->total, ag->res, w->nres);
			res_add(w->capacity, ag->res, w->nres);
			for (int r = 0; r < w->nres; r++)
				if (ag->res[r] > w->max_agent[r])
					w->max_agent[r] = ag->res[r];
		}
	}
	return 0;
}

static void world_release(struct world *w)
{
	/* First: its thread formats rows from names the rest owns. */
	rowpipe_free(w->rows);
	w->rows = NULL;
	/* Before the frameworks, whose failure streams it frees. */
	fault_release(w);
	if (w->fws) {
		for (int i = 0; i < w->nfws; i++)
			fw_release(w, i);
		free(w->fws);
	}
	master_release(w);
	check_release(w);
	metrics_release(w);
	queuelog_release(w);
	replay_release(w);
	gantt_release(&w->gantt);
	evq_release(&w->q);
	pool_release(&w->tasks);
	pool_release(&w->offers);
	pool_release(&w->offer_resv);
	free(w->answer_buf);
	free(w->mf_buf);
	free(w->resv_store);
	free(w->afree);
	free(w->atotal);
	free(w->arunning);
	free(w->agents);
}

/* The names in x as the ids the narration filter compares (world.h). */
static int explain_only(struct world *w, const struct sim_explain *x,
			struct diag *d)
{
	struct explain_filter *f = &w->opt.only;
	f->from = simtime_from_sec(x->from > 0 ? x->from : 0);
	if (x->to >= 0)
		f->to = simtime_from_sec(x->to);
	if (x->has_job)
		f->job = x->job;
	int bad = 0;
	if (x->framework) {
		int i = 0;
		while (i < w->sc->nfws && strcmp(w->sc->fws[i].name, x->framework))
			i++;
		if (i < w->sc->nfws) {
			f->fw = i;
		} else {
			char names[512];
			size_t n = 0;
			names[0] = '\0';
			for (int k = 0; k < w->sc->nfws && n < sizeof names; k++)
				n += (size_t)snprintf(names + n, sizeof names - n, "%s%s",
						      k ? ", " : "", w->sc->fws[k].name);
			diag_error(d, "<command-line>", 1, x->framework_col,
				   "--framework: no framework '%s' in the scenario (it has %s)",
				   x->framework, names);
			bad = 1;
		}
	}
	if (x->agent) {
		int a = 0;
		while (a < w->nagents && strcmp(w->agents[a].name, x->agent))
			a++;
		if (a < w->nagents) {
			f->agent = a;
		} else {
			char names[512];
			size_t n = 0;
			names[0] = '\0';
			for (int k = 0; k < w->nagents && k < 8 && n < sizeof names; k++)
				n += (size_t)snprintf(names + n, sizeof names - n, "%s%s",
						      k ? ", " : "", w->agents[k].name);
			diag_error(d, "<command-line>", 1, x->agent_col,
				   "--agent: no agent '%s' in the scenario (it has %s%s)",
				   x->agent, names, w->nagents > 8 ? ", ..." : "");
			bad = 1;
		}
	}
	return bad ? OS_EINVAL : 0;
}

static int world_init(struct world *w, const struct scenario *sc,
		      const struct sim_options *o, struct diag *d)
{
	memset(w, 0, sizeof *w);
	w->sc = sc;
	w->diag = d;
	w->opt.explain = o ? o->explain : NULL;
	w->opt.only = (struct explain_filter){.from = 0, .to = SIMTIME_NEVER,
					      .fw = EX_ALL, .agent = EX_ALL,
					      .job = EX_ALL};
	w->opt.quiet = o ? o->quiet : 0;
	w->opt.host_policies = o ? o->host_policies : NULL;
	w->opt.nhost_policies = o ? o->nhost_policies : 0;
	/* The one place the test-only reference mode is read (world.h). */
	const char *ref = getenv("OFFERSIM_REFERENCE");
	w->reference = ref && *ref && strcmp(ref, "0") != 0;
	w->nres = sc->res.n;
	w->horizon = sc->horizon > 0 ? simtime_from_sec(sc->horizon) : SIMTIME_NEVER;
	w->interval = simtime_from_sec(sc->allocation_interval);
	w->offer_timeout = simtime_from_sec(sc->offer_timeout);
	w->sample_interval = simtime_from_sec(sc->sample_interval);
	if (w->sample_interval <= 0)
		w->sample_interval = SIMTIME_PER_SEC;
	evq_init(&w->q);
	/* Most events of a long run are task ends, whose handler reads most
	 * of the task, last touched at its start: load it while the event
	 * before is handled.  end_ev heads the task for this. */
	_Static_assert(offsetof(struct task, end_ev) == 0,
		       "a task's end event heads it");
	evq_read_ahead(&w->q, sizeof(struct task));
	pool_init(&w->tasks, sizeof(struct task));
	pool_init(&w->offers, sizeof(struct offer) +
		  2 * sizeof(resq_t) * (size_t)sc->res.n);
	pool_init(&w->offer_resv, sizeof(resq_t) * AGENT_RESV_MAX * RES_MAX);
	evq_node_init(&w->tick_ev, EV_TICK, 0);
	evq_node_init(&w->pass_ev, EV_PASS, 0);

	int rc = build_agents(w);
	if (rc)
		return rc;
	w->fws = calloc((size_t)sc->nfws, sizeof *w->fws);
	if (!w->fws)
		return OS_ENOMEM;
	w->nfws = sc->nfws;
	if (o && o->explain_only && (rc = explain_only(w, o->explain_only, d)))
		return rc;
	for (int i = 0; i < sc->nfws; i++)
		if ((rc = fw_init(w, i)))
			return rc;
	/* The checker, from the options, the scenario or (for the test
	 * suite, which sets it everywhere) the environment. */
	const char *chk = getenv("OFFERSIM_CHECK");
	if (((o && o->check) || sc->check ||
	     (chk && *chk && strcmp(chk, "0") != 0)) &&
	    (rc = check_init(w)))
		return rc;
	if ((rc = master_init(w)))
		return rc;
	if ((rc = fault_init(w)))
		return rc;
	if ((rc = script_init(w)))
		return rc;
	for (int i = 0; i < sc->nfws; i++) {
		if (sc->fws[i].scripted)
			continue;   /* its tasks come from accept events */
		/* A trace is read ahead on a second processor unless the
		 * caller asks otherwise; the reference mode reads on this
		 * thread, so the corpus run both ways checks that the thread
		 * changes nothing. */
		int in_line = w->reference || (o && o->one_thread);
		if ((rc = (in_line ? wl_open : wl_open_ahead)(sc, i, d,
							      &w->fws[i].src)))
			return rc;
		w->sources_open++;
		if ((rc = pull_next(w, i)) < 0)
			return rc;
	}
	return 0;
}

/* Is anything left that could still change the state? */
static int work_left(const struct world *w)
{
	if (w->sources_open > 0 || w->next_event < w->sc->nevents ||
	    w->retrying > 0)
		return 1;
	for (int i = 0; i < w->nfws; i++) {
		const struct framework *f = &w->fws[i];
		if (f->q_len || f->running || f->noutstanding || f->nheld)
			return 1;
		/* A scripted framework runs until the horizon. */
		if (f->scripted && f->present)
			return 1;
	}
	return 0;
}

/*
 * Stalled: nothing runs, nothing more arrives, and many passes in a row
 * started nothing.  Then only offers and filters still change, and they
 * go round in circles (a rigid job declining the agents one at a time,
 * each filtered in turn, is the classic case).  Without this the run
 * would never end.
 */
#define STALL_PASSES 1000

static int stalled(const struct world *w)
{
	/* Failed agents come back: waiting for them is no circle. */
	if (w->passes_idle < STALL_PASSES || w->sources_open > 0 ||
	    w->ndown > 0 || w->retrying > 0)
		return 0;
	for (int i = 0; i < w->nfws; i++)
		if (w->fws[i].running)
			return 0;
	return 1;
}

static void dispatch(struct world *w, struct evq_node *e)
{
	switch (e->kind) {
	case EV_TASK_END: task_end(w, e->arg); break;
	case EV_ARRIVAL: on_arrival(w, (int)e->arg); break;
	case EV_RESPONSE: fw_respond(w, (int)e->arg); break;
	case EV_TIMEOUT: master_offer_timeout(w, e->arg); break;
	case EV_FILTER: master_filter_wakeup(w, (int)e->arg); break;
	case EV_TICK: master_pass(w); break;
	case EV_PASS: master_pass_event(w); break;
	case EV_SCRIPT: script_fire(w); break;
	case EV_REVIVE: master_revive_due(w, (int)e->arg); break;
	case EV_AGENT_FAIL: fault_fire(w, (int)e->arg); break;
	case EV_AGENT_REPAIR: fault_repair(w, (int)e->arg); break;
	case EV_AGENT_GONE: fault_gone(w, (int)e->arg); break;
	case EV_RETRY: task_requeue(w, e->arg); break;
	case EV_FW_DISCONNECT: fault_fw_fire(w, (int)e->arg); break;
	case EV_FW_RECONNECT: fault_fw_reconnect(w, (int)e->arg); break;
	case EV_FW_FAILOVER: fault_fw_failover(w, (int)e->arg); break;
	default: BUG("unknown event kind");
	}
}

/*
 * Ask the stop condition; 1 when it ends the run.  The next check waits
 * for as many events as there are tasks to sort (and at least 4096), so
 * checking costs O(log tasks) per event.
 */
static int check_stop(struct world *w, const struct sim_stop *stop,
		      uint64_t *next_check)
{
	struct sim_bounds b;
	struct sim_stop_why why;
	memset(&why, 0, sizeof why);
	if (stop_bounds(w, &b)) {
		w->failed = OS_ENOMEM;
		return 1;
	}
	int end = stop->check(stop->ctx, &b, &why);
	stop_bounds_release(&b);
	if (end) {
		w->stopped = 1;
		snprintf(w->stop_metric, sizeof w->stop_metric, "%s", why.metric);
		w->stop_bound = why.bound;
		return 1;
	}
	uint64_t tasks = 0;
	for (int i = 0; i < w->nfws; i++)
		tasks += w->fws[i].q_len + (uint64_t)w->fws[i].running +
			 w->fws[i].m.finished;
	*next_check = w->events + (tasks > 2048 ? 2 * tasks : 4096);
	return 0;
}

/* One warning per framework whose tasks were rejected for needing more
 * than any agent has: how many, and the first of them. */
static void report_oversized(struct world *w)
{
	for (int i = 0; i < w->nfws; i++) {
		const struct framework *f = &w->fws[i];
		if (!f->oversized)
			continue;
		diag_warn(w->diag, f->spec->wl.trace, (int)f->oversized_line, 0,
			  "%ld task%s of '%s' needed more than any agent has "
			  "and %s rejected; the first: task %lld.%lld needs <%s>",
			  f->oversized, f->oversized == 1 ? "" : "s", f->name,
			  f->oversized == 1 ? "was" : "were",
			  f->oversized_job, f->oversized_task, f->oversized_res);
	}
}

/*
 * The ticks of the old sampler clock (metrics.sample_interval) that the
 * event loop would have popped before an event at time `before` (never
 * past the horizon), counted in w->events as they always were.  A tick
 * sat in the last phase of its instant and changed nothing, so it was
 * popped exactly when the next real event was later than it, work was
 * left, and the horizon was not passed; the loop only calls this then.
 * Counting them keeps summary.json's events as it was, without an event
 * per tick.
 */
static void count_ticks(struct world *w, simtime_t before)
{
	simtime_t last = before - 1;
	if (w->horizon != SIMTIME_NEVER && w->horizon < last)
		last = w->horizon;
	if (w->next_tick > last)
		return;
	uint64_t n = (uint64_t)((last - w->next_tick) / w->sample_interval) + 1;
	w->events += n;
	w->next_tick += (simtime_t)n * w->sample_interval;
}

/*
 * A run held between calls.  sim_run is a loop over sim_start, sim_step
 * and sim_finish, so a run stepped by hand (the public API) goes through
 * exactly the code the command line does and gives the same bytes.
 */
struct sim {
	struct world w;
	const struct sim_options *o;
	double *trace_size;       /* per framework, bytes; for progress */
	struct diag *d;
	const char *dir;
	const struct sim_stop *stop;
	uint64_t next_check;
	int checked_complete;
	int state;                /* SIM_RUNNING, SIM_DONE (loop ended), or
				     SIM_CLOSED (finished or failed) */
	int rc;
	int last_kind;            /* enum ev_kind of the last event */
};

enum { SIM_RUNNING, SIM_DONE, SIM_CLOSED };

int sim_start(const struct scenario *sc, const struct sim_options *o,
	      struct diag *d, struct sim **out)
{
	*out = NULL;
	struct sim *s = calloc(1, sizeof *s);
	if (!s) {
		diag_error(d, NULL, 0, 0, "out of memory");
		return OS_ENOMEM;
	}
	struct world *w = &s->w;
	s->o = o;
	s->d = d;
	int rc = world_init(w, sc, o, d);
	const char *dir = o && o->outdir ? o->outdir : sc->output;
	s->dir = dir;
	if (rc == 0)
		rc = metrics_open(w, dir);
	if (rc == 0)
		rc = queuelog_open(w, dir);
	if (rc == 0)
		rc = replay_open(w, dir);
	if (rc == 0)
		rc = gantt_open(w, dir);
	/* Rows are formatted on a spare processor (cpuslot.h), in line in
	 * the reference mode, so that the corpus run both ways checks that
	 * the thread changes no byte. */
	if (rc == 0) {
		int in_line = w->reference || (o && o->one_thread);
		int when = in_line ? ROWPIPE_NEVER : ROWPIPE_IF_CPUS;
		if (!(w->rows = rowpipe_new(when)))
			rc = OS_ENOMEM;
	}
	if (rc) {
		if (rc == OS_ENOMEM)
			diag_error(d, NULL, 0, 0, "out of memory");
		replay_abort(w);
		queuelog_abort(w);
		metrics_abort(w);
		world_release(w);
		free(s);
		return rc;
	}
	s->stop = o && o->stop_when && stop_applies(w) ? o->stop_when : NULL;
	w->next_tick = 0;
	*out = s;
	return 0;
}

/* What part of framework i's workload is in (see struct sim_progress). */
static double input_part(struct sim *s, int i)
{
	struct world *w = &s->w;
	const struct framework *f = &w->fws[i];
	const struct workload_spec *wl = &f->spec->wl;
	if (!f->src || !f->has_next)
		return 1;
	if (wl->kind == WL_TRACE) {
		if (!s->trace_size) {
			s->trace_size = calloc((size_t)w->nfws, sizeof *s->trace_size);
			if (!s->trace_size)
				return 0;
			for (int k = 0; k < w->nfws; k++) {
				struct stat st;
				const char *p = w->fws[k].spec->wl.trace;
				if (p && stat(p, &st) == 0)
					s->trace_size[k] = (double)st.st_size;
			}
		}
		struct wl_stats ws = {0};
		wl_stats(f->src, &ws);
		double x = s->trace_size[i] > 0 ? (double)ws.bytes_read / s->trace_size[i] : 0;
		return x < 1 ? x : 1;
	}
	if (wl->kind == WL_SYNTHETIC && wl->synth.jobs > 0) {
		double x = (double)f->m.jobs_submitted / (double)wl->synth.jobs;
		return x < 1 ? x : 1;
	}
	return 0;
}

static void report_progress(struct sim *s)
{
	struct world *w = &s->w;
	struct sim_progress p = {.now = simtime_to_sec(w->now), .horizon = -1,
				 .events = (unsigned long long)w->events};
	double sum = 0;
	for (int i = 0; i < w->nfws; i++)
		sum += input_part(s, i);
	p.input = w->nfws ? sum / w->nfws : 1;
	p.arrivals_done = w->sources_open == 0;
	p.done = p.input;
	if (w->horizon != SIMTIME_NEVER && w->horizon > 0) {
		p.horizon = simtime_to_sec(w->horizon);
		p.done = p.now / p.horizon;
	}
	if (s->state != SIM_RUNNING) {
		p.done = 1;
		p.final = 1;
	}
	s->o->progress(s->o->progress_ctx, &p);
}

/* The loop's end, whatever ended it. */
static void loop_end(struct sim *s)
{
	struct world *w = &s->w;
	report_oversized(w);
	if (!w->failed)
		metrics_settled(w);
	/* The run lasts to the horizon when there is one (so it did while
	 * the sampler's tick was always pending), unless it was stopped. */
	if (w->horizon != SIMTIME_NEVER && !w->failed && !w->met.stopped)
		w->now = w->horizon;
	s->state = SIM_DONE;
	if (s->o && s->o->progress)
		report_progress(s);
}

/*
 * When the next event is a task's end, start loading what that end will
 * touch besides the task: its agent's rows, the links of its two
 * neighbours in its framework's running list, and its job's record.  The task's first line,
 * holding its node, agent and links, has been on its way since the last
 * pop (evq_read_ahead), so it is here by now, and the rest loads during
 * the next pop.  The node may be stale, even a freed task's (whose
 * memory stays the pool's), so only indexes in range are used, and only
 * for prefetches: nothing here decides anything.
 */
static inline void read_ahead(const struct world *w)
{
	const struct evq_node *nx = evq_upcoming(&w->q);
	if (!nx || nx->kind != EV_TASK_END)
		return;
	const struct task *t = (const struct task *)(const void *)nx;
	int a = t->agent;
	if (a < 0 || a >= w->nagents)
		return;
	master_agent_read_ahead(w, a);
	uint32_t nb[2] = {t->run_prev, t->run_next};
	for (int k = 0; k < 2; k++)
		if (nb[k] < w->tasks.next_fresh)
			__builtin_prefetch(&W_TASK(w, nb[k])->run_next);
	jobtrack_read_ahead(&w->met.jobs, t->fw, t->pt.job_id);
}

int sim_step(struct sim *s)
{
	struct world *w = &s->w;
	const struct sim_options *o = s->o;
	if (s->state != SIM_RUNNING)
		return 0;
	struct evq_node *e = evq_peek(&w->q);
	if (!e || w->failed) {
		loop_end(s);
		return 0;
	}
	if (o && o->stop && *o->stop) {
		int code = *o->stop;
		const char *why = o->stop_reason ? o->stop_reason(code) : NULL;
		w->met.stopped = why ? why : "stopped";
		loop_end(s);
		return 0;
	}
	if (!work_left(w)) {
		loop_end(s);
		return 0;
	}
	count_ticks(w, e->time);
	if (e->time > w->horizon) {
		loop_end(s);
		return 0;
	}
	evq_pop(&w->q);
	BUG_ON(e->time < w->now);
	if (e->time > w->now)
		metrics_settled(w);
	if (w->rp.armed && e->time >= w->rp.check_at)
		replay_check(w, e->time);
	w->now = e->time;
	w->events++;
	s->last_kind = (int)e->kind;
	dispatch(w, e);
	read_ahead(w);
	if (w->chk && !w->failed && check_event(w, e))
		w->failed = OS_ECHECK;
	if ((w->events & 4095) == 0 && o && o->progress)
		report_progress(s);
	if (stalled(w)) {
		diag_warn(s->d, w->sc->file, 0, 0,
			  "stopped at %.3f s: tasks wait but %d allocation passes in a row started none and nothing runs (offers and filters go round in circles)",
			  simtime_to_sec(w->now), STALL_PASSES);
		loop_end(s);
		return 1;
	}
	/* Also once the last workload record is in: mean and percentile
	 * bounds hold from then on. */
	if (s->stop && (w->events >= s->next_check ||
			(w->sources_open == 0 && !s->checked_complete))) {
		s->checked_complete = w->sources_open == 0;
		if (check_stop(w, s->stop, &s->next_check))
			loop_end(s);
	}
	return 1;
}

int sim_last_kind(const struct sim *s)
{
	return s->last_kind;
}

simtime_t sim_peek_time(struct sim *s)
{
	const struct evq_node *e = evq_peek(&s->w.q);
	if (s->state != SIM_RUNNING || !e)
		return SIMTIME_NEVER;
	return e->time;
}

int sim_next_response(struct sim *s)
{
	const struct evq_node *e = evq_peek(&s->w.q);
	if (s->state != SIM_RUNNING || !e || e->kind != EV_RESPONSE)
		return -1;
	return (int)e->arg;
}

int sim_set_host_answer(struct sim *s, int fw,
			void (*fn)(void *ctx, int fw, struct sched_ctx *c),
			void *ctx)
{
	if (fw < 0 || fw >= s->w.nfws)
		return -1;
	s->w.fws[fw].host_answer = fn;
	s->w.fws[fw].host_ctx = ctx;
	return 0;
}

int sim_done(const struct sim *s)
{
	return s->state != SIM_RUNNING;
}

int sim_finish(struct sim *s)
{
	struct world *w = &s->w;
	if (s->state == SIM_CLOSED)
		return s->rc;
	while (sim_step(s))
		;
	int rc;
	if (w->failed) {
		if (w->failed == OS_ENOMEM)
			diag_error(s->d, NULL, 0, 0, "out of memory");
		rc = w->failed;
		queuelog_abort(w);
		replay_abort(w);
		gantt_abort(w, s->dir);
		metrics_abort(w);
	} else {
		rc = queuelog_finish(w);
		if (rc == 0)
			rc = gantt_finish(w, s->dir);
		if (rc == 0)
			rc = replay_finish(w);
		if (rc == 0)
			rc = metrics_finish(w, s->o ? s->o->summary : NULL);
		if (rc) {
			queuelog_abort(w);
			replay_abort(w);
			gantt_abort(w, s->dir);
			metrics_abort(w);
		}
	}
	s->state = SIM_CLOSED;
	s->rc = rc;
	return rc;
}

const struct world *sim_world(const struct sim *s)
{
	return &s->w;
}

void sim_free(struct sim *s)
{
	if (!s)
		return;
	if (s->state != SIM_CLOSED) {
		queuelog_abort(&s->w);
		replay_abort(&s->w);
		gantt_abort(&s->w, NULL);
		metrics_abort(&s->w);
	}
	world_release(&s->w);
	free(s->trace_size);
	free(s);
}

int sim_run(const struct scenario *sc, const struct sim_options *o,
	    struct diag *d)
{
	struct sim *s;
	int rc = sim_start(sc, o, d, &s);
	if (rc)
		return rc;
	while (sim_step(s))
		;
	rc = sim_finish(s);
	sim_free(s);
	return rc;
}
