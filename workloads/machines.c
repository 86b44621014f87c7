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
 * Group names: machine1, machine2, ... (google2011), server1, ...
 * (alibaba2017) in order of first appearance; the GPU node list names its
 * groups by model (G2, T4, ...; CPU-only nodes "cpu"), with _2, _3 ...
 * when one model comes in several shapes; swf gives "machine" (or "node"
 * with nodes: true).  Agents are then named group-0, group-1, ... as
 * usual.
 *
 * Known limits: Alibaba's later events (softerror, remove) and Google's
 * machine churn are not replayed; the cluster is the one present at the
 * start.
 */
#include "machines.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "swf.h"
#include "tracefile.h"

static const char *const formats[] = {
	"google2011", "alibaba2017", "alibaba_gpu2023", "swf",
};

#define NFORMATS ((int)(sizeof formats / sizeof formats[0]))

int wl_machine_format_count(void)
{
	return NFORMATS;
}

const char *wl_machine_format_name(int i)
{
	return i >= 0 && i < NFORMATS ? formats[i] : NULL;
}

/* The groups being built. */
struct groups {
	struct wl_machine_group *g;
	int n, cap;
	int nres;
};

/* The group of this shape and base name, added when new; NULL when out
 * of memory. */
static struct wl_machine_group *group_of(struct groups *gs, const char *base,
					 int numbered, const resq_t *res)
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

static int add(struct groups *gs, struct tr_file *f, const char *base,
	       int numbered, const resq_t *res, long count)
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

static int field_is(const struct tr_field *x, const char *s)
{
	return (size_t)x->len == strlen(s) && memcmp(x->s, s, (size_t)x->len) == 0;
}

/*
 * A header line naming columns: the index of each of names[0..n) into
 * col[] (-1 when absent), the first `required` of them reported when
 * missing.  Returns the number of fields, or a negative code.
 */
static int header(struct tr_file *f, const char *const *names, int n,
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
			if (col[k] < 0 && field_is(&f->fld[i], names[k]))
				col[k] = i;
	int bad = 0;
	for (int k = 0; k < required; k++)
		if (col[k] < 0) {
			tr_error(f, 1, "missing required column '%s' in the "
				 "%s header", names[k], what);
			bad = 1;
		}
	return bad ? OS_EPARSE : nf;
}

/* Split a data line of a CSV with nf columns; 0 or OS_EPARSE. */
static int row(struct tr_file *f, int nf)
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

/* A non-negative number in field i (called name). */
static int nonneg(struct tr_file *f, int i, const char *name, double *v)
{
	if (tr_num(f, i, v) < 0 || *v < 0 || *v > 1e12)
		return tr_bad_field(f, i, name, "a non-negative number");
	return 0;
}

static int read_google(const struct wl_machine_opts *o, struct tr_file *f,
		       struct res_names *rn, struct groups *gs)
{
	static const char *const names[] = {"cpu", "memory",
					    "number_of_machines"};
	int col[3];
	int nf = header(f, names, 3, 3, col, "machine table");
	if (nf < 0)
		return nf;
	int cpus = res_intern(rn, "cpus"), mem = res_intern(rn, "mem");
	int r;
	while ((r = tr_next_line(f)) > 0) {
		if (f->lr.len == 0)
			continue;
		if ((r = row(f, nf)) < 0)
			return r;
		double cpu, memory;
		long long count;
		if (nonneg(f, col[0], "cpu", &cpu) < 0 ||
		    nonneg(f, col[1], "memory", &memory) < 0)
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
		if ((r = add(gs, f, "machine", 1, res, (long)count)) < 0)
			return r;
	}
	return r;
}

/* Machine ids already added (server_event may repeat an add). */
struct idset {
	long long *v;
	size_t cap, n;
};

static size_t id_hash(long long id)
{
	uint64_t z = (uint64_t)id * UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(z ^ (z >> 29));
}

/* 1 when id was new (and is now in), 0 when seen, < 0 out of memory.
 * Ids are stored plus one, so 0 marks a free slot. */
static int idset_add(struct idset *s, long long id)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 1024;
		long long *nv = calloc(ncap, sizeof *nv);
		if (!nv)
			return OS_ENOMEM;
		for (size_t j = 0; j < s->cap; j++) {
			if (!s->v[j])
				continue;
			size_t i = id_hash(s->v[j] - 1) & (ncap - 1);
			while (nv[i])
				i = (i + 1) & (ncap - 1);
			nv[i] = s->v[j];
		}
		free(s->v);
		s->v = nv;
		s->cap = ncap;
	}
	size_t i = id_hash(id) & (s->cap - 1);
	for (; s->v[i]; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == id + 1)
			return 0;
	s->v[i] = id + 1;
	s->n++;
	return 1;
}

