/*
 * sorter.c - the role tree: Mesos's client sorters, with the order left to
 * the allocator's order hook (see sorter.h and policies/policy.h).
 *
 * The tree is an array of nodes indexed by handle; a node is a client, an
 * inner node, or both (a role with sub-roles that has frameworks of its
 * own).  Subtree allocations are summed afresh at every sort rather than
 * kept up to date incrementally: the trees here are small (roles, or the
 * frameworks of one role), and a sum is simpler to trust than the
 * incremental re-sorting Mesos does for speed.  The order is the same.
 *
 * For a pure allocator (its order a function of what the tree shows) the
 * last order is reused while nothing changed, and one active client is
 * listed without asking: a pass over many agents sorts again for every
 * agent, and most agents change nothing.
 */
#include "sorter.h"

#include <stdlib.h>
#include <string.h>

#include "../../policies/policy.h"
#include "../core/err.h"

struct snode {
	char *path;
	int parent;               /* -1 for the root */
	int *kids;
	int nkids, capkids;
	int is_client, active;
	double weight;
	resq_t self[RES_MAX];     /* the client's own allocation */
	uint64_t self_count;
	resq_t sub[RES_MAX];      /* self plus every descendant's */
	uint64_t sub_count;
};

struct sorter {
	const struct alloc_policy *pol;
	void *pol_state;          /* the allocator's instance */
	int pol_ready;            /* init succeeded: release it */
	char *name;
	int nres;
	resq_t total[RES_MAX];
	struct snode *n;
	int nn, capn;
	int nclients;
	int nactive;              /* active clients */
	/* The active client while nactive == 1, found once per change of
	 * the active set (single_version == active_version), or -1. */
	uint64_t active_version, single_version;
	int single;
	/* Scratch for sorting: ent for the leaves of ALLOC_ALL_LEAVES,
	 * stack for the entries of the levels being walked. */
	struct alloc_cand *ent;
	int capent;
	struct alloc_cand *stack;
	int capstack, topstack;
	/* A pure allocator's order depends only on the sorter's state:
	 * every mutator bumps version, and an order computed at the same
	 * version is reused. */
	uint64_t version, cached_version;
	int *cache;
	int ncache, capcache;
};

int sorter_new(struct sorter **out, const struct alloc_policy *pol,
	       const struct policy_params *p, const char *name, int nres)
{
	*out = NULL;
	struct sorter *s = calloc(1, sizeof *s);
	if (!s)
		return OS_ENOMEM;
	s->pol = pol;
	s->nres = nres;
	s->capn = 8;
	s->n = calloc((size_t)s->capn, sizeof *s->n);
	s->name = strdup(name);
	s->pol_state = calloc(1, pol->state_size ? pol->state_size : 1);
	if (!s->n || !s->name || !s->pol_state ||
	    !(s->n[0].path = strdup(""))) {
		sorter_free(s);
		return OS_ENOMEM;
	}
	s->nn = 1;
	s->single = -1;
	s->n[0].parent = -1;
	s->n[0].weight = 1;
	if (pol->init) {
		int rc = pol->init(s->pol_state, p, s->name);
		if (rc < 0) {
			sorter_free(s);
			return rc;
		}
	}
	s->pol_ready = 1;
	*out = s;
	return 0;
}

void sorter_free(struct sorter *s)
{
	if (!s)
		return;
	if (s->pol_ready && s->pol->release)
		s->pol->release(s->pol_state);
	free(s->pol_state);
	free(s->name);
	free(s->cache);
	for (int i = 0; i < s->nn; i++) {
		free(s->n[i].path);
		free(s->n[i].kids);
	}
	free(s->n);
	free(s->ent);
	free(s->stack);
	free(s);
}

static int find_path(const struct sorter *s, const char *path)
{
	for (int i = 1; i < s->nn; i++)
		if (strcmp(s->n[i].path, path) == 0)
			return i;
	return -1;
}

