/*
 * preempt.c - choosing a victim for a preemptive policy (see
 * policy_preempt_for in policy.h).
 *
 * A victim must be one the policy says the waiting task should displace,
 * and killing it must make room: its resources plus what is left of an
 * offer on its agent must hold the waiting task.  Among those, the least
 * deserving goes (the policy's `worse` order; ties on the task id).  The
 * freed resources return to the master and are offered again in the next
 * pass, so the preempting task still gets them through the offer cycle.
 */
#include "policy.h"

#include <string.h>

int policy_restart_option(const struct policy_params *p)
{
	const char *v = pp_string(p, "preemption", "resume");
	if (strcmp(v, "restart") == 0)
		return 1;
	if (strcmp(v, "resume") != 0)
		policy_expect_one_of(p, "preemption", v, "resume|restart");
	return 0;
}

static int room_if_killed(struct sched_ctx *c, const struct ptask *t,
			  const struct ptask *v)
{
	int nres = sched_nres(c);
	resq_t room[RES_MAX];
	memcpy(room, v->res, sizeof(resq_t) * (size_t)nres);
	for (int i = 0; i < sched_noffers(c); i++)
		if (sched_offer_agent(c, i) == v->agent) {
			res_add(room, sched_offer_free(c, i), nres);
			break;
		}
	return res_fits(t->res, room, nres);
}

int policy_preempt_for(struct sched_ctx *c, const struct ptask *t, int restart,
		       int (*better)(const struct ptask *t,
				     const struct ptask *victim, simtime_t now),
		       int (*worse)(const struct ptask *a, const struct ptask *b,
				    simtime_t now))
{
	if (sched_preempted_for(c, t))
		return 0;
	simtime_t now = sched_now(c);
	const struct ptask *victim = NULL;
	for (const struct ptask *v = sched_running_first(c); v;
	     v = sched_running_next(c, v)) {
		if (v->start == now)
			continue;   /* launched at this instant: leave it be */
		if (!better(t, v, now) || !room_if_killed(c, t, v))
			continue;
		if (!victim) {
			victim = v;
			continue;
		}
		int w = worse(v, victim, now);
		if (w > 0 || (w == 0 && v->id > victim->id))
			victim = v;
	}
	if (!victim)
		return 0;
	sched_mark_preempted_for(c, t);
	sched_preempt(c, victim, restart);
	return 1;
}
