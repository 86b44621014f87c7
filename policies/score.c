/*
 * score.c - the score-ordered HPC policies, lowest score first:
 *
 *   f1      log10(est) * procs + 870 * log10(submit)
 *           (Carastan-Santos and de Camargo, "Obtaining dynamic scheduling
 *           policies with simulation and machine learning", SC'17)
 *   wfp3    -(wait / est)^3 * procs
 *   unicep  -wait / (log2(procs) * est)
 *           (both as evaluated by Tang et al., and in the SC'17 paper)
 *
 * est is the estimate in seconds, procs the job's processors, submit the
 * submit time in seconds and wait the time since submit.  To keep the
 * logarithms and divisions finite, est and submit are taken as at least
 * 1 s and log2(procs) as at least 1.  Option `backfill: none|easy|conservative`
 * (default none): with easy or conservative, the same order feeds that
 * backfilling.
 */
#include "policy.h"

#include <math.h>

static double secs(simtime_t t)
{
	double s = (double)t / 1e6;
	return s < 1 ? 1 : s;
}

double policy_score_f1(const struct ptask *t)
{
	return log10(secs(t->estimate)) * t->procs + 870.0 * log10(secs(t->submit));
}

double policy_score_wfp3(const struct ptask *t, simtime_t now)
{
	double r = (double)(now - t->submit) / 1e6 / secs(t->estimate);
	return -(r * r * r) * t->procs;
}

double policy_score_unicep(const struct ptask *t, simtime_t now)
{
	double l = log2((double)t->procs);
	if (l < 1)
		l = 1;
	return -((double)(now - t->submit) / 1e6) / (l * secs(t->estimate));
}

struct score_state {
	enum backfill_mode bf;
};

static int score_init(void *st, const struct policy_params *p)
{
	struct score_state *s = st;
	s->bf = policy_backfill_option(p, BACKFILL_NONE);
	return 0;
}

static double f1_key(void *st, const struct ptask *t, simtime_t now)
{
	(void)st;
	(void)now;
	return policy_score_f1(t);
}

static int f1_key_static(void *st)
{
	(void)st;
	return 1;   /* estimate, procs and submit: fixed while it waits */
}

static double wfp3_key(void *st, const struct ptask *t, simtime_t now)
{
	(void)st;
	return policy_score_wfp3(t, now);
}

static double unicep_key(void *st, const struct ptask *t, simtime_t now)
{
	(void)st;
	return policy_score_unicep(t, now);
}

static void score_schedule(void *st, struct sched_ctx *c)
{
	struct score_state *s = st;
	policy_backfill(c, s->bf);
}

const struct task_policy task_f1 = {
	.name = "f1",
	.summary = "F1 score, log10(est)*procs + 870*log10(submit) (SC'17); option backfill",
	.state_size = sizeof(struct score_state),
	.init = score_init,
	.key = f1_key,
	.key_static = f1_key_static,
	.schedule = score_schedule,
};

const struct task_policy task_wfp3 = {
	.name = "wfp3",
	.summary = "WFP3 score, -(wait/est)^3 * procs; option backfill",
	.state_size = sizeof(struct score_state),
	.init = score_init,
	.key = wfp3_key,
	.schedule = score_schedule,
};

const struct task_policy task_unicep = {
	.name = "unicep",
	.summary = "UNICEP score, -wait / (log2(procs) * est); option backfill",
	.state_size = sizeof(struct score_state),
	.init = score_init,
	.key = unicep_key,
	.schedule = score_schedule,
};
