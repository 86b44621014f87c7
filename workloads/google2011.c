/*
 * google2011.c - the task_events table of the Google cluster-usage trace
 * of 2011 (clusterdata-2011-2, format: google2011), streamed, plain or
 * gzip: one part file, or a directory whose part-* files are read in name
 * order as one stream, or the trace's own directory, whose task_events/
 * holds them (next to machine_events/ and the other tables).
 *
 * Columns (no header): 1 time (us), 2 missing info, 3 job id, 4 task
 * index, 5 machine id, 6 event type (0 SUBMIT, 1 SCHEDULE, 2 EVICT, 3
 * FAIL, 4 FINISH, 5 KILL, 6 LOST, 7 UPDATE_PENDING, 8 UPDATE_RUNNING), 7
 * user, 8 scheduling class, 9 priority, 10 cpu request, 11 memory request,
 * 12 disk request, 13 different-machine constraint.  Events are in time
 * order across the parts; a stream that is not is an error.
 *
 * Mapping.  The trace records what happened to tasks; offersim needs what
 * was asked for.  One record per attempt of a task (job id, task index):
 * an attempt starts at a SUBMIT event (its submit time), runs from its
 * SCHEDULE to its next terminal event (FINISH, FAIL, KILL, EVICT or LOST:
 * duration = terminal - schedule), and ends there; a later SUBMIT of the
 * same task (Google resubmits evicted and failed tasks) starts a new
 * attempt and a new record.  Records of all attempts share job_id and
 * task_id = the task index, and carry an attempt number (0, 1, ...) and
 * how the attempt ended (FINISH finished, FAIL failed, KILL killed, EVICT
 * evicted, LOST lost; the simulated attempt ends the same way).  To
 * number attempts, a task whose attempt ended other than FINISH keeps its
 * map entry, closed, holding the next number until the task is submitted
 * again; a finished task's entry goes.  So the map holds the open
 * attempts and the tasks that failed, were evicted, lost or killed and
 * have not come back (most evicted tasks do).
 * estimate = the duration (the trace has no user estimate); priority
 * (0-11) and scheduling class (0-3) are kept, and the user (a hash in the
 * trace) becomes its wl_user_id() number.  Requests are normalized to
 * the largest machine (1.0): cpus = cpu request * scale.cpus, mem = memory
 * request * scale.mem, so with the defaults (1 and 1) agents must be
 * described in the same normalized units, or the scale set to the largest
 * machine's real size (docs/traces.md).  Disk and the constraint are not
 * used.  An UPDATE event, or a SCHEDULE carrying requests, changes the
 * attempt's requests; the last ones before it ends are used.
 *
 * Skipped, counted and reported in one warning at the end: attempts that
 * were never scheduled (killed while pending), attempts still pending or
 * running when the trace (or the read window) ends, since their duration is
 * unknown, and events of tasks the reader never saw submitted.  Events at
 * time 0 describe work already running when the trace began (its real
 * start is 600 s): option running_at_start: skip (default) ignores those
 * tasks, start submits them at time 0.  Under `lenient` a malformed event
 * line (a bad field, a time going back) is skipped and counted as if it
 * were not in the file; it is checked whole before it changes anything.
 *
 * Ordering.  A record is complete only at its terminal event, but must be
 * delivered in submit order.  Complete records wait in a queue ordered by
 * (submit, job, task, sequence) (subq.h: a radix heap on the submit time,
 * keys over a pool of the rest of each record); the least is released
 * once no earlier-submitted attempt is still open, i.e. its submit <= the
 * oldest open attempt's submit (found through a FIFO of open attempts in
 * submit order, entries of closed attempts dropped lazily).  So a record
 * is never pushed below one already released, which the radix heap
 * relies on for its speed (not for its order).  Open attempts live in
 * a hash map keyed by (job, task).  Memory grows with the open attempts
 * and with the records completed after the oldest open one was submitted,
 * not with the trace's length; a task that stays pending or running for
 * hours holds back the records behind it for that long (the known cost of
 * exact submit order).  At the end of the input the open attempts are
 * dropped and the queue drains.
 *
 * The format's row of the table (wl_format_google2011, at the end) also
 * gives `trace sample` its line scanner and `from_trace` its machine
 * reader: of the machine capacity distribution (a file), or of a trace
 * directory's machine_events/ (the cell at time 0, and with
 * machine_events: its REMOVE and ADD events; see that section below).
 */
#include "formats.h"

#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/config/scenario.h"
#include "machines.h"
#include "machreader.h"
#include "options.h"
#include "scanner.h"
#include "source.h"
#include "subq.h"
#include "tracefile.h"

#define G_FIELDS 13
#define G_WINDOW 21600.0    /* reorder_window default, s */

enum {
	C_TIME, C_MISSING, C_JOB, C_TASK, C_MACHINE, C_TYPE, C_USER, C_CLASS,
	C_PRIO, C_CPU, C_MEM, C_DISK, C_CONSTRAINT,
};

enum {
	EV_SUBMIT, EV_SCHEDULE, EV_EVICT, EV_FAIL, EV_FINISH, EV_KILL,
	EV_LOST, EV_UPDATE_PENDING, EV_UPDATE_RUNNING,
};

/* An open attempt, in the pool g->att. */
struct g_open {
	int64_t job, task;
	int64_t submit, sched;      /* us; sched -1 while pending; a free
				       slot's sched is the next free one */
	int64_t user;               /* wl_user_id() of the user hash */
	double cpu, mem;
	uint64_t serial;            /* 0 = free slot */
	long line;
	int prio, cls;
	int attempt;                /* this attempt's number */
};

/* A task with no attempt open that remembers its next attempt number, in
 * the pool g->cl (a free slot's job is the next free one).  A quarter of
 * an open attempt's size: most of the map's entries on a long read are
 * these (killed and failed tasks that never come back). */
struct g_closed {
	int64_t job, task;
	int attempt;                /* the next attempt's number */
};

/* A complete attempt waiting for its turn. */
struct g_rec {
	int64_t submit, dur, job, task, user;
	double cpu, mem;
	uint64_t serial;
	long line;
	int prio, cls;
	int attempt, end;           /* enum wl_end */
};

/* The rest of a complete record, in its pool. */
struct g_body {
	int64_t dur, user;
	double cpu, mem;
	uint64_t serial;
	long line;                  /* a free slot's: the next free one + 1 */
	int prio, cls;
	int attempt, end;
};



