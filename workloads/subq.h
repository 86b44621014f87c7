/*
 * subq.h - the queue of complete records of a reordering trace reader,
 * released in (submit, job, task, serial) order (subq.c).
 *
 * The Google reader (google2011.c) completes a record at its attempt's
 * end but must deliver records in submit order, so hundreds of thousands
 * of them wait here on a long read.  It pushes only records at or above
 * the last one it took out (a record's attempt was open, so no earlier
 * one could be let out past it), which is what a radix heap needs: keys
 * go into buckets by the highest bit in which they differ from the last
 * key taken out, a bucket is an append, and taking out redistributes one
 * bucket into lower ones.  The memory it touches is sequential, where a
 * heap of that size costs a cache miss per level of every sift.  A key
 * pushed below the last one (never by the reader) still comes out in
 * order: it joins the keys equal to the last, which are kept in a small
 * heap on the whole key.
 *
 * Memory: the keys in 2 KB chunks (at most one partly filled per
 * bucket), a pool that keeps its largest size, and the tie heap.  When
 * most keys held share one submit time, the tie heap holds them while
 * the chunks they left stay in the pool: about twice the keys' size,
 * the bound of a heap's doubling array too.
 */
#ifndef OFFERSIM_SUBQ_H
#define OFFERSIM_SUBQ_H

#include <stddef.h>
#include <stdint.h>

/* A record's order (submit, then job, task, serial; no two keys of a
 * reader tie on all four) and the reader's reference to its body. */
struct subq_key {
	int64_t submit, job, task;
	uint64_t serial;
	uint32_t ref;
};

/* Buckets are lists of chunks of SUBQ_CHUNK keys from one pool, so that
 * the keys a redistribution takes out of a chunk free it for the keys it
 * puts in: memory follows what the queue holds, with no array per bucket
 * sized for the most it ever held. */
#define SUBQ_CHUNK 51           /* keys per chunk: about 2 KB */
#define SUBQ_NONE UINT32_MAX

struct subq_chunk {
	uint32_t next;            /* the bucket's next chunk, or the next
				     free one; SUBQ_NONE at the end */
	uint32_t n;
	struct subq_key k[SUBQ_CHUNK];
};

struct subq_bucket {
	uint32_t head;            /* first chunk (the one filling), or
				     SUBQ_NONE when empty (or never used:
				     0 in a queue of all zeros, see n) */
	size_t n;                 /* keys */
	uint64_t min;             /* least submit (as subq_u), while n > 0 */
	uint32_t min_ref;         /* the ref of a key with that submit */
};

struct subq {
	/* subq_u of the least submit of the last bucket emptied: the last
	 * key taken out, or above it when keys pushed below it came out
	 * since. */
	uint64_t last;
	/* Keys at or below last (equal to it, unless pushed below it), a
	 * binary heap on the whole key. */
	struct subq_key *tie;
	size_t tn, tcap;
	/* Bucket b (1..64): keys above last whose highest bit differing
	 * from last is bit b - 1; bit b - 1 of mask set when not empty. */
	struct subq_bucket b[65];
	uint64_t mask;
	struct subq_chunk *chunk; /* the pool */
	uint32_t ccap, cused;     /* chunks, chunks ever taken */
	uint32_t cfree;           /* first free chunk + 1, 0 none */
	size_t n, peak;
};

/* An empty queue (as is one of all zeros); release frees its memory
 * and leaves it empty. */
void subq_init(struct subq *q);
void subq_release(struct subq *q);

/* Add k: 0, or OS_ENOMEM with the queue as it was. */
int subq_push(struct subq *q, const struct subq_key *k);

static inline size_t subq_count(const struct subq *q)
{
	return q->n;
}

/* The least submit time held; q must not be empty. */
int64_t subq_min_submit(const struct subq *q);

/* Take out the least key into *out: 0, or OS_ENOMEM (a bucket's keys are
 * redistributed first), after which q may only be released; q must not
 * be empty. */
int subq_pop(struct subq *q, struct subq_key *out);

/* The reference of the key most likely taken out next, to fetch its body
 * early; q must not be empty.  Exact while the tie heap holds keys;
 * otherwise that of a key with the least submit, which is the next one
 * unless that submit time is shared. */
uint32_t subq_peek_ref(const struct subq *q);

/* For tests: 0 when every invariant of subq.c holds (the buckets' keys,
 * counts, least submits and mask; the tie heap's order; every chunk of
 * the pool in exactly one bucket or the free list, and only a bucket's
 * first one partly filled), else the number of the first that fails. */
int subq_check(const struct subq *q);

/* For tests: the allocator subq calls instead of realloc (NULL restores
 * realloc), to make it run out of memory on purpose. */
void subq_test_realloc(void *(*fn)(void *p, size_t size));

#endif
