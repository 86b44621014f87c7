/*
 * fault.h - agent failures and repairs (fault.c): the failure process of
 * each agent group, the ping timeout that removes a disconnected agent,
 * and re-registration.  Called by the run loop (EV_AGENT_FAIL,
 * EV_AGENT_REPAIR, EV_AGENT_GONE) and the timeline (fail_agent,
 * repair_agent); changes agents only through master.h's disconnect,
 * remove and reregister, and tasks only through task.h's task_lose.
 */
#ifndef OFFERSIM_FAULT_H
#define OFFERSIM_FAULT_H

#include "../core/simtime.h"

struct world;

/* Set up the streams and first failures; w->afault stays NULL when the
 * scenario has no failures.  0 or OS_ENOMEM. */
int fault_init(struct world *w);
void fault_release(struct world *w);
/* Agent fails now (disconnects); repaired after repair_after (< 0: only
 * by fault_repair, a repair_agent event).  A no-op on an agent that is
 * down already or not registered. */
void fault_fail(struct world *w, int agent, simtime_t repair_after);
/* EV_AGENT_FAIL: the agent's scheduled failure. */
void fault_fire(struct world *w, int agent);
/* EV_AGENT_GONE: the ping timeout ran out; its tasks are lost. */
void fault_gone(struct world *w, int agent);
/* EV_AGENT_REPAIR, or repair_agent: it registers again.  A no-op on an
 * agent that is not down. */
void fault_repair(struct world *w, int agent);
/* The fraction of agent-time so far that agents were not failed (1
 * without failures). */
double fault_availability(const struct world *w);

/*
 * Framework failover.  Disconnect fw's scheduler now (a no-op when it is
 * away or not registered); back after back_after (-1: a draw from its
 * disconnects' mttr, if it has one; -2: only at a reconnect_framework
 * event).  Fire:
 * EV_FW_DISCONNECT.  Failover: EV_FW_FAILOVER, failover_timeout passed,
 * its tasks are killed.  Reconnect: EV_FW_RECONNECT or the timeline (a
 * no-op when it is not away).
 */
void fault_fw_disconnect(struct world *w, int fw, simtime_t back_after);
void fault_fw_fire(struct world *w, int fw);
void fault_fw_failover(struct world *w, int fw);
void fault_fw_reconnect(struct world *w, int fw);

#endif
