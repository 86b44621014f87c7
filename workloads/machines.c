/*
 * machines.c - read the machine tables of the public traces into groups of
 * identical agents (see machines.h), so a scenario can replay a trace on
 * the cluster it ran on, or on a proportional slice of it.
 *
 * Each format keeps the units its workload reader uses, so the agents and
 * the tasks of one trace agree: Google's normalized capacities are
 * multiplied by the same scale.cpus / scale.mem as its task requests,
 * Alibaba 2017's cores are cpus and its normalized memory is multiplied by
 * scale.mem, the GPU trace's milli-cores become cpus, MiB stay mem and
 * GPUs are whole.  An SWF log describes one machine of MaxProcs
 * processors, which is one agent: the SWF reader makes a job one task of
 * `procs` cpus, so the agent must be able to hold the largest job.
 *
 * The readers of each format live in its file (the machines member of its
 * struct wl_format); this file builds the groups they add to, and scales
 * them down to `machines:` when asked.
 *
 * Group names: machine1, machine2, ... (google2011), server1, ...
 * (alibaba2017) in order of first appearance; the GPU node list names its
 * groups by model (G2, T4, ...; CPU-only nodes "cpu"), with _2, _3 ...
 * when one model comes in several shapes; swf gives "machine" (or "node"
 * with nodes: true).  Agents are then named group-0, group-1, ... as
 * usual.
 *
 * Machine events (alibaba2017's server_event, google2011's
 * machine_events) are only collected here, per machine, in file order;
 * sim/config/workload.c turns them into timeline events.
 */
#include "machines.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "formats.h"
#include "machreader.h"
#include "tracefile.h"

/* The groups being built. */
struct wl_machine_groups {
	struct wl_machine_group *g;
	int n, cap;
	int nres;
	struct wl_machine_event *ev;
	int nev, evcap;
};

int wl_mt_ngroups(const struct wl_machine_groups *gs)
{
	return gs->n;
}

int wl_mt_event(struct wl_machine_groups *gs, struct tr_file *f,
		const char *name, double at, int kind)
{
	int g = -1;
	for (int i = 0; i < gs->n && g < 0; i++)
		if (!strcmp(gs->g[i].name, name))
			g = i;
	if (g < 0)
		return 0;
	return wl_mt_event_group(gs, f, g, at, kind);
}

int wl_mt_event_group(struct wl_machine_groups *gs, struct tr_file *f,
		      int g, double at, int kind)
{
	if (gs->nev == gs->evcap) {
		int ncap = gs->evcap ? gs->evcap * 2 : 64;
		struct wl_machine_event *n = realloc(gs->ev, sizeof *n * (size_t)ncap);
		if (!n) {
			diag_error(f->d, f->path, 0, 0, "out of memory reading machines");
			return OS_ENOMEM;
		}
		gs->ev = n;
		gs->evcap = ncap;
	}
	gs->ev[gs->nev++] = (struct wl_machine_event){at, g, kind, f->lr.lineno};
	return 0;
}

/* The group of this shape and base name, added when new; NULL when out
 * of memory. */
static struct wl_machine_group *group_of(struct wl_machine_groups *gs,
					 const char *base, int numbered,
					 const resq_t *res)
{
	int same_base = 0;
	for (int i = 0; i < gs->n; i++) {
		struct wl_machine_group *g = &gs->g[i];
		size_t bl = strlen(base);
		int this_base = !strncmp(g->name, base, bl) &&
			(numbered || g->name[bl] == '\0' || g->name[bl] == '_');
		if (!this_base)
			continue;
		same_base++;
		if (!memcmp(g->res, res, sizeof g->res))
			return g;
	}
	if (gs->n == gs->cap) {
		int ncap = gs->cap ? gs->cap * 2 : 16;
		struct wl_machine_group *ng = realloc(gs->g, sizeof *ng * (size_t)ncap);
		if (!ng)
			return NULL;
		gs->g = ng;
		gs->cap = ncap;
	}
	struct wl_machine_group *g = &gs->g[gs->n++];
	memset(g, 0, sizeof *g);
	if (numbered)
		snprintf(g->name, sizeof g->name, "%s%d", base, same_base + 1);
	else if (same_base)
		snprintf(g->name, sizeof g->name, "%s_%d", base, same_base + 1);
	else
		snprintf(g->name, sizeof g->name, "%s", base);
	memcpy(g->res, res, sizeof g->res);
	return g;
}

int wl_mt_add(struct wl_machine_groups *gs, struct tr_file *f,
	      const char *base, int numbered, const resq_t *res, long count)
{
	struct wl_machine_group *g = group_of(gs, base, numbered, res);
	if (!g) {
		diag_error(f->d, f->path, 0, 0, "out of memory reading machines");
		return OS_ENOMEM;
	}
	if (count > INT_MAX - g->count) {
		tr_error(f, 1, "more than %d machines of one shape", INT_MAX);
		return OS_ERANGE;
	}
	g->count += (int)count;
	return 0;
}

static int mopen(struct tr_file *f, const char *path, struct diag *d)
{
	memset(f, 0, sizeof *f);
	f->d = d;
	if (!(f->path = strdup(path))) {
		diag_error(d, NULL, 0, 0, "out of memory");
		return OS_ENOMEM;
	}
	int r = lr_open(&f->lr, path);
	if (r < 0) {
		diag_error(d, path, 0, 0, "cannot open machine table: %s",
			   strerror(-r));
		tr_close(f);
		return OS_EIO;
	}
	return 0;
}

