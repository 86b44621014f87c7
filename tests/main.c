/*
 * main.c - the CUnit runner: registers every suite in the table below, runs
 * them with the basic interface and exits non-zero when anything failed.
 * `build/run-tests SUITE...` runs only the named suites.
 */
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "harness.h"

extern const struct test_suite suite_evq;
extern const struct test_suite suite_sim;
extern const struct test_suite suite_policies;
extern const struct test_suite suite_config;
extern const struct test_suite suite_dist, suite_workloads;
extern const struct test_suite suite_grid;
extern const struct test_suite suite_traces;
extern const struct test_suite suite_sorter, suite_mesos, suite_events;
extern const struct test_suite suite_scale;

static const struct test_suite *const suites[] = {
	&suite_evq,
	&suite_sim,
	&suite_policies,
	&suite_config,
	&suite_dist,
	&suite_workloads,
	&suite_grid,
	&suite_traces,
	&suite_sorter,
	&suite_mesos,
	&suite_events,
	&suite_scale,
};

int main(int argc, char **argv)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
		const struct test_suite *s = suites[i];
		int want = argc < 2;
		for (int a = 1; a < argc; a++)
			if (strcmp(argv[a], s->name) == 0)
				want = 1;
		if (!want)
			continue;
		CU_pSuite cs = CU_add_suite(s->name, NULL, NULL);
		if (!cs)
			return 2;
		for (const struct test_case *c = s->cases; c->name; c++)
			if (!CU_add_test(cs, c->name, c->fn))
				return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures();
	unsigned run = CU_get_number_of_tests_run();
	unsigned tfailed = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	printf("%u passed, %u failed\n", run - tfailed, tfailed);
	return failed ? 1 : 0;
}
