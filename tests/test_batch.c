/*
 * test_batch.c - HPC batch mode equals a classic batch scheduler.
 *
 * docs/policies.md promises that an SWF log replayed on its own machine,
 * by one framework with event-driven passes, no decision time and no
 * filters, starts every job exactly when a textbook central scheduler
 * would.  This file holds such a scheduler, written from the textbook
 * definitions with plain arrays and nothing of offersim's: time jumps
 * from event to event (submits and actual ends); at each instant all ends
 * and submits are applied, then one scheduling pass runs over the queue in
 * submit order (ties: job number):
 *
 *   FCFS          start jobs from the head while they fit; the first that
 *                 does not fit blocks the queue.
 *   EASY          the same, then the blocked head gets a reservation: the
 *                 earliest expected end of running jobs (start + requested
 *                 time, or now when overdue) by which enough processors
 *                 are free, "extra" being what is free then beyond the
 *                 head's need; a later job starts now if it fits now and
 *                 either ends by the reservation or uses only extra
 *                 processors (which it then consumes).  (Lifka 1995;
 *                 Mu'alem and Feitelson 2001.)
 *   conservative  every queued job, in order, takes the earliest start at
 *                 which it fits for its whole requested time beside the
 *                 running jobs' expected ends and the reservations before
 *                 it; those reserved at now start.
 *
 * The tests compute every job's start time with it and compare them with
 * the start column of offersim's jobs.csv, exactly, for every job: on the
 * 2000-job KTH SP2 slice in traces/ and on a small made-up log that adds
 * what KTH lacks (jobs running past their requested time, a run time of
 * 0, submits at the instant of an end, jobs too big for the machine).
 * Each is checked with a job as one task of `procs` cpus on one
 * machine-sized agent, and as one task per processor under gang: hold (on
 * one agent, and on one-cpu agents) and gang: decline (on one-cpu
 * agents): the models of docs/traces.md must agree job for job.  The
 * score orders (F1, WFP3, UNICEP) have no reference here, but their two
 * job models must agree too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <limits.h>

#include "../bench/swf_jobs.h"
#include "harness.h"
#include "simtest.h"

enum ref_policy { REF_FCFS, REF_EASY, REF_CONSERVATIVE };

/* The log's jobs, read as offersim reads SWF by default (swf_jobs.h). */
static int read_swf(const char *path, struct swf_job **out)
{
	long n = swf_jobs_read(path, out);
	return n > INT_MAX ? -1 : (int)n;
}

static long expected_end(const struct swf_job *j, long now)
{
	long e = j->start + j->est;
	return e > now ? e : now;
}

/* A step function of free processors: base from now, plus delta[i] from
 * at[i] on (times unsorted; the function is evaluated by summing). */
struct profile {
	long base;
	long at[8192], delta[8192];
	int n;
};

static long free_at(const struct profile *p, long t)
{
	long f = p->base;
	for (int i = 0; i < p->n; i++)
		if (p->at[i] <= t)
			f += p->delta[i];
	return f;
}

/* Do procs fit for [s, s + len) (at s alone when len is 0)? */
static int fits_over(const struct profile *p, long s, long len, long procs)
{
	if (free_at(p, s) < procs)
		return 0;
	for (int i = 0; i < p->n; i++)
		if (p->at[i] > s && p->at[i] < s + len &&
		    free_at(p, p->at[i]) < procs)
			return 0;
	return 1;
}

static void add_step(struct profile *p, long at, long delta)
{
	if (p->n < 8192) {
		p->at[p->n] = at;
		p->delta[p->n] = delta;
		p->n++;
	} else {
		CU_FAIL("reference profile too small");
	}
}

/* One scheduling pass at now over queue q[0..*nq) (job indexes in submit
 * order); started jobs leave the queue and join run[0..*nr). */
