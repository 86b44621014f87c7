/*
 * rowpipe.c - rows formatted on a worker thread (rowpipe.h says what it
 * promises).
 *
 * Records are packed, each behind a small head naming its formatter and
 * block writer, into batches of RP_BATCH bytes in a ring of up to RP_NBATCH.
 * The caller fills one batch and hands it over when the next record does
 * not fit, or when it drains; the worker formats whole batches in ring
 * order.  The ring uses RP_NRING0 batches until the caller finds them
 * all full, then more.  The two meet only when a batch changes hands, under one mutex,
 * so a row costs the copy of its fields and no lock.  A caller that finds
 * every batch full waits for the worker, so a run's memory stays at the
 * ring's 1 MB however many rows it writes.
 *
 * The worker blocks every signal (helper_start), so a ^C reaches the
 * simulation's thread as before; it is told to stop only after the last
 * batch is formatted.
 */
#include "rowpipe.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cpuslot.h"
#include "err.h"

/* 64 KB a batch, the size of a block writer's block; 16 batches let the
 * simulation run a burst of rows ahead of the worker.  An idle worker is
 * woken when RP_WAKE batches are full (or on a drain), not for each: the
 * worker formats faster than the simulation fills, so it is nearly always
 * idle, and a wake is a system call on the simulation's thread. */
#define RP_BATCH 65536
#define RP_NBATCH 16
#define RP_WAKE 4
/* The ring starts with RP_NRING0 batches in use and doubles, up to
 * RP_NBATCH, only after the caller found it full: memory the process has
 * not touched yet costs a page fault a page when first written, which on
 * some virtual machines is as dear as formatting the rows, and a worker
 * that keeps up (the usual case) never needs more than a few batches. */
#define RP_NRING0 8

struct rp_head {
	rowpipe_fn fn;
	struct fmtout *out;
	size_t size;            /* the record's bytes after the head,
				   rounded up to 8 */
};

struct rowpipe {
	int threaded;           /* a worker runs */
	int slot;               /* it holds a spare processor */
	/* the caller's */
	char *rec;              /* the record being filled */
	struct rp_head *head;   /* its head, when threaded */
	size_t pos;             /* bytes filled in batch widx */
	/* shared, under mu */
	struct helper h;
	int nfull, widx, ridx, stop;
	int nring;              /* batches in use, <= RP_NBATCH */
	int was_full;           /* the caller found the ring full since it
				   last grew */
	int hurry;              /* a drain waits: format every full batch */
	int idle;               /* the worker waits for RP_WAKE batches */
	long handed;            /* batches the caller handed over so far */
	size_t len[RP_NBATCH];
	char *buf;              /* RP_NBATCH batches of RP_BATCH bytes */
	/* without a worker: the record and its head, formatted when done */
	struct rp_head one;
	union {
		char c[ROWPIPE_MAX_REC];
		uint64_t align;
	} scratch;
};

static size_t round8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static void format_batch(const char *b, size_t len)
{
	size_t at = 0;
	while (at < len) {
		const struct rp_head *h = (const struct rp_head *)(b + at);
		h->fn(h->out, h + 1);
		at += sizeof *h + h->size;
	}
}

/*
 * With mu held: write a byte in each page of the first lap's batches that
 * the caller has not reached, so that its first records there do not
 * fault the pages in (on some virtual machines a fault costs as much as
 * formatting a few dozen rows; the worker is idle at the start).  The
 * caller enters batch k only through hand_over, under mu, so a batch
 * beyond `handed` is the worker's while it holds mu; mu is let go between
 * batches so that a caller that got there waits for one batch at most.
 */
static void warm_ring(struct rowpipe *p)
{
	for (int k = 1; k < p->nring && p->handed < k && !p->stop; k++) {
		char *b = p->buf + (size_t)k * RP_BATCH;
		for (size_t at = 0; at < RP_BATCH; at += 4096)
			b[at] = 0;
		pthread_mutex_unlock(&p->h.mu);
		pthread_mutex_lock(&p->h.mu);
	}
}

static void *worker(void *arg)
{
	struct rowpipe *p = arg;
	pthread_mutex_lock(&p->h.mu);
	warm_ring(p);
	for (;;) {
		/* Sleep until enough is full to be worth a wake; once
		 * awake, format until nothing is. */
		while (p->nfull == 0 && !p->stop) {
			p->idle = 1;
			while ((p->nfull == 0 ||
				(p->nfull < RP_WAKE && !p->hurry)) && !p->stop)
				pthread_cond_wait(&p->h.more, &p->h.mu);
			p->idle = 0;
		}
		if (p->nfull == 0)
			break;
		int r = p->ridx;
		size_t len = p->len[r];
		pthread_mutex_unlock(&p->h.mu);
		format_batch(p->buf + (size_t)r * RP_BATCH, len);
		pthread_mutex_lock(&p->h.mu);
		p->ridx = (r + 1) % p->nring;
		p->nfull--;
		pthread_cond_signal(&p->h.room);
	}
	pthread_mutex_unlock(&p->h.mu);
	return NULL;
}

