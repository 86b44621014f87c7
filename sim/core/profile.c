/*
 * profile.c - the availability profile of profile.h as a treap keyed on
 * step start, holding differences.
 *
 * Each node is one step and holds the change d from the step before it
 * (the first step holds its whole value), so a step's value is the sum of
 * d over it and every step before it.  Adding to a range of steps is then
 * two point changes, and a new step (equal to the one it splits) is a node
 * with d = 0 that changes no other value.  Each node also keeps, per
 * resource, the sum of d over its subtree and the least and greatest
 * running sum within it (in step order): with the sum of everything
 * before a subtree in hand, "does some step of this subtree fail a
 * demand" is one comparison per resource, which guides the searches.
 *
 * The priorities come from a fixed xorshift sequence, so the shape (and
 * the cost) is the same in every run; results never depend on it.
 */
#include "profile.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"

#define NIL UINT32_MAX

static resq_t *pv(const struct profile *p, resq_t *base, uint32_t x)
{
	return base + (size_t)x * (size_t)p->nres;
}

static uint32_t next_prio(struct profile *p)
{
	uint32_t x = p->rng;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	p->rng = x;
	return x;
}

static int grow(struct profile *p)
{
	uint32_t cap = p->cap ? p->cap * 2 : 64;
	size_t nr = (size_t)(p->nres ? p->nres : 1);
	simtime_t *t = realloc(p->time, sizeof *t * cap);
	if (!t)
		return OS_ENOMEM;
	p->time = t;
	uint32_t **links[] = {&p->l, &p->r, &p->prio};
	for (int i = 0; i < 3; i++) {
		uint32_t *v = realloc(*links[i], sizeof *v * cap);
		if (!v)
			return OS_ENOMEM;
		*links[i] = v;
	}
	resq_t **vals[] = {&p->d, &p->sum, &p->lo, &p->hi};
	for (int i = 0; i < 4; i++) {
		resq_t *v = realloc(*vals[i], sizeof *v * cap * nr);
		if (!v)
			return OS_ENOMEM;
		*vals[i] = v;
	}
	p->cap = cap;
	return 0;
}

/* Sum, least and greatest running sum of x's subtree from its parts. */
static void pull(struct profile *p, uint32_t x)
{
	int nres = p->nres;
	uint32_t l = p->l[x], r = p->r[x];
	const resq_t *d = pv(p, p->d, x);
	resq_t *sum = pv(p, p->sum, x), *lo = pv(p, p->lo, x),
	       *hi = pv(p, p->hi, x);
	for (int k = 0; k < nres; k++) {
		resq_t s = d[k], mn, mx;
		if (l != NIL) {
			resq_t ls = pv(p, p->sum, l)[k];
			s += ls;
			mn = pv(p, p->lo, l)[k];
			mx = pv(p, p->hi, l)[k];
			if (s < mn)
				mn = s;
			if (s > mx)
				mx = s;
		} else {
			mn = mx = s;
		}
		if (r != NIL) {
			resq_t a = s + pv(p, p->lo, r)[k], b = s + pv(p, p->hi, r)[k];
			if (a < mn)
				mn = a;
			if (b > mx)
				mx = b;
			s += pv(p, p->sum, r)[k];
		}
		sum[k] = s;
		lo[k] = mn;
		hi[k] = mx;
	}
}

/* A new detached node at t with difference d (NULL: zero); NIL when out
 * of memory. */
static uint32_t node_new(struct profile *p, simtime_t t, const resq_t *d)
{
	if (p->n == p->cap && grow(p))
		return NIL;
	uint32_t x = p->n++;
	p->time[x] = t;
	p->l[x] = p->r[x] = NIL;
	p->prio[x] = next_prio(p);
	if (d)
		memcpy(pv(p, p->d, x), d, sizeof *d * (size_t)p->nres);
	else
		memset(pv(p, p->d, x), 0, sizeof *d * (size_t)p->nres);
	pull(p, x);
	return x;
}

/* Split x into the steps before t (*a) and those from t on (*b). */
static void split(struct profile *p, uint32_t x, simtime_t t, uint32_t *a,
		  uint32_t *b)
{
	if (x == NIL) {
		*a = *b = NIL;
		return;
	}
	if (p->time[x] < t) {
		split(p, p->r[x], t, &p->r[x], b);
		*a = x;
	} else {
		split(p, p->l[x], t, a, &p->l[x]);
		*b = x;
	}
	pull(p, x);
}

