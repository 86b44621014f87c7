/*
 * test_rowpipe.c - rows formatted on the pipe's worker thread
 * (sim/core/rowpipe.c) come out as they do formatted in line: the same
 * bytes in every file, in the order they were put.
 *
 * A stream of random records, of every size up to the largest, goes to
 * three files through one pipe, many times the ring's size, once without
 * a worker and once with it forced on (so the test means the same on a
 * one-processor machine).  Some rows are longer than fit a block and go
 * past the block writer to stdio, as gantt.csv's rows with very long
 * names do.  Now and then the caller drains the pipe and writes a line of
 * its own straight to a file, which must land after every row put before
 * it: some drains come with most of the ring full, some with a batch or
 * two, fewer than wake a waiting worker by themselves.  Once more the
 * worker is slow on the first rows, so that the caller finds the ring
 * full and it grows.  The files must match byte for byte.  A record's
 * room is reused by the caller after rowpipe_done, so a pipe that kept a
 * pointer instead of the record's bytes fails too.
 */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../sim/core/cpuslot.h"
#include "../sim/core/fmt.h"
#include "../sim/core/rowpipe.h"
#include "harness.h"
#include "simtest.h"

/* A record: its number, the row's length and a seed for its letters. */
struct rec {
	uint64_t n;
	uint32_t len, seed;
	char pad[];
};

/* Records numbered below this are formatted slowly (a worker that falls
 * behind); set before a pipe is made. */
static uint64_t slow_below;

static void fmt_rec(struct fmtout *o, const void *p)
{
	const struct rec *r = p;
	uint32_t x = r->seed;
	if (r->n < slow_below) {
		struct timespec ts = {0, 100000};
		nanosleep(&ts, NULL);
	}
	if (r->len + 32 > FMTOUT_BLOCK) {
		/* Too long for a block: past the block writer, as gantt.c
		 * writes a row with a very long name. */
		fmt_out_flush(o);
		fprintf(o->f, "%llu:", (unsigned long long)r->n);
		for (uint32_t i = 0; i < r->len; i++) {
			x = x * 1103515245u + 12345u;
			fputc('a' + (int)(x >> 16) % 26, o->f);
		}
		fputc('\n', o->f);
		return;
	}
	struct fmtbuf b = fmt_out_row(o, r->len + 32);
	fmt_u64(&b, r->n);
	fmt_char(&b, ':');
	for (uint32_t i = 0; i < r->len; i++) {
		x = x * 1103515245u + 12345u;
		fmt_char(&b, (char)('a' + (int)(x >> 16) % 26));
	}
	fmt_char(&b, '\n');
	fmt_out_end(o, &b);
}

#define NFILES 3

/* Write the stream through a pipe made with `when` into files
 * dir/PREFIX-K; returns whether the pipe had a worker, and in *ring the
 * batches its ring used. */
static int write_stream(const char *dir, const char *prefix, int when,
			int *ring)
{
	FILE *f[NFILES];
	struct fmtout *o[NFILES];
	for (int k = 0; k < NFILES; k++) {
		char path[ST_DIR + 32];
		snprintf(path, sizeof path, "%s/%s-%d", dir, prefix, k);
		f[k] = fopen(path, "w");
		o[k] = malloc(sizeof *o[k]);
		CU_ASSERT_FATAL(f[k] && o[k]);
		o[k]->f = f[k];
		o[k]->n = 0;
		fprintf(f[k], "header %d\n", k);
	}
	struct rowpipe *p = rowpipe_new(when);
	CU_ASSERT_FATAL(p != NULL);
	int threaded = rowpipe_threaded(p);
	uint32_t x = 12345;
	for (uint64_t n = 0; n < 60000; n++) {
		x = x * 1664525u + 1013904223u;
		int k = (int)(x >> 8) % NFILES;
		/* Record sizes over the whole range; rows mostly short, one in
		 * a thousand longer than a block. */
		size_t size = sizeof(struct rec) +
			      (x >> 12) % (ROWPIPE_MAX_REC - sizeof(struct rec) + 1);
		uint32_t len = (x >> 20) % 200;
		if (n % 1000 == 999)
			len = FMTOUT_BLOCK + (x & 1023);
		struct rec *r = rowpipe_put(p, fmt_rec, o[k], size);
		CU_ASSERT_FATAL(((uintptr_t)r & 7) == 0);
		r->n = n;
		r->len = len;
		r->seed = x;
		memset(r->pad, 'x', size - sizeof *r);
		rowpipe_done(p);
		/* Drains now and then: some with the ring nearly full, some
		 * with fewer batches handed over than wake an idle worker. */
		if (n % 7919 == 7918 || (n < 20000 && n % 97 == 96)) {
			/* The caller's own line, after every row so far. */
			rowpipe_drain(p);
			fmt_out_flush(o[k]);
			fprintf(f[k], "drained after %llu\n", (unsigned long long)n);
		}
	}
	*ring = rowpipe_ring_size(p);
	rowpipe_free(p);
	for (int k = 0; k < NFILES; k++) {
		fmt_out_flush(o[k]);
		CU_ASSERT(fclose(f[k]) == 0);
		free(o[k]);
	}
	return threaded;
}

