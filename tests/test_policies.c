/*
 * test_policies.c - every framework policy and placement rule on a small
 * case whose start times were computed by hand (the reasoning is in each
 * fixture under tests/data/policies/).  Times are compared exactly: the
 * engine's clock is integer microseconds.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "simtest.h"

#define MAXJ 16

struct row {
	long job;
	double start, end;
	char agent[32];
	int preemptions;
};

/* Parse tasks.csv into rows indexed by job id (the last row of each
 * job); start and end are -1 when empty. */
static int read_rows(const char *dir, struct row *rows)
{
	struct st_csv *csv = st_csv_read(dir, "tasks.csv");
	if (!csv)
		return -1;
	int n = 0;
	for (long r = 0; r < csv->nrows; r++) {
		const char *pre = st_csv_get(csv, r, "preemptions");
		if (!pre)
			continue;
		long job = atol(st_csv_get(csv, r, "job_id"));
		if (job < 0 || job >= MAXJ)
			continue;
		double start = st_csv_num(csv, r, "start");
		double end = st_csv_num(csv, r, "end");
		rows[job].job = job;
		rows[job].start = isnan(start) ? -1 : start;
		rows[job].end = isnan(end) ? -1 : end;
		snprintf(rows[job].agent, sizeof rows[job].agent, "%s",
			 st_csv_get(csv, r, "agent"));
		rows[job].preemptions = atoi(pre);
		n++;
	}
	st_csv_free(csv);
	return n;
}

/* Run the one- or four-cpu case with a trace and policy settings, and
 * check the start (and, if >= 0, end) of each listed job. */
static void check_case(const char *yaml, const char *trace,
		       const char *const *sets, int nsets,
		       const double (*want)[3], int nwant, const char *what)
{
	const char *all[12];
	char tr[128];
	snprintf(tr, sizeof tr, "frameworks.f.workload.trace=%s", trace);
	all[0] = tr;
	for (int i = 0; i < nsets && i < 11; i++)
		all[i + 1] = sets[i];
	char dir[ST_DIR];
	char path[128];
	snprintf(path, sizeof path, "tests/data/policies/%s", yaml);
	CU_ASSERT_EQUAL_FATAL(st_run(path, all, nsets + 1, dir, sizeof dir), 0);
	struct row rows[MAXJ];
	memset(rows, 0, sizeof rows);
	CU_ASSERT(read_rows(dir, rows) >= nwant);
	for (int i = 0; i < nwant; i++) {
		int j = (int)want[i][0];
		if (fabs(rows[j].start - want[i][1]) > 1e-9 ||
		    (want[i][2] >= 0 && fabs(rows[j].end - want[i][2]) > 1e-9)) {
			printf("\n    %s: job %d started %.3f ended %.3f, want %.3f / %.3f",
			       what, j, rows[j].start, rows[j].end, want[i][1], want[i][2]);
			CU_FAIL("start or end time differs from the hand computation");
		}
	}
	st_cleanup(dir);
}

static void test_fifo_vs_sjf(void)
{
	static const double fifo[][3] = {{1, 0, 10}, {2, 10, 15}, {3, 15, 17}, {4, 17, 25}};
	static const double sjf[][3] = {{1, 0, 10}, {3, 10, 12}, {2, 12, 17}, {4, 17, 25}};
	check_case("one-cpu.yaml", "sjf.csv", NULL, 0, fifo, 4, "fifo");
	const char *s[] = {"frameworks.f.policy=sjf"};
	check_case("one-cpu.yaml", "sjf.csv", s, 1, sjf, 4, "sjf");
}

static void test_srtf_resume_restart(void)
{
	static const double resume[][3] = {{1, 0, 13}, {2, 2, 5}};
	static const double restart[][3] = {{1, 0, 15}, {2, 2, 5}};
	const char *s1[] = {"frameworks.f.policy=srtf"};
	check_case("one-cpu.yaml", "srtf.csv", s1, 1, resume, 2, "srtf resume");
	const char *s2[] = {"frameworks.f.policy=srtf",
			    "frameworks.f.policy_options.preemption=restart"};
	check_case("one-cpu.yaml", "srtf.csv", s2, 2, restart, 2, "srtf restart");
	/* Counted per task and in the summary, with the restart's lost work. */
	char dir[ST_DIR];
	const char *s3[] = {"frameworks.f.workload.trace=srtf.csv",
			    "frameworks.f.policy=srtf",
			    "frameworks.f.policy_options.preemption=restart"};
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/policies/one-cpu.yaml", s3, 3, dir, sizeof dir), 0);
	struct row rows[MAXJ];
	memset(rows, 0, sizeof rows);
	read_rows(dir, rows);
	CU_ASSERT_EQUAL(rows[1].preemptions, 1);
	CU_ASSERT_EQUAL(rows[2].preemptions, 0);
	CU_ASSERT_EQUAL(st_summary(dir, "preemptions"), 1);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "wasted_work"), 2.0, 1e-9);
	st_cleanup(dir);
}

