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
#include <unistd.h>

#include "../sim/cli/headline.h"
#include "../sim/core/json_read.h"
#include "../sim/core/steps.h"
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

/* --- step files --- */

/* A step file read back: n rows of 1 + ncol numbers, and the header. */
struct stepfile {
	int ncol;
	size_t n;
	double *t, *v;           /* v[row * ncol + k] */
	char header[4096];
};

static int parse_steps(const char *text, struct stepfile *sf)
{
	memset(sf, 0, sizeof *sf);
	const char *nl = strchr(text, '\n');
	if (!nl || (size_t)(nl - text) >= sizeof sf->header)
		return -1;
	memcpy(sf->header, text, (size_t)(nl - text));
	for (const char *c = text; c < nl; c++)
		sf->ncol += *c == ',';
	size_t cap = 0;
	for (const char *p = nl + 1; *p;) {
		if (sf->n == cap) {
			cap = cap ? 2 * cap : 64;
			sf->t = realloc(sf->t, cap * sizeof *sf->t);
			sf->v = realloc(sf->v, cap * (size_t)(sf->ncol ? sf->ncol : 1) * sizeof *sf->v);
			if (!sf->t || !sf->v)
				return -1;
		}
		char *end;
		sf->t[sf->n] = strtod(p, &end);
		for (int k = 0; k < sf->ncol; k++) {
			if (*end != ',')
				return -1;
			sf->v[sf->n * (size_t)sf->ncol + (size_t)k] = strtod(end + 1, &end);
		}
		if (*end != '\n')
			return -1;
		p = end + 1;
		sf->n++;
	}
	return 0;
}

static void stepfile_free(struct stepfile *sf)
{
	free(sf->t);
	free(sf->v);
}

/* Column k's time-weighted mean: each row holds until the next. */
static double step_mean(const struct stepfile *sf, int k)
{
	double area = 0, span = sf->t[sf->n - 1] - sf->t[0];
	for (size_t i = 0; i + 1 < sf->n; i++)
		area += sf->v[i * (size_t)sf->ncol + (size_t)k] * (sf->t[i + 1] - sf->t[i]);
	return area / span;
}

/* Run steps through a writer; the text it wrote (free it). */
struct change {
	int64_t t;
	int64_t v[2];
};

static char *write_steps(const struct change *c, int n, int ncol, long max_rows,
			 int64_t t_end, uint64_t *rows)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(ncol == 1 ? "step_start,a\n" : "step_start,a,b\n", f);
	struct steps *s = steps_new(f, ncol, max_rows, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	for (int i = 0; i < n; i++)
		CU_ASSERT_EQUAL(steps_set(s, c[i].t, c[i].v), 0);
	CU_ASSERT_EQUAL(steps_finish(s, t_end), 0);
	if (rows)
		*rows = steps_rows(s);
	steps_free(s);
	fclose(f);
	return buf;
}

/* Hand-computed: unchanged values make no row, a second value at one
 * instant replaces the first, and the end row closes the last step. */
static void test_steps_rows(void)
{
	const struct change c[] = {
		{0, {250000, 0}},         /* replaces the initial zeros at 0 */
		{1500000, {250000, 0}},   /* no change: no row */
		{2000000, {1000000, 500000}},
		{2000000, {750000, 500000}},   /* same instant: replaces */
		{2500001, {0, 0}},
	};
	uint64_t rows;
	char *out = write_steps(c, 5, 2, 0, 4000000, &rows);
	CU_ASSERT_STRING_EQUAL(out,
			       "step_start,a,b\n"
			       "0.000000,0.250000,0.000000\n"
			       "2.000000,0.750000,0.500000\n"
			       "2.500001,0.000000,0.000000\n"
			       "4.000000,0.000000,0.000000\n");
	CU_ASSERT_EQUAL(rows, 4);
	free(out);
	/* A change at the very end is the end row itself. */
	const struct change d[] = {{0, {1, 0}}, {3000000, {2, 0}}};
	out = write_steps(d, 2, 1, 0, 3000000, NULL);
	CU_ASSERT_STRING_EQUAL(out, "step_start,a\n0.000000,0.000001\n3.000000,0.000002\n");
	free(out);
}

