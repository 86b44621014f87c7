/*
 * task.c - a task's life on an agent: start, end, preemption, kill, and
 * the tasks a scripted framework makes.  Resources move between the task,
 * its framework's accounts and its agent here, and nowhere else; the master
 * hears of every return (master_task_returned) and metrics of every start
 * and end.
 *
 * These are the engine's side of the offer cycle: the framework runtime
 * starts and preempts tasks, the timeline (script.c) makes and kills them,
 * the run loop (engine.c) ends them.
 */
#include "task.h"

#include <string.h>

#include <gsl/gsl_randist.h>

#include "../core/err.h"
#include "framework.h"
#include "gantt.h"
#include "master.h"
#include "metrics.h"
#include "check.h"
#include "world.h"

void task_start(struct world *w, uint32_t id, int agent)
{
	struct task *t = W_TASK(w, id);
	struct framework *f = &w->fws[t->fw];
	struct agent *a = &w->agents[agent];
	metrics_before_use_change(w);
	res_add(w->used, t->res, w->nres);
	res_add(f->used, t->res, w->nres);
	t->agent = agent;
	if (t->start < 0)
		t->start = w->now;
	if (t->first_start < 0)
		t->first_start = w->now;
	t->pt.start = w->now;
	t->pt.agent = agent;
	gantt_task_started(w, t);
	w->passes_idle = 0;
	t->state = TASK_RUNNING;
	CHECK_HOOK(w, check_agent(w, agent, CHECK_USED, t->res, +1));
	CHECK_HOOK(w, check_task(w, id));
	/* Append to the framework's running list (start order). */
	t->run_next = POOL_NONE;
	t->run_prev = f->run_tail;
	if (f->run_tail == POOL_NONE)
		f->run_head = id;
	else
		W_TASK(w, f->run_tail)->run_next = id;
	f->run_tail = id;
	fw_running_added(w, t->fw, id);
	w->arunning[agent]++;
	f->running++;
	f->m.launched++;
	simtime_t run = t->pt.remaining;
	t->will_fail = 0;
	const struct framework_spec *fs = f->spec;
	double rate = t->cls >= 0 && t->cls < fs->nclass_failure_rate
		      ? fs->class_failure_rate[t->cls] : fs->task_failure_rate;
	if (f->task_fail_rng && rate > 0) {
		/* An exponential time to failure for this run: a failure
		 * that comes before the work is done ends the attempt. */
		double ttf = gsl_ran_exponential(f->task_fail_rng, 1.0 / rate);
		if (ttf < simtime_to_sec(run)) {
			run = simtime_from_sec(ttf);
			t->will_fail = 1;
		}
	}
	if (t->lost_at >= 0) {
		fig_mean_add(&f->m.requeue_delay,
			     simtime_to_sec(w->now - t->lost_at));
		t->lost_at = -1;
	}
	if (w->rp.rec)
		replay_task(w, t, 'S');
	if (evq_push(&w->q, &t->end_ev, w->now + run, EVQ_PHASE_TASK_END))
		w->failed = OS_ENOMEM;
	if (w->opt.explain) {
		char buf[256];
		res_format(&w->sc->res, t->res, buf, sizeof buf);
		world_explain_of(w, t->fw, agent, t->pt.job_id, "%s launches job %lld task %lld on %s <%s>, waited %.3f s",
			      f->name, (long long)t->pt.job_id,
			      (long long)t->pt.task_id, a->name, buf,
			      simtime_to_sec(w->now - t->pt.submit));
	}
}

static void unlink_running(struct world *w, struct framework *f,
			   struct task *t)
{
	fw_running_removed(w, f->id, t->pt.id);
	if (t->run_prev == POOL_NONE)
		f->run_head = t->run_next;
	else
		W_TASK(w, t->run_prev)->run_next = t->run_next;
	if (t->run_next == POOL_NONE)
		f->run_tail = t->run_prev;
	else
		W_TASK(w, t->run_next)->run_prev = t->run_prev;
	t->run_prev = t->run_next = POOL_NONE;
}

/* Give a stopping task's resources back to its agent. */
static void release_resources(struct world *w, struct task *t)
{
	struct framework *f = &w->fws[t->fw];
	/* The agent's rows by id: its record stays out of cache (world.h,
	 * arunning). */
	resq_t *free = w->afree + (size_t)t->agent * (size_t)w->nres;
	const resq_t *total = w->atotal + (size_t)t->agent * (size_t)w->nres;
	gantt_task_stopped(w, t);
	if (w->rp.rec)
		replay_task(w, t, 'E');
	metrics_before_use_change(w);
	res_sub(w->used, t->res, w->nres);
	res_sub(f->used, t->res, w->nres);
	res_sub(f->allocated, t->res, w->nres);
	res_add(free, t->res, w->nres);
	CHECK_HOOK(w, check_agent(w, t->agent, CHECK_USED, t->res, -1));
	CHECK_HOOK(w, check_task(w, t->pt.id));
	master_task_returned(w, t->agent, t->fw, t->res);
	for (int r = 0; r < w->nres; r++)
		BUG_ON(free[r] > total[r] || f->allocated[r] < 0 ||
		       w->used[r] < 0);
	w->arunning[t->agent]--;
	f->running--;
	unlink_running(w, f, t);
}

