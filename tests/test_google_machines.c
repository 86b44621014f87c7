/*
 * test_google_machines.c - the Google 2011 cell read from a trace
 * directory's machine_events/ (workloads/google2011.c), and its events
 * replayed as Mesos would see them (sim/model/fault.c): a REMOVE is a
 * failure (the agent disconnects and, 75 s later, is removed with its
 * tasks lost), an ADD of a known machine within the timeout brings it
 * back with its tasks, an ADD of a new machine adds an agent.
 *
 * The fixture is tests/data/google-cell, a hand-made directory in the
 * trace's v2.1 schema (its README), with the reasoning for each figure in
 * tests/data/faults-google.yaml.  Times are integer microseconds, printed
 * with six decimals, and compared exactly.  Bad rows are written into a
 * scratch directory and checked through `offersim validate` (FILE:LINE:COL
 * errors, exit 2); they print SKIP when ./offersim is not built.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "simtest.h"
#include "../sim/config/scenario.h"
#include "../sim/core/diag.h"

#define SCEN "tests/data/faults-google.yaml"

/* The row of (task, attempt) in tasks.csv, or -1. */
static long row_of(const struct st_csv *csv, int task, int attempt)
{
	return st_attempt_row(csv, "task_id", task, attempt);
}

static void check_attempt(const struct st_csv *csv, int task, int attempt,
			  const char *agent, double start, double end,
			  const char *state)
{
	st_check_attempt(csv, "task_id", task, attempt, agent, start, end, state);
}

static struct st_csv *run(const char *const *sets, int nsets, char *dir)
{
	CU_ASSERT_EQUAL_FATAL(st_run_quiet(SCEN, sets, nsets, dir, ST_DIR), 0);
	struct st_csv *csv = st_csv_read(dir, "tasks.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	return csv;
}

/* Load SCEN (with sets) quietly; 0 on success. */
static int load(const char *scen, const char *const *sets, int nsets,
		struct scenario *sc)
{
	FILE *quiet = fopen("/dev/null", "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(quiet);
	struct diag d;
	diag_init(&d, quiet);
	int rc = st_load(scen, sets, nsets, sc, &d);
	fclose(quiet);
	return rc;
}

/*
 * The whole story of faults-google.yaml: m5 removed at 10 with task 0,
 * lost at 85 and retried at once (it waits for m9, which joins at 100);
 * m6 away from 20 to 50, back within the timeout, task 1 finishing on it;
 * m9 new, receiving its first offer at 100.
 */
static void test_replay(void)
{
	char dir[ST_DIR];
	struct st_csv *csv = run(NULL, 0, dir);
	CU_ASSERT_EQUAL(csv->nrows, 5);
	check_attempt(csv, 0, 0, "m5", 0, 85, "lost");
	check_attempt(csv, 1, 0, "m6", 0, 200, "finished");
	check_attempt(csv, 2, 0, "m7", 0, 200, "finished");
	check_attempt(csv, 0, 1, "m9", 100, 300, "finished");
	check_attempt(csv, 3, 0, "m9", 100, 400, "finished");
	st_csv_free(csv);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.lost"), 1);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.finished"), 4);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "lost_work"), 85, 1e-9);
	/* m5 down from 10 to the horizon, m6 from 20 to 50, of 4 x 1000
	 * agent-seconds (m7 never: its REMOVE at 1400 is past the horizon) */
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "agent_availability"),
			       1 - (990.0 + 30.0) / 4000.0, 1e-9);
	/* m9 is offered nothing before it joins; m5 nothing after it fails,
	 * m6 nothing while it is away */
	struct st_csv *off = st_csv_read(dir, "offers.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(off);
	int m9 = 0;
	for (long r = 0; r < off->nrows; r++) {
		const char *a = st_csv_get(off, r, "agent");
		double t = st_csv_num(off, r, "time");
		if (!strcmp(a, "m9")) {
			CU_ASSERT(t >= 100);
			if (t == 100)
				m9++;
		}
		if (!strcmp(a, "m5"))
			CU_ASSERT(t < 10);
		if (!strcmp(a, "m6"))
			CU_ASSERT(t < 20 || t >= 50);
	}
	CU_ASSERT_EQUAL(m9, 1);
	st_csv_free(off);
	st_cleanup(dir);
}