/* Hand-computed thinning (metrics.max_rows 4: room for two entries):
 * 0 on [0,10), 1 on [10,20), 0.5 on [20,40), 0 on [40,50) merge into one
 * row of mean 20 / 50 = 0.4 and the end row. */
static void test_steps_thin_hand(void)
{
	const struct change c[] = {
		{10000000, {1000000, 0}},
		{20000000, {500000, 0}},
		{40000000, {0, 0}},
	};
	char *out = write_steps(c, 3, 1, 4, 50000000, NULL);
	CU_ASSERT_STRING_EQUAL(out, "step_start,a\n0.000000,0.400000\n50.000000,0.000000\n");
	free(out);
}

/* Thinning many changes: the bound holds and so does the mean. */
static void test_steps_thin_bound(void)
{
	enum { N = 20000 };
	struct change *c = malloc(N * sizeof *c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	uint64_t x = 12345;
	int64_t t = 0;
	double area[2] = {0, 0}, prev[2] = {0, 0};
	for (int i = 0; i < N; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		int64_t dt = 1 + (int64_t)((x >> 33) % 5000000);   /* up to 5 s */
		area[0] += prev[0] * (double)dt;
		area[1] += prev[1] * (double)dt;
		t += dt;
		c[i].t = t;
		c[i].v[0] = (int64_t)((x >> 20) % 1000001);
		c[i].v[1] = i % 7 ? c[i > 0 ? i - 1 : 0].v[1] : (int64_t)((x >> 40) % 1000001);
		prev[0] = (double)c[i].v[0];
		prev[1] = (double)c[i].v[1];
	}
	int64_t t_end = t + 1000000;
	area[0] += prev[0] * 1e6;
	area[1] += prev[1] * 1e6;
	static const long limits[] = {0, 10000, 1000, 57, 4};
	for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
		uint64_t rows;
		char *out = write_steps(c, N, 2, limits[l], t_end, &rows);
		struct stepfile sf;
		CU_ASSERT_EQUAL_FATAL(parse_steps(out, &sf), 0);
		CU_ASSERT_EQUAL(sf.n, rows);
		if (limits[l] > 0)
			CU_ASSERT(rows <= (uint64_t)limits[l]);
		if (limits[l] == 0 || limits[l] >= N + 1)
			CU_ASSERT(rows > N / 2);   /* every change its own row */
		if (limits[l] > 0 && limits[l] < N)
			CU_ASSERT(rows >= (uint64_t)limits[l] / 4);   /* not thinned to nothing */
		for (int k = 0; k < 2; k++) {
			double want = area[k] / (double)t_end / 1e6;
			CU_ASSERT(fabs(step_mean(&sf, k) - want) <= 5e-7 + 1e-12);
		}
		/* The end row holds the exact final values. */
		CU_ASSERT_EQUAL(sf.t[sf.n - 1], (double)t_end / 1e6);
		CU_ASSERT_EQUAL(sf.v[(sf.n - 1) * 2], prev[0] / 1e6);
		stepfile_free(&sf);
		free(out);
	}
	free(c);
}

/* A whole run computed by hand (tests/data/jobs.csv on one CPU: busy
 * 5-11, 12-13 and 20-21), then cut by a horizon at 12.5. */
