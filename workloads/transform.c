/*
 * transform.c - wl_open(): a reader (source.c's table) or the generator,
 * with the transforms every source gets whatever its format, and the scan
 * that measures a workload for load_scale and framework_by (transform.h).
 *
 * One record goes through these steps, in this order:
 *
 *   1. time window: records submitted before `start` are dropped, and the
 *      source ends at the first record submitted at or after `end` (both
 *      in the trace's own seconds, before the rebase: Google's clock
 *      starts at 600 s, an Alibaba create time may be negative);
 *   2. filter: user, priority and class (the CSV reader has already kept
 *      the rows of the filter's frameworks);
 *   3. job window: skip the first `skip` jobs, then keep `limit`;
 *   4. rebase: formats flagged in source.c start the clock at the first
 *      record to get here;
 *   5. framework_by selection: a framework made from a split entry keeps
 *      its own part (users, class or priority band);
 *   6. duration_scale multiplies durations and estimates;
 *   7. time_scale, or the factor load_scale computed, multiplies submit
 *      times (so every interarrival time too).
 *
 * Steps 1-4 run the same for every framework made from one entry, so they
 * all see one stream with one time origin, and the parts add up to the
 * whole.  The scan stops after step 4 (with step 6, since the work it
 * measures is the work delivered), so what load_scale measures is exactly
 * what the run replays before its time is scaled.
 *
 * The job window counts jobs by first appearance of their id, not by runs
 * of equal ids, so a trace that interleaves the tasks of several jobs is
 * still cut at job boundaries: every record of a skipped job is dropped,
 * even one that comes long after the job's first.  Only the ids of the
 * first skip + limit jobs are remembered, so memory is bounded by the
 * window, not by the trace.  With limit > 0 the source ends at the first
 * record of the job after the window, so `limit: 100` on a multi-gigabyte
 * trace reads only its beginning; the known cost is that a task of a
 * window job that appears after that point is not delivered.  `end` stops
 * the same way, relying on the submit order every source keeps.
 *
 * Scaled times are rounded to the microsecond; rounding is monotone, so
 * the submit order survives any factor.
 */
#include "transform.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/core/idtab.h"
#include "../sim/config/scenario.h"
#include "formats.h"
#include "prefetch.h"
#include "source.h"

/* A job id (key.id) and its 0-based rank by first appearance. */
struct job_slot {
	struct idkey key;
	long ord;
};

struct xform {
	struct wl_source base;
	struct wl_source *inner;
	struct diag *d;
	/* The reader of a quiet part (struct wl_split) reports to own, a
	 * copy of *d without warnings; its errors are counted on *d too. */
	struct diag own;
	int quiet, synced;
	const struct wl_filter *filter;
	const struct wl_split *split;   /* NULL in a scan */
	int has_start, has_end;
	simtime_t start, end;
	long skip, limit;
	long seen;              /* distinct jobs met so far */
	struct idtab slots;     /* of struct job_slot */
	int64_t last_id;        /* fast path: consecutive tasks of one job */
	long last_ord;
	int have_last, done;
	int rebase, have_origin;
	simtime_t origin;       /* submit of the first record past step 3 */
	double dscale;          /* duration_scale; 1 = none */
	double tscale;          /* time factor; 1 = none */
	const struct workload_spec *wl;
	int delivered;          /* the reader gave a record: its format is
				   right, whatever fails later */
};

static size_t hash_id(int64_t id)
{
	uint64_t z = (uint64_t)id * UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(z ^ (z >> 29));
}

/* Rank of the record's job, registering it when new; negative on error. */
static int job_rank(struct xform *w, int64_t id, long *ord)
{
	if (w->have_last && id == w->last_id) {
		*ord = w->last_ord;
		return 0;
	}
	struct job_slot *s = idtab_find(&w->slots, id, 0);
	if (s) {
		*ord = s->ord;
	} else {
		*ord = w->seen++;
		/* Jobs past a limit-free window need no memory: whatever is
		 * not a remembered skipped job is admitted. */
		int keep = *ord < w->skip || w->limit > 0;
		if (keep && !(s = idtab_add(&w->slots, id, 0))) {
			diag_error(w->d, NULL, 0, 0,
				   "out of memory windowing the workload");
			return OS_ENOMEM;
		}
		if (s)
			s->ord = *ord;
	}
	w->last_id = id;
	w->last_ord = *ord;
	w->have_last = 1;
	return 0;
}

static int in_ranges(const struct int_range *r, int n, int64_t v)
{
	for (int i = 0; i < n; i++)
		if (r[i].lo <= v && v <= r[i].hi)
			return 1;
	return 0;
}

