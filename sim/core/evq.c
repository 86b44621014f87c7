/*
 * evq.c - the event queue: a 4-ary heap of (key, node) slots for the near
 * future and, for large queues, time buckets for the far future.
 *
 * Why two levels: with a million pending events a heap is twenty levels of
 * cache misses per pop, while a simulation only ever needs the next few.
 * Here the heap holds the events up to a time limit (hlim) and stays small
 * enough to live in cache; later events sit unsorted in a window of 2^k
 * buckets of 2^shift microseconds each, or past the window in an overflow
 * array.  Pushing to a bucket is an append.  When the heap runs dry the
 * next non-empty bucket moves into it and hlim advances to that bucket's
 * end; when the window is used up, it is laid out again over the overflow.
 *
 * Exactness: the levels are split on time only, and the invariant is that
 * every entry whose time is at or before hlim is in the heap, every bucket
 * entry is later than hlim and earlier than any overflow entry.  So the
 * heap's top is the global minimum of (time, phase, seq), and all ties are
 * decided by the heap's full comparison, exactly as with a single heap.
 *
 * Sizing: a queue stays a plain heap until it holds EVQ_SPILL entries.
 * Then the latest three quarters (by a sampled quartile of time) move to
 * the overflow.  A window is laid out with about EVQ_PER_BUCKET entries per
 * bucket (between EVQ_NB_MIN and EVQ_NB_MAX buckets), its width taken from
 * a sample of the overflow's times so that a few far outliers (a horizon
 * event, a job a year out) cannot stretch it: what lies beyond the window
 * waits for the next layout.  When no more than EVQ_SMALL entries remain
 * the queue goes back to being one heap.
 *
 * Front slot: an entry pushed ahead of every other (the heap's top, or
 * with the heap empty anything within hlim) is kept in q->front instead,
 * and pops from there; one pushed ahead of the front sends the front into
 * the heap.  The front is thus always the minimum when present, and the
 * order is the heap's.
 *
 * Keys are times with the sign bit flipped, so unsigned order is time
 * order and all of int64 is covered.  Cancels are lazy (see evq.h): a stale
 * entry travels through the levels and is dropped at the heap's top, and
 * when stale entries outnumber live ones three to one all levels are
 * compacted.  The counter wraps after 2^56 pushes, far beyond any run.
 * Memory that cannot be had for a new layout leaves the queue correct but
 * slow: the overflow is then searched linearly for its minimum.
 */
#include "evq.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"

/* A 4-ary heap halves the depth of a binary one, and with the heap small
 * its four children share a couple of cache lines. */
#define EVQ_ARITY 4
#define SEQ_MASK ((UINT64_C(1) << 56) - 1)
#define KEY_BIAS (UINT64_C(1) << 63)

#define EVQ_SPILL 8192          /* heap entries that start the far level */
#define EVQ_SMALL 2048          /* at most this many left: one heap again */
#define EVQ_PER_BUCKET 128      /* target entries per bucket */
#define EVQ_NB_MIN 16
#define EVQ_NB_MAX (1u << 12)
#define EVQ_SAMPLE 63           /* overflow keys sampled to size a window */
#define EVQ_CHUNK 20            /* slots per bucket chunk: about 500 bytes */
#define NONE UINT32_MAX

/* Kept inline in the push and pop paths, which the compiler would
 * otherwise call out to once they have several callers. */
#if defined(__GNUC__) || defined(__clang__)
#define EVQ_HOT static inline __attribute__((always_inline))
#else
#define EVQ_HOT static inline
#endif

struct evq_chunk {
	uint32_t next, n;
	struct evq_slot s[EVQ_CHUNK];
};

void evq_init(struct evq *q)
{
	memset(q, 0, sizeof *q);
	q->chunk_free = NONE;
	q->ahead = sizeof(struct evq_node);
}

void evq_read_ahead(struct evq *q, size_t bytes)
{
	if (bytes < sizeof(struct evq_node))
		bytes = sizeof(struct evq_node);
	q->ahead = bytes < EVQ_AHEAD_MAX ? bytes : EVQ_AHEAD_MAX;
}

void evq_release(struct evq *q)
{
	/* Nodes are not touched: their owners may already be gone. */
	free(q->heap);
	free(q->bhead);
	free(q->btail);
	free(q->chunk);
	free(q->over);
	evq_init(q);
}

