/*
 * source.c - wl_open(): pick the source for a framework's workload, and the
 * skip/limit job window and the rebase that every source gets for free.
 *
 * Trace formats live in a name table (one row per format, so swf, google2011
 * or alibaba2017 are one line each once their reader exists); the synthetic
 * generator has no format name and is opened directly.
 *
 * The window counts jobs by first appearance of their id, not by runs of
 * equal ids, so a trace that interleaves the tasks of several jobs is still
 * cut at job boundaries: every record of a skipped job is dropped, even one
 * that comes long after the job's first.  Only the ids of the first
 * skip + limit jobs are remembered, so memory is bounded by the window, not
 * by the trace.  With limit > 0 the source ends at the first record of the
 * job after the window, so `limit: 100` on a multi-gigabyte trace reads
 * only its beginning; the known cost is that a task of a window job that
 * appears after that point is not delivered.
 *
 * Rebase: the logs of real systems count time from an epoch of their own
 * (Google's trace starts at 600 s, Alibaba's create times are offsets that
 * may be negative, an SWF window taken with `skip` starts days in), so the
 * formats flagged `rebase` below have the first delivered record's submit
 * time subtracted from every record, after the window: the run starts when
 * the selected work does.  It is one step here rather than in each reader
 * so that every format rebases the same way.  The native CSV format is not
 * rebased: its times are the user's own, and a windowed CSV run lines up
 * with the unwindowed one.
 */
#include "source.h"

#include <stdlib.h>
#include <string.h>

#include "../sim/diag.h"
#include "../sim/err.h"
#include "../sim/scenario.h"
#include "formats.h"

static const char *const res_none[] = {NULL};
static const char *const res_cpu_mem[] = {"cpus", "mem", NULL};
static const char *const res_gpu[] = {"cpus", "mem", "gpus", NULL};

static const struct wl_format {
	const char *name;
	wl_open_fn *open;
	int rebase;             /* start the clock at the first record */
	int dir;                /* trace: may be a directory */
	const char *const *res; /* resources its records demand */
} trace_formats[] = {
	{"csv", wl_csv_open, 0, 0, res_none},
	{"swf", wl_swf_open, 1, 0, res_cpu_mem},
	{"google2011", wl_google2011_open, 1, 1, res_cpu_mem},
	{"alibaba2017", wl_alibaba2017_open, 1, 0, res_cpu_mem},
	{"alibaba_gpu2023", wl_alibaba_gpu2023_open, 1, 0, res_gpu},
};

#define NFORMATS ((int)(sizeof trace_formats / sizeof trace_formats[0]))

/* A job id and its 0-based rank by first appearance. */
struct job_slot {
	int64_t id;
	long ord;
	int used;
};

struct window {
	struct wl_source base;
	struct wl_source *inner;
	struct diag *d;
	long skip, limit;
	long seen;              /* distinct jobs met so far */
	struct job_slot *slots; /* open addressing, capacity a power of 2 */
	size_t cap, n;
	int64_t last_id;        /* fast path: consecutive tasks of one job */
	long last_ord;
	int have_last, done;
	int rebase, have_origin;
	simtime_t origin;       /* submit of the first delivered record */
};

static size_t hash_id(int64_t id)
{
	uint64_t z = (uint64_t)id * UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(z ^ (z >> 29));
}

static struct job_slot *slot_find(struct window *w, int64_t id)
{
	if (!w->cap)
		return NULL;
	for (size_t i = hash_id(id) & (w->cap - 1);; i = (i + 1) & (w->cap - 1)) {
		if (!w->slots[i].used)
			return NULL;
		if (w->slots[i].id == id)
			return &w->slots[i];
	}
}

static int slot_put(struct window *w, int64_t id, long ord)
{
	if ((w->n + 1) * 2 > w->cap) {
		size_t ncap = w->cap ? w->cap * 2 : 64;
		struct job_slot *ns = calloc(ncap, sizeof *ns);
		if (!ns)
			return OS_ENOMEM;
		for (size_t j = 0; j < w->cap; j++) {
			if (!w->slots[j].used)
				continue;
			size_t i = hash_id(w->slots[j].id) & (ncap - 1);
			while (ns[i].used)
				i = (i + 1) & (ncap - 1);
			ns[i] = w->slots[j];
		}
		free(w->slots);
		w->slots = ns;
		w->cap = ncap;
	}
	size_t i = hash_id(id) & (w->cap - 1);
	while (w->slots[i].used)
		i = (i + 1) & (w->cap - 1);
	w->slots[i] = (struct job_slot){ .id = id, .ord = ord, .used = 1 };
	w->n++;
	return 0;
}

/* Rank of the record's job, registering it when new; negative on error. */
static int job_rank(struct window *w, int64_t id, long *ord)
{
	if (w->have_last && id == w->last_id) {
		*ord = w->last_ord;
		return 0;
	}
	struct job_slot *s = slot_find(w, id);
	if (s) {
		*ord = s->ord;
	} else {
		*ord = w->seen++;
		/* Jobs past a limit-free window need no memory: whatever is
		 * not a remembered skipped job is admitted. */
		int keep = *ord < w->skip || w->limit > 0;
		if (keep && slot_put(w, id, *ord) < 0) {
			diag_error(w->d, NULL, 0, 0,
				   "out of memory windowing the workload");
			return OS_ENOMEM;
		}
	}
	w->last_id = id;
	w->last_ord = *ord;
	w->have_last = 1;
	return 0;
}