static void pass(struct swf_job *j, int *q, int *nq, int *run, int *nr,
		 long *free_procs, long now, enum ref_policy pol,
		 struct profile *prof)
{
#define START(k) do { \
		j[q[k]].start = now; \
		*free_procs -= j[q[k]].procs; \
		run[(*nr)++] = q[k]; \
		q[k] = -1; \
	} while (0)
	if (pol == REF_CONSERVATIVE) {
		prof->base = *free_procs;
		prof->n = 0;
		for (int r = 0; r < *nr; r++)
			add_step(prof, expected_end(&j[run[r]], now),
				 j[run[r]].procs);
		for (int k = 0; k < *nq; k++) {
			struct swf_job *x = &j[q[k]];
			/* Candidate starts: now and every step of the
			 * profile, earliest first. */
			long best = -1;
			if (fits_over(prof, now, x->est, x->procs))
				best = now;
			for (int i = 0; i < prof->n; i++) {
				long s = prof->at[i];
				if (s > now && (best < 0 || s < best) &&
				    fits_over(prof, s, x->est, x->procs))
					best = s;
			}
			if (best < 0)
				continue;
			add_step(prof, best, -x->procs);
			add_step(prof, best + x->est, x->procs);
			if (best == now)
				START(k);
		}
	} else {
		int k = 0;
		while (k < *nq && j[q[k]].procs <= *free_procs) {
			START(k);
			k++;
		}
		if (k < *nq && pol == REF_EASY) {
			const struct swf_job *head = &j[q[k]];
			/* Shadow time: running jobs by expected end. */
			long shadow = -1, avail = *free_procs;
			long ends[1024];
			int ne = 0;
			for (int r = 0; r < *nr && ne < 1024; r++)
				ends[ne++] = run[r];
			for (int a = 0; a < ne; a++)
				for (int b = a + 1; b < ne; b++)
					if (expected_end(&j[ends[b]], now) <
					    expected_end(&j[ends[a]], now)) {
						long t = ends[a];
						ends[a] = ends[b];
						ends[b] = t;
					}
			for (int a = 0; a < ne && shadow < 0; a++) {
				avail += j[ends[a]].procs;
				if (avail >= head->procs)
					shadow = expected_end(&j[ends[a]], now);
			}
			/* Free at the shadow time: every job ended by then. */
			avail = *free_procs;
			for (int a = 0; a < ne && shadow >= 0; a++)
				if (expected_end(&j[ends[a]], now) <= shadow)
					avail += j[ends[a]].procs;
			long extra = avail - head->procs;
			for (int b = k + 1; b < *nq; b++) {
				struct swf_job *x = &j[q[b]];
				if (x->procs > *free_procs)
					continue;
				if (shadow < 0 || now + x->est <= shadow) {
					START(b);
				} else if (x->procs <= extra) {
					extra -= x->procs;
					START(b);
				}
			}
		}
	}
	int m = 0;
	for (int k = 0; k < *nq; k++)
		if (q[k] >= 0)
			q[m++] = q[k];
	*nq = m;
#undef START
}

/* Start time of every job (j in submit order) on a machine of procs. */
static void reference(struct swf_job *j, int n, long machine,
		      enum ref_policy pol)
{
	int *q = malloc(sizeof *q * (size_t)n);
	int *run = malloc(sizeof *run * (size_t)n);
	struct profile *prof = malloc(sizeof *prof);
	CU_ASSERT_FATAL(q && run && prof);
	int nq = 0, nr = 0, a = 0;
	long free_procs = machine;
	for (int i = 0; i < n; i++)
		j[i].start = -1;
	while (a < n || nr > 0) {
		long now = a < n ? j[a].submit : -1;
		for (int r = 0; r < nr; r++) {
			long e = j[run[r]].start + j[run[r]].run;
			if (now < 0 || e < now)
				now = e;
		}
		int m = 0;
		for (int r = 0; r < nr; r++) {
			if (j[run[r]].start + j[run[r]].run == now)
				free_procs += j[run[r]].procs;
			else
				run[m++] = run[r];
		}
		nr = m;
		while (a < n && j[a].submit == now) {
			if (j[a].procs <= machine)
				q[nq++] = a;
			a++;
		}
		pass(j, q, &nq, run, &nr, &free_procs, now, pol, prof);
	}
	CU_ASSERT_EQUAL(nq, 0);
	free(q);
	free(run);
	free(prof);
}

/* Run offersim and compare every job's start with the reference; returns
 * the number of jobs compared. */