/* The FIFO of open attempts in submit order: the attempt's pool slot and
 * serial (the entry is stale once that slot holds another serial). */
struct g_fifo_ent {
	uint64_t serial;
	uint32_t att;
};

struct g_src {
	struct wl_source base;
	struct diag *d;
	const struct scenario *sc;
	int fw;
	char **files;               /* part files in name order */
	int nfiles, cur;
	struct tr_file f;
	int have_file;
	int eof;

	double scale_cpus, scale_mem;
	int start_running;          /* running_at_start: start */
	int64_t window;             /* reorder_window, us; 0 = unbounded */
	int cpus_i, mem_i;          /* scenario resource indexes, or -1 */

	uint64_t *map;              /* open addressing, linear probing; a
				       slot is ref << 32 | hash tag, 0 empty */
	size_t mcap, mn;            /* slots, tasks in the map */
	size_t nclosed;             /* map entries that are closed */
	struct g_open *att;         /* the open attempts' pool */
	uint32_t acap, aused, afree; /* slots, slots ever taken, first
					 free slot + 1 (0 none) */
	struct g_closed *cl;        /* the closed entries' pool */
	uint32_t ccap, cused, cfree;
	struct g_fifo_ent *fifo;    /* ring */
	size_t fcap, fhead, fn;
	int head_open;              /* the FIFO head's attempt is known to be
				       open (oldest_open; head_touch clears) */
	struct subq q;              /* the complete records, in order */
	struct g_body *rec;         /* the records' bodies, a pool */
	uint32_t rcap, rused;       /* slots, slots ever taken */
	long rfree;                 /* first free slot + 1, 0 none */
	uint64_t serial;

	int64_t last_time;
	long long done_bytes;       /* bytes of the parts read to the end */
	long events;
	long emitted, never_scheduled, unfinished, orphan, at_start;
	long abandoned;
	size_t peak_open;
	int reported, failed;
};

/* ---- the map of tasks ------------------------------------------------ */

/*
 * The map from (job, task) to the task's open attempt or closed entry.  A
 * slot is 8 bytes: the entry's reference (REF_CLOSED | closed pool slot +
 * 1, or open pool slot + 1) over the low 32 bits of the key's hash, which
 * give its home slot (tables stay below 2^32 slots) and spare a visit to
 * the pool for nearly every other key met on the way.  The entries live in
 * two dense pools, so the map's half-empty table costs 8 bytes a slot
 * instead of an entry's size, and a task that closes or reopens changes
 * only its slot's reference.  Nothing depends on where an entry sits.
 */
#define REF_CLOSED UINT32_C(0x80000000)
#define POOL_MAX (REF_CLOSED - 1)   /* slots per pool */
#define MAP_MAX ((size_t)1 << 31)   /* the table's last size (2^32 slots
				       once doubled) */

static uint64_t key_hash(int64_t job, int64_t task)
{
	uint64_t z = (uint64_t)job * UINT64_C(0x9E3779B97F4A7C15) ^
		     (uint64_t)task * UINT64_C(0xC2B2AE3D27D4EB4F);
	z ^= z >> 31;
	z *= UINT64_C(0xBF58476D1CE4E5B9);
	return z ^ (z >> 29);
}

static uint32_t slot_ref(uint64_t s)
{
	return (uint32_t)(s >> 32);
}

/* The key of the entry ref refers to. */
static void ref_key(const struct g_src *g, uint32_t ref, int64_t *job,
		    int64_t *task)
{
	if (ref & REF_CLOSED) {
		const struct g_closed *c = &g->cl[(ref & ~REF_CLOSED) - 1];
		*job = c->job;
		*task = c->task;
	} else {
		const struct g_open *e = &g->att[ref - 1];
		*job = e->job;
		*task = e->task;
	}
}

/* The slot holding (job, task), or SIZE_MAX when it is not in the map. */
static size_t map_find(const struct g_src *g, int64_t job, int64_t task)
{
	if (!g->mcap)
		return SIZE_MAX;
	uint32_t tag = (uint32_t)key_hash(job, task);
	size_t m = g->mcap - 1;
	for (size_t i = tag & m;; i = (i + 1) & m) {
		uint64_t s = g->map[i];
		if (!s)
			return SIZE_MAX;
		if ((uint32_t)s != tag)
			continue;
		int64_t j, t;
		ref_key(g, slot_ref(s), &j, &t);
		if (j == job && t == task)
			return i;
	}
}

static int map_grow(struct g_src *g)
{
	if (g->mcap > MAP_MAX)
		return OS_ENOMEM;
	size_t ncap = g->mcap ? g->mcap * 2 : 1024;
	uint64_t *n = calloc(ncap, sizeof *n);
	if (!n)
		return OS_ENOMEM;
	for (size_t j = 0; j < g->mcap; j++) {
		uint64_t s = g->map[j];
		if (!s)
			continue;
		size_t i = (uint32_t)s & (ncap - 1);
		while (n[i])
			i = (i + 1) & (ncap - 1);
		n[i] = s;
	}
	free(g->map);
	g->map = n;
	g->mcap = ncap;
	return 0;
}

/* Room for one more key (before its pool slot is taken, so that a failure
 * leaves everything as it was). */
static int map_reserve(struct g_src *g)
{
	if ((g->mn + 1) * 2 > g->mcap)
		return map_grow(g);
	return 0;
}

/* Add (job, task), which is not in the map, referring to ref (after
 * map_reserve). */
static void map_add(struct g_src *g, int64_t job, int64_t task, uint32_t ref)
{
	uint32_t tag = (uint32_t)key_hash(job, task);
	size_t m = g->mcap - 1, i = tag & m;
	while (g->map[i])
		i = (i + 1) & m;
	g->map[i] = (uint64_t)ref << 32 | tag;
	g->mn++;
	if (g->mn > g->peak_open)
		g->peak_open = g->mn;
}

/* Remove slot i, shifting later entries of its probe run back (no
 * tombstones, so lookups stay short however many attempts come and go). */
static void map_del(struct g_src *g, size_t i)
{
	size_t m = g->mcap - 1, j = i;
	for (;;) {
		g->map[i] = 0;
		for (;;) {
			j = (j + 1) & m;
			if (!g->map[j]) {
				g->mn--;
				return;
			}
			size_t k = (uint32_t)g->map[j] & m;
			/* Move j to i unless k lies cyclically in (i, j]. */
			if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
				continue;
			break;
		}
		g->map[i] = g->map[j];
		i = j;
	}
}