static void test_steps_run_hand(void)
{
	char dir[64];
	const char *s[] = {"frameworks.f.workload.trace=../jobs.csv", "horizon=0"};
	const char *want = "0.000000,0.000000\n5.000000,1.000000\n11.000000,0.000000\n"
			   "12.000000,1.000000\n13.000000,0.000000\n20.000000,1.000000\n"
			   "21.000000,0.000000\n";
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/policies/one-cpu.yaml", s, 2,
				     dir, sizeof dir), 0);
	char *u = st_slurp(dir, "utilization.csv", NULL);
	char *sh = st_slurp(dir, "shares.csv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(u);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sh);
	CU_ASSERT(strncmp(u, "step_start,cpus\n", 16) == 0 && !strcmp(u + 16, want));
	/* One framework holding only what it runs: its share is the use. */
	CU_ASSERT(strncmp(sh, "step_start,f\n", 13) == 0 && !strcmp(sh + 13, want));
	free(u);
	free(sh);
	st_cleanup(dir);
	s[1] = "horizon=12.5";
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/policies/one-cpu.yaml", s, 2,
				     dir, sizeof dir), 0);
	u = st_slurp(dir, "utilization.csv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(u);
	CU_ASSERT_STRING_EQUAL(u, "step_start,cpus\n0.000000,0.000000\n5.000000,1.000000\n"
			       "11.000000,0.000000\n12.000000,1.000000\n12.500000,1.000000\n");
	free(u);
	st_cleanup(dir);
}

/* summary.json's utilization is the time-weighted mean of the file. */
static void check_mean(const char *scenario, const char *max_rows, long bound)
{
	char dir[64], set[64];
	snprintf(set, sizeof set, "metrics.max_rows=%s", max_rows);
	const char *s[] = {set};
	CU_ASSERT_EQUAL_FATAL(st_run(scenario, s, 1, dir, sizeof dir), 0);
	char *u = st_slurp(dir, "utilization.csv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(u);
	struct stepfile sf;
	CU_ASSERT_EQUAL_FATAL(parse_steps(u, &sf), 0);
	CU_ASSERT(sf.n >= 2);
	if (bound > 0)
		CU_ASSERT(sf.n <= (size_t)bound);
	CU_ASSERT_EQUAL(sf.t[0], 0);
	/* the end row at the end of the run (summary.json has 9 digits) */
	double end = st_summary(dir, "sim_time");
	CU_ASSERT(fabs(sf.t[sf.n - 1] - end) <= 1e-6 + 1e-8 * end);
	const char *h = sf.header + strlen("step_start,");
	for (int k = 0; k < sf.ncol; k++) {
		char key[96];
		size_t len = strcspn(h, ",");
		snprintf(key, sizeof key, "utilization.%.*s", (int)len, h);
		h += len + (h[len] == ',');
		double want = st_summary(dir, key), got = step_mean(&sf, k);
		CU_ASSERT(!isnan(want));
		/* rows to 6 decimals, summary.json to 9 digits */
		if (!(fabs(got - want) <= 5e-7 + 1e-9)) {
			printf("\n    %s %s: file %.9f, summary %.9f\n", scenario, key, got, want);
			CU_FAIL("time-weighted mean of utilization.csv");
		}
	}
	stepfile_free(&sf);
	free(u);
	st_cleanup(dir);
}

static void test_steps_mean(void)
{
	static const char *const scenarios[] = {
		"examples/seed-hadoop.yaml", "examples/hpc-kth.yaml",
		"examples/quota.yaml", "examples/hoarding.yaml",
		"tests/data/drf-paper.yaml", "tests/data/synth-classes.yaml",
	};
	for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
		check_mean(scenarios[i], "0", 0);
		check_mean(scenarios[i], "40", 40);
	}
}

/* More frameworks than one row-pipe record has room for: shares.csv is
 * then stepped in line after a drain (sim/model/metrics.c), and must read
 * as in the reference mode, whose rows are all made in line: one row per
 * change, in time order, ending at each framework's final share. */
enum { WIDE_FWS = 300 };

