/*
 * test_subq.c - the reordering queue of the Google reader (workloads/
 * subq.c) takes its keys out in (submit, job, task, serial) order,
 * against the simplest correct reference: an unsorted array searched for
 * its least key at every take.
 *
 * Three streams drive it, with the queue's own invariant checker
 * (subq_check) run along the way: the reader's own pattern (pushes never below
 * the last key taken out, many keys sharing a submit time and a job, as
 * a job's tasks do), pushes anywhere (below the last key taken out too,
 * which the reader never does), and submit times over the whole int64
 * range, negative ones included.  Each interleaves pushes and takes,
 * with full drains on the way, so that the tie heap, every bucket and
 * redistributions of large buckets are all exercised.  A fourth test
 * makes its allocations fail on purpose.
 */
#include "../workloads/subq.h"

#include <stdlib.h>

#include "harness.h"

/* A fixed-seed generator, so the test is the same on every run. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int ref_less(const struct subq_key *a, const struct subq_key *b)
{
	if (a->submit != b->submit)
		return a->submit < b->submit;
	if (a->job != b->job)
		return a->job < b->job;
	if (a->task != b->task)
		return a->task < b->task;
	return a->serial < b->serial;
}

struct ref {
	struct subq_key *v;
	size_t n;
};

static size_t ref_min(const struct ref *r)
{
	size_t m = 0;
	for (size_t i = 1; i < r->n; i++)
		if (ref_less(&r->v[i], &r->v[m]))
			m = i;
	return m;
}

enum stream { READER, ANYWHERE, WIDE };

/* One stream of ops operations; returns the number of mismatches. */
static long run_stream(enum stream kind, uint64_t seed, int ops)
{
	/* All zeros, not subq_init: the reader's queue starts so. */
	struct subq *qp = calloc(1, sizeof *qp);
	CU_ASSERT_FATAL(qp != NULL);
	struct subq q = *qp;
	free(qp);
	struct ref r = {malloc(sizeof *r.v * (size_t)ops), 0};
	/* keys by ref, to check what subq_peek_ref names */
	struct subq_key *byref = malloc(sizeof *byref * (size_t)ops);
	CU_ASSERT_FATAL(r.v != NULL && byref != NULL);
	uint64_t s = seed, serial = 0;
	int64_t frontier = 0, now = 0;
	long bad = 0;
	for (int op = 0; op < ops; op++) {
		uint64_t x = rnd(&s);
		/* A drain now and then; otherwise push about 55% of the time. */
		int drain = x % 5000 == 0;
		int push = !drain && (r.n == 0 || x % 100 < 55);
		if (push) {
			struct subq_key k;
			switch (kind) {
			case READER:
				/* Time moves on; a record's submit lies between
				 * the last one taken out and now. */
				now += (int64_t)(rnd(&s) % 3 == 0 ? rnd(&s) % 5000000 : 0);
				k.submit = frontier + (int64_t)(rnd(&s) % (uint64_t)(now - frontier + 1));
				if (rnd(&s) % 4 == 0)
					k.submit = now;
				k.job = (int64_t)(rnd(&s) % 40);
				break;
			case ANYWHERE:
				k.submit = (int64_t)(rnd(&s) % 2000);
				k.job = (int64_t)(rnd(&s) % 5);
				break;
			default:
				k.submit = (int64_t)rnd(&s);
				if (rnd(&s) % 8 == 0)
					k.submit = rnd(&s) % 2 ? INT64_MAX : INT64_MIN;
				k.job = (int64_t)(rnd(&s) % 3);
				break;
			}
			k.task = (int64_t)(rnd(&s) % 4);
			k.serial = ++serial;
			k.ref = (uint32_t)op;
			byref[op] = k;
			r.v[r.n++] = k;
			CU_ASSERT_EQUAL_FATAL(subq_push(&q, &k), 0);
			bad += subq_count(&q) != r.n;
			if (op % 97 == 0)
				bad += subq_check(&q) != 0;
			continue;
		}
		size_t takes = drain ? r.n : 1;
		for (size_t t = 0; t < takes; t++) {
			size_t m = ref_min(&r);
			struct subq_key want = r.v[m], got;
			r.v[m] = r.v[--r.n];
			bad += subq_min_submit(&q) != want.submit;
			bad += byref[subq_peek_ref(&q)].submit != want.submit;
			/* exact while the tie heap holds keys */
			bad += q.tn && subq_peek_ref(&q) != want.ref;
			CU_ASSERT_EQUAL_FATAL(subq_pop(&q, &got), 0);
			bad += got.submit != want.submit || got.job != want.job ||
			       got.task != want.task || got.serial != want.serial ||
			       got.ref != want.ref;
			bad += subq_count(&q) != r.n;
			frontier = want.submit;
		}
		bad += subq_check(&q) != 0;
	}
	while (r.n) {
		size_t m = ref_min(&r);
		struct subq_key want = r.v[m], got;
		r.v[m] = r.v[--r.n];
		CU_ASSERT_EQUAL_FATAL(subq_pop(&q, &got), 0);
		bad += got.serial != want.serial;
	}
	bad += subq_count(&q) != 0;
	subq_release(&q);
	free(r.v);
	free(byref);
	return bad;
}

