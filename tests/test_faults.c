/*
 * test_faults.c - agents that fail and tasks that are lost, failed and
 * retried, each case computed by hand (the reasoning is in the scenario
 * files tests/data/faults-*.yaml and in the comments below) and compared
 * exactly: times are integer microseconds, printed with six decimals.
 *
 * The cases follow Mesos: a failed agent is disconnected at once (no
 * offers), removed after agent_ping_timeout x max_agent_ping_timeouts
 * (15 s x 5), its tasks lost (unreachable when partition-aware), and its
 * framework retries them by its own policy.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "simtest.h"

/* The row of (job, attempt) in tasks.csv, or -1. */
static long row_of(const struct st_csv *csv, int job, int attempt)
{
	return st_attempt_row(csv, "job_id", job, attempt);
}

static void check_attempt(const struct st_csv *csv, int job, int attempt,
			  const char *agent, double start, double end,
			  const char *state)
{
	st_check_attempt(csv, "job_id", job, attempt, agent, start, end, state);
}

static struct st_csv *run_loss(const char *file, const char *set, char *dir)
{
	const char *sets[] = {set};
	CU_ASSERT_EQUAL_FATAL(st_run(file, sets, set ? 1 : 0, dir, ST_DIR), 0);
	struct st_csv *csv = st_csv_read(dir, "tasks.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	return csv;
}

/* faults-loss.yaml: a fails at 10, is removed at 85, job 1 is lost there
 * and its attempt 1 starts at once on b, free since 50. */
static void test_agent_loss(void)
{
	char dir[ST_DIR];
	struct st_csv *csv = run_loss("tests/data/faults-loss.yaml", NULL, dir);
	CU_ASSERT_EQUAL(csv->nrows, 3);
	check_attempt(csv, 2, 0, "b", 0, 50, "finished");
	check_attempt(csv, 1, 0, "a", 0, 85, "lost");
	check_attempt(csv, 1, 1, "b", 85, 185, "finished");
	st_csv_free(csv);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.lost"), 1);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.finished"), 2);
	CU_ASSERT_EQUAL(st_summary(dir, "jobs.finished"), 2);
	/* attempt 0 ran 85 s for nothing; 50 + 100 s went to attempts that
	 * finished: goodput 150 / 235 */
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "lost_work"), 85, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "useful_work"), 150, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "goodput"), 150.0 / 235.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "requeue_delay.mean"), 0, 1e-9);
	/* a is down from 10 to the end at 185 (repair due at 210):
	 * 1 - 175 / (2 x 185) */
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "agent_availability"),
			       1 - 175.0 / 370.0, 1e-9);
	/* Job 1 started with its first attempt at 0 and ended at 185. */
	struct st_csv *jobs = st_csv_read(dir, "jobs.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(jobs);
	for (long r = 0; r < jobs->nrows; r++)
		if (atoi(st_csv_get(jobs, r, "job_id")) == 1) {
			CU_ASSERT_DOUBLE_EQUAL(st_csv_num(jobs, r, "start"), 0, 1e-9);
			CU_ASSERT_DOUBLE_EQUAL(st_csv_num(jobs, r, "end"), 185, 1e-9);
		}
	st_csv_free(jobs);
	/* No offer of a after it failed: only the one made at 0. */
	struct st_csv *off = st_csv_read(dir, "offers.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(off);
	for (long r = 0; r < off->nrows; r++)
		if (!strcmp(st_csv_get(off, r, "agent"), "a"))
			CU_ASSERT(st_csv_num(off, r, "time") < 10);
	st_csv_free(off);
	st_cleanup(dir);
}

/* The same with retry: backoff (10 s for the first retry): attempt 1 is
 * queued at 95 and starts then, b being free; the delay is 10 s. */
static void test_retry_backoff(void)
{
	char dir[ST_DIR];
	struct st_csv *csv = run_loss("tests/data/faults-loss.yaml",
				      "frameworks.batch.retry=backoff", dir);
	check_attempt(csv, 1, 0, "a", 0, 85, "lost");
	check_attempt(csv, 1, 1, "b", 95, 195, "finished");
	CU_ASSERT_DOUBLE_EQUAL(st_csv_num(csv, row_of(csv, 1, 1), "submit"),
			       95, 1e-9);
	st_csv_free(csv);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "requeue_delay.mean"), 10, 1e-9);
	st_cleanup(dir);
}

