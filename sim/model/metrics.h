/*
 * metrics.h - what a run measures and the files it writes.
 *
 * Per-task rows stream to tasks.csv as tasks end (nothing is kept per task
 * but its wait and response, for the percentiles).  Per-job rows stream
 * to jobs.csv as jobs end; a job's record lives only while the job is in
 * flight (jobtrack.h), and a finished job leaves its wait behind for the
 * percentiles.  Utilization is
 * integrated exactly at every change of the resources in use.
 *
 * utilization.csv (in use / total per resource) and shares.csv (each
 * framework's dominant share of what it was allocated, offers included)
 * are step functions (core/steps.h): a row when a value, to six
 * decimals, changed at an instant (the state after that instant's
 * events, at most one row per instant); it holds until the next row; the
 * last row is the end of the run.  The time-weighted mean over the file
 * is summary.json's utilization to the printed precision, however the
 * rows are thinned (metrics.max_rows, default 10000 per file: adjacent
 * steps merge into their time-weighted mean).  metrics.sample_interval
 * no longer plays a part here: the engine counts the ticks of its old
 * clock in summary.json's events so that results stay comparable, and
 * that is all it does.
 *
 * Every file is written under a temporary name (".NAME.tmp" in the output
 * directory, core/outfile.h) and renamed only when the run completed, so a
 * failed run never leaves output that looks whole.  A run stopped early
 * (sim_options.stop) renames its files too, each ending in a line
 * "# incomplete: REASON at T s", and summary.json says "complete": false.
 */
#ifndef OFFERSIM_METRICS_H
#define OFFERSIM_METRICS_H

#include <stdint.h>
#include <stdio.h>

#include "figures.h"
#include "jobtrack.h"
#include "../core/outfile.h"
#include "../core/qstat.h"
#include "../core/res.h"
#include "../core/simtime.h"

struct world;
struct task;
struct offer;
struct steps;
struct fmtout;

/*
 * What a framework's run measured: one field per summary figure
 * (figures.h, named by its row), and the rest, which summary.json reports
 * in other forms.
 */
struct fw_metrics {
#define FIG_FIELD(id, kind, field, ...) FIG_TYPE_##kind field;
	FIGURES(FIG_FIELD)
#undef FIG_FIELD
	uint64_t launched;               /* tasks started, restarts included */
	uint64_t retries;                /* attempts that ended and were
					    followed by another (task.c) */
	double work[RES_MAX];            /* duration x demand of the tasks
					    submitted, resource-seconds */
};

enum metrics_file { MF_TASKS, MF_UTIL, MF_SHARES, MF_OFFERS, MF_JOBS,
		    MF_COUNT };

struct metrics {
	char *dir;
	FILE *f[MF_COUNT];               /* out[i].f, where rows go */
	struct outfile out[MF_COUNT];
	struct fmtout *rows[MF_COUNT];   /* the block writer of the per-task,
					    per-job and per-offer files
					    (NULL for the others) */
	const char *stopped;             /* why the run stopped early, or NULL */
	double used_integral[RES_MAX];   /* resource-microseconds in use */
	simtime_t last_change;
	simtime_t first_submit, last_end;
	simtime_t last_submit;
	double bsd_tau;                  /* bounded slowdown threshold, s */
	struct jobtrack jobs;            /* jobs in flight */
	struct steps *util, *shares;     /* utilization.csv, shares.csv */
	int64_t *row;                    /* scratch: one row's values */
	int64_t *sent_util, *sent_shares; /* the values last handed to each */
};

/* Create the output directory and open the temporary files. */
int metrics_open(struct world *w, const char *dir);

/* Call before w->used changes, to integrate utilization up to now. */
void metrics_before_use_change(struct world *w);

void metrics_task_submitted(struct world *w, const struct task *t);
/*
 * A task attempt ended at end in its terminal state t->state (task.c set
 * it): its row of tasks.csv, its count by state, and for a finished one
 * its wait, response and slowdowns.  final: the task will not run again
 * (no retry follows), so its job hears of it; a job whose task ends for
 * good in a state other than finished has failed.
 */
void metrics_task_ended(struct world *w, const struct task *t,
			simtime_t end, int final);
/* A task the cluster can never hold. */
void metrics_task_rejected(struct world *w, const struct task *t);
/* An offer was answered or rescinded. */
void metrics_offer_done(struct world *w, const struct offer *o,
			const char *outcome);
/*
 * The events of the instant w->now are all done (the engine calls it
 * before time moves on, and once after the last event): utilization.csv
 * and shares.csv get a row at w->now when a value changed.
 */
void metrics_settled(struct world *w);

/*
 * After the last event: rows for tasks still waiting or running, the
 * summary (summary.json and the human one on out, unless NULL), then
 * rename every file into place.  Returns 0 or < 0.
 */
int metrics_finish(struct world *w, FILE *out);
/* Drop the temporary files of a failed run. */
void metrics_abort(struct world *w);
void metrics_release(struct world *w);

#endif
