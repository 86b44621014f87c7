/*
 * evq.h - the event queue: an intrusive 4-ary min-heap with a bucketed far level.
 *
 * Events are struct evq_node embedded in the objects they concern (a task's
 * end, a framework's next arrival, the master's allocation tick), so pushing
 * an event never allocates: entries are (key, pointer) slots in arrays that
 * grow by doubling.
 *
 * Order is (time, phase, seq).  Time is integer microseconds.  Phase orders
 * the kinds of event that fall on the same instant (see enum evq_phase).
 * seq is a global insertion counter, so two events with equal time and
 * phase pop in the order they were pushed: never in pointer order.
 *
 * Small queues are one 4-ary heap.  Once more than a few thousand events
 * are pending, only the near future stays in the heap and later events
 * wait, unsorted, in time buckets and an overflow array; a bucket moves
 * into the heap when the clock reaches it.  The split is on time alone
 * (all entries at or before the heap's limit are in the heap), so the
 * heap's exact order decides every tie and the two levels change speed,
 * never order.  See evq.c for the sizing rules.
 *
 * An event pushed ahead of everything queued (common: the instant being
 * handled asks for more work at that instant) waits in a single front
 * slot beside the heap, so it costs no sifting either way.
 *
 * Cancelling is lazy: the node is marked not queued and its entry becomes
 * stale (its seq no longer matches the node's), to be dropped when it
 * reaches the top.  That keeps sifting inside the arrays: maintaining a
 * back-index in every node made the queue several times slower with a
 * million pending events, from the scattered writes (bench/bench_evq.c).
 * A cancelled node may be pushed again at once.
 */
#ifndef OFFERSIM_EVQ_H
#define OFFERSIM_EVQ_H

#include <stddef.h>
#include <stdint.h>

#include "simtime.h"

/*
 * Phases of one instant, in the order they are handled.  Resources are
 * freed before new work is considered, offers are answered before the
 * allocator runs again, and the allocation pass sees everything that
 * happened at its instant.  The last phase is for anything that must see
 * the settled state of an instant (the metrics no longer need it: they
 * record a step when the clock moves on, see sim/core/steps.h).
 */
enum evq_phase {
	EVQ_PHASE_TASK_END = 0,   /* a task finishes: resources return */
	EVQ_PHASE_AGENT = 1,      /* agents join, leave or fail */
	EVQ_PHASE_ARRIVAL = 2,    /* a job is submitted to a framework */
	EVQ_PHASE_RESPONSE = 3,   /* a framework answers its offers */
	EVQ_PHASE_TIMEOUT = 4,    /* an unanswered offer is rescinded */
	EVQ_PHASE_FILTER = 5,     /* a decline filter expires */
	EVQ_PHASE_ALLOCATE = 6,   /* the master's allocation pass */
	EVQ_PHASE_SAMPLE = 7,     /* after everything else at the instant */
	EVQ_PHASES
};

struct evq_node {
	simtime_t time;
	uint64_t seq;
	uint32_t phase;
	uint32_t queued;    /* 1 while pushed and neither popped nor cancelled */
	uint32_t kind;      /* owner's event kind, for dispatch */
	uint32_t arg;       /* owner's argument (an id), for dispatch */
};

/* A slot keeps the sort key next to the node pointer, so sifting compares
 * within the array instead of chasing each node in memory.  key is the
 * time with its sign bit flipped, so unsigned order is time order. */
struct evq_slot {
	uint64_t key;
	uint64_t order;     /* phase in the top 8 bits, seq below */
	struct evq_node *node;
};

struct evq_chunk;       /* a run of slots of one far bucket (evq.c) */

struct evq {
	/* An entry earlier than every other, kept out of the heap: an event
	 * pushed for the instant being handled (the next task of a job
	 * arriving with it, the pass it asks for) is the next to pop, and
	 * goes in and out here without sifting.  Valid when has_front. */
	struct evq_slot front;
	int has_front;
	struct evq_slot *heap;
	size_t n, cap;      /* entries in the heap, live or stale */
	size_t live;        /* queued nodes */
	uint64_t next_seq;
	uint64_t pushed, popped;   /* counters for statistics */
	size_t ahead;       /* bytes from the next node to load early */

	/* The far level (evq.c); unused while far_on is 0. */
	int far_on;
	uint64_t hlim;      /* every entry with key <= hlim is in the heap */
	uint64_t base, wlast;      /* keys the buckets cover, inclusive */
	unsigned shift;     /* a bucket spans 2^shift microseconds */
	size_t nb, cur;     /* buckets in the window; next one to drain */
	size_t far_n;       /* entries in buckets */
	uint32_t *bhead, *btail;   /* chunk lists per bucket */
	size_t bcap;
	struct evq_chunk *chunk;
	uint32_t chunk_n, chunk_cap, chunk_used, chunk_free;
	struct evq_slot *over;     /* entries after wlast, unsorted */
	size_t over_n, over_cap;
};

/* Initialize an empty queue; evq_release frees the arrays and never
 * touches the nodes (their owners may be gone). */
void evq_init(struct evq *q);

/* After each pop, start loading `bytes` from the node that is then the
 * earliest (at least its own; EVQ_AHEAD_MAX at most).  For owners whose
 * node heads a larger record that the handler reads whole: by the time
 * the current event is handled, the next one's record is on its way.
 * Only a hint: prefetching never faults, and it changes no order. */
#define EVQ_AHEAD_MAX 1024
void evq_read_ahead(struct evq *q, size_t bytes);
void evq_release(struct evq *q);

/* Reserve room for n events in the heap and the overflow array, so that
 * later pushes rarely reallocate (the buckets' chunks still grow on
 * demand). */
int evq_reserve(struct evq *q, size_t n);

/* Mark a node as not queued; call once before first use. */
static inline void evq_node_init(struct evq_node *e, uint32_t kind,
				 uint32_t arg)
{
	e->time = 0;
	e->seq = 0;
	e->phase = 0;
	e->queued = 0;
	e->kind = kind;
	e->arg = arg;
}

static inline int evq_node_queued(const struct evq_node *e)
{
	return e->queued != 0;
}

/*
 * Queue e at (time, phase).  e must not be queued already.  Returns 0, or
 * OS_ENOMEM when the array could not grow (the queue is unchanged).
 */
int evq_push(struct evq *q, struct evq_node *e, simtime_t time,
	     unsigned phase);

/* Remove and return the earliest event, or NULL when empty. */
struct evq_node *evq_pop(struct evq *q);

/* The earliest event without removing it, or NULL.  (It drops stale
 * entries from the top, hence the non-const queue.) */
struct evq_node *evq_peek(struct evq *q);

/* The node that is likely to pop next, unchecked: it may be stale (its
 * owner cancelled, even freed and reused), so it serves only to start
 * loads early (evq_read_ahead says why), never to decide anything.  NULL
 * when the near level is empty. */
static inline const struct evq_node *evq_upcoming(const struct evq *q)
{
	if (q->has_front)
		return q->front.node;
	return q->n ? q->heap[0].node : NULL;
}

/* Unqueue a node; a node not queued is left alone.  O(1). */
void evq_cancel(struct evq *q, struct evq_node *e);

/* Number of queued events (stale entries not counted). */
static inline size_t evq_size(const struct evq *q) { return q->live; }

#endif