static void test_steps_wide(void)
{
	char path[ST_DIR], dir[2][ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkstemp(path, sizeof path, "wide"), 0);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("name: wide\nseed: 3\ncluster:\n  agents:\n"
	      "    - {name: n, count: 50, resources: {cpus: 8, mem: 4096}}\n"
	      "master:\n  allocator: drf\n  allocation_interval: 1\n"
	      "frameworks:\n", f);
	for (int i = 0; i < WIDE_FWS; i++)
		fprintf(f, "  - name: f%d\n    policy: fifo\n    workload:\n"
			"      synthetic:\n        jobs: 6\n"
			"        arrival: {dist: exponential, mean: %d}\n"
			"        duration: {dist: exponential, mean: 30}\n"
			"        resources: {cpus: 1, mem: 128}\n", i, 5 + i % 7);
	CU_ASSERT_EQUAL_FATAL(fclose(f), 0);
	const char *sets[] = {"metrics.max_rows=0"};
	for (int ref = 0; ref < 2; ref++) {
		if (ref)
			setenv("OFFERSIM_REFERENCE", "1", 1);
		int rc = st_run_quiet(path, sets, 1, dir[ref], sizeof dir[ref]);
		unsetenv("OFFERSIM_REFERENCE");
		CU_ASSERT_EQUAL_FATAL(rc, 0);
	}
	size_t n0, n1;
	char *a = st_slurp(dir[0], "shares.csv", &n0);
	char *b = st_slurp(dir[1], "shares.csv", &n1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT(n0 == n1 && memcmp(a, b, n0) == 0);
	struct stepfile sf;
	CU_ASSERT_EQUAL_FATAL(parse_steps(a, &sf), 0);
	CU_ASSERT_EQUAL(sf.ncol, WIDE_FWS);
	CU_ASSERT_FATAL(sf.n >= 3);
	CU_ASSERT_EQUAL(sf.t[0], 0);
	int order = 1, changes = 1, range = 1;
	for (size_t i = 1; i < sf.n; i++) {
		const double *p = &sf.v[(i - 1) * WIDE_FWS], *q = &sf.v[i * WIDE_FWS];
		order &= sf.t[i] > sf.t[i - 1];
		/* The end row repeats the last values; any other row changed. */
		changes &= i + 1 == sf.n || memcmp(p, q, WIDE_FWS * sizeof *p) != 0;
		for (int k = 0; k < WIDE_FWS; k++)
			range &= q[k] >= 0 && q[k] <= 1;
	}
	CU_ASSERT(order);
	CU_ASSERT(changes);
	CU_ASSERT(range);
	CU_ASSERT(fabs(sf.t[sf.n - 1] - st_summary(dir[0], "sim_time")) <= 1e-6);
	for (int k = 0; k < WIDE_FWS; k++) {
		char key[64];
		snprintf(key, sizeof key, "frameworks.f%d.final_dominant_share", k);
		double want = st_summary(dir[0], key);
		CU_ASSERT(fabs(sf.v[(sf.n - 1) * WIDE_FWS + (size_t)k] - want) <= 5e-7 + 1e-9);
	}
	stepfile_free(&sf);
	free(a);
	free(b);
	st_cleanup(dir[0]);
	st_cleanup(dir[1]);
	unlink(path);
}

static const struct test_case cases[] = {
	{"every figure row is in summary.json, per framework too", test_every_row_in_summary},
	{"compare's headline columns from the table", test_headline_columns},
	{"sweep's units from the table", test_units},
	{"step rows by hand", test_steps_rows},
	{"thinning by hand", test_steps_thin_hand},
	{"thinning bounds the rows and keeps the mean", test_steps_thin_bound},
	{"a run's step rows by hand, with a horizon", test_steps_run_hand},
	{"utilization.csv's mean is summary.json's", test_steps_mean},
	{"shares.csv of 300 frameworks, rows wider than a pipe record", test_steps_wide},
	{NULL, NULL},
};

const struct test_suite suite_metrics = {"metrics", cases};
