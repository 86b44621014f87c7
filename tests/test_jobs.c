/*
 * test_jobs.c - per-job metrics (jobs.csv and the "jobs" figures of
 * summary.json) and utilization over the span, on hand-computed cases:
 * a native CSV trace whose job sizes are unknown (tests/data/jobs.csv
 * derives every number), rigid SWF jobs split per processor, a run cut
 * by the horizon with jobs in flight; and the job table itself, whose
 * size must follow the jobs in flight, not the jobs seen, and whose
 * deletions must never lose an entry (against a plain array).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/core/idtab.h"
#include "../sim/model/jobtrack.h"
#include "harness.h"
#include "simtest.h"

/* jobs.csv without its header, for comparison with the expected rows. */
static char *job_rows(const char *dir)
{
	char *csv = st_slurp(dir, "jobs.csv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	const char *hdr = "framework,job_id,tasks,submit,start,end,wait,run,"
			  "response,bounded_slowdown,preemptions,state\n";
	CU_ASSERT_EQUAL(strncmp(csv, hdr, strlen(hdr)), 0);
	char *rows = strdup(csv + strlen(hdr));
	free(csv);
	return rows;
}

static void expect_rows(const char *dir, const char *want)
{
	char *got = job_rows(dir);
	if (strcmp(got, want) != 0) {
		printf("\n    jobs.csv rows:\n%s    want:\n%s", got, want);
		CU_FAIL("jobs.csv differs from the hand computation");
	}
	free(got);
}

static void test_unknown_size(void)
{
	char dir[ST_DIR];
	const char *s[] = {"frameworks.f.workload.trace=../jobs.csv",
			   "metrics.bounded_slowdown_threshold=2"};
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/policies/one-cpu.yaml", s, 2,
				     dir, sizeof dir), 0);
	expect_rows(dir,
		    "f,2,1,6.000000,10.000000,11.000000,4.000000,1.000000,5.000000,2.500000,0,finished\n"
		    "f,1,3,5.000000,5.000000,13.000000,0.000000,8.000000,8.000000,1.000000,0,finished\n"
		    "f,2,1,20.000000,20.000000,21.000000,0.000000,1.000000,1.000000,1.000000,0,finished\n");
	CU_ASSERT_EQUAL(st_summary(dir, "jobs.submitted"), 3);
	CU_ASSERT_EQUAL(st_summary(dir, "jobs.finished"), 3);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "jobs.wait.mean"), 4.0 / 3, 1e-7);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "jobs.wait.p50"), 0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "jobs.wait.max"), 4, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "jobs.response.mean"), 14.0 / 3, 1e-7);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "jobs.bounded_slowdown.mean"), 1.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "frameworks.f.jobs.bounded_slowdown.mean"),
			       1.5, 1e-12);
	/* Task-level keys keep their meaning: 5 tasks, waits 0,2,4,0,0. */
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.finished"), 5);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "wait.mean"), 6.0 / 5, 1e-9);
	/* Utilization: 8 cpu-seconds over the span 5-21, and over 0-21.
	 * (summary.json has 9 significant digits.) */
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "span.first_submit"), 5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "span.last_end"), 21, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "span_utilization.cpus"), 0.5, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "utilization.cpus"), 8.0 / 21, 1e-7);
	st_cleanup(dir);
}

