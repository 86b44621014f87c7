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
 *
 * Before the last arrival those figures bound nothing (tasks still to
 * come could pull a mean or a percentile down), unless the final number
 * of tasks is known in advance: then the tasks still to come count as
 * waits of 0, the least they can be (`planned` below).  The argument,
 * for a final set F of N' values and the bound's set B, the n values
 * seen so far (each at most its final value) padded with N - n zeros,
 * N >= N' the planned count:
 *   - Every seen task finishes (no faults, no gang rejection, no
 *     timeline, see planned), so F holds the n seen values grown,
 *     plus N' - n >= 0 others, all >= 0.  Drop N - N' of B's zeros: the
 *     set B' that is left is dominated by F element by element, so each
 *     order statistic of B' is at most F's; a GSL quantile is a
 *     non-negative mix of two order statistics at index (size - 1) q,
 *     so it is at most F's too.  Adding a zero to a set lowers every
 *     quantile (the index moves down by at most 1 - q), so B's quantiles
 *     are at most B''s.  The mean: sum / N <= F's sum / N'.
 *   - Past metrics.exact_percentiles values the final percentiles come
 *     from the histogram of loghist.h, whose k-th value lies in the bin
 *     of the true k-th value.  A bin's lower edge L is a monotone
 *     function of the value, and every estimate in it is at least L and
 *     below L (1 + 1/128).  So F's estimate >= the quantile of L over F
 *     >= that over B (as above) > B's own estimate / (1 + 1/128): in
 *     that case the bound is B's histogram quantile divided by 1 + 1/128.
 * The same histogram rule also gives bounds once every task has arrived
 * (N = n) on such a run of more tasks than exact_percentiles, where the
 * percentiles' bounds were not valid before.  On other runs (traces,
 * whose attempts may end failed) a figure that will come from the
 * histogram stays unbounded, as before.
 */
#include "stop.h"

#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include <math.h>

#include "../config/scenario.h"
#include "../core/dsort.h"
#include "../core/err.h"
#include "../core/loghist.h"
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
	b->valid = valid;
}

/*
 * The most tasks framework fw can finish in the whole run, or -1 when it
 * is not known in advance or a task already seen might end without
 * finishing (and so never count in the figures): a synthetic workload
 * whose every class has a constant tasks_per_job, in a run without
 * faults (agent failures, task failures, disconnects) and without gang
 * starts (a rigid job can be rejected with its tasks already waiting).
 * Tasks a filter, a split or a rejection at arrival leaves out only make
 * the final count smaller, which the bound allows.
 */
static long long planned(const struct world *w, int fw)
{
	const struct framework *f = &w->fws[fw];
	const struct framework_spec *fs = f->spec;
	if (w->afault || w->ffault || f->task_fail_rng || fs->gang != GANG_NONE ||
	    fs->wl.kind != WL_SYNTHETIC)
		return -1;
	const struct synth_spec *sy = &fs->wl.synth;
	double most = 0;
	int n = sy->nclasses ? sy->nclasses : 1;
	for (int k = 0; k < n; k++) {
		const struct dist_spec *d = sy->nclasses ? &sy->classes[k].tasks_per_job
							 : &sy->tasks_per_job;
		if (d->kind != DIST_CONSTANT)
			return -1;
		double t = round(d->p[0]);
		if (t > most)
			most = t;
	}
	if (most < 1)
		most = 1;
	if ((double)sy->jobs * most > 1e15)
		return -1;
	return (long long)((double)sy->jobs * most);
}

static int64_t to_us(double x)
{
	/* As qstat.c puts a value into its histogram. */
	return x > 0 ? (int64_t)llround(x * 1e6) : 0;
}

/* The n values seen, either sorted (v) or in a histogram (h). */
struct seen {
	const double *v;
	const struct loghist *h;
	uint64_t zeros;           /* tasks to come, counted as 0 */
};

static double seen_order(const struct seen *s, uint64_t k)
{
	if (k < s->zeros)
		return 0;
	k -= s->zeros;
	return s->v ? s->v[k] : (double)loghist_order(s->h, k) / 1e6;
}

/* GSL's quantile rule (gsl_stats_quantile_from_sorted_data) on the
 * padded set of total values. */
static double seen_quantile(const struct seen *s, uint64_t total, double q)
{
	double idx = (double)(total - 1) * q;
	uint64_t lhs = (uint64_t)idx;
	double delta = idx - (double)lhs;
	double a = seen_order(s, lhs);
	if (lhs + 1 >= total || delta == 0)
		return a;
	return (1 - delta) * a + delta * seen_order(s, lhs + 1);
}

/*
 * The bound of the figure of qs[0..n) when the run will end with at most
 * total values of it (see the top of this file).  Returns 0 or
 * OS_ENOMEM; *valid is 0 when the values seen outnumber total.
 */
