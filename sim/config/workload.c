/*
 * workload.c - a framework's workload: a trace (path, format, options,
 * job window) or a synthetic generator (synth.c), then the transforms
 * every source takes (filter, time window, time/duration/load scales);
 * and cluster.from_trace, which reads the agents from a trace's machine
 * table (workloads/machines.c).
 *
 * This is the only file of the reader that asks about trace formats, and
 * it asks the format table (workloads/formats.h): which names exist, which
 * take a directory, have a framework column or a machine table, and what
 * that table's capacities are like.  No format is named here.  A workload's `options:` are only stored (nested
 * maps flattened to dotted keys): each reader checks its own when it
 * opens.
 *
 * The machine table is read once its own keys are valid (an error
 * elsewhere must not leave the scenario without resources and cause a
 * cascade of errors).
 */
#include "reader.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/diag.h"
#include "../../workloads/formats.h"
#include "../../workloads/machines.h"
#include "../../workloads/source.h"
#include "get.h"
#include "keys.h"

void cfg_workload_none(struct cfg *c, struct workload_spec *w)
{
	w->format = cfg_strdup(c, wl_format_default()->name);
}

/*
 * The workload mapping of the first framework from *i on (in the raw
 * scenario, before the frameworks are loaded) whose format is fmt, with *i
 * left on that framework; NULL when none is left.
 */
static const struct node *framework_workload(const struct node *root,
					     const char *fmt, int *i)
{
	const struct node *fl = node_get(root, "frameworks");
	for (; fl && fl->kind == NODE_SEQ && *i < fl->n; ++*i) {
		const struct node *f = fl->kid[*i];
		const struct node *wl = f->kind == NODE_MAP
					? node_get(f, "workload") : NULL;
		if (!wl || wl->kind != NODE_MAP)
			continue;
		const struct node *fm = node_get(wl, "format");
		if (fm && fm->kind == NODE_SCALAR && !strcmp(fm->text, fmt))
			return wl;
	}
	return NULL;
}

/*
 * The scale a framework reading format fmt gives its trace (options.scale.
 * KEY, or options: {scale.KEY: ...} flattened), so that a cluster taken
 * from the same trace is in the same units; def when none says.
 */
static double framework_scale(const struct node *root, const char *fmt,
			      const char *key, double def)
{
	const struct node *wl;
	char dotted[32];
	snprintf(dotted, sizeof dotted, "scale.%s", key);
	for (int i = 0; (wl = framework_workload(root, fmt, &i)); i++) {
		const struct node *o = node_get(wl, "options");
		if (!o || o->kind != NODE_MAP)
			continue;
		const struct node *s = node_get(o, "scale"), *v = NULL;
		if (s && s->kind == NODE_MAP)
			v = node_get(s, key);
		if (!v)
			v = node_get(o, dotted);
		double x;
		if (v && v->kind == NODE_SCALAR && cfg_parse_num(v->text, &x) &&
		    x >= 0)
			return x;
	}
	return def;
}

/* The trace of the first framework reading format fmt, or NULL. */
static const struct node *framework_trace(const struct node *root,
					  const char *fmt)
{
	const struct node *wl;
	for (int i = 0; (wl = framework_workload(root, fmt, &i)); i++) {
		const struct node *t = node_get(wl, "trace");
		if (t && t->kind == NODE_SCALAR && *t->text)
			return t;
	}
	return NULL;
}

/*
 * A trace's machine events as timeline events (struct cfg's mev): a
 * failure is fail_agent (repaired after repair seconds, or by the
 * table's next add of the machine, a repair_agent), a remove is
 * remove_agent, an add after a remove add_agent, and a first add after
 * origin makes the machine absent until then.  Times are trace seconds
 * minus origin, at least 0.  Machine i is group i, of one agent.
 */
