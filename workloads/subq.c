/*
 * subq.c - a radix heap of records keyed by submit time, with the ties
 * of one submit time in a small heap on the whole key (see subq.h).
 *
 * Invariant: every key in bucket b (1..64) is above last, and the
 * highest bit of subq_u(submit) ^ last is bit b - 1; every key at or
 * below last is in the tie heap.  So when the tie heap holds anything,
 * its top is the least key (anything in a bucket has a later submit).
 * When it is empty, the least key is in the lowest non-empty bucket, whose
 * least submit becomes last: its keys equal to it go to the tie heap and
 * the others to lower buckets (they agree with the new last on bit b - 1
 * and above).  A key moves down at most 64 times, each time in a
 * sequential pass over a bucket.
 *
 * The order taken out is the total order of the whole key, exactly as a
 * single heap on (submit, job, task, serial) gives it, whatever was
 * pushed when: tests/test_subq.c checks it against a plain search.
 */
#include "subq.h"

#include <stdlib.h>
#include <string.h>

#include "../sim/core/err.h"

/* realloc, or a test's stand-in (subq_test_realloc). */
static void *(*grow_fn)(void *p, size_t size) = realloc;

void subq_test_realloc(void *(*fn)(void *p, size_t size))
{
	grow_fn = fn ? fn : realloc;
}

/* Submit times as unsigned, in the same order (the sign bit flipped). */
static uint64_t subq_u(int64_t submit)
{
	return (uint64_t)submit ^ (UINT64_C(1) << 63);
}

static int key_less(const struct subq_key *a, const struct subq_key *b)
{
	if (a->submit != b->submit)
		return a->submit < b->submit;
	if (a->job != b->job)
		return a->job < b->job;
	if (a->task != b->task)
		return a->task < b->task;
	return a->serial < b->serial;
}

/* All zeros is an empty queue too (a bucket's head and min count only
 * while it holds keys). */
void subq_init(struct subq *q)
{
	memset(q, 0, sizeof *q);
}

void subq_release(struct subq *q)
{
	free(q->tie);
	free(q->chunk);
	subq_init(q);
}

/* Room for `want` keys in the tie heap, growing by half again: 0, or
 * OS_ENOMEM as it was. */
static int tie_room(struct subq *q, size_t want)
{
	if (want <= q->tcap)
		return 0;
	if (want > SIZE_MAX / 2 / sizeof *q->tie)
		return OS_ENOMEM;
	size_t ncap = q->tcap + q->tcap / 2;
	if (ncap < want)
		ncap = want;
	if (ncap < 64)
		ncap = 64;
	struct subq_key *n = grow_fn(q->tie, ncap * sizeof *n);
	if (!n)
		return OS_ENOMEM;
	q->tie = n;
	q->tcap = ncap;
	return 0;
}

/* A chunk off the free list or the pool's end, or SUBQ_NONE out of
 * memory (the pool as it was). */
static uint32_t chunk_get(struct subq *q)
{
	if (q->cfree) {
		uint32_t c = q->cfree - 1;
		q->cfree = q->chunk[c].next == SUBQ_NONE ? 0
			 : q->chunk[c].next + 1;
		return c;
	}
	if (q->cused == q->ccap) {
		/* (The second bound matters where size_t has 32 bits.) */
		size_t most = SIZE_MAX / 2 / sizeof *q->chunk;
		if (q->ccap >= SUBQ_NONE / 2 || (size_t)q->ccap > most)
			return SUBQ_NONE;
		uint32_t ncap = q->ccap ? q->ccap * 2 : 64;
		struct subq_chunk *n = grow_fn(q->chunk, (size_t)ncap * sizeof *n);
		if (!n)
			return SUBQ_NONE;
		q->chunk = n;
		q->ccap = ncap;
	}
	return q->cused++;
}

static void chunk_put(struct subq *q, uint32_t c)
{
	q->chunk[c].next = q->cfree ? q->cfree - 1 : SUBQ_NONE;
	q->cfree = c + 1;
}

static void tie_push(struct subq *q, const struct subq_key *k)
{
	size_t i = q->tn++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!key_less(k, &q->tie[p]))
			break;
		q->tie[i] = q->tie[p];
		i = p;
	}
	q->tie[i] = *k;
}

static void tie_pop(struct subq *q, struct subq_key *out)
{
	*out = q->tie[0];
	struct subq_key last = q->tie[--q->tn];
	size_t i = 0, n = q->tn;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && key_less(&q->tie[c + 1], &q->tie[c]))
			c++;
		if (!key_less(&q->tie[c], &last))
			break;
		q->tie[i] = q->tie[c];
		i = c;
	}
	if (n)
		q->tie[i] = last;
}

/* The bucket of a key above last. */
static int bucket_of(uint64_t u, uint64_t last)
{
	return 64 - __builtin_clzll(u ^ last);
}

/* Add k (with u = subq_u of its submit) to bucket b: 0, or OS_ENOMEM
 * as it was. */
static int bucket_add(struct subq *q, int b, const struct subq_key *k,
		      uint64_t u)
{
	struct subq_bucket *x = &q->b[b];
	if (x->n == 0 || q->chunk[x->head].n == SUBQ_CHUNK) {
		uint32_t c = chunk_get(q);
		if (c == SUBQ_NONE)
			return OS_ENOMEM;
		q->chunk[c].next = x->n ? x->head : SUBQ_NONE;
		q->chunk[c].n = 0;
		x->head = c;
	}
	struct subq_chunk *h = &q->chunk[x->head];
	h->k[h->n++] = *k;
	if (x->n == 0 || u < x->min) {
		x->min = u;
		x->min_ref = k->ref;
	}
	x->n++;
	q->mask |= UINT64_C(1) << (b - 1);
	return 0;
}