/* Insert the detached node n into x's subtree: down to where its
 * priority belongs, then split what is below there around it. */
static uint32_t insert(struct profile *p, uint32_t x, uint32_t n)
{
	if (x == NIL)
		return n;
	if (p->prio[n] > p->prio[x]) {
		split(p, x, p->time[n], &p->l[n], &p->r[n]);
		pull(p, n);
		return n;
	}
	if (p->time[n] < p->time[x])
		p->l[x] = insert(p, p->l[x], n);
	else
		p->r[x] = insert(p, p->r[x], n);
	pull(p, x);
	return x;
}

/* Make a step start at t: a node with d = 0 changes no step's value. */
static int ensure_step(struct profile *p, simtime_t t)
{
	if (t < p->t0)
		return OS_EINVAL;
	uint32_t x = p->root;
	while (x != NIL && p->time[x] != t)
		x = t < p->time[x] ? p->l[x] : p->r[x];
	if (x != NIL)
		return 0;
	uint32_t n = node_new(p, t, NULL);
	if (n == NIL)
		return OS_ENOMEM;
	p->root = insert(p, p->root, n);
	return 0;
}

/* Add sign * v to the difference of the step at t (which exists). */
static void point_add(struct profile *p, uint32_t x, simtime_t t,
		      const resq_t *v, int sign)
{
	if (p->time[x] == t) {
		resq_t *d = pv(p, p->d, x);
		for (int k = 0; k < p->nres; k++)
			d[k] += sign * v[k];
	} else {
		point_add(p, t < p->time[x] ? p->l[x] : p->r[x], t, v, sign);
	}
	pull(p, x);
}

static int tree_add_from(struct profile *p, simtime_t t, const resq_t *res)
{
	int rc = ensure_step(p, t);
	if (rc)
		return rc;
	point_add(p, p->root, t, res, 1);
	return 0;
}

static int tree_take(struct profile *p, const resq_t *need, simtime_t s,
		     simtime_t len)
{
	int rc = ensure_step(p, s);
	rc = rc ? rc : ensure_step(p, s + len);
	if (rc)
		return rc;
	point_add(p, p->root, s, need, -1);
	point_add(p, p->root, s + len, need, 1);
	return 0;
}

/* out = a + b (nres values). */
static void vadd(int nres, resq_t *out, const resq_t *a, const resq_t *b)
{
	for (int k = 0; k < nres; k++)
		out[k] = a[k] + b[k];
}

/* Some resource of before + m below need: with m a subtree's least
 * running sums, some step of it fails need. */
static int fails_at(int nres, const resq_t *before, const resq_t *m,
		    const resq_t *need)
{
	for (int k = 0; k < nres; k++)
		if (before[k] + m[k] < need[k])
			return 1;
	return 0;
}

/*
 * The first step of x's subtree starting at or after t that need fails
 * in, or NIL; before is the sum of d over every step before the subtree.
 * The subtree test is exact (some step fails exactly when some
 * resource's least running sum is short), so the search follows one
 * path, plus the boundary at t.
 */
static uint32_t first_fail(struct profile *p, uint32_t x, simtime_t t,
			   const resq_t *need, const resq_t *before)
{
	int nres = p->nres;
	if (x == NIL || !fails_at(nres, before, pv(p, p->lo, x), need))
		return NIL;
	uint32_t l = p->l[x];
	resq_t at[RES_MAX];   /* the value of step x */
	if (l != NIL)
		vadd(nres, at, before, pv(p, p->sum, l));
	else
		memcpy(at, before, sizeof *at * (size_t)nres);
	vadd(nres, at, at, pv(p, p->d, x));
	if (p->time[x] >= t) {
		uint32_t y = first_fail(p, l, t, need, before);
		if (y != NIL)
			return y;
		if (!res_fits(need, at, nres))
			return x;
	}
	return first_fail(p, p->r[x], t, need, at);
}

/*
 * The first step of x's subtree starting after t in which need fits, or
 * NIL.  A subtree whose greatest running sums (after before) lack need in
 * some resource holds no such step; for one resource the converse holds
 * too, for more the search may look into a subtree in vain.
 */
