/*
 * metrics.c - measurement and output files of a run (see metrics.h).
 *
 * Definitions (all times in seconds):
 *   wait      = start - submit
 *   response  = end - submit
 *   slowdown  = response / run, over tasks with run > 0
 *   bounded slowdown = max(1, response / max(run, tau)), tau configurable
 *   utilization of a resource = time-weighted mean of (in use / total)
 *               over [0, sim_time]; "in use" means held by running tasks
 *               (offered but unused resources do not count)
 *   span utilization = resource-seconds held by running tasks /
 *               (total x span), span = first submit to last task end
 *               (the end of the run when tasks still run then)
 * Per job (all its tasks; a job is the tasks of a framework that share a
 * job id):
 *   submit = its first task's submit; start = the earliest first start of
 *   its tasks (a rigid job's gang start); end = its last task's end;
 *   wait = start - submit; run = end - start; response = end - submit;
 *   bounded slowdown = max(1, (wait + run) / max(run, tau)).
 * When a job ends: a job whose task count is known (job_tasks > 0: SWF,
 * synthetic, Alibaba) ends when that many of its tasks have ended
 * (finished or rejected); a job whose count is unknown (native CSV,
 * Google) ends when none of its tasks waits or runs and the framework's
 * next record is not of the same job.  A later task with the id of an
 * ended job starts a new job (a new row).  At the end of the run, jobs
 * with no task left in flight and none still to come count as ended.
 *   offered load of a resource = sum over submitted tasks of duration x
 *               demand / (capacity at the start x (last submit - first
 *               submit)), workloads/transform.h; a framework's share uses
 *               the span of all arrivals, so the shares add up
 * Percentiles are GSL's (gsl_stats_quantile_from_sorted_data: linear
 * interpolation between order statistics), exact up to
 * metrics.exact_percentiles values per figure and within 1/128 past it
 * (qstat.h).
 *
 * The rows of tasks.csv, jobs.csv and offers.csv are records handed to
 * the row pipe (sim/core/rowpipe.h) and formatted from the record alone
 * (fmt_task_row and its kind), on a second processor when there is one:
 * nothing else writes to those files until the pipe is drained.
 * utilization.csv and shares.csv go the same way: their steps (steps.h),
 * thinning included, belong to the pipe from the first change to
 * metrics_finish, and this thread only compares a row with the one it
 * last handed over.
 */
#include "metrics.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#include "../core/diag.h"
#include "../core/err.h"
#include "check.h"
#include "../core/fmt.h"
#include "../core/outfile.h"
#include "../core/rowpipe.h"
#include "../core/json_write.h"
#include "../core/steps.h"
#include "../config/scenario.h"
#include "../core/version.h"
#include "fault.h"
#include "task.h"
#include "world.h"
#include "../../workloads/transform.h"

static const char *const mf_names[MF_COUNT] = {
	"tasks.csv", "utilization.csv", "shares.csv", "offers.csv", "jobs.csv",
};

/* mkdir -p */
static int make_dirs(const char *path)
{
	char *p = strdup(path);
	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0777);
	free(p);
	return rc && errno != EEXIST ? -1 : 0;
}

int metrics_open(struct world *w, const char *dir)
{
	struct metrics *m = &w->met;
	m->bsd_tau = w->sc->bounded_slowdown_threshold > 0
			     ? w->sc->bounded_slowdown_threshold : 10;
	m->first_submit = -1;
	if (make_dirs(dir)) {
		diag_error(w->diag, dir, 0, 0, "cannot create output directory: %s",
			   strerror(errno));
		return OS_EWRITE;
	}
	m->dir = strdup(dir);
	if (!m->dir)
		return OS_ENOMEM;
	for (int i = 0; i < MF_COUNT; i++) {
		char *fin = outfile_path(dir, mf_names[i]);
		if (!fin)
			return OS_ENOMEM;
		/* A stale result of an earlier run must not survive a failed
		 * one and pass for its output. */
		unlink(fin);
		int e = outfile_open(&m->out[i], fin, 0);
		if (e) {
			diag_error(w->diag, fin, 0, 0, "cannot write: %s", strerror(-e));
			free(fin);
			return e == -ENOMEM ? OS_ENOMEM : OS_EWRITE;
		}
		free(fin);
		m->f[i] = m->out[i].f;
		/* A row each per task, job and offer: gathered in blocks. */
		if (i == MF_TASKS || i == MF_OFFERS || i == MF_JOBS) {
			if (!(m->rows[i] = malloc(sizeof *m->rows[i])))
				return OS_ENOMEM;
			m->rows[i]->f = m->f[i];
			m->rows[i]->n = 0;
		}
	}
	char *sj = outfile_path(dir, "summary.json");
	if (sj) {
		unlink(sj);
		free(sj);
	}
	const struct res_names *rn = &w->sc->res;
	/* tasks.csv carries each attempt's demand, priority, class and
	 * user, so a reader needs no join with the trace. */
	fputs("framework,job_id,task_id,attempt,agent,submit,start,end,wait,response,slowdown,state,preemptions,priority,class,user",
	      m->f[MF_TASKS]);
	for (int r = 0; r < rn->n; r++)
		fprintf(m->f[MF_TASKS], ",%s", rn->name[r]);
	fputc('\n', m->f[MF_TASKS]);
	/* Steps (steps.h): a row's values hold from its time to the next
	 * row's; the last row is the end of the run. */
	fputs("step_start", m->f[MF_UTIL]);
	for (int r = 0; r < rn->n; r++)
		fprintf(m->f[MF_UTIL], ",%s", rn->name[r]);
	fputc('\n', m->f[MF_UTIL]);
	fputs("step_start", m->f[MF_SHARES]);
	for (int i = 0; i < w->nfws; i++)
		fprintf(m->f[MF_SHARES], ",%s", w->fws[i].name);
	fputc('\n', m->f[MF_SHARES]);
	m->util = steps_new(m->f[MF_UTIL], rn->n, w->sc->max_rows, 0);
	m->shares = steps_new(m->f[MF_SHARES], w->nfws, w->sc->max_rows, 0);
	m->row = calloc((size_t)(w->nfws > RES_MAX ? w->nfws : RES_MAX), sizeof *m->row);
	/* Zeros, as a new step function starts (steps_new). */
	m->sent_util = calloc((size_t)(rn->n ? rn->n : 1), sizeof *m->sent_util);
	m->sent_shares = calloc((size_t)(w->nfws ? w->nfws : 1),
				sizeof *m->sent_shares);
	if (!m->util || !m->shares || !m->row || !m->sent_util || !m->sent_shares)
		return OS_ENOMEM;
	fputs("offer,time,answered,framework,role,agent", m->f[MF_OFFERS]);
	for (int r = 0; r < rn->n; r++)
		fprintf(m->f[MF_OFFERS], ",%s", rn->name[r]);
	fputs(",tasks,outcome\n", m->f[MF_OFFERS]);
	fputs("framework,job_id,tasks,submit,start,end,wait,run,response,bounded_slowdown,preemptions,state\n",
	      m->f[MF_JOBS]);
	jobtrack_init(&m->jobs);
	return 0;
}

