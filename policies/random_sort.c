/*
 * random_sort.c - Mesos's random sorter: roles, and frameworks within a
 * role, are considered in a weighted random order, drawn afresh for every
 * agent of every pass.  A client comes first with probability equal to its
 * relative weight (weight / weight of it and its active siblings, times
 * its parent's relative weight), which the role tree computes when it
 * lists the leaves (ALLOC_ALL_LEAVES).  Each sorter draws from its own
 * named stream, "sorter/roles" and "sorter/role:NAME" under the scenario
 * seed, so runs repeat.
 */
#include "policy.h"

#include <stdio.h>

struct random_state {
	gsl_rng *rng;
};

static int random_init(void *st, const struct policy_params *p,
		       const char *sorter)
{
	struct random_state *s = st;
	char name[192];
	snprintf(name, sizeof name, "sorter/%s", sorter);
	s->rng = policy_rng_named(p, name);
	return s->rng ? 0 : -1;
}

static void random_release(void *st)
{
	struct random_state *s = st;
	if (s->rng)
		gsl_rng_free(s->rng);
}

/* A weighted shuffle: place i takes one of the leaves not yet placed with
 * probability proportional to its weight. */
static void random_order(void *st, const struct alloc_level *lv,
			 struct alloc_cand *c, int n)
{
	struct random_state *s = st;
	(void)lv;
	for (int i = 0; i < n; i++) {
		double total = 0;
		for (int j = i; j < n; j++)
			total += c[j].weight;
		double r = gsl_rng_uniform(s->rng) * total;
		int pick = n - 1;
		for (int j = i; j < n; j++) {
			r -= c[j].weight;
			if (r < 0) {
				pick = j;
				break;
			}
		}
		struct alloc_cand t = c[i];
		c[i] = c[pick];
		c[pick] = t;
	}
}

const struct alloc_policy alloc_random = {
	.name = "random",
	.summary = "Mesos random sorter: a weighted random order of roles and frameworks per agent",
	.state_size = sizeof(struct random_state),
	.scope = ALLOC_ALL_LEAVES,
	.init = random_init,
	.release = random_release,
	.order = random_order,
};
