/*
 * prefetch.c - a trace reader run ahead on a second thread (prefetch.h
 * says what it promises).
 *
 * The worker fills batches of PF_BATCH records in a ring of up to
 * PF_NBATCH; the caller takes them in order.  The two meet only when a
 * batch changes hands, under one mutex, so a record costs a copy and no
 * lock.  Each record keeps what the reader's next() returned, the
 * reader's statistics just after, and where the messages it reported
 * while producing the record end in its batch's message buffer: taking
 * the record reports those messages through the caller's diag
 * (diag_replay), in order, so counts, caps, quiet warnings and a
 * library's sink see what a serial read would have shown them.
 *
 * The worker stops after the record that ends the stream (0 or an error)
 * and the caller joins it when it takes that record; from then on, and
 * whenever no thread runs, calls go straight to the reader, with its
 * messages reported at once.  Closing early stops the worker at its next
 * batch and drops what it read beyond the caller, messages included.
 * The worker blocks every signal (helper_start), so a ^C or a SIGTERM
 * reaches the simulation's thread as before.
 */
#include "prefetch.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/core/cpuslot.h"
#include "../sim/core/diag.h"
#include "../sim/core/err.h"

/* 512 records (about 120 KB) a batch, up to 32 batches (4 MB): on a
 * Google 2011 replay 4 batches left the reader waiting for room while the
 * simulation waited for records in the next burst, and 128 gained nothing
 * more.  The ring starts with PF_NRING0 batches in use and doubles only
 * when that happens (the reader found the ring full, then the caller
 * found it empty): memory this process has not touched yet costs a page
 * fault a page when first written, about as much as parsing the records
 * that fill it on some virtual machines, and a reader that stays ahead
 * (a Parallel Workloads Archive log) never needs more than a few batches.
 * Batches never move, so a batch being read or filled stays put. */
#define PF_BATCH 512
#define PF_NBATCH 32
#define PF_NRING0 4
/* A reader waiting for room is woken when PF_WAKE batches are free (half
 * the ring while it is smaller than 2 * PF_WAKE), not at each: it is
 * usually ahead, and a wake is a system call on the simulation's thread. */
#define PF_WAKE 4

struct pf_item {
	struct wl_task t;
	struct wl_stats st;     /* the reader's, once it produced t */
	size_t msg_end;         /* the batch's messages up to t */
	int r;                  /* what next() returned */
	int lost;               /* a message could not be held: r is
				   OS_ENOMEM */
};

struct pf_batch {
	struct pf_item item[PF_BATCH];
	int n;
	char *msg;              /* struct msg_head, then its strings */
	size_t msg_len, msg_cap;
};

/* One held message; NO_STR for a NULL file or source line. */
#define NO_STR UINT32_MAX
struct msg_head {
	int kind;               /* 0 error, 1 warning, 2 note */
	int line, col;
	uint32_t flen, slen, mlen;
};

static const char *const kinds[] = {"error", "warning", "note"};

struct prefetch {
	struct wl_source base;
	struct wl_source *inner;
	struct diag cap;        /* what the reader reports through */
	struct diag *to;        /* where its messages go on to */
	int threaded;           /* a worker was started and not yet joined */
	int held;               /* messages are held (the worker runs) */
	int oom;                /* the worker's: a message was not held */
	int slot;               /* it holds one of the spare processors */
	struct helper h;
	int nfull, widx, ridx, stop;    /* under mu */
	int nring;                      /* batches in use, <= PF_NBATCH (mu) */
	int was_full;                   /* the worker found the ring full
					   since it last grew (mu) */
	int grow;                       /* the caller asks for more (mu) */
	int roomwait;                   /* the worker waits for room (mu) */
	struct pf_batch *fill;  /* the worker's */
	struct pf_batch *cur;   /* the caller's, from here: */
	int pos;
	size_t msg_pos;
	struct wl_stats st;     /* as of the last record taken */
	struct pf_batch *bat;   /* PF_NBATCH of them, while threaded */
};

/* ---- messages --------------------------------------------------------- */

static uint32_t str_len(const char *s)
{
	return s ? (uint32_t)strlen(s) : NO_STR;
}

static int hold(struct pf_batch *b, const struct msg_head *h,
		const char *file, const char *src, const char *msg)
{
	size_t need = sizeof *h + 3;
	need += (h->flen == NO_STR ? 0 : h->flen) +
		(h->slen == NO_STR ? 0 : h->slen) + h->mlen;
	if (b->msg_len + need > b->msg_cap) {
		size_t cap = b->msg_cap ? b->msg_cap : 1024;
		while (cap < b->msg_len + need)
			cap *= 2;
		char *m = realloc(b->msg, cap);
		if (!m)
			return -1;
		b->msg = m;
		b->msg_cap = cap;
	}
	char *p = b->msg + b->msg_len;
	memcpy(p, h, sizeof *h);
	p += sizeof *h;
	const char *s[3] = {file, src, msg};
	const uint32_t len[3] = {h->flen, h->slen, h->mlen};
	for (int i = 0; i < 3; i++) {
		size_t n = len[i] == NO_STR ? 0 : len[i];
		memcpy(p, s[i] ? s[i] : "", n);
		p[n] = 0;
		p += n + 1;
	}
	b->msg_len = (size_t)(p - b->msg);
	return 0;
}