void task_preempt(struct world *w, uint32_t id, int restart)
{
	struct task *t = W_TASK(w, id);
	struct framework *f = &w->fws[t->fw];
	BUG_ON(t->state != TASK_RUNNING);
	evq_cancel(&w->q, &t->end_ev);
	simtime_t ran = w->now - t->pt.start;
	int ag = t->agent;
	const char *agent = w->agents[ag].name;
	release_resources(w, t);
	t->served += ran;
	if (restart) {
		t->wasted += ran;
		f->m.wasted += simtime_to_sec(ran);
		t->pt.remaining = t->pt.duration;
	} else {
		t->pt.remaining -= ran;
	}
	t->pt.preemptions++;
	f->m.preemptions++;
	t->agent = -1;
	t->pt.agent = -1;
	world_explain_of(w, t->fw, ag, t->pt.job_id, "%s preempts job %lld task %lld on %s after %.3f s; requeued to %s with %.3f s left",
		      f->name, (long long)t->pt.job_id, (long long)t->pt.task_id,
		      agent, simtime_to_sec(ran), restart ? "restart" : "resume",
		      simtime_to_sec(t->pt.remaining));
	fw_enqueue(w, t->fw, id);
	master_request_pass(w);
}

void task_kill(struct world *w, uint32_t id)
{
	struct task *t = W_TASK(w, id);
	BUG_ON(t->state != TASK_RUNNING);
	evq_cancel(&w->q, &t->end_ev);
	world_explain_of(w, t->fw, t->agent, t->pt.job_id, "%s: job %lld task %lld killed on %s",
		      w->fws[t->fw].name, (long long)t->pt.job_id,
		      (long long)t->pt.task_id, w->agents[t->agent].name);
	release_resources(w, t);
	t->state = TASK_KILLED;
	metrics_task_ended(w, t, w->now, 1);
	pool_free(&w->tasks, id);
}

struct task *task_init(struct world *w, uint32_t id, int fw,
			const resq_t *res)
{
	struct task *t = W_TASK(w, id);
	memset(t, 0, sizeof *t);
	evq_node_init(&t->end_ev, EV_TASK_END, id);
	t->q.l = t->q.r = t->q.p = POOL_NONE;
	t->pt.id = id;
	memcpy(t->res, res, sizeof t->res);
	t->pt.res = t->res;
	t->pt.start = -1;
	t->pt.agent = -1;
	t->fw = fw;
	t->agent = -1;
	t->start = -1;
	t->user = -1;
	t->lost_at = -1;
	t->first_start = -1;
	t->run_prev = t->run_next = POOL_NONE;
	return t;
}

uint32_t task_new(struct world *w, int fw, const resq_t *res,
			 simtime_t duration)
{
	uint32_t id = pool_alloc(&w->tasks);
	if (id == POOL_NONE) {
		w->failed = OS_ENOMEM;
		return POOL_NONE;
	}
	struct task *t = task_init(w, id, fw, res);
	t->pt.job_id = (int64_t)w->fws[fw].m.launched + 1;
	t->pt.submit = w->now;
	t->pt.duration = t->pt.estimate = t->pt.remaining = duration;
	t->pt.procs = 1;
	metrics_task_submitted(w, t);
	return id;
}

/*
 * A lost or failed attempt's task runs again as a new attempt, by its
 * framework's retry policy, unless its attempts are spent: then the row
 * just written was its last and its job fails.  The record keeps its
 * identity (job, task, demand, class, user); the attempt's times start
 * afresh, with its submit at the requeue.
 */