static void map_set_ref(struct g_src *g, size_t i, uint32_t ref)
{
	g->map[i] = (uint64_t)ref << 32 | (uint32_t)g->map[i];
}

/* ---- the pools ------------------------------------------------------- */

/*
 * Room for slot `used` of a pool of `elem`-byte slots at *base, cap
 * slots: doubled when full (from 1024, never past POOL_MAX); 0, or -1 out
 * of memory (the pool as it was).  Every pool takes its free list first
 * and then its slots in order, so the unused tail after a doubling is
 * never touched.  Moves the pool: pointers into it go stale.
 */
static int pool_room(void **base, uint32_t *cap, uint32_t used, size_t elem)
{
	if (used < *cap)
		return 0;
	if (*cap == POOL_MAX)
		return -1;
	uint32_t ncap = *cap ? (*cap > POOL_MAX / 2 ? POOL_MAX : *cap * 2) : 1024;
	void *n = realloc(*base, elem * ncap);
	if (!n)
		return -1;
	*base = n;
	*cap = ncap;
	return 0;
}

/* A free slot of the open attempts' pool (its index), or -1 out of
 * memory.  Moves the pool: pointers into it go stale. */
static long att_alloc(struct g_src *g)
{
	if (g->afree) {
		uint32_t i = g->afree - 1;
		g->afree = (uint32_t)g->att[i].sched;
		return i;
	}
	void *p = g->att;
	if (pool_room(&p, &g->acap, g->aused, sizeof *g->att) < 0)
		return -1;
	g->att = p;
	return g->aused++;
}

static void head_touch(struct g_src *g, uint32_t i);

static void att_free(struct g_src *g, uint32_t i)
{
	head_touch(g, i);
	g->att[i].serial = 0;
	g->att[i].sched = g->afree;
	g->afree = i + 1;
}

/* A free slot of the closed entries' pool, or -1. */
static long cl_alloc(struct g_src *g)
{
	if (g->cfree) {
		uint32_t i = g->cfree - 1;
		g->cfree = (uint32_t)g->cl[i].job;
		return i;
	}
	void *p = g->cl;
	if (pool_room(&p, &g->ccap, g->cused, sizeof *g->cl) < 0)
		return -1;
	g->cl = p;
	return g->cused++;
}

static void cl_free(struct g_src *g, uint32_t i)
{
	g->cl[i].job = g->cfree;
	g->cfree = i + 1;
}

/* ---- the FIFO of open attempts --------------------------------------- */

/* The open attempt in pool slot i is about to close or leave the map: if
 * it is the FIFO head's, oldest_open must look the head up again.
 * (Nothing else changes whether the head's attempt is open.) */
static void head_touch(struct g_src *g, uint32_t i)
{
	if (g->fn && g->fifo[g->fhead].att == i)
		g->head_open = 0;
}

static void fifo_pop(struct g_src *g)
{
	g->fhead = (g->fhead + 1) % g->fcap;
	g->fn--;
	g->head_open = 0;
}

static int fifo_push(struct g_src *g, uint32_t i)
{
	if (g->fn == g->fcap) {
		size_t ncap = g->fcap ? g->fcap * 2 : 1024;
		struct g_fifo_ent *n = malloc(sizeof *n * ncap);
		if (!n)
			return OS_ENOMEM;
		for (size_t k = 0; k < g->fn; k++)
			n[k] = g->fifo[(g->fhead + k) % g->fcap];
		free(g->fifo);
		g->fifo = n;
		g->fcap = ncap;
		g->fhead = 0;
	}
	if (g->fn == 0)
		g->head_open = 0;
	g->fifo[(g->fhead + g->fn++) % g->fcap] = (struct g_fifo_ent){
		g->att[i].serial, i,
	};
	return 0;
}

/*
 * The submit time of the oldest open attempt; 0 and *none when none.  An
 * attempt open longer than the reorder window is abandoned here, so that it
 * stops holding back every record behind it.  It is asked before every
 * record is let out, so whether the head is still open (a visit to the
 * pool, a cache miss on a large trace) is remembered until head_touch or
 * fifo_pop forgets it.
 */
static int64_t oldest_open(struct g_src *g, int *none)
{
	while (g->fn) {
		struct g_fifo_ent *x = &g->fifo[g->fhead];
		struct g_open *e = &g->att[x->att];
		if (!g->head_open) {
			if (e->serial != x->serial) {
				fifo_pop(g);
				continue;
			}
			g->head_open = 1;
		}
		if (g->window <= 0 || g->last_time - e->submit <= g->window) {
			*none = 0;
			return e->submit;
		}
		map_del(g, map_find(g, e->job, e->task));
		att_free(g, x->att);
		g->abandoned++;
		fifo_pop(g);
	}
	*none = 1;
	return 0;
}

/* ---- the queue of complete records ----------------------------------- */

/* Queue record r: its body into the pool, its key into g->q. */
static int rec_push(struct g_src *g, const struct g_rec *r)
{
	uint32_t slot;
	if (g->rfree) {
		slot = (uint32_t)(g->rfree - 1);
		g->rfree = g->rec[slot].line;
	} else {
		void *p = g->rec;
		if (pool_room(&p, &g->rcap, g->rused, sizeof *g->rec) < 0)
			return OS_ENOMEM;
		g->rec = p;
		slot = g->rused++;
	}
	struct subq_key key = {r->submit, r->job, r->task, r->serial, slot};
	if (subq_push(&g->q, &key) < 0) {
		g->rec[slot].line = g->rfree;
		g->rfree = (long)slot + 1;
		return OS_ENOMEM;
	}
	g->rec[slot] = (struct g_body){
		r->dur, r->user, r->cpu, r->mem, r->serial, r->line,
		r->prio, r->cls, r->attempt, r->end,
	};
	return 0;
}

