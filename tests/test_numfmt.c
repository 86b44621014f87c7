/*
 * test_numfmt.c - the number rule of reports and summaries (numfmt.h) on
 * hand-chosen values: each line is a case a reader met or would meet,
 * the makespan of the KTH replay first.  Then the row formatter of the
 * CSV files (fmt.h) against printf on integers, and the trace reader's
 * own number paths (tr_num's integers and plain decimals, tr_int) against
 * strtod and strtoll, each on a hundred thousand values and the edge
 * cases: they must give the same bytes and the same numbers; and its
 * field splits against a plain byte-at-a-time split on random lines.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#include "../sim/core/numfmt.h"
#include "../sim/core/fmt.h"
#include "../workloads/tracefile.h"

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


/* A fixed sequence of 64-bit values spread over every magnitude. */
static uint64_t next_value(uint64_t *state)
{
	*state = *state * 6364136223846793005u + 1442695040888963407u;
	uint64_t x = *state ^ (*state >> 29);
	return x >> (x % 64);
}

/* What fmt_fixed must write, through printf's integer conversions. */
static void ref_fixed(char *out, size_t size, int64_t v, int digits)
{
	uint64_t scale = 1;
	for (int i = 0; i < digits; i++)
		scale *= 10;
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n;
	if (digits == 0)
		n = snprintf(out, size, "%s%" PRIu64, v < 0 ? "-" : "", a);
	else
		n = snprintf(out, size, "%s%" PRIu64 ".%0*" PRIu64,
			     v < 0 ? "-" : "", a / scale, digits, a % scale);
	/* (Never too long for the callers' buffers; an empty reference
	 * would fail the comparison if it were.) */
	if (n < 0 || (size_t)n >= size)
		out[0] = '\0';
}

static int check_fixed(int64_t v, int digits)
{
	char want[64], got[64];
	ref_fixed(want, sizeof want, v, digits);
	struct fmtbuf b = {got, got + sizeof got};
	fmt_fixed(&b, v, digits);
	*b.p = '\0';
	if (strcmp(got, want) != 0) {
		printf("\n    fmt_fixed(%" PRId64 ", %d): got '%s', want '%s' ",
		       v, digits, got, want);
		return 0;
	}
	/* A short line keeps the number's first bytes, never more. */
	size_t len = strlen(want);
	for (size_t room = 0; room < len; room += 1 + room / 3) {
		char cut[64];
		memset(cut, '#', sizeof cut);
		struct fmtbuf c = {cut, cut + room};
		fmt_fixed(&c, v, digits);
		if ((size_t)(c.p - cut) != room || memcmp(cut, want, room) ||
		    cut[room] != '#')
			return 0;
	}
	return 1;
}

static void test_fmt_integers(void)
{
	static const int64_t edge[] = {
		0, 1, -1, 9, 10, 99, 100, 999999, 1000000, -999999, -1000000,
		1000001, 123456789, INT64_MAX, INT64_MIN, INT64_MIN + 1,
		86400000000, -86400000000, 100000000000000000,
		/* either side of 2^32, where fmt_u64 and fmt_usec change
		 * from 32- to 64-bit arithmetic */
		4294967295, 4294967296, 4294967295000000, 4294967295999999,
		4294967296000000, -4294967296000001,
	};
	int bad = 0;
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
		for (int d = 0; d <= 9; d++)
			bad += !check_fixed(edge[i], d);
	/* Either side of every power of ten, where the digit count turns
	 * (fmt_ndigits estimates it from the bit length). */
	uint64_t p = 1;
	for (int k = 0; k < 20; k++, p *= 10) {
		for (int d = -1; d <= 1; d++) {
			uint64_t x = p + (uint64_t)(int64_t)d;
			char want[32], got[32];
			snprintf(want, sizeof want, "%" PRIu64, x);
			struct fmtbuf b = {got, got + sizeof got};
			fmt_u64(&b, x);
			*b.p = '\0';
			bad += strcmp(got, want) != 0;
			bad += !check_fixed((int64_t)(x >> 1), 6) + !check_fixed((int64_t)(x >> 1), 0);
		}
	}
	/* A string is cut to the room left, its first bytes kept. */
	for (size_t room = 0; room <= 7; room++) {
		char cut[16];
		memset(cut, '#', sizeof cut);
		struct fmtbuf c = {cut, cut + room};
		fmt_str(&c, "batch");
		size_t n = room < 5 ? room : 5;
		bad += (size_t)(c.p - cut) != n || memcmp(cut, "batch", n) != 0 || cut[n] != '#';
	}
	uint64_t st = 42;
	for (int i = 0; i < 100000; i++) {
		uint64_t x = next_value(&st);
		int64_t v = (int64_t)x;
		bad += !check_fixed(v, i % 10);
		bad += !check_fixed(v, 6);
		char want[32], got[32];
		snprintf(want, sizeof want, "%" PRIu64, x);
		struct fmtbuf b = {got, got + sizeof got};
		fmt_u64(&b, x);
		*b.p = '\0';
		bad += strcmp(got, want) != 0;
		/* Cut to a room either side of the 20 bytes that take the
		 * direct path: the first bytes, never more. */
		size_t len = strlen(want);
		for (size_t room = len > 3 ? len - 3 : 0; room <= len + 1 && i % 8 == 0; room++) {
			char cut[32];
			memset(cut, '#', sizeof cut);
			struct fmtbuf c = {cut, cut + room};
			fmt_u64(&c, x);
			size_t n = room < len ? room : len;
			bad += (size_t)(c.p - cut) != n || memcmp(cut, want, n) != 0 ||
			       cut[n] != '#';
		}
		snprintf(want, sizeof want, "%" PRId64, v);
		b.p = got;
		fmt_i64(&b, v);
		*b.p = '\0';
		bad += strcmp(got, want) != 0;
	}
	CU_ASSERT_EQUAL(bad, 0);
}


