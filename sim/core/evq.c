/*
 * evq.c - intrusive binary heap of events, ordered by (time, phase, seq).
 *
 * The key (time, then phase and insertion counter packed into one 64-bit
 * word) lives in the heap array beside the node pointer, and nodes are
 * not written while sifting: with a million pending events, chasing or
 * updating each node made the queue several times slower than a plain
 * heap (bench/bench_evq.c).  Cancels are lazy (see evq.h).  The counter
 * wraps after 2^56 pushes, far beyond any run.
 */
#include "evq.h"

#include <stdlib.h>

#include "err.h"

/* A 4-ary heap halves the depth of a binary one: at a million pending
 * events that is ten levels of cache misses fewer per pop. */
#define EVQ_ARITY 4
#define SEQ_MASK ((UINT64_C(1) << 56) - 1)

void evq_init(struct evq *q)
{
	q->heap = NULL;
	q->n = q->cap = q->live = 0;
	q->next_seq = 0;
	q->pushed = q->popped = 0;
}

void evq_release(struct evq *q)
{
	/* Nodes are not touched: their owners may already be gone. */
	free(q->heap);
	evq_init(q);
}

int evq_reserve(struct evq *q, size_t n)
{
	if (n <= q->cap)
		return 0;
	struct evq_slot *h = realloc(q->heap, n * sizeof *h);
	if (!h)
		return OS_ENOMEM;
	q->heap = h;
	q->cap = n;
	return 0;
}

static inline int slot_less(const struct evq_slot *a, const struct evq_slot *b)
{
	if (a->time != b->time)
		return a->time < b->time;
	return a->order < b->order;
}

static void sift_up(struct evq *q, size_t i)
{
	struct evq_slot e = q->heap[i];
	while (i > 0) {
		size_t p = (i - 1) / EVQ_ARITY;
		if (!slot_less(&e, &q->heap[p]))
			break;
		q->heap[i] = q->heap[p];
		i = p;
	}
	q->heap[i] = e;
}

static void sift_down(struct evq *q, size_t i)
{
	struct evq_slot e = q->heap[i];
	size_t n = q->n;
	for (;;) {
		size_t first = EVQ_ARITY * i + 1;
		if (first >= n)
			break;
		size_t last = first + EVQ_ARITY < n ? first + EVQ_ARITY : n;
		size_t c = first;
		for (size_t k = first + 1; k < last; k++)
			if (slot_less(&q->heap[k], &q->heap[c]))
				c = k;
		if (!slot_less(&q->heap[c], &e))
			break;
		q->heap[i] = q->heap[c];
		i = c;
	}
	q->heap[i] = e;
}

int evq_push(struct evq *q, struct evq_node *e, simtime_t time,
	     unsigned phase)
{
	BUG_ON(e->queued);
	BUG_ON(phase >= EVQ_PHASES);
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 256;
		int rc = evq_reserve(q, cap);
		if (rc)
			return rc;
	}
	e->time = time;
	e->phase = phase;
	e->seq = q->next_seq++ & SEQ_MASK;
	e->queued = 1;
	struct evq_slot *s = &q->heap[q->n];
	s->time = time;
	s->order = ((uint64_t)phase << 56) | e->seq;
	s->node = e;
	q->n++;
	q->live++;
	sift_up(q, q->n - 1);
	q->pushed++;
	return 0;
}

static inline int slot_live(const struct evq_slot *s)
{
	return s->node->queued && s->node->seq == (s->order & SEQ_MASK);
}

static void remove_top(struct evq *q)
{
	q->n--;
	if (q->n) {
		q->heap[0] = q->heap[q->n];
		sift_down(q, 0);
	}
}

struct evq_node *evq_peek(struct evq *q)
{
	while (q->n && !slot_live(&q->heap[0]))
		remove_top(q);
	return q->n ? q->heap[0].node : NULL;
}

struct evq_node *evq_pop(struct evq *q)
{
	struct evq_node *top = evq_peek(q);
	if (!top)
		return NULL;
	remove_top(q);
	top->queued = 0;
	q->live--;
	q->popped++;
	return top;
}

void evq_cancel(struct evq *q, struct evq_node *e)
{
	if (!e->queued)
		return;
	e->queued = 0;
	q->live--;
	/* Compact when stale entries dominate, so a long run of cancels
	 * cannot grow the array without bound. */
	if (q->n > 1024 && q->live < q->n / 4) {
		size_t k = 0;
		for (size_t i = 0; i < q->n; i++)
			if (slot_live(&q->heap[i]))
				q->heap[k++] = q->heap[i];
		q->n = k;
		for (size_t i = k / EVQ_ARITY + 1; i-- > 0;)
			sift_down(q, i);
	}
}