static int in_list(const int64_t *v, int n, int64_t x)
{
	for (int i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

static int filter_keeps(const struct wl_filter *f, const struct wl_task *t)
{
	return (!f->nusers || in_list(f->users, f->nusers, t->user)) &&
	       (!f->nprio || in_ranges(f->prio, f->nprio, t->priority)) &&
	       (!f->ncls || in_ranges(f->cls, f->ncls, t->sched_class));
}

static int split_keeps(const struct wl_split *s, const struct wl_task *t)
{
	switch (s->key) {
	case WL_SPLIT_USER:
		if (s->other)
			return !in_list(s->others, s->nothers, t->user);
		return in_ranges(&s->range, 1, t->user);
	case WL_SPLIT_CLASS:
		return in_ranges(&s->range, 1, t->sched_class);
	case WL_SPLIT_PRIORITY:
		return in_ranges(&s->range, 1, t->priority);
	case WL_SPLIT_NONE:
		break;
	}
	return 1;
}

/* t * f rounded to the microsecond, saturating. */
static simtime_t scale_time(simtime_t t, double f)
{
	double x = (double)t * f;
	if (!(x < 9.2e18))
		return SIMTIME_NEVER;
	return (simtime_t)llround(x);
}

static int xform_next(struct wl_source *s, struct wl_task *out)
{
	struct xform *w = (struct xform *)s;
	if (w->done)
		return 0;
	for (;;) {
		int r = wl_next(w->inner, out);
		if (w->quiet && w->own.errors != w->synced) {
			w->d->errors += w->own.errors - w->synced;
			w->synced = w->own.errors;
		}
		if (r == OS_EPARSE && !w->delivered) {
			/* Once: the reader stays failed. */
			w->delivered = 1;
			wl_workload_format_note(w->wl, w->quiet ? &w->own : w->d);
		}
		if (r <= 0) {
			w->done = r == 0;
			return r;
		}
		w->delivered = 1;
		if (w->has_end && out->submit >= w->end) {
			w->done = 1;
			return 0;
		}
		if (w->has_start && out->submit < w->start)
			continue;
		if (w->filter && !filter_keeps(w->filter, out))
			continue;
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
		if (!w->have_origin) {
			w->origin = w->rebase ? out->submit : 0;
			w->have_origin = 1;
		}
		out->submit -= w->origin;
		if (w->split && !split_keeps(w->split, out))
			continue;
		if (w->dscale != 1) {
			out->duration = scale_time(out->duration, w->dscale);
			out->estimate = scale_time(out->estimate, w->dscale);
		}
		if (w->tscale != 1)
			out->submit = scale_time(out->submit, w->tscale);
		return 1;
	}
}

static void xform_close(struct wl_source *s)
{
	struct xform *w = (struct xform *)s;
	wl_close(w->inner);
	idtab_release(&w->slots);
	free(w);
}

static void xform_stats(struct wl_source *s, struct wl_stats *out)
{
	wl_stats(((struct xform *)s)->inner, out);
}

static const struct wl_source_ops xform_ops = {
	.name = "transform",
	.next = xform_next,
	.close = xform_close,
	.stats = xform_stats,
};

/* The reader of fw under steps 1-6 (scan: no step 5) and no time factor;
 * a trace's reader read ahead on a thread of its own when ahead is set
 * (prefetch.h). */
static int open_chain(const struct scenario *sc, int fw, int scan,
		      int ahead, struct diag *d, struct xform **out)
{
	const struct workload_spec *wl = &sc->fws[fw].wl;
	*out = NULL;
	struct xform *w = calloc(1, sizeof *w);
	if (!w) {
		diag_error(d, NULL, 0, 0, "out of memory opening the workload");
		return OS_ENOMEM;
	}
	w->base.ops = &xform_ops;
	w->d = d;
	idtab_init(&w->slots, sizeof(struct job_slot));
	w->quiet = !scan && wl->split.quiet;
	w->own = *d;
	w->own.quiet_warnings = 1;
	w->synced = w->own.errors;
	int rebase = 0;
	struct diag *to = w->quiet ? &w->own : d;
	struct prefetch *pf = NULL;
	if (ahead && wl->kind != WL_SYNTHETIC && wl->trace &&
	    !(pf = pf_new(to))) {
		diag_error(d, NULL, 0, 0, "out of memory opening the workload");
		idtab_release(&w->slots);
		free(w);
		return OS_ENOMEM;
	}
	int r = wl_open_format(sc, fw, pf ? pf_diag(pf) : to, &w->inner,
			       &rebase);
	if (r == OS_EPARSE)
		wl_workload_format_note(wl, to);
	if (w->quiet)
		d->errors += w->own.errors - w->synced;
	if (r < 0) {
		pf_free(pf);
		idtab_release(&w->slots);
		free(w);
		return r;
	}
	if (pf)
		w->inner = pf_start(pf, w->inner, PF_IF_CPUS);
	w->wl = wl;
	const struct wl_filter *f = &wl->filter;
	if (f->nusers || f->nprio || f->ncls)
		w->filter = f;
	if (!scan && wl->split.key != WL_SPLIT_NONE)
		w->split = &wl->split;
	w->has_start = wl->has_start;
	w->has_end = wl->has_end;
	w->start = (simtime_t)llround(wl->start * 1e6);
	w->end = (simtime_t)llround(wl->end * 1e6);
	w->skip = wl->skip > 0 ? wl->skip : 0;
	w->limit = wl->limit > 0 ? wl->limit : 0;
	w->rebase = rebase;
	w->dscale = wl->duration_scale > 0 ? wl->duration_scale : 1;
	w->tscale = 1;
	*out = w;
	return 0;
}

static int open_workload(const struct scenario *sc, int fw, int ahead,
			 struct diag *d, struct wl_source **out)
{
	*out = NULL;
	if (fw < 0 || fw >= sc->nfws) {
		diag_error(d, NULL, 0, 0, "no framework %d to open a workload for",
			   fw);
		return OS_EINVAL;
	}
	const struct workload_spec *wl = &sc->fws[fw].wl;
	double factor = wl->time_scale > 0 ? wl->time_scale : 1;
	if (wl->load_scale > 0) {
		factor = wl->load_factor;
		if (!(factor > 0)) {
			struct wl_scan s;
			int r = wl_scan(sc, fw, WL_SPLIT_NONE, d, &s);
			if (r == 0)
				r = wl_load_factor(sc, fw, &s, d, &factor);
			wl_scan_release(&s);
			if (r < 0)
				return r;
		}
	}
	struct xform *w;
	int r = open_chain(sc, fw, 0, ahead, d, &w);
	if (r < 0)
		return r;
	w->tscale = factor;
	*out = &w->base;
	return 0;
}

int wl_open(const struct scenario *sc, int fw, struct diag *d,
	    struct wl_source **out)
{
	return open_workload(sc, fw, 0, d, out);
}

int wl_open_ahead(const struct scenario *sc, int fw, struct diag *d,
		  struct wl_source **out)
{
	return open_workload(sc, fw, 1, d, out);
}

int wl_reads_ahead(const struct wl_source *s)
{
	return s && s->ops == &xform_ops &&
	       pf_threaded(((const struct xform *)s)->inner);
}

int wl_origin(const struct wl_source *s, simtime_t *origin)
{
	if (!s || s->ops != &xform_ops)
		return 0;
	const struct xform *w = (const struct xform *)s;
	if (!w->rebase || !w->have_origin)
		return 0;
	*origin = w->origin;
	return 1;
}

double wl_time_factor(const struct wl_source *s)
{
	if (!s || s->ops != &xform_ops)
		return 1;
	return ((const struct xform *)s)->tscale;
}

/* ---- measuring ------------------------------------------------------- */

void wl_capacity(const struct scenario *sc, double cap[RES_MAX])
{
	for (int r = 0; r < RES_MAX; r++)
		cap[r] = 0;
	for (int g = 0; g < sc->ngroups; g++) {
		const struct agent_group *ag = &sc->groups[g];
		if (ag->absent)
			continue;
		for (int r = 0; r < sc->res.n; r++)
			cap[r] += (double)ag->count * resq_to_double(ag->res[r]);
	}
}

int wl_offered_load(const struct scenario *sc, const double *work,
		    simtime_t span, const char *resource, double *load)
{
	double cap[RES_MAX];
	wl_capacity(sc, cap);
	double sec = simtime_to_sec(span);
	int best = -1;
	for (int r = 0; r < sc->res.n; r++) {
		load[r] = cap[r] > 0 && sec > 0 ? work[r] / (cap[r] * sec) : 0;
		if (!resource && load[r] > 0 && (best < 0 || load[r] > load[best]))
			best = r;
	}
	if (resource)
		best = res_find(&sc->res, resource);
	return best;
}

static int key_index(struct wl_scan *s, int64_t v)
{
	if (s->cap) {
		for (size_t i = hash_id(v) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
			if (s->slot[i] < 0)
				break;
			if (s->keys[s->slot[i]].value == v)
				return s->slot[i];
		}
	}
	if ((size_t)(s->nkeys + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 64;
		int *ns = malloc(ncap * sizeof *ns);
		struct wl_key_stat *nk = realloc(s->keys, ncap / 2 * sizeof *nk);
		if (!ns || !nk) {
			free(ns);
			if (nk)
				s->keys = nk;
			return OS_ENOMEM;
		}
		s->keys = nk;
		for (size_t i = 0; i < ncap; i++)
			ns[i] = -1;
		for (int k = 0; k < s->nkeys; k++) {
			size_t i = hash_id(s->keys[k].value) & (ncap - 1);
			while (ns[i] >= 0)
				i = (i + 1) & (ncap - 1);
			ns[i] = k;
		}
		free(s->slot);
		s->slot = ns;
		s->cap = ncap;
	}
	size_t i = hash_id(v) & (s->cap - 1);
	while (s->slot[i] >= 0)
		i = (i + 1) & (s->cap - 1);
	s->slot[i] = s->nkeys;
	s->keys[s->nkeys] = (struct wl_key_stat){ .value = v };
	return s->nkeys++;
}

static int key_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct wl_key_stat *)a)->value;
	int64_t y = ((const struct wl_key_stat *)b)->value;
	return (x > y) - (x < y);
}

