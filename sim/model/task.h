/*
 * task.h - a task's life on an agent (task.c): start, end, preemption,
 * kill, and tasks made by a scripted framework's accept.
 *
 * Called by the framework runtime (launches, preemptions), by the
 * timeline (accepts, kills) and by the run loop (EV_TASK_END).  It gives
 * resources back through the master and requeues through the framework
 * runtime: this is the third corner of the offer cycle.
 */
#ifndef OFFERSIM_TASK_H
#define OFFERSIM_TASK_H

#include <stdint.h>

#include "../core/res.h"
#include "../core/simtime.h"

struct world;

/* Start waiting task id on agent now: its resources count as used and its
 * end is queued after its remaining work. */
void task_start(struct world *w, uint32_t task, int agent);
/* A running task's work is done (EV_TASK_END): resources go back, it is
 * recorded as finished (or as its trace says the attempt ended), and a
 * pass is asked for. */
void task_end(struct world *w, uint32_t task);
/* Kill a running task and queue it again (see sched_preempt). */
void task_preempt(struct world *w, uint32_t task, int restart);
/* Stop a running task for good (its framework went away, or a return
 * event); it is recorded as killed now. */
void task_kill(struct world *w, uint32_t task);
/*
 * A running attempt ends now in state (TASK_LOST or TASK_UNREACHABLE: its
 * agent was removed) short of its work: its resources go back, its row
 * is written, and its framework's retry policy runs it again as a new
 * attempt (at once, or after a backoff through EV_RETRY) or gives up.
 */
void task_lose(struct world *w, uint32_t task, int state);
/* Framework fw's running tasks on agent are lost with it: TASK_LOST, or
 * TASK_UNREACHABLE for a partition-aware framework (Mesos's removeSlave). */
void task_lose_on_agent(struct world *w, int fw, int agent);
/* A retry's backoff is over (EV_RETRY): the task waits in its queue. */
void task_requeue(struct world *w, uint32_t task);
/* A new waiting task of fw submitted now (a scripted accept), to be
 * started with task_start; POOL_NONE when out of memory. */
/*
 * Give the freshly allocated task record id its identity, before any of
 * its workload fields: framework fw, demand res, not queued, not running,
 * on no agent.  Shared by arrivals from a workload and task_new.
 */
struct task *task_init(struct world *w, uint32_t id, int fw,
		       const resq_t *res);

uint32_t task_new(struct world *w, int fw, const resq_t *res,
		  simtime_t duration);

#endif