void metrics_before_use_change(struct world *w)
{
	struct metrics *m = &w->met;
	simtime_t dt = w->now - m->last_change;
	if (dt > 0)
		for (int r = 0; r < w->nres; r++)
			m->used_integral[r] += (double)w->used[r] * (double)dt;
	m->last_change = w->now;
}

void metrics_task_submitted(struct world *w, const struct task *t)
{
	struct metrics *m = &w->met;
	struct fw_metrics *fm = &w->fws[t->fw].m;
	fm->submitted++;
	if (m->first_submit < 0 || t->pt.submit < m->first_submit)
		m->first_submit = t->pt.submit;
	if (t->pt.submit > m->last_submit)
		m->last_submit = t->pt.submit;
	double dur = simtime_to_sec(t->pt.duration);
	for (int r = 0; r < w->nres; r++)
		fm->work[r] += dur * resq_to_double(t->res[r]);
	struct job_rec *j = jobtrack_get(&m->jobs, t->fw, t->pt.job_id, 1);
	if (!j) {
		w->failed = OS_ENOMEM;
		return;
	}
	if (j->arrived == 0) {
		j->submit = t->pt.submit;
		j->job_tasks = t->job_tasks;
		fm->jobs_submitted++;
	}
	j->arrived++;
}

/* What a row of jobs.csv says (formatted by fmt_job_row, possibly on
 * the row pipe's thread: only the record and the run's fixed names). */
struct job_rowrec {
	const char *fw, *state;
	int64_t job, arrived, preemptions;
	simtime_t submit, start, end;
	double bsd_tau;
};

/* A job's row in jobs.csv: times after submit only as far as they are
 * known (all of them for a finished job). */
static void fmt_job_row(struct fmtout *o, const void *rec)
{
	const struct job_rowrec *j = rec;
	struct fmtbuf b = fmt_out_row(o, 512);
	int done = strcmp(j->state, "finished") == 0;
	fmt_str(&b, j->fw);
	fmt_char(&b, ',');
	fmt_i64(&b, j->job);
	fmt_char(&b, ',');
	fmt_i64(&b, j->arrived);
	fmt_char(&b, ',');
	fmt_fixed(&b, j->submit, 6);
	fmt_char(&b, ',');
	if (j->start >= 0)
		fmt_fixed(&b, j->start, 6);
	fmt_char(&b, ',');
	if (done)
		fmt_fixed(&b, j->end, 6);
	fmt_char(&b, ',');
	if (j->start >= 0)
		fmt_fixed(&b, j->start - j->submit, 6);
	fmt_char(&b, ',');
	if (done) {
		simtime_t run = j->end - j->start, resp = j->end - j->submit;
		double tau = j->bsd_tau * 1e6;
		double bsd = (double)resp / ((double)run > tau ? (double)run : tau);
		fmt_fixed(&b, run, 6);
		fmt_char(&b, ',');
		fmt_fixed(&b, resp, 6);
		fmt_char(&b, ',');
		/* to 6 decimals, rounded, as slowdowns in tasks.csv */
		fmt_fixed(&b, (int64_t)((bsd > 1 ? bsd : 1) * 1e6 + 0.5), 6);
	} else {
		fmt_str(&b, ",,");
	}
	fmt_char(&b, ',');
	fmt_i64(&b, j->preemptions);
	fmt_char(&b, ',');
	fmt_str(&b, j->state);
	fmt_char(&b, '\n');
	fmt_out_end(o, &b);
}

static void job_row(struct world *w, const struct job_rec *j,
		    const char *state)
{
	struct job_rowrec *r = rowpipe_put(w->rows, fmt_job_row,
					   w->met.rows[MF_JOBS], sizeof *r);
	r->fw = w->fws[j->fw].name;
	r->state = state;
	r->job = j->job;
	r->arrived = j->arrived;
	r->preemptions = j->preemptions;
	r->submit = j->submit;
	r->start = j->start;
	r->end = j->end;
	r->bsd_tau = w->met.bsd_tau;
	rowpipe_done(w->rows);
}

/* Count an ended job (finished: no task rejected) and write its row. */
static void job_account(struct world *w, const struct job_rec *j)
{
	struct fw_metrics *fm = &w->fws[j->fw].m;
	if (j->rejected) {
		fm->jobs_rejected++;
		job_row(w, j, "rejected");
		return;
	}
	if (j->gave_up) {
		fm->jobs_failed++;
		job_row(w, j, "failed");
		return;
	}
	double wait = simtime_to_sec(j->start - j->submit);
	double run = simtime_to_sec(j->end - j->start);
	double resp = simtime_to_sec(j->end - j->submit);
	double b = resp / (run > w->met.bsd_tau ? run : w->met.bsd_tau);
	fm->jobs_finished++;
	if (qstat_add(&fm->job_wait, wait, w->sc->exact_percentiles))
		w->failed = OS_ENOMEM;
	fig_mean_add(&fm->job_resp, resp);
	fig_mean_add(&fm->job_bsd, b > 1 ? b : 1);
	job_row(w, j, "finished");
}

/* Could another task of j still arrive? */
static int job_more_to_come(const struct world *w, const struct job_rec *j)
{
	if (j->job_tasks > 0)
		return j->arrived < (uint32_t)j->job_tasks;
	/* Unknown size: only the record the framework holds next is
	 * known; a job split further along the trace becomes two jobs. */
	const struct framework *f = &w->fws[j->fw];
	return f->has_next && f->next.job_id == j->job;
}

/* A task of its job ended for good (end < 0: rejected, never ran). */
static void job_task_ended(struct world *w, const struct task *t,
			   simtime_t end)
{
	struct metrics *m = &w->met;
	struct job_rec *j = jobtrack_get(&m->jobs, t->fw, t->pt.job_id, 0);
	if (!j)
		return;   /* only after running out of memory */
	j->ended++;
	if (end < 0) {
		j->rejected++;
	} else {
		/* A job fails when a task of it ends for good short of
		 * finishing in the simulation (its retries spent, or killed);
		 * an attempt whose failure the trace itself records is the
		 * trace's history, and the trace's next attempt is another
		 * record of the same job. */
		if (t->state != TASK_FINISHED &&
		    !(t->trace_end != WL_END_FINISHED &&
		      t->state == task_state_of_trace_end(t->trace_end)))
			j->gave_up++;
		/* from the task's first attempt: a retry does not make its
		 * job start later */
		if (j->start < 0 || t->first_start < j->start)
			j->start = t->first_start;
		if (end > j->end)
			j->end = end;
	}
	j->preemptions += t->pt.preemptions;
	if (j->ended < j->arrived || job_more_to_come(w, j))
		return;
	job_account(w, j);
	jobtrack_del(&m->jobs, t->fw, t->pt.job_id);
}