static int padded_figure(const struct qstat *const *qs, int n, uint64_t total,
			 size_t exact, struct stats *s, int *valid)
{
	memset(s, 0, sizeof *s);
	uint64_t count = 0;
	double sum = 0, max = 0;
	for (int i = 0; i < n; i++) {
		if (qs[i]->count && (count == 0 || qs[i]->max > max))
			max = qs[i]->max;
		count += qs[i]->count;
		sum += qs[i]->sum;
	}
	*valid = count <= total;
	if (!*valid || total == 0)
		return qstat_figure(qs, n, exact, s);
	int hist = exact > 0 && total > exact;
	if (!hist && count == total)
		/* Nothing to pad and exact: the final figure's own rule. */
		return qstat_figure(qs, n, exact, s);
	struct seen sn = {NULL, NULL, total - count};
	double *v = NULL;
	struct loghist *h = NULL;
	if (hist) {
		if (!(h = malloc(sizeof *h)))
			return OS_ENOMEM;
		loghist_init(h);
		for (int i = 0; i < n; i++) {
			const struct loghist *src = qs[i]->hist;
			for (int b = 0; src && b < LOGHIST_BINS; b++) {
				if (!src->count[b])
					continue;
				if (!h->count[b] || src->lo[b] < h->lo[b])
					h->lo[b] = src->lo[b];
				if (!h->count[b] || src->hi[b] > h->hi[b])
					h->hi[b] = src->hi[b];
				h->count[b] += src->count[b];
			}
			if (src)
				h->n += src->n;
			for (size_t k = 0; k < qs[i]->n; k++)
				loghist_add(h, to_us(qs[i]->v[k]));
		}
		sn.h = h;
	} else if (count) {
		/* Every part kept its values: no more than total <= exact. */
		if (!(v = malloc((size_t)count * sizeof *v)))
			return OS_ENOMEM;
		size_t k = 0;
		for (int i = 0; i < n; i++) {
			if (qs[i]->n == 0)
				continue;
			memcpy(v + k, qs[i]->v, qs[i]->n * sizeof *v);
			k += qs[i]->n;
		}
		dsort(v, k);
		sn.v = v;
	}
	/* With no value seen yet the padded set is all zeros. */
	static const double zero = 0;
	if (!count)
		sn.v = &zero;
	double shrink = hist ? 1 + LOGHIST_REL_ERROR : 1;
	s->n = (size_t)count;
	s->mean = sum / (double)total;
	s->p50 = seen_quantile(&sn, total, 0.50) / shrink;
	s->p90 = seen_quantile(&sn, total, 0.90) / shrink;
	s->p95 = seen_quantile(&sn, total, 0.95) / shrink;
	s->p99 = seen_quantile(&sn, total, 0.99) / shrink;
	s->max = max;
	s->approx = hist;
	free(v);
	free(h);
	return 0;
}

/*
 * The bound of one figure: with the final count known (total >= 0, the
 * planned count, or the count seen once every task has arrived) a padded
 * figure, valid; else the figure of what was seen, not valid but for max.
 * hist_ok: the histogram's rule may be used, the run being one where
 * every task seen finishes (planned() >= 0); else a figure that will
 * come from the histogram is not bounded (a trace's attempt may end
 * failed, and its wait then never counts).
 */
static int figure(const struct qstat *const *qs, int n, long long total,
		  int hist_ok, size_t exact, struct sim_bound *b)
{
	struct stats s;
	int valid = 0, rc;
	if (total >= 0 && (hist_ok || exact == 0 || (uint64_t)total <= exact))
		rc = padded_figure(qs, n, (uint64_t)total, exact, &s, &valid);
	else
		rc = qstat_figure(qs, n, exact, &s);
	if (!rc)
		to_bound(&s, valid, b);
	return rc;
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
	/* The final count of each framework's values: all seen once every
	 * task has arrived, else planned (or -1, unknown). */
	long long *total = calloc((size_t)n + 1, sizeof *total);
	int *hist_ok = calloc((size_t)n + 1, sizeof *hist_ok);
	if (!total || !hist_ok) {
		free(total);
		free(hist_ok);
		goto out;
	}
	long long all_total = 0;
	int all_hist_ok = 1;
	for (int i = 0; i < n; i++) {
		qs[4 * i] = &w->fws[i].m.wait;
		qs[4 * i + 1] = &tmp[i];
		qs[4 * i + 2] = &w->fws[i].m.response;
		qs[4 * i + 3] = &tmp[n + i];
		long long plan = planned(w, i);
		hist_ok[i] = plan >= 0;
		all_hist_ok &= hist_ok[i];
		total[i] = complete ? (long long)(qs[4 * i]->count + qs[4 * i + 1]->count)
				    : plan;
		all_total = total[i] < 0 || all_total < 0 ? -1 : all_total + total[i];
	}
	rc = 0;
	for (int i = 0; !rc && i < n; i++) {
		rc = figure(&qs[4 * i], 2, total[i], hist_ok[i], exact, &fb[i]);
		if (!rc)
			rc = figure(&qs[4 * i + 2], 2, total[i], hist_ok[i], exact,
				    &fb[n + i]);
	}
	free(hist_ok);
	free(total);
	/* All frameworks: the wait parts, then the response parts. */
	const struct qstat **all = rc ? NULL : calloc((size_t)(2 * n + 1), sizeof *all);
	if (!all) {
		rc = OS_ENOMEM;
		goto out;
	}
	for (int i = 0; i < n; i++) {
		all[2 * i] = qs[4 * i];
		all[2 * i + 1] = qs[4 * i + 1];
	}
	rc = figure(all, 2 * n, all_total, all_hist_ok, exact, &b->wait);
	for (int i = 0; !rc && i < n; i++) {
		all[2 * i] = qs[4 * i + 2];
		all[2 * i + 1] = qs[4 * i + 3];
	}
	if (!rc)
		rc = figure(all, 2 * n, all_total, all_hist_ok, exact, &b->response);
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