static void test_horizon(void)
{
	/* Cut at 12.5: job 2's first record ended at 11; job 1's task 2
	 * runs (since 12); job 2's second record has not arrived. */
	char dir[ST_DIR];
	const char *s[] = {"frameworks.f.workload.trace=../jobs.csv",
			   "metrics.bounded_slowdown_threshold=2", "horizon=12.5"};
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/policies/one-cpu.yaml", s, 3,
				     dir, sizeof dir), 0);
	expect_rows(dir,
		    "f,2,1,6.000000,10.000000,11.000000,4.000000,1.000000,5.000000,2.500000,0,finished\n"
		    "f,1,3,5.000000,5.000000,,0.000000,,,,0,running\n");
	CU_ASSERT_EQUAL(st_summary(dir, "jobs.submitted"), 2);
	CU_ASSERT_EQUAL(st_summary(dir, "jobs.finished"), 1);
	CU_ASSERT_EQUAL(st_summary(dir, "jobs.running"), 1);
	CU_ASSERT_EQUAL(st_summary(dir, "jobs.waiting"), 0);
	/* The span runs to the end of the run while a task still runs:
	 * 5 to 12.5, with 2 + 3 + 1 + 0.5 = 6.5 cpu-seconds. */
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "span.last_end"), 12.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "span_utilization.cpus"),
			       6.5 / 7.5, 1e-7);
	st_cleanup(dir);
}

static void test_rigid(void)
{
	/* gang-refused.swf (tests/data/policies) on four cpus under EASY,
	 * a task per processor: J1 0-10, J2 (3 tasks) 10-15, J3 15-35.
	 * Bounded slowdown (tau 10): J2 14 / 10 = 1.4, J3 33 / 20 = 1.65. */
	char dir[ST_DIR];
	const char *s[] = {"frameworks.f.workload.trace=gang-refused.swf",
			   "frameworks.f.workload.format=swf",
			   "frameworks.f.workload.options.tasks=per_proc",
			   "frameworks.f.gang=hold", "frameworks.f.policy=easy"};
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/policies/four-cpu.yaml", s, 5,
				     dir, sizeof dir), 0);
	expect_rows(dir,
		    "f,1,2,0.000000,0.000000,10.000000,0.000000,10.000000,10.000000,1.000000,0,finished\n"
		    "f,2,3,1.000000,10.000000,15.000000,9.000000,5.000000,14.000000,1.400000,0,finished\n"
		    "f,3,2,2.000000,15.000000,35.000000,13.000000,20.000000,33.000000,1.650000,0,finished\n");
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.finished"), 7);
	CU_ASSERT_EQUAL(st_summary(dir, "jobs.finished"), 3);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "jobs.wait.mean"), 22.0 / 3, 1e-7);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "jobs.wait.p50"), 9, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "jobs.response.mean"), 19, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "jobs.bounded_slowdown.mean"),
			       4.05 / 3, 1e-7);
	/* 2 x 10 + 3 x 5 + 2 x 20 = 75 cpu-seconds on 4 cpus over 0-35. */
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "span_utilization.cpus"),
			       75.0 / 140, 1e-7);
	st_cleanup(dir);
}

static void test_table_follows_live_jobs(void)
{
	/* 100,000 jobs pass through, never more than 20 at once: the table
	 * stays at its smallest size, and every lookup finds its own job. */
	struct jobtrack m;
	jobtrack_init(&m);
	int ok = 1;
	for (int64_t j = 0; j < 100000; j++) {
		struct job_rec *r = jobtrack_get(&m, (int)(j % 3), j * 7919, 1);
		if (!r)
			CU_FAIL_FATAL("out of memory");
		r->arrived = (uint32_t)j;
		if (j >= 20) {
			int64_t old = j - 20;
			struct job_rec *o = jobtrack_get(&m, (int)(old % 3),
							 old * 7919, 0);
			ok &= o && o->arrived == (uint32_t)old;
			jobtrack_del(&m, (int)(old % 3), old * 7919);
			ok &= jobtrack_get(&m, (int)(old % 3), old * 7919, 0) == NULL;
		}
	}
	CU_ASSERT(ok);
	CU_ASSERT_EQUAL(m.t.n, 20);
	CU_ASSERT_EQUAL(m.t.cap, 64);
	/* The same job id in two frameworks is two jobs. */
	CU_ASSERT_PTR_NOT_NULL(jobtrack_get(&m, 0, -5, 1));
	CU_ASSERT_PTR_NULL(jobtrack_get(&m, 1, -5, 0));
	jobtrack_release(&m);
}