static int valid_path(const char *path)
{
	if (!*path || path[0] == '/' || path[strlen(path) - 1] == '/' ||
	    strstr(path, "//"))
		return 0;
	return 1;
}

/* The node of path, made (with its missing ancestors) when absent. */
static int node_of(struct sorter *s, const char *path)
{
	int h = find_path(s, path);
	if (h >= 0)
		return h;
	int parent = 0;
	const char *slash = strrchr(path, '/');
	if (slash) {
		char *up = strndup(path, (size_t)(slash - path));
		if (!up)
			return -1;
		parent = node_of(s, up);
		free(up);
		if (parent < 0)
			return -1;
	}
	if (s->nn == s->capn) {
		struct snode *nn = realloc(s->n, sizeof *nn * (size_t)s->capn * 2);
		if (!nn)
			return -1;
		s->n = nn;
		s->capn *= 2;
	}
	struct snode *p = &s->n[parent];
	if (p->nkids == p->capkids) {
		int cap = p->capkids ? p->capkids * 2 : 4;
		int *k = realloc(p->kids, sizeof *k * (size_t)cap);
		if (!k)
			return -1;
		p->kids = k;
		p->capkids = cap;
	}
	struct snode *x = &s->n[s->nn];
	memset(x, 0, sizeof *x);
	x->path = strdup(path);
	if (!x->path)
		return -1;
	x->parent = parent;
	x->weight = 1;
	p->kids[p->nkids++] = s->nn;
	return s->nn++;
}

int sorter_add(struct sorter *s, const char *path)
{
	s->version++;
	if (!valid_path(path))
		return -1;
	int h = node_of(s, path);
	if (h < 0)
		return -1;
	if (!s->n[h].is_client) {
		s->n[h].is_client = 1;
		s->n[h].active = 0;
		s->n[h].self_count = 0;
		memset(s->n[h].self, 0, sizeof s->n[h].self);
		s->nclients++;
	}
	return h;
}

void sorter_remove(struct sorter *s, int h)
{
	s->version++;
	if (h <= 0 || h >= s->nn || !s->n[h].is_client)
		return;
	/* The node stays as an inner node (or an empty one): a later add of
	 * the same path starts afresh, as a new Mesos client does. */
	if (s->n[h].active)
		s->nactive--;
	s->active_version++;
	s->n[h].is_client = 0;
	s->n[h].active = 0;
	s->n[h].self_count = 0;
	memset(s->n[h].self, 0, sizeof s->n[h].self);
	s->nclients--;
}

int sorter_find(const struct sorter *s, const char *path)
{
	int h = find_path(s, path);
	return h >= 0 && s->n[h].is_client ? h : -1;
}

int sorter_count(const struct sorter *s)
{
	return s->nclients;
}

const char *sorter_path(const struct sorter *s, int h)
{
	return h > 0 && h < s->nn ? s->n[h].path : NULL;
}

void sorter_activate(struct sorter *s, int h)
{
	s->version++;
	if (h > 0 && h < s->nn && s->n[h].is_client && !s->n[h].active) {
		s->n[h].active = 1;
		s->nactive++;
		s->active_version++;
	}
}

void sorter_deactivate(struct sorter *s, int h)
{
	s->version++;
	if (h > 0 && h < s->nn && s->n[h].active) {
		s->n[h].active = 0;
		s->nactive--;
		s->active_version++;
	}
}

int sorter_update_weight(struct sorter *s, const char *path, double weight)
{
	s->version++;
	if (!valid_path(path) || !(weight > 0))
		return -1;
	int h = node_of(s, path);
	if (h < 0)
		return -1;
	s->n[h].weight = weight;
	return 0;
}

void sorter_allocated(struct sorter *s, int h, const resq_t *res)
{
	s->version++;
	if (h <= 0 || h >= s->nn)
		return;
	res_add(s->n[h].self, res, s->nres);
	s->n[h].self_count++;
}

