/*
 * main.c - the CUnit runner: registers every suite in the table below, runs
 * them with the basic interface and exits non-zero when anything failed.
 * `build/run-tests SUITE...` runs only the named suites.  Optional suites
 * (see struct test_optional) whose tool is missing are reported as
 * SKIPPED, not run and not counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "harness.h"

extern const struct test_suite suite_evq;
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
extern const struct test_suite suite_scale, suite_qstat;
extern const struct test_suite suite_gantt;

static const struct test_suite *const suites[] = {
	&suite_evq,
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
	&suite_qstat,
	&suite_gantt,
};

static const struct test_optional optional[] = {
	{&suite_browser, browser_missing},
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

int main(int argc, char **argv)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
		if (wanted(suites[i]->name, argc, argv) && add_suite(suites[i]))
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
	if (skipped)
		printf("%u passed, %u failed, %u skipped\n", run - tfailed, tfailed, skipped);
	else
		printf("%u passed, %u failed\n", run - tfailed, tfailed);
	return failed || missing_required ? 1 : 0;
}