/* What a row of tasks.csv says (see struct job_rowrec). */
struct task_rowrec {
	const char *fw, *agent, *state;   /* agent NULL: never placed */
	int64_t job, task, user;
	simtime_t submit, start, end, duration, served, run_start;
	int attempt, preemptions, priority, cls, nres;
	resq_t res[];
};

static void fmt_task_row(struct fmtout *o, const void *rec)
{
	const struct task_rowrec *t = rec;
	struct fmtbuf b = fmt_out_row(o, 512);
	simtime_t end = t->end;
	fmt_str(&b, t->fw);
	fmt_char(&b, ',');
	fmt_i64(&b, t->job);
	fmt_char(&b, ',');
	fmt_i64(&b, t->task);
	fmt_char(&b, ',');
	fmt_i64(&b, t->attempt);
	fmt_char(&b, ',');
	if (t->agent)
		fmt_str(&b, t->agent);
	fmt_char(&b, ',');
	fmt_fixed(&b, t->submit, 6);
	fmt_char(&b, ',');
	if (t->start >= 0)
		fmt_fixed(&b, t->start, 6);
	fmt_char(&b, ',');
	if (end >= 0) {
		simtime_t run = t->duration;
		simtime_t held = t->served + (end - t->run_start);
		fmt_fixed(&b, end, 6);
		fmt_char(&b, ',');
		fmt_fixed(&b, end - t->submit - held, 6);
		fmt_char(&b, ',');
		fmt_fixed(&b, end - t->submit, 6);
		fmt_char(&b, ',');
		if (run > 0) {
			/* slowdown = response / run, to 6 decimals, rounded */
			double sd = (double)(end - t->submit) / (double)run;
			fmt_fixed(&b, (int64_t)(sd * 1e6 + 0.5), 6);
		}
	} else if (t->start >= 0) {
		fmt_char(&b, ',');
		fmt_fixed(&b, t->start - t->submit, 6);
		fmt_str(&b, ",,");
	} else {
		fmt_str(&b, ",,,");
	}
	fmt_char(&b, ',');
	fmt_str(&b, t->state);
	fmt_char(&b, ',');
	fmt_i64(&b, t->preemptions);
	fmt_char(&b, ',');
	fmt_i64(&b, t->priority);
	fmt_char(&b, ',');
	fmt_i64(&b, t->cls);
	fmt_char(&b, ',');
	if (t->user >= 0)
		fmt_i64(&b, t->user);
	for (int r = 0; r < t->nres; r++) {
		fmt_char(&b, ',');
		fmt_trimmed(&b, t->res[r], 3);
	}
	fmt_char(&b, '\n');
	fmt_out_end(o, &b);
}

static void task_row(struct world *w, const struct task *t, simtime_t end,
		     const char *state)
{
	CHECK_HOOK(w, check_task_row(w, t->fw, state));
	size_t nres = (size_t)w->nres;
	struct task_rowrec *r = rowpipe_put(w->rows, fmt_task_row,
					    w->met.rows[MF_TASKS],
					    sizeof *r + nres * sizeof r->res[0]);
	r->fw = w->fws[t->fw].name;
	r->agent = t->agent >= 0 ? w->agents[t->agent].name : NULL;
	r->state = state;
	r->job = t->pt.job_id;
	r->task = t->pt.task_id;
	r->user = t->user;
	r->submit = t->pt.submit;
	r->start = t->start;
	r->end = end;
	r->duration = t->pt.duration;
	r->served = t->served;
	r->run_start = t->pt.start;
	r->attempt = t->attempt;
	r->preemptions = t->pt.preemptions;
	r->priority = t->pt.priority;
	r->cls = t->cls;
	r->nres = w->nres;
	memcpy(r->res, t->res, nres * sizeof r->res[0]);
	rowpipe_done(w->rows);
}

void metrics_task_ended(struct world *w, const struct task *t,
			simtime_t end, int final)
{
	struct metrics *m = &w->met;
	struct fw_metrics *fm = &w->fws[t->fw].m;
	if (end > m->last_end)
		m->last_end = end;
	task_row(w, t, end, task_state_name(t->state));
	if (t->state != TASK_FINISHED) {
		/* The run time of an attempt that did not finish is lost. */
		if (t->start >= 0)
			fm->lost_work += simtime_to_sec(t->served +
							(end - t->pt.start));
		switch (t->state) {
		case TASK_FAILED: fm->failed++; break;
		case TASK_LOST: fm->lost++; break;
		case TASK_KILLED: fm->killed++; break;
		case TASK_UNREACHABLE: fm->unreachable++; break;
		default: BUG("an attempt ended in a live state");
		}
		if (final)
			job_task_ended(w, t, end);
		return;
	}
	/* Time on resources, over every run of a preempted task; waiting is
	 * the rest of the response time.  Slowdowns divide by the work the
	 * task needs (its duration), so work lost to restarts counts against
	 * them. */
	simtime_t held = t->served + (end - t->pt.start);
	double resp = simtime_to_sec(end - t->pt.submit);
	double wait = resp - simtime_to_sec(held);
	double run = simtime_to_sec(t->pt.duration);
	fm->finished++;
	fm->useful_work += simtime_to_sec(held);
	if (qstat_add(&fm->wait, wait, w->sc->exact_percentiles) ||
	    qstat_add(&fm->response, resp, w->sc->exact_percentiles))
		w->failed = OS_ENOMEM;
	if (run > 0)
		fig_mean_add(&fm->slowdown, resp / run);
	double b = resp / (run > m->bsd_tau ? run : m->bsd_tau);
	fig_mean_add(&fm->bsd, b > 1 ? b : 1);
	job_task_ended(w, t, end);
}

void metrics_task_rejected(struct world *w, const struct task *t)
{
	w->fws[t->fw].m.rejected++;
	task_row(w, t, -1, "rejected");
	job_task_ended(w, t, -1);
}

/* What a row of offers.csv says (see struct job_rowrec). */
struct offer_rowrec {
	const char *fw, *role, *agent, *outcome;
	uint64_t number;
	int64_t launched;
	simtime_t made, answered;
	int nres;
	resq_t res[];
};

static void fmt_offer_row(struct fmtout *out, const void *rec)
{
	const struct offer_rowrec *o = rec;
	struct fmtbuf b = fmt_out_row(out, 1024);
	fmt_u64(&b, o->number);
	fmt_char(&b, ',');
	fmt_fixed(&b, o->made, 6);
	fmt_char(&b, ',');
	fmt_fixed(&b, o->answered, 6);
	fmt_char(&b, ',');
	fmt_str(&b, o->fw);
	fmt_char(&b, ',');
	fmt_str(&b, o->role);
	fmt_char(&b, ',');
	fmt_str(&b, o->agent);
	for (int r = 0; r < o->nres; r++) {
		fmt_char(&b, ',');
		fmt_trimmed(&b, o->res[r], 3);
	}
	fmt_char(&b, ',');
	fmt_i64(&b, o->launched);
	fmt_char(&b, ',');
	fmt_str(&b, o->outcome);
	fmt_char(&b, '\n');
	fmt_out_end(out, &b);
}