/* Capacity for want elements of size elem in *cap's array p, doubling
 * from 256; the new array, or NULL with p untouched. */
static void *grow(void *p, size_t *cap, size_t want, size_t elem)
{
	if (want <= *cap)
		return p;
	size_t c = *cap ? *cap : 256;
	while (c < want)
		c *= 2;
	void *np = realloc(p, c * elem);
	if (np)
		*cap = c;
	return np;
}

static int heap_room(struct evq *q, size_t want)
{
	if (want <= q->cap)
		return 0;
	struct evq_slot *h = grow(q->heap, &q->cap, want, sizeof *h);
	if (!h)
		return OS_ENOMEM;
	q->heap = h;
	return 0;
}

static int over_room(struct evq *q, size_t want)
{
	if (want <= q->over_cap)
		return 0;
	struct evq_slot *o = grow(q->over, &q->over_cap, want, sizeof *o);
	if (!o)
		return OS_ENOMEM;
	q->over = o;
	return 0;
}

int evq_reserve(struct evq *q, size_t n)
{
	int rc = heap_room(q, n);
	return rc ? rc : over_room(q, n);
}

/* ---- the heap ---------------------------------------------------------- */

static inline int slot_less(const struct evq_slot *a, const struct evq_slot *b)
{
	if (a->key != b->key)
		return a->key < b->key;
	return a->order < b->order;
}

EVQ_HOT void sift_up(struct evq_slot *h, size_t i)
{
	struct evq_slot e = h[i];
	while (i > 0) {
		size_t p = (i - 1) / EVQ_ARITY;
		if (!slot_less(&e, &h[p]))
			break;
		h[i] = h[p];
		i = p;
	}
	h[i] = e;
}

