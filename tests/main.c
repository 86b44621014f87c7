/*
 * main.c - the CUnit runner: registers every suite in the table below, runs
 * them with the basic interface and exits non-zero when anything failed.
 * `build/run-tests SUITE...` runs only the named suites.  Optional suites
 * (see struct test_optional) whose tool is missing are reported as
 * SKIPPED, not run and not counted.  Golden directories (struct
 * test_golden) add one test per scenario file found in them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/TestRun.h>

#include "harness.h"
#include "simtest.h"

extern const struct test_suite suite_evq, suite_subq, suite_linereader;
extern const struct test_suite suite_prefetch;
extern const struct test_suite suite_rowpipe;
extern const struct test_suite suite_sim;
extern const struct test_suite suite_policies;
extern const struct test_suite suite_config;
extern const struct test_suite suite_dist, suite_workloads, suite_synth;
extern const struct test_suite suite_grid;
extern const struct test_suite suite_traces, suite_tracetool;
extern const struct test_suite suite_sorter, suite_mesos, suite_events;
extern const struct test_suite suite_batch, suite_jobs;
extern const struct test_suite suite_report, suite_browser;
const char *browser_missing(void);
extern const struct test_suite suite_transforms;
extern const struct test_suite suite_scale, suite_qstat, suite_faults;
extern const struct test_suite suite_google_machines;
extern const struct test_suite suite_metrics;
extern const struct test_suite suite_gantt;
extern const struct test_suite suite_reference;
extern const struct test_suite suite_scale, suite_qstat, suite_profile, suite_stop;
extern const struct test_suite suite_outputs;
extern const struct test_suite suite_api;
extern const struct test_suite suite_check;
extern const struct test_suite suite_explain, suite_progress;
extern const struct test_suite suite_plugin;
extern const struct test_suite suite_numfmt, suite_plots;
extern const struct test_suite suite_tutorial;
extern const struct test_suite suite_replay, suite_viewer;
const char *viewer_missing(void);

static const struct test_suite *const suites[] = {
	&suite_evq,
	&suite_subq,
	&suite_linereader,
	&suite_prefetch,
	&suite_rowpipe,
	&suite_sim,
	&suite_policies,
	&suite_config,
	&suite_dist,
	&suite_workloads,
	&suite_synth,
	&suite_grid,
	&suite_traces,
	&suite_tracetool,
	&suite_sorter,
	&suite_mesos,
	&suite_events,
	&suite_batch,
	&suite_jobs,
	&suite_report,
	&suite_transforms,
	&suite_scale,
	&suite_faults,
	&suite_google_machines,
	&suite_qstat,
	&suite_metrics,
	&suite_gantt,
	&suite_reference,
	&suite_profile,
	&suite_stop,
	&suite_outputs,
	&suite_api,
	&suite_check,
	&suite_explain,
	&suite_progress,
	&suite_plugin,
	&suite_numfmt,
	&suite_plots,
	&suite_tutorial,
	&suite_replay,
};

static const struct test_optional optional[] = {
	{&suite_browser, browser_missing},
	{&suite_viewer, viewer_missing},
};

extern const struct test_golden golden_mesos, golden_events;

static const struct test_golden *const goldens[] = {
	&golden_mesos,
	&golden_events,
};

static int wanted(const char *name, int argc, char **argv)
{
	int want = argc < 2;
	for (int a = 1; a < argc; a++)
		if (strcmp(argv[a], name) == 0)
			want = 1;
	return want;
}

/* Whether name is in the comma-separated list OFFERSIM_TEST_REQUIRE. */
static int required(const char *name)
{
	const char *p = getenv("OFFERSIM_TEST_REQUIRE");
	size_t n = strlen(name);
	while (p && *p) {
		size_t k = strcspn(p, ",");
		if (k == n && strncmp(p, name, n) == 0)
			return 1;
		p += k + (p[k] == ',');
	}
	return 0;
}

