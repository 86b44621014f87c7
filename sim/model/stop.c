/*
 * stop.c - lower bounds on a running simulation's final wait and response
 * figures, for stop conditions (struct sim_stop in engine.h): a capacity
 * sweep stops a probe as soon as its SLO is certainly missed instead of
 * simulating an overloaded cluster's backlog to the end.
 *
 * The bounds are the figures summary.json would give if every task still
 * in the system finished now, with what it has already waited (a wait only
 * grows until the task ends) and the time since its submission as its
 * response; they come from the same qstat_figure as the final figures, so
 * the same quantile rule applies.  Each check costs a pass over the task
 * table and a sort of the values: the engine spaces checks by the number
 * of tasks in the system.
 */
#include "stop.h"

#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include "../config/scenario.h"
#include "../core/err.h"
#include "../core/qstat.h"
#include "world.h"

int stop_applies(const struct world *w)
{
	if (w->horizon != SIMTIME_NEVER || w->sc->nevents > 0)
		return 0;
	for (int i = 0; i < w->nfws; i++)
		if (w->fws[i].scripted)
			return 0;
	return 1;
}

static void to_bound(const struct stats *s, int valid, struct sim_bound *b)
{
	if (s->n == 0) {
		memset(b, 0, sizeof *b);
		b->valid = valid;
		return;
	}
	b->mean = s->mean;
	b->p50 = s->p50;
	b->p90 = s->p90;
	b->p95 = s->p95;
	b->p99 = s->p99;
	b->max = s->max;
	b->valid = valid && !s->approx;
}

void stop_bounds_release(struct sim_bounds *b)
{
	free((void *)b->fw_wait);
	b->fw_wait = b->fw_response = NULL;
}

int stop_bounds(struct world *w, struct sim_bounds *b)
{
	int n = w->nfws;
	size_t exact = w->sc->exact_percentiles;
	memset(b, 0, sizeof *b);
	b->now = w->now;
	b->nfws = n;
	struct sim_bound *fb = calloc((size_t)(2 * n + 1), sizeof *fb);
	/* Per framework: the finished tasks' wait and response, then the
	 * unfinished tasks' bounds. */
	struct qstat *tmp = calloc((size_t)(2 * n + 1), sizeof *tmp);
	const struct qstat **qs = calloc((size_t)(4 * n + 1), sizeof *qs);
	int rc = OS_ENOMEM;
	if (!fb || !tmp || !qs)
		goto out;
	b->fw_wait = fb;
	b->fw_response = fb + n;
	for (uint32_t id = 0; id < w->tasks.next_fresh; id++) {
		const struct task *t = W_TASK(w, id);
		if (t->state != TASK_WAITING && t->state != TASK_RUNNING)
			continue;
		simtime_t until = t->state == TASK_RUNNING ? t->pt.start : w->now;
		double wait = simtime_to_sec(until - t->pt.submit - t->served);
		double resp = simtime_to_sec(w->now - t->pt.submit);
		if (qstat_add(&tmp[t->fw], wait > 0 ? wait : 0, exact) ||
		    qstat_add(&tmp[n + t->fw], resp, exact))
			goto out;
	}
	int complete = w->sources_open == 0;
	for (int i = 0; i < n; i++) {
		qs[4 * i] = &w->fws[i].m.wait;
		qs[4 * i + 1] = &tmp[i];
		qs[4 * i + 2] = &w->fws[i].m.response;
		qs[4 * i + 3] = &tmp[n + i];
	}
	struct stats s;
	for (int i = 0; i < n; i++) {
		if (qstat_figure(&qs[4 * i], 2, exact, &s))
			goto out;
		to_bound(&s, complete, &fb[i]);
		if (qstat_figure(&qs[4 * i + 2], 2, exact, &s))
			goto out;
		to_bound(&s, complete, &fb[n + i]);
	}
	/* All frameworks: the wait parts, then the response parts. */
	const struct qstat **all = calloc((size_t)(2 * n + 1), sizeof *all);
	if (!all)
		goto out;
	for (int i = 0; i < n; i++) {
		all[2 * i] = qs[4 * i];
		all[2 * i + 1] = qs[4 * i + 1];
	}
	rc = qstat_figure(all, 2 * n, exact, &s);
	if (!rc)
		to_bound(&s, complete, &b->wait);
	for (int i = 0; !rc && i < n; i++) {
		all[2 * i] = qs[4 * i + 2];
		all[2 * i + 1] = qs[4 * i + 3];
	}
	if (!rc)
		rc = qstat_figure(all, 2 * n, exact, &s);
	if (!rc)
		to_bound(&s, complete, &b->response);
	free(all);
out:
	for (int i = 0; tmp && i < 2 * n; i++)
		qstat_release(&tmp[i]);
	free(tmp);
	free(qs);
	if (rc)
		stop_bounds_release(b);
	return rc;
}