/* Take the least record out into *out: 0, or OS_ENOMEM. */
static int rec_pop(struct g_src *g, struct g_rec *out)
{
	struct subq_key k;
	if (subq_pop(&g->q, &k) < 0)
		return OS_ENOMEM;
	const struct g_body *b = &g->rec[k.ref];
	*out = (struct g_rec){
		.submit = k.submit, .dur = b->dur, .job = k.job,
		.task = k.task, .user = b->user, .cpu = b->cpu,
		.mem = b->mem, .serial = b->serial, .line = b->line,
		.prio = b->prio, .cls = b->cls, .attempt = b->attempt,
		.end = b->end,
	};
	g->rec[k.ref].line = g->rfree;
	g->rfree = (long)k.ref + 1;
	/* The next pop reads the next record's body, in a pool far larger
	 * than the caches: ask for it now, while the run handles this one. */
	if (subq_count(&g->q))
		__builtin_prefetch(&g->rec[subq_peek_ref(&g->q)]);
	return 0;
}

/* ---- input ----------------------------------------------------------- */

/* Move to the next part file (1), or report the end (0) keeping the last
 * one open, so that messages after the end still name a file. */
static int open_next_file(struct g_src *g)
{
	if (g->cur >= g->nfiles)
		return 0;
	/* The parts are one stream: lines skipped under lenient add up
	 * across them, and so does the message budget. */
	long skipped = 0;
	if (g->have_file) {
		skipped = g->f.skipped;
		g->done_bytes += lr_offset(&g->f.lr);
		tr_close(&g->f);
		g->have_file = 0;
	}
	int r = tr_open(&g->f, g->files[g->cur++], g->sc, g->fw, g->d);
	if (r < 0)
		return r;
	g->f.skipped = skipped;
	g->have_file = 1;
	return 1;
}

static int nomem(struct g_src *g)
{
	diag_error(g->d, g->f.path, 0, 0, "out of memory reordering the trace");
	return OS_ENOMEM;
}

/* The requests an event carries; a field left empty changes nothing. */
struct g_req {
	double cpu, mem;
	int prio, cls;
	unsigned char has_cpu, has_mem, has_prio, has_cls;
};

/* A quantity in column i, when the field is not empty: *v and *has set,
 * or OS_EPARSE (reported, `want` saying what was expected) for a negative
 * value or one too large once scaled; an empty field leaves both alone.
 * Task requests and machine capacities read through it. */
static int parse_quantity(struct tr_file *f, int i, const char *name,
			  const char *want, double scale, double *v,
			  unsigned char *has)
{
	if (tr_is_empty(f, i))
		return 0;
	if (tr_num(f, i, v) < 0 || *v < 0)
		return tr_bad_field(f, i, name, want);
	if (tr_check_res(f, i, name, *v * scale) < 0)
		return OS_EPARSE;
	*has = 1;
	return 0;
}

/* A task event's resource request. */
static int parse_request(struct tr_file *f, int i, const char *name,
			 double scale, double *v, unsigned char *has)
{
	return parse_quantity(f, i, name, "a non-negative number", scale, v,
			      has);
}

/* Parse the requests of the current event into *q.  Done before the
 * event changes any state, so that a malformed line skipped under lenient
 * leaves no trace. */
static int parse_requests(struct g_src *g, struct g_req *q)
{
	struct tr_file *f = &g->f;
	long long ll;
	if (parse_request(f, C_CPU, "cpu request", g->scale_cpus, &q->cpu,
			  &q->has_cpu) < 0 ||
	    parse_request(f, C_MEM, "memory request", g->scale_mem, &q->mem,
			  &q->has_mem) < 0)
		return OS_EPARSE;
	if (!tr_is_empty(f, C_PRIO)) {
		if (tr_int(f, C_PRIO, &ll) < 0 || ll < INT_MIN || ll > INT_MAX)
			return tr_bad_field(f, C_PRIO, "priority",
					    "an integer");
		q->prio = (int)ll;
		q->has_prio = 1;
	}
	if (!tr_is_empty(f, C_CLASS)) {
		if (tr_int(f, C_CLASS, &ll) < 0 || ll < 0 || ll > INT_MAX)
			return tr_bad_field(f, C_CLASS, "scheduling class",
					    "a non-negative integer");
		q->cls = (int)ll;
		q->has_cls = 1;
	}
	return 0;
}

static void take_requests(struct g_open *e, const struct g_req *q)
{
	if (q->has_cpu)
		e->cpu = q->cpu;
	if (q->has_mem)
		e->mem = q->mem;
	if (q->has_prio)
		e->prio = q->prio;
	if (q->has_cls)
		e->cls = q->cls;
}

