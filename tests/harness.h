/*
 * harness.h - how test files declare their CUnit suites.
 *
 * Each tests/test_*.c defines one `const struct test_suite suite_NAME` and
 * tests/main.c lists it in its table; main registers every suite with
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

#endif
