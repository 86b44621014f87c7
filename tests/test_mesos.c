/*
 * test_mesos.c - Mesos's allocator tests replayed as scripted scenarios.
 *
 * Each tests/scenarios/mesos/NAME.yaml restates one test of Mesos's
 * src/tests/hierarchical_allocator_tests.cpp (setup and expected
 * allocations in its comments) as an events: timeline with scripted
 * frameworks, and NAME.offers.csv lists the offers the test expects:
 * `time,framework,agent,RES...`.  The run's offers.csv must hold exactly
 * those offers.  Rows are compared as sorted sets: within one instant the
 * order of offers follows the agent shuffle, which Mesos's tests do not
 * fix either.  An expected file may name any other column of offers.csv
 * (tasks, outcome); text columns compare as text.
 *
 * The second suite, events, checks offersim's own timeline actions
 * (accept, remove_agent, remove_framework) and options (hoard) the same
 * way.  Both directories are scanned when the tests start (struct
 * test_golden): a new NAME.yaml with its NAME.offers.csv is a new test.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "simtest.h"

#define MAXROWS 256

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Split a CSV line in place (no quoting in these files). */
static int split(char *line, char **f, int max)
{
	int n = 0;
	for (char *p = line; n < max;) {
		f[n++] = p;
		p = strchr(p, ',');
		if (!p)
			break;
		*p++ = '\0';
	}
	return n;
}

/* A number as the key text: "2", "0.5", "1024" (trailing zeros gone);
 * other text (an outcome) as it is. */
static void num_key(const char *s, char *out, size_t size)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end) {
		snprintf(out, size, "%s", s);
		return;
	}
	snprintf(out, size, "%.6f", v);
	char *e = out + strlen(out) - 1;
	while (e > out && *e == '0')
		*e-- = '\0';
	if (*e == '.')
		*e = '\0';
}

/* Rows of the expected file as keys; names[] receives its resource
 * columns.  Returns the row count, or -1. */
static int read_expected(const char *path, char **rows, char names[][32],
			 int *nnames)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[512];
	int n = -1;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line || line[0] == '#')
			continue;
		char *fl[24];
		int nf = split(line, fl, 24);
		if (n < 0) {
			*nnames = nf - 3;
			for (int i = 3; i < nf; i++)
				snprintf(names[i - 3], 32, "%s", fl[i]);
			n = 0;
			continue;
		}
		char key[256], t[32];
		num_key(fl[0], t, sizeof t);
		int len = snprintf(key, sizeof key, "%s|%s|%s", t, fl[1], fl[2]);
		for (int i = 3; i < nf && len < (int)sizeof key; i++) {
			num_key(fl[i], t, sizeof t);
			len += snprintf(key + len, sizeof key - (size_t)len, "|%s", t);
		}
		if (n < MAXROWS)
			rows[n++] = strdup(key);
	}
	fclose(f);
	return n;
}

/* Rows of a run's offers.csv as keys over the named columns (0 where
 * offers.csv lacks one: a resource no agent has). */
static int read_offers(const char *dir, char **rows, char names[][32],
		       int nnames)
{
	struct st_csv *csv = st_csv_read(dir, "offers.csv");
	if (!csv)
		return -1;
	int n = 0;
	for (long r = 0; r < csv->nrows && n < MAXROWS; r++) {
		const char *time = st_csv_get(csv, r, "time");
		const char *fw = st_csv_get(csv, r, "framework");
		const char *agent = st_csv_get(csv, r, "agent");
		char key[256], t[32];
		num_key(time ? time : "", t, sizeof t);
		int len = snprintf(key, sizeof key, "%s|%s|%s", t, fw ? fw : "",
				   agent ? agent : "");
		for (int i = 0; i < nnames && len < (int)sizeof key; i++) {
			const char *v = st_csv_get(csv, r, names[i]);
			num_key(v ? v : "0", t, sizeof t);
			len += snprintf(key + len, sizeof key - (size_t)len, "|%s", t);
		}
		rows[n++] = strdup(key);
	}
	st_csv_free(csv);
	return n;
}

