/*
 * policy.h - the only header a policy includes.
 *
 * offersim has three kinds of pluggable policy, one const struct each:
 *
 *   struct alloc_policy      master side: for one agent's free resources,
 *                            the order in which roles, and frameworks in a
 *                            role, are offered them (weighted hierarchical
 *                            DRF, Mesos's random sorter);
 *   struct task_policy       framework side: the order of the waiting tasks
 *                            and which of them to launch from the offers in
 *                            hand (FIFO, SJF, SRTF, backfilling, ...);
 *   struct placement_policy  framework side: which offered agent a task
 *                            goes to (first fit, best fit, ...).
 *
 * A policy is one file in policies/ exporting one such struct, plus one line
 * in policies/table.c.  The core zeroes state_size bytes of state before
 * init and frees them after release.  Policies never see the engine's
 * structs: they get read-only views and act through the functions declared
 * here, so the engine can change its layout without touching a policy.
 *
 * Every hook runs synchronously inside the engine at the simulated instant
 * `now` of its view; a hook must not keep pointers from a view after it
 * returns.  Ties must be broken on ids, never on addresses.
 */
#ifndef OFFERSIM_POLICY_H
#define OFFERSIM_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "../sim/core/profile.h"
#include "../sim/core/res.h"
#include "../sim/core/simtime.h"

struct diag;
struct kv;

/*
 * Options for a policy, from the scenario (policy_options / allocator_
 * options).  The getters return the default when the key is absent, mark
 * the key used, and report a malformed value through the diag (then return
 * the default).  Keys no getter asked for are reported by the core as
 * unknown, with a suggestion, after init.
 */
struct policy_params {
	struct kv *kv;
	int n;
	const char *file;          /* scenario file, for diagnostics */
	struct diag *diag;
	uint64_t seed;             /* scenario seed, for named streams */
	const char *owner;         /* framework name, or "master" */
	int line, col;             /* where the scenario names the policy */
	/* A plug-in's struct offersim_policy (include/offersim_policy.h)
	 * for the core's plug-in adapters (sim/model/plugin.c); NULL for
	 * built-in policies, which must not read it. */
	const void *plugin;
	/* Keys the getters were asked for, for "did you mean" (core use). */
	const char *asked[32];
	int nasked;
};

double pp_double(const struct policy_params *p, const char *key, double def);
long pp_long(const struct policy_params *p, const char *key, long def);
int pp_bool(const struct policy_params *p, const char *key, int def);
/* The string value, or def; the pointer lives as long as the scenario. */
const char *pp_string(const struct policy_params *p, const char *key,
		      const char *def);

/* ------------------------------------------------------------------ */
/* Master side                                                          */

/*
 * An allocator decides the order in which Mesos's hierarchical allocator
 * considers roles, and frameworks within a role, for each agent.  The
 * master (sim/model/master.c) keeps a role tree (sim/model/sorter.c) made
 * of sorters, as Mesos does: one over the roles, named "roles", and one
 * over the frameworks of each role, named "role:<role>".  Each sorter has
 * its own instance of the allocator (state_size bytes of state, zeroed by
 * the core, given to init and then to every order call of that sorter).
 * For every agent of a pass the master asks the role sorter for an order,
 * then the sorter of each role in turn; the first eligible framework takes
 * what is left on the agent for its role.
 *
 * The tree keeps what a sorter knows (paths, weights, allocations, counts
 * of allocations, who is active) and presents candidates; the allocator's
 * order hook alone decides their order.  A new allocator is one file here
 * and one line in policies/table.c.
 */

/* One candidate of a sort, as the role tree presents it to order. */
struct alloc_cand {
	const char *path;          /* client or subtree path, "eng", "eng/web" */
	double weight;             /* > 0; see enum alloc_scope for which */
	const resq_t *alloc;       /* allocation (offered + in use) of the
				      subtree, or of the client alone for a
				      leaf or a self entry; nres values */
	uint64_t count;            /* allocations received by the same
				      (a counter that never falls) */
	int self;                  /* 1: the virtual "." entry, a client that
				      also has sub-clients competing with its
				      own children under its own path */
	double key;                /* scratch for the hook (a sort key); the
				      core neither sets nor reads it */
	int node;                  /* the tree's: never change it */
};

