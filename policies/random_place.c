/*
 * random_place.c - placement on a uniformly chosen fitting offer, drawn
 * from the framework's own named stream ("placement/<framework>") so the
 * choice is reproducible and independent of every other draw.
 */
#include "policy.h"

struct rand_state {
	gsl_rng *rng;
};

static int rand_init(void *st, const struct policy_params *p)
{
	struct rand_state *s = st;
	s->rng = policy_rng(p, "placement");
	return s->rng ? 0 : -1;
}

static void rand_release(void *st)
{
	struct rand_state *s = st;
	gsl_rng_free(s->rng);
}

static int rand_choose(void *st, const struct place_view *v)
{
	struct rand_state *s = st;
	return v->fits[gsl_rng_uniform_int(s->rng, (unsigned long)v->nfits)];
}

const struct placement_policy place_random = {
	.name = "random",
	.summary = "a uniformly random fitting offer, from a seeded stream",
	.state_size = sizeof(struct rand_state),
	.init = rand_init,
	.release = rand_release,
	.choose = rand_choose,
};