/* Process one event line. */
static int event(struct g_src *g)
{
	struct tr_file *f = &g->f;
	int n = tr_split(f, ',');
	if (n < 0)
		return n;
	if (n != G_FIELDS) {
		tr_error(f, n > G_FIELDS ? f->fld[G_FIELDS].col
			 : (int)f->lr.len + 1,
			 "expected %d fields, got %d", G_FIELDS, n);
		return OS_EPARSE;
	}
	long long t, job, task, type;
	if (tr_int(f, C_TIME, &t) < 0 || t < 0)
		return tr_bad_field(f, C_TIME, "time",
				    "a non-negative integer (microseconds)");
	if (tr_check_sec(f, C_TIME, "time", (double)t / 1e6) < 0)
		return OS_EPARSE;
	if (tr_int(f, C_JOB, &job) < 0 || job < 0)
		return tr_bad_field(f, C_JOB, "job id", "a non-negative integer");
	if (tr_int(f, C_TASK, &task) < 0 || task < 0)
		return tr_bad_field(f, C_TASK, "task index",
				    "a non-negative integer");
	if (tr_int(f, C_TYPE, &type) < 0 || type < 0 || type > 8)
		return tr_bad_field(f, C_TYPE, "event type",
				    "an integer from 0 to 8");
	if (t < g->last_time) {
		char a[32], b[32];
		tr_error(f, f->fld[C_TIME].col,
			 "events are not in time order: %s s comes after %s s",
			 tr_fmt_sec(t, a, sizeof a),
			 tr_fmt_sec(g->last_time, b, sizeof b));
		return OS_EPARSE;
	}

	size_t slot = map_find(g, job, task);
	uint32_t ref = slot == SIZE_MAX ? 0 : slot_ref(g->map[slot]);
	/* A closed entry is no open attempt: only a SUBMIT reopens it. */
	struct g_open *e = ref && !(ref & REF_CLOSED) ? &g->att[ref - 1]
						      : NULL;
	int at_start = t == 0 && !g->start_running;
	/* Requests count on a SUBMIT, and on a SCHEDULE or UPDATE of an
	 * open attempt; elsewhere they are not read (nor checked). */
	int takes = !at_start && (type == EV_SUBMIT ||
		    (e && (type == EV_SCHEDULE || type == EV_UPDATE_PENDING ||
			   type == EV_UPDATE_RUNNING)));
	struct g_req q = {0};
	if (takes && parse_requests(g, &q) < 0)
		return OS_EPARSE;
	g->last_time = t;
	g->events++;

	if (at_start) {
		if (type == EV_SUBMIT && !e)
			g->at_start++;
		return 0;
	}
	switch (type) {
	case EV_SUBMIT: {
		if (e) {
			/* Still pending: keep the first submit. */
			take_requests(e, &q);
			return 0;
		}
		if (!ref && map_reserve(g) < 0)
			return nomem(g);
		long i = att_alloc(g);
		if (i < 0)
			return nomem(g);
		e = &g->att[i];
		uint32_t aref = (uint32_t)i + 1;
		if (ref) {
			uint32_t c = (ref & ~REF_CLOSED) - 1;
			e->attempt = g->cl[c].attempt;
			cl_free(g, c);
			g->nclosed--;
			map_set_ref(g, slot, aref);
		} else {
			map_add(g, job, task, aref);
			e->attempt = 0;
		}
		e->job = job;
		e->task = task;
		e->submit = t;
		e->sched = -1;
		e->cpu = e->mem = 0;
		e->prio = e->cls = 0;
		e->user = wl_user_id(f->fld[C_USER].s,
				     (unsigned long)f->fld[C_USER].len);
		e->line = f->lr.lineno;
		e->serial = ++g->serial;
		if (fifo_push(g, (uint32_t)i) < 0)
			return nomem(g);
		take_requests(e, &q);
		return 0;
	}
	case EV_SCHEDULE:
		if (!e) {
			g->orphan++;
			return 0;
		}
		if (e->sched < 0)
			e->sched = t;
		take_requests(e, &q);
		return 0;
	case EV_UPDATE_PENDING:
	case EV_UPDATE_RUNNING:
		if (e)
			take_requests(e, &q);
		return 0;
	default:    /* EVICT, FAIL, FINISH, KILL, LOST */
		if (!e) {
			g->orphan++;
			return 0;
		}
		if (e->sched < 0) {
			g->never_scheduled++;
		} else {
			struct g_rec r = {
				.submit = e->submit, .dur = t - e->sched,
				.job = job, .task = task, .user = e->user,
				.cpu = e->cpu,
				.mem = e->mem, .serial = e->serial,
				.line = e->line, .prio = e->prio,
				.cls = e->cls, .attempt = e->attempt,
				.end = type == EV_FAIL ? WL_END_FAILED
				     : type == EV_KILL ? WL_END_KILLED
				     : type == EV_EVICT ? WL_END_EVICTED
				     : type == EV_LOST ? WL_END_LOST
				     : WL_END_FINISHED,
			};
			if (rec_push(g, &r) < 0)
				return nomem(g);
			if (type != EV_FINISH) {
				/* Keep the task's next attempt number in a
				 * closed entry; the freed slot leaves its
				 * FIFO entry stale. */
				long c = cl_alloc(g);
				if (c < 0)
					return nomem(g);
				g->cl[c] = (struct g_closed){
					job, task, e->attempt + 1,
				};
				map_set_ref(g, slot, REF_CLOSED |
					    ((uint32_t)c + 1));
				att_free(g, ref - 1);
				g->nclosed++;
				return 0;
			}
		}
		map_del(g, slot);
		att_free(g, ref - 1);
		return 0;
	}
}

static void report(struct g_src *g)
{
	if (g->reported)
		return;
	g->reported = 1;
	long skipped = g->never_scheduled + g->unfinished + g->at_start +
		       g->abandoned;
	if (!skipped && !g->orphan)
		return;
	const char *path = g->nfiles == 1 ? g->files[0]
					  : g->sc->fws[g->fw].wl.trace;
	diag_warn(g->d, path, 0, 0,
		  "read %ld events into %ld task records; skipped %ld attempts: "
		  "%ld never scheduled, %ld pending or running at the end, %ld "
		  "open longer than reorder_window, %ld running at the start%s; "
		  "ignored %ld events of tasks not open", g->events, g->emitted,
		  skipped, g->never_scheduled, g->unfinished, g->abandoned,
		  g->at_start, g->start_running ? ""
		  : " (running_at_start: skip)", g->orphan);
}

static void to_task(struct g_src *g, const struct g_rec *r, struct wl_task *out)
{
	memset(out, 0, sizeof *out);
	out->job_id = r->job;
	out->task_id = r->task;
	out->submit = r->submit;
	out->duration = r->dur;
	out->estimate = r->dur;
	out->priority = r->prio;
	out->sched_class = r->cls;
	out->user = r->user;
	out->line = r->line;
	out->attempt = r->attempt;
	out->end = r->end;
	tr_set_res(&g->f, out, "cpus", r->cpu * g->scale_cpus);
	tr_set_res(&g->f, out, "mem", r->mem * g->scale_mem);
}

static int g_next(struct wl_source *s, struct wl_task *out)
{
	struct g_src *g = (struct g_src *)s;
	if (g->failed)
		return OS_EPARSE;
	for (;;) {
		if (subq_count(&g->q)) {
			int none;
			int64_t oldest = g->eof ? 0 : oldest_open(g, &none);
			if (g->eof || none || subq_min_submit(&g->q) <= oldest) {
				struct g_rec r;
				if (rec_pop(g, &r) < 0) {
					g->failed = 1;
					return nomem(g);
				}
				to_task(g, &r, out);
				g->emitted++;
				return 1;
			}
		}
		if (g->eof) {
			report(g);
			return 0;
		}
		int r = g->have_file ? tr_next_line(&g->f) : 0;
		if (r == 0) {
			r = open_next_file(g);
			if (r > 0)
				continue;
		}
		if (r < 0) {
			g->failed = 1;
			return r;
		}
		if (r == 0) {
			/* The window ends: whatever is open has no known
			 * duration. */
			g->unfinished += (long)(g->mn - g->nclosed);
			g->eof = 1;
			continue;
		}
		if (g->f.lr.len == 0)
			continue;
		r = event(g);
		if (r < 0) {
			if (tr_skip(&g->f, r))
				continue;
			g->failed = 1;
			return r;
		}
	}
}

