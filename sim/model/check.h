/*
 * check.h - the invariant checker of `run --check` (check.c).
 *
 * Off unless asked for (sim_options.check, or the environment variable
 * OFFERSIM_CHECK=1 that `make check` sets for the whole suite): then
 * world.chk is non-NULL and every hook below records what an event
 * changed, so the check after the event looks at the agents and tasks it
 * touched only; check_end sweeps everything once.  With the checker off
 * each hook is one test of a NULL pointer.
 *
 * A violation is reported on the run's diagnostics with the event, the
 * simulated time and the offending state; the run then fails with
 * OS_ECHECK, which `offersim run` turns into exit status 3.
 */
#ifndef OFFERSIM_CHECK_H
#define OFFERSIM_CHECK_H

#include <stdint.h>

#include "../core/res.h"

struct world;
struct evq_node;

/* Which account of an agent a delta goes to. */
enum check_acct {
	CHECK_OFFERED,   /* in outstanding offers (made, grown, given back) */
	CHECK_USED,      /* held by running tasks */
};

/* Make w->chk (the caller has decided the checker is on); 0 or
 * OS_ENOMEM. */
int check_init(struct world *w);
void check_release(struct world *w);

/* Hooks, each called only when w->chk is set (CHECK_HOOK). */
void check_agent(struct world *w, int agent, enum check_acct acct,
		 const resq_t *res, int sign);
void check_task(struct world *w, uint32_t task);
/* A row written to tasks.csv or offers.csv, by its outcome column. */
void check_task_row(struct world *w, int fw, const char *state);
void check_offer_row(struct world *w, int fw, const char *outcome);

/* After event e: check what it touched.  0, or OS_ECHECK after reporting
 * the violation. */
int check_event(struct world *w, const struct evq_node *e);
/* At the end, with every row written and before summary.json: every
 * agent, every framework's offer counts and rows against the summary
 * figures.  0 or OS_ECHECK. */
int check_end(struct world *w);

#define CHECK_HOOK(w, call) do { if ((w)->chk) call; } while (0)

#endif
