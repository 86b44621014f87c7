/*
 * fifo.c - first in, first out: the waiting queue in submit order (ties on
 * job id, then task id), each task launched where the placement rule puts
 * it.
 *
 * Option `strict` (default false): when the head of the queue fits in no
 * offer, stop there instead of launching later tasks that fit.  Strict FIFO
 * is the textbook FCFS batch scheduler (no task overtakes an earlier one);
 * the default is what most Mesos frameworks do with an offer: launch every
 * waiting task that fits, in order.  `fcfs` is the same policy with strict
 * on by default, under the name batch schedulers use.
 *
 * The walk itself, policy_launch_in_order, is shared with sjf and
 * priority (see policy.h).
 */
#include "policy.h"

struct fifo_state {
	int strict;
};

static int fifo_init(void *st, const struct policy_params *p)
{
	struct fifo_state *s = st;
	s->strict = pp_bool(p, "strict", 0);
	return 0;
}

static int fcfs_init(void *st, const struct policy_params *p)
{
	struct fifo_state *s = st;
	s->strict = pp_bool(p, "strict", 1);
	return 0;
}

void policy_launch_in_order(struct sched_ctx *c, int strict)
{
	for (const struct ptask *t = sched_first(c); t; t = sched_next(c, t)) {
		if (sched_exhausted(c))
			break;
		int o = sched_place(c, t);
		if (o >= 0)
			sched_launch(c, t, o);
		else if (strict)
			break;
	}
}

static void fifo_schedule(void *st, struct sched_ctx *c)
{
	struct fifo_state *s = st;
	policy_launch_in_order(c, s->strict);
}

const struct task_policy task_fifo = {
	.name = "fifo",
	.summary = "first in, first out by submit time; option strict: true stops at a head that does not fit",
	.state_size = sizeof(struct fifo_state),
	.init = fifo_init,
	.schedule = fifo_schedule,
	.answers_by_fit = 1,
};

const struct task_policy task_fcfs = {
	.name = "fcfs",
	.summary = "first come, first served: fifo with strict: true (no task overtakes an earlier one)",
	.state_size = sizeof(struct fifo_state),
	.init = fcfs_init,
	.schedule = fifo_schedule,
	.answers_by_fit = 1,
};