static uint32_t first_fit(struct profile *p, uint32_t x, simtime_t t,
			  const resq_t *need, const resq_t *before)
{
	int nres = p->nres;
	if (x == NIL || fails_at(nres, before, pv(p, p->hi, x), need))
		return NIL;
	uint32_t l = p->l[x];
	resq_t at[RES_MAX];
	if (l != NIL)
		vadd(nres, at, before, pv(p, p->sum, l));
	else
		memcpy(at, before, sizeof *at * (size_t)nres);
	vadd(nres, at, at, pv(p, p->d, x));
	if (p->time[x] > t) {
		uint32_t y = first_fit(p, l, t, need, before);
		if (y != NIL)
			return y;
		if (res_fits(need, at, nres))
			return x;
	}
	return first_fit(p, p->r[x], t, need, at);
}

static simtime_t tree_find(struct profile *p, const resq_t *need,
			   simtime_t len)
{
	const resq_t zero[RES_MAX] = {0};
	/* Candidates are the steps need fits in; the first step it does
	 * not fit in after a candidate ends the candidate's window. */
	uint32_t c = first_fit(p, p->root, p->t0 - 1, need, zero);
	while (c != NIL) {
		simtime_t s = p->time[c];
		uint32_t f = first_fail(p, p->root, s, need, zero);
		/* The window is the steps beginning in [s, s + len), and
		 * always the step at s itself (which holds need). */
		if (f == NIL || p->time[f] - s >= len)
			return s;
		/* Every start up to the failing step has it in its window:
		 * the next candidate is the first fitting step after it. */
		c = first_fit(p, p->root, p->time[f], need, zero);
	}
	return SIMTIME_NEVER;
}

static void tree_at(struct profile *p, simtime_t t, resq_t *out)
{
	int nres = p->nres;
	resq_t before[RES_MAX] = {0};
	memset(out, 0, sizeof *out * (size_t)nres);
	uint32_t x = p->root;
	while (x != NIL) {
		if (p->time[x] <= t) {
			/* x and its left subtree are at or before t. */
			if (p->l[x] != NIL)
				vadd(nres, before, before, pv(p, p->sum, p->l[x]));
			vadd(nres, before, before, pv(p, p->d, x));
			memcpy(out, before, sizeof *out * (size_t)nres);
			x = p->r[x];
		} else {
			x = p->l[x];
		}
	}
}

/* ------------------------------------------------------------------ */
/* Small profiles: a sorted array                                       */