static void test_idtab_against_array(void)
{
	/* Backward-shift deletion is easiest to get wrong where a probe run
	 * wraps past the end of the array.  So pick 24 keys whose home slot
	 * in the first, 64-slot table is one of the last 8 or first 4
	 * (found by adding each candidate alone and seeing where it lands),
	 * then add and remove them in a scrambled order: after every step
	 * the table holds exactly the keys a plain array says, each with its
	 * own payload.  At most 24 live keys keep the table at 64 slots. */
	enum { KEYS = 24, HIGH = 16 };
	struct ent {
		struct idkey key;
		int64_t payload;
	};
	int64_t id[KEYS];
	int ns[KEYS], nhigh = 0, nlow = 0;
	unsigned char in[KEYS] = {0};
	struct idtab t;
	idtab_init(&t, sizeof(struct ent));
	for (int64_t c = 1; nhigh + nlow < KEYS && c < 100000; c++) {
		int n = (int)(c % 3);
		CU_ASSERT_PTR_NOT_NULL_FATAL(idtab_add(&t, c * 1000003, n));
		size_t home = 0;
		while (!idtab_slot(&t, home))
			home++;
		idtab_del(&t, c * 1000003, n);
		int k = -1;
		if (home >= 56 && nhigh < HIGH)
			k = nhigh++;
		else if (home < 4 && nlow < KEYS - HIGH)
			k = HIGH + nlow++;
		if (k >= 0) {
			id[k] = c * 1000003;
			ns[k] = n;
		}
	}
	CU_ASSERT_EQUAL_FATAL(nhigh + nlow, KEYS);
	CU_ASSERT_EQUAL(t.cap, 64);
	uint64_t x = 1;
	size_t live = 0;
	int ok = 1;
	for (int step = 0; step < 20000; step++) {
		x = x * UINT64_C(6364136223846793005) +
		    UINT64_C(1442695040888963407);
		int k = (int)((x >> 33) % KEYS);
		struct ent *e = idtab_find(&t, id[k], ns[k]);
		ok &= (e != NULL) == in[k];
		if (e) {
			ok &= e->payload == k + 1;
			idtab_del(&t, id[k], ns[k]);
			in[k] = 0;
			live--;
		} else {
			e = idtab_add(&t, id[k], ns[k]);
			if (!e)
				CU_FAIL_FATAL("out of memory");
			ok &= e->payload == 0;
			e->payload = k + 1;
			in[k] = 1;
			live++;
		}
		ok &= t.n == live;
		size_t seen = 0;
		for (size_t i = 0; i < t.cap; i++)
			seen += idtab_slot(&t, i) != NULL;
		ok &= seen == live;
		for (int j = 0; j < KEYS; j++) {
			e = idtab_find(&t, id[j], ns[j]);
			ok &= (e != NULL) == in[j] &&
			      (!e || e->payload == j + 1);
			/* The same id in another namespace is another key. */
			ok &= !idtab_find(&t, id[j], ns[j] + 3);
		}
	}
	CU_ASSERT(ok);
	CU_ASSERT_EQUAL(t.cap, 64);
	idtab_release(&t);
	CU_ASSERT_EQUAL(t.n, 0);
	CU_ASSERT_PTR_NULL(idtab_find(&t, id[0], ns[0]));
}

static const struct test_case cases[] = {
	{"jobs of unknown size: rows, figures, span utilization", test_unknown_size},
	{"jobs in flight at the horizon", test_horizon},
	{"rigid jobs: gang start, wait and bounded slowdown", test_rigid},
	{"job table follows the live jobs", test_table_follows_live_jobs},
	{"id table: toggled keys against a plain array", test_idtab_against_array},
	{NULL, NULL},
};

const struct test_suite suite_jobs = {"jobs", cases};
