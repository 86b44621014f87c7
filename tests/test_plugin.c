/*
 * test_plugin.c - policies from outside (include/offersim_policy.h):
 * the example LJF shared object gives the starts a hand computation
 * gives; an allocator written against the ABI alone (tests/plugins/
 * drf_clone.c) makes exactly the offers of the built-in drf, which checks
 * the adapter's copying and permuting of candidates; a FIFO handed over
 * through offersim_open() equals the built-in fifo byte for byte; a bad
 * shared object (missing, no symbol, another ABI version, the wrong kind)
 * is a positioned error with exit 2; a plug-in's wrong launches are
 * refused, not fatal.
 *
 * The shared objects are built by make under $(BUILD)/plugins, which
 * `make check` passes as OFFERSIM_TEST_PLUGINS (default build/plugins).
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "harness.h"
#include "simtest.h"
#include "../include/offersim.h"
#include "../include/offersim_policy.h"

#define SEED "examples/seed-hadoop.yaml"

/* The absolute path of plug-in name.so, in buf; NULL when it is not
 * built (a failed assertion, not a skip: make builds them first). */
static const char *plugin_path(const char *name, char *buf, size_t size)
{
	const char *dir = getenv("OFFERSIM_TEST_PLUGINS");
	char rel[PATH_MAX], abs[PATH_MAX];
	snprintf(rel, sizeof rel, "%s/%s.so", dir && *dir ? dir : "build/plugins",
		 name);
	if (!realpath(rel, abs)) {
		fprintf(stderr, "plug-in %s not built\n", rel);
		return NULL;
	}
	snprintf(buf, size, "%s", abs);
	return buf;
}

static int same_file(const char *a, const char *b, const char *name)
{
	size_t la = 0, lb = 0;
	char *x = st_slurp(a, name, &la), *y = st_slurp(b, name, &lb);
	int same = x && y && la == lb && memcmp(x, y, la) == 0;
	if (!same)
		fprintf(stderr, "differs: %s\n", name);
	free(x);
	free(y);
	return same;
}

