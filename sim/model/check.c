/*
 * check.c - the invariant checker of `run --check`: the accounts of the
 * offer cycle, kept a second time and compared with the model's after
 * every event.
 *
 * The checker keeps its own ledger per agent: what outstanding offers hold
 * there (offers made and grown add, launches and offers given back
 * subtract) and what running tasks hold (starts add, ends, preemptions and
 * kills subtract), each fed by a hook at the one place the model moves
 * those resources.  After an event it looks at the agents the event
 * touched: nothing negative, no agent's tasks holding more than the agent
 * has (over-commit), and free + offered + used = total for every resource
 * (conservation: every quantity is in exactly one place).  The tasks the
 * event touched must be in one consistent state: running on a registered
 * agent with its end queued, or waiting on none with no end queued, or
 * ended.  At the end every agent is swept once more, every framework's
 * hand must hold as many offers as it counts, and the rows of tasks.csv
 * and offers.csv, counted as they are written, must equal the summary's
 * figures: one row per task (its one final state) and one per offer.
 *
 * The cost follows what changed: a hook adds a few quantities and marks
 * the agent or task; the check walks the marks.  Terminal task states are
 * whatever enum task_state lists after TASK_RUNNING, so new ones (a lost
 * or failed task) need no change here; their rows count under "other"
 * and only the total is compared for them.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "../core/diag.h"
#include "../core/err.h"
#include "world.h"

/* Rows per framework, by outcome. */
enum {
	ROW_FINISHED, ROW_REJECTED, ROW_WAITING, ROW_RUNNING, ROW_OTHER,
	ROW_ACCEPTED, ROW_DECLINED, ROW_RESCINDED, ROW_RETURNED,
	ROW_OUTSTANDING, ROW_KINDS
};

struct checker {
	resq_t *acct[2];           /* CHECK_OFFERED, CHECK_USED: agent rows */
	int *agents;               /* touched since the last check */
	unsigned char *agent_mark;
	int nagents;
	uint32_t *tasks;           /* touched since the last check */
	int ntasks, captasks;
	uint64_t (*rows)[ROW_KINDS];
};

int check_init(struct world *w)
{
	struct checker *c = calloc(1, sizeof *c);
	if (!c)
		return OS_ENOMEM;
	size_t cells = (size_t)w->nagents * (size_t)w->nres + 1;
	c->acct[CHECK_OFFERED] = calloc(cells, sizeof(resq_t));
	c->acct[CHECK_USED] = calloc(cells, sizeof(resq_t));
	c->agents = calloc((size_t)w->nagents + 1, sizeof *c->agents);
	c->agent_mark = calloc((size_t)w->nagents + 1, 1);
	c->rows = calloc((size_t)w->nfws + 1, sizeof *c->rows);
	w->chk = c;
	if (!c->acct[0] || !c->acct[1] || !c->agents || !c->agent_mark ||
	    !c->rows) {
		check_release(w);
		return OS_ENOMEM;
	}
	return 0;
}

void check_release(struct world *w)
{
	struct checker *c = w->chk;
	if (!c)
		return;
	free(c->acct[0]);
	free(c->acct[1]);
	free(c->agents);
	free(c->agent_mark);
	free(c->tasks);
	free(c->rows);
	free(c);
	w->chk = NULL;
}

static void mark_agent(struct checker *c, int a)
{
	if (!c->agent_mark[a]) {
		c->agent_mark[a] = 1;
		c->agents[c->nagents++] = a;
	}
}

void check_agent(struct world *w, int agent, enum check_acct acct,
		 const resq_t *res, int sign)
{
	struct checker *c = w->chk;
	resq_t *row = c->acct[acct] + (size_t)agent * (size_t)w->nres;
	if (sign > 0)
		res_add(row, res, w->nres);
	else
		res_sub(row, res, w->nres);
	mark_agent(c, agent);
}

void check_task(struct world *w, uint32_t task)
{
	struct checker *c = w->chk;
	if (c->ntasks == c->captasks) {
		int cap = c->captasks ? 2 * c->captasks : 64;
		uint32_t *t = realloc(c->tasks, sizeof *t * (size_t)cap);
		if (!t) {
			w->failed = OS_ENOMEM;
			return;
		}
		c->tasks = t;
		c->captasks = cap;
	}
	c->tasks[c->ntasks++] = task;
}