/* What an order call sees besides its candidates. */
struct alloc_level {
	const char *sorter;        /* "roles", or "role:<role>" */
	const char *parent;        /* path of the node whose children compete
				      ("" for the top); NULL for
				      ALLOC_ALL_LEAVES */
	int depth;                 /* 0 at the top */
	const resq_t *total;       /* the cluster total shares divide by */
	int nres;
};

/* How the tree presents candidates to order. */
enum alloc_scope {
	/* Once per level, depth first: the children of one node with an
	 * active client below them (and the node's own client as a self
	 * entry); weight is the node's own weight (1 for a self entry, as
	 * Mesos's virtual leaf "role/." has), alloc and count cover its
	 * subtree.  The tree descends into each inner candidate in the
	 * order returned.  Mesos's DRFSorter. */
	ALLOC_EACH_LEVEL,
	/* Once per sort, every active client as a leaf, in tree order
	 * (children by creation); weight is the client's relative weight,
	 * the product down its path of weight / (weight + weights of its
	 * active siblings), a self entry weighing 1 at its level.  The order returned is the order.  Mesos's
	 * RandomSorter. */
	ALLOC_ALL_LEAVES,
};

struct alloc_policy {
	const char *name, *summary;
	size_t state_size;         /* per sorter, zeroed by the core */
	enum alloc_scope scope;
	/*
	 * Non-zero when order depends on nothing but its arguments (no
	 * draws, no state that changes): the tree may then reuse its last
	 * order while nothing it shows changed, and skips order for a
	 * single candidate.  Zero: order is called at every sort, even for
	 * one candidate (a random allocator draws there).
	 */
	int pure;

	/*
	 * init - set up one sorter's instance.
	 * Called by: the master (through sorter_new), once per sorter,
	 *   before the run: for "roles" first, then for each role that has
	 *   frameworks, in framework order.
	 * Already: the scenario is validated; st is zeroed; p holds
	 *   allocator_options (read them with the pp_* getters; every
	 *   instance reads the same options).  After the first instance's
	 *   init, the core reports options no getter asked for.
	 * May: read options, make named streams (policy_rng_named), allocate
	 *   state it frees in release.  Returns 0, or < 0 after reporting
	 *   through p->diag (the run stops).  May be NULL.
	 */
	int (*init)(void *st, const struct policy_params *p, const char *sorter);

	/*
	 * release - tear one instance down.
	 * Called by: the master, once per instance whose init returned 0 (or
	 *   that has no init), after the run; then the core frees st.
	 * May be NULL.
	 */
	void (*release)(void *st);

	/*
	 * order - the decision: permute c[0..n) into the order in which the
	 *   candidates are considered, first = most deserving.
	 * Called by: the role tree (sim/model/sorter.c), at every sort of
	 *   the sorter, i.e. for every allocatable agent of every pass and
	 *   for every role whose frameworks are considered there; once per
	 *   level or once per sort (scope).  n >= 1.
	 * Already: the offers made earlier in the pass count in c[].alloc
	 *   and c[].count, so the next agent sees the new shares.
	 * May: reorder c and write c[].key; read lv; change its own state
	 *   (a random allocator draws from its stream).  Must not keep
	 *   pointers from c or lv, and must break ties without addresses
	 *   (paths are unique within a call; a self entry shares its path
	 *   with its node's subtree).  Required.
	 */
	void (*order)(void *st, const struct alloc_level *lv,
		      struct alloc_cand *c, int n);
};

/* A new generator for the named stream "<stream>/<owner>" under the
 * scenario seed (the caller frees it with gsl_rng_free), or NULL. */
gsl_rng *policy_rng(const struct policy_params *p, const char *stream);
/* The same for the stream called exactly name. */
gsl_rng *policy_rng_named(const struct policy_params *p, const char *name);

/* Dominant share of an allocation: max over resources of alloc/total
 * (resources with total 0 are skipped); see res_dominant_share. */
static inline double policy_dominant_share(const resq_t *alloc,
					   const resq_t *total, int nres)
{
	return res_dominant_share(alloc, total, nres);
}

/* ------------------------------------------------------------------ */
/* Framework side                                                       */

