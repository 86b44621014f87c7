/*
 * first_fit.c - placement on the first offer (lowest offer index, which is
 * the order the master made them in) that fits the task.
 */
#include "policy.h"

static int first_fit_choose(void *st, const struct place_view *v)
{
	(void)st;
	return v->fits[0];
}

const struct placement_policy place_first_fit = {
	.name = "first_fit",
	.summary = "the first offered agent that fits, in offer order",
	.choose = first_fit_choose,
	.takes_first = 1,
};
