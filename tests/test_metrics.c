/*
 * test_metrics.c - the summary figures' table (sim/model/figures.h) and
 * what it drives: every row is a key of summary.json at the top and per
 * framework, the top being the sum (or the pooled mean) of the
 * frameworks'; compare's headline columns keep their order and titles;
 * sweep's unit of a metric follows the table.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/cli/headline.h"
#include "../sim/core/json_read.h"
#include "../sim/model/figures.h"
#include "harness.h"
#include "simtest.h"

/* A figure's dotted name with its first stat (DIST: mean). */
static void first_name(const struct fig_def *d, const char *prefix,
		       char *buf, size_t size)
{
	const char *stat = d->kind == FIGK_DIST || d->kind == FIGK_MEAN ? ".mean" : "";
	snprintf(buf, size, "%s%s%s%s%s", prefix, d->group, *d->group ? "." : "",
		 d->key, stat);
}

static struct jr_value *summary_of(const char *dir)
{
	char path[128], err[256];
	snprintf(path, sizeof path, "%s/summary.json", dir);
	struct jr_value *doc = jr_parse_file(path, err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL(doc);
	return doc;
}

/* Two frameworks: every figure at the top and under each framework, the
 * counts adding up. */
static void test_every_row_in_summary(void)
{
	char dir[64];
	CU_ASSERT_EQUAL_FATAL(st_run("examples/hoarding.yaml", NULL, 0,
				     dir, sizeof dir), 0);
	struct jr_value *doc = summary_of(dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	const struct jr_value *fws = jr_get(doc, "frameworks");
	CU_ASSERT_EQUAL_FATAL(jr_count(fws), 2);
	char name[160], pre[96];
	for (int k = 0; k < FIG_COUNT; k++) {
		const struct fig_def *d = &fig_defs[k];
		first_name(d, "", name, sizeof name);
		CU_ASSERT_PTR_NOT_NULL(jr_get(doc, name));
		double sum = 0;
		for (int i = 0; i < 2; i++) {
			snprintf(pre, sizeof pre, "frameworks.%s.", jr_key(fws, i));
			first_name(d, pre, name, sizeof name);
			CU_ASSERT_PTR_NOT_NULL(jr_get(doc, name));
			sum += jr_number(doc, name);
		}
		first_name(d, "", name, sizeof name);
		if (d->kind == FIGK_COUNT)
			CU_ASSERT_EQUAL(jr_number(doc, name), sum);
	}
	/* The top's mean is the frameworks' pooled. */
	double bsd = 0;
	for (int i = 0; i < 2; i++) {
		snprintf(pre, sizeof pre, "frameworks.%s.bounded_slowdown.mean", jr_key(fws, i));
		snprintf(name, sizeof name, "frameworks.%s.tasks.finished", jr_key(fws, i));
		if (jr_number(doc, name) > 0)
			bsd += jr_number(doc, pre) * jr_number(doc, name);
	}
	double fin = jr_number(doc, "tasks.finished");
	CU_ASSERT(fabs(jr_number(doc, "bounded_slowdown.mean") * fin - bsd) < 1e-6 * bsd);
	CU_ASSERT(fin > 0);
	/* The counts of a finished run add up to what was submitted. */
	CU_ASSERT_EQUAL(jr_number(doc, "tasks.submitted"),
			fin + jr_number(doc, "tasks.rejected") +
			jr_number(doc, "tasks.waiting") + jr_number(doc, "tasks.running"));
	/* (Offers still held at the end were neither answered nor taken back.) */
	CU_ASSERT(jr_number(doc, "offers.made") >=
		  jr_number(doc, "offers.accepted") + jr_number(doc, "offers.declined") +
		  jr_number(doc, "offers.rescinded"));
	jr_free(doc);
	st_cleanup(dir);
}

static void test_headline_columns(void)
{
	char err[64];
	const char *text = "{\"utilization\": {\"cpus\": 0.5, \"mem\": 0.25}}";
	struct jr_value *doc = jr_parse(text, strlen(text), err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	struct jr_value *docs[] = {doc, NULL};
	struct headline *h = NULL;
	int n = headline_list(docs, 2, &h);
	static const char *const want[][2] = {
		{"wait.mean", "wait mean (s)"},
		{"wait.p95", "wait p95 (s)"},
		{"wait.p99", "wait p99 (s)"},
		{"response.mean", "response mean (s)"},
		{"bounded_slowdown.mean", "bounded slowdown"},
		{"utilization.cpus", "util cpus"},
		{"utilization.mem", "util mem"},
		{"makespan", "makespan (s)"},
		{"fairness", "fairness (Jain)"},
		{"jobs.wait.mean", "job wait mean (s)"},
		{"jobs.wait.p95", "job wait p95 (s)"},
		{"jobs.response.mean", "job response mean (s)"},
		{"jobs.bounded_slowdown.mean", "job bounded slowdown"},
	};
	int nw = (int)(sizeof want / sizeof want[0]);
	CU_ASSERT_EQUAL_FATAL(n, nw);
	for (int k = 0; k < n; k++) {
		CU_ASSERT_STRING_EQUAL(h[k].key, want[k][0]);
		CU_ASSERT_STRING_EQUAL(h[k].title, want[k][1]);
		int higher = !strncmp(want[k][0], "util", 4) || !strcmp(want[k][0], "fairness");
		CU_ASSERT_EQUAL(h[k].higher_better, higher);
	}
	free(h);
	jr_free(doc);
}

static void test_units(void)
{
	CU_ASSERT(headline_is_seconds("wait.p95"));
	CU_ASSERT(headline_is_seconds("frameworks.a.wait.max"));
	CU_ASSERT(headline_is_seconds("jobs.response.mean"));
	CU_ASSERT(headline_is_seconds("wasted_work"));
	CU_ASSERT(headline_is_seconds("makespan"));
	CU_ASSERT(headline_is_seconds("sim_time"));
	CU_ASSERT(!headline_is_seconds("bounded_slowdown.mean"));
	CU_ASSERT(!headline_is_seconds("tasks.waiting"));
	CU_ASSERT(!headline_is_seconds("utilization.cpus"));
	CU_ASSERT(!headline_is_seconds("fairness"));
}

static const struct test_case cases[] = {
	{"every figure row is in summary.json, per framework too", test_every_row_in_summary},
	{"compare's headline columns from the table", test_headline_columns},
	{"sweep's units from the table", test_units},
	{NULL, NULL},
};

const struct test_suite suite_metrics = {"metrics", cases};
