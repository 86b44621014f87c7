/*
 * test_linereader.c - the trace line reader (workloads/linereader.c)
 * gives the lines zlib's gzopen and gzgets give, read the way the reader
 * read them before it inflated with ISA-L: the reference below is that
 * reader, kept here as the oracle.
 *
 * Files are made at random: lines of every length from empty to several
 * times the reader's first buffer and its 256 KB block, with carriage
 * returns, NUL bytes and no final newline among them; plain and gzip at
 * several levels, one member or several, with bytes after the last
 * member that are not another one.  On all of these the two readers must
 * give the same lines, byte for byte, and the same end.  Then the same
 * files cut short, and with a byte of their compressed data changed:
 * both must fail, and the reader must have given no line the reference
 * did not, but for the line the stream breaks in, which the reader may
 * end a few bytes sooner (ISA-L decodes a little less of a cut stream
 * than zlib); and it may give fewer.
 */
#include "../workloads/linereader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "harness.h"

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* ---- the reference: lines through zlib's gzgets ------------------------ */

struct ref {
	gzFile f;
	char *line;
	size_t len, cap;
};

static int ref_next(struct ref *r)
{
	size_t len = 0;
	if (!r->cap) {
		r->cap = 256;
		r->line = malloc(r->cap);
	}
	for (;;) {
		char *got = gzgets(r->f, r->line + len, (int)(r->cap - len));
		if (!got) {
			int err;
			gzerror(r->f, &err);
			if (err != Z_OK)
				return -1;
			if (len == 0)
				return 0;
			break;
		}
		len += strlen(r->line + len);
		if (len > 0 && r->line[len - 1] == '\n')
			break;
		if (len + 1 < r->cap) {
			if (gzeof(r->f))
				break;
			continue;
		}
		r->cap *= 2;
		r->line = realloc(r->line, r->cap);
	}
	while (len > 0 && (r->line[len - 1] == '\n' || r->line[len - 1] == '\r'))
		len--;
	r->line[len] = '\0';
	r->len = len;
	return 1;
}

/* ---- files ------------------------------------------------------------- */

/* Random text of about n bytes: short and long lines, blank ones, CR LF,
 * now and then a NUL byte. */
static char *make_text(uint64_t *st, size_t n, size_t *out)
{
	char *t = malloc(n + 1);
	size_t k = 0;
	while (k < n) {
		uint64_t x = rnd(st);
		size_t len = x % 200 == 0 ? (size_t)(x >> 8) % 300000
			   : x % 4 == 0 ? 0 : (size_t)(x >> 8) % 120;
		for (size_t i = 0; i < len && k < n; i++) {
			uint64_t y = rnd(st);
			t[k++] = y % 5000 == 0 ? '\0'
			       : (char)(' ' + (int)((y >> 16) % 90));
		}
		if (k < n && x % 7 == 0)
			t[k++] = '\r';
		if (k < n)
			t[k++] = '\n';
	}
	*out = k;
	return t;
}

static void put_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fwrite(p, 1, n, f), n);
	fclose(f);
}