static int window_next(struct wl_source *s, struct wl_task *out)
{
	struct window *w = (struct window *)s;
	if (w->done)
		return 0;
	for (;;) {
		int r = wl_next(w->inner, out);
		if (r <= 0) {
			w->done = r == 0;
			return r;
		}
		long ord;
		r = job_rank(w, out->job_id, &ord);
		if (r < 0)
			return r;
		if (ord < w->skip)
			continue;
		if (w->limit > 0 && ord >= w->skip + w->limit) {
			w->done = 1;
			return 0;
		}
		if (w->rebase) {
			if (!w->have_origin) {
				w->origin = out->submit;
				w->have_origin = 1;
			}
			out->submit -= w->origin;
		}
		return 1;
	}
}

static void window_close(struct wl_source *s)
{
	struct window *w = (struct window *)s;
	wl_close(w->inner);
	free(w->slots);
	free(w);
}

static void window_stats(struct wl_source *s, struct wl_stats *out)
{
	wl_stats(((struct window *)s)->inner, out);
}

static const struct wl_source_ops window_ops = {
	.name = "window",
	.next = window_next,
	.close = window_close,
	.stats = window_stats,
};

static int open_inner(const struct scenario *sc, int fw, struct diag *d,
		      struct wl_source **out, int *rebase)
{
	const struct workload_spec *wl = &sc->fws[fw].wl;
	if (wl->kind == WL_SYNTHETIC)
		return wl_synth_open(sc, fw, d, out);

	const char *fmt = wl->format ? wl->format : "csv";
	for (int i = 0; i < NFORMATS; i++)
		if (strcmp(trace_formats[i].name, fmt) == 0) {
			*rebase = trace_formats[i].rebase;
			return trace_formats[i].open(sc, fw, d, out);
		}

	const char *names[NFORMATS];
	for (int i = 0; i < NFORMATS; i++)
		names[i] = trace_formats[i].name;
	diag_error(d, sc->file, wl->pos.line, wl->pos.col,
		   "unknown trace format '%s'", fmt);
	const char *sugg = diag_suggest(fmt, names, NFORMATS);
	if (sugg)
		diag_note(d, "did you mean '%s'?", sugg);
	char list[256] = "";
	for (int i = 0; i < NFORMATS; i++) {
		if (i)
			strncat(list, ", ", sizeof list - strlen(list) - 1);
		strncat(list, names[i], sizeof list - strlen(list) - 1);
	}
	diag_note(d, "known formats: %s", list);
	return OS_ENOENT;
}

int wl_open(const struct scenario *sc, int fw, struct diag *d,
	    struct wl_source **out)
{
	*out = NULL;
	if (fw < 0 || fw >= sc->nfws) {
		diag_error(d, NULL, 0, 0, "no framework %d to open a workload for",
			   fw);
		return OS_EINVAL;
	}
	const struct workload_spec *wl = &sc->fws[fw].wl;
	struct wl_source *inner;
	int rebase = 0;
	int r = open_inner(sc, fw, d, &inner, &rebase);
	if (r < 0)
		return r;
	if (wl->skip <= 0 && wl->limit <= 0 && !rebase) {
		*out = inner;
		return 0;
	}
	struct window *w = calloc(1, sizeof *w);
	if (!w) {
		wl_close(inner);
		diag_error(d, NULL, 0, 0, "out of memory opening the workload");
		return OS_ENOMEM;
	}
	w->base.ops = &window_ops;
	w->inner = inner;
	w->d = d;
	w->skip = wl->skip > 0 ? wl->skip : 0;
	w->limit = wl->limit > 0 ? wl->limit : 0;
	w->rebase = rebase;
	*out = &w->base;
	return 0;
}

void wl_stats(struct wl_source *s, struct wl_stats *out)
{
	memset(out, 0, sizeof *out);
	if (s && s->ops->stats)
		s->ops->stats(s, out);
}

int wl_origin(const struct wl_source *s, simtime_t *origin)
{
	if (!s || s->ops != &window_ops)
		return 0;
	const struct window *w = (const struct window *)s;
	if (!w->rebase || !w->have_origin)
		return 0;
	*origin = w->origin;
	return 1;
}

int wl_format_count(void)
{
	return NFORMATS;
}

const char *wl_format_name(int i)
{
	return i >= 0 && i < NFORMATS ? trace_formats[i].name : NULL;
}

int wl_format_takes_dir(int i)
{
	return i >= 0 && i < NFORMATS && trace_formats[i].dir;
}

int wl_format_find(const char *name)
{
	for (int i = 0; i < NFORMATS; i++)
		if (strcmp(trace_formats[i].name, name) == 0)
			return i;
	return -1;
}

const char *const *wl_format_resources(int i)
{
	return i >= 0 && i < NFORMATS ? trace_formats[i].res : res_none;
}

void wl_close(struct wl_source *s)
{
	if (s)
		s->ops->close(s);
}
