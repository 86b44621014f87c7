/*
 * framework.h - the framework runtime (framework.c): each framework's
 * waiting queue in its policy's order, the offers in hand, the answer
 * (the policy's schedule hook, placement, launches, declines), rigid
 * jobs, and the sched_* functions policy.h promises policies.
 *
 * Called by the run loop (arrivals, due answers), by the master (offers
 * given, rescinded, passes done), by task.c (requeues) and by the
 * timeline.  It calls the master (launches consume offers, leftovers are
 * recovered and filtered) and task.c (starts, preemptions).
 */
#ifndef OFFERSIM_FRAMEWORK_H
#define OFFERSIM_FRAMEWORK_H

#include <stdint.h>

#include "../core/simtime.h"

struct world;
struct task;

/* Set up framework fw of w from its spec (policy, placement, options);
 * 0 or < 0 after reporting through w->diag. */
int fw_init(struct world *w, int fw);
void fw_release(struct world *w, int fw);
void fw_enqueue(struct world *w, int fw, uint32_t task);
/* A task of fw started (after its start time is set) or stopped
 * running: kept in the framework's tree by expected end, which
 * sched_ending_first walks (task.c calls these). */
void fw_running_added(struct world *w, int fw, uint32_t task);
void fw_running_removed(struct world *w, int fw, uint32_t task);

/* A task was rejected on arrival (it fits no agent); if it belongs to a
 * rigid job, the rest of the job is rejected too, since it can never
 * start whole. */
void fw_gang_task_rejected(struct world *w, int fw, const struct task *t);
void fw_respond(struct world *w, int fw);
/* The first task of fw's waiting queue, or POOL_NONE (for --explain). */
uint32_t fw_first_waiting(const struct world *w, int fw);
/* Let a preempting policy act with no offers in hand. */
void fw_act_without_offers(struct world *w, int fw);
void fw_schedule_response(struct world *w, int fw);
/* Make sure fw answers by `due`, as an offer due then would (the master
 * settles some offers without handing them over, surely.h). */
void fw_answer_by(struct world *w, int fw, simtime_t due);
/* Work arrived for a hoard: true framework, or one holding offers under
 * gang: hold: answer its kept offers (after decision_time) without
 * waiting for a new offer; in event-driven mode under gang: hold, after
 * this instant's allocation pass. */
void fw_hoard_wake(struct world *w, int fw);
/* After each allocation pass: the answer a wake deferred to it. */
void fw_after_pass(struct world *w, int fw);
/* Detach an offer from the framework's hand (rescind). */
void fw_drop_offer(struct world *w, int fw, uint32_t offer);

/* The waiting queue of fw in its stored order (the policy's cmp, or its
 * static key; submit order for a policy whose key changes with time,
 * which sorts only inside an answer): the first task slot, then the one
 * after task; POOL_NONE at the end.  For the public API's listing. */
uint32_t fw_queue_first(const struct world *w, int fw);
uint32_t fw_queue_next(const struct world *w, uint32_t task);

#endif