static void test_priority(void)
{
	static const double plain[][3] = {{1, 0, 10}, {2, 10, 13}, {3, 13, 14}};
	static const double pre[][3] = {{1, 0, 14}, {2, 2, 5}, {3, 5, 6}};
	const char *s1[] = {"frameworks.f.policy=priority"};
	check_case("one-cpu.yaml", "priority.csv", s1, 1, plain, 3, "priority");
	const char *s2[] = {"frameworks.f.policy=priority",
			    "frameworks.f.policy_options.preemptive=true"};
	check_case("one-cpu.yaml", "priority.csv", s2, 2, pre, 3, "priority preemptive");
}

static void test_easy(void)
{
	static const double extra[][3] = {{1, 0, 10}, {2, 10, 15}, {3, 2, 22}};
	static const double refused[][3] = {{1, 0, 10}, {2, 10, 15}, {3, 15, 35}};
	const char *s[] = {"frameworks.f.policy=easy"};
	check_case("four-cpu.yaml", "easy-extra.csv", s, 1, extra, 3, "easy extra");
	check_case("four-cpu.yaml", "easy-refused.csv", s, 1, refused, 3, "easy refused");
	/* Strict FCFS never backfills: J3 waits behind J2, and starts beside
	 * it at 10 in the cpu J2 leaves. */
	static const double fcfs[][3] = {{1, 0, 10}, {2, 10, 15}, {3, 10, 30}};
	const char *f[] = {"frameworks.f.policy_options.strict=true"};
	check_case("four-cpu.yaml", "easy-extra.csv", f, 1, fcfs, 3, "strict fifo");
	const char *g[] = {"frameworks.f.policy=fcfs"};
	check_case("four-cpu.yaml", "easy-extra.csv", g, 1, fcfs, 3, "fcfs");
}

/* The backfill walk passes over a task larger than the leftovers in one
 * resource (sched_next_fitting) and still reaches the one behind it that
 * fits; stopping at the first misfit would start J4 at 15, not 3. */
static void test_easy_passes_over(void)
{
	static const double want[][3] = {{1, 0, 10}, {2, 10, 15}, {3, 15, 35}, {4, 3, 23}};
	const char *s[] = {"frameworks.f.policy=easy"};
	check_case("cpu-mem.yaml", "easy-passes-over.csv", s, 1, want, 4, "easy passes over");
	/* FCFS waits for J1: at 10 J2 and J3 start together in <4,8>, and
	 * J4 gets the cpu J2 leaves, at 15. */
	static const double fcfs[][3] = {{1, 0, 10}, {2, 10, 15}, {3, 10, 30}, {4, 15, 35}};
	const char *f[] = {"frameworks.f.policy=fcfs"};
	check_case("cpu-mem.yaml", "easy-passes-over.csv", f, 1, fcfs, 4, "fcfs no pass");
}

static void test_conservative_vs_easy(void)
{
	static const double easy[][3] = {{1, 0, 10}, {2, 10, 15}, {3, 23, 33}, {4, 3, 23}};
	static const double cons[][3] = {{1, 0, 10}, {2, 10, 15}, {3, 15, 25}, {4, 25, 45}};
	const char *s1[] = {"frameworks.f.policy=easy"};
	check_case("four-cpu.yaml", "conservative.csv", s1, 1, easy, 4, "easy");
	const char *s2[] = {"frameworks.f.policy=conservative"};
	check_case("four-cpu.yaml", "conservative.csv", s2, 1, cons, 4, "conservative");
}

static void test_scores(void)
{
	static const double f1[][3] = {{0, 0, 100}, {1, 100, 150}, {2, 150, 160}, {3, 160, 260}};
	static const double wfp3[][3] = {{0, 0, 100}, {2, 100, 110}, {1, 110, 160}, {3, 160, 260}};
	const char *a[] = {"frameworks.f.policy=f1"};
	check_case("one-cpu.yaml", "scores.csv", a, 1, f1, 4, "f1");
	const char *b[] = {"frameworks.f.policy=wfp3"};
	check_case("one-cpu.yaml", "scores.csv", b, 1, wfp3, 4, "wfp3");
	const char *c[] = {"frameworks.f.policy=unicep"};
	check_case("one-cpu.yaml", "scores.csv", c, 1, wfp3, 4, "unicep");
	/* The same orders feed EASY. */
	const char *d[] = {"frameworks.f.policy=easy",
			   "frameworks.f.policy_options.order=wfp3"};
	check_case("one-cpu.yaml", "scores.csv", d, 2, wfp3, 4, "easy order wfp3");
}