/* The framework's retry policy decides what happens to the lost task. */
static void test_retry_policies(void)
{
	char dir[ST_DIR];
	/* never: its job fails, nothing runs on m9 but task 3 */
	const char *never[] = {"frameworks.borg.retry=never"};
	struct st_csv *csv = run(never, 1, dir);
	CU_ASSERT_EQUAL(csv->nrows, 4);
	check_attempt(csv, 0, 0, "m5", 0, 85, "lost");
	CU_ASSERT_EQUAL(row_of(csv, 0, 1), -1);
	check_attempt(csv, 3, 0, "m9", 100, 400, "finished");
	st_csv_free(csv);
	CU_ASSERT_EQUAL(st_summary(dir, "jobs.failed"), 1);
	st_cleanup(dir);
	/* backoff of 30 s: the retry is queued at 115, after m9 joined and
	 * took task 3, and starts at once in m9's other half */
	const char *backoff[] = {"frameworks.borg.retry=backoff",
				 "frameworks.borg.retry_backoff=30"};
	csv = run(backoff, 2, dir);
	CU_ASSERT_EQUAL(csv->nrows, 5);
	check_attempt(csv, 3, 0, "m9", 100, 400, "finished");
	check_attempt(csv, 0, 1, "m9", 115, 315, "finished");
	st_csv_free(csv);
	st_cleanup(dir);
	/* partition-aware: the same loss ends unreachable, retried alike */
	const char *aware[] = {"frameworks.borg.partition_aware=true"};
	csv = run(aware, 1, dir);
	CU_ASSERT_EQUAL(csv->nrows, 5);
	check_attempt(csv, 0, 0, "m5", 0, 85, "unreachable");
	check_attempt(csv, 0, 1, "m9", 100, 300, "finished");
	st_csv_free(csv);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.unreachable"), 1);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.lost"), 0);
	st_cleanup(dir);
}

/* A longer ping timeout saves task 0: m5 never comes back, but with 100 x
 * 15 s it would be removed only at 1510, and a disconnected agent's tasks
 * run on out of reach: task 0 finishes there at 200. */
static void test_timeout_outlives_task(void)
{
	char dir[ST_DIR];
	const char *sets[] = {"master.max_agent_ping_timeouts=100"};
	struct st_csv *csv = run(sets, 1, dir);
	CU_ASSERT_EQUAL(csv->nrows, 4);
	check_attempt(csv, 0, 0, "m5", 0, 200, "finished");
	check_attempt(csv, 3, 0, "m9", 100, 400, "finished");
	st_csv_free(csv);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.lost"), 0);
	st_cleanup(dir);
}

/* The events the scenario gets: those up to the horizon, none for the
 * 2^63 - 1 row; a longer horizon takes m7's REMOVE at 1400 too. */
