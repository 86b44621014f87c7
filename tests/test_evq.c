/*
 * test_evq.c - the event queue pops in (time, phase, insertion) order,
 * cancels from any slot, and survives randomized comparisons against a
 * sorted reference and against a plain reference heap.
 *
 * The differential test drives the queue through all its levels: a single
 * heap while small, the far buckets and overflow once tens of thousands of
 * events are pending, back to one heap when drained, compaction after
 * mass cancels, pushes into the past and at the ends of the time range.
 * The reference is the simplest correct queue (a binary heap on the full
 * key with lazy cancels checked by id and seq), written here
 * independently of evq.c.
 */
#include "../sim/core/evq.h"

#include <stdlib.h>

#include "harness.h"

static void test_equal_time_order(void)
{
	struct evq q;
	struct evq_node n[6];
	evq_init(&q);
	for (int i = 0; i < 6; i++)
		evq_node_init(&n[i], 0, (uint32_t)i);
	/* Same instant: phase decides, then push order. */
	CU_ASSERT_EQUAL(evq_push(&q, &n[0], 100, EVQ_PHASE_ALLOCATE), 0);
	CU_ASSERT_EQUAL(evq_push(&q, &n[1], 100, EVQ_PHASE_ARRIVAL), 0);
	CU_ASSERT_EQUAL(evq_push(&q, &n[2], 100, EVQ_PHASE_TASK_END), 0);
	CU_ASSERT_EQUAL(evq_push(&q, &n[3], 100, EVQ_PHASE_ARRIVAL), 0);
	CU_ASSERT_EQUAL(evq_push(&q, &n[4], 50, EVQ_PHASE_SAMPLE), 0);
	CU_ASSERT_EQUAL(evq_push(&q, &n[5], 100, EVQ_PHASE_ARRIVAL), 0);
	static const uint32_t want[] = {4, 2, 1, 3, 5, 0};
	for (int i = 0; i < 6; i++) {
		struct evq_node *e = evq_pop(&q);
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		CU_ASSERT_EQUAL(e->arg, want[i]);
		CU_ASSERT_FALSE(evq_node_queued(e));
	}
	CU_ASSERT_PTR_NULL(evq_pop(&q));
	evq_release(&q);
}

static void test_cancel(void)
{
	struct evq q;
	struct evq_node n[50];
	evq_init(&q);
	for (int i = 0; i < 50; i++) {
		evq_node_init(&n[i], 0, (uint32_t)i);
		CU_ASSERT_EQUAL(evq_push(&q, &n[i], (i * 37) % 50, 0), 0);
	}
	for (int i = 0; i < 50; i += 3)
		evq_cancel(&q, &n[i]);
	evq_cancel(&q, &n[0]);   /* already detached: no-op */
	simtime_t last = -1;
	int count = 0;
	struct evq_node *e;
	while ((e = evq_pop(&q))) {
		CU_ASSERT(e->arg % 3 != 0);
		CU_ASSERT(e->time >= last);
		last = e->time;
		count++;
	}
	CU_ASSERT_EQUAL(count, 50 - 17);
	evq_release(&q);
}

static int cmp_key(const void *a, const void *b)
{
	const struct evq_node *x = *(struct evq_node *const *)a;
	const struct evq_node *y = *(struct evq_node *const *)b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if (x->phase != y->phase)
		return x->phase < y->phase ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void test_random_against_sort(void)
{
	enum { N = 5000 };
	struct evq q;
	struct evq_node *n = calloc(N, sizeof *n);
	struct evq_node **ref = calloc(N, sizeof *ref);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
	evq_init(&q);
	unsigned s = 12345;
	for (int i = 0; i < N; i++) {
		s = s * 1103515245u + 12345u;
		evq_node_init(&n[i], 0, (uint32_t)i);
		evq_push(&q, &n[i], (s >> 16) % 100, (s >> 8) % EVQ_PHASES);
		ref[i] = &n[i];
	}
	qsort(ref, N, sizeof *ref, cmp_key);
	for (int i = 0; i < N; i++)
		CU_ASSERT_PTR_EQUAL(evq_pop(&q), ref[i]);
	evq_release(&q);
	free(n);
	free(ref);
}

/* ---- differential test against a reference heap ------------------------ */

struct ref_ent {
	simtime_t time;
	unsigned phase;
	uint64_t seq;
	uint32_t id;
};

struct ref {
	struct ref_ent *a;
	size_t n, cap;
	uint64_t next_seq;
	uint64_t *seq_of;        /* per id: seq of its live entry */
	unsigned char *queued;   /* per id */
	size_t live;
};

static int ref_less(const struct ref_ent *x, const struct ref_ent *y)
{
	if (x->time != y->time)
		return x->time < y->time;
	if (x->phase != y->phase)
		return x->phase < y->phase;
	return x->seq < y->seq;
}

static void ref_compact(struct ref *r);

static void ref_push(struct ref *r, uint32_t id, simtime_t t, unsigned ph)
{
	if (r->n == r->cap)
		ref_compact(r);
	struct ref_ent e = {t, ph, r->next_seq++, id};
	size_t i = r->n++;
	while (i > 0 && ref_less(&e, &r->a[(i - 1) / 2])) {
		r->a[i] = r->a[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	r->a[i] = e;
	r->seq_of[id] = e.seq;
	r->queued[id] = 1;
	r->live++;
}

/* Place e at hole i and sift it down. */
static void ref_sift_down(struct ref *r, size_t i, struct ref_ent e)
{
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= r->n)
			break;
		if (c + 1 < r->n && ref_less(&r->a[c + 1], &r->a[c]))
			c++;
		if (!ref_less(&r->a[c], &e))
			break;
		r->a[i] = r->a[c];
		i = c;
	}
	r->a[i] = e;
}

static void ref_drop_top(struct ref *r)
{
	struct ref_ent last = r->a[--r->n];
	if (r->n)
		ref_sift_down(r, 0, last);
}

static int ref_live(const struct ref *r, const struct ref_ent *e)
{
	return r->queued[e->id] && r->seq_of[e->id] == e->seq;
}

/* Drop stale entries when they fill the array. */
static void ref_compact(struct ref *r)
{
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++)
		if (ref_live(r, &r->a[i]))
			r->a[k++] = r->a[i];
	r->n = k;
	for (size_t i = k / 2 + 1; i-- > 0;)
		if (i < k)
			ref_sift_down(r, i, r->a[i]);
}