static int check_double(double v, int digits)
{
	char want[400], got[400];
	snprintf(want, sizeof want, "%.*f", digits, v);
	struct fmtbuf b = {got, got + sizeof got - 1};
	fmt_double(&b, v, digits);
	*b.p = '\0';
	if (strcmp(got, want) != 0) {
		printf("\n    fmt_double(%.17g, %d): got '%s', want '%s' ", v,
		       digits, got, want);
		return 0;
	}
	return 1;
}

/* fmt_double against printf: halves that round to even both ways, values
 * just either side of a half, zeros of both signs, tiny and huge numbers,
 * and 100,000 doubles of every magnitude a chart's coordinates take. */
static void test_fmt_doubles(void)
{
	static const double edge[] = {
		0.0, -0.0, 0.5, 1.5, 2.5, -0.5, -2.5, 0.125, 0.375, 0.625,
		1.005, 2.675, 0.0005, 0.0015, 0.0025, -0.0001, 1e-300, -1e-300,
		4.9e-324, 1e15, 123456789.125, 9007199254740993.0, 1e19, 1e300,
		-1e300, 130.0, 2.1749999999999998, 2.175, 0.1 + 0.9 * 0.3,
		INFINITY, -INFINITY, NAN,
	};
	int bad = 0;
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
		for (int d = 0; d <= 3; d++)
			bad += !check_double(edge[i], d);
	uint64_t st = 11;
	for (int i = 0; i < 100000; i++) {
		uint64_t x = next_value(&st);
		/* mantissa and scale from the bits: 1e-4 .. 1e6, either sign,
		 * and every tenth value an exact multiple of 1/1000 or 1/2^k
		 * (the halves that rounding must send to even). */
		double v = (double)(x >> 11) / 9007199254740992.0 *
			   pow(10, (double)((int)(x % 11) - 4));
		if (i % 10 == 0)
			v = (double)(x % 2000000) / 1000.0;
		else if (i % 10 == 1)
			v = (double)(x % 4000000) / (double)(1u << (x % 12));
		if (x & 1)
			v = -v;
		bad += !check_double(v, 2) + !check_double(v, 3) +
		       !check_double(v, (int)(x % 4));
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* Rows through the block writer come out whole and in order, however
 * they fall across blocks. */
static void test_fmt_blocks(void)
{
	FILE *f = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	struct fmtout *o = malloc(sizeof *o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	o->f = f;
	o->n = 0;
	char *want = malloc(4 * FMTOUT_BLOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	size_t wn = 0;
	for (int64_t i = 0; wn < 3 * FMTOUT_BLOCK; i += 7919) {
		struct fmtbuf b = fmt_out_row(o, 64);
		char *start = b.p;
		fmt_fixed(&b, i * 1000003, 6);
		fmt_char(&b, '\n');
		memcpy(want + wn, start, (size_t)(b.p - start));
		wn += (size_t)(b.p - start);
		fmt_out_end(o, &b);
	}
	fmt_out_flush(o);
	CU_ASSERT_EQUAL((size_t)ftell(f), wn);
	rewind(f);
	char *got = malloc(wn + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_EQUAL(fread(got, 1, wn + 1, f), wn);
	CU_ASSERT(memcmp(got, want, wn) == 0);
	free(got);
	free(want);
	free(o);
	fclose(f);
}

/* tr_num on text s: the return code, and the double when it is 0. */
static int tr_num_of(const char *s, double *v)
{
	struct tr_field x = {s, (int)strlen(s), 1};
	struct tr_file f;
	memset(&f, 0, sizeof f);
	f.fld = &x;
	f.nfld = 1;
	return tr_num(&f, 0, v);
}

static int same_as_strtod(const char *s)
{
	char *e;
	double want = strtod(s, &e);
	int want_rc = *s && e == s + strlen(s) && isfinite(want) ? 0 : -1;
	if (strchr(s, 'x') || strchr(s, 'X'))
		want_rc = -1;
	double got = 0;
	int rc = tr_num_of(s, &got);
	if (rc != want_rc || (rc == 0 && memcmp(&got, &want, sizeof got))) {
		printf("\n    tr_num('%s'): rc %d %.17g, strtod rc %d %.17g ",
		       s, rc, got, want_rc, want);
		return 0;
	}
	return 1;
}

/* tr_int against strtoll: the whole field a number in range, or -1. */
static int same_as_strtoll(const char *s)
{
	char *e;
	errno = 0;
	long long want = strtoll(s, &e, 10);
	int want_rc = *s && e == s + strlen(s) && errno != ERANGE ? 0 : -1;
	struct tr_field x = {s, (int)strlen(s), 1};
	struct tr_file f;
	memset(&f, 0, sizeof f);
	f.fld = &x;
	f.nfld = 1;
	long long got = 0;
	int rc = tr_int(&f, 0, &got);
	if (rc != want_rc || (rc == 0 && got != want)) {
		printf("\n    tr_int('%s'): rc %d %lld, strtoll rc %d %lld ", s, rc, got,
		       want_rc, want);
		return 0;
	}
	return 1;
}

static void test_trace_integers(void)
{
	static const char *const edge[] = {
		"0", "-0", "+0", "00", "-00000", "7", "-1", "+42", "0042",
		"999999999999999", "-999999999999999", "1000000000000000",
		"9007199254740993", "12345678901234567890", "-", "+", "--1",
		"1.5", "-2.", ".5", "1e3", "-1E-3", "12a", "a12", "1 2", "0x10",
		"inf", "nan", "1e400", "+-3", " 5",
	};
	int bad = 0;
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
		bad += !same_as_strtod(edge[i]);
	uint64_t st = 7;
	for (int i = 0; i < 100000; i++) {
		char s[40];
		uint64_t x = next_value(&st);
		int digits = 1 + (int)(x % 17);
		int sign = (int)(x >> 60) % 3;
		snprintf(s, sizeof s, "%s%0*" PRIu64, sign == 0 ? "" : sign == 1 ? "-" : "+",
			 digits, (x >> 8) % 10000000000000000u);
		s[(sign ? 1 : 0) + digits] = '\0';
		bad += !same_as_strtod(s);
		bad += !same_as_strtoll(s);
		/* The same digits with a point somewhere among them (or
		 * first, or last): the decimal path, up to 17 digits, so
		 * that both sides of its 15-character limit are read. */
		char d[48];
		size_t n = strlen(s), at = (x >> 40) % (n + 1);
		if (at == 0 && (s[0] == '-' || s[0] == '+'))
			at = 1;
		memcpy(d, s, at);
		d[at] = '.';
		memcpy(d + at + 1, s + at, n - at + 1);
		bad += !same_as_strtod(d);
		bad += !same_as_strtoll(d);
	}
	/* Decimals whose nearest double is hard to find: halfway cases
	 * and values a naive digit-by-digit sum would round wrongly. */
	static const char *const dec[] = {
		"0.1", "0.2", "0.3", "-0.0", "0.0625", "0.06250", "1.0000000000001",
		"9007199254740.99", "0.30000000000000004", "123456.789012",
		"99999999999999.", ".00000000000001", "0.000000000000001",
		"4.35", "2.675", "1.005", "0.1234567890123", "-.5", ".", "-.",
		"1..2", "1.2.3", "1.5x", "1.e5", "0.0000000000000000000001",
	};
	for (size_t i = 0; i < sizeof dec / sizeof dec[0]; i++)
		bad += !same_as_strtod(dec[i]) + !same_as_strtoll(dec[i]);
	static const char *const ints[] = {
		"999999999999999999", "-999999999999999999", "1000000000000000000",
		"9223372036854775807", "-9223372036854775808", "9223372036854775808",
		"-9223372036854775809", "+7", "-0", " 7", "7 ", "", "-", "+",
	};
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
		bad += !same_as_strtoll(ints[i]);
	CU_ASSERT_EQUAL(bad, 0);
}

/* The splits of tracefile.c as a byte at a time splits: with sep, the
 * fields between separators less their blanks at either end; without,
 * the runs of bytes that are not ' ' or '\t'.  Fields as (start, length)
 * pairs in want[]; returns their count. */
static int split_slowly(const char *line, int len, char sep, int *want)
{
	int n = 0;
	if (sep) {
		int s = 0;
		for (int i = 0; i <= len; i++) {
			if (i < len && line[i] != sep)
				continue;
			int a = s, b = i;
			while (a < b && (line[a] == ' ' || line[a] == '\t'))
				a++;
			while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t'))
				b--;
			want[2 * n] = a;
			want[2 * n + 1] = b - a;
			n++;
			s = i + 1;
		}
		return n;
	}
	for (int i = 0; i < len;) {
		if (line[i] == ' ' || line[i] == '\t') {
			i++;
			continue;
		}
		int a = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		want[2 * n] = a;
		want[2 * n + 1] = i - a;
		n++;
	}
	return n;
}

/* tr_split against split_slowly on random lines of separators, blanks,
 * NUL and other bytes, every length around the word size, with the bytes
 * past the line's end (linereader.h's LR_SLACK) full of separators and
 * blanks that must not count. */
static void test_trace_split(void)
{
	static const char alphabet[] = {',', ' ', '\t', '\0', 'a', '7', '-', '\r', ';'};
	uint64_t st = 11;
	int bad = 0, fields = 0;
	struct tr_file f;
	memset(&f, 0, sizeof f);
	for (int k = 0; k < 20000; k++) {
		int len = k < 100 ? k % 50 : (int)(next_value(&st) % 90);
		char *buf = malloc((size_t)len + 1 + LR_SLACK);
		CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
		int skew = (int)(next_value(&st) % 4);   /* runs of one byte */
		for (int i = 0; i < len; i++) {
			uint64_t x = next_value(&st);
			buf[i] = i > 0 && (int)(x % 4) < skew ? buf[i - 1]
				 : alphabet[(x >> 8) % sizeof alphabet];
		}
		buf[len] = '\0';
		for (int i = 1; i <= LR_SLACK; i++)
			buf[len + i] = i % 2 ? ',' : ' ';
		for (int mode = 0; mode < 2; mode++) {
			char sep = mode ? ',' : 0;
			int want[2 * 100];
			int wn = split_slowly(buf, len, sep, want);
			f.lr.line = buf;
			f.lr.len = (size_t)len;
			int n = tr_split(&f, sep);
			int ok = n == wn;
			for (int i = 0; ok && i < n; i++)
				ok = f.fld[i].s == buf + want[2 * i] &&
				     f.fld[i].len == want[2 * i + 1] &&
				     f.fld[i].col == want[2 * i] + 1;
			if (!ok && bad++ < 3)
				printf("\n    split %s of a line of %d bytes: %d fields, "
				       "want %d ", sep ? "','" : "blank", len, n, wn);
			fields += n;
		}
		free(buf);
	}
	free(f.fld);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(fields > 100000);   /* the lines were not all empty */
}

static const struct test_case numfmt_cases[] = {
	{"numfmt: plain numbers, grouped, no exponent", test_plain},
	{"numfmt: fixed decimals, signs, rounding to zero", test_fixed_sign},
	{"numfmt: the time unit a span fills twice", test_time_unit},
	{"numfmt: durations with their unit, columns in one unit", test_seconds},
	{"fmt: CSV numbers as printf writes the same integers, cut safely", test_fmt_integers},
	{"fmt: rows gathered in blocks come out whole and in order", test_fmt_blocks},
	{"fmt: doubles with 0 to 3 decimals as printf writes them", test_fmt_doubles},
	{"tracefile: number fields read as strtod and strtoll read them", test_trace_integers},
	{"tracefile: fields split a word at a time as byte by byte", test_trace_split},
	{NULL, NULL},
};

const struct test_suite suite_numfmt = {"numfmt", numfmt_cases};