void check_task_row(struct world *w, int fw, const char *state)
{
	int k = !strcmp(state, "finished") ? ROW_FINISHED
	      : !strcmp(state, "rejected") ? ROW_REJECTED
	      : !strcmp(state, "waiting") ? ROW_WAITING
	      : !strcmp(state, "running") ? ROW_RUNNING : ROW_OTHER;
	w->chk->rows[fw][k]++;
}

void check_offer_row(struct world *w, int fw, const char *outcome)
{
	int k = !strcmp(outcome, "accepted") ? ROW_ACCEPTED
	      : !strcmp(outcome, "declined") ? ROW_DECLINED
	      : !strcmp(outcome, "rescinded") ? ROW_RESCINDED
	      : !strcmp(outcome, "returned") ? ROW_RETURNED : ROW_OUTSTANDING;
	w->chk->rows[fw][k]++;
}

static const char *event_name(const struct evq_node *e)
{
	static const char *const names[] = {
		[EV_TASK_END] = "task end", [EV_ARRIVAL] = "arrival",
		[EV_RESPONSE] = "offer answer", [EV_TIMEOUT] = "offer timeout",
		[EV_FILTER] = "filter expiry", [EV_TICK] = "batch allocation",
		[EV_PASS] = "allocation pass", [EV_SCRIPT] = "timeline event",
		[EV_REVIVE] = "revive",
	};
	if (!e)
		return "the end of the run";
	if (e->kind < sizeof names / sizeof *names && names[e->kind])
		return names[e->kind];
	return "event";
}

/* Report one violation: where in the run, then what. */
static int violated(struct world *w, const struct evq_node *e,
		    const char *what)
{
	if (e)
		diag_error(w->diag, NULL, 0, 0, "--check: at %.6f s, after the %s (event #%llu, id %u): %s",
			   simtime_to_sec(w->now), event_name(e),
			   (unsigned long long)e->seq, e->arg, what);
	else
		diag_error(w->diag, NULL, 0, 0, "--check: at %.6f s, at the end of the run: %s",
			   simtime_to_sec(w->now), what);
	return OS_ECHECK;
}

static int check_one_agent(struct world *w, const struct evq_node *e, int a)
{
	const struct checker *c = w->chk;
	size_t at = (size_t)a * (size_t)w->nres;
	const resq_t *free = w->afree + at, *total = w->atotal + at;
	const resq_t *off = c->acct[CHECK_OFFERED] + at;
	const resq_t *used = c->acct[CHECK_USED] + at;
	for (int r = 0; r < w->nres; r++) {
		const char *why = NULL;
		if (used[r] > total[r])
			why = "over-committed: its tasks hold more than it has";
		else if (free[r] < 0 || off[r] < 0 || used[r] < 0)
			why = "a negative quantity";
		else if (free[r] + off[r] + used[r] != total[r])
			why = "not conserved: free + offered + used != total";
		if (!why)
			continue;
		char msg[512], q[4][32];
		resq_format(free[r], q[0], sizeof q[0]);
		resq_format(off[r], q[1], sizeof q[1]);
		resq_format(used[r], q[2], sizeof q[2]);
		resq_format(total[r], q[3], sizeof q[3]);
		snprintf(msg, sizeof msg, "agent %s, %s: free %s, offered %s, used %s, total %s: %s",
			 w->agents[a].name, w->sc->res.name[r], q[0], q[1], q[2],
			 q[3], why);
		return violated(w, e, msg);
	}
	return 0;
}

static int check_one_task(struct world *w, const struct evq_node *e,
			  uint32_t id)
{
	const struct task *t = W_TASK(w, id);
	const char *why = NULL;
	if (t->state == TASK_RUNNING) {
		if (t->agent < 0 || t->agent >= w->nagents)
			why = "running on no agent";
		else if (!w->agents[t->agent].present)
			why = "running on an agent that left";
		else if (!evq_node_queued(&t->end_ev))
			why = "running with no end queued";
	} else if (t->state == TASK_WAITING) {
		if (t->agent >= 0)
			why = "waiting, yet placed on an agent";
		else if (evq_node_queued(&t->end_ev))
			why = "waiting, yet with an end queued";
	}
	if (!why)
		return 0;
	char msg[256];
	snprintf(msg, sizeof msg, "%s: job %lld task %lld (slot %u) %s",
		 w->fws[t->fw].name, (long long)t->pt.job_id,
		 (long long)t->pt.task_id, id, why);
	return violated(w, e, msg);
}