static int read_alibaba(const struct wl_machine_opts *o, struct tr_file *f,
			struct res_names *rn, struct groups *gs)
{
	enum { S_TIME, S_ID, S_TYPE, S_DETAIL, S_CPU, S_MEM, S_DISK, S_FIELDS };
	int cpus = res_intern(rn, "cpus"), mem = res_intern(rn, "mem");
	struct idset ids = {0};
	int r;
	while ((r = tr_next_line(f)) > 0) {
		if (f->lr.len == 0)
			continue;
		if ((r = row(f, S_FIELDS)) < 0)
			break;
		double t;
		/* A copy with a header line names its columns. */
		if (f->lr.lineno == 1 && tr_num(f, S_TIME, &t) < 0)
			continue;
		if (!field_is(&f->fld[S_TYPE], "add"))
			continue;
		long long id;
		double cpu, memory;
		if (tr_int(f, S_ID, &id) < 0 || id < 0 || id >= LLONG_MAX) {
			r = tr_bad_field(f, S_ID, "machine id",
					 "a non-negative integer");
			break;
		}
		if ((r = nonneg(f, S_CPU, "number of cpus", &cpu)) < 0 ||
		    (r = nonneg(f, S_MEM, "normalized memory", &memory)) < 0)
			break;
		if ((r = idset_add(&ids, id)) < 0) {
			diag_error(f->d, f->path, 0, 0,
				   "out of memory reading machines");
			break;
		}
		if (r == 0)
			continue;   /* added again: the first add counts */
		resq_t res[RES_MAX] = {0};
		res[cpus] = resq_from_double(cpu);
		res[mem] = resq_from_double(memory * o->scale_mem);
		if ((r = add(gs, f, "server", 1, res, 1)) < 0)
			break;
	}
	free(ids.v);
	return r;
}

static int read_gpu_nodes(struct tr_file *f, struct res_names *rn,
			  struct groups *gs)
{
	static const char *const names[] = {"cpu_milli", "memory_mib", "gpu",
					    "model"};
	int col[4];
	int nf = header(f, names, 4, 3, col, "node list");
	if (nf < 0)
		return nf;
	int cpus = res_intern(rn, "cpus"), mem = res_intern(rn, "mem");
	int gpus = res_intern(rn, "gpus");
	int r;
	while ((r = tr_next_line(f)) > 0) {
		if (f->lr.len == 0)
			continue;
		if ((r = row(f, nf)) < 0)
			return r;
		double v[3];
		for (int k = 0; k < 3; k++)
			if (nonneg(f, col[k], names[k], &v[k]) < 0)
				return OS_EPARSE;
		/* The model names the group; keep it to a safe name. */
		char base[32] = "cpu";
		if (col[3] >= 0 && f->fld[col[3]].len > 0) {
			const struct tr_field *m = &f->fld[col[3]];
			int n = 0;
			for (int i = 0; i < m->len && n < (int)sizeof base - 1; i++) {
				char ch = m->s[i];
				int ok = (ch >= 'a' && ch <= 'z') ||
					 (ch >= 'A' && ch <= 'Z') ||
					 (ch >= '0' && ch <= '9') || ch == '-';
				base[n++] = ok ? ch : '-';
			}
			base[n] = '\0';
		}
		resq_t res[RES_MAX] = {0};
		res[cpus] = resq_from_double(v[0] / 1000.0);
		res[mem] = resq_from_double(v[1]);
		res[gpus] = resq_from_double(v[2]);
		if ((r = add(gs, f, base, 0, res, 1)) < 0)
			return r;
	}
	return r;
}

static int read_swf(const struct wl_machine_opts *o, struct res_names *rn,
		    struct diag *d, struct groups *gs)
{
	struct swf_header h;
	int r = wl_swf_header(o->path, &h, d);
	if (r < 0)
		return r;
	int cpus = res_intern(rn, "cpus");
	long procs = h.max_procs > 0 ? h.max_procs : h.max_nodes;
	if (procs <= 0) {
		diag_error(d, o->path, 0, 0, "the SWF log has no MaxProcs or "
			   "MaxNodes header line to size the cluster by");
		return OS_EPARSE;
	}
	resq_t res[RES_MAX] = {0};
	struct tr_file f = {.d = d, .path = (char *)o->path};
	if (!o->nodes) {
		res[cpus] = resq_from_double((double)procs);
		return add(gs, &f, "machine", 0, res, 1);
	}
	if (h.max_nodes <= 0 || h.max_procs <= 0 ||
	    h.max_procs % h.max_nodes) {
		diag_error(d, o->path, 0, 0, "nodes: true needs MaxNodes and "
			   "MaxProcs header lines, MaxProcs a multiple of "
			   "MaxNodes (got MaxProcs %ld, MaxNodes %ld)",
			   h.max_procs, h.max_nodes);
		return OS_EPARSE;
	}
	res[cpus] = resq_from_double((double)(h.max_procs / h.max_nodes));
	return add(gs, &f, "node", 0, res, h.max_nodes);
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
	struct groups gs = {0};
	struct tr_file f;
	int r, fi = -1;
	*out = NULL;
	for (int i = 0; i < NFORMATS; i++)
		if (!strcmp(o->format, formats[i]))
			fi = i;
	if (fi < 0) {
		diag_error(d, NULL, 0, 0, "no machine table for format '%s'",
			   o->format);
		return OS_EINVAL;
	}
	if (fi == 3) {
		r = read_swf(o, rn, d, &gs);
	} else if ((r = mopen(&f, o->path, d)) == 0) {
		r = fi == 0 ? read_google(o, &f, rn, &gs)
		  : fi == 1 ? read_alibaba(o, &f, rn, &gs)
		  : read_gpu_nodes(&f, rn, &gs);
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
	if (r < 0) {
		free(gs.g);
		return r;
	}
	*out = gs.g;
	return gs.n;
}