static void on_message(void *ctx, const char *kind, const char *file,
		       int line, int col, const char *srcline, const char *msg)
{
	struct prefetch *p = ctx;
	if (!p->held) {
		diag_replay(p->to, kind, file, line, col, srcline, msg);
		return;
	}
	struct msg_head h = {
		.kind = !strcmp(kind, "note") ? 2 : !strcmp(kind, "warning"),
		.line = line, .col = col, .flen = str_len(file),
		.slen = str_len(srcline), .mlen = (uint32_t)strlen(msg)};
	if (hold(p->fill, &h, file, srcline, msg))
		p->oom = 1;
}

/* Report the messages of batch b from *pos to end. */
static void replay(struct prefetch *p, const struct pf_batch *b,
		   size_t *pos, size_t end)
{
	while (*pos < end) {
		const char *q = b->msg + *pos;
		struct msg_head h;
		memcpy(&h, q, sizeof h);
		q += sizeof h;
		const char *file = q;
		q += (h.flen == NO_STR ? 0 : h.flen) + 1;
		const char *src = q;
		q += (h.slen == NO_STR ? 0 : h.slen) + 1;
		diag_replay(p->to, kinds[h.kind], h.flen == NO_STR ? NULL : file,
			    h.line, h.col, h.slen == NO_STR ? NULL : src, q);
		q += h.mlen + 1;
		*pos = (size_t)(q - b->msg);
	}
}

/* ---- the worker ------------------------------------------------------- */

/* The most full batches a ring of n may hold when a waiting reader is
 * woken. */
static int wake_at(int n)
{
	return n - (n / 2 < PF_WAKE ? n / 2 : PF_WAKE);
}

static void *worker(void *arg)
{
	struct prefetch *p = arg;
	int nfilled = 0;
	for (;;) {
		pthread_mutex_lock(&p->h.mu);
		if (p->nfull == p->nring) {
			p->was_full = 1;
			p->roomwait = 1;
			while (p->nfull > wake_at(p->nring) && !p->stop)
				pthread_cond_wait(&p->h.room, &p->h.mu);
			p->roomwait = 0;
		}
		int stop = p->stop;
		struct pf_batch *b = &p->bat[p->widx];
		pthread_mutex_unlock(&p->h.mu);
		if (stop)
			break;
		b->n = 0;
		b->msg_len = 0;
		p->fill = b;
		int last = 0;
		/* The first batches are short (1, 2, 4, ... records), so that
		 * the first records reach a caller waiting for them at once. */
		int limit = nfilled < 9 ? 1 << nfilled : PF_BATCH;
		nfilled++;
		while (b->n < limit) {
			struct pf_item *it = &b->item[b->n++];
			it->r = wl_next(p->inner, &it->t);
			it->lost = p->oom;
			if (it->lost)
				it->r = OS_ENOMEM;
			it->msg_end = b->msg_len;
			wl_stats(p->inner, &it->st);
			if (it->r <= 0) {
				last = 1;
				break;
			}
		}
		pthread_mutex_lock(&p->h.mu);
		/* The ring grows where it wraps: the full batches then lie
		 * in order from ridx to the one just filled, so the new ones
		 * simply follow it. */
		if (p->widx + 1 == p->nring && p->grow) {
			p->widx = p->nring;
			p->nring = 2 * p->nring < PF_NBATCH ? 2 * p->nring
							    : PF_NBATCH;
			p->grow = 0;
			p->was_full = 0;
		} else {
			p->widx = (p->widx + 1) % p->nring;
		}
		p->nfull++;
		pthread_cond_signal(&p->h.more);
		pthread_mutex_unlock(&p->h.mu);
		if (last)
			break;
	}
	return NULL;
}

/* Stop the worker (at its next batch, if it still reads) and wait for
 * it; from here on the reader is called directly. */
static void join(struct prefetch *p)
{
	if (!p->threaded)
		return;
	pthread_mutex_lock(&p->h.mu);
	p->stop = 1;
	pthread_cond_signal(&p->h.room);
	pthread_mutex_unlock(&p->h.mu);
	helper_join(&p->h);
	for (int i = 0; i < PF_NBATCH; i++)
		free(p->bat[i].msg);
	free(p->bat);
	p->bat = NULL;
	p->cur = NULL;
	p->threaded = 0;
	p->held = 0;
	if (p->slot) {
		cpuslot_give(CPUSLOT_READER);
		p->slot = 0;
	}
}