static void g_stats(struct wl_source *s, struct wl_stats *out)
{
	struct g_src *g = (struct g_src *)s;
	out->skipped_lines = g->have_file ? g->f.skipped : 0;
	out->bytes_read = g->done_bytes +
			  (g->have_file ? lr_offset(&g->f.lr) : 0);
}

static void g_close(struct wl_source *s)
{
	struct g_src *g = (struct g_src *)s;
	if (g->have_file)
		tr_close(&g->f);
	for (int i = 0; i < g->nfiles; i++)
		free(g->files[i]);
	free(g->files);
	free(g->map);
	free(g->att);
	free(g->cl);
	free(g->fifo);
	subq_release(&g->q);
	free(g->rec);
	free(g);
}

static const struct wl_source_ops g_ops = {
	.name = "google2011",
	.next = g_next,
	.close = g_close,
	.stats = g_stats,
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_parts(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The part-* entries of directory path, as "path/part-...", in name order:
 * their count (0 when none) with *out set (free_parts), OS_ENOENT when
 * path is no directory, or OS_ENOMEM. */
static int list_parts(const char *path, char ***out)
{
	*out = NULL;
	DIR *dir = opendir(path);
	if (!dir)
		return OS_ENOENT;
	char **v = NULL;
	int n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, "part-", 5) != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **nv = realloc(v, sizeof *nv * (size_t)cap);
			if (!nv)
				goto nomem;
			v = nv;
		}
		size_t len = strlen(path) + strlen(de->d_name) + 2;
		if (!(v[n] = malloc(len)))
			goto nomem;
		snprintf(v[n++], len, "%s/%s", path, de->d_name);
	}
	closedir(dir);
	if (n)
		qsort(v, (size_t)n, sizeof *v, cmp_str);
	*out = v;
	return n;
nomem:
	closedir(dir);
	free_parts(v, n);
	return OS_ENOMEM;
}

/* path/sub, malloc'ed, or NULL. */
static char *join_path(const char *path, const char *sub)
{
	size_t len = strlen(path) + strlen(sub) + 2;
	char *p = malloc(len);
	if (p)
		snprintf(p, len, "%s/%s", path, sub);
	return p;
}

/* The part files: path itself, or path's part-* entries in name order, or
 * those of path/task_events when path is the root of a trace (which also
 * holds machine_events/ and the other tables). */
static int list_files(struct g_src *g, const char *path)
{
	const struct workload_spec *wl = &g->sc->fws[g->fw].wl;
	int n = list_parts(path, &g->files);
	if (n == OS_ENOENT) {
		g->files = malloc(sizeof *g->files);
		if (!g->files || !(g->files[0] = strdup(path)))
			return OS_ENOMEM;
		g->nfiles = 1;
		return 0;
	}
	if (n == 0) {
		char *sub = join_path(path, "task_events");
		if (!sub)
			return OS_ENOMEM;
		free(g->files);
		n = list_parts(sub, &g->files);
		free(sub);
		if (n == OS_ENOENT)
			n = 0;
	}
	if (n < 0)
		return n;
	g->nfiles = n;
	if (!g->nfiles) {
		diag_error(g->d, g->sc->file, wl->pos.line, wl->pos.col,
			   "directory '%s' has no part-* files of a "
			   "task_events table", path);
		return OS_ENOENT;
	}
	return 0;
}

static int google_open(const struct scenario *sc, int fw, struct diag *d,
		       struct wl_source **out)
{
	static const char *const at_start[] = {"skip", "start"};
	*out = NULL;
	struct wl_opts o;
	wl_opt_init(&o, sc, fw, d);
	double sc_cpus = wl_opt_num(&o, "scale.cpus", 1, 0);
	double sc_mem = wl_opt_num(&o, "scale.mem", 1, 0);
	int start = wl_opt_choice(&o, "running_at_start", at_start, 2, 0);
	double window = wl_opt_num(&o, "reorder_window", G_WINDOW, 0);
	if (wl_opt_finish(&o) < 0)
		return OS_EINVAL;
	struct g_src *g = tr_alloc(sizeof *g, d);
	if (!g)
		return OS_ENOMEM;
	g->base.ops = &g_ops;
	g->d = d;
	g->sc = sc;
	g->fw = fw;
	g->scale_cpus = sc_cpus;
	g->scale_mem = sc_mem;
	g->start_running = start == 1;
	g->window = simtime_from_sec(window);
	int r = list_files(g, tr_workload_path(sc, fw));
	if (r == 0)
		r = open_next_file(g) < 0 ? OS_EIO : 0;
	else if (r == OS_ENOMEM)
		diag_error(d, NULL, 0, 0, "out of memory opening a trace");
	if (r < 0) {
		g_close(&g->base);
		return r;
	}
	*out = &g->base;
	return 0;
}

/* ---- trace sample: the lines of task_events -------------------------- */

/* 13 fields, no header: time (us), missing info, job id, ... */
static int google_line(struct wl_scan *s, int n, struct wl_line *out)
{
	struct tr_file *f = &s->f;
	long long t;
	if (wl_scan_count(f, n, 13, 0) < 0)
		return OS_EPARSE;
	if (tr_int(f, 0, &t) < 0 || t < 0)
		return tr_bad_field(f, 0, "time",
				    "a non-negative integer (microseconds)");
	out->time = t;
	return wl_scan_job(f, 2, "job id", out);
}

/* ---- from_trace: the machine capacity distribution ------------------- */

/* Normalized capacities, multiplied by the same scale.cpus / scale.mem as
 * the task requests, so agents and tasks agree. */
static int google_machines(const struct wl_machine_opts *o, struct tr_file *f,
			   struct res_names *rn, struct wl_machine_groups *gs)
{
	static const char *const names[] = {"cpu", "memory",
					    "number_of_machines"};
	int col[3];
	int nf = wl_mt_header(f, names, 3, 3, col, "machine table");
	if (nf < 0)
		return nf;
	int cpus = res_intern(rn, "cpus"), mem = res_intern(rn, "mem");
	int r;
	while ((r = tr_next_line(f)) > 0) {
		if (f->lr.len == 0)
			continue;
		if ((r = wl_mt_row(f, nf)) < 0)
			return r;
		double cpu, memory;
		long long count;
		if (wl_mt_nonneg(f, col[0], "cpu", &cpu) < 0 ||
		    wl_mt_nonneg(f, col[1], "memory", &memory) < 0)
			return OS_EPARSE;
		if (tr_int(f, col[2], &count) < 0 || count < 0 ||
		    count > INT_MAX)
			return tr_bad_field(f, col[2], "number_of_machines",
					    "a non-negative integer");
		if (!count)
			continue;
		resq_t res[RES_MAX] = {0};
		res[cpus] = resq_from_double(cpu * o->scale_cpus);
		res[mem] = resq_from_double(memory * o->scale_mem);
		if ((r = wl_mt_add(gs, f, "machine", 1, res, (long)count)) < 0)
			return r;
	}
	return r;
}

