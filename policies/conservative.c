/*
 * conservative.c - conservative backfilling (Mu'alem and Feitelson, IEEE
 * TPDS 2001): every waiting job, in FCFS order, gets the earliest
 * reservation that delays no job ahead of it, and starts now only when
 * that reservation is now.  Unlike EASY, a backfilled job may not push
 * back the second job in the queue either.
 */
#include "policy.h"

static void cons_schedule(void *st, struct sched_ctx *c)
{
	(void)st;
	policy_backfill(c, BACKFILL_CONSERVATIVE);
}

const struct task_policy task_conservative = {
	.name = "conservative",
	.summary = "conservative backfilling: every waiting job holds a reservation",
	.schedule = cons_schedule,
};