void sorter_allocated_n(struct sorter *s, int h, const resq_t *res,
			uint64_t n)
{
	s->version++;
	if (h <= 0 || h >= s->nn)
		return;
	res_add(s->n[h].self, res, s->nres);
	s->n[h].self_count += n;
}

void sorter_unallocated(struct sorter *s, int h, const resq_t *res)
{
	s->version++;
	if (h <= 0 || h >= s->nn)
		return;
	res_sub(s->n[h].self, res, s->nres);
}

void sorter_set_allocation(struct sorter *s, int h, const resq_t *res)
{
	s->version++;
	if (h <= 0 || h >= s->nn)
		return;
	memcpy(s->n[h].self, res, sizeof(resq_t) * (size_t)s->nres);
}

const resq_t *sorter_allocation(const struct sorter *s, int h)
{
	return h > 0 && h < s->nn ? s->n[h].self : NULL;
}

void sorter_set_total(struct sorter *s, const resq_t *total)
{
	s->version++;
	memcpy(s->total, total, sizeof(resq_t) * (size_t)s->nres);
}

/* Sum subtree allocations; returns whether the subtree has an active
 * client. */
static int sum_tree(struct sorter *s, int h)
{
	struct snode *x = &s->n[h];
	memcpy(x->sub, x->self, sizeof x->sub);
	x->sub_count = x->self_count;
	int active = x->is_client && x->active;
	for (int i = 0; i < x->nkids; i++) {
		int k = x->kids[i];
		if (sum_tree(s, k))
			active = 1;
		x = &s->n[h];
		res_add(x->sub, s->n[k].sub, s->nres);
		x->sub_count += s->n[k].sub_count;
	}
	return active;
}

static int has_active(const struct sorter *s, int h)
{
	const struct snode *x = &s->n[h];
	if (x->is_client && x->active)
		return 1;
	for (int i = 0; i < x->nkids; i++)
		if (has_active(s, x->kids[i]))
			return 1;
	return 0;
}

/* Entries competing under node h; returns how many, in *out, a part of
 * the scratch stack that the caller gives back with level_done(s, n).
 * The levels open at once lie on one path, so the stack holds at most
 * nodes + depth entries. */
static int level_entries(struct sorter *s, int h, struct alloc_cand **out)
{
	const struct snode *x = &s->n[h];
	if (s->topstack + x->nkids + 1 > s->capstack) {
		int cap = 2 * s->nn + 2;
		if (cap < s->topstack + x->nkids + 1)
			cap = s->topstack + x->nkids + 1;
		struct alloc_cand *st = realloc(s->stack, sizeof *st * (size_t)cap);
		if (!st)
			return -1;
		s->stack = st;
		s->capstack = cap;
	}
	struct alloc_cand *e = s->stack + s->topstack;
	int n = 0;
	/* The virtual leaf "x/." weighs 1, whatever x's own weight: Mesos
	 * looks a node's weight up by its path (sorter/drf/sorter.cpp and
	 * sorter/random/sorter.cpp, getWeight), and no weight is ever set
	 * for a path ending in "/.".  x's weight weighs its whole subtree
	 * one level up. */
	if (h != 0 && x->is_client && x->active && x->nkids > 0)
		e[n++] = (struct alloc_cand){
			.path = x->path, .weight = 1, .alloc = x->self,
			.count = x->self_count, .self = 1, .node = h,
		};
	for (int i = 0; i < x->nkids; i++) {
		const struct snode *k = &s->n[x->kids[i]];
		if (!has_active(s, x->kids[i]))
			continue;
		e[n++] = (struct alloc_cand){
			.path = k->path, .weight = k->weight, .alloc = k->sub,
			.count = k->sub_count, .self = 0, .node = x->kids[i],
		};
	}
	s->topstack += n;
	*out = e;
	return n;
}

static void level_done(struct sorter *s, int n)
{
	s->topstack -= n;
}

/* ALLOC_EACH_LEVEL: order the level under h, then descend into its
 * inner candidates in that order. */