void metrics_offer_done(struct world *w, const struct offer *o,
			const char *outcome)
{
	if (!w->sc->offer_log)
		return;   /* counted in summary.json all the same */
	CHECK_HOOK(w, check_offer_row(w, o->fw, outcome));
	size_t nres = (size_t)w->nres;
	struct offer_rowrec *r = rowpipe_put(w->rows, fmt_offer_row,
					     w->met.rows[MF_OFFERS],
					     sizeof *r + nres * sizeof r->res[0]);
	const struct framework *fw = &w->fws[o->fw];
	r->fw = fw->name;
	r->role = fw->role;
	r->agent = w->agents[o->agent].name;
	r->outcome = outcome;
	r->number = o->number;
	r->launched = o->launched;
	r->made = o->made;
	r->answered = w->now;
	r->nres = w->nres;
	memcpy(r->res, o->res, nres * sizeof r->res[0]);
	rowpipe_done(w->rows);
}

/* A fraction as a fixed-point number of millionths (steps.h), rounded
 * half away from zero as llround does.  For 0 <= v < 2^62 without the
 * library call: the truncation k and the rest v - k are exact (below
 * 2^52 the rest is representable, above it v is a whole number), so
 * k + (rest >= 0.5) is llround(v). */
static int64_t millionths(double x)
{
	double v = x * 1e6;
	if (v >= 0 && v < 0x1p62) {
		int64_t k = (int64_t)v;
		return k + (v - (double)k >= 0.5);
	}
	return (int64_t)llround(v);
}

/* A step function's new values, from the time of the record on. */
struct steps_rec {
	struct steps *s;
	int64_t t;
	int64_t v[];             /* as many as the steps have columns */
};

static void steps_rec_apply(struct fmtout *out, const void *rec)
{
	(void)out;
	const struct steps_rec *r = rec;
	/* A write error shows in metrics_finish, which names the file. */
	(void)steps_set(r->s, r->t, r->v);
}

/* Hand row v (n values) at now to steps s when it differs from sent, the
 * row handed over last: steps_set would do nothing with an equal row. */
static void steps_change(struct world *w, struct steps *s, int64_t *sent,
			 const int64_t *v, int n)
{
	int k = 0;
	while (k < n && v[k] == sent[k])
		k++;
	if (k == n)
		return;
	size_t bytes = (size_t)n * sizeof *v;
	memcpy(sent, v, bytes);
	if (!w->rows || sizeof(struct steps_rec) + bytes > ROWPIPE_MAX_REC) {
		/* Too wide for a record, and so is every row of these steps
		 * (their width is fixed): they never go through the pipe. */
		(void)steps_set(s, w->now, v);
		return;
	}
	struct steps_rec *r = rowpipe_put(w->rows, steps_rec_apply, NULL,
					  sizeof *r + bytes);
	r->s = s;
	r->t = w->now;
	memcpy(r->v, v, bytes);
	rowpipe_done(w->rows);
}

/* The end of a step function at now: its last rows. */
struct steps_end_rec {
	struct steps *s;
	int64_t t;
};

static void steps_end_apply(struct fmtout *out, const void *rec)
{
	(void)out;
	const struct steps_end_rec *r = rec;
	(void)steps_finish(r->s, r->t);
}

static void steps_end(struct world *w, struct steps *s)
{
	if (!w->rows) {
		(void)steps_finish(s, w->now);
		return;
	}
	struct steps_end_rec *r = rowpipe_put(w->rows, steps_end_apply, NULL,
					      sizeof *r);
	r->s = s;
	r->t = w->now;
	rowpipe_done(w->rows);
}

void metrics_settled(struct world *w)
{
	struct metrics *m = &w->met;
	for (int r = 0; r < w->nres; r++)
		m->row[r] = w->total[r] > 0
				    ? millionths((double)w->used[r] / (double)w->total[r])
				    : 0;
	steps_change(w, m->util, m->sent_util, m->row, w->nres);
	for (int i = 0; i < w->nfws; i++)
		m->row[i] = millionths(policy_dominant_share(w->fws[i].allocated,
							     w->total, w->nres));
	steps_change(w, m->shares, m->sent_shares, m->row, w->nfws);
}

/* ------------------------------------------------------------------ */
/* Summary                                                              */

/* {"mean": ..., "max": ...} of a distribution, all null when empty. */
static void json_stats(FILE *f, const struct stats *s)
{
	if (s->n == 0) {
		fputs("{\"mean\": null, \"p50\": null, \"p90\": null, \"p95\": null, \"p99\": null, \"max\": null}", f);
		return;
	}
	const char *names[] = {"mean", "p50", "p90", "p95", "p99", "max"};
	double vals[] = {s->mean, s->p50, s->p90, s->p95, s->p99, s->max};
	fputc('{', f);
	for (int i = 0; i < 6; i++) {
		fprintf(f, "%s\"%s\": ", i ? ", " : "", names[i]);
		json_num(f, vals[i]);
	}
	fputc('}', f);
}

const struct fig_def fig_defs[FIG_COUNT] = {
#define FIG_DEF(id, kind, field, group, key, hpos, hline, htext, hif, flags, \
		rank, title, stats) \
	[FIG_##id] = {FIGK_##kind, group, key, hpos, hline, htext, FIG_##hif, \
		      flags, rank, title, stats},
	FIGURES(FIG_DEF)
#undef FIG_DEF
};

/* A figure's value over some frameworks: u for COUNT, d for SUM and
 * MEAN (NaN for a mean of nothing), s for DIST. */
struct figval {
	uint64_t u;
	double d;
	struct stats s;
};

struct fig {
	struct figval v[FIG_COUNT];
};

/* The fields of one fw_metrics, by figure. */
struct fig_ptrs {
	const void *p[FIG_COUNT];
};

static void fig_ptrs(const struct fw_metrics *m, struct fig_ptrs *fp)
{
#define FIG_PTR(id, kind, field, ...) fp->p[FIG_##id] = &m->field;
	FIGURES(FIG_PTR)
#undef FIG_PTR
}

