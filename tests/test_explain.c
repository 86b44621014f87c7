/*
 * test_explain.c - the --explain narration on hand-computed cases: the
 * weighted shares the sorter orders by, why a task waits (the largest
 * free slot, a filter, a quota limit, a gang, a backfill reservation),
 * the placement rules' scores, the window and framework/agent/job
 * filters, and that narrating changes no output.  Also the summary's
 * undefined figures (n/a, null) and a warning that never splits a line
 * of the narration when both go to one file.
 *
 * Runs go through sim_run with the narration in a memory stream, so each
 * case costs what its (tiny) scenario costs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "simtest.h"
#include "../sim/config/config.h"
#include "../sim/config/scenario.h"
#include "../sim/core/diag.h"
#include "../sim/model/engine.h"

/* The diagnostics of the last run (narrate_in). */
static char *last_msgs;

/* Run scenario with overrides "KEY=VALUE" and the narration filter only
 * (NULL: all of it); the narration (free it), or NULL when the run
 * failed.  dir, when not NULL, receives the output directory (the
 * caller removes it); otherwise it is removed here. */
static char *narrate_in(const char *scenario, const char *const *sets, int nsets,
			const struct sim_explain *only, char *dir)
{
	struct cfg_override ov[8];
	char keys[8][128];
	CU_ASSERT_FATAL(nsets <= 8);
	for (int i = 0; i < nsets; i++) {
		const char *eq = strchr(sets[i], '=');
		CU_ASSERT_FATAL(eq != NULL);
		snprintf(keys[i], sizeof keys[i], "%.*s", (int)(eq - sets[i]), sets[i]);
		ov[i].path = keys[i];
		ov[i].value = eq + 1;
	}
	char tmp[ST_DIR], *d = dir ? dir : tmp;
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(d, ST_DIR, "explain"), 0);
	char *text = NULL, *msgs = NULL;
	size_t n = 0, nm = 0;
	FILE *ef = open_memstream(&text, &n);
	FILE *df = open_memstream(&msgs, &nm);
	CU_ASSERT_FATAL(ef && df);
	struct diag dg;
	diag_init(&dg, df);
	struct scenario sc;
	int rc = cfg_load(scenario, ov, nsets, &sc, &dg);
	if (rc == 0) {
		struct sim_options o = {.outdir = d, .explain = ef, .explain_only = only};
		rc = sim_run(&sc, &o, &dg);
		scenario_release(&sc);
	}
	fclose(ef);
	fclose(df);
	free(last_msgs);
	last_msgs = msgs;
	if (!dir)
		st_cleanup(d);
	if (rc) {
		free(text);
		return NULL;
	}
	return text;
}

static char *narrate(const char *scenario, const char *const *sets, int nsets,
		     const struct sim_explain *only)
{
	return narrate_in(scenario, sets, nsets, only, NULL);
}

static const struct sim_explain no_filter = {.to = -1};

/* The DRF example with B weighing 2 (docs/tutorial.md): after one task
 * each, A holds 4/18 mem = 0.222, B 3/9 cpus = 0.333, which over B's
 * weight is 0.167 < 0.222, so B gets the third offer too. */
static void test_weighted_shares(void)
{
	const char *s[] = {"frameworks.B.weight=2"};
	char *t = narrate("examples/drf-two-users.yaml", s, 1, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	const char *p3 = strstr(t, "allocation pass 3: shares A 0.222 (9 waiting), "
				"B 0.333/2 = 0.167 (9 waiting)");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p3);
	CU_ASSERT_PTR_NOT_NULL(strstr(p3, "offer 3: agent node <cpus:5 mem:13> -> B"));
	/* Then B is at 6/9 = 0.667, 0.333 weighted, above A: A's turn. */
	const char *p4 = strstr(t, "allocation pass 4: shares A 0.222 (9 waiting), "
				"B 0.667/2 = 0.333 (8 waiting)");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p4);
	CU_ASSERT_PTR_NOT_NULL(strstr(p4, "offer 4: agent node <cpus:2 mem:12> -> A"));
	/* In pass 1 the tie went to A (name order), with the whole node:
	 * B's first task waits for that offer, not for lack of room. */
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "B: job 1 task 0 waits: needs <cpus:3 mem:1>; it would fit "
				      "agent node, but <cpus:9 mem:18> of it is offered to A\n"));
	free(t);
	/* Unweighted, the headline has no quotient. */
	t = narrate("examples/drf-two-users.yaml", NULL, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NULL(strstr(t, "/1 ="));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "allocation pass 3: shares A 0.222 (9 waiting), "
				      "B 0.333 (9 waiting)"));
	free(t);
}

