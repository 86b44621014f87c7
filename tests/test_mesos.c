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
 * fix either.
 */
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

/* A number as the key text: "2", "0.5", "1024" (trailing zeros gone). */
static void num_key(const char *s, char *out, size_t size)
{
	snprintf(out, size, "%.6f", atof(s));
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

/* Rows of a run's offers.csv as keys over the named resources. */
static int read_offers(const char *dir, char **rows, char names[][32],
		       int nnames)
{
	char *csv = st_slurp(dir, "offers.csv", NULL);
	if (!csv)
		return -1;
	char *save = NULL;
	char *hdr = strtok_r(csv, "\n", &save);
	char *hf[32];
	int nh = split(hdr, hf, 32);
	int col[16];
	for (int i = 0; i < nnames; i++) {
		col[i] = -1;
		for (int j = 0; j < nh; j++)
			if (!strcmp(hf[j], names[i]))
				col[i] = j;
	}
	int n = 0;
	for (char *line = strtok_r(NULL, "\n", &save); line && n < MAXROWS;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[32];
		int nf = split(line, f, 32);
		char key[256], t[32];
		num_key(f[1], t, sizeof t);
		int len = snprintf(key, sizeof key, "%s|%s|%s", t, f[3], f[5]);
		for (int i = 0; i < nnames && len < (int)sizeof key; i++) {
			num_key(col[i] >= 0 && col[i] < nf ? f[col[i]] : "0", t,
				sizeof t);
			len += snprintf(key + len, sizeof key - (size_t)len, "|%s", t);
		}
		rows[n++] = strdup(key);
	}
	free(csv);
	return n;
}

static void check_scenario(const char *name)
{
	char yaml[256], exp[256], dir[64];
	char *want[MAXROWS], *got[MAXROWS];
	char names[16][32];
	int nnames = 0;
	snprintf(yaml, sizeof yaml, "tests/scenarios/mesos/%s.yaml", name);
	snprintf(exp, sizeof exp, "tests/scenarios/mesos/%s.offers.csv", name);
	int nw = read_expected(exp, want, names, &nnames);
	CU_ASSERT_FATAL(nw >= 0);
	CU_ASSERT_EQUAL_FATAL(st_run(yaml, NULL, 0, dir, sizeof dir), 0);
	int ng = read_offers(dir, got, names, nnames);
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
	st_cleanup(dir);
}

#define MESOS_TEST(fn, name) \
	static void fn(void) { check_scenario(name); }

MESOS_TEST(t_unreserved_drf, "UnreservedDRF")
MESOS_TEST(t_reserved_drf, "ReservedDRF")
MESOS_TEST(t_nested_role_drf, "NestedRoleDRF")
MESOS_TEST(t_coarse_grained, "CoarseGrained")
MESOS_TEST(t_offer_filter, "OfferFilter")
MESOS_TEST(t_small_offer_filter_timeout, "SmallOfferFilterTimeout")
MESOS_TEST(t_same_share_fairness, "SameShareFairness")

static const struct test_case cases[] = {
	{"UnreservedDRF", t_unreserved_drf},
	{"ReservedDRF", t_reserved_drf},
	{"NestedRoleDRF", t_nested_role_drf},
	{"CoarseGrained", t_coarse_grained},
	{"OfferFilter", t_offer_filter},
	{"SmallOfferFilterTimeout", t_small_offer_filter_timeout},
	{"SameShareFairness", t_same_share_fairness},
	{NULL, NULL},
};

const struct test_suite suite_mesos = {"mesos", cases};