/* The figures of frameworks ms[0..n) together.  0 or OS_ENOMEM. */
static int figures(struct fw_metrics *const *ms, int n, size_t exact,
		   struct fig *g)
{
	memset(g, 0, sizeof *g);
	struct fig_ptrs *fp = malloc((size_t)(n ? n : 1) * sizeof *fp);
	const struct qstat **q = malloc((size_t)(n ? n : 1) * sizeof *q);
	int rc = OS_ENOMEM;
	if (!fp || !q)
		goto out;
	for (int i = 0; i < n; i++)
		fig_ptrs(ms[i], &fp[i]);
	for (int k = 0; k < FIG_COUNT; k++) {
		struct figval *v = &g->v[k];
		struct fig_mean mean = {0, 0};
		for (int i = 0; i < n; i++) {
			const void *p = fp[i].p[k];
			switch (fig_defs[k].kind) {
			case FIGK_COUNT: v->u += *(const uint64_t *)p; break;
			case FIGK_SUM: v->d += *(const double *)p; break;
			case FIGK_MEAN:
				mean.sum += ((const struct fig_mean *)p)->sum;
				mean.n += ((const struct fig_mean *)p)->n;
				break;
			case FIGK_DIST: q[i] = p; break;
			}
		}
		if (fig_defs[k].kind == FIGK_MEAN)
			v->d = mean.n ? mean.sum / (double)mean.n : NAN;
		/* The run is over: one framework's values are sorted where
		 * they are, several frameworks' in a pooled copy. */
		if (fig_defs[k].kind == FIGK_DIST &&
		    (n == 1 ? qstat_figure_sorting((struct qstat *)q[0], exact, &v->s)
			    : qstat_figure(q, n, exact, &v->s)))
			goto out;
	}
	rc = 0;
out:
	free(fp);
	free(q);
	return rc;
}

/* Whether any distribution among the figures fell back to histograms. */
static int fig_approx(const struct fig *g, int flags)
{
	for (int k = 0; k < FIG_COUNT; k++)
		if (fig_defs[k].kind == FIGK_DIST && g->v[k].s.approx &&
		    (fig_defs[k].flags & flags) == flags)
			return 1;
	return 0;
}

/* One figure's JSON value (after its key). */
static void json_figval(FILE *f, const struct fig_def *d,
			const struct figval *v)
{
	switch (d->kind) {
	case FIGK_COUNT: fprintf(f, "%llu", (unsigned long long)v->u); break;
	case FIGK_SUM: json_num(f, v->d); break;
	case FIGK_MEAN:
		fputs("{\"mean\": ", f);
		json_num(f, v->d);
		fputc('}', f);
		break;
	case FIGK_DIST: json_stats(f, &v->s); break;
	}
}

static int fig_inline(const struct fig_def *d)
{
	return d->kind == FIGK_COUNT || d->kind == FIGK_SUM;
}

/*
 * The figures in table order, each at ind; a group's plain numbers on
 * its own line and its means and distributions on lines of their own,
 * indented once more (figures.h).
 */
static void json_fig(FILE *f, const struct fig *g, const char *ind)
{
	char ind2[32];
	snprintf(ind2, sizeof ind2, "%s  ", ind);
	for (int k = 0; k < FIG_COUNT;) {
		const struct fig_def *d = &fig_defs[k];
		fprintf(f, "%s%s\"", k ? ",\n" : "", ind);
		if (!*d->group) {
			fprintf(f, "%s\": ", d->key);
			json_figval(f, d, &g->v[k]);
			k++;
			continue;
		}
		int end = k;
		while (end < FIG_COUNT && !strcmp(fig_defs[end].group, d->group))
			end++;
		fprintf(f, "%s\": {", d->group);
		int first = 1;
		for (int pass = 0; pass < 2; pass++)
			for (int j = k; j < end; j++) {
				if (fig_inline(&fig_defs[j]) != !pass)
					continue;
				if (pass)
					fprintf(f, "%s\n%s", first ? "" : ",", ind2);
				else if (!first)
					fputs(", ", f);
				first = 0;
				fprintf(f, "\"%s\": ", fig_defs[j].key);
				json_figval(f, &fig_defs[j], &g->v[j]);
			}
		fputc('}', f);
		k = end;
	}
}

/* One item of a human summary line (figures.h: htext). */
static void human_item(FILE *out, const struct fig_def *d,
		       const struct figval *v, double tau)
{
	if (d->kind == FIGK_DIST) {
		fprintf(out, "mean %.3f  p50 %.3f  p95 %.3f  p99 %.3f  max %.3f s",
			v->s.mean, v->s.p50, v->s.p95, v->s.p99, v->s.max);
		return;
	}
	for (const char *c = d->htext; *c; c++) {
		if (*c == '@')
			fprintf(out, "%g", tau);
		else if (*c != '#')
			fputc(*c, out);
		else if (d->kind == FIGK_COUNT)
			fprintf(out, "%llu", (unsigned long long)v->u);
		else
			fprintf(out, "%.3f", v->d);
	}
}

static int hpos_cmp(const void *pa, const void *pb)
{
	int a = fig_defs[*(const int *)pa].hpos, b = fig_defs[*(const int *)pb].hpos;
	return (a > b) - (a < b);
}

/*
 * The human summary's lines of the figures whose hpos lies in [lo, hi],
 * in hpos order (figures.h).
 */
static void human_figs(FILE *out, const struct fig *g, int lo, int hi,
		       double tau, size_t exact)
{
	int order[FIG_COUNT], n = 0;
	for (int k = 0; k < FIG_COUNT; k++) {
		int h = fig_defs[k].hpos;
		if (h > 0 && h >= lo && h <= hi)
			order[n++] = k;
	}
	qsort(order, (size_t)n, sizeof *order, hpos_cmp);
	int last_note = -1;
	for (int i = 0; i < n; i++)
		if (fig_defs[order[i]].flags & FIG_NOTE)
			last_note = i;
	for (int i = 0; i < n;) {
		const struct fig_def *d = &fig_defs[order[i]];
		int end = i;
		while (end < n && fig_defs[order[end]].hpos / 10 == d->hpos / 10)
			end++;
		int shown = d->hif == FIG_ALWAYS || g->v[d->hif].u > 0;
		int values = 0;
		for (int j = i; j < end; j++) {
			const struct fig_def *e = &fig_defs[order[j]];
			const struct figval *v = &g->v[order[j]];
			values += e->kind == FIGK_COUNT || e->kind == FIGK_SUM ||
				  (e->kind == FIGK_MEAN && !isnan(v->d)) ||
				  (e->kind == FIGK_DIST && v->s.n > 0);
		}
		if (shown) {
			fprintf(out, "  %-9s ", d->hline);
			if (!values)
				fputs("(no finished tasks)", out);
			int any = 0;
			for (int j = i; j < end && values; j++) {
				const struct fig_def *e = &fig_defs[order[j]];
				if ((e->flags & FIG_IFNZ) && g->v[order[j]].u == 0)
					continue;
				if (any++)
					fputs(", ", out);
				human_item(out, e, &g->v[order[j]], tau);
			}
			fputc('\n', out);
		}
		if (last_note >= i && last_note < end && fig_approx(g, FIG_NOTE))
			fprintf(out, "            (percentiles within 0.78%%: more than %zu "
				"values, metrics.exact_percentiles)\n", exact);
		i = end;
	}
}