static void machine_events(struct cfg *c, const struct node *ft, int ng,
			   const struct wl_machine_event *ev, int nev,
			   double origin, double repair)
{
	if (!nev)
		return;
	enum { M_NONE, M_UP, M_FAILED, M_REMOVED };
	int *st = cfg_calloc(c, (size_t)ng, sizeof *st);
	c->mev = cfg_calloc(c, (size_t)nev, sizeof *c->mev);
	if (!st || !c->mev) {
		free(st);
		return;
	}
	/* A machine whose first event is an add joins then; the others are
	 * up from the start. */
	for (int i = 0; i < nev; i++)
		if (st[ev[i].group] == M_NONE)
			st[ev[i].group] = ev[i].kind == WL_ME_ADD ? M_REMOVED
								   : M_UP;
	for (int i = 0; i < ng; i++)
		if (st[i] == M_NONE)
			st[i] = M_UP;
	for (int i = 0; i < nev; i++) {
		const struct wl_machine_event *e = &ev[i];
		struct sc_event *se = &c->mev[c->nmev];
		memset(se, 0, sizeof *se);
		se->agent = e->group;
		se->fw = -1;
		se->refuse_seconds = -1;
		for (int r = 0; r < RES_MAX; r++)
			se->quota.limit[r] = QUOTA_NO_LIMIT;
		se->at = e->at > origin ? e->at - origin : 0;
		se->pos = node_pos(ft);
		int *s = &st[e->group];
		if (e->kind == WL_ME_FAIL && *s == M_UP) {
			se->kind = SE_FAIL_AGENT;
			se->duration = repair;
			*s = repair > 0 ? M_UP : M_FAILED;
		} else if (e->kind == WL_ME_REMOVE && *s != M_REMOVED) {
			se->kind = *s == M_FAILED ? SE_REPAIR_AGENT : SE_REMOVE_AGENT;
			if (*s == M_FAILED) {
				/* back first, then removed, in file order */
				c->mev[c->nmev++] = *se;
				se = &c->mev[c->nmev];
				*se = c->mev[c->nmev - 1];
				se->kind = SE_REMOVE_AGENT;
			}
			*s = M_REMOVED;
		} else if (e->kind == WL_ME_ADD && *s != M_UP) {
			se->kind = *s == M_FAILED ? SE_REPAIR_AGENT : SE_ADD_AGENT;
			*s = M_UP;
		} else {
			continue;   /* a failure of a machine already down */
		}
		c->nmev++;
	}
	free(st);
}

/*
 * Machine events later than the horizon would never run: they are left
 * out once the groups know which machines join late (a machine whose
 * first add is past the horizon stays absent), so that the timeline holds
 * only what can happen.
 */
static void drop_past_horizon(struct cfg *c)
{
	double h = c->sc->horizon;
	if (!(h > 0))
		return;
	int k = 0;
	for (int i = 0; i < c->nmev; i++)
		if (c->mev[i].at <= h)
			c->mev[k++] = c->mev[i];
	c->nmev = k;
}

/*
 * cluster: {from_trace: {trace: FILE, format: F, scale: {cpus: C, mem: M},
 * machines: N, nodes: BOOL}}: the agent groups of a trace's machine table
 * (workloads/machines.h).
 */