/* A waiting task as a task policy sees it. */
struct ptask {
	uint32_t id;               /* task slot; stable while it waits */
	int64_t job_id, task_id;
	simtime_t submit;
	simtime_t duration;        /* the truth: policies should not peek,
				      except `estimate: actual` policies */
	simtime_t estimate;        /* what the framework believes */
	simtime_t remaining;       /* work left (after preemption) */
	int priority;
	int procs;                 /* processors of its job (rigid jobs), or 1 */
	int preemptions;           /* times it was preempted so far */
	const resq_t *res;
	/* Valid while running (see sched_running_first): */
	simtime_t start;           /* start of the current run */
	int agent;
};

/* The scheduling context of one framework answering its offers. */
struct sched_ctx;

/* Now, and how many offers are in hand. */
simtime_t sched_now(const struct sched_ctx *c);
int sched_noffers(const struct sched_ctx *c);
/* Free resources left in offer i (after launches so far). */
const resq_t *sched_offer_free(const struct sched_ctx *c, int i);
int sched_offer_agent(const struct sched_ctx *c, int i);

/* Iterate the waiting queue in policy order; NULL at the end.  A task
 * launched during the walk may be passed to sched_next safely. */
const struct ptask *sched_first(struct sched_ctx *c);
const struct ptask *sched_next(struct sched_ctx *c, const struct ptask *t);

/* Offer index where the placement rule would put t, or -1 when t fits in
 * no offer (or every offer that fits has hit max_tasks_per_offer). */
int sched_place(struct sched_ctx *c, const struct ptask *t);

/* Non-zero when sched_place(c, t) does nothing but answer: t is not of a
 * rigid job (whose placement plans the job and may mark it blocked) and
 * the placement rule takes the first offer that fits (no rule's choose,
 * no random draw, no explanation).  A walk may then leave out the
 * sched_place of a task it would not start wherever it went. */
int sched_place_is_pure(const struct sched_ctx *c, const struct ptask *t);

/* Launch t from offer i (t must fit; use sched_place).  Returns 0. */
int sched_launch(struct sched_ctx *c, const struct ptask *t, int i);

/* The same for callers that cannot be trusted to check (plug-ins): -1,
 * and nothing launched, when t is not waiting, i is not an offer in hand,
 * the offer has reached max_tasks_per_offer or t does not fit in it (a
 * rigid job: when i is not where sched_place puts it); else as
 * sched_launch. */
int sched_try_launch(struct sched_ctx *c, const struct ptask *t, int i);

/* True when no waiting task could fit in what is left of the offers:
 * walks may stop early. */
int sched_exhausted(const struct sched_ctx *c);

/* The walk of sched_next restricted to what can matter to a backfill:
 * the next task after t that may fit what is left of the offers now,
 * passing over those larger than the largest leftovers in some resource
 * (sched_place would refuse them at once, doing nothing else); NULL at
 * the end of the queue or when sched_exhausted.  A task of a rigid job
 * is shown whatever its size, since its fit is the whole job's.  Each
 * task it returns must still be placed with sched_place. */
const struct ptask *sched_next_fitting(struct sched_ctx *c,
				       const struct ptask *t);

/*
 * The unit the scheduler starts t as.  For a task of a rigid job (gang:
 * hold|decline and more than one task) that is the whole job: the walk
 * shows one task per rigid job, sched_place/sched_launch place and start
 * all of its tasks, and here *demand receives the sum of their demands,
 * *est_left the longest estimated work left among them, and the result is
 * their number.  For any other task: its own demand and est_left, and 1.
 * Backfilling reserves and counts with this, never with t->res alone.
 */
int sched_job_demand(struct sched_ctx *c, const struct ptask *t,
		     resq_t *demand, simtime_t *est_left);

/*
 * Narration for --explain of what only the policy knows: a backfilling
 * reservation.  sched_explaining is non-zero when such a line would be
 * printed (--explain on, this framework and instant in its filter); a
 * policy calls the others only then, so a run without --explain costs
 * one test per answer.  sched_explain_reserved: t is reserved to start
 * at `at` (told when the job or the instant changes).
 * sched_explain_held_back: t fits the offers now but is not started:
 * it would end at `end`, past the reservation of job `head` at `at`
 * (EASY), or, head NULL, earlier jobs' reservations leave it no room
 * before `at` (conservative).
 */
int sched_explaining(const struct sched_ctx *c);
void sched_explain_reserved(struct sched_ctx *c, const struct ptask *t,
			    simtime_t at);
void sched_explain_held_back(struct sched_ctx *c, const struct ptask *t,
			     const struct ptask *head, simtime_t at,
			     simtime_t end);