int wl_scan(const struct scenario *sc, int fw, enum wl_split_key key,
	    struct diag *d, struct wl_scan *out)
{
	memset(out, 0, sizeof *out);
	/* The run prints the reader's warnings; a second copy of each from
	 * the scan would only confuse. */
	struct diag quiet = *d;
	quiet.quiet_warnings = 1;
	struct xform *w;
	int r = open_chain(sc, fw, 1, 0, &quiet, &w);
	double cap[RES_MAX];
	wl_capacity(sc, cap);
	struct wl_task t;
	while (r >= 0 && (r = xform_next(&w->base, &t)) > 0) {
		if (out->records == 0)
			out->first = t.submit;
		out->last = t.submit;
		out->records++;
		double dur = simtime_to_sec(t.duration), dom = 0;
		for (int i = 0; i < sc->res.n; i++) {
			double x = resq_to_double(t.res[i]);
			out->work[i] += dur * x;
			if (cap[i] > 0 && x / cap[i] > dom)
				dom = x / cap[i];
		}
		if (key == WL_SPLIT_NONE)
			continue;
		int64_t v = key == WL_SPLIT_USER ? t.user
			  : key == WL_SPLIT_CLASS ? t.sched_class : t.priority;
		int k = key_index(out, v);
		if (k < 0) {
			diag_error(&quiet, NULL, 0, 0,
				   "out of memory scanning the workload");
			r = OS_ENOMEM;
			break;
		}
		out->keys[k].records++;
		out->keys[k].demand += dur * dom;
	}
	if (w)
		xform_close(&w->base);
	d->errors = quiet.errors;
	if (out->nkeys > 1)
		qsort(out->keys, (size_t)out->nkeys, sizeof *out->keys, key_cmp);
	free(out->slot);
	out->slot = NULL;
	out->cap = 0;
	return r < 0 ? r : 0;
}