static void test_horizon(void)
{
	struct scenario sc;
	CU_ASSERT_EQUAL_FATAL(load(SCEN, NULL, 0, &sc), 0);
	static const struct { int kind; double at; const char *agent; } want[] = {
		{SE_FAIL_AGENT, 10, "m5"}, {SE_FAIL_AGENT, 20, "m6"},
		{SE_REPAIR_AGENT, 50, "m6"}, {SE_ADD_AGENT, 100, "m9"},
	};
	CU_ASSERT_EQUAL_FATAL(sc.nevents, 4);
	CU_ASSERT_EQUAL_FATAL(sc.ngroups, 4);
	for (int i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(sc.events[i].kind, want[i].kind);
		CU_ASSERT_DOUBLE_EQUAL(sc.events[i].at, want[i].at, 1e-9);
		CU_ASSERT_STRING_EQUAL(sc.groups[sc.events[i].agent].name,
				       want[i].agent);
	}
	/* m9 joins late; the others are there from the start */
	for (int g = 0; g < sc.ngroups; g++)
		CU_ASSERT_EQUAL(sc.groups[g].absent,
				!strcmp(sc.groups[g].name, "m9"));
	scenario_release(&sc);

	const char *longer[] = {"horizon=1500"};
	CU_ASSERT_EQUAL_FATAL(load(SCEN, longer, 1, &sc), 0);
	CU_ASSERT_EQUAL_FATAL(sc.nevents, 5);
	CU_ASSERT_EQUAL(sc.events[4].kind, SE_FAIL_AGENT);
	CU_ASSERT_DOUBLE_EQUAL(sc.events[4].at, 1400, 1e-9);
	CU_ASSERT_STRING_EQUAL(sc.groups[sc.events[4].agent].name, "m7");
	scenario_release(&sc);
	/* and the run sees m7 down from 1400 to 1500 */
	char dir[ST_DIR];
	struct st_csv *csv = run(longer, 1, dir);
	st_csv_free(csv);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "agent_availability"),
			       1 - (1490.0 + 30.0 + 100.0) / 6000.0, 1e-9);
	st_cleanup(dir);
}

/* Without machine_events: the machines ADDed at time 0, grouped by shape
 * like the capacity table's rows; m8 (no capacity) and m9 (later) are not
 * in it, and no event is replayed. */
static void test_cell_at_start(void)
{
	struct scenario sc;
	const char *sets[] = {"cluster.from_trace.machine_events=null"};
	CU_ASSERT_EQUAL_FATAL(load(SCEN, sets, 1, &sc), 0);
	CU_ASSERT_EQUAL(sc.nevents, 0);
	CU_ASSERT_EQUAL_FATAL(sc.ngroups, 2);
	CU_ASSERT_STRING_EQUAL(sc.groups[0].name, "machine1");
	CU_ASSERT_EQUAL(sc.groups[0].count, 2);
	CU_ASSERT_EQUAL(sc.groups[0].res[0], 50000);    /* 0.5 x 100 cpus */
	CU_ASSERT_EQUAL(sc.groups[0].res[1], 24930);    /* 0.2493 x 100 */
	CU_ASSERT_STRING_EQUAL(sc.groups[1].name, "machine2");
	CU_ASSERT_EQUAL(sc.groups[1].count, 1);
	CU_ASSERT_EQUAL(sc.groups[1].res[1], 49950);
	scenario_release(&sc);
}

/* ---- a scratch trace directory ----------------------------------------- */

/* dir/cell/machine_events/NAME holding rows, and dir/s.yaml reading it
 * with machine_events: {} (tasks from a one-line native CSV). */