/* Number of resources and the name of resource r; the sum of what is
 * left in all offers. */
int sched_nres(const struct sched_ctx *c);
const char *sched_res_name(const struct sched_ctx *c, int r);
void sched_free_total(const struct sched_ctx *c, resq_t *out);
/* An agent's capacity. */
const resq_t *sched_agent_total(const struct sched_ctx *c, int agent);

/* The framework's running tasks, in the order they started (ties: id).
 * Tasks launched during this answer are included. */
const struct ptask *sched_running_first(struct sched_ctx *c);
const struct ptask *sched_running_next(struct sched_ctx *c,
				       const struct ptask *t);

/*
 * The same running tasks by the end their estimates promise, start +
 * policy_est_left at the start (this is not clamped to now: a task past
 * its estimate sorts by that past instant); ties on id.  Kept sorted by
 * the core as tasks start and stop, so a walk costs no sort.
 */
const struct ptask *sched_ending_first(struct sched_ctx *c);
const struct ptask *sched_ending_next(struct sched_ctx *c,
				      const struct ptask *t);

/*
 * Preempt a running task: it is killed now, its resources return to its
 * agent (to be offered again at the next allocation pass; in event-driven
 * mode, at this instant), and it is queued again with its remaining work
 * (restart = 0, "resume") or its full work (restart = 1).  Must not be
 * called on a task launched during this same answer.
 */
void sched_preempt(struct sched_ctx *c, const struct ptask *victim,
		   int restart);

/* Remember that t caused a preemption now; sched_preempted_for() is true
 * until the resources freed for it had a chance to be offered (two passes),
 * so a policy does not kill again for the same waiting task. */
void sched_mark_preempted_for(struct sched_ctx *c, const struct ptask *t);
int sched_preempted_for(const struct sched_ctx *c, const struct ptask *t);

/* Report (and return < 0) when value is not one of the '|'-separated
 * choices of option key; 0 when it is. */
int policy_expect_one_of(const struct policy_params *p, const char *key,
			 const char *value, const char *choices);

/* ------------------------------------------------------------------ */
/* Shared policy building blocks                                        */

/* Estimated work left: the estimate less the work done in earlier runs
 * (never below zero).  In the policy support code, since the framework
 * runtime counts with it too. */
simtime_t policy_est_left(const struct ptask *t);

/*
 * The common walk (policies/fifo.c): launch waiting tasks in queue order
 * wherever the placement rule puts them; with strict, stop at the first
 * task that fits in no offer (no task overtakes an earlier one).
 */
void policy_launch_in_order(struct sched_ctx *c, int strict);

enum backfill_mode { BACKFILL_NONE, BACKFILL_EASY, BACKFILL_CONSERVATIVE };

/*
 * Walk the queue in policy order and launch with backfilling
 * (policies/backfill.c):
 *   NONE          start from the head while tasks fit, stop at the first
 *                 that does not (strict order);
 *   EASY          the same, then reserve for the first blocked task the
 *                 earliest time enough resources free up (from running
 *                 tasks' start + estimate) and start any later task that
 *                 fits now and either ends by then or uses only the
 *                 resources the reservation leaves spare;
 *   CONSERVATIVE  every waiting task, in order, gets the earliest
 *                 reservation that delays no earlier one; a task starts now
 *                 when its reservation is now.
 * Capacity is counted over all offers together (the machine as one pool,
 * as batch schedulers count processors).  See docs/policies.md.
 */
void policy_backfill(struct sched_ctx *c, enum backfill_mode mode);

/* Parse option `backfill: none|easy|conservative` (default def). */
enum backfill_mode policy_backfill_option(const struct policy_params *p,
					  enum backfill_mode def);

/*
 * Preempt for t, which fits in no offer: among running tasks that
 * `better(t, running)` says t should displace, and whose resources plus
 * the offer left on their agent would hold t, kill the one `worse` orders
 * last (the least deserving).  Returns 1 when a task was preempted.
 */
int policy_preempt_for(struct sched_ctx *c, const struct ptask *t, int restart,
		       int (*better)(const struct ptask *t,
				     const struct ptask *victim, simtime_t now),
		       int (*worse)(const struct ptask *a, const struct ptask *b,
				    simtime_t now));

