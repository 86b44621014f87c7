/*
 * test_evq.c - the event queue pops in (time, phase, insertion) order,
 * cancels from any slot, and survives a randomized comparison against a
 * sorted reference.
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

static const struct test_case cases[] = {
	{"equal_time_phase_then_insertion_order", test_equal_time_order},
	{"cancel_any_slot", test_cancel},
	{"random_against_sorted_reference", test_random_against_sort},
	{NULL, NULL},
};

const struct test_suite suite_evq = {"evq", cases};