void cfg_load_from_trace(struct cfg *c, const struct node *root,
			    const struct node *ft)
{
	struct scenario *sc = c->sc;
	char list[256], sug[128];
	const char *formats[8];
	int nformats = wl_format_names(formats, N_OF(formats), WL_FMT_MACHINES);
	int errors = diag_errors(c->d);
	if (!cfg_want_map(c, ft, "'from_trace'"))
		return;
	cfg_check_section(c, ft, "from_trace", &cfg_sec_from_trace);
	const struct node *fm = node_get(ft, "format");
	const char *fmt = fm ? cfg_str_of(c, fm, "format") : NULL;
	if (!fm)
		cfg_err(c, ft, "missing required key 'format' in from_trace "
			"(%s)", cfg_join(formats, nformats, list, sizeof list));
	if (!fmt)
		return;
	const struct wl_format *wf = wl_format_find(fmt);
	if (!wf || !wf->machines) {
		cfg_err(c, fm, "from_trace reads no format '%s'%s; valid: %s",
			fmt, cfg_suggest(fmt, formats, nformats, sug, sizeof sug),
			cfg_join(formats, nformats, list, sizeof list));
		return;
	}
	/* What the format's machine table is like (its table row). */
	int scale_cpus = wf->machines->scale & WL_MSCALE_CPUS;
	int scale_mem = wf->machines->scale & WL_MSCALE_MEM;
	int header = wf->machines->from_header;
	struct wl_machine_opts o = {.format = fmt};

	const struct node *t = node_get(ft, "trace");
	if (!t && header)
		t = framework_trace(root, fmt);
	if (!t) {
		cfg_err(c, ft, "missing required key 'trace' in "
			"from_trace%s%s%s",
			header ? " (and no framework reads an " : "",
			header ? fmt : "", header ? " trace)" : "");
		return;
	}
	const char *rel = cfg_str_of(c, t, "trace");
	if (!rel)
		return;
	char *path = cfg_resolve_path(c, rel);
	struct stat st;
	if (!path)
		return;
	if (stat(path, &st) != 0 ||
	    (S_ISDIR(st.st_mode) && !wf->machines->takes_dir) ||
	    access(path, R_OK) != 0) {
		cfg_err(c, t, "cannot read machine table '%s'", rel);
		if (strcmp(rel, path))
			diag_note(c->d, "looked for '%s'", path);
		free(path);
		return;
	}
	o.path = path;

	/* The workload's scale by default: the same units on both sides. */
	o.scale_cpus = scale_cpus ? framework_scale(root, fmt, "cpus", 1) : 1;
	o.scale_mem = scale_mem ? framework_scale(root, fmt, "mem", 1) : 1;
	const struct node *s = node_get(ft, "scale");
	if (s && !scale_cpus && !scale_mem) {
		cfg_err(c, s, "'scale' does not apply to format %s, whose "
			"capacities are in real units", fmt);
	} else if (s && cfg_want_map(c, s, "'scale'")) {
		static const char *const skeys[] = {"cpus", "mem"};
		cfg_check_keys(c, s, "scale", skeys, N_OF(skeys));
		if (!scale_cpus && node_get(s, "cpus"))
			cfg_err(c, node_get(s, "cpus"), "%s gives "
				"cores: only 'mem' is scaled", fmt);
		o.scale_cpus = cfg_get_num(c, s, "cpus", o.scale_cpus, CFG_POS);
		o.scale_mem = cfg_get_num(c, s, "mem", o.scale_mem, CFG_POS);
	}
	const struct node *m = node_get(ft, "machines");
	if (m && header)
		cfg_err(c, m, "'machines' does not apply to format %s: the "
			"header gives the machine", fmt);
	else if (m)
		o.machines = (long)cfg_get_int(c, ft, "machines", 0, 1, INT_MAX);
	const struct node *nd = node_get(ft, "nodes");
	if (nd && !header)
		cfg_err(c, nd, "'nodes' applies to format %s only",
			wl_format_list(list, sizeof list,
				       WL_FMT_MACHINE_HEADER, NULL));
	else if (nd)
		o.nodes = cfg_get_bool(c, ft, "nodes", 0);
	const struct node *me = node_get(ft, "machine_events");
	double origin = 0, repair = 0;
	if (me && !node_is_null(me) && cfg_want_map(c, me, "'machine_events'")) {
		static const char *const mkeys[] = {"origin", "repair"};
		for (int i = 0; i + 1 < me->n; i += 2) {
			int known = 0;
			for (int k = 0; k < 2; k++)
				known |= !strcmp(me->kid[i]->text, mkeys[k]);
			if (!known)
				cfg_err(c, me->kid[i], "unknown key '%s' in "
					"machine_events (valid: origin, repair)",
					me->kid[i]->text);
		}
		origin = cfg_get_num(c, me, "origin", 0, CFG_NONNEG);
		repair = cfg_get_num(c, me, "repair", 0, CFG_NONNEG);
		o.per_machine = 1;
	}
	if (diag_errors(c->d) > errors) {
		free(path);
		return;
	}

	struct wl_machine_group *g;
	struct wl_machine_event *ev;
	int nev;
	int n = wl_machines_read_events(&o, &sc->res, c->d, &g, &ev, &nev);
	if (n > 0 && o.per_machine && nev == 0)
		diag_warn(c->d, path, 0, 0, "machine_events: the table has no "
			  "machine events for format %s", o.format);
	free(path);
	if (n <= 0)
		return;
	machine_events(c, ft, n, ev, nev, origin, repair);
	free(ev);
	sc->groups = cfg_calloc(c, (size_t)n, sizeof *sc->groups);
	for (int i = 0; sc->groups && i < n; i++) {
		struct agent_group *ag = &sc->groups[i];
		ag->name = cfg_strdup(c, g[i].name);
		ag->count = g[i].count;
		memcpy(ag->res, g[i].res, sizeof ag->res);
		ag->pos = node_pos(ft);
	}
	/* A machine that joins later is absent until its add_agent. */
	for (int k = 0; sc->groups && k < c->nmev; k++)
		if (c->mev[k].kind == SE_ADD_AGENT) {
			int first = 1;
			for (int j = 0; j < k; j++)
				first &= c->mev[j].agent != c->mev[k].agent;
			if (first)
				sc->groups[c->mev[k].agent].absent = 1;
		}
	if (sc->groups)
		sc->ngroups = n;
	free(g);
	drop_past_horizon(c);
}

