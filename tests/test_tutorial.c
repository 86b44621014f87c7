/*
 * test_tutorial.c - every answer docs/tutorial.md gives to its exercises
 * is what offersim computes.
 *
 * The tutorial marks each answer with an HTML comment that rendered
 * Markdown hides:
 *
 *     <!-- tutorial: run SCENARIO [KEY=VALUE ...] -->
 *         the run the following checks are about (--set overrides)
 *     <!-- tutorial: check summary PATH = VALUE -->
 *         a number of summary.json ("wait.mean")
 *     <!-- tutorial: check task JOB TASK COLUMN = VALUE -->
 *         a cell of tasks.csv, for task TASK of job JOB
 *     <!-- tutorial: check count COLUMN=VALUE [COLUMN=VALUE ...] = N -->
 *         how many rows of tasks.csv match every condition
 *
 * This suite reads the markers, runs each scenario in-process, and
 * compares.  So that the reader's answer cannot drift from the checked
 * one, VALUE must also appear in the text of the marker's line before
 * the marker.  A number matches to the precision it is written with
 * (15.38 stands for [15.375, 15.385)); anything else matches exactly.
 * Every lesson (a "## Lesson" heading) must have at least two checks.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "simtest.h"

#define TUT_MAX_SETS 8

struct tut_run {
	char scenario[256];
	char *sets[TUT_MAX_SETS];
	int nsets;
	char dir[ST_DIR];
	int ok;                 /* ran and wrote its outputs */
	struct st_csv *tasks;
};

static void run_release(struct tut_run *r)
{
	for (int i = 0; i < r->nsets; i++)
		free(r->sets[i]);
	st_csv_free(r->tasks);
	if (r->dir[0])
		st_cleanup(r->dir);
	memset(r, 0, sizeof *r);
}

/* "run SCENARIO KEY=VALUE ..." into *r, and run it. */
static void run_start(struct tut_run *r, char *args, const char *where)
{
	run_release(r);
	char *save, *w = strtok_r(args, " ", &save);
	if (!w) {
		fprintf(stderr, "\n  %s: run without a scenario", where);
		CU_FAIL("tutorial: run without a scenario");
		return;
	}
	snprintf(r->scenario, sizeof r->scenario, "%s", w);
	while ((w = strtok_r(NULL, " ", &save)) && r->nsets < TUT_MAX_SETS)
		r->sets[r->nsets++] = strdup(w);
	r->ok = st_run_quiet(r->scenario, (const char *const *)r->sets, r->nsets,
			     r->dir, sizeof r->dir) == 0;
	if (!r->ok)
		fprintf(stderr, "\n  %s: %s did not run", where, r->scenario);
	CU_ASSERT(r->ok);
	if (r->ok)
		r->tasks = st_csv_read(r->dir, "tasks.csv");
}

/* Whether got matches the answer text want (see the top of the file). */
static int matches(const char *want, double got_num, const char *got_text)
{
	char *e;
	double w = strtod(want, &e);
	if (e != want && *e == '\0' && !isnan(got_num)) {
		const char *dot = strchr(want, '.');
		int decimals = dot ? (int)strlen(dot + 1) : 0;
		double half = 0.5 * pow(10, -decimals);
		return got_num >= w - half - 1e-9 && got_num < w + half - 1e-9;
	}
	return got_text && strcmp(want, got_text) == 0;
}

/* Whether row r of t satisfies "COL=VAL". */
static int row_has(const struct st_csv *t, long r, const char *cond)
{
	char col[64];
	const char *eq = strchr(cond, '=');
	if (!eq || eq - cond >= (long)sizeof col)
		return 0;
	snprintf(col, sizeof col, "%.*s", (int)(eq - cond), cond);
	return matches(eq + 1, st_csv_num(t, r, col), st_csv_get(t, r, col));
}

/* One "check ..." against r; 0 when it holds. */
static int check(struct tut_run *r, char *args, const char *where)
{
	char *eq = strstr(args, " = ");
	if (!eq || !r->ok) {
		fprintf(stderr, "\n  %s: %s", where, !eq ? "check without ' = '"
			: "check without a run that worked");
		return -1;
	}
	*eq = '\0';
	const char *want = eq + 3;
	char *save, *kind = strtok_r(args, " ", &save);
	double num = NAN;
	const char *text = NULL;
	char buf[64];
	if (kind && !strcmp(kind, "summary")) {
		char *path = strtok_r(NULL, " ", &save);
		num = path ? st_summary(r->dir, path) : NAN;
		snprintf(buf, sizeof buf, "%g", num);
		text = buf;
	} else if (kind && !strcmp(kind, "task")) {
		char *job = strtok_r(NULL, " ", &save);
		char *task = strtok_r(NULL, " ", &save);
		char *col = strtok_r(NULL, " ", &save);
		const char *cols[] = {"job_id", "task_id"};
		const char *vals[] = {job, task};
		long row = r->tasks && col ? st_csv_find(r->tasks, 0, cols, vals, 2) : -1;
		if (row >= 0) {
			num = st_csv_num(r->tasks, row, col);
			text = st_csv_get(r->tasks, row, col);
		}
	} else if (kind && !strcmp(kind, "count")) {
		char *conds[8];
		int nc = 0;
		while (nc < 8 && (conds[nc] = strtok_r(NULL, " ", &save)))
			nc++;
		long n = 0;
		for (long row = 0; r->tasks && row < r->tasks->nrows; row++) {
			int all = 1;
			for (int c = 0; c < nc && all; c++)
				all = row_has(r->tasks, row, conds[c]);
			n += all;
		}
		num = (double)n;
		snprintf(buf, sizeof buf, "%ld", n);
		text = buf;
	} else {
		fprintf(stderr, "\n  %s: unknown check '%s'", where, kind ? kind : "");
		return -1;
	}
	if (matches(want, num, text))
		return 0;
	fprintf(stderr, "\n  %s: the tutorial says %s, offersim gives %s", where,
		want, text ? text : "nothing");
	return -1;
}