static int add_suite(const struct test_suite *s)
{
	CU_pSuite cs = CU_add_suite(s->name, NULL, NULL);
	if (!cs)
		return -1;
	for (const struct test_case *c = s->cases; c->name; c++)
		if (!CU_add_test(cs, c->name, c->fn))
			return -1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Strip suffix from each of names[0..n) and append them to stems. */
static size_t add_stems(char **stems, size_t k, char **names, const char *suffix)
{
	size_t sl = strlen(suffix);
	for (char **p = names; p && *p; p++) {
		(*p)[strlen(*p) - sl] = '\0';
		stems[k++] = *p;
	}
	return k;
}

/* The one test function of every golden case: which scenario it is comes
 * from the names CUnit is running. */
static void golden_case(void)
{
	const char *suite = CU_get_current_suite()->pName;
	const char *name = CU_get_current_test()->pName;
	const struct test_golden *g = NULL;
	for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++)
		if (strcmp(goldens[i]->suite, suite) == 0)
			g = goldens[i];
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	char yaml[512], exp[512];
	snprintf(yaml, sizeof yaml, "%s/%s.yaml", g->dir, name);
	snprintf(exp, sizeof exp, "%s/%s%s", g->dir, name, g->expect);
	int ok = 1;
	if (access(yaml, R_OK) != 0) {
		printf("\n    %s: no such scenario ", yaml);
		ok = 0;
	}
	if (access(exp, R_OK) != 0) {
		printf("\n    %s: no such expected file ", exp);
		ok = 0;
	}
	CU_ASSERT_FATAL(ok);
	g->run(g->dir, name);
}

/* One test per scenario (or expected file) of the golden directory g,
 * added to its suite; nothing when that suite is not being run. */
static int add_golden(const struct test_golden *g)
{
	CU_pSuite cs = CU_get_suite(g->suite);
	if (!cs)
		return 0;
	size_t ny = 0, ne = 0;
	char **yamls = st_list(g->dir, ".yaml", &ny);
	char **exps = st_list(g->dir, g->expect, &ne);
	char **stems = malloc((ny + ne + 1) * sizeof *stems);
	int rc = stems ? 0 : -1;
	size_t n = 0;
	if (stems) {
		n = add_stems(stems, n, yamls, ".yaml");
		n = add_stems(stems, n, exps, g->expect);
		qsort(stems, n, sizeof *stems, cmp_str);
	}
	for (size_t i = 0; rc == 0 && i < n; i++)
		if ((i == 0 || strcmp(stems[i], stems[i - 1]) != 0) &&
		    !CU_add_test(cs, stems[i], golden_case))
			rc = -1;
	/* An empty or unreadable directory must not pass as "no tests". */
	if (rc == 0 && n == 0) {
		char name[256];
		snprintf(name, sizeof name, "%s holds no scenario", g->dir);
		if (!CU_add_test(cs, name, golden_case))
			rc = -1;
	}
	free(stems);
	st_list_free(yamls);
	st_list_free(exps);
	return rc;
}

int main(int argc, char **argv)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
		if (wanted(suites[i]->name, argc, argv) && add_suite(suites[i]))
			return 2;
	for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++)
		if (add_golden(goldens[i]))
			return 2;
	/* Optional suites are decided before the run but reported after it,
	 * next to the counts, where people look. */
	const char *why[sizeof optional / sizeof optional[0]] = {0};
	for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++) {
		const struct test_suite *s = optional[i].suite;
		if (!wanted(s->name, argc, argv))
			continue;
		why[i] = optional[i].missing();
		if (!why[i] && add_suite(s))
			return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures();
	unsigned run = CU_get_number_of_tests_run();
	unsigned tfailed = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	unsigned skipped = 0, missing_required = 0;
	for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++) {
		const struct test_suite *s = optional[i].suite;
		if (!why[i])
			continue;
		unsigned n = 0;
		for (const struct test_case *c = s->cases; c->name; c++)
			n++;
		skipped += n;
		if (required(s->name)) {
			printf("FAILED: suite %s is required (OFFERSIM_TEST_REQUIRE) but %s\n",
			       s->name, why[i]);
			missing_required++;
		} else {
			printf("SKIPPED: %s (suite %s: %u tests not run)\n", why[i], s->name, n);
		}
	}
	/* Checks skipped inside tests that ran (a tool missing): counted
	 * apart, so that a pass with skips never reads as a full pass. */
	unsigned inner = st_skips();
	if (skipped || inner)
		printf("%u passed, %u failed, %u skipped%s\n", run - tfailed,
		       tfailed, skipped + inner,
		       inner ? " (some checks within passing tests: see SKIP lines)" : "");
	else
		printf("%u passed, %u failed\n", run - tfailed, tfailed);
	return failed || missing_required ? 1 : 0;
}