static int level_walk(struct sorter *s, int h, int depth, int *out, int n)
{
	struct alloc_cand *e;
	int ne = level_entries(s, h, &e);
	if (ne < 0)
		return n;
	if (ne > 1 || (ne == 1 && !s->pol->pure)) {
		struct alloc_level lv = {
			.sorter = s->name, .parent = s->n[h].path, .depth = depth,
			.total = s->total, .nres = s->nres,
		};
		s->pol->order(s->pol_state, &lv, e, ne);
	}
	for (int i = 0; i < ne; i++) {
		const struct snode *k = &s->n[e[i].node];
		if (e[i].self || k->nkids == 0)
			out[n++] = e[i].node;
		else
			n = level_walk(s, e[i].node, depth + 1, out, n);
		/* The stack may have moved while deeper levels grew it. */
		e = s->stack + (s->topstack - ne);
	}
	level_done(s, ne);
	return n;
}

/* ALLOC_ALL_LEAVES: the leaves with their relative weights (Mesos's
 * RandomSorter formula). */
static int leaves_collect(struct sorter *s, int h, double rw, int n)
{
	struct alloc_cand *e;
	int ne = level_entries(s, h, &e);
	if (ne < 0)
		return n;
	double sum = 0;
	for (int i = 0; i < ne; i++)
		sum += e[i].weight;
	for (int i = 0; i < ne; i++) {
		const struct snode *k = &s->n[e[i].node];
		double w = rw * e[i].weight / sum;
		if (e[i].self || k->nkids == 0) {
			s->ent[n] = e[i];
			s->ent[n].weight = w;
			n++;
		} else {
			n = leaves_collect(s, e[i].node, w, n);
			e = s->stack + (s->topstack - ne);
		}
	}
	level_done(s, ne);
	return n;
}

int sorter_sort(struct sorter *s, int *out)
{
	int pure = s->pol->pure;
	if (pure) {
		/* One active client (the common case of one role, or of one
		 * framework in its role): nothing to compare. */
		if (s->nactive == 0)
			return 0;
		if (s->nactive == 1) {
			if (s->single_version != s->active_version ||
			    s->single < 0) {
				s->single = -1;
				for (int h = 1; h < s->nn && s->single < 0; h++)
					if (s->n[h].is_client && s->n[h].active)
						s->single = h;
				s->single_version = s->active_version;
			}
			out[0] = s->single;
			return 1;
		}
		if (s->cache && s->cached_version == s->version) {
			memcpy(out, s->cache, sizeof *out * (size_t)s->ncache);
			return s->ncache;
		}
	}
	sum_tree(s, 0);
	int n;
	if (s->pol->scope == ALLOC_EACH_LEVEL) {
		n = level_walk(s, 0, 0, out, 0);
	} else {
		if (s->capent < s->nn) {
			struct alloc_cand *e = realloc(s->ent, sizeof *e * (size_t)s->nn);
			if (!e)
				return 0;
			s->ent = e;
			s->capent = s->nn;
		}
		/* Collected in tree order (children by creation), which
		 * depends only on the order clients were added: a random
		 * order then repeats for one seed. */
		n = leaves_collect(s, 0, 1.0, 0);
		if (n > 0) {
			struct alloc_level lv = {
				.sorter = s->name, .parent = NULL, .depth = 0,
				.total = s->total, .nres = s->nres,
			};
			if (n > 1 || !pure)
				s->pol->order(s->pol_state, &lv, s->ent, n);
		}
		for (int i = 0; i < n; i++)
			out[i] = s->ent[i].node;
	}
	if (!pure)
		return n;
	if (n > s->capcache) {
		int *c = realloc(s->cache, sizeof *c * (size_t)n);
		if (!c)
			return n;   /* no cache this time; still correct */
		s->cache = c;
		s->capcache = n;
	}
	if (n > 0 || s->cache) {
		if (n > 0)
			memcpy(s->cache, out, sizeof *out * (size_t)n);
		s->ncache = n;
		s->cached_version = s->version;
	}
	return n;
}