/*
 * The `options:` map of a trace workload as kv pairs, nested maps flattened
 * to dotted keys: only the reader knows its options, and flat pairs keep
 * struct kv (and the readers' getters) simple.
 */
static void flatten_opts(struct cfg *c, const struct node *map,
			 const char *prefix, struct workload_spec *w)
{
	char desc[64], key[128];
	cfg_check_dups(c, map, "options");
	for (int i = 0; i + 1 < map->n; i += 2) {
		const struct node *k = map->kid[i], *x = map->kid[i + 1];
		snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "." : "",
			 k->text);
		if (x->kind == NODE_MAP) {
			flatten_opts(c, x, key, w);
			continue;
		}
		if (x->kind != NODE_SCALAR) {
			cfg_err(c, x, "option '%s' must be a single value or a "
				"mapping, got %s", key,
				node_desc(x, desc, sizeof desc));
			continue;
		}
		struct kv *nk = realloc(w->opts, sizeof *nk * (size_t)(w->nopts + 1));
		if (!nk) {
			cfg_err(c, x, "out of memory");
			return;
		}
		w->opts = nk;
		struct kv *e = &w->opts[w->nopts++];
		memset(e, 0, sizeof *e);
		e->pos = node_pos(k);
		e->key = cfg_strdup(c, key);
		e->value = cfg_strdup(c, x->text);
	}
}

static void load_trace(struct cfg *c, const struct node *wl,
		       const struct node *t, struct workload_spec *w)
{
	const char *formats[64];
	int nformats = wl_format_names(formats, N_OF(formats), 0);
	char sug[128], list[256];
	const struct node *f = node_get(wl, "format");
	const char *fmt = f ? cfg_str_of(c, f, "format") : NULL;
	const struct wl_format *wf =
		wl_format_find(fmt ? fmt : wl_format_default()->name);
	if (fmt && !wf)
		cfg_err(c, f, "unknown trace format '%s'%s; valid "
			"formats: %s", fmt,
			cfg_suggest(fmt, formats, nformats, sug, sizeof sug),
			cfg_join(formats, nformats, list, sizeof list));
	const char *rel = cfg_str_of(c, t, "trace");
	if (rel) {
		w->trace = cfg_resolve_path(c, rel);
		struct stat st;
		if (!w->trace) {
			/* out of memory, already noted */
		} else if (stat(w->trace, &st) != 0) {
			int e = errno;
			if (e == ENOENT || e == ENOTDIR)
				cfg_err(c, t, "trace file '%s' not found", rel);
			else
				cfg_err(c, t, "cannot read trace file '%s': %s",
					rel, strerror(e));
			if (strcmp(rel, w->trace))
				diag_note(c->d, "looked for '%s'", w->trace);
		} else if (S_ISDIR(st.st_mode) &&
			   !(wf && wf->takes_dir)) {
			cfg_err(c, t, "trace file '%s' is a directory", rel);
		} else if (access(w->trace, R_OK) != 0) {
			cfg_err(c, t, "cannot read trace file '%s': %s", rel,
				strerror(errno));
		}
	}
	const struct node *o = node_get(wl, "options");
	if (o && !node_is_null(o) && cfg_want_map(c, o, "'options'"))
		flatten_opts(c, o, "", w);
}