static void check_place(const char *rule, const char *want)
{
	char dir[ST_DIR], set[64];
	snprintf(set, sizeof set, "frameworks.f.placement=%s", rule);
	const char *s[] = {set};
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/policies/placement.yaml", s, 1, dir, sizeof dir), 0);
	struct row rows[MAXJ];
	memset(rows, 0, sizeof rows);
	CU_ASSERT_EQUAL(read_rows(dir, rows), 1);
	if (strcmp(rows[1].agent, want) != 0) {
		printf("\n    %s placed on %s, want %s", rule, rows[1].agent, want);
		CU_FAIL("placement chose another agent");
	}
	st_cleanup(dir);
}

static void test_placement(void)
{
	check_place("first_fit", "a");
	check_place("best_fit", "c");
	check_place("worst_fit", "a");
	check_place("tetris", "c");
}

static void test_random_placement(void)
{
	/* Seeded: the same seed places the same way; over seeds, every
	 * agent gets chosen (three agents, twenty seeds). */
	int seen[3] = {0, 0, 0};
	for (int seed = 1; seed <= 20; seed++) {
		char dir[ST_DIR], d2[ST_DIR], sd[32];
		snprintf(sd, sizeof sd, "seed=%d", seed);
		const char *s[] = {"frameworks.f.placement=random", sd};
		CU_ASSERT_EQUAL_FATAL(st_run("tests/data/policies/placement.yaml", s, 2, dir, sizeof dir), 0);
		CU_ASSERT_EQUAL_FATAL(st_run("tests/data/policies/placement.yaml", s, 2, d2, sizeof d2), 0);
		struct row r1[MAXJ], r2[MAXJ];
		memset(r1, 0, sizeof r1);
		memset(r2, 0, sizeof r2);
		read_rows(dir, r1);
		read_rows(d2, r2);
		CU_ASSERT_STRING_EQUAL(r1[1].agent, r2[1].agent);
		if (r1[1].agent[0] >= 'a' && r1[1].agent[0] <= 'c')
			seen[r1[1].agent[0] - 'a'] = 1;
		st_cleanup(dir);
		st_cleanup(d2);
	}
	CU_ASSERT(seen[0] && seen[1] && seen[2]);
}

/* The row of framework fw's task (job, task) in tasks.csv, or -1. */
static long task_row(const struct st_csv *csv, const char *fw, long job,
		     long task)
{
	static const char *const cols[] = {"framework", "job_id", "task_id"};
	char j[24], t[24];
	snprintf(j, sizeof j, "%ld", job);
	snprintf(t, sizeof t, "%ld", task);
	const char *const vals[] = {fw, j, t};
	return st_csv_find(csv, 0, cols, vals, 3);
}

/* Start of framework fw's task (job, task) in dir, -1 when it never
 * started, -2 when it is not there. */
static double start_of(const char *dir, const char *fw, long job, long task)
{
	struct st_csv *csv = st_csv_read(dir, "tasks.csv");
	double v = -2;
	long r = csv ? task_row(csv, fw, job, task) : -1;
	if (r >= 0) {
		v = st_csv_num(csv, r, "start");
		if (isnan(v))
			v = -1;
	}
	st_csv_free(csv);
	return v;
}

static void test_gang_hold_and_decline(void)
{
	char dir[ST_DIR];
	/* hold: mpi keeps b from 1 and starts all 3 tasks at 5. */
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/policies/gang.yaml", NULL, 0, dir, sizeof dir), 0);
	for (long t = 0; t < 3; t++)
		CU_ASSERT_DOUBLE_EQUAL(start_of(dir, "mpi", 1, t), 5.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(start_of(dir, "batch", 3, 0), 5.0, 1e-9);
	/* The held offer of b was answered 4 s after it was made. */
	char *offers = st_slurp(dir, "offers.csv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(offers);
	CU_ASSERT_PTR_NOT_NULL(strstr(offers, "\n3,1.000000,5.000000,mpi,*,b,2,2,accepted"));
	free(offers);
	st_cleanup(dir);

	/* decline: b goes to batch at 2; the rigid job is starved by
	 * alternating filters and never starts; the run stops itself. */
	const char *s[] = {"frameworks.mpi.gang=decline"};
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/policies/gang.yaml", s, 1, dir, sizeof dir), 0);
	CU_ASSERT_DOUBLE_EQUAL(start_of(dir, "batch", 3, 0), 2.0, 1e-9);
	for (long t = 0; t < 3; t++)
		CU_ASSERT_DOUBLE_EQUAL(start_of(dir, "mpi", 1, t), -1.0, 1e-9);
	CU_ASSERT_EQUAL(st_summary(dir, "frameworks.mpi.tasks.waiting"), 3);
	st_cleanup(dir);
}

/* Agent of framework f's task (job, task) in dir, into out ("" if none). */
static void agent_of(const char *dir, long job, long task, char *out,
		     size_t size)
{
	struct st_csv *csv = st_csv_read(dir, "tasks.csv");
	long r = csv ? task_row(csv, "f", job, task) : -1;
	const char *agent = r >= 0 ? st_csv_get(csv, r, "agent") : NULL;
	snprintf(out, size, "%s", agent ? agent : "");
	st_csv_free(csv);
}

static void check_agents(const char *const *sets, int nsets,
			 const long (*tasks)[2], const char *const *want,
			 int n, const char *what)
{
	char dir[ST_DIR], got[32];
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/policies/placement.yaml", sets,
				     nsets, dir, sizeof dir), 0);
	for (int i = 0; i < n; i++) {
		agent_of(dir, tasks[i][0], tasks[i][1], got, sizeof got);
		if (strcmp(got, want[i]) != 0) {
			printf("\n    %s: job %ld task %ld on '%s', want %s", what,
			       tasks[i][0], tasks[i][1], got, want[i]);
			CU_FAIL("a task went to another agent");
		}
	}
	st_cleanup(dir);
}