/* max_attempts: 1: the lost attempt was the last; job 1 fails. */
static void test_give_up(void)
{
	char dir[ST_DIR];
	struct st_csv *csv = run_loss("tests/data/faults-loss.yaml",
				      "frameworks.batch.max_attempts=1", dir);
	CU_ASSERT_EQUAL(csv->nrows, 2);
	check_attempt(csv, 1, 0, "a", 0, 85, "lost");
	CU_ASSERT_EQUAL(row_of(csv, 1, 1), -1);
	st_csv_free(csv);
	CU_ASSERT_EQUAL(st_summary(dir, "jobs.finished"), 1);
	CU_ASSERT_EQUAL(st_summary(dir, "jobs.failed"), 1);
	struct st_csv *jobs = st_csv_read(dir, "jobs.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(jobs);
	int failed = 0;
	for (long r = 0; r < jobs->nrows; r++)
		if (atoi(st_csv_get(jobs, r, "job_id")) == 1)
			failed = !strcmp(st_csv_get(jobs, r, "state"), "failed");
	CU_ASSERT(failed);
	st_csv_free(jobs);
	st_cleanup(dir);
}

/* A partition-aware framework's task ends unreachable, and is retried. */
static void test_partition_aware(void)
{
	char dir[ST_DIR];
	struct st_csv *csv = run_loss("tests/data/faults-loss.yaml",
				      "frameworks.batch.partition_aware=true",
				      dir);
	check_attempt(csv, 1, 0, "a", 0, 85, "unreachable");
	check_attempt(csv, 1, 1, "b", 85, 185, "finished");
	st_csv_free(csv);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.unreachable"), 1);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.lost"), 0);
	st_cleanup(dir);
}

/* faults-back.yaml: a is back at 40, within the timeout, with job 1
 * still running: it finishes at 100 as attempt 0, nothing is lost. */
static void test_back_within_timeout(void)
{
	char dir[ST_DIR];
	struct st_csv *csv = run_loss("tests/data/faults-back.yaml", NULL, dir);
	CU_ASSERT_EQUAL(csv->nrows, 2);
	check_attempt(csv, 1, 0, "a", 0, 100, "finished");
	check_attempt(csv, 2, 0, "b", 0, 50, "finished");
	st_csv_free(csv);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.lost"), 0);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "lost_work"), 0, 1e-9);
	/* down 10..40 of 2 x 100 agent-seconds */
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "agent_availability"),
			       1 - 30.0 / 200.0, 1e-9);
	st_cleanup(dir);
}

/*
 * A timeout other than the default: 2 s x 3 pings removes a at 16, where
 * job 1 is lost; b is busy with job 2 until 50, so attempt 1 starts at
 * 50 on b and ends at 150.
 */
static void test_ping_timeout(void)
{
	char dir[ST_DIR];
	const char *sets[] = {"master.agent_ping_timeout=2",
			      "master.max_agent_ping_timeouts=3"};
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/faults-loss.yaml", sets, 2, dir,
				     sizeof dir), 0);
	struct st_csv *csv = st_csv_read(dir, "tasks.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	check_attempt(csv, 1, 0, "a", 0, 16, "lost");
	check_attempt(csv, 1, 1, "b", 50, 150, "finished");
	st_csv_free(csv);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "requeue_delay.mean"), 34, 1e-9);
	st_cleanup(dir);
}

/*
 * MTBF failures and task failures at a rate: the same seed gives the same
 * bytes, every attempt that did not finish is followed by the next
 * attempt of its task (retry at once, no cap), and every task finishes
 * in the end.
 */
