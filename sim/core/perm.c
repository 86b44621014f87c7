/*
 * perm.c - the lazy forward Fisher-Yates shuffle of perm.h.
 *
 * Step i draws j uniformly from [i, n), gives the value at j and moves the
 * value at i to j.  Before the dense switch, a position's value is the one
 * the hash table holds for it, or the position itself when it holds none;
 * the table gains at most one entry per step, so it is sized for
 * sparse_upto entries at twice that many slots and never grows mid-walk.
 * The dense array is sized at the start too, so perm_next cannot fail.
 *
 * The draw is gsl_rng_uniform_int's rule (GSL's gsl_rng.h: with range =
 * max - min and scale = range / m, draw k = (get() - min) / scale until
 * k < m), written for the 32-bit taus2 generator so that the call costs
 * the generator's step and two 32-bit divisions.
 */
#include "perm.h"

#include <stdlib.h>
#include <string.h>

int perm_init(struct perm *p)
{
	memset(p, 0, sizeof *p);
	p->r = gsl_rng_alloc(gsl_rng_taus2);
	return p->r ? 0 : -1;
}

void perm_free(struct perm *p)
{
	free(p->a);
	free(p->hk);
	free(p->hv);
	if (p->r)
		gsl_rng_free(p->r);
	memset(p, 0, sizeof *p);
}

/* A uniform draw from [0, m), m >= 1, exactly as gsl_rng_uniform_int. */
static inline uint32_t below(gsl_rng *r, uint32_t m)
{
	uint32_t scale = UINT32_C(0xffffffff) / m, k;
	do
		k = (uint32_t)r->type->get(r->state) / scale;
	while (k >= m);
	return k;
}

static inline size_t slot_of(const struct perm *p, uint32_t pos)
{
	/* Fibonacci hashing: the product's top bits. */
	return (size_t)((uint32_t)(pos * UINT32_C(0x9E3779B1)) >> p->hshift);
}

/* The value at position pos >= i while sparse. */
static inline uint32_t sparse_get(const struct perm *p, uint32_t pos)
{
	for (size_t s = slot_of(p, pos);; s = (s + 1) & (p->hcap - 1)) {
		if (p->hk[s] == pos + 1)
			return p->hv[s];
		if (p->hk[s] == 0)
			return pos;
	}
}

static inline void sparse_put(struct perm *p, uint32_t pos, uint32_t v)
{
	size_t s = slot_of(p, pos);
	while (p->hk[s] != 0 && p->hk[s] != pos + 1)
		s = (s + 1) & (p->hcap - 1);
	if (p->hk[s] == 0)
		p->hused++;
	p->hk[s] = pos + 1;
	p->hv[s] = v;
}

int perm_start(struct perm *p, uint32_t n, unsigned long seed, int identity,
	       uint32_t sparse_upto)
{
	p->n = n;
	p->i = 0;
	p->identity = identity;
	p->dense = 0;
	if (identity)
		return 0;
	if (sparse_upto > n)
		sparse_upto = n;
	if (p->acap < n) {
		uint32_t *a = realloc(p->a, sizeof *a * n);
		if (!a)
			return -1;
		p->a = a;
		p->acap = n;
	}
	/* Slots for twice the entries the sparse steps can write. */
	size_t want = 16;
	while (want < 2 * (size_t)sparse_upto)
		want *= 2;
	if (sparse_upto > 0 && p->hcap < want) {
		uint32_t *hk = calloc(want, sizeof *hk);
		uint32_t *hv = malloc(sizeof *hv * want);
		if (!hk || !hv) {
			free(hk);
			free(hv);
			return -1;
		}
		free(p->hk);
		free(p->hv);
		p->hk = hk;
		p->hv = hv;
		p->hcap = want;
		p->hused = 0;
		p->hshift = 32;
		for (size_t c = want; c > 1; c /= 2)
			p->hshift--;
	} else if (p->hused) {
		memset(p->hk, 0, sizeof *p->hk * p->hcap);
		p->hused = 0;
	}
	p->sparse_upto = sparse_upto;
	gsl_rng_set(p->r, seed);
	if (sparse_upto == 0) {
		for (uint32_t k = 0; k < n; k++)
			p->a[k] = k;
		p->dense = 1;
	}
	return 0;
}

/* Lays out positions i..n-1 densely: each its own value, but for those
 * the table moved. */
static void go_dense(struct perm *p)
{
	for (uint32_t k = p->i; k < p->n; k++)
		p->a[k] = k;
	for (size_t s = 0; s < p->hcap; s++)
		if (p->hk[s] && p->hk[s] - 1 >= p->i)
			p->a[p->hk[s] - 1] = p->hv[s];
	p->dense = 1;
}

int64_t perm_next(struct perm *p)
{
	uint32_t i = p->i;
	if (i >= p->n)
		return -1;
	p->i = i + 1;
	if (p->identity)
		return i;
	uint32_t left = p->n - i;
	if (!p->dense && i >= p->sparse_upto) {
		p->i = i;   /* go_dense lays out from position i on */
		go_dense(p);
		p->i = i + 1;
	}
	if (p->dense) {
		uint32_t j = i + (left > 1 ? below(p->r, left) : 0);
		uint32_t v = p->a[j];
		p->a[j] = p->a[i];
		return v;
	}
	uint32_t j = i + (left > 1 ? below(p->r, left) : 0);
	uint32_t v = sparse_get(p, j);
	if (j != i)
		sparse_put(p, j, sparse_get(p, i));
	return v;
}
