/*
 * engine.h - run a scenario: build the world, loop over events, write the
 * results.  Internal entry points between engine modules are here too.
 */
#ifndef OFFERSIM_ENGINE_H
#define OFFERSIM_ENGINE_H

#include <stdio.h>

#include <stdint.h>

#include "../core/res.h"
#include "../core/simtime.h"

struct scenario;
struct diag;
struct world;
struct offer;

/*
 * Lower bounds, during a run, on its final wait or response figures
 * (summary.json's, in seconds).  A finished task counts with its value; a
 * waiting or running task with what it has waited so far (wait) or the
 * time since its submission (response), which only grow until it
 * finishes.  max is a bound at any time.  mean and the percentiles are
 * bounds only when valid: no more tasks can arrive (a task yet to come
 * could pull them down) and, for the percentiles, the final figure will
 * be exact (not from the histogram past metrics.exact_percentiles).  All
 * of this assumes every task in the system finishes: true without a
 * horizon or timeline, unless the run ends stalled (the engine's stall
 * warning), when waiting tasks are never counted.
 */
struct sim_bound {
	double mean, p50, p90, p95, p99, max;
	int valid;                /* mean and percentiles are bounds */
};

/* All tasks, then each framework's, in scenario order. */
struct sim_bounds {
	simtime_t now;
	struct sim_bound wait, response;
	const struct sim_bound *fw_wait, *fw_response;   /* [nfws] */
	int nfws;
};

/*
 * A stop condition.  The engine calls check between events, every few
 * thousand events and at most once per event per task in the system (its
 * cost, O(tasks log tasks), stays O(log tasks) per event), but only in a
 * run where sim_bounds hold: no horizon, no timeline events, no scripted
 * framework.  When check returns non-zero the run ends at that instant:
 * the outputs are written as they stand, and summary.json records
 * "stopped": {"at": seconds, "metric": metric, "bound": bound} with what
 * check put in *why (metric: at most 127 characters).
 */
struct sim_stop_why {
	char metric[128];
	double bound;
};

struct sim_stop {
	int (*check)(void *ctx, const struct sim_bounds *b,
		     struct sim_stop_why *why);
	void *ctx;
};

struct sim_options {
	const char *outdir;       /* overrides the scenario's output */
	FILE *explain;            /* narrate every step, or NULL */
	FILE *summary;            /* human summary, or NULL */
	int quiet;
	const struct sim_stop *stop;   /* or NULL: run to the end */
};

/*
 * Run sc to completion and write its outputs.  Returns 0, or a negative
 * code after reporting the reason through d (input errors found during the
 * run, such as a malformed trace line, are reported as file:line:col).
 * On failure no output file is left under its final name.
 */
int sim_run(const struct scenario *sc, const struct sim_options *o,
	    struct diag *d);

/* ---- between engine modules ---- */

/* master.c */
int master_init(struct world *w);
void master_release(struct world *w);
/* Ask for an allocation pass at this instant (event-driven mode) or at
 * the next tick (periodic mode). */
void master_request_pass(struct world *w);
void master_pass(struct world *w);
void master_offer_timeout(struct world *w, uint32_t offer);
/* Is there an unexpired filter hiding res on agent from framework fw? */
int master_filtered(const struct world *w, int fw, int agent,
		    const resq_t *res);
void master_install_filter(struct world *w, int fw, int agent,
			   const resq_t *res);
void master_filter_wakeup(struct world *w, int fw);
void master_revive(struct world *w, int fw);
/* Work arrived for fw, which had none: a framework that suppresses while
 * idle revives (filters cleared, a pass at once, as Mesos's
 * reviveOffers()), or, within min_revive_interval of its last revive,
 * stays suppressed until then (master_revive_due, from EV_REVIVE). */
void master_idle_revive(struct world *w, int fw);
void master_revive_due(struct world *w, int fw);
/* Give an offer's unused resources back to its agent. */
void master_recover(struct world *w, struct offer *o);
/* Return an answered offer's record (and its reservation rows). */
void master_offer_free(struct world *w, uint32_t id);
/* An allocation pass at this instant for one agent (agent >= 0) or all
 * of them (-1): Mesos's generateOffers() on addSlave, addFramework and
 * reviveOffers.  EV_PASS runs it (master_pass_event). */
void master_pass_now(struct world *w, int agent);
void master_pass_event(struct world *w);
/* Filter res on agent from fw for duration (install_filter uses the
 * framework's own refuse_seconds). */
void master_install_filter_for(struct world *w, int fw, int agent,
			       const resq_t *res, simtime_t duration);
/* Roles, weights, quota, presence (script.c). */
void master_total_changed(struct world *w);
void master_set_weight(struct world *w, const char *role, double weight);
struct quota_spec;
void master_set_quota(struct world *w, const char *role,
		      const struct quota_spec *q);
void master_framework_presence(struct world *w, int fw, int present);
/* A launch takes res from offer o (its reserved part first); a stopping
 * task of fw gives res back to agent's reservations as far as it drew
 * on them. */
void master_offer_consume(struct world *w, struct offer *o, const resq_t *res);
void master_task_returned(struct world *w, int agent, int fw,
			  const resq_t *res);

/* script.c: the scenario's timed events. */
int script_init(struct world *w);
void script_fire(struct world *w);

/* framework.c */
int fw_init(struct world *w, int fw);
void fw_release(struct world *w, int fw);
void fw_enqueue(struct world *w, int fw, uint32_t task);
/* A task of fw started (after its start time is set) or stopped
 * running: kept in the framework's tree by expected end, which
 * sched_ending_first walks. */
void fw_running_added(struct world *w, int fw, uint32_t task);
void fw_running_removed(struct world *w, int fw, uint32_t task);
struct task;

/* A task was rejected on arrival (it fits no agent); if it belongs to a
 * rigid job, the rest of the job is rejected too, since it can never
 * start whole. */
void fw_gang_task_rejected(struct world *w, int fw, const struct task *t);
void fw_respond(struct world *w, int fw);
/* Let a preempting policy act with no offers in hand. */
void fw_act_without_offers(struct world *w, int fw);
void fw_schedule_response(struct world *w, int fw);
/* Work arrived for a hoard: true framework, or one holding offers under
 * gang: hold: answer its kept offers (after decision_time) without
 * waiting for a new offer; in event-driven mode under gang: hold, after
 * this instant's allocation pass. */
void fw_hoard_wake(struct world *w, int fw);
/* After each allocation pass: the answer a wake deferred to it. */
void fw_after_pass(struct world *w, int fw);
/* Detach an offer from the framework's hand (rescind). */
void fw_drop_offer(struct world *w, int fw, uint32_t offer);

/* stop.c: whether a stop condition may be checked in this run, and the
 * bounds (0 or OS_ENOMEM). */
int stop_applies(const struct world *w);
int stop_bounds(struct world *w, struct sim_bounds *b);
void stop_bounds_release(struct sim_bounds *b);

/* engine.c */
void engine_task_start(struct world *w, uint32_t task, int agent);
/* Kill a running task and queue it again (see sched_preempt). */
void engine_task_preempt(struct world *w, uint32_t task, int restart);
/* Stop a running task for good (its framework or agent went away); it is
 * recorded as finished now. */
void engine_task_kill(struct world *w, uint32_t task);
/* A new task of fw (scripted accept), running from now on agent. */
uint32_t engine_task_new(struct world *w, int fw, const resq_t *res,
			 simtime_t duration);

#endif