/* ---- from_trace: machine_events ------------------------------------- */

/*
 * A trace directory holding machine_events/ (Google's v2.1 schema: one
 * table, machine_events/part-00000-of-00001.csv.gz; no header): 1 time
 * (us; 0 = before the trace window, 2^63 - 1 = after it), 2 machine id, 3
 * event type (0 ADD, 1 REMOVE, 2 UPDATE), 4 platform id (not used), 5
 * cpus, 6 memory (capacities normalized to the largest machine, 1.0; may
 * be empty).  Rows are in time order, across the parts too.
 *
 * The cell is the machines ADDed at time 0 with a capacity.  Without
 * per_machine they form groups of one shape each (machine1, machine2,
 * ...), as the capacity table's rows do, and later events are not read.
 * With it (machine_events: in the scenario) each is its own group, named
 * m<ID>, and later rows become machine events (machines.h): a REMOVE of a
 * known machine is a failure (the master disconnects it and removes it
 * after the ping timeout unless it comes back), an ADD of a known machine
 * brings it back, an ADD of a new machine adds it (absent until then).
 * UPDATE changes a capacity, which the model has no event for: it is
 * counted, and a machine keeps the capacity of its first ADD (one warning
 * says how many changes were not replayed; so does a re-ADD with another
 * capacity).  A machine first ADDed with an empty capacity field is left
 * out with its events (counted, one warning); a later ADD giving one adds
 * it then.  Events at 2^63 - 1 and events of machines never added are
 * counted and ignored.  A malformed row is an error (FILE:LINE:COL);
 * machine tables are not read leniently.
 */

/* A machine seen in the table. */
struct gm_mach {
	long long id;
	int group;                  /* its group, -1 while left out */
	double cpu, mem;            /* the capacity of its first ADD */
	unsigned char used;
	unsigned char left_out;     /* counted in no_capacity */
};

struct gm_map {
	struct gm_mach *v;
	size_t cap, n;
};

static size_t gm_hash(long long id)
{
	uint64_t z = (uint64_t)id * UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(z ^ (z >> 31));
}

/* The entry of id, added (group -1) when new; NULL when out of memory. */
static struct gm_mach *gm_get(struct gm_map *m, long long id)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 1024;
		struct gm_mach *nv = calloc(ncap, sizeof *nv);
		if (!nv)
			return NULL;
		for (size_t j = 0; j < m->cap; j++) {
			if (!m->v[j].used)
				continue;
			size_t i = gm_hash(m->v[j].id) & (ncap - 1);
			while (nv[i].used)
				i = (i + 1) & (ncap - 1);
			nv[i] = m->v[j];
		}
		free(m->v);
		m->v = nv;
		m->cap = ncap;
	}
	size_t i = gm_hash(id) & (m->cap - 1);
	for (; m->v[i].used; i = (i + 1) & (m->cap - 1))
		if (m->v[i].id == id)
			return &m->v[i];
	m->v[i] = (struct gm_mach){.id = id, .group = -1, .used = 1};
	m->n++;
	return &m->v[i];
}

enum { M_TIME, M_ID, M_TYPE, M_PLATFORM, M_CPU, M_MEM, M_FIELDS };
enum { ME_ADD, ME_REMOVE, ME_UPDATE };

/* A capacity field: *has 0 when empty, else *v; OS_EPARSE (reported) for a
 * negative number or one too large once scaled. */
static int gm_capacity(struct tr_file *f, int i, const char *name,
		       double scale, double *v, int *has)
{
	unsigned char h = 0;
	*v = 0;
	int rc = parse_quantity(f, i, name, "a non-negative number (or empty)",
				scale, v, &h);
	*has = h;
	return rc;
}

struct gm_ctx {
	const struct wl_machine_opts *o;
	struct wl_machine_groups *gs;
	struct wl_machine_stats st;
	struct gm_map map;
	int cpus, mem;
	long long last;             /* time of the previous row, us: the
				       order spans the parts */
};