int subq_push(struct subq *q, const struct subq_key *k)
{
	uint64_t u = subq_u(k->submit);
	if (u <= q->last) {
		if (tie_room(q, q->tn + 1))
			return OS_ENOMEM;
		tie_push(q, k);
	} else if (bucket_add(q, bucket_of(u, q->last), k, u)) {
		return OS_ENOMEM;
	}
	if (++q->n > q->peak)
		q->peak = q->n;
	return 0;
}

int64_t subq_min_submit(const struct subq *q)
{
	if (q->tn)
		return q->tie[0].submit;
	int b = __builtin_ctzll(q->mask) + 1;
	return (int64_t)(q->b[b].min ^ (UINT64_C(1) << 63));
}

uint32_t subq_peek_ref(const struct subq *q)
{
	if (q->tn)
		return q->tie[0].ref;
	return q->b[__builtin_ctzll(q->mask) + 1].min_ref;
}

/*
 * Empty the lowest bucket into the tie heap and lower buckets, its least
 * submit becoming last.  The bucket may hold most of the queue: each of
 * its chunks goes back to the pool as soon as its keys have moved, and
 * the next chunk a lower bucket needs is that one, so the move takes
 * about no more memory than the keys held.  A failure to grow leaves the
 * queue fit only for subq_release (keys not moved yet are lost), which
 * is all a reader does after running out of memory.
 */
static int redistribute(struct subq *q)
{
	int b = __builtin_ctzll(q->mask) + 1;
	struct subq_bucket *x = &q->b[b];
	uint64_t last = x->min;
	uint32_t c = x->head;
	x->n = 0;
	q->mask &= ~(UINT64_C(1) << (b - 1));
	q->last = last;
	while (c != SUBQ_NONE) {
		/* The chunk's keys, out before the chunk is reused (a
		 * lower bucket may take it at once). */
		struct subq_key tmp[SUBQ_CHUNK];
		uint32_t n = q->chunk[c].n, next = q->chunk[c].next;
		memcpy(tmp, q->chunk[c].k, n * sizeof *tmp);
		chunk_put(q, c);
		for (uint32_t i = 0; i < n; i++) {
			uint64_t u = subq_u(tmp[i].submit);
			if (u == last) {
				if (tie_room(q, q->tn + 1))
					return OS_ENOMEM;
				tie_push(q, &tmp[i]);
			} else if (bucket_add(q, bucket_of(u, last), &tmp[i], u)) {
				return OS_ENOMEM;
			}
		}
		c = next;
	}
	return 0;
}

int subq_pop(struct subq *q, struct subq_key *out)
{
	if (!q->tn) {
		int rc = redistribute(q);
		if (rc)
			return rc;
	}
	tie_pop(q, out);
	q->n--;
	return 0;
}

int subq_check(const struct subq *q)
{
	for (size_t i = 1; i < q->tn; i++)
		if (key_less(&q->tie[i], &q->tie[(i - 1) / 2]))
			return 1;
	for (size_t i = 0; i < q->tn; i++)
		if (subq_u(q->tie[i].submit) > q->last)
			return 2;
	if (q->cused > q->ccap || q->cfree > q->cused)
		return 3;
	/* Each chunk seen once: in a bucket, or free. */
	unsigned char *seen = calloc(q->cused ? q->cused : 1, 1);
	if (!seen)
		return 4;
	int bad = 0;
	size_t total = q->tn;
	for (int b = 1; b <= 64 && !bad; b++) {
		const struct subq_bucket *x = &q->b[b];
		int on = (q->mask >> (b - 1)) & 1;
		if (on != (x->n > 0)) {
			bad = 5;
			break;
		}
		size_t n = 0;
		uint64_t min = UINT64_MAX;
		int minref_ok = 0;
		for (uint32_t c = x->n ? x->head : SUBQ_NONE; c != SUBQ_NONE;
		     c = q->chunk[c].next) {
			if (c >= q->cused || seen[c]) {
				bad = 6;
				break;
			}
			seen[c] = 1;
			const struct subq_chunk *h = &q->chunk[c];
			if (h->n == 0 || h->n > SUBQ_CHUNK ||
			    (c != x->head && h->n != SUBQ_CHUNK)) {
				bad = 7;
				break;
			}
			for (uint32_t i = 0; i < h->n; i++) {
				uint64_t u = subq_u(h->k[i].submit);
				if (u <= q->last || bucket_of(u, q->last) != b) {
					bad = 8;
					break;
				}
				if (u < min)
					min = u;
			}
			n += h->n;
		}
		if (bad)
			break;
		if (n != x->n || (n && min != x->min)) {
			bad = 9;
			break;
		}
		for (uint32_t c = x->n ? x->head : SUBQ_NONE; c != SUBQ_NONE && n;
		     c = q->chunk[c].next)
			for (uint32_t i = 0; i < q->chunk[c].n; i++)
				minref_ok |= q->chunk[c].k[i].ref == x->min_ref &&
					     subq_u(q->chunk[c].k[i].submit) == min;
		if (n && !minref_ok)
			bad = 10;
		total += n;
	}
	for (uint32_t c = q->cfree ? q->cfree - 1 : SUBQ_NONE;
	     !bad && c != SUBQ_NONE; c = q->chunk[c].next) {
		if (c >= q->cused || seen[c])
			bad = 11;
		else
			seen[c] = 1;
	}
	for (uint32_t c = 0; !bad && c < q->cused; c++)
		if (!seen[c])
			bad = 12;
	free(seen);
	if (!bad && total != q->n)
		bad = 13;
	return bad;
}
