/*
 * test_numfmt.c - the number rule of reports and summaries (numfmt.h) on
 * hand-chosen values: each line is a case a reader met or would meet,
 * the makespan of the KTH replay first.
 */
#include <math.h>
#include <string.h>

#include "harness.h"

#include "../sim/core/numfmt.h"

static void expect(const char *got, const char *want)
{
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want) != 0)
		printf("\n    got '%s', want '%s' ", got, want);
}

static void test_plain(void)
{
	char b[NF_BUF];
	expect(nf_plain(b, sizeof b, 2069600.4), "2,069,600");
	expect(nf_plain(b, sizeof b, 43079.2), "43,079");
	expect(nf_plain(b, sizeof b, 4096), "4096");        /* four digits ungrouped */
	expect(nf_plain(b, sizeof b, 999.96), "1000.0");    /* printf's rounding kept */
	expect(nf_plain(b, sizeof b, 728.64), "728.6");
	expect(nf_plain(b, sizeof b, 84.224), "84.22");
	expect(nf_plain(b, sizeof b, 0.897), "0.897");
	expect(nf_plain(b, sizeof b, 0), "0.000");
	expect(nf_plain(b, sizeof b, 0.00123456), "0.00123");
	expect(nf_plain(b, sizeof b, 2e-12), "0.000000000");  /* at most nine */
	expect(nf_plain(b, sizeof b, -1234567), "-1,234,567");
	expect(nf_plain(b, sizeof b, -0.0001), "-0.000100");
	expect(nf_plain(b, sizeof b, NAN), "n/a");
	expect(nf_plain(b, sizeof b, 1e22), "10,000,000,000,000,000,000,000");
	CU_ASSERT(strchr(nf_plain(b, sizeof b, 3e17), 'e') == NULL);
}

static void test_fixed_sign(void)
{
	char b[NF_BUF];
	expect(nf_fixed(b, sizeof b, 0.1, 3, NF_SIGN), "+0.100");
	expect(nf_fixed(b, sizeof b, -0.1, 3, NF_SIGN), "-0.100");
	/* A tiny negative that rounds to zero shows no minus sign. */
	expect(nf_fixed(b, sizeof b, -0.0001, 3, 0), "0.000");
	expect(nf_fixed(b, sizeof b, 12345.678, 1, NF_SIGN), "+12,345.7");
	/* A small buffer truncates, never overruns. */
	char small[4];
	nf_fixed(small, sizeof small, 123456, 0, 0);
	CU_ASSERT_EQUAL(strlen(small), 3);
}

static void test_time_unit(void)
{
	CU_ASSERT_STRING_EQUAL(nf_time_unit(116.4).name, "s");
	CU_ASSERT_STRING_EQUAL(nf_time_unit(119.9).name, "s");
	CU_ASSERT_STRING_EQUAL(nf_time_unit(120).name, "min");
	CU_ASSERT_STRING_EQUAL(nf_time_unit(7199).name, "min");
	CU_ASSERT_STRING_EQUAL(nf_time_unit(7200).name, "h");
	CU_ASSERT_STRING_EQUAL(nf_time_unit(172799).name, "h");
	CU_ASSERT_STRING_EQUAL(nf_time_unit(172800).name, "d");
	CU_ASSERT_EQUAL(nf_time_unit(172800).seconds, 86400);
	CU_ASSERT_STRING_EQUAL(nf_time_unit(0).name, "s");
	CU_ASSERT_STRING_EQUAL(nf_time_unit(NAN).name, "s");
	CU_ASSERT_STRING_EQUAL(nf_time_unit(-5000).name, "s");
}

static void test_seconds(void)
{
	char b[NF_BUF];
	expect(nf_seconds(b, sizeof b, 2069600), "23.95 d");
	expect(nf_seconds(b, sizeof b, 116.4), "116.4 s");
	expect(nf_seconds(b, sizeof b, 17.06), "17.06 s");
	expect(nf_seconds(b, sizeof b, 0.237), "0.237 s");
	expect(nf_seconds(b, sizeof b, 2770), "46.17 min");
	expect(nf_seconds(b, sizeof b, 43079), "11.97 h");
	expect(nf_seconds(b, sizeof b, -600), "-10.00 min");
	expect(nf_seconds(b, sizeof b, NAN), "n/a");
	/* A column's unit: the small values of a day-scale column. */
	struct nf_unit d = nf_time_unit(2112568);
	expect(nf_in_unit(b, sizeof b, 2112568, d), "24.45");
	expect(nf_in_unit(b, sizeof b, 3600, d), "0.042");
}

static const struct test_case numfmt_cases[] = {
	{"numfmt: plain numbers, grouped, no exponent", test_plain},
	{"numfmt: fixed decimals, signs, rounding to zero", test_fixed_sign},
	{"numfmt: the time unit a span fills twice", test_time_unit},
	{"numfmt: durations with their unit, columns in one unit", test_seconds},
	{NULL, NULL},
};

const struct test_suite suite_numfmt = {"numfmt", numfmt_cases};