/* One data row of f. */
static int gm_row(struct gm_ctx *c, struct tr_file *f)
{
	const struct wl_machine_opts *o = c->o;
	int r = wl_mt_row(f, M_FIELDS);
	if (r < 0)
		return r;
	long long t, id, type;
	if (tr_int(f, M_TIME, &t) < 0 || t < 0)
		return tr_bad_field(f, M_TIME, "time",
				    "a non-negative integer (microseconds)");
	if (t != INT64_MAX && tr_check_sec(f, M_TIME, "time", (double)t / 1e6) < 0)
		return OS_EPARSE;
	if (tr_int(f, M_ID, &id) < 0 || id < 0)
		return tr_bad_field(f, M_ID, "machine id",
				    "a non-negative integer");
	if (tr_int(f, M_TYPE, &type) < 0 || type < 0 || type > 2)
		return tr_bad_field(f, M_TYPE, "event type",
				    "0 (ADD), 1 (REMOVE) or 2 (UPDATE)");
	double cpu, memory;
	int has_cpu, has_mem;
	if (gm_capacity(f, M_CPU, "cpus", o->scale_cpus, &cpu, &has_cpu) < 0 ||
	    gm_capacity(f, M_MEM, "memory", o->scale_mem, &memory, &has_mem) < 0)
		return OS_EPARSE;
	if (t < c->last) {
		char a[32], b[32];
		tr_error(f, f->fld[M_TIME].col,
			 "machine events are not in time order: %s s comes "
			 "after %s s", tr_fmt_sec(t, a, sizeof a),
			 tr_fmt_sec(c->last, b, sizeof b));
		return OS_EPARSE;
	}
	c->last = t;
	c->st.rows++;
	if (t == INT64_MAX) {
		c->st.after_window++;
		return 0;
	}
	if (!o->per_machine && (t > 0 || type != ME_ADD))
		return 0;   /* the cell at the start only */
	double at = (double)t / 1e6;
	if (t > 0) {
		if (c->st.first < 0)
			c->st.first = at;
		c->st.last = at;
	}
	struct gm_mach *m = gm_get(&c->map, id);
	if (!m) {
		diag_error(f->d, f->path, 0, 0, "out of memory reading machines");
		return OS_ENOMEM;
	}
	int known = m->group >= 0;
	switch (type) {
	case ME_ADD:
		if (known) {
			if ((has_cpu && cpu != m->cpu) || (has_mem && memory != m->mem))
				c->st.cap_changes++;
			if (t == 0)
				return 0;   /* listed twice at the start */
			c->st.readds++;
			return wl_mt_event_group(c->gs, f, m->group, at, WL_ME_ADD);
		}
		if (!has_cpu || !has_mem) {
			/* No size to give it: left out, counted once. */
			if (!m->left_out) {
				c->st.no_capacity++;
				m->left_out = 1;
			}
			return 0;
		}
		if (m->left_out) {
			c->st.no_capacity--;    /* sized at last */
			m->left_out = 0;
		}
		m->cpu = cpu;
		m->mem = memory;
		m->group = o->per_machine ? wl_mt_ngroups(c->gs) : 0;
		{
			resq_t res[RES_MAX] = {0};
			res[c->cpus] = resq_from_double(cpu * o->scale_cpus);
			res[c->mem] = resq_from_double(memory * o->scale_mem);
			char name[32];
			snprintf(name, sizeof name, "m%lld", id);
			if ((r = wl_mt_add(c->gs, f, o->per_machine ? name : "machine",
					   !o->per_machine, res, 1)) < 0)
				return r;
		}
		if (t == 0) {
			c->st.at_start++;
			return 0;
		}
		c->st.added++;
		return wl_mt_event_group(c->gs, f, m->group, at, WL_ME_ADD);
	case ME_REMOVE:
		if (!known) {
			c->st.unknown++;
			return 0;
		}
		c->st.removes++;
		return wl_mt_event_group(c->gs, f, m->group, at, WL_ME_FAIL);
	default:    /* UPDATE */
		c->st.updates++;
		if (!known) {
			c->st.unknown++;
			return 0;
		}
		if ((has_cpu && cpu != m->cpu) || (has_mem && memory != m->mem))
			c->st.cap_changes++;
		return 0;
	}
}

static int google_machine_events(const struct wl_machine_opts *o,
				 struct tr_file *fp, struct res_names *rn,
				 struct wl_machine_groups *gs)
{
	struct diag *d = fp->d;
	char *sub = join_path(o->path, "machine_events");
	char **parts = NULL;
	if (!sub) {
		diag_error(d, NULL, 0, 0, "out of memory reading machines");
		return OS_ENOMEM;
	}
	int n = list_parts(sub, &parts);
	free(sub);
	if (n == OS_ENOENT)
		n = list_parts(o->path, &parts);   /* machine_events/ itself */
	if (n == OS_ENOMEM) {
		diag_error(d, NULL, 0, 0, "out of memory reading machines");
		return n;
	}
	if (n <= 0) {
		diag_error(d, o->path, 0, 0, "directory '%s' has no "
			   "machine_events/part-* files (a Google trace "
			   "directory), and a capacity table is a file",
			   o->path);
		free_parts(parts, 0);
		return OS_ENOENT;
	}
	struct gm_ctx c = {.o = o, .gs = gs};
	c.st.first = c.st.last = -1;
	c.cpus = res_intern(rn, "cpus");
	c.mem = res_intern(rn, "mem");
	int r = 0;
	for (int i = 0; i < n && r >= 0; i++) {
		struct tr_file f;
		if ((r = tr_open_file(&f, parts[i], 0, d)) < 0)
			break;
		while ((r = tr_next_line(&f)) > 0)
			if (f.lr.len && (r = gm_row(&c, &f)) < 0)
				break;
		tr_close(&f);
	}
	free_parts(parts, n);
	free(c.map.v);
	if (r < 0)
		return r;
	if (c.st.no_capacity)
		diag_warn(d, o->path, 0, 0, "machine_events: %ld machine%s "
			  "without a capacity (empty cpus or memory) left out",
			  c.st.no_capacity, c.st.no_capacity == 1 ? "" : "s");
	if (o->per_machine && c.st.cap_changes)
		diag_warn(d, o->path, 0, 0, "machine_events: %ld capacity "
			  "change%s (UPDATE, or ADD again with another "
			  "capacity) not replayed: offersim keeps each "
			  "machine's first capacity", c.st.cap_changes,
			  c.st.cap_changes == 1 ? "" : "s");
	c.st.counted = 1;
	if (o->stats)
		*o->stats = c.st;
	return 0;
}

/* The capacity table (a file) or a trace directory's machine_events. */
static int google_machines_any(const struct wl_machine_opts *o,
			       struct tr_file *f, struct res_names *rn,
			       struct wl_machine_groups *gs)
{
	struct stat st;
	if (stat(o->path, &st) == 0 && S_ISDIR(st.st_mode))
		return google_machine_events(o, f, rn, gs);
	return google_machines(o, f, rn, gs);
}

static const char *const google_exts[] = {".csv", NULL};
static const char *const google_res[] = {"cpus", "mem", NULL};

static const struct wl_scan_format google_scan = {
	google_line, ',', {NULL, 1, 1, 1},
};

static const struct wl_machine_format google_machine = {
	.read = google_machines_any,
	.scale = WL_MSCALE_CPUS | WL_MSCALE_MEM,
	.takes_dir = 1,
};

/* No header: 13 comma-separated fields, the time (us) and the job id
 * integers. */
static int google_sniff(const struct wl_sniff *s)
{
	char t[64], job[64];
	const char *l = s->line[0];
	return wl_sniff_fields(l, ',') == 13 &&
	       wl_sniff_field(l, ',', 0, t, sizeof t) && wl_sniff_is_int(t) &&
	       wl_sniff_field(l, ',', 2, job, sizeof job) && wl_sniff_is_int(job);
}

const struct wl_format wl_format_google2011 = {
	.name = "google2011",
	.summary = "task_events of the Google cluster-usage trace of 2011: a "
		   "part file or their directory",
	.exts = google_exts,
	.takes_dir = 1,
	.rebase = 1,
	.res = google_res,
	.open = google_open,
	.scan = &google_scan,
	.machines = &google_machine,
	.sniff = google_sniff,
};
