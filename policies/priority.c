/*
 * priority.c - highest priority first (ties: submit time, job id, task id).
 *
 * Priorities come from the trace's priority column (higher is more
 * important).  With `preemptive: true`, a waiting task that fits in no
 * offer preempts the lowest-priority running task below its own priority
 * whose resources would make room (among equals, the one started last, as
 * it has the least work to lose); the victim is requeued with its remaining
 * work (`preemption: resume`, the default) or all of it (`restart`).
 * Without preemption, `strict: true` stops at the first task that fits
 * nowhere, so lower priorities cannot overtake a blocked higher one.
 */
#include "policy.h"

struct prio_state {
	int strict;
	int preemptive;
	int restart;
};

static int prio_init(void *st, const struct policy_params *p)
{
	struct prio_state *s = st;
	s->strict = pp_bool(p, "strict", 0);
	s->preemptive = pp_bool(p, "preemptive", 0);
	s->restart = policy_restart_option(p);
	return 0;
}

static int prio_cmp(void *st, const struct ptask *a, const struct ptask *b)
{
	(void)st;
	return (a->priority < b->priority) - (a->priority > b->priority);
}

static int outranks(const struct ptask *t, const struct ptask *v, simtime_t now)
{
	(void)now;
	return t->priority > v->priority;
}

/* a is a worse victim than b: lower priority, then started later. */
static int less_deserving(const struct ptask *a, const struct ptask *b,
			  simtime_t now)
{
	(void)now;
	if (a->priority != b->priority)
		return a->priority < b->priority ? 1 : -1;
	return (a->start > b->start) - (a->start < b->start);
}

static void prio_schedule(void *st, struct sched_ctx *c)
{
	struct prio_state *s = st;
	if (!s->preemptive) {
		policy_launch_in_order(c, s->strict);
		return;
	}
	for (const struct ptask *t = sched_first(c); t; t = sched_next(c, t)) {
		int o = sched_place(c, t);
		if (o >= 0)
			sched_launch(c, t, o);
		else
			policy_preempt_for(c, t, s->restart, outranks, less_deserving);
	}
}

const struct task_policy task_priority = {
	.name = "priority",
	.summary = "highest priority first; options preemptive, preemption: resume|restart, strict",
	.state_size = sizeof(struct prio_state),
	.init = prio_init,
	.cmp = prio_cmp,
	.schedule = prio_schedule,
	.acts_without_offers = 1,
};
