/*
 * test_scale.c - the allocator on large clusters: how an idle framework
 * comes back for offers (suppress_idle, min_revive_interval), agents that
 * sleep through passes and must wake when they can offer again, and the
 * 12,583-agent Google cell of bench/google-cell.yaml.
 *
 * Start times and offer counts were computed by hand (the reasoning is in
 * tests/data/idle.yaml and tests/data/many-agents.yaml) and are compared
 * exactly: the clock is integer microseconds.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "simtest.h"

#include "../sim/config/config.h"
#include "../sim/core/diag.h"
#include "../sim/config/scenario.h"

#define MAXJ 8

/* Start time of each job (task 0) in tasks.csv, by job id; -1 if none. */
static void read_starts(const char *dir, double *start)
{
	for (int i = 0; i < MAXJ; i++)
		start[i] = -1;
	struct st_csv *csv = st_csv_read(dir, "tasks.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	for (long r = 0; r < csv->nrows; r++) {
		const char *s = st_csv_get(csv, r, "start");
		if (!s)
			continue;
		long job = atol(st_csv_get(csv, r, "job_id"));
		if (job >= 0 && job < MAXJ)
			start[job] = *s ? atof(s) : -1;
	}
	st_csv_free(csv);
}

/* Run tests/data/NAME with the settings; check the jobs' starts. */
static void check_starts(const char *name, const char *const *sets, int nsets,
			 const double *want, int njobs, char *dir, size_t size)
{
	char path[128];
	snprintf(path, sizeof path, "tests/data/%s", name);
	CU_ASSERT_EQUAL_FATAL(st_run(path, sets, nsets, dir, size), 0);
	double start[MAXJ];
	read_starts(dir, start);
	for (int j = 1; j <= njobs; j++) {
		CU_ASSERT_DOUBLE_EQUAL(start[j], want[j - 1], 1e-9);
		if (fabs(start[j] - want[j - 1]) > 1e-9)
			printf("\n    %s: job %d started at %.6f, want %.6f",
			       name, j, start[j], want[j - 1]);
	}
}

static void test_idle_revive(void)
{
	char dir[ST_DIR];
	const double plain[] = {0, 1, 2, 7};
	check_starts("idle.yaml", NULL, 0, plain, 4, dir, sizeof dir);
	CU_ASSERT_EQUAL(st_summary(dir, "offers.made"), 4);
	st_cleanup(dir);

	const char *held[] = {"frameworks.f.min_revive_interval=5"};
	const double later[] = {0, 5, 6, 10};
	check_starts("idle.yaml", held, 1, later, 4, dir, sizeof dir);
	CU_ASSERT_EQUAL(st_summary(dir, "offers.declined"), 0);
	st_cleanup(dir);
}

static void test_idle_without_suppress(void)
{
	char dir[ST_DIR];
	const char *s[] = {"frameworks.f.suppress_idle=false"};
	const double want[] = {0, 1, 2, 9};
	check_starts("idle.yaml", s, 1, want, 4, dir, sizeof dir);
	CU_ASSERT_EQUAL(st_summary(dir, "offers.made"), 5);
	CU_ASSERT_EQUAL(st_summary(dir, "offers.declined"), 1);
	st_cleanup(dir);
}

/* Agents asleep behind filters are offered again exactly when the filters
 * lapse, and all at once when a revive clears them. */
static void test_sleeping_agents(void)
{
	char dir[ST_DIR];
	const char *s[] = {"frameworks.f.suppress_idle=false",
			   "frameworks.f.workload.limit=1"};
	const double one[] = {100};
	check_starts("many-agents.yaml", s, 2, one, 1, dir, sizeof dir);
	CU_ASSERT_EQUAL(st_summary(dir, "offers.made"), 1999);
	CU_ASSERT_EQUAL(st_summary(dir, "offers.declined"), 1998);
	CU_ASSERT_EQUAL(st_summary(dir, "allocation_passes"), 12);
	st_cleanup(dir);

	const double two[] = {100, 101};
	check_starts("many-agents.yaml", NULL, 0, two, 2, dir, sizeof dir);
	CU_ASSERT_EQUAL(st_summary(dir, "offers.made"), 1999);
	st_cleanup(dir);
}

/* bench/google-cell.yaml lists the machine shapes of
 * traces/google-2011-machines.csv, scaled by 100, with their counts. */
static void test_cell_matches_machines(void)
{
	struct scenario sc;
	struct diag d;
	FILE *devnull = fopen("/dev/null", "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(devnull);
	diag_init(&d, devnull);
	int rc = cfg_load("bench/google-cell.yaml", NULL, 0, &sc, &d);
	fclose(devnull);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	int cpus = res_find(&sc.res, "cpus"), mem = res_find(&sc.res, "mem");
	CU_ASSERT_FATAL(cpus >= 0 && mem >= 0);

	FILE *f = fopen("traces/google-2011-machines.csv", "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	char line[256];
	CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof line, f));   /* header */
	int rows = 0, agents = 0;
	while (fgets(line, sizeof line, f)) {
		double c, m, cap, pct;
		int n;
		if (sscanf(line, "%lf,%lf,%lf,%d,%lf", &c, &m, &cap, &n, &pct) != 5)
			continue;
		CU_ASSERT_FATAL(rows < sc.ngroups);
		const struct agent_group *g = &sc.groups[rows];
		CU_ASSERT_EQUAL(g->count, n);
		CU_ASSERT_EQUAL(g->res[cpus], resq_from_double(c * 100));
		CU_ASSERT_EQUAL(g->res[mem], resq_from_double(m * 100));
		agents += n;
		rows++;
	}
	fclose(f);
	CU_ASSERT_EQUAL(rows, 10);
	CU_ASSERT_EQUAL(sc.ngroups, rows);
	CU_ASSERT_EQUAL(agents, 12583);
	scenario_release(&sc);
}

/* The cell replays the ten-minute slice: every task that the slice
 * completes runs, and none waits longer than the revive interval (the
 * cell is nearly empty, so a task waits only for its framework's next
 * revive). */
static void test_cell_replay(void)
{
	char dir[ST_DIR];
	/* The reader's note on the attempts it skipped is not under test. */
	FILE *quiet = fopen("/dev/null", "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(quiet);
	int rc = st_run_diag("bench/google-cell.yaml", NULL, 0, dir, sizeof dir,
			     quiet);
	fclose(quiet);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	double sub = st_summary(dir, "tasks.submitted");
	CU_ASSERT(sub > 0);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.finished"), sub);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.rejected"), 0);
	CU_ASSERT(st_summary(dir, "wait.max") <= 5.0);
	CU_ASSERT(st_summary(dir, "wait.mean") > 0);
	st_cleanup(dir);
}

static const struct test_case cases[] = {
	{"idle_framework_revives", test_idle_revive},
	{"idle_framework_without_suppress", test_idle_without_suppress},
	{"sleeping_agents_wake", test_sleeping_agents},
	{"google_cell_matches_machines", test_cell_matches_machines},
	{"google_cell_replays_slice", test_cell_replay},
	{NULL, NULL},
};

const struct test_suite suite_scale = {"scale", cases};
