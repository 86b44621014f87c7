/*
 * test_progress.c - progress bars: `run` draws one on a terminal (a
 * pseudo-terminal made by script(1), from bsdutils, which Debian always
 * has) and erases it before the summary; --quiet and --explain keep it
 * off; a non-terminal gets nothing.  A run told OFFERSIM_PROGRESS_FD
 * writes its fraction done there, and grid_exec (compare, sweep) moves
 * its bar by what running children report, before any has ended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "simtest.h"
#include "../sim/cli/grid.h"

static int have_script(void)
{
	if (system("command -v script >/dev/null 2>&1") == 0)
		return 1;
	st_skip("script(1) (bsdutils) not installed; the terminal path is not checked");
	return 0;
}

/* seed-mapreduce has some 4600 events, past the first report (4096). */
static void test_run_bar_on_tty(void)
{
	if (!st_have_offersim() || !have_script())
		return;
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "bar"), 0);
	CU_ASSERT_EQUAL_FATAL(st_sh("script -qec './offersim run examples/seed-mapreduce.yaml "
				    "--no-plots -o %s/a' /dev/null > %s/tty.txt", dir, dir), 0);
	char *t = st_slurp(dir, "tty.txt", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	const char *bar = strstr(t, "\roffersim run [");
	CU_ASSERT_PTR_NOT_NULL(bar);
	CU_ASSERT(bar && strstr(bar, "M events/s"));
	CU_ASSERT(bar && strstr(bar, "workload"));
	/* Erased (blanks, then a carriage return) before the summary. */
	const char *sum = strstr(t, "offersim 0.1.0: scenario seed-mapreduce");
	CU_ASSERT_PTR_NOT_NULL(sum);
	CU_ASSERT(bar && sum && bar < sum && sum[-1] == '\r' && sum[-2] == ' ');
	free(t);
	/* --quiet, and --explain (its lines own the screen): no bar. */
	CU_ASSERT_EQUAL(st_sh("script -qec './offersim run examples/seed-mapreduce.yaml "
			      "--no-plots -q -o %s/b' /dev/null > %s/q.txt", dir, dir), 0);
	CU_ASSERT_EQUAL(st_sh("script -qec './offersim run examples/seed-mapreduce.yaml "
			      "--no-plots --explain -o %s/c' /dev/null > %s/e.txt", dir, dir), 0);
	for (int i = 0; i < 2; i++) {
		char *q = st_slurp(dir, i ? "e.txt" : "q.txt", NULL);
		CU_ASSERT_PTR_NOT_NULL(q);
		CU_ASSERT(q && !strstr(q, "offersim run ["));
		free(q);
	}
	st_cleanup(dir);
}

/* Not a terminal: stderr stays empty, stdout has no carriage return. */
static void test_no_bar_off_tty(void)
{
	if (!st_have_offersim())
		return;
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "nobar"), 0);
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim run examples/seed-mapreduce.yaml --no-plots "
				    "-o %s/a > %s/out.txt 2> %s/err.txt", dir, dir, dir), 0);
	size_t n = 1;
	char *e = st_slurp(dir, "err.txt", &n);
	CU_ASSERT(!e || n == 0);
	free(e);
	char *o = st_slurp(dir, "out.txt", NULL);
	CU_ASSERT_PTR_NOT_NULL(o);
	CU_ASSERT(o && !strchr(o, '\r') && strstr(o, "results"));
	free(o);
	st_cleanup(dir);
}

/* The fraction a child reports: lines in [0, 1], not decreasing, the
 * last 1 (the end of the run); nothing on the terminal with -q. */
static void test_progress_fd(void)
{
	if (!st_have_offersim())
		return;
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "pfd"), 0);
	CU_ASSERT_EQUAL_FATAL(st_sh("OFFERSIM_PROGRESS_FD=3 ./offersim run examples/seed-mapreduce.yaml "
				    "--no-plots -q -o %s/a 3> %s/p.txt", dir, dir), 0);
	char *p = st_slurp(dir, "p.txt", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	double prev = 0, x = -1;
	int lines = 0, ok = 1;
	for (char *s = p, *end; *s; s = end + 1) {
		x = strtod(s, &end);
		if (end == s || *end != '\n' || x < prev || x > 1) {
			ok = 0;
			break;
		}
		prev = x;
		lines++;
	}
	CU_ASSERT(ok);
	CU_ASSERT(lines >= 2);   /* one at event 4096, one at the end */
	CU_ASSERT(x == 1);
	free(p);
	st_cleanup(dir);
}

/* A child that says it is half done and sleeps: the parent's bar shows
 * half a run's worth (15 of 30 marks) while 0 of 1 runs have ended. */
static void test_grid_bar_moves_within_a_run(void)
{
	char *argv[] = {"/bin/sh", "-c",
			"printf '0.5000\\n' >&$OFFERSIM_PROGRESS_FD; sleep 0.6", NULL};
	char **const argvs[] = {argv};
	int status = -1;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(grid_exec(argvs, 1, 1, &status, f, "test"), 0);
	fclose(f);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\rtest [###############...............] 0/1 runs, ETA"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\rtest [##############################] 1/1 runs"));
	free(buf);
}

static const struct test_case cases[] = {
	{"progress: run draws a bar on a terminal and erases it", test_run_bar_on_tty},
	{"progress: nothing but results off a terminal", test_no_bar_off_tty},
	{"progress: a run reports its fraction on OFFERSIM_PROGRESS_FD", test_progress_fd},
	{"progress: compare's bar moves while its runs run", test_grid_bar_moves_within_a_run},
	{NULL, NULL},
};

const struct test_suite suite_progress = {"progress", cases};
