/*
 * drf.c - Dominant Resource Fairness (Ghodsi et al., NSDI 2011).
 *
 * A framework's share is the largest fraction it holds of any resource of
 * the cluster (offered plus in use, as the Mesos allocator counts it),
 * divided by its weight; the agent goes to the lowest share first.  Ties
 * go to the framework that has received fewer offers so far (Mesos's
 * allocation-count tie break, which rotates equal-share frameworks), then
 * to the lower name, then to the lower id, so the order never depends on
 * memory layout.
 */
#include "policy.h"

#include <stdlib.h>
#include <string.h>

struct drf_key {
	double share;
	uint64_t allocations;
	const char *name;
	int id;
};

static int drf_key_cmp(const void *pa, const void *pb)
{
	const struct drf_key *a = pa, *b = pb;
	if (a->share != b->share)
		return a->share < b->share ? -1 : 1;
	if (a->allocations != b->allocations)
		return a->allocations < b->allocations ? -1 : 1;
	int c = strcmp(a->name, b->name);
	if (c)
		return c;
	return (a->id > b->id) - (a->id < b->id);
}

static void drf_rank(void *st, const struct alloc_view *v, int *cand,
		     int ncand)
{
	(void)st;
	struct drf_key small[64];
	struct drf_key *k = ncand <= 64 ? small : malloc(sizeof *k * (size_t)ncand);
	if (!k)
		return;   /* leaves the incoming (id) order: still deterministic */
	for (int i = 0; i < ncand; i++) {
		const struct alloc_fw *f = &v->fws[cand[i]];
		k[i].share = policy_dominant_share(f->allocated, v->total,
						   v->nres) / f->weight;
		k[i].allocations = f->allocations;
		k[i].name = f->name;
		k[i].id = f->id;
	}
	qsort(k, (size_t)ncand, sizeof *k, drf_key_cmp);
	for (int i = 0; i < ncand; i++)
		cand[i] = k[i].id;
	if (k != small)
		free(k);
}

const struct alloc_policy alloc_drf = {
	.name = "drf",
	.summary = "Dominant Resource Fairness: lowest weighted dominant share first",
	.rank = drf_rank,
};