static void test_reader_stream(void)
{
	CU_ASSERT_EQUAL(run_stream(READER, 0x9e3779b97f4a7c15u, 60000), 0);
	CU_ASSERT_EQUAL(run_stream(READER, 12345, 60000), 0);
}

static void test_anywhere(void)
{
	CU_ASSERT_EQUAL(run_stream(ANYWHERE, 777, 60000), 0);
}

static void test_wide_range(void)
{
	CU_ASSERT_EQUAL(run_stream(WIDE, 4242, 40000), 0);
}

/* A bucket holding every key at once (they all differ from the last key
 * taken out in the same top bit) empties into the lower ones and the tie
 * heap in one take, in order, and in about the memory it held. */
static void test_one_big_bucket(void)
{
	struct subq q;
	subq_init(&q);
	enum { N = 200000 };
	uint64_t s = 99;
	for (uint32_t i = 0; i < N; i++) {
		struct subq_key k = {
			(int64_t)(UINT64_C(1) << 40) + (int64_t)(rnd(&s) % 1000),
			(int64_t)(rnd(&s) % 7), (int64_t)(rnd(&s) % 3), i, i,
		};
		CU_ASSERT_EQUAL_FATAL(subq_push(&q, &k), 0);
	}
	struct subq_key prev = {0}, k;
	long bad = 0;
	for (uint32_t i = 0; i < N; i++) {
		CU_ASSERT_EQUAL_FATAL(subq_pop(&q, &k), 0);
		bad += i > 0 && !ref_less(&prev, &k);
		prev = k;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(subq_count(&q), 0);
	CU_ASSERT_EQUAL(q.peak, (size_t)N);
	/* The cascade of redistributions reused the chunks it emptied: the
	 * pool never grew much past what the keys filled at the start (one
	 * partial chunk per bucket on top). */
	CU_ASSERT(q.cused <= N / SUBQ_CHUNK + 2 * 65);
	subq_release(&q);
}

/* A realloc that fails fail_permille times in a thousand. */
static uint64_t fail_state = 1;
static unsigned fail_permille;

static void *flaky_realloc(void *p, size_t size)
{
	if (rnd(&fail_state) % 1000 < fail_permille)
		return NULL;
	return realloc(p, size);
}

/* Running out of memory: a push that fails leaves the queue as it was
 * (its invariants hold and it gives the same keys in the same order as
 * if the push had not been tried); after a take that fails, releasing it
 * frees everything (the sanitizers and valgrind runs of the suite see a
 * leak). */
static void test_out_of_memory(void)
{
	long bad = 0, push_failed = 0, pop_failed = 0;
	uint64_t s = 31337;
	enum { OPS = 6000 };
	struct subq_key *ref = malloc(sizeof *ref * OPS);
	CU_ASSERT_FATAL(ref != NULL);
	subq_test_realloc(flaky_realloc);
	for (int trial = 0; trial < 300; trial++) {
		struct subq q;
		subq_init(&q);
		size_t n = 0;
		uint64_t serial = 0;
		int64_t frontier = 0;
		fail_permille = (unsigned)(trial % 3) * 150;
		for (int op = 0; op < OPS; op++) {
			uint64_t x = rnd(&s);
			if (n == 0 || x % 100 < 60) {
				struct subq_key k = {
					frontier + (int64_t)(rnd(&s) % 50),
					(int64_t)(rnd(&s) % 3), (int64_t)(rnd(&s) % 2),
					++serial, (uint32_t)op,
				};
				if (subq_push(&q, &k) == 0) {
					ref[n++] = k;
				} else {
					push_failed++;
					bad += subq_count(&q) != n;
					bad += subq_check(&q) != 0;
				}
				continue;
			}
			size_t m = 0;
			for (size_t i = 1; i < n; i++)
				if (ref_less(&ref[i], &ref[m]))
					m = i;
			struct subq_key got;
			if (subq_pop(&q, &got) != 0) {
				pop_failed++;
				break;
			}
			bad += got.serial != ref[m].serial;
			frontier = ref[m].submit;
			ref[m] = ref[--n];
		}
		subq_release(&q);
	}
	subq_test_realloc(NULL);
	free(ref);
	CU_ASSERT_EQUAL(bad, 0);
	/* Both kinds of failure were met. */
	CU_ASSERT(push_failed > 0);
	CU_ASSERT(pop_failed > 0);
}

static const struct test_case cases[] = {
	{"the reader's pattern, against a plain search", test_reader_stream},
	{"pushes below the last taken out still come out in order", test_anywhere},
	{"submit times over all of int64", test_wide_range},
	{"one bucket holding everything empties in order", test_one_big_bucket},
	{"out of memory: a push leaves it whole, a take lets it go", test_out_of_memory},
	{NULL, NULL},
};

const struct test_suite suite_subq = {"subq", cases};