/* ---- the source ------------------------------------------------------- */

static int pf_next(struct wl_source *s, struct wl_task *out)
{
	struct prefetch *p = (struct prefetch *)s;
	if (!p->threaded)
		return wl_next(p->inner, out);
	if (!p->cur) {
		pthread_mutex_lock(&p->h.mu);
		if (p->nfull == 0 && p->was_full && p->nring < PF_NBATCH)
			p->grow = 1;
		while (p->nfull == 0)
			pthread_cond_wait(&p->h.more, &p->h.mu);
		p->cur = &p->bat[p->ridx];
		pthread_mutex_unlock(&p->h.mu);
		p->pos = 0;
		p->msg_pos = 0;
	}
	const struct pf_item *it = &p->cur->item[p->pos++];
	replay(p, p->cur, &p->msg_pos, it->msg_end);
	p->st = it->st;
	int r = it->r;
	if (r > 0)
		*out = it->t;
	if (it->lost)
		diag_error(p->to, NULL, 0, 0,
			   "out of memory holding a trace's messages");
	if (r <= 0) {
		join(p);   /* the worker has stopped after this record */
		return r;
	}
	if (p->pos == p->cur->n) {
		pthread_mutex_lock(&p->h.mu);
		p->ridx = (p->ridx + 1) % p->nring;
		p->nfull--;
		if (p->roomwait && p->nfull <= wake_at(p->nring))
			pthread_cond_signal(&p->h.room);
		pthread_mutex_unlock(&p->h.mu);
		p->cur = NULL;
	}
	return r;
}

static void pf_stats(struct wl_source *s, struct wl_stats *out)
{
	struct prefetch *p = (struct prefetch *)s;
	/* In line the reader's own; after the thread, those of the last
	 * record taken are the reader's too (it stopped there). */
	if (p->threaded)
		*out = p->st;
	else
		wl_stats(p->inner, out);
}

static void pf_close(struct wl_source *s)
{
	struct prefetch *p = (struct prefetch *)s;
	join(p);
	wl_close(p->inner);
	free(p);
}

static const struct wl_source_ops pf_ops = {
	.name = "prefetch",
	.next = pf_next,
	.close = pf_close,
	.stats = pf_stats,
};

struct prefetch *pf_new(struct diag *to)
{
	struct prefetch *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->base.ops = &pf_ops;
	p->to = to;
	diag_init(&p->cap, NULL);
	/* The reader mutes its notes as the diag it reports to would. */
	p->cap.quiet_warnings = to->quiet_warnings;
	p->cap.capture = on_message;
	p->cap.capture_ctx = p;
	return p;
}

struct diag *pf_diag(struct prefetch *p)
{
	return &p->cap;
}

void pf_free(struct prefetch *p)
{
	free(p);
}

static int start_thread(struct prefetch *p)
{
	/* calloc: the batches not yet in use stay untouched. */
	p->bat = calloc(PF_NBATCH, sizeof *p->bat);
	if (!p->bat)
		return -1;
	p->nring = PF_NRING0;
	p->was_full = p->grow = 0;
	/* Held from the worker's first message on. */
	p->held = 1;
	if (helper_start(&p->h, worker, p)) {
		p->held = 0;
		free(p->bat);
		p->bat = NULL;
		return -1;
	}
	p->threaded = 1;
	return 0;
}

struct wl_source *pf_start(struct prefetch *p, struct wl_source *inner,
			   int when)
{
	p->inner = inner;
	wl_stats(inner, &p->st);
	/* Without a thread (none wanted, one processor, none to be had) the
	 * reader is simply called through. */
	if (when == PF_ALWAYS) {
		(void)start_thread(p);
	} else if (when == PF_IF_CPUS && cpuslot_take(CPUSLOT_READER)) {
		p->slot = 1;
		if (start_thread(p)) {
			cpuslot_give(CPUSLOT_READER);
			p->slot = 0;
		}
	}
	return &p->base;
}

int pf_threaded(const struct wl_source *s)
{
	return s && s->ops == &pf_ops && ((const struct prefetch *)s)->threaded;
}

int pf_ring_size(struct wl_source *s)
{
	if (!s || s->ops != &pf_ops)
		return 0;
	struct prefetch *p = (struct prefetch *)s;
	if (!p->threaded)
		return p->nring;   /* the worker has stopped */
	pthread_mutex_lock(&p->h.mu);
	int n = p->nring;
	pthread_mutex_unlock(&p->h.mu);
	return n;
}