int check_event(struct world *w, const struct evq_node *e)
{
	struct checker *c = w->chk;
	int rc = 0;
	for (int i = 0; i < c->nagents; i++) {
		int a = c->agents[i];
		c->agent_mark[a] = 0;
		if (!rc)
			rc = check_one_agent(w, e, a);
	}
	c->nagents = 0;
	for (int i = 0; i < c->ntasks && !rc; i++)
		rc = check_one_task(w, e, c->tasks[i]);
	c->ntasks = 0;
	return rc;
}

static int count_mismatch(struct world *w, const char *fw, const char *what,
			  uint64_t rows, uint64_t counted)
{
	char msg[256];
	snprintf(msg, sizeof msg, "%s: %llu %s rows, but the summary counts %llu",
		 fw, (unsigned long long)rows, what, (unsigned long long)counted);
	return violated(w, NULL, msg);
}

int check_end(struct world *w)
{
	struct checker *c = w->chk;
	for (int a = 0; a < w->nagents; a++)
		if (check_one_agent(w, NULL, a))
			return OS_ECHECK;
	uint64_t *waiting = calloc((size_t)w->nfws + 1, sizeof *waiting);
	uint64_t *running = calloc((size_t)w->nfws + 1, sizeof *running);
	if (!waiting || !running) {
		free(waiting);
		free(running);
		return OS_ENOMEM;
	}
	for (uint32_t id = 0; id < w->tasks.next_fresh; id++) {
		const struct task *t = W_TASK(w, id);
		if (t->state == TASK_WAITING)
			waiting[t->fw]++;
		else if (t->state == TASK_RUNNING)
			running[t->fw]++;
	}
	int rc = 0;
	for (int i = 0; i < w->nfws && !rc; i++) {
		const struct framework *f = &w->fws[i];
		const uint64_t *r = c->rows[i];
		uint32_t hand = 0;
		for (uint32_t id = f->off_head; id != POOL_NONE; id = W_OFFER(w, id)->next)
			hand++;
		if (hand != f->noutstanding) {
			char msg[256];
			snprintf(msg, sizeof msg, "%s holds %u outstanding offers but counts %u",
				 f->name, hand, f->noutstanding);
			rc = violated(w, NULL, msg);
			break;
		}
		uint64_t tasks = r[ROW_FINISHED] + r[ROW_REJECTED] + r[ROW_WAITING] +
				 r[ROW_RUNNING] + r[ROW_OTHER];
		if (r[ROW_FINISHED] != f->m.finished)
			rc = count_mismatch(w, f->name, "finished task", r[ROW_FINISHED], f->m.finished);
		else if (r[ROW_REJECTED] != f->m.rejected)
			rc = count_mismatch(w, f->name, "rejected task", r[ROW_REJECTED], f->m.rejected);
		else if (r[ROW_WAITING] != waiting[i])
			rc = count_mismatch(w, f->name, "waiting task", r[ROW_WAITING], waiting[i]);
		else if (r[ROW_RUNNING] != running[i])
			rc = count_mismatch(w, f->name, "running task", r[ROW_RUNNING], running[i]);
		else if (tasks != f->m.submitted)
			rc = count_mismatch(w, f->name, "task", tasks, f->m.submitted);
		if (rc || !w->sc->offer_log)
			continue;
		/* A scripted return gives an offer back unused: the summary
		 * counts it with the declines. */
		uint64_t offers = r[ROW_ACCEPTED] + r[ROW_DECLINED] + r[ROW_RESCINDED] +
				  r[ROW_RETURNED] + r[ROW_OUTSTANDING];
		if (r[ROW_ACCEPTED] != f->m.accepted)
			rc = count_mismatch(w, f->name, "accepted offer", r[ROW_ACCEPTED], f->m.accepted);
		else if (r[ROW_DECLINED] + r[ROW_RETURNED] != f->m.declined)
			rc = count_mismatch(w, f->name, "declined or returned offer",
					    r[ROW_DECLINED] + r[ROW_RETURNED], f->m.declined);
		else if (r[ROW_RESCINDED] != f->m.rescinded)
			rc = count_mismatch(w, f->name, "rescinded offer", r[ROW_RESCINDED], f->m.rescinded);
		else if (r[ROW_OUTSTANDING] != f->m.held)
			rc = count_mismatch(w, f->name, "outstanding offer", r[ROW_OUTSTANDING], f->m.held);
		else if (offers != f->m.offers)
			rc = count_mismatch(w, f->name, "offer", offers, f->m.offers);
	}
	free(waiting);
	free(running);
	return rc;
}