/* filter.priority / filter.class: integers and ranges. */
static void load_ranges(struct cfg *c, const struct node *v, const char *key,
			struct int_range **out, int *nout)
{
	const struct node *const *items;
	char desc[64];
	int n = cfg_items_of(v, &items);
	if (!n) {
		cfg_err(c, v, "'%s' in filter lists no values", key);
		return;
	}
	*out = cfg_calloc(c, (size_t)n, sizeof **out);
	if (!*out)
		return;
	for (int i = 0; i < n; i++) {
		const struct node *x = cfg_item(v, items, i);
		if (x->kind != NODE_SCALAR || node_is_null(x) ||
		    !cfg_parse_range(x->text, &(*out)[*nout])) {
			cfg_err(c, x, "'%s' in filter must be an integer or a "
				"range such as 2..8 (9.. and ..1 are open), got "
				"%s", key, node_desc(x, desc, sizeof desc));
			continue;
		}
		(*nout)++;
	}
}

/* filter: {user: [...], priority: [...], class: [...], framework: [...]} */
static void load_filter(struct cfg *c, const struct node *v,
			const struct workload_spec *w, struct wl_filter *f)
{
	char desc[64];
	const struct node *x;
	f->pos = node_pos(v);
	if (node_is_null(v) || !cfg_want_map(c, v, "'filter'"))
		return;
	cfg_check_section(c, v, "filter", &cfg_sec_filter);
	if ((x = node_get(v, "priority")))
		load_ranges(c, x, "priority", &f->prio, &f->nprio);
	if ((x = node_get(v, "class")))
		load_ranges(c, x, "class", &f->cls, &f->ncls);
	if ((x = node_get(v, "user"))) {
		const struct node *const *items;
		int n = cfg_items_of(x, &items);
		if (!n)
			cfg_err(c, x, "'user' in filter lists no users");
		f->users = n ? cfg_calloc(c, (size_t)n, sizeof *f->users) : NULL;
		for (int i = 0; f->users && i < n; i++) {
			const struct node *u = cfg_item(x, items, i);
			int64_t id = u->kind == NODE_SCALAR && !node_is_null(u)
				? wl_user_id(u->text, strlen(u->text)) : -1;
			if (id < 0) {
				cfg_err(c, u, "'user' in filter must be a user "
					"id or name as the trace writes it, got "
					"%s", node_desc(u, desc, sizeof desc));
				continue;
			}
			f->users[f->nusers++] = id;
		}
	}
	if ((x = node_get(v, "framework"))) {
		f->fws_pos = node_pos(x);
		const struct wl_format *wf = w->kind == WL_TRACE ?
			wl_format_find(w->format ? w->format
				       : wl_format_default()->name) : NULL;
		if (!wf || !wf->frameworks) {
			cfg_err(c, x, "filter by framework needs a trace with a "
				"'framework' column (format csv), not %s",
				w->kind == WL_TRACE ? w->format : "a synthetic "
				"workload");
			return;
		}
		const struct node *const *items;
		int n = cfg_items_of(x, &items);
		if (!n)
			cfg_err(c, x, "'framework' in filter lists no names");
		f->fws = n ? cfg_calloc(c, (size_t)n, sizeof *f->fws) : NULL;
		for (int i = 0; f->fws && i < n; i++) {
			const char *s = cfg_str_of(c, cfg_item(x, items, i),
						   "framework");
			if (s)
				f->fws[f->nfws++] = cfg_strdup(c, s);
		}
	}
}

/*
 * The transform keys of a workload (any source): start, end, time_scale,
 * duration_scale, load_scale, load_resource, filter.  framework_by is read
 * by cfg_expand_splits(), once every framework is known.
 */
