/*
 * metrics.h - what a run measures and the files it writes.
 *
 * Per-task rows stream to tasks.csv as tasks end (nothing is kept per task
 * but its wait and response, for the percentiles).  Per-job rows stream
 * to jobs.csv as jobs end; a job's record lives only while the job is in
 * flight (jobtrack.h), and a finished job leaves its wait behind for the
 * percentiles.  Utilization is
 * integrated exactly at every change of the resources in use, so the
 * time-weighted average does not depend on the sample interval; the
 * samples in utilization.csv and shares.csv are for plotting.
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

#include "jobtrack.h"
#include "../core/outfile.h"
#include "../core/qstat.h"
#include "../core/res.h"
#include "../core/simtime.h"

struct world;
struct task;
struct offer;

/* A growable array of doubles (waits, responses) for percentiles. */

struct fw_metrics {
	uint64_t submitted, finished, rejected, launched;
	uint64_t offers, accepted, declined, rescinded;
	struct qstat wait, response;    /* seconds (qstat.h) */
	uint64_t preemptions;
	double wasted;                   /* seconds of work lost to restarts */
	double slowdown_sum, bsd_sum;
	uint64_t slowdown_n;
	/* Jobs: counted when their first task arrives; finished ones give
	 * their wait, response and bounded slowdown. */
	uint64_t jobs_submitted, jobs_finished, jobs_rejected;
	uint64_t jobs_waiting, jobs_running;   /* in flight at the end */
	struct qstat job_wait;
	double job_resp_sum, job_bsd_sum;
	double work[RES_MAX];            /* duration x demand of the tasks
					    submitted, resource-seconds */
};

enum metrics_file { MF_TASKS, MF_UTIL, MF_SHARES, MF_OFFERS, MF_JOBS,
		    MF_COUNT };

struct metrics {
	char *dir;
	FILE *f[MF_COUNT];               /* out[i].f, where rows go */
	struct outfile out[MF_COUNT];
	const char *stopped;             /* why the run stopped early, or NULL */
	double used_integral[RES_MAX];   /* resource-microseconds in use */
	simtime_t last_change;
	simtime_t first_submit, last_end;
	simtime_t last_submit;
	double bsd_tau;                  /* bounded slowdown threshold, s */
	struct jobtrack jobs;            /* jobs in flight */
};

/* Create the output directory and open the temporary files. */
int metrics_open(struct world *w, const char *dir);

/* Call before w->used changes, to integrate utilization up to now. */
void metrics_before_use_change(struct world *w);

void metrics_task_submitted(struct world *w, const struct task *t);
/* A task finished (state TASK_FINISHED, start/end set): record and row. */
void metrics_task_finished(struct world *w, const struct task *t,
			   simtime_t end);
/* A task the cluster can never hold. */
void metrics_task_rejected(struct world *w, const struct task *t);
/* An offer was answered or rescinded. */
void metrics_offer_done(struct world *w, const struct offer *o,
			const char *outcome);
void metrics_sample(struct world *w);

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