static void test_answers(void)
{
	FILE *f = fopen("docs/tutorial.md", "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	struct tut_run run;
	memset(&run, 0, sizeof run);
	char line[2048];
	int lineno = 0, lessons = 0, checks = 0, in_lesson = 0, failed = 0;
	int per_lesson[16] = {0};
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (!strncmp(line, "## ", 3)) {
			in_lesson = !strncmp(line, "## Lesson", 9);
			if (in_lesson && lessons < 16)
				lessons++;
			continue;
		}
		char *m = strstr(line, "<!-- tutorial: ");
		if (!m)
			continue;
		char *end = strstr(m, " -->");
		CU_ASSERT_PTR_NOT_NULL(end);
		if (!end)
			continue;
		*end = '\0';
		char where[64];
		snprintf(where, sizeof where, "docs/tutorial.md:%d", lineno);
		char *body = m + strlen("<!-- tutorial: ");
		if (!strncmp(body, "run ", 4)) {
			run_start(&run, body + 4, where);
			continue;
		}
		if (strncmp(body, "check ", 6) != 0) {
			fprintf(stderr, "\n  %s: unknown marker", where);
			failed++;
			continue;
		}
		/* The reader sees the same answer. */
		const char *eq = strstr(body, " = ");
		*m = '\0';
		if (eq && !strstr(line, eq + 3)) {
			fprintf(stderr, "\n  %s: the answer '%s' is not in the text "
				"before the marker", where, eq + 3);
			failed++;
		}
		checks++;
		if (in_lesson && lessons > 0)
			per_lesson[lessons - 1]++;
		if (check(&run, body + 6, where) < 0)
			failed++;
	}
	fclose(f);
	run_release(&run);
	CU_ASSERT_EQUAL(failed, 0);
	CU_ASSERT(lessons >= 5);
	for (int i = 0; i < lessons && i < 16; i++) {
		if (per_lesson[i] < 2)
			fprintf(stderr, "\n  docs/tutorial.md: lesson %d has %d checked "
				"answers", i + 1, per_lesson[i]);
		CU_ASSERT(per_lesson[i] >= 2);
	}
	CU_ASSERT(checks >= 2 * lessons);
}

/* The checker itself catches a wrong answer (so a passing run above means
 * something): the tutorial's first lesson scenario, answered wrongly. */
static void test_wrong_answer_caught(void)
{
	struct tut_run run;
	memset(&run, 0, sizeof run);
	char args[] = "examples/seed-hadoop.yaml master.allocation_interval=0";
	run_start(&run, args, "self-test");
	char right[] = "count start=0 = 6", wrong[] = "count start=0 = 7";
	char cell[] = "task 1 0 agent = small", bad_cell[] = "task 1 0 agent = large";
	char num[] = "summary tasks.finished = 84", bad_num[] = "summary tasks.finished = 85";
	CU_ASSERT_EQUAL(check(&run, right, "self-test"), 0);
	CU_ASSERT_EQUAL(check(&run, cell, "self-test"), 0);
	CU_ASSERT_EQUAL(check(&run, num, "self-test"), 0);
	fprintf(stderr, "\n  (three wrong answers follow, on purpose)");
	CU_ASSERT_NOT_EQUAL(check(&run, wrong, "self-test"), 0);
	CU_ASSERT_NOT_EQUAL(check(&run, bad_cell, "self-test"), 0);
	CU_ASSERT_NOT_EQUAL(check(&run, bad_num, "self-test"), 0);
	CU_ASSERT(matches("15.38", 15.3761905, NULL));
	CU_ASSERT(!matches("15.38", 15.3861905, NULL));
	CU_ASSERT(!matches("15.4", 15.3, NULL));
	run_release(&run);
}

static const struct test_case cases[] = {
	{"every exercise's answer is offersim's", test_answers},
	{"a wrong answer is caught", test_wrong_answer_caught},
	{NULL, NULL},
};

const struct test_suite suite_tutorial = {"tutorial", cases};
