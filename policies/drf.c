/*
 * drf.c - Dominant Resource Fairness (Ghodsi et al., NSDI 2011), as the
 * Mesos hierarchical allocator applies it (its DRFSorter).
 *
 * A client's share is the largest fraction it holds of any resource of the
 * cluster (offered plus in use, as the Mesos allocator counts it), divided
 * by its weight; roles are ordered by the share of their whole subtree
 * (hierarchical DRF: the role tree asks at each level), frameworks within
 * a role by their own.  Ties go to the client that has received fewer
 * allocations so far (a counter that never falls, which rotates
 * equal-share clients), then to the lower path, then a node's own client
 * before its subtree (they share a path).  The order depends only on what
 * the tree shows, so the allocator is pure.
 */
#include "policy.h"

#include <stdlib.h>
#include <string.h>

static int drf_cmp(const void *pa, const void *pb)
{
	const struct alloc_cand *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->count != b->count)
		return a->count < b->count ? -1 : 1;
	int c = strcmp(a->path, b->path);
	if (c)
		return c;
	return b->self - a->self;
}

static void drf_order(void *st, const struct alloc_level *lv,
		      struct alloc_cand *c, int n)
{
	(void)st;
	for (int i = 0; i < n; i++)
		c[i].key = res_dominant_share(c[i].alloc, lv->total, lv->nres) /
			   c[i].weight;
	qsort(c, (size_t)n, sizeof *c, drf_cmp);
}

const struct alloc_policy alloc_drf = {
	.name = "drf",
	.summary = "Dominant Resource Fairness: lowest weighted dominant share first (hierarchical over roles)",
	.scope = ALLOC_EACH_LEVEL,
	.pure = 1,
	.order = drf_order,
};