/* The files dir/A-K and dir/B-K are the same bytes. */
static void same_files(const char *dir, const char *a_prefix,
		       const char *b_prefix)
{
	for (int k = 0; k < NFILES; k++) {
		char pa[ST_DIR + 32], pb[ST_DIR + 32];
		snprintf(pa, sizeof pa, "%s/%s-%d", dir, a_prefix, k);
		snprintf(pb, sizeof pb, "%s/%s-%d", dir, b_prefix, k);
		size_t na = 0, nb = 0;
		char *a = st_slurp(NULL, pa, &na);
		char *b = st_slurp(NULL, pb, &nb);
		/* Each file had megabytes of rows (and the pipe some 60 MB
		 * of records, its 1 MB ring many times over). */
		CU_ASSERT(na > 1u << 20);
		CU_ASSERT(a && b && na == nb && !memcmp(a, b, na));
		free(a);
		free(b);
	}
}

static void test_same_bytes(void)
{
	char dir[ST_DIR];
	int ring;
	CU_ASSERT_FATAL(st_mkdtemp(dir, sizeof dir, "rowpipe") == 0);
	slow_below = 0;
	CU_ASSERT_EQUAL(write_stream(dir, "inline", ROWPIPE_NEVER, &ring), 0);
	CU_ASSERT_EQUAL(ring, 0);
	CU_ASSERT_EQUAL(write_stream(dir, "thread", ROWPIPE_ALWAYS, &ring), 1);
	CU_ASSERT(ring >= 8 && ring <= 16);
	same_files(dir, "inline", "thread");
	/* A worker slow on the first thousand rows: the caller finds the
	 * ring full and it grows where it wraps, with batches still full
	 * on both sides of the seam.  The bytes stay the same. */
	slow_below = 1000;
	CU_ASSERT_EQUAL(write_stream(dir, "slow", ROWPIPE_ALWAYS, &ring), 1);
	slow_below = 0;
	CU_ASSERT(ring > 8 && ring <= 16);
	same_files(dir, "inline", "slow");
	st_cleanup(dir);
}

/* A pipe with nothing put drains and frees at once, with or without its
 * worker. */
static void test_empty(void)
{
	for (int when = ROWPIPE_NEVER; when <= ROWPIPE_ALWAYS; when++) {
		struct rowpipe *p = rowpipe_new(when);
		CU_ASSERT_FATAL(p != NULL);
		rowpipe_drain(p);
		rowpipe_free(p);
	}
	rowpipe_free(NULL);
	rowpipe_drain(NULL);
}

/* Pipes that may have a worker have one while a spare processor's
 * formatter slot is free: as many as there are spare processors, and a
 * pipe freed gives its slot back. */
static void test_slots(void)
{
	int spare = cpuslot_spare();
	struct rowpipe *p[8];
	int n = spare + 1 < 8 ? spare + 1 : 8, threaded = 0;
	for (int i = 0; i < n; i++) {
		CU_ASSERT_FATAL((p[i] = rowpipe_new(ROWPIPE_IF_CPUS)) != NULL);
		threaded += rowpipe_threaded(p[i]);
	}
	CU_ASSERT_EQUAL(threaded, spare < n ? spare : n);
	CU_ASSERT(!rowpipe_threaded(p[n - 1]) || spare >= n);
	rowpipe_free(p[0]);
	struct rowpipe *q = rowpipe_new(ROWPIPE_IF_CPUS);
	CU_ASSERT_FATAL(q != NULL);
	CU_ASSERT_EQUAL(rowpipe_threaded(q), spare > 0);
	rowpipe_free(q);
	for (int i = 1; i < n; i++)
		rowpipe_free(p[i]);
	struct rowpipe *never = rowpipe_new(ROWPIPE_NEVER);
	CU_ASSERT(!rowpipe_threaded(never));
	rowpipe_free(never);
}

static const struct test_case rowpipe_cases[] = {
	{"rows formatted on the worker: the same bytes as in line",
	 test_same_bytes},
	{"an empty pipe drains and frees", test_empty},
	{"a worker per spare processor, given back when freed", test_slots},
	{NULL, NULL},
};

const struct test_suite suite_rowpipe = {"rowpipe", rowpipe_cases};