static void sift_down(struct evq_slot *h, size_t n, size_t i)
{
	struct evq_slot e = h[i];
	for (;;) {
		size_t first = EVQ_ARITY * i + 1;
		if (first >= n)
			break;
		size_t last = first + EVQ_ARITY < n ? first + EVQ_ARITY : n;
		size_t c = first;
		for (size_t k = first + 1; k < last; k++)
			if (slot_less(&h[k], &h[c]))
				c = k;
		if (!slot_less(&h[c], &e))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = e;
}

static void heapify(struct evq_slot *h, size_t n)
{
	if (n < 2)
		return;
	for (size_t i = (n - 2) / EVQ_ARITY + 1; i-- > 0;)
		sift_down(h, n, i);
}

static inline int slot_live(const struct evq_slot *s)
{
	return s->node->queued && s->node->seq == (s->order & SEQ_MASK);
}

EVQ_HOT void remove_top(struct evq *q)
{
	q->n--;
	if (q->n) {
		q->heap[0] = q->heap[q->n];
		sift_down(q->heap, q->n, 0);
		/* The next pop reads this node to check it is live, and its
		 * handler likely the record it heads (evq_read_ahead); start
		 * the loads now, while the caller handles this event. */
		const char *nd = (const char *)q->heap[0].node;
		for (size_t b = 0; b < q->ahead; b += 64)
			__builtin_prefetch(nd + b);
		__builtin_prefetch(nd + q->ahead - 1);
	}
}

/* ---- buckets ----------------------------------------------------------- */

static uint32_t chunk_get(struct evq *q)
{
	uint32_t c = q->chunk_free;
	if (c != NONE) {
		q->chunk_free = q->chunk[c].next;
	} else {
		BUG_ON(q->chunk_n == q->chunk_cap);
		c = q->chunk_n++;
	}
	q->chunk_used++;
	q->chunk[c].next = NONE;
	q->chunk[c].n = 0;
	return c;
}

/* Room for `more` chunks beyond those in use, so that bucket_add cannot
 * fail afterwards.  Free chunks are the never-used tail of the array and
 * the free list: chunk_cap - chunk_used of them. */
static int chunk_room(struct evq *q, size_t more)
{
	if (q->chunk_cap - q->chunk_used >= more)
		return 0;
	size_t want = (size_t)q->chunk_used + more;
	if (want >= NONE)
		return OS_ENOMEM;
	size_t cap = q->chunk_cap;
	struct evq_chunk *c = grow(q->chunk, &cap, want, sizeof *c);
	if (!c)
		return OS_ENOMEM;
	q->chunk = c;
	q->chunk_cap = (uint32_t)(cap < NONE ? cap : NONE - 1);
	return 0;
}

static void bucket_add(struct evq *q, size_t b, const struct evq_slot *s)
{
	uint32_t t = q->btail[b];
	if (t == NONE || q->chunk[t].n == EVQ_CHUNK) {
		uint32_t c = chunk_get(q);
		if (t == NONE)
			q->bhead[b] = c;
		else
			q->chunk[t].next = c;
		q->btail[b] = t = c;
	}
	q->chunk[t].s[q->chunk[t].n++] = *s;
	q->far_n++;
}

/* Free every chunk of bucket b and append its slots to dst (room known). */
static size_t bucket_take(struct evq *q, size_t b, struct evq_slot *dst)
{
	size_t k = 0;
	uint32_t c = q->bhead[b];
	while (c != NONE) {
		struct evq_chunk *ch = &q->chunk[c];
		memcpy(dst + k, ch->s, ch->n * sizeof *dst);
		k += ch->n;
		uint32_t next = ch->next;
		ch->next = q->chunk_free;
		q->chunk_free = c;
		q->chunk_used--;
		c = next;
	}
	q->bhead[b] = q->btail[b] = NONE;
	q->far_n -= k;
	return k;
}

static size_t bucket_count(const struct evq *q, size_t b)
{
	size_t k = 0;
	for (uint32_t c = q->bhead[b]; c != NONE; c = q->chunk[c].next)
		k += q->chunk[c].n;
	return k;
}

/* ---- moving between levels --------------------------------------------- */

static void sort_keys(uint64_t *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t v = a[i];
		size_t j = i;
		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

/* A sampled key of s[0..n) near quantile num/den, by an even stride
 * (deterministic, and enough to place a boundary). */
static uint64_t sample_key(const struct evq_slot *s, size_t n, size_t num,
			   size_t den)
{
	uint64_t k[EVQ_SAMPLE];
	size_t m = n < EVQ_SAMPLE ? n : EVQ_SAMPLE;
	for (size_t i = 0; i < m; i++)
		k[i] = s[i * n / m].key;
	sort_keys(k, m);
	size_t at = m * num / den;
	return k[at < m ? at : m - 1];
}

/* The heap has grown large with the far level off: keep the earliest
 * quarter in it and move the rest to the overflow.  Skipped (the queue
 * stays one heap a while longer) if the overflow cannot grow. */
static void spill(struct evq *q)
{
	if (over_room(q, q->over_n + q->n))
		return;
	uint64_t lim = sample_key(q->heap, q->n, 1, 4);
	size_t k = 0;
	for (size_t i = 0; i < q->n; i++) {
		if (q->heap[i].key <= lim)
			q->heap[k++] = q->heap[i];
		else
			q->over[q->over_n++] = q->heap[i];
	}
	q->n = k;
	heapify(q->heap, q->n);
	q->far_on = 1;
	q->hlim = lim;
	q->nb = q->cur = 0;
	q->wlast = lim;          /* no window yet: later entries overflow */
}

/* Lay a new window of buckets over the overflow.  Called with the heap and
 * the buckets empty.  Returns 0, or OS_ENOMEM with nothing changed. */
static int layout(struct evq *q)
{
	size_t c = q->over_n;
	uint64_t lo = UINT64_MAX;
	for (size_t i = 0; i < c; i++)
		if (q->over[i].key < lo)
			lo = q->over[i].key;
	size_t nb = EVQ_NB_MIN;
	while (nb < EVQ_NB_MAX && nb * EVQ_PER_BUCKET < c)
		nb *= 2;
	/* Cover about nb * EVQ_PER_BUCKET entries, and never reach beyond
	 * the sample's 90th percentile, so far outliers do not set the
	 * width. */
	size_t num = nb * EVQ_PER_BUCKET, den = c;
	if (num * 10 > den * 9) {
		num = 9;
		den = 10;
	}
	uint64_t hi = sample_key(q->over, c, num, den);
	uint64_t span = hi - lo;        /* width needed, minus one */
	unsigned lognb = 0;
	while (((size_t)1 << lognb) < nb)
		lognb++;
	unsigned shift = 0;
	while (shift < 64 - lognb && (span >> shift) >= nb)
		shift++;
	uint64_t wlast;
	if (shift + lognb >= 64)
		wlast = UINT64_MAX;
	else {
		uint64_t w = ((uint64_t)nb << shift) - 1;
		wlast = w > UINT64_MAX - lo ? UINT64_MAX : lo + w;
	}

	if (nb > q->bcap) {
		uint32_t *h = realloc(q->bhead, nb * sizeof *h);
		if (!h)
			return OS_ENOMEM;
		q->bhead = h;
		uint32_t *t = realloc(q->btail, nb * sizeof *t);
		if (!t)
			return OS_ENOMEM;
		q->btail = t;
		q->bcap = nb;
	}
	if (chunk_room(q, c / EVQ_CHUNK + nb + 1))
		return OS_ENOMEM;
	for (size_t b = 0; b < nb; b++)
		q->bhead[b] = q->btail[b] = NONE;
	q->nb = nb;
	q->cur = 0;
	q->base = lo;
	q->shift = shift;
	q->wlast = wlast;
	size_t k = 0;
	for (size_t i = 0; i < c; i++) {
		const struct evq_slot *s = &q->over[i];
		if (s->key <= wlast)
			bucket_add(q, (size_t)((s->key - lo) >> shift), s);
		else
			q->over[k++] = *s;
	}
	q->over_n = k;
	return 0;
}

/* The heap is empty: move the next bucket into it, laying out a new
 * window first if this one is used up, or return to a single heap when
 * little is left.  Returns 1 when the heap has entries again, 0 when the
 * queue holds nothing, -1 when the overflow must be searched instead
 * (no memory for a window). */
static int refill(struct evq *q)
{
	if (!q->far_n) {
		if (!q->over_n) {
			q->far_on = 0;
			return 0;
		}
		if (q->over_n <= EVQ_SMALL && !heap_room(q, q->over_n)) {
			memcpy(q->heap, q->over, q->over_n * sizeof *q->heap);
			q->n = q->over_n;
			q->over_n = 0;
			heapify(q->heap, q->n);
			q->far_on = 0;
			q->nb = q->cur = 0;
			return 1;
		}
		if (layout(q))
			return -1;
	}
	while (q->bhead[q->cur] == NONE)
		q->cur++;
	size_t m = bucket_count(q, q->cur);
	if (heap_room(q, m))
		return -1;
	q->n = bucket_take(q, q->cur, q->heap);
	heapify(q->heap, q->n);
	/* These events pop within the next few hundred operations, and each
	 * pop reads its node: start the loads together now rather than one
	 * cache miss at a time. */
	for (size_t i = 0; i < q->n; i++)
		__builtin_prefetch(q->heap[i].node);
	q->cur++;
	/* The heap now holds everything up to the drained bucket's end. */
	if (q->cur >= q->nb) {
		q->hlim = q->wlast;
	} else {
		uint64_t end = ((uint64_t)q->cur << q->shift) - 1;
		q->hlim = end > UINT64_MAX - q->base ? UINT64_MAX
						     : q->base + end;
	}
	return 1;
}

/* Without memory for a window, the earliest live overflow entry found by
 * a linear search (the heap and buckets being empty); its index, or
 * SIZE_MAX when nothing is left. */
static size_t over_min(struct evq *q)
{
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < q->over_n;) {
		if (!slot_live(&q->over[i])) {
			q->over[i] = q->over[--q->over_n];
			continue;
		}
		if (best == SIZE_MAX || slot_less(&q->over[i], &q->over[best]))
			best = i;
		i++;
	}
	return best;
}

/* ---- the interface ----------------------------------------------------- */

/* Into the heap (room known). */
EVQ_HOT void heap_add(struct evq *q, const struct evq_slot *s)
{
	q->heap[q->n] = *s;
	sift_up(q->heap, q->n);
	q->n++;
}

int evq_push(struct evq *q, struct evq_node *e, simtime_t time,
	     unsigned phase)
{
	BUG_ON(e->queued);
	BUG_ON(phase >= EVQ_PHASES);
	uint64_t key = (uint64_t)time ^ KEY_BIAS;
	uint64_t seq = q->next_seq & SEQ_MASK;
	struct evq_slot s = {key, ((uint64_t)phase << 56) | seq, e};
	if (!q->far_on || key <= q->hlim) {
		/* The front slot holds an entry earlier than all others: the
		 * heap's top bounds the heap, and hlim (which key is within)
		 * the levels beyond.  A stale top bounds the live entries
		 * too, so it may be compared with. */
		if (q->has_front) {
			if (heap_room(q, q->n + 1))
				return OS_ENOMEM;
			if (slot_less(&s, &q->front)) {
				heap_add(q, &q->front);
				q->front = s;
			} else {
				heap_add(q, &s);
			}
		} else if (q->n == 0 || slot_less(&s, &q->heap[0])) {
			q->front = s;
			q->has_front = 1;
		} else {
			if (heap_room(q, q->n + 1))
				return OS_ENOMEM;
			heap_add(q, &s);
		}
	} else if (key <= q->wlast) {
		if (chunk_room(q, 1))
			return OS_ENOMEM;
		bucket_add(q, (size_t)((key - q->base) >> q->shift), &s);
	} else {
		if (over_room(q, q->over_n + 1))
			return OS_ENOMEM;
		q->over[q->over_n++] = s;
	}
	q->next_seq++;
	e->time = time;
	e->phase = phase;
	e->seq = seq;
	e->queued = 1;
	q->live++;
	q->pushed++;
	if (!q->far_on && q->n >= EVQ_SPILL)
		spill(q);
	return 0;
}

/* Where the earliest live event is: the front slot, the heap's top
 * (returns q->heap), an overflow slot when searching linearly, or NULL
 * when the queue is empty. */
static struct evq_slot *top(struct evq *q, size_t *over_at)
{
	if (q->has_front) {
		if (slot_live(&q->front))
			return &q->front;
		q->has_front = 0;
	}
	for (;;) {
		while (q->n && !slot_live(&q->heap[0]))
			remove_top(q);
		if (q->n)
			return q->heap;
		if (!q->far_on)
			return NULL;
		int r = refill(q);
		if (r == 0)
			return NULL;
		if (r < 0) {
			size_t i = over_min(q);
			if (i == SIZE_MAX)
				return NULL;
			*over_at = i;
			return &q->over[i];
		}
	}
}

struct evq_node *evq_peek(struct evq *q)
{
	size_t at;
	struct evq_slot *s = top(q, &at);
	return s ? s->node : NULL;
}

struct evq_node *evq_pop(struct evq *q)
{
	size_t at = 0;
	struct evq_slot *s = top(q, &at);
	if (!s)
		return NULL;
	struct evq_node *e = s->node;
	if (s == &q->front)
		q->has_front = 0;
	else if (s == q->heap)
		remove_top(q);
	else
		q->over[at] = q->over[--q->over_n];
	e->queued = 0;
	q->live--;
	q->popped++;
	return e;
}

/* Drop stale entries from every level.  The buckets' live entries join
 * the overflow, and the next refill lays a fresh window over them. */
static void compact(struct evq *q)
{
	if (q->has_front && !slot_live(&q->front))
		q->has_front = 0;
	size_t k = 0;
	for (size_t i = 0; i < q->n; i++)
		if (slot_live(&q->heap[i]))
			q->heap[k++] = q->heap[i];
	q->n = k;
	heapify(q->heap, q->n);
	if (!q->far_on)
		return;
	k = 0;
	for (size_t i = 0; i < q->over_n; i++)
		if (slot_live(&q->over[i]))
			q->over[k++] = q->over[i];
	q->over_n = k;
	if (!q->far_n || over_room(q, q->over_n + q->far_n))
		return;
	for (size_t b = q->cur; b < q->nb; b++) {
		for (uint32_t c = q->bhead[b]; c != NONE; c = q->chunk[c].next)
			for (uint32_t j = 0; j < q->chunk[c].n; j++)
				if (slot_live(&q->chunk[c].s[j]))
					q->over[q->over_n++] = q->chunk[c].s[j];
	}
	/* Free the chunks in one go: every bucket is empty now. */
	q->chunk_n = q->chunk_used = 0;
	q->chunk_free = NONE;
	q->far_n = 0;
	q->nb = q->cur = 0;
	q->wlast = q->hlim;      /* no window: later entries overflow */
}

void evq_cancel(struct evq *q, struct evq_node *e)
{
	if (!e->queued)
		return;
	e->queued = 0;
	q->live--;
	/* Compact when stale entries dominate, so a long run of cancels
	 * cannot grow the arrays without bound. */
	size_t total = q->n + q->far_n + q->over_n;
	if (total > 1024 && q->live < total / 4)
		compact(q);
}