/* The seed example at 4.3 s: large runs job 1 task 5 <1, 1024> and job 2
 * tasks 0-2 <1,512>, <1,1024>, <1,512>: 4 cpus, 3072 mem of <4, 8192>,
 * free <0, 5120>; small <0, 2560>, medium <0, 1536>.  No agent has a cpu,
 * and large has the most free: the slot told against job 2 task 3's
 * <1, 1024>. */
static void test_seed_largest_slot(void)
{
	char *t = narrate("examples/seed-hadoop.yaml", NULL, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "[     4.300] hadoop: job 2 task 3 waits: needs "
				      "<cpus:1 mem:1024>; largest free slot <cpus:0 mem:5120> on large\n"));
	/* Told once: the pass at 5 s, with nothing changed, says nothing. */
	const char *a = strstr(t, "job 2 task 3 waits");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NULL(strstr(a + 1, "job 2 task 3 waits"));
	free(t);
}

/* One 4-cpu agent; two 1-cpu tasks at 0; one task per offer, filters of
 * 5 s.  The first offer starts task 0 and returns 3 cpus with a filter:
 * task 1 fits them but waits for the filter, until 5 s.  With a quota
 * limit of 1 cpu on the role, it waits for the quota instead. */
static int write_tiny(char *dir)
{
	if (st_mkdtemp(dir, ST_DIR, "explain-tiny"))
		return -1;
	char path[ST_DIR + 32];
	snprintf(path, sizeof path, "%s/tiny.csv", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("job_id,task_id,submit,duration,cpus\n1,0,0,20,1\n2,0,0,20,1\n", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/tiny.yaml", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("name: tiny\n"
	      "cluster:\n  agents:\n    - {name: m, count: 1, resources: {cpus: 4}}\n"
	      "master:\n  allocation_interval: 1\n  agent_order: id\n"
	      "roles:\n  r: {}\n"
	      "frameworks:\n  - name: f\n    role: r\n    refuse_seconds: 5\n"
	      "    max_tasks_per_offer: 1\n    workload:\n      trace: tiny.csv\n", f);
	fclose(f);
	return 0;
}

static void test_filter_and_quota(void)
{
	char dir[ST_DIR], yaml[ST_DIR + 32];
	CU_ASSERT_EQUAL_FATAL(write_tiny(dir), 0);
	snprintf(yaml, sizeof yaml, "%s/tiny.yaml", dir);
	char *t = narrate(yaml, NULL, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "[     0.000] f accepts offer 1, returns <cpus:3> (filter 5 s)\n"
				      "[     0.000] f: job 2 task 0 waits: needs <cpus:1>; fits agent m, "
				      "but f filtered it (and any other it fits) until 5.000 s\n"));
	/* The filter went in after the pass of 0, so the batch of 5 still
	 * sees it (MESOS-4302, docs/allocator.md): the batch of 6 offers. */
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "[     6.000] f launches job 2 task 0 on m"));
	free(t);
	const char *q[] = {"roles.r.quota.limit.cpus=1"};
	t = narrate(yaml, q, 1, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "f: job 2 task 0 waits: quota: role r holds 1 cpus of its "
				      "limit 1, the task needs 1 more\n"));
	/* It starts when task 0 ends at 20 s and gives the cpu back. */
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "[    20.000] f launches job 2 task 0 on m"));
	free(t);
	st_cleanup(dir);
}

/* tests/data/policies/gang.yaml: batch holds agent a's 2 cpus from 0 to
 * 5 s; at 1 s mpi's 3-task job gets agent b's 2 cpus and holds them:
 * 3 cpus needed at once, none free, 2 in the held offer. */
static void test_gang(void)
{
	char *t = narrate("tests/data/policies/gang.yaml", NULL, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "[     1.000] mpi: job 1 task 0 waits: gang: its 3 tasks need "
				      "<cpus:3> at once; free on all agents <cpus:0>, in 1 held offer <cpus:2>\n"));
	free(t);
}

/* Backfilling on four cpus (the traces' comments derive every time).
 * easy-refused: J2 (3 cpus) is reserved at 10 s, when J1 ends; J3
 * (2 cpus, 20 s) fits the 2 free cpus at 2 s but would end at 22 s, past
 * that, and the 1 extra cpu at 10 s is too little: held back.
 * conservative: J4 (1 cpu) fits at 3 s, but J2's and J3's reservations
 * leave it no room until 25 s. */
static void test_backfill(void)
{
	const char *e[] = {"frameworks.f.workload.trace=easy-refused.csv",
			   "frameworks.f.policy=easy"};
	char *t = narrate("tests/data/policies/four-cpu.yaml", e, 2, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "[     1.000] f reserves job 2 to start at 10.000 s (backfilling)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "[     2.000] f holds back job 3: it fits now, but would end at "
				      "22.000 s, past job 2's reservation at 10.000 s\n"));
	free(t);
	const char *c[] = {"frameworks.f.workload.trace=conservative.csv",
			   "frameworks.f.policy=conservative"};
	t = narrate("tests/data/policies/four-cpu.yaml", c, 2, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "[     3.000] f holds back job 4: it fits now, but earlier jobs' "
				      "reservations leave it no room until 25.000 s\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "[    25.000] f launches job 4 task 0 on m"));
	free(t);
}