/*
 * Malformed trace lines skipped by the lenient workloads, in *n; returns
 * whether any workload is lenient (only then does the summary mention it,
 * so the summaries of ordinary runs keep their shape).
 */
static int lenient_lines(struct world *w, long *n)
{
	int any = 0;
	*n = 0;
	for (int i = 0; i < w->nfws; i++) {
		if (!w->sc->fws[i].wl.lenient)
			continue;
		struct wl_stats st;
		wl_stats(w->fws[i].src, &st);
		*n += st.skipped_lines;
		any = 1;
	}
	return any;
}

/* The members of a JSON object with one number per resource, in the
 * scenario's resource order: "cpus": v[0], "mem": v[1], ... */
static void json_res_members(FILE *f, const struct world *w, const double *v)
{
	for (int r = 0; r < w->nres; r++) {
		fprintf(f, "%s", r ? ", " : "");
		json_str(f, w->sc->res.name[r]);
		fputs(": ", f);
		json_num(f, v[r]);
	}
}

/* Each resource's used integral as a share of its capacity over a time
 * of `over` microseconds: 0 where there is no capacity, undefined (NaN:
 * null in JSON, n/a in the summary) where there is no time. */
static void used_shares(const struct world *w, const struct metrics *m,
			double over, double *util)
{
	for (int r = 0; r < w->nres; r++)
		util[r] = !(over > 0) ? NAN : w->total[r] > 0
				  ? m->used_integral[r] / ((double)w->total[r] * over)
				  : 0.0;
}

/* " cpus 0.897", or " cpus n/a" for an undefined share. */
static void human_share(FILE *out, const char *name, double v)
{
	if (isnan(v))
		fprintf(out, " %s n/a", name);
	else
		fprintf(out, " %s %.3f", name, v);
}

/* "offered_load": {"cpus": L, ...} of work over span (transform.h). */
static void json_load(FILE *f, const struct world *w, const double *work,
		      simtime_t span, const char *ind)
{
	double load[RES_MAX];
	wl_offered_load(w->sc, work, span, NULL, load);
	/* Arrivals all at one instant: no span to divide by, so the load is
	 * undefined; null (JSON's NaN), as for a mean of no tasks. */
	for (int r = 0; span <= 0 && r < w->nres; r++)
		load[r] = NAN;
	fprintf(f, "%s\"offered_load\": {", ind);
	json_res_members(f, w, load);
	fputc('}', f);
}

/* What time_scale or load_scale did to framework i's submit times. */
static void json_scale(FILE *f, const struct world *w, int i)
{
	const struct workload_spec *wl = &w->fws[i].spec->wl;
	double factor = wl_time_factor(w->fws[i].src);
	if (wl->load_scale > 0) {
		fputs(",\n      \"load_scale\": {\"target\": ", f);
		json_num(f, wl->load_scale);
		fputs(", \"resource\": ", f);
		json_str(f, wl->load_resource ? wl->load_resource : "most loaded");
		fputs(", \"time_factor\": ", f);
		json_num(f, factor);
		fputc('}', f);
	} else if (factor != 1) {
		fputs(",\n      \"time_scale\": ", f);
		json_num(f, factor);
	}
}

static void human_load(FILE *out, const struct world *w, const double *work,
		       simtime_t span)
{
	double load[RES_MAX];
	wl_offered_load(w->sc, work, span, NULL, load);
	fputs("  offered  ", out);
	if (span <= 0) {
		fputs(" n/a (every arrival at one instant: no span to divide by)\n", out);
	} else {
		for (int r = 0; r < w->nres; r++)
			fprintf(out, " %s %.3f", w->sc->res.name[r], load[r]);
		fprintf(out, " (arrivals over %.3f s)\n", simtime_to_sec(span));
	}
	/* Once per scenario entry: the frameworks framework_by made of one
	 * entry share its factor. */
	for (int i = 0; i < w->nfws; i++) {
		const struct workload_spec *wl = &w->fws[i].spec->wl;
		int seen = 0;
		for (int j = 0; j < i && !seen; j++)
			seen = wl->origin && w->fws[j].spec->wl.origin &&
			       !strcmp(wl->origin, w->fws[j].spec->wl.origin);
		if (wl->load_scale > 0 && !seen)
			fprintf(out, "  load_scale %s: target %g of %s, submit "
				"times x %.6g\n", wl->origin ? wl->origin
				: w->fws[i].name, wl->load_scale,
				wl->load_resource ? wl->load_resource
				: "the most loaded resource",
				wl_time_factor(w->fws[i].src));
	}
}

/* The run's figures, made before the files are closed so that the sorts
 * behind them overlap the row pipe's last work (metrics_finish). */
struct summary_figs {
	int rc;                  /* OS_ENOMEM when they could not be made */
	struct fw_metrics **ms;  /* [nfws] */
	struct fig *per;         /* [nfws] */
	struct fig all;
};

static void summary_figs_make(struct world *w, struct summary_figs *sf)
{
	int n = w->nfws;
	memset(sf, 0, sizeof *sf);
	sf->ms = calloc((size_t)n, sizeof *sf->ms);
	sf->per = calloc((size_t)n, sizeof *sf->per);
	if (!sf->ms || !sf->per) {
		sf->rc = OS_ENOMEM;
		return;
	}
	for (int i = 0; i < n; i++)
		sf->ms[i] = &w->fws[i].m;
	/* Count what is still waiting or running. */
	for (uint32_t id = 0; id < w->tasks.next_fresh; id++) {
		const struct task *t = W_TASK(w, id);
		if (t->state == TASK_WAITING)
			w->fws[t->fw].m.waiting++;
		else if (t->state == TASK_RUNNING)
			w->fws[t->fw].m.running++;
	}
	int rc = figures(sf->ms, n, w->sc->exact_percentiles, &sf->all);
	for (int i = 0; i < n && !rc; i++) {
		if (n == 1)
			sf->per[i] = sf->all;   /* the same figures: do not sort twice */
		else
			rc = figures(&sf->ms[i], 1, w->sc->exact_percentiles, &sf->per[i]);
	}
	sf->rc = rc;
}

static void summary_figs_free(struct summary_figs *sf)
{
	free(sf->ms);
	free(sf->per);
	sf->ms = NULL;
	sf->per = NULL;
}