/* Write text to dir/name. */
static int put(const char *dir, const char *name, const char *text)
{
	char path[ST_DIR + 64];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* Three jobs submitted together, each needing the whole agent. */
static const char jobs_csv[] =
	"job_id,task_id,submit,duration,cpus\n"
	"1,0,0,10,4\n2,0,0,30,4\n3,0,0,20,4\n4,0,1,25,2\n";

/* A scenario for jobs_csv with the given policy value. */
static int ljf_scenario(const char *dir, const char *policy)
{
	char y[2048];
	snprintf(y, sizeof y,
		 "name: ljf-test\n"
		 "cluster:\n"
		 "  agents:\n"
		 "    - {name: a, count: 1, resources: {cpus: 4}}\n"
		 "frameworks:\n"
		 "  - name: batch\n"
		 "    policy: %s\n"
		 "    refuse_seconds: 0\n"
		 "    workload: {trace: jobs.csv}\n"
		 "metrics: {offer_log: true}\n", policy);
	return put(dir, "jobs.csv", jobs_csv) || put(dir, "s.yaml", y);
}

/* Start of job j in dir's tasks.csv, or -1. */
static double start_of(const char *dir, long job)
{
	struct st_csv *t = st_csv_read(dir, "tasks.csv");
	double s = -1;
	for (long r = 0; t && r < t->nrows; r++)
		if ((long)st_csv_num(t, r, "job_id") == job)
			s = st_csv_num(t, r, "start");
	st_csv_free(t);
	return s;
}

/*
 * By hand, one 4-cpu agent: at 0 jobs 1 (10 s), 2 (30 s) and 3 (20 s)
 * wait, each needing 4 cpus.  LJF starts 2 at 0; at 1 job 4 (25 s, 2
 * cpus) arrives.  At 30, 4 is the longest waiting and fits: it starts
 * with 2 cpus left, where nothing else fits; strict stops there.  At 55,
 * 3 (20 s) starts, then 1 at 75.  FIFO: 1 at 0, 2 at 10, 3 at 40, 4 at 60.
 */
static void test_ljf_starts(void)
{
	char so[PATH_MAX], pol[PATH_MAX + 64], d[ST_DIR], out[ST_DIR + 16];
	char path[ST_DIR + 16];
	CU_ASSERT_FATAL(plugin_path("ljf", so, sizeof so) != NULL);
	CU_ASSERT_FATAL(st_mkdtemp(d, sizeof d, "plugin") == 0);
	snprintf(pol, sizeof pol, "{so: %s, params: {strict: true}}", so);
	CU_ASSERT_FATAL(ljf_scenario(d, pol) == 0);
	snprintf(path, sizeof path, "%s/s.yaml", d);
	snprintf(out, sizeof out, "%s/out", d);
	struct offersim *s;
	CU_ASSERT_FATAL(offersim_open_file(&s, path, NULL, 0, out) == 0);
	CU_ASSERT(offersim_run(s) == 0);
	offersim_free(s);
	CU_ASSERT(start_of(out, 2) == 0);
	CU_ASSERT(start_of(out, 4) == 30);
	CU_ASSERT(start_of(out, 3) == 55);
	CU_ASSERT(start_of(out, 1) == 75);
	/* The plug-in's own name in the summary. */
	char *sum = st_slurp(out, "summary.json", NULL);
	CU_ASSERT(sum && strstr(sum, "\"policy\": \"ljf\""));
	free(sum);

	/* The same file with the built-in fifo: the order is the policy's. */
	struct offersim_override ov = {"frameworks.batch.policy", "fifo"};
	CU_ASSERT_FATAL(offersim_open_file(&s, path, &ov, 1, out) == 0);
	CU_ASSERT(offersim_run(s) == 0);
	offersim_free(s);
	CU_ASSERT(start_of(out, 1) == 0);
	CU_ASSERT(start_of(out, 2) == 10);
	CU_ASSERT(start_of(out, 3) == 40);
	CU_ASSERT(start_of(out, 4) == 60);
	st_cleanup(d);
}

/* Options reach the plug-in, and an option it does not read is an error
 * at its place in the file. */
static void test_ljf_options(void)
{
	char so[PATH_MAX], pol[PATH_MAX + 64], d[ST_DIR], path[ST_DIR + 16];
	CU_ASSERT_FATAL(plugin_path("ljf", so, sizeof so) != NULL);
	CU_ASSERT_FATAL(st_mkdtemp(d, sizeof d, "plugin") == 0);
	snprintf(pol, sizeof pol, "{so: %s, params: {strictt: true}}", so);
	CU_ASSERT_FATAL(ljf_scenario(d, pol) == 0);
	snprintf(path, sizeof path, "%s/s.yaml", d);
	struct offersim *s;
	CU_ASSERT(offersim_open_file(&s, path, NULL, 0, NULL) == OFFERSIM_EPARSE);
	int found = 0;
	for (int i = 0; i < offersim_ndiags(s); i++) {
		const struct offersim_diag *g = offersim_diag(s, i);
		if (g->kind == OFFERSIM_ERROR && strstr(g->message, "strictt") &&
		    strstr(g->message, "did you mean 'strict'") && g->line == 7)
			found = 1;
	}
	CU_ASSERT(found);
	offersim_free(s);
	st_cleanup(d);
}

/* DRF through the ABI makes the built-in drf's offers, at every level of
 * a role tree (weights, quota, nested roles with their own "." entry). */
static void test_allocator_clone(void)
{
	static const char *const scen[] = {
		"examples/drf-two-users.yaml",
		"examples/drf-starvation.yaml",
		"examples/quota.yaml",
		"tests/data/drf-paper.yaml",
		"tests/scenarios/mesos/NestedRoleDRF.yaml",
		"tests/scenarios/mesos/DRFWithQuota.yaml",
	};
	char so[PATH_MAX], set[PATH_MAX + 64];
	CU_ASSERT_FATAL(plugin_path("drf_clone", so, sizeof so) != NULL);
	snprintf(set, sizeof set, "master.allocator={so: %s}", so);
	for (size_t i = 0; i < sizeof scen / sizeof scen[0]; i++) {
		char a[ST_DIR], b[ST_DIR];
		const char *sa[] = {"metrics.offer_log=true"};
		const char *sb[] = {"metrics.offer_log=true", set};
		CU_ASSERT_FATAL(st_run_quiet(scen[i], sa, 1, a, sizeof a) == 0);
		CU_ASSERT_FATAL(st_run_quiet(scen[i], sb, 2, b, sizeof b) == 0);
		int same = same_file(a, b, "offers.csv") &&
			   same_file(a, b, "tasks.csv") &&
			   same_file(a, b, "shares.csv");
		if (!same)
			fprintf(stderr, "drf_clone differs on %s\n", scen[i]);
		CU_ASSERT(same);
		st_cleanup(a);
		st_cleanup(b);
	}
}

/* ---- a FIFO handed over by the program ---- */

struct hfifo {
	int calls;
	int refused;          /* wrong launches the host turned down */
};

static void hfifo_schedule(void *st, const struct offersim_host *h,
			   struct offersim_sched *c)
{
	struct hfifo *s = st;
	s->calls++;
	const struct offersim_qtask *t = h->first(c);
	/* Wrong launches first: an offer that does not exist, and (when a
	 * task is waiting) no task at all.  Both must be refused. */
	if (t) {
		s->refused += h->launch(c, t, h->noffers(c)) == -1;
		s->refused += h->launch(c, NULL, 0) == -1;
	}
	for (; t && !h->exhausted(c); t = h->next(c, t)) {
		int i = h->place(c, t);
		if (i >= 0)
			h->launch(c, t, i);
	}
}

static const struct offersim_policy hfifo = {
	.abi_version = OFFERSIM_POLICY_ABI,
	.kind = OFFERSIM_POLICY_FRAMEWORK,
	.name = "hfifo",
	.state_size = sizeof(struct hfifo),
	.schedule = hfifo_schedule,
};

static void test_host_policy(void)
{
	char a[ST_DIR], b[ST_DIR];
	const char *sa[] = {"metrics.offer_log=true"};
	CU_ASSERT_FATAL(st_run_quiet(SEED, sa, 1, a, sizeof a) == 0);
	CU_ASSERT_FATAL(st_mkdtemp(b, sizeof b, "plugin") == 0);
	const struct offersim_policy *pols[] = {&hfifo};
	struct offersim_override ov[] = {
		{"metrics.offer_log", "true"},
		{"frameworks.hadoop.policy", "{host: hfifo}"},
	};
	struct offersim_open_args args = {
		.path = SEED, .overrides = ov, .noverrides = 2, .outdir = b,
		.policies = pols, .npolicies = 1,
	};
	struct offersim *s;
	CU_ASSERT_FATAL(offersim_open(&s, &args) == 0);
	CU_ASSERT(offersim_run(s) == 0);
	offersim_free(s);
	CU_ASSERT(same_file(a, b, "tasks.csv"));
	CU_ASSERT(same_file(a, b, "offers.csv"));
	st_cleanup(a);
	st_cleanup(b);

	/* A name the program does not supply: a diagnostic, no run. */
	args.npolicies = 0;
	args.outdir = NULL;
	CU_ASSERT(offersim_open(&s, &args) == OFFERSIM_EPARSE);
	int found = 0;
	for (int i = 0; i < offersim_ndiags(s); i++)
		found |= strstr(offersim_diag(s, i)->message,
				"no host policy named 'hfifo'") != NULL;
	CU_ASSERT(found);
	offersim_free(s);
}

/* The host refuses what a plug-in must not do, and the run goes on. */
static void test_host_refuses(void)
{
	char d[ST_DIR];
	CU_ASSERT_FATAL(st_mkdtemp(d, sizeof d, "plugin") == 0);
	const struct offersim_policy *pols[] = {&hfifo};
	struct offersim_override ov = {"frameworks.hadoop.policy",
				       "{host: hfifo}"};
	struct offersim_open_args args = {
		.path = SEED, .overrides = &ov, .noverrides = 1, .outdir = d,
		.policies = pols, .npolicies = 1,
	};
	struct offersim *s;
	CU_ASSERT_FATAL(offersim_open(&s, &args) == 0);
	CU_ASSERT(offersim_run(s) == 0);
	struct offersim_summary sum;
	CU_ASSERT(offersim_summary(s, &sum) == 0);
	CU_ASSERT(sum.finished == sum.submitted && sum.finished > 0);
	offersim_free(s);
	st_cleanup(d);
}

/* ---- bad shared objects ---- */

/* `offersim validate` on a scenario naming so as key's plug-in: exit 2
 * and a file:line:col error containing want. */
static void expect_load_error(const char *key, const char *so,
			      const char *want)
{
	char d[ST_DIR], y[PATH_MAX + 512], where[ST_DIR + 64];
	CU_ASSERT_FATAL(st_mkdtemp(d, sizeof d, "plugin") == 0);
	if (strcmp(key, "allocator") == 0)
		snprintf(y, sizeof y,
			 "cluster:\n  agents:\n    - {name: a, resources: {cpus: 4}}\n"
			 "master:\n  allocator: {so: %s}\n"
			 "frameworks:\n  - name: f\n    workload: {trace: jobs.csv}\n",
			 so);
	else
		snprintf(y, sizeof y,
			 "cluster:\n  agents:\n    - {name: a, resources: {cpus: 4}}\n"
			 "frameworks:\n  - name: f\n    policy: {so: %s}\n"
			 "    workload: {trace: jobs.csv}\n", so);
	CU_ASSERT_FATAL(put(d, "jobs.csv", jobs_csv) == 0 && put(d, "s.yaml", y) == 0);
	char *out = NULL, *err = NULL;
	int rc = st_capture(&out, &err, "./offersim validate %s/s.yaml", d);
	CU_ASSERT(rc == 2);
	/* The so: value's position, after "{so: ": line 5, column 19 for
	 * the allocator; line 6, column 18 for the framework's policy. */
	snprintf(where, sizeof where, "%s/s.yaml:%s: error: ", d,
		 strcmp(key, "allocator") == 0 ? "5:19" : "6:18");
	CU_ASSERT(err && strstr(err, where) != NULL);
	CU_ASSERT(err && strstr(err, want) != NULL);
	if (err && (!strstr(err, where) || !strstr(err, want)))
		fprintf(stderr, "got: %s\nwanted %s ... %s\n", err, where, want);
	free(out);
	free(err);
	st_cleanup(d);
}

static void test_bad_objects(void)
{
	if (!st_have_offersim()) {
		CU_FAIL("./offersim is not built");
		return;
	}
	char so[PATH_MAX], missing[PATH_MAX + 16];
	CU_ASSERT_FATAL(plugin_path("bad_abi", so, sizeof so) != NULL);
	expect_load_error("policy", so, "plug-in ABI version 99, but this "
			  "offersim loads version 1");
	CU_ASSERT_FATAL(plugin_path("no_symbol", so, sizeof so) != NULL);
	expect_load_error("policy", so, "exports no symbol 'offersim_policy'");
	CU_ASSERT_FATAL(plugin_path("ljf", so, sizeof so) != NULL);
	expect_load_error("allocator", so, "it is a framework policy, not an "
			  "allocator");
	snprintf(missing, sizeof missing, "%s.missing", so);
	expect_load_error("policy", missing, "cannot open shared object file");
}

static const struct test_case cases[] = {
	{"the LJF plug-in starts jobs as computed by hand", test_ljf_starts},
	{"a plug-in's unknown option is a positioned error", test_ljf_options},
	{"DRF through the ABI makes the built-in drf's offers", test_allocator_clone},
	{"a host policy equals the built-in fifo", test_host_policy},
	{"the host refuses a plug-in's wrong launches", test_host_refuses},
	{"bad shared objects are positioned errors, exit 2", test_bad_objects},
	{NULL, NULL},
};

const struct test_suite suite_plugin = {"plugin", cases};