void wl_scan_release(struct wl_scan *s)
{
	free(s->keys);
	free(s->slot);
	memset(s, 0, sizeof *s);
}

int wl_load_factor(const struct scenario *sc, int fw, const struct wl_scan *s,
		   struct diag *d, double *factor)
{
	const struct framework_spec *fs = &sc->fws[fw];
	const struct workload_spec *wl = &fs->wl;
	const char *name = wl->origin ? wl->origin : fs->name ? fs->name : "?";
	double load[RES_MAX];
	*factor = 1;
	if (s->records < 2 || s->last <= s->first) {
		diag_error(d, sc->file, wl->load_pos.line, wl->load_pos.col,
			   "load_scale: the workload of '%s' has %ld record%s, "
			   "all submitted at one instant, so it has no arrival "
			   "rate to scale", name, s->records,
			   s->records == 1 ? "" : "s");
		return OS_EINVAL;
	}
	int r = wl_offered_load(sc, s->work, s->last - s->first,
				wl->load_resource, load);
	if (r < 0 || !(load[r] > 0)) {
		diag_error(d, sc->file, wl->load_pos.line, wl->load_pos.col,
			   "load_scale: the workload of '%s' offers no load of "
			   "%s to scale", name, wl->load_resource
			   ? wl->load_resource : "any resource");
		return OS_EINVAL;
	}
	*factor = load[r] / wl->load_scale;
	return 0;
}
