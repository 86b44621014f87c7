/*
 * surely.c - which offers are certain to come back declined untouched.
 *
 * On a large cluster nearly every offer is declined with nothing launched
 * from it, and such an offer's whole effect is known when it is made: its
 * number and counts, the sorters' view of it for the rest of the pass, the
 * framework's filter on exactly what was offered, and its resources back
 * on the agent at the framework's answer.  When the answer comes at the
 * same instant, before anything else can touch the agent or the
 * framework's queue, the master (master.c) can apply all of that at once
 * and keep the offer out of the framework's hand; the framework answers
 * the offers that remain as it would have answered them all.
 *
 * That holds for an offer of R to framework f when f answers only through
 * its fits (a policy with answers_by_fit: it reads the offers through
 * sched_place and sched_exhausted alone and preempts nothing; not a host
 * program answering through the public API) and either
 *  - no waiting task of f fits R: each resource's lower bound of the
 *    waiting demands (dem_lo) is compared, so this is O(1) per offer; or
 *  - f places by takes_first and the offers it already got in this pass
 *    certainly hold every waiting task: an offer holding R certainly holds
 *    min over r of R[r] / dem_hi[r] tasks (dem_hi: an upper bound of the
 *    waiting demands), so if those counts add up to the number waiting,
 *    every task fits one of those earlier offers at its turn of the walk
 *    (an offer that cannot take a task has taken at least its count of
 *    earlier ones), and first-fit never reaches a later offer.
 * The bounds are exact for a queue that only grew since it was last empty
 * and stay bounds as tasks leave it.  A queue holding a task that needs
 * nothing is never judged (such a task fits any offer, even an exhausted
 * one).  docs/allocator.md, "The fast path", gives the rest of the
 * contract (the conditions below, and why each output stays the same);
 * tests/test_reference.c checks it against the plain path.
 */
#include "surely.h"

#include "world.h"
#include "../config/scenario.h"
#include "../../policies/policy.h"

void sure_init(struct world *w)
{
	/* Run-wide: the answer follows the pass with nothing in between
	 * (periodic passes install filters without waking events; no
	 * timeouts), no framework can requeue another's tasks between a
	 * pass and the answers (no preempting policy), and nothing reports
	 * offers one by one (offer log, --explain). */
	int on = !w->reference && !w->opt.explain && !w->sc->offer_log &&
		 w->offer_timeout == 0 && w->interval > 0;
	for (int i = 0; i < w->nfws; i++)
		if (w->fws[i].pol->acts_without_offers)
			on = 0;
	w->sure_on = on;
	for (int i = 0; i < w->nfws; i++) {
		struct framework *f = &w->fws[i];
		/* Answers at once (decision_time 0), to every offer it holds,
		 * from its fits alone; keeps nothing. */
		f->sure_ok = on && f->pol->answers_by_fit && !f->scripted &&
			     !f->hoard && f->gang == GANG_NONE &&
			     f->decision_time == 0;
		f->sure_pass = 0;
	}
}

/* The framework's state for this pass, reset at its first offer.  Its
 * hand holds nothing from before the pass (its answers are due at once),
 * which the reasoning above takes for granted: checked, not assumed. */
static struct framework *sure_begin(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	if (f->sure_pass != w->passes) {
		f->sure_pass = w->passes;
		f->sure_room = 0;
		f->sure_clean = f->off_head == POOL_NONE && f->nheld == 0;
	}
	return f;
}

/* The framework qualifies now: fixed at the start, except that the
 * embedding program may take over its answers at any time (sim/api:
 * host_answer), and a host sees every offer; and replay.html records
 * every offer while its window is open (replay.h: w->rp.rec).  Both only
 * turn certain declines back into plain offers, and the room counted
 * meanwhile is left out, so the room stays a lower bound. */
static int sure_applies(const struct world *w, int fw)
{
	const struct framework *f = &w->fws[fw];
	return w->sure_on && f->sure_ok && !f->host_answer && !w->rp.rec;
}

int sure_declined(struct world *w, int fw, const resq_t *res)
{
	if (!sure_applies(w, fw))
		return 0;
	struct framework *f = sure_begin(w, fw);
	if (!f->sure_clean)
		return 0;
	if (f->q_len == 0)
		return 2;   /* nothing waits: the answer launches nothing */
	int some = 0, fits = 1;
	for (int r = 0; r < w->nres; r++) {
		if (f->dem_lo[r] > 0)
			some = 1;
		if (res[r] < f->dem_lo[r])
			fits = 0;
	}
	if (!some)
		return 0;   /* a task that needs nothing may wait */
	/* The room only grows during a pass and the queue stays as it is
	 * until the answer: once enough, enough for the rest of the pass. */
	if (f->place->takes_first && f->sure_room >= f->q_len)
		return 2;
	return !fits;
}

void sure_offered(struct world *w, int fw, const resq_t *res)
{
	if (!sure_applies(w, fw))
		return;
	struct framework *f = sure_begin(w, fw);
	if (!f->place->takes_first)
		return;
	uint64_t n = UINT64_MAX;
	for (int r = 0; r < w->nres; r++)
		if (f->dem_hi[r] > 0) {
			uint64_t k = res[r] > 0 ? (uint64_t)(res[r] / f->dem_hi[r]) : 0;
			if (k < n)
				n = k;
		}
	if (n == UINT64_MAX)
		n = 0;      /* no demand known: claim nothing */
	if (f->max_tasks_per_offer > 0 && n > (uint64_t)f->max_tasks_per_offer)
		n = (uint64_t)f->max_tasks_per_offer;
	f->sure_room = f->sure_room + n < f->sure_room ? UINT64_MAX
						     : f->sure_room + n;
}