static int write_summary(struct world *w, FILE *out,
			 const struct summary_figs *sf)
{
	struct metrics *m = &w->met;
	int n = w->nfws;
	const struct fig *per = sf->per;
	const struct fig all = sf->all;
	int rc = sf->rc;
	if (rc)
		return rc;
	double simsec = simtime_to_sec(w->now);
	char *fin = outfile_path(m->dir, "summary.json");
	struct outfile sum;
	int e = fin ? outfile_open(&sum, fin, 0) : -ENOMEM;
	if (e) {
		diag_error(w->diag, fin ? fin : m->dir, 0, 0, "cannot write: %s",
			   strerror(-e));
		rc = OS_EWRITE;
		free(fin);
		goto out;
	}
	FILE *f = sum.f;
	fputs("{\n  \"offersim_version\": ", f);
	json_str(f, OFFERSIM_VERSION);
	/* Only for a run stopped early, so complete summaries keep their
	 * bytes; sim_time below is the simulated time it reached. */
	if (m->stopped) {
		fputs(",\n  \"complete\": false,\n  \"reason\": ", f);
		json_str(f, m->stopped);
	}
	fputs(",\n  \"scenario\": ", f);
	json_str(f, w->sc->name);
	fprintf(f, ",\n  \"seed\": %llu,\n  \"generator\": \"mt19937\",\n",
		(unsigned long long)w->sc->seed);
	fputs("  \"allocator\": ", f);
	json_str(f, w->sc->allocator);
	fprintf(f, ",\n  \"events\": %llu,\n  \"sim_time\": ",
		(unsigned long long)w->events);
	json_num(f, simsec);
	fputs(",\n  \"makespan\": ", f);
	json_num(f, simtime_to_sec(m->last_end));
	fprintf(f, ",\n  \"allocation_passes\": %llu,\n", (unsigned long long)w->passes);
	if (w->stopped) {
		/* A stop condition ended the run early (struct sim_stop):
		 * the figures below are of an unfinished run. */
		fputs("  \"stopped\": {\"at\": ", f);
		json_num(f, simsec);
		fputs(", \"metric\": ", f);
		json_str(f, w->stop_metric);
		fputs(", \"bound\": ", f);
		json_num(f, w->stop_bound);
		fputs("},\n", f);
	}
	{
		/* goodput: the share of run time that went to attempts
		 * that finished (useful_work against lost_work). */
		double use = 0, lost = 0;
		for (int i = 0; i < w->nfws; i++) {
			use += w->fws[i].m.useful_work;
			lost += w->fws[i].m.lost_work;
		}
		fputs("  \"goodput\": ", f);
		if (use + lost > 0)
			json_num(f, use / (use + lost));
		else
			fputs("null", f);
		fputs(",\n", f);
	}
	if (w->afault) {
		/* Only a scenario that can fail agents has the key. */
		fputs("  \"agent_availability\": ", f);
		json_num(f, fault_availability(w));
		fputs(",\n", f);
	}
	fputs("  \"utilization\": {", f);
	double util[RES_MAX], util_span[RES_MAX];
	used_shares(w, m, (double)w->now, util);
	json_res_members(f, w, util);
	fputs("},\n", f);
	/* The span: first submit to last task end (to the end of the run
	 * for tasks still running then). */
	simtime_t span_from = m->first_submit > 0 ? m->first_submit : 0;
	simtime_t span_to = m->last_end;
	if (all.v[FIG_TASKS_RUNNING].u > 0 && w->now > span_to)
		span_to = w->now;
	simtime_t span = span_to > span_from ? span_to - span_from : 0;
	fputs("  \"span\": {\"first_submit\": ", f);
	json_num(f, simtime_to_sec(span_from));
	fputs(", \"last_end\": ", f);
	json_num(f, simtime_to_sec(span_to));
	fputs("},\n  \"span_utilization\": {", f);
	used_shares(w, m, (double)span, util_span);
	json_res_members(f, w, util_span);
	fputs("},\n", f);
	double work[RES_MAX] = {0};
	/* Offered load: over the span of arrivals (transform.h). */
	simtime_t arr_span = m->first_submit >= 0 ? m->last_submit - m->first_submit : 0;
	for (int i = 0; i < n; i++)
		for (int r = 0; r < w->nres; r++)
			work[r] += w->fws[i].m.work[r];
	json_load(f, w, work, arr_span, "  ");
	fputs(",\n", f);
	json_fig(f, &all, "  ");
	fputs(",\n  \"bounded_slowdown_threshold\": ", f);
	json_num(f, m->bsd_tau);
	/* Only when it happened, so ordinary summaries keep their shape. */
	if (fig_approx(&all, 0))
		fprintf(f, ",\n  \"percentiles\": {\"method\": \"histogram\", "
			"\"relative_error\": 0.0078125, \"exact_up_to\": %zu}",
			(size_t)w->sc->exact_percentiles);
	long skipped_lines;
	if (lenient_lines(w, &skipped_lines))
		fprintf(f, ",\n  \"trace\": {\"skipped_lines\": %ld}",
			skipped_lines);
	fputs(",\n  \"frameworks\": {", f);
	for (int i = 0; i < n; i++) {
		fprintf(f, "%s\n    ", i ? "," : "");
		json_str(f, w->fws[i].name);
		fputs(": {\n      \"role\": ", f);
		json_str(f, w->fws[i].role);
		fputs(",\n      \"policy\": ", f);
		json_str(f, w->fws[i].spec->policy);
		fputs(",\n", f);
		json_fig(f, &per[i], "      ");
		fputs(",\n      \"final_dominant_share\": ", f);
		json_num(f, policy_dominant_share(w->fws[i].allocated, w->total, w->nres));
		fputs(",\n", f);
		json_load(f, w, w->fws[i].m.work, arr_span, "      ");
		json_scale(f, w, i);
		fputs("\n    }", f);
	}
	fputs("\n  }\n}\n", f);
	if ((e = outfile_commit(&sum)) != 0) {
		diag_error(w->diag, fin, 0, 0, "cannot write: %s", strerror(-e));
		rc = OS_EWRITE;
	}
	free(fin);
	if (rc || !out)
		goto out;
	if (m->stopped)
		fprintf(out, "offersim: run stopped by %s at %.3f s; results are incomplete\n",
			m->stopped, simsec);

	fprintf(out, "offersim %s: scenario %s, seed %llu, allocator %s\n",
		OFFERSIM_VERSION, w->sc->name, (unsigned long long)w->sc->seed,
		w->sc->allocator);
	fprintf(out, "  sim time %.3f s, %llu events, %llu allocation passes\n",
		simsec, (unsigned long long)w->events, (unsigned long long)w->passes);
	human_figs(out, &all, 1, 19, m->bsd_tau, (size_t)w->sc->exact_percentiles);
	fputs("  util     ", out);
	for (int r = 0; r < w->nres; r++)
		human_share(out, w->sc->res.name[r], util[r]);
	fputs(" (whole run)\n  span util", out);
	for (int r = 0; r < w->nres; r++)
		human_share(out, w->sc->res.name[r], util_span[r]);
	fprintf(out, " (first submit %.3f s to last end %.3f s)\n",
		simtime_to_sec(span_from), simtime_to_sec(span_to));
	human_load(out, w, work, arr_span);
	human_figs(out, &all, 20, INT_MAX, m->bsd_tau,
		   (size_t)w->sc->exact_percentiles);
	if (lenient_lines(w, &skipped_lines))
		fprintf(out, "  trace     %ld malformed line%s skipped (lenient)\n",
			skipped_lines, skipped_lines == 1 ? "" : "s");
	for (int i = 0; n > 1 && i < n; i++) {
		char mean[32] = "n/a";
		if (per[i].v[FIG_WAIT].s.n > 0)
			snprintf(mean, sizeof mean, "%.3f s", per[i].v[FIG_WAIT].s.mean);
		fprintf(out, "  %-9s %llu finished, wait mean %s, final share %.3f\n",
			w->fws[i].name,
			(unsigned long long)per[i].v[FIG_TASKS_FINISHED].u, mean,
			policy_dominant_share(w->fws[i].allocated, w->total, w->nres));
	}
out:
	return rc;
}

