/*
 * srtf.c - shortest remaining time first, preemptive.
 *
 * The queue is ordered by estimated work left (estimate less the work done
 * in earlier runs).  A waiting task that fits in no offer preempts the
 * running task with the longest estimated time left, if that is longer
 * than its own and killing it makes room; the victim is requeued with its
 * remaining work (`preemption: resume`, the default) or all of it
 * (`preemption: restart`).  `preemptive: false` gives plain SRPT ordering
 * without kills.
 */
#include "policy.h"

struct srtf_state {
	int restart;
	int preemptive;
};

static int srtf_init(void *st, const struct policy_params *p)
{
	struct srtf_state *s = st;
	s->restart = policy_restart_option(p);
	s->preemptive = pp_bool(p, "preemptive", 1);
	return 0;
}

static int srtf_cmp(void *st, const struct ptask *a, const struct ptask *b)
{
	(void)st;
	simtime_t x = policy_est_left(a), y = policy_est_left(b);
	return (x > y) - (x < y);
}

/* Estimated time a running task still needs, from now. */
static simtime_t running_left(const struct ptask *v, simtime_t now)
{
	simtime_t left = policy_est_left(v) - (now - v->start);
	return left > 0 ? left : 0;
}

static int shorter(const struct ptask *t, const struct ptask *v, simtime_t now)
{
	return policy_est_left(t) < running_left(v, now);
}

static int longer_left(const struct ptask *a, const struct ptask *b,
		       simtime_t now)
{
	simtime_t x = running_left(a, now), y = running_left(b, now);
	return (x > y) - (x < y);
}

static void srtf_schedule(void *st, struct sched_ctx *c)
{
	struct srtf_state *s = st;
	for (const struct ptask *t = sched_first(c); t; t = sched_next(c, t)) {
		int o = sched_place(c, t);
		if (o >= 0)
			sched_launch(c, t, o);
		else if (s->preemptive)
			policy_preempt_for(c, t, s->restart, shorter, longer_left);
	}
}

const struct task_policy task_srtf = {
	.name = "srtf",
	.summary = "shortest remaining time first, preemptive; options preemption: resume|restart, preemptive",
	.state_size = sizeof(struct srtf_state),
	.init = srtf_init,
	.cmp = srtf_cmp,
	.schedule = srtf_schedule,
	.acts_without_offers = 1,
};
