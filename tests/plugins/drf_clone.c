/*
 * drf_clone.c - a test plug-in: Dominant Resource Fairness written
 * against the plug-in ABI alone (lowest dominant share over weight
 * first; ties on allocations received, then path), the order Mesos's
 * DRFSorter uses.  tests/test_plugin.c runs scenarios with it and with
 * the built-in drf and expects the same offers and tasks, which checks
 * the allocator adapter's copying and permuting of candidates.
 */
#include <string.h>

#include "../../include/offersim_policy.h"

static double share(const struct offersim_cand *c, const struct offersim_level *lv)
{
	double s = 0;
	for (int r = 0; r < lv->nres; r++)
		if (lv->total[r] > 0 && c->alloc[r] / lv->total[r] > s)
			s = c->alloc[r] / lv->total[r];
	return s / c->weight;
}

static int before(const struct offersim_cand *a, const struct offersim_cand *b)
{
	if (a->key != b->key)
		return a->key < b->key;
	if (a->count != b->count)
		return a->count < b->count;
	int k = strcmp(a->path, b->path);
	if (k != 0)
		return k < 0;
	/* A role's own "." entry shares its path with its subtree. */
	return a->self > b->self;
}

static void drf_order(void *st, const struct offersim_level *lv,
		      struct offersim_cand *c, int n)
{
	(void)st;
	for (int i = 0; i < n; i++)
		c[i].key = share(&c[i], lv);
	/* Insertion sort: a level has few candidates. */
	for (int i = 1; i < n; i++) {
		struct offersim_cand x = c[i];
		int j = i - 1;
		while (j >= 0 && before(&x, &c[j])) {
			c[j + 1] = c[j];
			j--;
		}
		c[j + 1] = x;
	}
}

const struct offersim_policy offersim_policy = {
	.abi_version = OFFERSIM_POLICY_ABI,
	.kind = OFFERSIM_POLICY_ALLOCATOR,
	.name = "drf_clone",
	.summary = "DRF through the plug-in ABI (test)",
	.order = drf_order,
};