int wl_mt_header(struct tr_file *f, const char *const *names, int n,
		 int required, int *col, const char *what)
{
	int r;
	do {
		r = tr_next_line(f);
		if (r < 0)
			return r;
		if (r == 0) {
			diag_error(f->d, f->path, 0, 0, "empty %s: no header "
				   "line", what);
			return OS_EPARSE;
		}
	} while (f->lr.len == 0);
	int nf = tr_split(f, ',');
	if (nf < 0)
		return nf;
	for (int k = 0; k < n; k++)
		col[k] = -1;
	for (int i = 0; i < nf; i++)
		for (int k = 0; k < n; k++)
			if (col[k] < 0 && tr_field_is(&f->fld[i], names[k]))
				col[k] = i;
	int bad = 0;
	for (int k = 0; k < required; k++)
		if (col[k] < 0) {
			tr_fatal(f, 1, "missing required column '%s' in the "
				 "%s header", names[k], what);
			bad = 1;
		}
	return bad ? OS_EPARSE : nf;
}

int wl_mt_row(struct tr_file *f, int nf)
{
	int n = tr_split(f, ',');
	if (n < 0)
		return n;
	if (n != nf) {
		tr_error(f, n > nf ? f->fld[nf].col : (int)f->lr.len + 1,
			 "expected %d fields, got %d", nf, n);
		return OS_EPARSE;
	}
	return 0;
}

int wl_mt_nonneg(struct tr_file *f, int i, const char *name, double *v)
{
	if (tr_num(f, i, v) < 0 || *v < 0 || *v > 1e12)
		return tr_bad_field(f, i, name, "a non-negative number");
	return 0;
}

void wl_apportion(int *c, int n, long want)
{
	double total = 0;
	for (int i = 0; i < n; i++)
		total += c[i];
	if (!(total > 0))
		return;
	double *frac = malloc(sizeof *frac * (size_t)(n ? n : 1));
	long given = 0;
	for (int i = 0; i < n; i++) {
		double q = (double)c[i] * (double)want / total;
		double fl = floor(q);
		c[i] = fl > INT_MAX ? INT_MAX : (int)fl;
		given += c[i];
		if (frac)
			frac[i] = q - fl;
	}
	/* The units left, one each to the largest remainders. */
	for (; given < want && frac; given++) {
		int best = 0;
		for (int i = 1; i < n; i++)
			if (frac[i] > frac[best])
				best = i;
		frac[best] = -1;
		c[best]++;
	}
	free(frac);
}

int wl_machines_read(const struct wl_machine_opts *o, struct res_names *rn,
		     struct diag *d, struct wl_machine_group **out)
{
	struct wl_machine_event *ev;
	int nev;
	int r = wl_machines_read_events(o, rn, d, out, &ev, &nev);
	free(ev);
	return r;
}

int wl_machines_read_events(const struct wl_machine_opts *o,
			    struct res_names *rn, struct diag *d,
			    struct wl_machine_group **out,
			    struct wl_machine_event **evout, int *nev)
{
	struct wl_machine_groups gs = {0};
	struct tr_file f;
	int r;
	*out = NULL;
	*evout = NULL;
	*nev = 0;
	const struct wl_format *wf = wl_format_find(o->format);
	const struct wl_machine_format *mf = wf ? wf->machines : NULL;
	if (!mf) {
		diag_error(d, NULL, 0, 0, "no machine table for format '%s'",
			   o->format);
		return OS_EINVAL;
	}
	struct stat st;
	if (mf->from_header || (mf->takes_dir && stat(o->path, &st) == 0 &&
				S_ISDIR(st.st_mode))) {
		/* The reader opens the trace itself: f names it. */
		f = (struct tr_file){.d = d, .path = (char *)o->path};
		r = mf->read(o, &f, rn, &gs);
	} else if ((r = mopen(&f, o->path, d)) == 0) {
		r = mf->read(o, &f, rn, &gs);
		tr_close(&f);
	}
	if (r >= 0 && gs.n == 0) {
		diag_error(d, o->path, 0, 0, "the machine table lists no "
			   "machines");
		r = OS_EPARSE;
	}
	if (r >= 0 && o->machines > 0) {
		int *c = malloc(sizeof *c * (size_t)gs.n);
		if (!c) {
			diag_error(d, NULL, 0, 0, "out of memory");
			r = OS_ENOMEM;
		} else {
			for (int i = 0; i < gs.n; i++)
				c[i] = gs.g[i].count;
			wl_apportion(c, gs.n, o->machines);
			int k = 0;
			for (int i = 0; i < gs.n; i++) {
				if (!c[i])
					continue;   /* too rare to keep */
				gs.g[k] = gs.g[i];
				gs.g[k++].count = c[i];
			}
			gs.n = k;
			free(c);
		}
	}
	if (r >= 0 && o->machines > 0 && gs.nev) {
		/* Apportioning renumbers the groups: events name none. */
		diag_error(d, o->path, 0, 0, "'machines' and 'machine_events' "
			   "do not go together: events name single machines");
		r = OS_EINVAL;
	}
	if (r < 0) {
		free(gs.g);
		free(gs.ev);
		return r;
	}
	*out = gs.g;
	*evout = gs.ev;
	*nev = gs.nev;
	return gs.n;
}
