/*
 * priority.c - highest priority first (ties: submit time, job id, task
 * id), non-preemptive: a waiting high-priority task takes the next
 * resources offered, but never evicts a running one.
 *
 * Priorities come from the trace's priority column (higher is more
 * important).  Option `strict: true` stops at the first task that fits
 * nowhere, so lower priorities cannot overtake a blocked higher one.
 */
#include "policy.h"

struct prio_state {
	int strict;
};

static int prio_init(void *st, const struct policy_params *p)
{
	struct prio_state *s = st;
	s->strict = pp_bool(p, "strict", 0);
	return 0;
}

static int prio_cmp(void *st, const struct ptask *a, const struct ptask *b)
{
	(void)st;
	return (a->priority < b->priority) - (a->priority > b->priority);
}

static void prio_schedule(void *st, struct sched_ctx *c)
{
	struct prio_state *s = st;
	policy_launch_in_order(c, s->strict);
}

const struct task_policy task_priority = {
	.name = "priority",
	.summary = "highest priority first, non-preemptive; option strict",
	.state_size = sizeof(struct prio_state),
	.init = prio_init,
	.cmp = prio_cmp,
	.schedule = prio_schedule,
};