static int check_run(const char *yaml, const char *const *sets, int nsets,
		     const struct swf_job *j, int n, const char *what)
{
	char dir[ST_DIR];
	/* The small log's skip warning would be printed by every run. */
	int rc = st_run_quiet(yaml, sets, nsets, dir, sizeof dir);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	struct st_csv *csv = st_csv_read(dir, "jobs.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	int seen = 0, bad = 0;
	for (long r = 0; r < csv->nrows; r++) {
		/* Complete rows only, as jobs.csv always writes them. */
		if (!st_csv_get(csv, r, "end"))
			continue;
		long id = atol(st_csv_get(csv, r, "job_id"));
		double start = st_csv_num(csv, r, "start");
		if (isnan(start))
			start = -1;
		int i = 0;
		while (i < n && j[i].id != id)
			i++;
		if (i == n) {
			printf("\n    %s: job %ld is not in the log", what, id);
			bad++;
			continue;
		}
		seen++;
		if (start != (double)j[i].start) {
			if (bad < 5)
				printf("\n    %s: job %ld starts at %.6f, the reference says %ld",
				       what, id, start, j[i].start);
			bad++;
		}
	}
	st_csv_free(csv);
	st_cleanup(dir);
	if (bad)
		CU_FAIL("a job's start differs from the reference scheduler");
	CU_ASSERT_EQUAL(seen, n);
	return seen;
}

/* The models of a job that must agree: one agent of `machine` cpus, or
 * `machine` agents of 1 cpu. */
static void check_models(const char *yaml, const char *agent, long machine,
			 const char *policy, const struct swf_job *j, int n)
{
	char pol[64], count[64], cpus[64], big[64];
	snprintf(pol, sizeof pol, "frameworks.batch.policy=%s", policy);
	snprintf(count, sizeof count, "cluster.agents.%s.count=%ld", agent, machine);
	snprintf(cpus, sizeof cpus, "cluster.agents.%s.resources.cpus=1", agent);
	snprintf(big, sizeof big, "cluster.agents.%s.resources.cpus=%ld", agent, machine);
	const char *split = "frameworks.batch.workload.options.tasks=per_proc";
	const char *one[] = {pol, big};
	const char *hold[] = {pol, big, split, "frameworks.batch.gang=hold"};
	const char *hold_n[] = {pol, split, "frameworks.batch.gang=hold", count, cpus};
	const char *decl_n[] = {pol, split, "frameworks.batch.gang=decline", count, cpus};
	char what[128];
	snprintf(what, sizeof what, "%s, one task per job", policy);
	check_run(yaml, one, 2, j, n, what);
	snprintf(what, sizeof what, "%s, a task per processor, gang: hold, one agent", policy);
	check_run(yaml, hold, 4, j, n, what);
	snprintf(what, sizeof what, "%s, a task per processor, gang: hold, 1-cpu agents", policy);
	check_run(yaml, hold_n, 5, j, n, what);
	snprintf(what, sizeof what, "%s, a task per processor, gang: decline, 1-cpu agents", policy);
	check_run(yaml, decl_n, 5, j, n, what);
}

/* Start times from jobs.csv into j[].start (j as read from the log). */
static void starts_of(const char *yaml, const char *const *sets, int nsets,
		      struct swf_job *j, int n)
{
	char dir[ST_DIR];
	int rc = st_run_quiet(yaml, sets, nsets, dir, sizeof dir);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	struct st_csv *csv = st_csv_read(dir, "jobs.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	static const char *const cols[] = {"framework", "job_id"};
	for (int i = 0; i < n; i++) {
		char id[24];
		snprintf(id, sizeof id, "%ld", j[i].id);
		const char *const vals[] = {"batch", id};
		long r = st_csv_find(csv, 0, cols, vals, 2);
		const char *start = r >= 0 ? st_csv_get(csv, r, "start") : NULL;
		j[i].start = !start ? -2 : *start ? atol(start) : -1;
	}
	st_csv_free(csv);
	st_cleanup(dir);
}

/* How many jobs start at different times under a and b. */
static int differ(const struct swf_job *a, const struct swf_job *b, int n)
{
	int d = 0;
	for (int i = 0; i < n; i++)
		d += a[i].start != b[i].start;
	return d;
}

static void test_small_log(void)
{
	struct swf_job *j;
	int n = read_swf("tests/data/batch-small.swf", &j);
	CU_ASSERT_EQUAL_FATAL(n, 19);   /* job 13 runs 0 s: skipped */
	struct swf_job *fcfs = malloc(sizeof *fcfs * (size_t)n);
	struct swf_job *easy = malloc(sizeof *easy * (size_t)n);
	CU_ASSERT_FATAL(fcfs && easy);

	reference(j, n, 8, REF_FCFS);
	memcpy(fcfs, j, sizeof *j * (size_t)n);
	/* Spot checks by hand: 1 and 2 start at 0 (7 procs); 3 (6 procs)
	 * blocks the queue until 2 ends at 50 and 1 at 100. */
	CU_ASSERT_EQUAL(j[0].start, 0);
	CU_ASSERT_EQUAL(j[1].start, 0);
	CU_ASSERT_EQUAL(j[2].start, 100);
	CU_ASSERT_EQUAL(j[3].start, 100);
	check_models("tests/data/batch-small.yaml", "m", 8, "fcfs", j, n);

	reference(j, n, 8, REF_EASY);
	memcpy(easy, j, sizeof *j * (size_t)n);
	/* EASY: at 10 the blocked 3 (6 procs) is reserved at 120, when 1
	 * (4 procs, requested 120) is expected to end, with 2 extra.  5
	 * (1 proc, ends by 50) backfills at 20; at 50, with 2 ended, 4 (2
	 * procs, ends by 90) and 7 (2, by 60) backfill; at 60, with 7 gone,
	 * 8 (1 proc, 300 s) uses one extra processor.  1 ends early, at
	 * 100, and 3 starts then. */
	CU_ASSERT_EQUAL(j[4].start, 20);
	CU_ASSERT_EQUAL(j[3].start, 50);
	CU_ASSERT_EQUAL(j[6].start, 50);
	CU_ASSERT_EQUAL(j[7].start, 60);
	CU_ASSERT_EQUAL(j[2].start, 100);
	CU_ASSERT(differ(fcfs, easy, n) >= 5);
	check_models("tests/data/batch-small.yaml", "m", 8, "easy", j, n);

	reference(j, n, 8, REF_CONSERVATIVE);
	/* Conservative starts 4, 5 and 7 as EASY does, but not 8 at 60: a
	 * 300 s window would cross the reservation of 6, which needs the
	 * whole machine after 3 (reserved at 120, for 150 s). */
	CU_ASSERT_EQUAL(j[4].start, 20);
	CU_ASSERT_EQUAL(j[3].start, 50);
	CU_ASSERT(j[7].start > 60);
	CU_ASSERT(differ(easy, j, n) >= 5);
	check_models("tests/data/batch-small.yaml", "m", 8, "conservative", j, n);

	/* On 7 processors, jobs 6 and 12 (8 procs) can never run: rejected
	 * in every model (as one task too big for the agent, or as a gang
	 * bigger than all the agents), and the rest as the reference. */
	reference(j, n, 7, REF_EASY);
	CU_ASSERT_EQUAL(j[5].start, -1);
	CU_ASSERT_EQUAL(j[11].start, -1);
	check_models("tests/data/batch-small.yaml", "m", 7, "easy", j, n);
	free(fcfs);
	free(easy);
	free(j);
}

static void test_score_orders_agree(void)
{
	/* No reference for these; the job models must still agree job for
	 * job (the scores read the job's processors in both). */
	static const char *const pols[][2] = {
		{"f1", "frameworks.batch.policy_options.backfill=easy"},
		{"wfp3", "frameworks.batch.policy_options.backfill=conservative"},
		{"unicep", "frameworks.batch.policy_options.backfill=none"},
	};
	struct swf_job *a, *b;
	int n = read_swf("tests/data/batch-small.swf", &a);
	CU_ASSERT_EQUAL_FATAL(n, 19);
	b = malloc(sizeof *b * (size_t)n);
	CU_ASSERT_FATAL(b != NULL);
	memcpy(b, a, sizeof *b * (size_t)n);
	for (int p = 0; p < 3; p++) {
		char pol[64];
		snprintf(pol, sizeof pol, "frameworks.batch.policy=%s", pols[p][0]);
		const char *one[] = {pol, pols[p][1]};
		const char *gang[] = {pol, pols[p][1],
				      "frameworks.batch.workload.options.tasks=per_proc",
				      "frameworks.batch.gang=hold",
				      "cluster.agents.m.count=8",
				      "cluster.agents.m.resources.cpus=1"};
		starts_of("tests/data/batch-small.yaml", one, 2, a, n);
		starts_of("tests/data/batch-small.yaml", gang, 6, b, n);
		for (int i = 0; i < n; i++)
			if (a[i].start != b[i].start || a[i].start < 0) {
				printf("\n    %s: job %ld starts at %ld as one task, %ld as a gang",
				       pols[p][0], a[i].id, a[i].start, b[i].start);
				CU_FAIL("the job models disagree");
			}
	}
	free(a);
	free(b);
}

static void test_kth(const char *policy, enum ref_policy pol)
{
	struct swf_job *j;
	int n = read_swf("traces/kth-sp2-2000.swf.gz", &j);
	CU_ASSERT_EQUAL_FATAL(n, 2000);
	reference(j, n, 100, pol);
	if (pol != REF_FCFS) {
		/* The test means something only if the policy matters. */
		struct swf_job *f = malloc(sizeof *f * (size_t)n);
		CU_ASSERT_FATAL(f != NULL);
		memcpy(f, j, sizeof *f * (size_t)n);
		reference(f, n, 100, REF_FCFS);
		CU_ASSERT(differ(f, j, n) > 500);
		free(f);
	}
	check_models("tests/data/batch-kth.yaml", "sp2", 100, policy, j, n);
	free(j);
}

static void test_kth_fcfs(void)
{
	test_kth("fcfs", REF_FCFS);
}

static void test_kth_easy(void)
{
	test_kth("easy", REF_EASY);
}

static void test_kth_conservative(void)
{
	test_kth("conservative", REF_CONSERVATIVE);
}

static const struct test_case cases[] = {
	{"small log: fcfs, easy, conservative equal the reference in every model", test_small_log},
	{"small log: f1, wfp3, unicep agree in both job models", test_score_orders_agree},
	{"KTH 2000 jobs: fcfs equals the reference", test_kth_fcfs},
	{"KTH 2000 jobs: easy equals the reference", test_kth_easy},
	{"KTH 2000 jobs: conservative equals the reference", test_kth_conservative},
	{NULL, NULL},
};

const struct test_suite suite_batch = {"batch", cases};
