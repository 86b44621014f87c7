/*
 * spread.c - placement on the fitting offer whose agent holds the fewest
 * tasks of the task's own job, so a job's tasks spread over the agents (a
 * failure or a slow machine then hits few of them).  Ties go to the lower
 * offer index, as in every placement rule.
 *
 * The count covers the job's tasks running on the agent, those launched
 * earlier in the same answer, and, for a rigid job being placed as a
 * whole, its tasks already planned there.  The core provides it in
 * place_view.job_here because this rule asks for it (needs_job_counts);
 * other rules do not pay for the count.
 */
#include "policy.h"

static int spread_choose(void *st, const struct place_view *v)
{
	(void)st;
	int best = v->fits[0];
	for (int j = 1; j < v->nfits; j++)
		if (v->job_here[v->fits[j]] < v->job_here[best])
			best = v->fits[j];
	return best;
}

const struct placement_policy place_spread = {
	.name = "spread",
	.summary = "the fitting offer whose agent runs the fewest tasks of the same job",
	.choose = spread_choose,
	.needs_job_counts = 1,
};