static unsigned char *get_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fseek(f, 0, SEEK_END);
	long sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *p = malloc((size_t)sz + 1);
	CU_ASSERT_EQUAL(fread(p, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	*n = (size_t)sz;
	return p;
}

/* t as one gzip member at level (appended to path when append). */
static void gzip_to(const char *path, const char *t, size_t n, int level,
		    int append)
{
	char mode[8];
	snprintf(mode, sizeof mode, "%sb%d", append ? "a" : "w", level);
	gzFile g = gzopen(path, mode);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	size_t k = 0;
	while (k < n) {
		unsigned part = n - k > 65536 ? 65536 : (unsigned)(n - k);
		CU_ASSERT_EQUAL(gzwrite(g, t + k, part), (int)part);
		k += part;
	}
	gzclose(g);
}

/* Both readers over path: 1 when they agree.  strict: the same lines and
 * the same end; else both end in an error and the reader's lines are the
 * reference's first ones, the last of them perhaps cut shorter. */
static int same_lines(const char *path, int strict, long *lines)
{
	struct linereader lr;
	CU_ASSERT_EQUAL_FATAL(lr_open(&lr, path), 0);
	struct ref ref = {gzopen(path, "rb"), NULL, 0, 0};
	CU_ASSERT_PTR_NOT_NULL_FATAL(ref.f);
	int ok = 1;
	for (;;) {
		const char *why = NULL;
		int a = lr_next(&lr, &why);
		int b = ref_next(&ref);
		if (a == 1 && b == 1) {
			if (!strict && lr.len < ref.len &&
			    memcmp(lr.line, ref.line, lr.len) == 0) {
				/* The line the stream breaks in: ISA-L may
				 * stop a few bytes before zlib.  The error
				 * comes next. */
				a = lr_next(&lr, &why);
				ok = a < 0 && why != NULL;
				if (!ok)
					printf("\n    %s: after line %ld cut short, %d ",
					       path, lr.lineno, a);
				break;
			}
			if (lr.len != ref.len || memcmp(lr.line, ref.line, lr.len)) {
				printf("\n    %s: line %ld differs (%zu bytes, zlib %zu) ",
				       path, lr.lineno, lr.len, ref.len);
				ok = 0;
				break;
			}
			++*lines;
			continue;
		}
		if (strict)
			ok = (a < 0) == (b < 0) && (a == 0) == (b == 0) &&
			     (a >= 0 || why != NULL);
		else
			ok = a < 0 && why != NULL && b != 0;
		if (!ok)
			printf("\n    %s: the reader ends %d (%s), zlib %d ", path,
			       a, why ? why : "-", b);
		break;
	}
	lr_close(&lr);
	gzclose(ref.f);
	free(ref.line);
	return ok;
}

static void tmp_name(char *buf, size_t n, const char *tail)
{
	const char *d = getenv("TMPDIR");
	snprintf(buf, n, "%s/offersim-lr-%ld-%s", d && *d ? d : "/tmp",
		 (long)getpid(), tail);
}

static void test_same_as_zlib(void)
{
	uint64_t st = 88172645463325252ull;
	char path[512];
	tmp_name(path, sizeof path, "a");
	int bad = 0;
	long lines = 0;
	for (int k = 0; k < 40; k++) {
		size_t n;
		size_t want = k < 4 ? (size_t)k : (size_t)(rnd(&st) % 900000);
		char *t = make_text(&st, want, &n);
		if (k % 5 == 4 && n > 0)
			n--;                      /* no final newline */
		int kind = k % 4;
		if (kind == 0) {
			put_file(path, t, n);
		} else {
			gzip_to(path, t, n, 1 + k % 9, 0);
			if (kind >= 2) {
				/* More members, of other text. */
				size_t m;
				char *u = make_text(&st, (size_t)(rnd(&st) % 50000), &m);
				gzip_to(path, u, m, 6, 1);
				free(u);
			}
			if (kind == 3) {
				/* Bytes after the last member that do not
				 * begin one: zlib ignores them. */
				FILE *f = fopen(path, "ab");
				fputs(k % 8 == 3 ? "\x1f" : "trailing junk\n", f);
				fclose(f);
			}
		}
		bad += !same_lines(path, 1, &lines);
		free(t);
	}
	remove(path);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(lines > 10000);
}

static void test_broken_gzip(void)
{
	uint64_t st = 1234567;
	char path[512], broken[512];
	tmp_name(path, sizeof path, "b");
	tmp_name(broken, sizeof broken, "c");
	size_t n;
	char *t = make_text(&st, 600000, &n);
	gzip_to(path, t, n, 6, 0);
	free(t);
	size_t zn;
	unsigned char *z = get_file(path, &zn);
	int bad = 0;
	long lines = 0;
	for (int k = 0; k < 120; k++) {
		/* Cut anywhere past the magic bytes (one byte alone is a
		 * plain file), the header and trailer included. */
		size_t cut = k < 10 ? (size_t)k + 2 : k < 18 ? zn - (size_t)(k - 9)
			   : 2 + (size_t)(rnd(&st) % (zn - 2));
		put_file(broken, z, cut);
		bad += !same_lines(broken, 0, &lines);
	}
	for (int k = 0; k < 120; k++) {
		/* A byte of the deflate data changed: the stream goes wrong
		 * or the CRC at the end says so. */
		unsigned char *c = malloc(zn);
		memcpy(c, z, zn);
		size_t at = 10 + (size_t)(rnd(&st) % (zn - 18));
		c[at] ^= (unsigned char)(1 + rnd(&st) % 255);
		put_file(broken, c, zn);
		bad += !same_lines(broken, 0, &lines);
		free(c);
	}
	free(z);
	remove(path);
	remove(broken);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(lines > 1000);
}

static void test_open_errors(void)
{
	struct linereader lr;
	CU_ASSERT(lr_open(&lr, "/nonexistent/offersim-trace") < 0);
	lr_close(&lr);
	/* A directory opens, and its first read fails with the system's
	 * reason, as zlib's did. */
	const char *d = getenv("TMPDIR");
	CU_ASSERT_EQUAL_FATAL(lr_open(&lr, d && *d ? d : "/tmp"), 0);
	const char *why = NULL;
	CU_ASSERT(lr_next(&lr, &why) < 0);
	CU_ASSERT_PTR_NOT_NULL(why);
	lr_close(&lr);
}

static const struct test_case linereader_cases[] = {
	{"lines as zlib's gzgets gives them: plain, gzip, members, junk after", test_same_as_zlib},
	{"cut and damaged gzip: an error, no line zlib did not give", test_broken_gzip},
	{"a missing file, a directory", test_open_errors},
	{NULL, NULL},
};

const struct test_suite suite_linereader = {"linereader", linereader_cases};