static void retry_or_give_up(struct world *w, uint32_t id)
{
	struct task *t = W_TASK(w, id);
	struct framework *f = &w->fws[t->fw];
	const struct framework_spec *fs = f->spec;
	int spent = fs->retry == RETRY_NEVER ||
		    (fs->max_attempts > 0 && t->attempt + 1 >= fs->max_attempts);
	if (spent || f->scripted) {
		world_explain(w, "%s gives up job %lld task %lld after %d attempt%s",
			      f->name, (long long)t->pt.job_id,
			      (long long)t->pt.task_id, t->attempt + 1,
			      t->attempt ? "s" : "");
		metrics_task_ended(w, t, w->now, 1);
		pool_free(&w->tasks, id);
		return;
	}
	metrics_task_ended(w, t, w->now, 0);
	f->m.retries++;
	t->attempt++;
	t->lost_at = w->now;
	t->start = -1;
	t->served = t->wasted = 0;
	t->pt.preemptions = 0;
	t->pt.remaining = t->pt.duration;
	t->agent = t->pt.agent = -1;
	t->state = TASK_WAITING;
	simtime_t wait = 0;
	if (fs->retry == RETRY_BACKOFF) {
		double b = fs->retry_backoff;
		for (int k = 1; k < t->attempt && b < 1e9; k++)
			b *= 2;
		wait = simtime_from_sec(b);
	}
	if (wait > 0) {
		world_explain(w, "%s retries job %lld task %lld (attempt %d) in %.3f s",
			      f->name, (long long)t->pt.job_id,
			      (long long)t->pt.task_id, t->attempt,
			      simtime_to_sec(wait));
		/* end_ev is idle while the task is not running: it carries
		 * the retry, and task_requeue gives it its kind back. */
		evq_node_init(&t->end_ev, EV_RETRY, id);
		w->retrying++;
		if (evq_push(&w->q, &t->end_ev, w->now + wait, EVQ_PHASE_ARRIVAL))
			w->failed = OS_ENOMEM;
		return;
	}
	task_requeue(w, id);
}

void task_requeue(struct world *w, uint32_t id)
{
	struct task *t = W_TASK(w, id);
	struct framework *f = &w->fws[t->fw];
	if (t->end_ev.kind == EV_RETRY) {
		evq_node_init(&t->end_ev, EV_TASK_END, id);
		w->retrying--;
	}
	t->pt.submit = w->now;
	world_explain(w, "%s requeues job %lld task %lld as attempt %d",
		      f->name, (long long)t->pt.job_id,
		      (long long)t->pt.task_id, t->attempt);
	int idle = f->q_len == 0;
	fw_enqueue(w, t->fw, id);
	if (idle)
		master_idle_revive(w, t->fw);
	master_request_pass(w);
}

void task_lose(struct world *w, uint32_t id, int state)
{
	struct task *t = W_TASK(w, id);
	BUG_ON(t->state != TASK_RUNNING);
	evq_cancel(&w->q, &t->end_ev);
	world_explain(w, "%s: job %lld task %lld %s on %s after %.3f s",
		      w->fws[t->fw].name, (long long)t->pt.job_id,
		      (long long)t->pt.task_id, task_state_name(state),
		      w->agents[t->agent].name,
		      simtime_to_sec(w->now - t->pt.start));
	release_resources(w, t);
	t->state = state;
	retry_or_give_up(w, id);
}

void task_end(struct world *w, uint32_t id)
{
	struct task *t = W_TASK(w, id);
	struct framework *f = &w->fws[t->fw];
	struct agent *a = &w->agents[t->agent];
	BUG_ON(t->state != TASK_RUNNING);
	if (t->will_fail) {
		/* The failure drawn at its start (task_failure_rate). */
		t->will_fail = 0;
		world_explain(w, "%s: job %lld task %lld fails on %s after %.3f s",
			      f->name, (long long)t->pt.job_id,
			      (long long)t->pt.task_id, a->name,
			      simtime_to_sec(w->now - t->pt.start));
		release_resources(w, t);
		t->state = TASK_FAILED;
		retry_or_give_up(w, id);
		master_request_pass(w);
		return;
	}
	release_resources(w, t);
	/* A trace attempt ends the way the trace says it did. */
	t->state = task_state_of_trace_end(t->trace_end);
	if (t->state == TASK_FINISHED)
		world_explain_of(w, t->fw, t->agent, t->pt.job_id, "%s: job %lld task %lld finishes on %s (ran %.3f s)",
			      f->name, (long long)t->pt.job_id,
			      (long long)t->pt.task_id, a->name,
			      simtime_to_sec(w->now - t->pt.start));
	else
		world_explain_of(w, t->fw, t->agent, t->pt.job_id, "%s: job %lld task %lld ends %s on %s (ran %.3f s), as its trace says",
			      f->name, (long long)t->pt.job_id,
			      (long long)t->pt.task_id,
			      task_state_name(t->state), a->name,
			      simtime_to_sec(w->now - t->pt.start));
	metrics_task_ended(w, t, w->now, 1);
	pool_free(&w->tasks, id);
	master_request_pass(w);
}

void task_lose_on_agent(struct world *w, int fw, int agent)
{
	struct framework *f = &w->fws[fw];
	int st = f->spec->partition_aware ? TASK_UNREACHABLE : TASK_LOST;
	uint32_t id = f->run_head;
	while (id != POOL_NONE) {
		/* Read before task_lose unlinks the task from the list. */
		uint32_t next = W_TASK(w, id)->run_next;
		if (W_TASK(w, id)->agent == agent)
			task_lose(w, id, st);
		id = next;
	}
}
