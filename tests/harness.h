/*
 * harness.h - how test files declare their CUnit suites.
 *
 * Each tests/test_*.c defines one `const struct test_suite suite_NAME`
 * (and maybe a `struct test_golden`) and tests/main.c lists it in its
 * table; main registers every suite with
 * CUnit, runs them and exits non-zero on any failure.  Tests run from the
 * top of the source tree, so fixtures are named tests/data/... .
 */
#ifndef OFFERSIM_TEST_HARNESS_H
#define OFFERSIM_TEST_HARNESS_H

#include <CUnit/CUnit.h>

struct test_case {
	const char *name;
	void (*fn)(void);
};

struct test_suite {
	const char *name;
	const struct test_case *cases;   /* ends with {NULL, NULL} */
};

/*
 * A suite that needs a tool the machine may lack (a browser, say).  When
 * missing() returns a reason, main does not register the suite, so none
 * of its tests is counted as passed, and prints "SKIPPED: <reason>".  A
 * suite named in the environment variable OFFERSIM_TEST_REQUIRE (names
 * separated by commas) must run: a missing tool then fails the run, which
 * is how CI makes sure the suite was not skipped.
 */
struct test_optional {
	const struct test_suite *suite;
	const char *(*missing)(void);
};

/*
 * A golden directory: each DIR/NAME.yaml with its expected output
 * DIR/NAME<expect> is one test named NAME, found by scanning DIR when the
 * runner starts and added in name order (strcmp) to the suite called
 * `suite`, after that suite's fixed cases.  So adding a scenario and its
 * expected file adds a test, with no code change.  A scenario without its
 * expected file, or an expected file without its scenario, is a failing
 * test, and so is a directory holding neither.  One golden directory per
 * suite.  run() is called with both files present and does the checking.
 */
struct test_golden {
	const char *suite;
	const char *dir;                /* "tests/scenarios/mesos" */
	const char *expect;             /* ".offers.csv" */
	void (*run)(const char *dir, const char *name);
};

#endif