static void scratch(const char *dir, const char *name, const char *rows)
{
	CU_ASSERT_EQUAL_FATAL(st_sh("mkdir -p %s/cell/machine_events", dir), 0);
	char path[512];
	snprintf(path, sizeof path, "%s/cell/machine_events/%s", dir, name);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(rows, f);
	fclose(f);
	snprintf(path, sizeof path, "%s/t.csv", dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("job_id,task_id,submit,duration,cpus,mem\n1,0,0,10,1,1\n", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/s.yaml", dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("name: gm\nhorizon: 100\ncluster:\n  from_trace:\n"
	      "    trace: cell\n    format: google2011\n"
	      "    scale: {cpus: 100, mem: 100}\n    machine_events: {}\n"
	      "frameworks:\n  - name: a\n    workload: {trace: t.csv}\n", f);
	fclose(f);
}

#define P "HofLGzk1Or/8Ildj2+Lqv0UGGvY82NLoni8+J/Yy0RU="
#define GOOD "0,1,0," P ",0.5,0.5\n"

/* Each bad row: exit 2 and its FILE:LINE:COL message. */
static void test_bad_rows(void)
{
	if (!st_have_offersim())
		return;
	static const struct { const char *rows, *want; } cases[] = {
		{GOOD "abc,5,0," P ",0.5,0.5\n",
		 "part-00000-of-00001.csv:2:1: error: 'time' (field 1) must be "
		 "a non-negative integer (microseconds), got 'abc'"},
		{GOOD "-5,5,0," P ",0.5,0.5\n",
		 "part-00000-of-00001.csv:2:1: error: 'time' (field 1) must be "
		 "a non-negative integer (microseconds), got '-5'"},
		{GOOD "0,5,3," P ",0.5,0.5\n",
		 "part-00000-of-00001.csv:2:5: error: 'event type' (field 3) "
		 "must be 0 (ADD), 1 (REMOVE) or 2 (UPDATE), got '3'"},
		{GOOD "0,x5,0," P ",0.5,0.5\n",
		 "part-00000-of-00001.csv:2:3: error: 'machine id' (field 2)"},
		{GOOD "0,5,0," P ",1e300,0.5\n",
		 "part-00000-of-00001.csv:2:52: error: 'cpus' (field 5) is too "
		 "large"},
		{GOOD "0,5,0," P ",0.5,-1\n",
		 "part-00000-of-00001.csv:2:56: error: 'memory' (field 6) must "
		 "be a non-negative number (or empty), got '-1'"},
		{GOOD "0,5,0," P ",0.5\n",
		 "part-00000-of-00001.csv:2:55: error: expected 6 fields, got 5"},
		{"20,1,1," P ",,\n" "10,1,0," P ",0.5,0.5\n",
		 "part-00000-of-00001.csv:2:1: error: machine events are not in "
		 "time order: 0.00001 s comes after 0.00002 s"},
		{GOOD "9223372036854775806,1,1," P ",,\n",
		 "part-00000-of-00001.csv:2:1: error: 'time' (field 1) is out "
		 "of range"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char dir[ST_DIR];
		CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "gm"), 0);
		scratch(dir, "part-00000-of-00001.csv", cases[i].rows);
		char *out = NULL, *err = NULL;
		int st = st_capture(&out, &err, "./offersim validate %s/s.yaml", dir);
		CU_ASSERT_EQUAL(st, 2);
		CU_ASSERT_PTR_NOT_NULL_FATAL(err);
		if (!strstr(err, cases[i].want))
			printf("\n    case %zu: wanted '%s' in:\n%s", i,
			       cases[i].want, err);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, cases[i].want));
		free(out);
		free(err);
		st_cleanup(dir);
	}
	/* a directory without machine_events parts */
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "gm"), 0);
	scratch(dir, "notes.txt", "");
	char *out = NULL, *err = NULL;
	CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim validate %s/s.yaml",
				   dir), 2);
	CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "has no machine_events/part-* files"));
	free(out);
	free(err);
	st_cleanup(dir);
}

/* A gzip part reads as the plain one; a machine without a capacity is
 * left out with one warning, and sized by a later ADD it joins then. */