/* tests/data/policies/placement.yaml: a <4 cpus, 4 mem>, b <2, 8>,
 * c <3, 2>, one task <1, 1>.  Normalized leftovers: a 3/4 + 3/4 = 1.5,
 * b 1/2 + 7/8 = 1.375, c 2/3 + 1/2 = 1.1667 (best fit negates them);
 * Tetris: a 1/4 + 1/4 = 0.5, b 1/2 + 1/8 = 0.625, c 1/3 + 1/2 = 0.8333. */
static void test_placement_scores(void)
{
	static const struct {
		const char *rule, *line;
	} cases[] = {
		{"best_fit", "f places job 1 task 0 by best_fit: scores a -1.5000, b -1.3750, c -1.1667, highest c\n"},
		{"worst_fit", "f places job 1 task 0 by worst_fit: scores a 1.5000, b 1.3750, c 1.1667, highest a\n"},
		{"tetris", "f places job 1 task 0 by tetris: scores a 0.5000, b 0.6250, c 0.8333, highest c\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char set[64];
		snprintf(set, sizeof set, "frameworks.f.placement=%s", cases[i].rule);
		const char *s[] = {set};
		char *t = narrate("tests/data/policies/placement.yaml", s, 1, NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t);
		CU_ASSERT_PTR_NOT_NULL(strstr(t, cases[i].line));
		free(t);
	}
	/* First fit has no score to show. */
	char *t = narrate("tests/data/policies/placement.yaml", NULL, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NULL(strstr(t, " places "));
	free(t);
}

/* Every line of t satisfies ok(line); the count of lines in *n. */
static int all_lines(const char *t, int (*ok)(const char *line, size_t len), int *n)
{
	*n = 0;
	while (*t) {
		const char *e = strchr(t, '\n');
		size_t len = e ? (size_t)(e - t) : strlen(t);
		if (!ok(t, len))
			return 0;
		(*n)++;
		t += len + (e != NULL);
	}
	return 1;
}

static int has(const char *line, size_t len, const char *what)
{
	size_t k = strlen(what);
	for (size_t i = 0; i + k <= len; i++)
		if (!memcmp(line + i, what, k))
			return 1;
	return 0;
}

static int in_window(const char *line, size_t len)
{
	double at = atof(line + 1);
	return len > 13 && line[0] == '[' && at >= 8 && at <= 9;
}

static int about_large(const char *line, size_t len)
{
	/* Offer 8 is the one made on large in that second. */
	return in_window(line, len) &&
	       (has(line, len, " large") || has(line, len, "offer 8,") ||
		has(line, len, "allocation pass") || has(line, len, "agents left out"));
}

static int about_job2(const char *line, size_t len)
{
	return has(line, len, "job 2 ");
}

/* The filters on the seed example: a window, an agent, a job. */
static void test_filters(void)
{
	struct sim_explain w = {.from = 8, .to = 9, .agent = "large"};
	char *t = narrate("examples/seed-hadoop.yaml", NULL, 0, &w);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	int n = 0;
	CU_ASSERT(all_lines(t, about_large, &n));
	CU_ASSERT(n >= 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "[     8.000] offer 8: agent large <cpus:1 mem:5632> -> hadoop\n"));
	CU_ASSERT_PTR_NULL(strstr(t, "agent small"));
	free(t);
	/* Job 2: six tasks, each submitted, launched and finished. */
	struct sim_explain j = {.to = -1, .job = 2, .has_job = 1};
	t = narrate("examples/seed-hadoop.yaml", NULL, 0, &j);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT(all_lines(t, about_job2, &n));
	int launches = 0, ends = 0;
	for (const char *p = t; (p = strstr(p, "hadoop launches job 2 ")); p++)
		launches++;
	for (const char *p = t; (p = strstr(p, "finishes on")); p++)
		ends++;
	CU_ASSERT_EQUAL(launches, 6);
	CU_ASSERT_EQUAL(ends, 6);
	free(t);
	/* A framework filter keeps the pass headlines (they name everyone). */
	struct sim_explain f = {.to = -1, .framework = "B"};
	t = narrate("examples/drf-two-users.yaml", NULL, 0, &f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "allocation pass 1: shares A"));
	CU_ASSERT_PTR_NULL(strstr(t, "] A "));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "-> B"));
	free(t);
	/* An unknown name is an input error, not an empty narration. */
	struct sim_explain bad = {.to = -1, .agent = "huge"};
	t = narrate("examples/seed-hadoop.yaml", NULL, 0, &bad);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT(last_msgs && strstr(last_msgs, "error: --agent: no agent 'huge' in the "
				      "scenario (it has small, medium, large)"));
	free(t);
	free(last_msgs);
	last_msgs = NULL;
}

