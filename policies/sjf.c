/*
 * sjf.c - shortest job first, non-preemptive: the waiting queue ordered by
 * estimated duration (ties: submit time, job id, task id), each task
 * launched where the placement rule puts it.
 *
 * The estimate is the trace's (for SWF, the requested time) or the actual
 * duration when the trace has none.  Option `estimate: actual` orders by
 * the true duration instead, the clairvoyant SJF of textbooks.  Option
 * `strict: true` stops at the first task that fits nowhere, like strict
 * FIFO.
 */
#include "policy.h"

#include <string.h>

struct sjf_state {
	int actual;
	int strict;
};

static int sjf_init(void *st, const struct policy_params *p)
{
	struct sjf_state *s = st;
	const char *e = pp_string(p, "estimate", "trace");
	s->actual = strcmp(e, "actual") == 0;
	s->strict = pp_bool(p, "strict", 0);
	return policy_expect_one_of(p, "estimate", e, "trace|actual");
}

static int sjf_cmp(void *st, const struct ptask *a, const struct ptask *b)
{
	struct sjf_state *s = st;
	simtime_t x = s->actual ? a->duration : a->estimate;
	simtime_t y = s->actual ? b->duration : b->estimate;
	return (x > y) - (x < y);
}

static void sjf_schedule(void *st, struct sched_ctx *c)
{
	struct sjf_state *s = st;
	policy_launch_in_order(c, s->strict);
}

const struct task_policy task_sjf = {
	.name = "sjf",
	.summary = "shortest estimated job first, non-preemptive; options estimate: trace|actual, strict",
	.state_size = sizeof(struct sjf_state),
	.init = sjf_init,
	.cmp = sjf_cmp,
	.schedule = sjf_schedule,
	.answers_by_fit = 1,
};