static void check_in(const char *dir, const char *name)
{
	char yaml[256], exp[256], out[ST_DIR];
	char *want[MAXROWS], *got[MAXROWS];
	char names[16][32];
	int nnames = 0;
	snprintf(yaml, sizeof yaml, "%s/%s.yaml", dir, name);
	snprintf(exp, sizeof exp, "%s/%s.offers.csv", dir, name);
	int nw = read_expected(exp, want, names, &nnames);
	CU_ASSERT_FATAL(nw >= 0);
	CU_ASSERT_EQUAL_FATAL(st_run(yaml, NULL, 0, out, sizeof out), 0);
	int ng = read_offers(out, got, names, nnames);
	CU_ASSERT_FATAL(ng >= 0);
	qsort(want, (size_t)nw, sizeof *want, cmp_str);
	qsort(got, (size_t)ng, sizeof *got, cmp_str);
	int same = nw == ng;
	for (int i = 0; same && i < nw; i++)
		same = !strcmp(want[i], got[i]);
	if (!same) {
		printf("\n    %s: expected offers (time|framework|agent|...):", name);
		for (int i = 0; i < nw; i++)
			printf("\n      %s", want[i]);
		printf("\n    got:");
		for (int i = 0; i < ng; i++)
			printf("\n      %s", got[i]);
		printf("\n");
	}
	CU_ASSERT(same);
	for (int i = 0; i < nw; i++)
		free(want[i]);
	for (int i = 0; i < ng; i++)
		free(got[i]);
	st_cleanup(out);
}

static const struct test_case no_cases[] = {
	{NULL, NULL},
};

/* Every scenario of the directory is one test (see struct test_golden). */
const struct test_suite suite_mesos = {"mesos", no_cases};
const struct test_golden golden_mesos = {
	"mesos", "tests/scenarios/mesos", ".offers.csv", check_in,
};

/* The events: actions and framework options Mesos's tests do not reach,
 * each a small hand-computed timeline in tests/scenarios/events/ (the
 * arithmetic in its comments); the expected rows also name the tasks
 * launched from each offer and its outcome. */
const struct test_golden golden_events = {
	"events", "tests/scenarios/events", ".offers.csv", check_in,
};

/* fw's mean wait in a run of scenario with the given overrides. */
static double example_wait(const char *scenario, const char *const *sets,
			   int nsets, const char *fw)
{
	char dir[ST_DIR], path[128];
	if (st_run(scenario, sets, nsets, dir, sizeof dir))
		return NAN;
	snprintf(path, sizeof path, "frameworks.%s.wait.mean", fw);
	double v = st_summary(dir, path);
	st_cleanup(dir);
	return v;
}

/* The examples of docs/allocator.md keep showing what the page says. */
static void t_ex_starvation(void)
{
	static const char *const drf[] = {"master.allocator=drf"};
	static const char *const rnd[] = {"master.allocator=random"};
	double d = example_wait("examples/drf-starvation.yaml", drf, 1, "busy");
	double r = example_wait("examples/drf-starvation.yaml", rnd, 1, "busy");
	CU_ASSERT(d > 3 * r);
	CU_ASSERT(r > 0);
}

static void t_ex_hoarding(void)
{
	static const char *const never[] = {"master.offer_timeout=0"};
	static const char *const ten[] = {"master.offer_timeout=10"};
	double n = example_wait("examples/hoarding.yaml", never, 1, "batch");
	double t = example_wait("examples/hoarding.yaml", ten, 1, "batch");
	CU_ASSERT(n > 10 * t);
}

static void t_ex_quota(void)
{
	static const char *const none[] = {
		"roles.prod.quota.guarantee.cpus=0",
		"roles.prod.quota.guarantee.mem=0",
	};
	double q = example_wait("examples/quota.yaml", NULL, 0, "prod");
	double n = example_wait("examples/quota.yaml", none, 2, "prod");
	CU_ASSERT_DOUBLE_EQUAL(q, 0, 1e-9);
	CU_ASSERT(n > 1);
}

static const struct test_case event_cases[] = {
	{"example drf-starvation", t_ex_starvation},
	{"example hoarding", t_ex_hoarding},
	{"example quota", t_ex_quota},
	{NULL, NULL},
};

const struct test_suite suite_events = {"events", event_cases};