/* Narrating (filtered or not) changes none of the run's files. */
static void test_explain_changes_nothing(void)
{
	static const char *const files[] = {"tasks.csv", "summary.json", "offers.csv"};
	const char *s[] = {"metrics.offer_log=true"};
	char d0[ST_DIR], d1[ST_DIR], d2[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_run("examples/seed-hadoop.yaml", s, 1, d0, sizeof d0), 0);
	char *t1 = narrate_in("examples/seed-hadoop.yaml", s, 1, &no_filter, d1);
	struct sim_explain w = {.from = 3, .to = 40, .framework = "hadoop", .job = 5, .has_job = 1};
	char *t2 = narrate_in("examples/seed-hadoop.yaml", s, 1, &w, d2);
	CU_ASSERT_PTR_NOT_NULL(t1);
	CU_ASSERT_PTR_NOT_NULL(t2);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		size_t n0 = 0, n1 = 0, n2 = 0;
		char *a = st_slurp(d0, files[i], &n0), *b = st_slurp(d1, files[i], &n1),
		     *c = st_slurp(d2, files[i], &n2);
		CU_ASSERT_PTR_NOT_NULL(a);
		CU_ASSERT(a && b && n0 == n1 && !memcmp(a, b, n0));
		CU_ASSERT(a && c && n0 == n2 && !memcmp(a, c, n0));
		free(a);
		free(b);
		free(c);
	}
	free(t1);
	free(t2);
	st_cleanup(d0);
	st_cleanup(d1);
	st_cleanup(d2);
}

/* Every arrival of drf-two-users is at 0 s: the offered load has no span
 * to divide by, and nothing finishes by the horizon, so the frameworks'
 * mean waits are undefined too. */
static void test_undefined_figures(void)
{
	if (!st_have_offersim())
		return;
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "na"), 0);
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim run examples/drf-two-users.yaml --no-plots "
				    "-o %s/out > %s/sum.txt 2>&1", dir, dir), 0);
	char *s = st_slurp(dir, "sum.txt", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "  offered   n/a (every arrival at one instant: "
				      "no span to divide by)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "  A         0 finished, wait mean n/a, final share 0.667\n"));
	CU_ASSERT_PTR_NULL(strstr(s, "0.000 (arrivals over 0.000 s)"));
	free(s);
	char out[ST_DIR + 8];
	snprintf(out, sizeof out, "%s/out", dir);
	char *j = st_slurp(out, "summary.json", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"offered_load\": {\"cpus\": null, \"mem\": null}"));
	free(j);
	st_cleanup(dir);
}

/* The gang decline case stalls and warns at its end, after 4000 lines of
 * narration: with both streams in one file the warning starts a line of
 * its own, after the narration it follows. */
static void test_warning_between_lines(void)
{
	if (!st_have_offersim())
		return;
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "warn"), 0);
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim run tests/data/policies/gang.yaml "
				    "--set frameworks.mpi.gang=decline --explain --no-plots "
				    "-o %s/out > %s/all.txt 2>&1", dir, dir), 0);
	char *s = st_slurp(dir, "all.txt", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	const char *w = strstr(s, "tests/data/policies/gang.yaml: warning: stopped at 2500.000 s");
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT(w > s && w[-1] == '\n');
	/* Every line before it is a whole line of narration. */
	int lines = 0;
	for (const char *p = s; p < w; p = strchr(p, '\n') + 1) {
		CU_ASSERT(p[0] == '[');
		lines++;
	}
	CU_ASSERT(lines > 1000);
	CU_ASSERT_PTR_NULL(strstr(w, "\n["));   /* and none after it */
	free(s);
	st_cleanup(dir);
}

static const struct test_case cases[] = {
	{"explain: weighted shares, the numbers DRF orders by", test_weighted_shares},
	{"explain: the seed example's largest free slot", test_seed_largest_slot},
	{"explain: a filter and a quota limit keep a task waiting", test_filter_and_quota},
	{"explain: a gang that cannot start yet", test_gang},
	{"explain: EASY and conservative reservations", test_backfill},
	{"explain: best_fit, worst_fit and tetris scores", test_placement_scores},
	{"explain: --from/--to, --agent, --job and --framework", test_filters},
	{"explain: narrating changes no output file", test_explain_changes_nothing},
	{"summary: undefined figures are n/a and null", test_undefined_figures},
	{"explain: a warning lands between whole lines", test_warning_between_lines},
	{NULL, NULL},
};

const struct test_suite suite_explain = {"explain", cases};