static void test_spread(void)
{
	static const long t[][2] = {{1, 0}, {1, 1}, {1, 2}, {1, 3}, {1, 4}, {2, 0}};
	static const char *const spread[] = {"a", "b", "c", "a", "b", "a"};
	static const char *const first[] = {"a", "a", "a", "a", "b", "b"};
	const char *s1[] = {"frameworks.f.workload.trace=spread.csv",
			    "frameworks.f.placement=spread"};
	check_agents(s1, 2, t, spread, 6, "spread");
	const char *s2[] = {"frameworks.f.workload.trace=spread.csv"};
	check_agents(s2, 1, t, first, 6, "first_fit");

	/* A rigid job: the count includes the tasks already planned. */
	static const long g[][2] = {{1, 0}, {1, 1}, {1, 2}, {1, 3}, {1, 4}};
	static const char *const gs[] = {"a", "b", "c", "a", "b"};
	static const char *const gf[] = {"a", "a", "a", "a", "b"};
	const char *s3[] = {"frameworks.f.workload.trace=spread.swf",
			    "frameworks.f.workload.format=swf",
			    "frameworks.f.workload.options.tasks=per_proc",
			    "frameworks.f.gang=hold",
			    "frameworks.f.placement=spread"};
	check_agents(s3, 5, g, gs, 5, "spread, rigid job");
	check_agents(s3, 4, g, gf, 5, "first_fit, rigid job");
}

static void test_backfill_rigid(void)
{
	/* Hand-computed in the fixtures: the reservation is for J2's three
	 * tasks, so J3 backfills when it ends before it, and is refused
	 * when it would delay it (by one agent of 4 cpus, and by 4 of 1). */
	static const double bf[][3] = {{1, 0, 10}, {2, 10, 15}, {3, 2, 7}};
	static const double fcfs[][3] = {{1, 0, 10}, {2, 10, 15}, {3, 15, 20}};
	static const double refused[][3] = {{1, 0, 10}, {2, 10, 15}, {3, 15, 35}};
	static const char *const pols[] = {"easy", "conservative", "fcfs"};
	for (int agents = 0; agents < 2; agents++)
		for (int p = 0; p < 3; p++) {
			char pol[64];
			snprintf(pol, sizeof pol, "frameworks.f.policy=%s", pols[p]);
			const char *s[] = {pol, "frameworks.f.workload.format=swf",
					   "frameworks.f.workload.options.tasks=per_proc",
					   "frameworks.f.gang=hold",
					   "cluster.agents.m.count=4",
					   "cluster.agents.m.resources.cpus=1"};
			check_case("four-cpu.yaml", "gang-backfill.swf", s,
				   agents ? 6 : 4, p == 2 ? fcfs : bf, 3, pols[p]);
			check_case("four-cpu.yaml", "gang-refused.swf", s,
				   agents ? 6 : 4, refused, 3, pols[p]);
		}
}

static const struct test_case cases[] = {
	{"fifo_and_sjf_reordering", test_fifo_vs_sjf},
	{"srtf_preemption_resume_and_restart", test_srtf_resume_restart},
	{"priority_with_and_without_preemption", test_priority},
	{"easy_extra_rule_and_refusal", test_easy},
	{"easy_backfill_passes_over_a_misfit", test_easy_passes_over},
	{"conservative_refuses_what_easy_allows", test_conservative_vs_easy},
	{"f1_wfp3_unicep_orders", test_scores},
	{"placement_rules", test_placement},
	{"random_placement_seeded", test_random_placement},
	{"gang_hold_and_decline", test_gang_hold_and_decline},
	{"spread_placement", test_spread},
	{"backfilling_reserves_for_whole_rigid_jobs", test_backfill_rigid},
	{NULL, NULL},
};

const struct test_suite suite_policies = {"policies", cases};