static int start_thread(struct rowpipe *p)
{
	p->buf = malloc((size_t)RP_NBATCH * RP_BATCH);
	if (!p->buf)
		return -1;
	p->nring = RP_NRING0;
	if (helper_start(&p->h, worker, p)) {
		free(p->buf);
		p->buf = NULL;
		return -1;
	}
	p->threaded = 1;
	return 0;
}

struct rowpipe *rowpipe_new(int when)
{
	struct rowpipe *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	if (when == ROWPIPE_ALWAYS) {
		(void)start_thread(p);
	} else if (when == ROWPIPE_IF_CPUS && cpuslot_take(CPUSLOT_ROWS)) {
		p->slot = 1;
		if (start_thread(p)) {
			cpuslot_give(CPUSLOT_ROWS);
			p->slot = 0;
		}
	}
	return p;
}

int rowpipe_threaded(const struct rowpipe *p)
{
	return p && p->threaded;
}

int rowpipe_ring_size(const struct rowpipe *p)
{
	/* Only the caller changes it. */
	return p && p->threaded ? p->nring : 0;
}

/* Give the batch being filled to the worker, and wait until the next one
 * is free. */
static void hand_over(struct rowpipe *p)
{
	if (p->pos == 0)
		return;
	pthread_mutex_lock(&p->h.mu);
	p->len[p->widx] = p->pos;
	p->nfull++;
	p->handed++;
	if (p->idle && (p->nfull >= RP_WAKE || p->hurry))
		pthread_cond_signal(&p->h.more);
	/* The ring grows where it wraps: the full batches then lie in
	 * order from ridx to the one just handed over, so the new ones
	 * simply follow it. */
	if (p->widx + 1 == p->nring && p->was_full) {
		p->widx = p->nring;
		p->nring = 2 * p->nring < RP_NBATCH ? 2 * p->nring : RP_NBATCH;
		p->was_full = 0;
	} else {
		p->widx = (p->widx + 1) % p->nring;
	}
	if (p->nfull == p->nring) {
		p->was_full = p->nring < RP_NBATCH;
		while (p->nfull == p->nring)
			pthread_cond_wait(&p->h.room, &p->h.mu);
	}
	pthread_mutex_unlock(&p->h.mu);
	p->pos = 0;
}

void *rowpipe_put(struct rowpipe *p, rowpipe_fn fn, struct fmtout *out,
		  size_t size)
{
	BUG_ON(size > ROWPIPE_MAX_REC);
	if (!p->threaded) {
		p->one.fn = fn;
		p->one.out = out;
		p->head = &p->one;
		p->rec = p->scratch.c;
		return p->rec;
	}
	size_t need = sizeof(struct rp_head) + round8(size);
	if (p->pos + need > RP_BATCH)
		hand_over(p);
	struct rp_head *h = (struct rp_head *)(p->buf +
		(size_t)p->widx * RP_BATCH + p->pos);
	h->fn = fn;
	h->out = out;
	h->size = round8(size);
	p->head = h;
	p->rec = (char *)(h + 1);
	return p->rec;
}

void rowpipe_done(struct rowpipe *p)
{
	if (!p->threaded) {
		p->head->fn(p->head->out, p->rec);
		return;
	}
	p->pos += sizeof *p->head + p->head->size;
}

void rowpipe_drain(struct rowpipe *p)
{
	if (!p || !p->threaded)
		return;
	pthread_mutex_lock(&p->h.mu);
	p->hurry = 1;
	pthread_mutex_unlock(&p->h.mu);
	hand_over(p);
	pthread_mutex_lock(&p->h.mu);
	pthread_cond_signal(&p->h.more);
	while (p->nfull > 0)
		pthread_cond_wait(&p->h.room, &p->h.mu);
	p->hurry = 0;
	pthread_mutex_unlock(&p->h.mu);
}

void rowpipe_free(struct rowpipe *p)
{
	if (!p)
		return;
	if (p->threaded) {
		rowpipe_drain(p);
		pthread_mutex_lock(&p->h.mu);
		p->stop = 1;
		pthread_cond_signal(&p->h.more);
		pthread_mutex_unlock(&p->h.mu);
		helper_join(&p->h);
		free(p->buf);
	}
	if (p->slot)
		cpuslot_give(CPUSLOT_ROWS);
	free(p);
}