static void test_gzip_and_no_capacity(void)
{
	if (!st_have_offersim())
		return;
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "gm"), 0);
	scratch(dir, "part-00000-of-00001.csv",
		GOOD "0,2,0," P ",,\n" "0,3,0," P ",0.5,\n"
		"5000000,2,0," P ",0.25,0.25\n");
	CU_ASSERT_EQUAL_FATAL(st_sh("gzip %s/cell/machine_events/"
				    "part-00000-of-00001.csv", dir), 0);
	char path[512];
	snprintf(path, sizeof path, "%s/s.yaml", dir);
	struct scenario sc;
	CU_ASSERT_EQUAL_FATAL(load(path, NULL, 0, &sc), 0);
	CU_ASSERT_EQUAL_FATAL(sc.ngroups, 2);
	CU_ASSERT_STRING_EQUAL(sc.groups[0].name, "m1");
	CU_ASSERT_EQUAL(sc.groups[0].absent, 0);
	CU_ASSERT_STRING_EQUAL(sc.groups[1].name, "m2");
	CU_ASSERT_EQUAL(sc.groups[1].absent, 1);
	CU_ASSERT_EQUAL(sc.groups[1].res[0], 25000);
	CU_ASSERT_EQUAL_FATAL(sc.nevents, 1);
	CU_ASSERT_EQUAL(sc.events[0].kind, SE_ADD_AGENT);
	CU_ASSERT_DOUBLE_EQUAL(sc.events[0].at, 5, 1e-9);
	scenario_release(&sc);
	char *out = NULL, *err = NULL;
	CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim validate %s", path), 0);
	CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "warning: machine_events: 1 "
				"machine without a capacity (empty cpus or "
				"memory) left out"));
	free(out);
	free(err);
	st_cleanup(dir);
}

/* trace info on the directory: the tasks of task_events/ and a summary of
 * machine_events/, every count worked out from the fixture's 11 rows. */
static void test_trace_info(void)
{
	if (!st_have_offersim())
		return;
	char *out = NULL, *err = NULL;
	int st = st_capture(&out, &err, "./offersim trace info "
			    "tests/data/google-cell --format google2011");
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "records    4 tasks in 1 job"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "the trace's own clock reads 600 s "
				      "at the first record"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out,
		"  machines   3 at the start, 1 added later (machine_events/, "
		"11 rows); 1 left out without a capacity\n"
		"             events: 3 REMOVE, 1 ADD again, 1 UPDATE (1 "
		"capacity change, not replayed), 1 after the trace window\n"
		"             from 610 s to 2000 s of the trace's own clock\n"));
	free(out);
	free(err);
	st = st_capture(&out, &err, "./offersim trace info "
			"tests/data/google-cell --format google2011 --json");
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_PTR_NOT_NULL(out && strstr(out,
		"\"machine_events\": {\"rows\": 11, \"at_start\": 3, \"added\": 1, "
		"\"no_capacity\": 1, \"removes\": 3, \"readds\": 1, \"updates\": 1, "
		"\"capacity_changes\": 1, \"unknown\": 0, \"after_window\": 1, "
		"\"first\": 610, \"last\": 2000}"));
	free(out);
	free(err);
	/* a part file alone has no machine events to report */
	st = st_capture(&out, &err, "./offersim trace info "
			"tests/data/google-cell/task_events --format google2011");
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_PTR_NOT_NULL(out);
	CU_ASSERT_PTR_NULL(out ? strstr(out, "machines ") : NULL);
	free(out);
	free(err);
}

/* --check (the invariant checker) stays clean over the replay. */
static void test_check_clean(void)
{
	if (!st_have_offersim())
		return;
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "gm"), 0);
	CU_ASSERT_EQUAL(st_sh("./offersim run " SCEN " --check --no-plots -q "
			      "-o %s/r >/dev/null 2>&1", dir), 0);
	st_cleanup(dir);
}

static const struct test_case cases[] = {
	{"REMOVE loses tasks at 75 s, re-ADD in time keeps them, new ADD offered", test_replay},
	{"the lost task goes by the retry policy; unreachable when partition-aware", test_retry_policies},
	{"a ping timeout longer than the task loses nothing", test_timeout_outlives_task},
	{"events past the horizon and after the window are not replayed", test_horizon},
	{"without machine_events: the cell at time 0, by shape", test_cell_at_start},
	{"bad machine_events rows: FILE:LINE:COL, exit 2", test_bad_rows},
	{"gzip parts; machines without a capacity left out, then sized", test_gzip_and_no_capacity},
	{"trace info reports the machine events", test_trace_info},
	{"--check stays clean", test_check_clean},
	{NULL, NULL},
};

const struct test_suite suite_google_machines = {"google_machines", cases};