/* The earliest live entry's id, or -1; stale tops are dropped. */
static long ref_peek(struct ref *r)
{
	while (r->n && !ref_live(r, &r->a[0]))
		ref_drop_top(r);
	return r->n ? (long)r->a[0].id : -1;
}

static uint64_t diff_rng = UINT64_C(0x243F6A8885A308D3);

static uint64_t diff_next(void)
{
	diff_rng ^= diff_rng << 13;
	diff_rng ^= diff_rng >> 7;
	diff_rng ^= diff_rng << 17;
	return diff_rng;
}

/* A push time around now: many exact ties, near and far delays, now and
 * then the past and the ends of the range. */
static simtime_t diff_time(simtime_t now)
{
	uint64_t r = diff_next();
	switch (r % 16) {
	case 0: case 1: case 2: case 3:
		return now;
	case 4: case 5: case 6: case 7: case 8:
		return now + (simtime_t)(r >> 8) % 1000;
	case 9: case 10: case 11:
		return now + (simtime_t)(r >> 8) % 2000000;
	case 12:
		return now + (simtime_t)(r >> 8) % 1000000000000;
	case 13:
		return now - (simtime_t)(r >> 8) % 5000;
	case 14:
		return (r >> 8) % 8 ? now + 1 : SIMTIME_NEVER;
	default:
		return (r >> 8) % 64 ? now + 7 : INT64_MIN;
	}
}

/* Dense times: within 64 us of now, so the buckets are a microsecond
 * wide and every boundary is crossed often. */
static simtime_t diff_time_dense(simtime_t now)
{
	uint64_t r = diff_next();
	return now + (simtime_t)(r % 64) - (r % 97 == 0 ? 3 : 0);
}