static void test_mtbf_and_task_failures(void)
{
	char a[ST_DIR], b[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/faults-mtbf.yaml", NULL, 0, a,
				     sizeof a), 0);
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/faults-mtbf.yaml", NULL, 0, b,
				     sizeof b), 0);
	char *ta = st_slurp(a, "tasks.csv", NULL), *tb = st_slurp(b, "tasks.csv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ta);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tb);
	CU_ASSERT_STRING_EQUAL(ta, tb);
	free(ta);
	free(tb);
	double sub = st_summary(a, "tasks.submitted");
	CU_ASSERT_EQUAL(st_summary(a, "tasks.finished"), sub);
	CU_ASSERT(st_summary(a, "tasks.lost") > 0);
	CU_ASSERT(st_summary(a, "tasks.failed") > 0);
	CU_ASSERT(st_summary(a, "agent_availability") < 1);
	struct st_csv *csv = st_csv_read(a, "tasks.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	long ended = 0, retried = 0;
	for (long r = 0; r < csv->nrows; r++) {
		const char *st = st_csv_get(csv, r, "state");
		if (!strcmp(st, "finished"))
			continue;
		ended++;
		retried += row_of(csv, atoi(st_csv_get(csv, r, "job_id")),
				  atoi(st_csv_get(csv, r, "attempt")) + 1) >= 0;
	}
	CU_ASSERT_EQUAL(ended, (long)(st_summary(a, "tasks.lost") +
				      st_summary(a, "tasks.failed")));
	CU_ASSERT_EQUAL(retried, ended);
	CU_ASSERT_EQUAL(csv->nrows, (long)sub + ended);
	st_csv_free(csv);
	st_cleanup(a);
	st_cleanup(b);
}

/*
 * faults-alibaba.yaml: the slice's softerrors replayed.  Each failure at t
 * loses its machine's task at t + 75 and the agent is back empty at
 * t + 600, where the lost task (the only one waiting) starts again:
 *   m930:  lost 852, 8173, 15495; attempts start 1377, 8698, 16020
 *   m1075: lost 1426, 8686, 16127; attempts start 1951, 9211, 16652
 *   m372:  lost 4482; attempt 1 starts 5007
 * (at 8698 m930's own task, waiting since 8173, goes before m1075's,
 * waiting since 8686: FIFO).  Agents are down 7 x 600 s of 5 x 20000.
 */
static void test_alibaba_server_events(void)
{
	char dir[ST_DIR];
	struct st_csv *csv = run_loss("tests/data/faults-alibaba.yaml", NULL, dir);
	CU_ASSERT_EQUAL(csv->nrows, 12);
	static const struct { int job, attempt; const char *agent;
			      double start, end; } lost[] = {
		{4, 0, "m930", 0, 852}, {4, 1, "m930", 1377, 8173},
		{4, 2, "m930", 8698, 15495}, {5, 0, "m1075", 0, 1426},
		{5, 1, "m1075", 1951, 8686}, {5, 2, "m1075", 9211, 16127},
		{3, 0, "m372", 0, 4482},
	};
	for (size_t i = 0; i < sizeof lost / sizeof lost[0]; i++)
		check_attempt(csv, lost[i].job, lost[i].attempt, lost[i].agent,
			      lost[i].start, lost[i].end, "lost");
	long r = row_of(csv, 4, 3);
	CU_ASSERT_FATAL(r >= 0);
	CU_ASSERT_DOUBLE_EQUAL(st_csv_num(csv, r, "start"), 16020, 1e-9);
	CU_ASSERT_STRING_EQUAL(st_csv_get(csv, r, "state"), "running");
	r = row_of(csv, 3, 1);
	CU_ASSERT_FATAL(r >= 0);
	CU_ASSERT_DOUBLE_EQUAL(st_csv_num(csv, r, "start"), 5007, 1e-9);
	st_csv_free(csv);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.lost"), 7);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "agent_availability"),
			       1 - 7 * 600.0 / (5 * 20000.0), 1e-9);
	st_cleanup(dir);
}