static int rec_cmp(const void *pa, const void *pb)
{
	const struct job_rec *a = pa, *b = pb;
	if (a->fw != b->fw)
		return a->fw < b->fw ? -1 : 1;
	if (a->submit != b->submit)
		return a->submit < b->submit ? -1 : 1;
	return (a->job > b->job) - (a->job < b->job);
}

/*
 * The jobs still open when the run stops: those with a task in flight, or
 * one still to come from a source cut by the horizon, are written as
 * waiting (no task started yet) or running; the others ended with their
 * last task (their count was unknown, or the window cut them short).
 * Rows in framework, submit, job id order.
 */
static int jobs_at_end(struct world *w)
{
	struct metrics *m = &w->met;
	for (uint32_t id = 0; id < w->tasks.next_fresh; id++) {
		const struct task *t = W_TASK(w, id);
		if (t->state != TASK_WAITING && t->state != TASK_RUNNING)
			continue;
		struct job_rec *j = jobtrack_get(&m->jobs, t->fw, t->pt.job_id, 0);
		if (!j)
			continue;
		if (t->first_start >= 0 &&
		    (j->start < 0 || t->first_start < j->start))
			j->start = t->first_start;
		j->preemptions += t->pt.preemptions;
		j->running += t->state == TASK_RUNNING;
	}
	size_t n = jobtrack_count(&m->jobs);
	struct job_rec *v = malloc(sizeof *v * (n ? n : 1));
	if (!v)
		return OS_ENOMEM;
	n = jobtrack_copy(&m->jobs, v);
	qsort(v, n, sizeof *v, rec_cmp);
	for (size_t i = 0; i < n; i++) {
		const struct job_rec *j = &v[i];
		const struct framework *f = &w->fws[j->fw];
		int to_come = f->has_next &&
			      (j->job_tasks > 0 ? j->arrived < (uint32_t)j->job_tasks
					        : f->next.job_id == j->job);
		if (j->ended == j->arrived && !to_come) {
			job_account(w, j);
		} else if (j->start >= 0) {
			w->fws[j->fw].m.jobs_running++;
			job_row(w, j, "running");
		} else {
			w->fws[j->fw].m.jobs_waiting++;
			job_row(w, j, "waiting");
		}
	}
	free(v);
	jobtrack_release(&m->jobs);
	return w->failed ? w->failed : 0;
}

int metrics_finish(struct world *w, FILE *out)
{
	struct metrics *m = &w->met;
	metrics_before_use_change(w);
	for (uint32_t id = 0; id < w->tasks.next_fresh; id++) {
		const struct task *t = W_TASK(w, id);
		if (t->state == TASK_WAITING)
			task_row(w, t, -1, "waiting");
		else if (t->state == TASK_RUNNING)
			task_row(w, t, -1, "running");
	}
	if (jobs_at_end(w))
		return OS_ENOMEM;
	/* Offers still in a framework's hand when the run stopped (at the
	 * horizon, kept by a hoarder or held for a rigid job): every offer
	 * made has a row, and made = accepted + declined + rescinded +
	 * held in the summary. */
	for (int i = 0; i < w->nfws; i++) {
		struct framework *f = &w->fws[i];
		f->m.held = 0;
		for (uint32_t id = f->held_head; id != POOL_NONE; id = W_OFFER(w, id)->next) {
			metrics_offer_done(w, W_OFFER(w, id), "outstanding");
			f->m.held++;
		}
		for (uint32_t id = f->off_head; id != POOL_NONE; id = W_OFFER(w, id)->next) {
			metrics_offer_done(w, W_OFFER(w, id), "outstanding");
			f->m.held++;
		}
	}
	int rc = 0;
	/* The step files' last rows, after the changes still in the pipe
	 * (a write error shows when the file is committed below, which
	 * names it); meanwhile this thread sorts for the figures. */
	steps_end(w, m->util);
	steps_end(w, m->shares);
	struct summary_figs sf;
	summary_figs_make(w, &sf);
	/* Every row is in its block writer before the blocks go out. */
	rowpipe_drain(w->rows);
	for (int i = 0; i < MF_COUNT; i++)
		if (m->rows[i])
			fmt_out_flush(m->rows[i]);
	/* A partial file says so in its last line, where a reader that
	 * stops at the end of the data meets it. */
	if (m->stopped)
		for (int i = 0; i < MF_COUNT; i++)
			fprintf(m->f[i], "# incomplete: %s at %.3f s\n", m->stopped,
				simtime_to_sec(w->now));
	for (int i = 0; i < MF_COUNT; i++) {
		int e;
		if (rc) {
			outfile_abort(&m->out[i]);
		} else if ((e = outfile_commit(&m->out[i])) != 0) {
			diag_error(w->diag, m->dir, 0, 0, "cannot write %s: %s",
				   mf_names[i], strerror(-e));
			rc = OS_EWRITE;
		}
		m->f[i] = NULL;
	}
	/* Every row is written: the checker's last sweep, before the
	 * summary that would vouch for them. */
	if (!rc && w->chk)
		rc = check_end(w);
	/* summary.json last: its presence means the run is complete. */
	if (!rc)
		rc = write_summary(w, out, &sf);
	summary_figs_free(&sf);
	if (rc)
		for (int i = 0; i < MF_COUNT; i++) {
			char *fin = outfile_path(m->dir, mf_names[i]);
			if (fin)
				unlink(fin);
			free(fin);
		}
	return rc;
}

void metrics_abort(struct world *w)
{
	struct metrics *m = &w->met;
	/* No row may be formatted into a file being closed. */
	rowpipe_drain(w->rows);
	for (int i = 0; i < MF_COUNT; i++) {
		if (m->out[i].f)
			outfile_abort(&m->out[i]);
		m->f[i] = NULL;
	}
}

void metrics_release(struct world *w)
{
	struct metrics *m = &w->met;
	for (int i = 0; i < MF_COUNT; i++)
		if (m->out[i].f)
			outfile_abort(&m->out[i]);
	jobtrack_release(&m->jobs);
	for (int i = 0; i < MF_COUNT; i++)
		free(m->rows[i]);
	steps_free(m->util);
	steps_free(m->shares);
	free(m->row);
	free(m->sent_util);
	free(m->sent_shares);
	free(m->dir);
	memset(m, 0, sizeof *m);
}