static void load_transforms(struct cfg *c, const struct node *wl,
			    struct workload_spec *w)
{
	struct scenario *sc = c->sc;
	const struct node *v;
	double x;
	if ((v = node_get(wl, "start")) &&
	    cfg_num_of(c, v, "start", CFG_ANY, &x)) {
		if (fabs(x) > 9e12)
			cfg_err(c, v, "'start' is too large (at most 9e12 s)");
		w->start = x;
		w->has_start = 1;
	}
	if ((v = node_get(wl, "end")) && cfg_num_of(c, v, "end", CFG_ANY, &x)) {
		if (fabs(x) > 9e12)
			cfg_err(c, v, "'end' is too large (at most 9e12 s)");
		else if (w->has_start && !(x > w->start))
			cfg_err(c, v, "'end' (%g s) must be after 'start' (%g s)",
				x, w->start);
		w->end = x;
		w->has_end = 1;
	}
	/* time_scale, duration_scale and load_scale are table rows. */
	if (node_get(wl, "load_scale") && node_get(wl, "time_scale"))
		cfg_err(c, node_get(wl, "time_scale"), "give 'time_scale' or "
			"'load_scale', not both: load_scale chooses the time "
			"scale");
	if ((v = node_get(wl, "load_resource"))) {
		const char *s = cfg_str_of(c, v, "load_resource");
		char list[512], sug[128];
		const char *names[RES_MAX];
		for (int i = 0; i < sc->res.n; i++)
			names[i] = sc->res.name[i];
		if (!node_get(wl, "load_scale"))
			cfg_err(c, v, "'load_resource' is only used with "
				"'load_scale'");
		else if (s && res_find(&sc->res, s) < 0)
			cfg_err(c, v, "load_resource '%s' is not provided by any "
				"agent%s; agents provide: %s", s,
				cfg_suggest(s, names, sc->res.n, sug, sizeof sug),
				cfg_join(names, sc->res.n, list, sizeof list));
		else if (s)
			w->load_resource = cfg_strdup(c, s);
	}
	if ((v = node_get(wl, "filter")))
		load_filter(c, v, w, &w->filter);
}

void cfg_load_workload(struct cfg *c, const struct node *f,
			  const char *fw, struct workload_spec *w)
{
	static const char *const trace_only[] = {
		"format", "options", "lenient",
	};
	char where[96];
	cfg_workload_none(c, w);
	const struct node *wl = node_get(f, "workload");
	if (!wl) {
		cfg_err(c, f, "missing required key 'workload' in framework "
			"'%s'", fw);
		return;
	}
	w->pos = node_pos(wl);
	if (!cfg_want_map(c, wl, "'workload'"))
		return;
	snprintf(where, sizeof where, "workload of framework '%.40s'", fw);
	cfg_check_section(c, wl, where, &cfg_sec_workload);
	const struct node *t = node_get(wl, "trace");
	const struct node *s = node_get(wl, "synthetic");
	if (t && s) {
		cfg_err(c, wl, "%s has both 'trace' and 'synthetic'; give "
			"exactly one", where);
	} else if (!t && !s) {
		cfg_err(c, wl, "%s needs 'trace' or 'synthetic'", where);
	} else if (t) {
		w->kind = WL_TRACE;
		load_trace(c, wl, t, w);
	} else {
		w->kind = WL_SYNTHETIC;
		for (int i = 0; i < N_OF(trace_only); i++) {
			const struct node *k = node_get(wl, trace_only[i]);
			if (k)
				cfg_err(c, k, "'%s' applies only to trace "
					"workloads", trace_only[i]);
		}
		cfg_load_synth(c, s, fw, &w->synth);
	}
	const struct node *fm = node_get(wl, "format");
	if (w->kind == WL_TRACE && fm && fm->kind == NODE_SCALAR &&
	    *fm->text && !node_is_null(fm)) {
		free(w->format);
		w->format = cfg_strdup(c, fm->text);
	}
	/* The job window applies to generated jobs as well; lenient only
	 * to traces (a synthetic workload's is reported above). */
	cfg_read_keys(c, wl, wl, &cfg_sec_workload, w,
		      w->kind == WL_SYNTHETIC ? CFG_TRACE_ONLY : 0);
	load_transforms(c, wl, w);
}
