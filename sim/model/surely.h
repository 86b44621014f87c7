/*
 * surely.h - offers certain to be declined untouched (surely.c): the one
 * predicate that lets the master settle such an offer when it is made
 * (counted, filtered, its resources never leaving the agent) instead of
 * handing it to the framework and declining it at the answer.
 *
 * Called by the master's allocation pass (master.c) for every offer it is
 * about to make of an agent's whole free resources; never in the
 * test-only reference mode.  docs/allocator.md, "The fast path", states
 * the contract and why the outputs stay the same.
 */
#ifndef OFFERSIM_SURELY_H
#define OFFERSIM_SURELY_H

#include "../core/res.h"

struct world;

/* Decide, once the frameworks and the master are set up, whether the run
 * and each framework qualify (w->sure_on, f->sure_ok). */
void sure_init(struct world *w);
/* Would framework fw, answering now, surely launch nothing on an offer of
 * res made at this point of the pass?  0: maybe (the offer is made as
 * usual); 1: surely, for this offer; 2: surely, for this and every later
 * offer to fw in this pass, whatever it holds (nothing waits, or the
 * offers made so far hold every waiting task). */
int sure_declined(struct world *w, int fw, const resq_t *res);
/* An offer of res was made to fw in this pass (and will be answered):
 * count the waiting tasks it certainly holds. */
void sure_offered(struct world *w, int fw, const resq_t *res);

#endif
