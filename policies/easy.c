/*
 * easy.c - EASY backfilling (Lifka, JSSPP 1995), the default of most
 * production batch schedulers.
 *
 * Jobs start from the head of the queue while they fit; the first that
 * does not gets a reservation at the earliest time the running jobs'
 * estimates say enough resources free up; a later job may start now if it
 * fits and either ends (by its estimate) before that time or uses only
 * what the reservation leaves spare.  The queue order is FCFS unless
 * `order:` says otherwise (fcfs, sjf, f1, wfp3, unicep).
 */
#include "policy.h"

#include <math.h>
#include <string.h>

/* The queue orders of option `order`, in the order of their names. */
enum easy_order { EASY_FCFS, EASY_SJF, EASY_F1, EASY_WFP3, EASY_UNICEP,
		  EASY_ORDERS };

struct easy_state {
	enum easy_order order;
};

static const char *const orders[EASY_ORDERS] = {
	[EASY_FCFS] = "fcfs", [EASY_SJF] = "sjf", [EASY_F1] = "f1",
	[EASY_WFP3] = "wfp3", [EASY_UNICEP] = "unicep",
};

static int easy_init(void *st, const struct policy_params *p)
{
	struct easy_state *s = st;
	const char *o = pp_string(p, "order", "fcfs");
	for (int i = 0; i < EASY_ORDERS; i++)
		if (strcmp(o, orders[i]) == 0) {
			s->order = (enum easy_order)i;
			return 0;
		}
	return policy_expect_one_of(p, "order", o, "fcfs|sjf|f1|wfp3|unicep");
}

static double easy_key(void *st, const struct ptask *t, simtime_t now)
{
	struct easy_state *s = st;
	switch (s->order) {
	case EASY_SJF: return (double)policy_est_left(t);
	case EASY_F1: return policy_score_f1(t);
	case EASY_WFP3: return policy_score_wfp3(t, now);
	case EASY_UNICEP: return policy_score_unicep(t, now);
	case EASY_FCFS:
	default: return 0;   /* FCFS: the core's submit, job, task order */
	}
}

/* FCFS (a constant key), SJF and F1 depend on the task alone; WFP3 and
 * UNICEP grow with the wait. */
static int easy_key_static(void *st)
{
	struct easy_state *s = st;
	return s->order != EASY_WFP3 && s->order != EASY_UNICEP;
}

static void easy_schedule(void *st, struct sched_ctx *c)
{
	(void)st;
	policy_backfill(c, BACKFILL_EASY);
}

const struct task_policy task_easy = {
	.name = "easy",
	.summary = "EASY backfilling: reserve for the head, backfill what does not delay it; option order",
	.state_size = sizeof(struct easy_state),
	.init = easy_init,
	.key = easy_key,
	.key_static = easy_key_static,
	.schedule = easy_schedule,
};