static void differential(simtime_t (*time_of)(simtime_t))
{
	enum { IDS = 40000 };
	struct evq q;
	struct evq_node *n = calloc(IDS, sizeof *n);
	struct ref r = {0};
	r.cap = 4 * IDS;      /* live plus stale entries */
	r.a = calloc(r.cap, sizeof *r.a);
	r.seq_of = calloc(IDS, sizeof *r.seq_of);
	r.queued = calloc(IDS, 1);
	CU_ASSERT_FATAL(n && r.a && r.seq_of && r.queued);
	evq_init(&q);
	for (uint32_t i = 0; i < IDS; i++)
		evq_node_init(&n[i], 0, i);

	/* Rounds of (grow to a target, churn, cancel a share, drain to a
	 * floor): targets from a few events to three quarters of the ids
	 * (growing stalls near 84%, where cancels of picked queued ids and
	 * the interleaved pops balance the pushes). */
	static const struct {
		size_t target, floor;
		unsigned cancel_pct;
	} rounds[] = {
		{50, 0, 10}, {20000, 100, 5}, {30000, 25000, 80},
		{30000, 0, 20}, {3000, 1000, 95}, {28000, 0, 0},
		{12000, 11000, 50}, {30000, 0, 30},
	};
	simtime_t now = 0;
	long mismatches = 0;
	size_t pops = 0;
	for (size_t k = 0; k < sizeof rounds / sizeof rounds[0]; k++) {
		/* Grow, interleaving pops so the clock moves. */
		while (r.live < rounds[k].target) {
			uint32_t id = (uint32_t)(diff_next() % IDS);
			if (n[id].queued) {
				if (diff_next() % 8 == 0) {
					evq_cancel(&q, &n[id]);
					r.queued[id] = 0;
					r.live--;
				}
				continue;
			}
			simtime_t t = time_of(now);
			unsigned ph = (unsigned)(diff_next() % EVQ_PHASES);
			CU_ASSERT_EQUAL_FATAL(evq_push(&q, &n[id], t, ph), 0);
			ref_push(&r, id, t, ph);
			if (diff_next() % 3 == 0) {
				long want = ref_peek(&r);
				struct evq_node *e = evq_pop(&q);
				mismatches += e != (want < 0 ? NULL : &n[want]);
				if (e) {
					ref_drop_top(&r);
					r.queued[e->arg] = 0;
					r.live--;
					if (e->time > now)
						now = e->time;
					pops++;
				}
			}
		}
		/* Cancel a share of what is pending, some re-pushed at once. */
		for (uint32_t id = 0; id < IDS; id++) {
			if (!n[id].queued ||
			    diff_next() % 100 >= rounds[k].cancel_pct)
				continue;
			evq_cancel(&q, &n[id]);
			r.queued[id] = 0;
			r.live--;
			if (diff_next() % 4 == 0) {
				simtime_t t = time_of(now);
				unsigned ph = (unsigned)(diff_next() % EVQ_PHASES);
				CU_ASSERT_EQUAL_FATAL(evq_push(&q, &n[id], t, ph), 0);
				ref_push(&r, id, t, ph);
			}
		}
		/* Drain to the floor, checking every pop and some peeks. */
		while (r.live > rounds[k].floor) {
			long want = ref_peek(&r);
			if (diff_next() % 5 == 0)
				mismatches += evq_peek(&q) != &n[want];
			struct evq_node *e = evq_pop(&q);
			mismatches += e != &n[want];
			CU_ASSERT_PTR_NOT_NULL_FATAL(e);
			ref_drop_top(&r);
			r.queued[e->arg] = 0;
			r.live--;
			pops++;
			if (e->time > now && e->time != SIMTIME_NEVER)
				now = e->time;
			mismatches += evq_size(&q) != r.live;
		}
		CU_ASSERT_EQUAL(mismatches, 0);
	}
	/* Empty both. */
	long want;
	while ((want = ref_peek(&r)) >= 0) {
		struct evq_node *e = evq_pop(&q);
		mismatches += e != &n[want];
		ref_drop_top(&r);
		r.queued[want] = 0;
		r.live--;
		pops++;
	}
	CU_ASSERT_PTR_NULL(evq_pop(&q));
	CU_ASSERT_EQUAL(evq_size(&q), 0);
	CU_ASSERT_EQUAL(mismatches, 0);
	CU_ASSERT(pops > 100000);
	evq_release(&q);
	free(n);
	free(r.a);
	free(r.seq_of);
	free(r.queued);
}

static void test_differential(void)
{
	differential(diff_time);
}

static void test_differential_dense(void)
{
	differential(diff_time_dense);
}

/* Pushes far apart in time, then in a dense burst: the window must adapt
 * both ways and keep exact order across refills. */
static void test_far_windows(void)
{
	enum { N = 30000 };
	struct evq q;
	struct evq_node *n = calloc(N, sizeof *n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	evq_init(&q);
	for (uint32_t i = 0; i < N; i++) {
		evq_node_init(&n[i], 0, i);
		/* a year apart for the first hundred, then all within 1 ms,
		 * many at exactly the same instant */
		simtime_t t = i < 100 ? (simtime_t)i * 31536000000000
				      : 5000 + (simtime_t)(i % 977);
		CU_ASSERT_EQUAL(evq_push(&q, &n[i], t, i % EVQ_PHASES), 0);
	}
	struct evq_node *prev = NULL;
	int bad = 0, count = 0;
	struct evq_node *e;
	while ((e = evq_pop(&q))) {
		if (prev && (prev->time > e->time ||
			     (prev->time == e->time &&
			      (prev->phase > e->phase ||
			       (prev->phase == e->phase && prev->seq > e->seq)))))
			bad++;
		prev = e;
		count++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(count, N);
	evq_release(&q);
	free(n);
}

static const struct test_case cases[] = {
	{"equal_time_phase_then_insertion_order", test_equal_time_order},
	{"cancel_any_slot", test_cancel},
	{"random_against_sorted_reference", test_random_against_sort},
	{"differential_against_reference_heap", test_differential},
	{"differential_dense_times", test_differential_dense},
	{"far_windows_keep_order", test_far_windows},
	{NULL, NULL},
};

const struct test_suite suite_evq = {"evq", cases};
