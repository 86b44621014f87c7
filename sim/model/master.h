/*
 * master.h - the Mesos master's side of the offer cycle (master.c): the
 * allocator's passes over the agents, offers and their answers, decline
 * filters, revives, static reservations, roles, weights and quota.
 *
 * Called by the run loop (engine.c) for its events, by the framework
 * runtime when a framework answers, by task.c when a task gives resources
 * back, and by the timeline for operator events.  The master calls the
 * framework runtime to hand offers over; the order of roles and
 * frameworks comes from the allocator through the role tree (sorter.h).
 */
#ifndef OFFERSIM_MASTER_H
#define OFFERSIM_MASTER_H

#include <stdint.h>

#include "../core/res.h"
#include "../core/simtime.h"

struct world;
struct offer;
struct quota_spec;

/* Set up the allocator (its sorters), roles and pass state of w; 0 or
 * < 0 after reporting through w->diag. */
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
/* Decline offer o of framework fw, from which nothing was launched: its
 * filter (when the framework has a refuse duration) and its recovery, as
 * master_install_filter then master_recover would do, in one visit of
 * the agent (the plain calls in the test-only reference mode). */
void master_decline_untouched(struct world *w, int fw, struct offer *o);
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
/* Roles, weights, quota, presence (the timeline's operator events). */
void master_total_changed(struct world *w);
void master_set_weight(struct world *w, const char *role, double weight);
void master_set_quota(struct world *w, const char *role,
		      const struct quota_spec *q);
void master_framework_presence(struct world *w, int fw, int present);
/* A launch takes res from offer o (its reserved part first); a stopping
 * task of fw gives res back to agent's reservations as far as it drew
 * on them. */
void master_offer_consume(struct world *w, struct offer *o, const resq_t *res);
/* Start loading what master_task_returned(agent) reads of the agent's
 * rows: a hint, for the event loop, which knows the next task to end
 * before it ends (agent must be a valid index). */
void master_agent_read_ahead(const struct world *w, int agent);
void master_task_returned(struct world *w, int agent, int fw,
			  const resq_t *res);

/*
 * The agent state changes, each in one place.  Disconnect (it failed or
 * is partitioned): its offers are rescinded and it gets no new ones, but
 * it stays in the cluster's total and its tasks run on.  Remove (the ping
 * timeout ran out, or a remove_agent event; its tasks were already ended
 * by the caller): offers rescinded, its resources leave the total, and
 * every framework's filters on it are removed.  Reregister: it is offered
 * again at once; removed says whether it was removed (its resources join
 * the total again) or only disconnected (with its tasks still running).
 */
void master_agent_disconnect(struct world *w, int agent);
void master_agent_remove(struct world *w, int agent);
void master_agent_reregister(struct world *w, int agent, int removed);

/*
 * A framework disconnects (its scheduler failed over or lost the master):
 * its offers are rescinded, it gets no new ones and its filters are
 * cleared; its tasks run on.  Reregister: it is offered again at once.
 */
void master_framework_disconnect(struct world *w, int fw);
void master_framework_reregister(struct world *w, int fw);

#endif