/* Scores of policies/score.c, lowest first (shared with EASY's order). */
double policy_score_f1(const struct ptask *t);
double policy_score_wfp3(const struct ptask *t, simtime_t now);
double policy_score_unicep(const struct ptask *t, simtime_t now);

/* Parse option `preemption: resume|restart`; returns 1 for restart. */
int policy_restart_option(const struct policy_params *p);

struct task_policy {
	const char *name, *summary;
	size_t state_size;
	int (*init)(void *st, const struct policy_params *p);
	void (*release)(void *st);
	/*
	 * Queue order: negative when a goes before b.  The core keeps the
	 * waiting queue sorted by it and breaks its ties on (submit, job id,
	 * task id).  NULL means submit order.  Must not depend on `now`.
	 */
	int (*cmp)(void *st, const struct ptask *a, const struct ptask *b);
	/*
	 * For orders that change with time (WFP3, UNICEP): a score, lowest
	 * first, recomputed at every answer; the core sorts the waiting
	 * tasks by it (ties: submit, job id, task id) before schedule runs.
	 * NULL means the queue order (cmp) is used.
	 */
	double (*key)(void *st, const struct ptask *t, simtime_t now);
	/*
	 * Optional, with key: called once after init; non-zero when the key
	 * ignores `now` and depends only on fields of the task that do not
	 * change while it waits (a constant key is such a key).  The core
	 * then computes it once, when the task joins the queue, and keeps
	 * the queue sorted by it, in the same order (ties: submit, job id,
	 * task id), instead of sorting at every answer.  NULL, or zero:
	 * the key may change with time and is recomputed at every answer.
	 */
	int (*key_static)(void *st);
	/*
	 * Called when the framework answers the offers in hand.  Launch
	 * tasks with sched_place/sched_launch; whatever is not used is
	 * declined by the core when this returns.
	 */
	void (*schedule)(void *st, struct sched_ctx *c);
	/*
	 * Non-zero for policies that act on running work without offers in
	 * hand (preemption): after each allocation pass that offered such a
	 * framework nothing while it had waiting tasks, the core calls
	 * schedule with zero offers, so the policy may preempt.
	 */
	int acts_without_offers;
	/*
	 * Non-zero when schedule reads the offers only through sched_place
	 * and sched_exhausted (and acts on them only through sched_launch),
	 * and neither preempts nor keeps state between answers that
	 * depends on the offers: its answer then launches nothing on an
	 * offer that no waiting task fits, nor, under a takes_first
	 * placement, on an offer made after offers that hold every waiting
	 * task.  The master may then decline such offers at once without
	 * handing them over (sim/model/surely.c; docs/allocator.md, "The
	 * fast path").  policy_launch_in_order's walk is such a schedule.
	 */
	int answers_by_fit;
};

/* A placement rule picks among the offers that fit a task. */
struct place_view {
	int noffers;
	const int *fits;           /* indexes of offers that fit, ascending */
	int nfits;
	const resq_t *const *free; /* free[i]: what is left of offer i */
	const resq_t *const *agent_total;  /* agent_total[i]: its capacity */
	const int *agent;          /* agent id of offer i */
	int nres;
	const resq_t *demand;      /* the task's demand */
	/* job_here[i]: tasks of this task's job on offer i's agent: running
	 * there (this answer's launches included) or, for a rigid job,
	 * already planned there for it.  NULL unless the rule sets
	 * needs_job_counts (counting walks the framework's running tasks). */
	const int *job_here;
};

struct placement_policy {
	const char *name, *summary;
	size_t state_size;
	int (*init)(void *st, const struct policy_params *p);
	void (*release)(void *st);
	/* Return one of v->fits[]; called only when nfits > 0.  It reads
	 * only the offers in fits (the master's fast path leaves offers
	 * that fit no waiting task out of the answer). */
	int (*choose)(void *st, const struct place_view *v);
	/* Optional, for --explain: the score choose maximises for offer i
	 * (one of v->fits[]), printed for each candidate.  NULL: the rule
	 * does not rank by a score. */
	double (*score)(void *st, const struct place_view *v, int i);
	/* Non-zero when choose reads v->job_here. */
	int needs_job_counts;
	/* Optional: non-zero when choose always returns fits[0]; the core
	 * then stops at the first offer that fits instead of listing them
	 * all (a framework may hold thousands of offers). */
	int takes_first;
};

#endif
