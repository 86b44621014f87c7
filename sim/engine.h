/*
 * engine.h - run a scenario: build the world, loop over events, write the
 * results.  Internal entry points between engine modules are here too.
 */
#ifndef OFFERSIM_ENGINE_H
#define OFFERSIM_ENGINE_H

#include <stdio.h>

#include <stdint.h>

#include "res.h"
#include "simtime.h"

struct scenario;
struct diag;
struct world;
struct offer;

struct sim_options {
	const char *outdir;       /* overrides the scenario's output */
	FILE *explain;            /* narrate every step, or NULL */
	FILE *summary;            /* human summary, or NULL */
	int quiet;
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
/* Give an offer's unused resources back to its agent. */
void master_recover(struct world *w, struct offer *o);

/* framework.c */
int fw_init(struct world *w, int fw);
void fw_release(struct world *w, int fw);
void fw_enqueue(struct world *w, int fw, uint32_t task);
void fw_respond(struct world *w, int fw);
/* Let a preempting policy act with no offers in hand. */
void fw_act_without_offers(struct world *w, int fw);
void fw_schedule_response(struct world *w, int fw);
/* Detach an offer from the framework's hand (rescind). */
void fw_drop_offer(struct world *w, int fw, uint32_t offer);

/* engine.c */
void engine_task_start(struct world *w, uint32_t task, int agent);
/* Kill a running task and queue it again (see sched_preempt). */
void engine_task_preempt(struct world *w, uint32_t task, int restart);

#endif