/* faults-failover.yaml: the scheduler is away from 10 to 40. */
static void test_failover(void)
{
	char dir[ST_DIR];
	/* inside failover_timeout (60 s): the tasks run on */
	struct st_csv *csv = run_loss("tests/data/faults-failover.yaml", NULL, dir);
	CU_ASSERT_EQUAL(csv->nrows, 3);
	check_attempt(csv, 1, 0, "a", 0, 100, "finished");
	check_attempt(csv, 2, 0, "b", 0, 50, "finished");
	check_attempt(csv, 3, 0, "b", 50, 60, "finished");
	st_csv_free(csv);
	/* no offer while it is away */
	struct st_csv *off = st_csv_read(dir, "offers.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(off);
	for (long r = 0; r < off->nrows; r++) {
		double t = st_csv_num(off, r, "time");
		CU_ASSERT(t < 10 || t >= 40);
	}
	st_csv_free(off);
	st_cleanup(dir);
	/* outside (20 s): killed at 30; job 3 starts at 40 on a */
	csv = run_loss("tests/data/faults-failover.yaml",
		       "frameworks.batch.failover_timeout=20", dir);
	check_attempt(csv, 1, 0, "a", 0, 30, "killed");
	check_attempt(csv, 2, 0, "b", 0, 30, "killed");
	check_attempt(csv, 3, 0, "a", 40, 50, "finished");
	st_csv_free(csv);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.killed"), 2);
	CU_ASSERT_EQUAL(st_summary(dir, "jobs.failed"), 2);
	CU_ASSERT_EQUAL(st_summary(dir, "jobs.finished"), 1);
	st_cleanup(dir);
	/* Mesos's default 0: killed at once, at 10 */
	csv = run_loss("tests/data/faults-failover.yaml",
		       "frameworks.batch.failover_timeout=0", dir);
	check_attempt(csv, 1, 0, "a", 0, 10, "killed");
	check_attempt(csv, 2, 0, "b", 0, 10, "killed");
	st_csv_free(csv);
	st_cleanup(dir);
}

/*
 * Disconnects drawn from a distribution (mean 200 s between them): back
 * within failover_timeout (mttr 20 < 60) nothing is killed and every
 * task finishes; back after it (mttr 100) some running tasks are killed
 * and their jobs fail.  Each twice, for the same bytes.
 */
static void test_failover_drawn(void)
{
	static const char *const mttr[] = {
		"frameworks.batch.disconnects={mtbf: {dist: exponential, mean: 200}, mttr: 20}",
		"frameworks.batch.disconnects={mtbf: {dist: exponential, mean: 200}, mttr: 100}",
	};
	for (int k = 0; k < 2; k++) {
		const char *sets[] = {mttr[k], "frameworks.batch.failover_timeout=60"};
		char a[ST_DIR], b[ST_DIR];
		CU_ASSERT_EQUAL_FATAL(st_run("tests/data/faults-mtbf.yaml", sets, 2,
					     a, sizeof a), 0);
		CU_ASSERT_EQUAL_FATAL(st_run("tests/data/faults-mtbf.yaml", sets, 2,
					     b, sizeof b), 0);
		char *ta = st_slurp(a, "tasks.csv", NULL);
		char *tb = st_slurp(b, "tasks.csv", NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(ta);
		CU_ASSERT_PTR_NOT_NULL_FATAL(tb);
		CU_ASSERT_STRING_EQUAL(ta, tb);
		free(ta);
		free(tb);
		double sub = st_summary(a, "tasks.submitted");
		double killed = st_summary(a, "tasks.killed");
		if (k == 0) {
			CU_ASSERT_EQUAL(killed, 0);
			CU_ASSERT_EQUAL(st_summary(a, "tasks.finished"), sub);
		} else {
			CU_ASSERT(killed > 0);
			CU_ASSERT_EQUAL(st_summary(a, "tasks.finished") + killed, sub);
			CU_ASSERT(st_summary(a, "jobs.failed") > 0);
		}
		st_cleanup(a);
		st_cleanup(b);
	}
}

/*
 * task_failure_rates: class 0 never fails; a 60 s attempt of class 1
 * (rate 0.05/s) survives with probability e^-3 = 0.0498, so about 95% of
 * its attempts fail, each retried at once until one finishes.
 */
static void test_class_failure_rates(void)
{
	char dir[ST_DIR];
	struct st_csv *csv = run_loss("tests/data/faults-classes.yaml", NULL, dir);
	long fail[2] = {0, 0}, fin[2] = {0, 0};
	for (long r = 0; r < csv->nrows; r++) {
		int k = atoi(st_csv_get(csv, r, "class"));
		CU_ASSERT_FATAL(k == 0 || k == 1);
		const char *st = st_csv_get(csv, r, "state");
		fail[k] += !strcmp(st, "failed");
		fin[k] += !strcmp(st, "finished");
	}
	st_csv_free(csv);
	CU_ASSERT_EQUAL(fail[0], 0);
	CU_ASSERT(fin[0] > 0 && fin[1] > 0);
	CU_ASSERT_EQUAL(fin[0] + fin[1], (long)st_summary(dir, "tasks.submitted"));
	double p = (double)fail[1] / (double)(fail[1] + fin[1]);
	printf("\n    class 1: %ld of %ld attempts failed (%.3f, expected %.3f) ",
	       fail[1], fail[1] + fin[1], p, 1 - exp(-3.0));
	CU_ASSERT(fabs(p - (1 - exp(-3.0))) < 0.03);
	st_cleanup(dir);
}

static const struct test_case cases[] = {
	{"agent loss: timeout, lost task, retry at once", test_agent_loss},
	{"agent loss: retry after a backoff", test_retry_backoff},
	{"agent loss: max_attempts gives up, the job fails", test_give_up},
	{"agent loss: partition-aware tasks end unreachable", test_partition_aware},
	{"agent back within the timeout keeps its tasks", test_back_within_timeout},
	{"agent_ping_timeout x max_agent_ping_timeouts", test_ping_timeout},
	{"MTBF and task failures: retried, deterministic", test_mtbf_and_task_failures},
	{"Alibaba 2017 server_event failures replayed", test_alibaba_server_events},
	{"framework failover inside and outside failover_timeout", test_failover},
	{"framework disconnects drawn from a distribution", test_failover_drawn},
	{"task failures at a per-class rate", test_class_failure_rates},
	{NULL, NULL},
};

const struct test_suite suite_faults = {"faults", cases};