/* Index of the step holding t (t >= t0). */
static uint32_t flat_index(const struct profile *p, simtime_t t)
{
	uint32_t lo = 0, hi = p->fn;   /* the answer is in [lo, hi) */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (p->ft[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static resq_t *fval(const struct profile *p, uint32_t i)
{
	return p->fv + (size_t)i * (size_t)p->nres;
}

/* Move the array into the tree, as changes from step to step. */
static int to_tree(struct profile *p)
{
	int nres = p->nres;
	resq_t d[RES_MAX];
	for (uint32_t i = 0; i < p->fn; i++) {
		for (int k = 0; k < nres; k++)
			d[k] = fval(p, i)[k] - (i ? fval(p, i - 1)[k] : 0);
		uint32_t x = node_new(p, p->ft[i], d);
		if (x == NIL)
			return OS_ENOMEM;
		p->root = insert(p, p->root, x);
	}
	p->tree = 1;
	return 0;
}

/* A step starting at t: its index, or -1 (out of memory). */
static int64_t flat_step(struct profile *p, simtime_t t)
{
	uint32_t i = flat_index(p, t);
	if (p->ft[i] == t)
		return i;
	if (p->fn == p->fcap) {
		uint32_t cap = p->fcap * 2;
		simtime_t *nt = realloc(p->ft, sizeof *nt * cap);
		if (!nt)
			return -1;
		p->ft = nt;
		resq_t *nv = realloc(p->fv, sizeof *nv * cap * (size_t)(p->nres ? p->nres : 1));
		if (!nv)
			return -1;
		p->fv = nv;
		p->fcap = cap;
	}
	size_t sz = sizeof(resq_t) * (size_t)p->nres;
	memmove(p->ft + i + 2, p->ft + i + 1, sizeof *p->ft * (p->fn - i - 1));
	memmove(fval(p, i + 2), fval(p, i + 1), sz * (p->fn - i - 1));
	p->ft[i + 1] = t;
	memcpy(fval(p, i + 1), fval(p, i), sz);
	p->fn++;
	return i + 1;
}

/* Add sign * v over [from, to) (to SIMTIME_NEVER: for ever). */
static int flat_add(struct profile *p, simtime_t from, simtime_t to,
		    const resq_t *v, int sign)
{
	int64_t a = flat_step(p, from);
	if (a < 0 || (to != SIMTIME_NEVER && flat_step(p, to) < 0))
		return OS_ENOMEM;
	for (uint32_t i = (uint32_t)a; i < p->fn && p->ft[i] < to; i++) {
		resq_t *x = fval(p, i);
		for (int k = 0; k < p->nres; k++)
			x[k] += sign * v[k];
	}
	return 0;
}

static simtime_t flat_find(const struct profile *p, const resq_t *need,
			   simtime_t len)
{
	uint32_t i = 0;
	while (i < p->fn) {
		if (!res_fits(need, fval(p, i), p->nres)) {
			i++;
			continue;
		}
		/* Step i holds need: look for a failing step in its window;
		 * every start up to that one would have it in its window. */
		uint32_t j = i + 1;
		while (j < p->fn && p->ft[j] - p->ft[i] < len &&
		       res_fits(need, fval(p, j), p->nres))
			j++;
		if (j == p->fn || p->ft[j] - p->ft[i] >= len)
			return p->ft[i];
		i = j + 1;
	}
	return SIMTIME_NEVER;
}

/* ------------------------------------------------------------------ */
/* The interface: the array until it grows past flat_max steps           */

int profile_init(struct profile *p, int nres, simtime_t t0,
		 const resq_t *avail)
{
	memset(p, 0, sizeof *p);
	p->nres = nres;
	p->t0 = t0;
	p->rng = 0x9e3779b9u;
	p->root = NIL;
	p->flat_max = PROFILE_FLAT_MAX;
	p->fcap = 16;
	p->ft = malloc(sizeof *p->ft * p->fcap);
	p->fv = malloc(sizeof *p->fv * p->fcap * (size_t)(nres ? nres : 1));
	if (!p->ft || !p->fv)
		return OS_ENOMEM;
	p->fn = 1;
	p->ft[0] = t0;
	memcpy(p->fv, avail, sizeof *avail * (size_t)nres);
	return 0;
}

void profile_release(struct profile *p)
{
	free(p->time);
	free(p->l);
	free(p->r);
	free(p->prio);
	free(p->d);
	free(p->sum);
	free(p->lo);
	free(p->hi);
	free(p->ft);
	free(p->fv);
	memset(p, 0, sizeof *p);
}

uint32_t profile_steps(const struct profile *p)
{
	return p->tree ? p->n : p->fn;
}

/* Before a change that may add up to two steps. */
static int maybe_tree(struct profile *p)
{
	if (p->tree || p->fn + 2 <= p->flat_max)
		return 0;
	return to_tree(p);
}

int profile_add_from(struct profile *p, simtime_t t, const resq_t *res)
{
	if (t < p->t0)
		return OS_EINVAL;
	int rc = maybe_tree(p);
	if (rc)
		return rc;
	if (p->tree)
		return tree_add_from(p, t, res);
	return flat_add(p, t, SIMTIME_NEVER, res, 1);
}

int profile_take(struct profile *p, const resq_t *need, simtime_t s,
		 simtime_t len)
{
	if (len == 0)
		return 0;   /* holds nothing for any length of time */
	if (s < p->t0)
		return OS_EINVAL;
	int rc = maybe_tree(p);
	if (rc)
		return rc;
	if (p->tree)
		return tree_take(p, need, s, len);
	return flat_add(p, s, s + len, need, -1);
}

simtime_t profile_find(struct profile *p, const resq_t *need, simtime_t len)
{
	return p->tree ? tree_find(p, need, len) : flat_find(p, need, len);
}

void profile_at(struct profile *p, simtime_t t, resq_t *out)
{
	if (p->tree) {
		tree_at(p, t, out);
		return;
	}
	if (t < p->t0)
		memset(out, 0, sizeof *out * (size_t)p->nres);
	else
		memcpy(out, fval(p, flat_index(p, t)), sizeof *out * (size_t)p->nres);
}
