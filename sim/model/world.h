/*
 * world.h - the engine's state of one run: agents, frameworks, tasks,
 * offers, and the clock.  Shared by the model's modules in sim/model/
 * (engine.c, master.c, framework.c, task.c, script.c, metrics.c; world.c
 * holds the narration they share); policies never include it.
 *
 * Ids are array indexes: agents and frameworks are fixed arrays for the
 * run, tasks and offers come from pools (pool.h) and are recycled, so
 * memory follows the live work rather than the trace.  Every event queue
 * node is embedded in the record it concerns.
 */
#ifndef OFFERSIM_WORLD_H
#define OFFERSIM_WORLD_H

#include <stdint.h>
#include <stdio.h>

#include <gsl/gsl_rng.h>

#include "../../policies/policy.h"
#include "../../workloads/source.h"
#include "../core/evq.h"
#include "../core/perm.h"
#include "jobmap.h"
#include "gantt.h"
#include "metrics.h"
#include "queuelog.h"
#include "replay.h"
#include "../core/pool.h"
#include "../core/res.h"
#include "../config/scenario.h"
#include "../core/simtime.h"

struct scenario;
struct diag;
struct sorter;
struct rowpipe;
struct offersim_policy;

/* Event kinds (struct evq_node.kind). */
enum ev_kind {
	EV_TASK_END,      /* arg: task id */
	EV_ARRIVAL,       /* arg: framework id */
	EV_RESPONSE,      /* arg: framework id */
	EV_TIMEOUT,       /* arg: offer id */
	EV_FILTER,        /* arg: framework id */
	EV_TICK,          /* periodic allocation */
	EV_PASS,          /* event-driven allocation at this instant */
	EV_SCRIPT,        /* the scenario's next timed events (script.c) */
	EV_REVIVE,        /* a revive held back by min_revive_interval;
			     arg: framework id */
	EV_AGENT_FAIL,    /* an agent fails (fault.c); arg: agent id */
	EV_AGENT_REPAIR,  /* a failed agent is back; arg: agent id */
	EV_AGENT_GONE,    /* a disconnected agent's ping timeout ran out;
			     arg: agent id */
	EV_FW_DISCONNECT, /* a framework's scheduler goes away (fault.c);
			     arg: framework id */
	EV_FW_RECONNECT,  /* it is back; arg: framework id */
	EV_FW_FAILOVER,   /* its failover_timeout ran out; arg: framework */
	EV_RETRY,         /* a lost or failed task's backoff is over (on
			     the task's end_ev, idle while it waits);
			     arg: task id */
};

/*
 * A task attempt's state.  Waiting and running are live; the others are
 * terminal, each attempt ends in exactly one of them (task.c sets them,
 * and only there), and each names tasks.csv's state column (task_state_name
 * below).  They follow Mesos's TaskState: TASK_FINISHED,
 * TASK_FAILED, TASK_LOST, TASK_KILLED, TASK_UNREACHABLE (the agent was
 * removed and the framework is partition-aware), and REJECTED for a task
 * that fits on no agent (Mesos would never launch it).
 */
enum task_state {
	TASK_WAITING,
	TASK_RUNNING,
	TASK_FINISHED,
	TASK_REJECTED,    /* fits on no agent of the cluster */
	TASK_FAILED,
	TASK_LOST,
	TASK_KILLED,
	TASK_UNREACHABLE,
	TASK_STATES
};

/* tasks.csv's name of a task state (enum task_state). */
static inline const char *task_state_name(int state)
{
	static const char *const names[TASK_STATES] = {
		[TASK_WAITING] = "waiting", [TASK_RUNNING] = "running",
		[TASK_FINISHED] = "finished", [TASK_REJECTED] = "rejected",
		[TASK_FAILED] = "failed", [TASK_LOST] = "lost",
		[TASK_KILLED] = "killed", [TASK_UNREACHABLE] = "unreachable",
	};
	return state >= 0 && state < TASK_STATES ? names[state] : "?";
}

/* The terminal state of an attempt whose trace says it ended as end
 * (enum wl_end): Google's EVICT is a kill by the cluster's scheduler. */
static inline int task_state_of_trace_end(int end)
{
	switch (end) {
	case WL_END_FAILED: return TASK_FAILED;
	case WL_END_KILLED: case WL_END_EVICTED: return TASK_KILLED;
	case WL_END_LOST: return TASK_LOST;
	default: return TASK_FINISHED;
	}
}

struct agent {
	int present;              /* registered (see add_agent) */
	int nresv;
	/* The offer made on this agent in pass last_offer_pass, to
	 * last_offer_fw: a second grant to the same framework in the same
	 * pass merges into it (found in O(1), not by walking the hand). */
	uint32_t last_offer;
	int last_offer_fw;
	uint64_t last_offer_pass;
	/* free: neither offered nor used (reserved parts included); total:
	 * the agent's resources.  Both point at its row (nres values) of
	 * world.afree and world.atotal: those arrays are what passes over
	 * thousands of agents read, and code on those paths indexes them by
	 * agent id without touching this record. */
	resq_t *free;
	resq_t *total;
	int group;
	char name[48];
	/* Static reservations: slot k holds resv_total[k] for role
	 * resv_role[k]; of it resv_free[k] is free (and inside free),
	 * resv_used[k] held by running tasks; nresv slots are used.  The
	 * rows live in world.resv_store (NULL without reservations), which
	 * keeps the agents small: a pass reads thousands of them. */
	int resv_role[AGENT_RESV_MAX];
	resq_t (*resv_total)[RES_MAX];
	resq_t (*resv_free)[RES_MAX];
	resq_t (*resv_used)[RES_MAX];
};

/* Links of the waiting queue (a treap ordered by the framework policy). */
struct tq_link {
	uint32_t l, r, p;         /* task ids; POOL_NONE for none */
	uint32_t prio;            /* heap priority, a hash of the id */
};

struct task {
	struct evq_node end_ev;
	/* Beside end_ev, in the line the event queue loads first: the event
	 * loop reads these of the next task to end ahead of time (engine.c,
	 * read_ahead), to load its agent's rows and its neighbours in the
	 * framework's running list (start order), which its end unlinks. */
	int fw, agent;
	uint32_t run_prev, run_next;
	struct tq_link q;
	struct ptask pt;          /* the policy's view; pt.res -> res */
	resq_t res[RES_MAX];
	simtime_t start;          /* first start, for wait; -1 before */
	simtime_t served;         /* run time of earlier (preempted) runs */
	simtime_t wasted;         /* work lost to restarts */
	uint32_t order_idx;       /* position in a dynamic order */
	double qkey;              /* a static policy key, cached on enqueue */
	/* While running: the framework's tree of running tasks by the end
	 * their estimates promise (rq_end, then id), for backfilling. */
	struct tq_link rq;
	simtime_t rq_end;
	uint32_t job_next;        /* next waiting task of its rigid job */
	uint64_t preempt_pass;    /* pass count when it last preempted */
	int state;
	int job_tasks;
	int attempt;              /* 0, 1, ...: retries after a loss or a
				     failure, or the trace's own attempt */
	int trace_end;            /* enum wl_end the trace gives the attempt */
	int cls;                  /* scheduling class (0 when unknown) */
	int64_t user;             /* wl_user_id(), -1 when unknown */
	simtime_t lost_at;        /* when its last attempt was lost or failed
				     (for the requeue delay); -1 if never */
	simtime_t first_start;    /* first start of its first attempt, for
				     its job's start; -1 before */
	int will_fail;            /* its end_ev is the failure drawn from
				     task_failure_rate, not its end */
	int gantt_lane;           /* its Gantt lane while running (gantt.c) */
};

/* A framework's failover state (fault.c); world.ffault, one per
 * framework, only when some framework can disconnect. */
struct fw_fault {
	struct evq_node disc_ev, back_ev, failover_ev;
	int away;                 /* disconnected now */
	int removed;              /* failover_timeout ran out meanwhile */
};

/* An agent's failure state (fault.c); world.afault, one per agent, only
 * when the scenario can fail agents. */
struct agent_fault {
	struct evq_node fail_ev, repair_ev, gone_ev;
	int down;                 /* failed and not repaired */
	int removed;              /* the master removed it (ping timeout) */
	int next_at;              /* next of its group's fail_at[] */
	simtime_t next_mtbf;      /* its next drawn failure, or NEVER */
	simtime_t down_since;
};

enum offer_state { OFFER_OUTSTANDING, OFFER_ACCEPTED, OFFER_DECLINED,
		   OFFER_RESCINDED };

struct offer {
	struct evq_node timeout_ev;
	uint64_t number;          /* 1, 2, ... in the order made */
	int fw, agent;
	/* What was offered, and what launches have not used yet: nres
	 * values each, in v[] (offers come by the thousand on a large
	 * cluster; a record sized for RES_MAX resources was mostly air). */
	resq_t *res;
	resq_t *left;
	simtime_t made, due;      /* due: when the framework answers */
	int launched;             /* tasks launched from it */
	uint32_t next;            /* next outstanding offer of the fw */
	uint64_t pass;            /* allocation pass that made it */
	/* Reserved part of left, per agent slot: a record of the
	 * offer_resv pool (resv_id), only for agents with reservations. */
	resq_t (*resv_left)[RES_MAX];
	uint32_t resv_id;
	resq_t v[];               /* res, then left */
};

/* A role of the hierarchy (names with '/'); ids are array indexes. */
struct role {
	const char *name;
	int parent;               /* role id, or -1 for a top-level role */
	int depth;
	double weight;
	struct quota_spec quota;
	int rs_handle;            /* client in the role sorter, or -1 */
	struct sorter *fw_sorter; /* its frameworks, or NULL when none */
	int *fw_of_handle;        /* fw_sorter handle -> framework id, or -1 */
	int nhandles;
	int nfws;                 /* frameworks of the role (any state) */
	int npresent;             /* of them, registered now */
	resq_t allocated[RES_MAX];   /* offered + used by its own frameworks */
	resq_t consumed[RES_MAX];    /* quota consumption of the subtree
					(valid during a pass) */
};

struct framework {
	int id;
	const struct framework_spec *spec;
	const char *name, *role;
	double weight;
	int role_id;
	int fs_handle;            /* client in its role's framework sorter */
	int present;              /* registered (see add_framework) */
	int suppressed;           /* by a suppress event, until revive */
	int scripted, hoard;
	int gpu_capable;          /* capabilities: [gpu_resources] */
	/* Idle behaviour: with suppress_idle a framework with nothing to run
	 * is suppressed and revives when work arrives, at most once per
	 * min_revive (then revive_wait holds it suppressed until revive_ev);
	 * without, it keeps taking (and declining) offers and never
	 * revives. */
	int suppress_idle;
	int revive_wait;
	simtime_t min_revive;
	simtime_t last_revive;    /* -1 before the first */
	struct evq_node revive_ev;

	const struct task_policy *pol;
	void *pol_dl;             /* a plug-in's dlopen handle, or NULL */
	void *pol_state;
	/* Answered by the program embedding offersim (sim/api) instead of
	 * the policy's schedule hook when set; the queue keeps the policy's
	 * order.  NULL for every framework of the command line's runs. */
	void (*host_answer)(void *ctx, int fw, struct sched_ctx *c);
	void *host_ctx;
	struct policy_params pol_params;
	const struct placement_policy *place;
	void *place_state;
	struct policy_params place_params;

	/* Workload: the next record waits in `next` until its arrival. */
	struct wl_source *src;
	struct wl_task next;
	int has_next;
	struct evq_node arrival_ev;
	/* Tasks rejected on arrival for needing more than any agent has:
	 * counted, and reported in one warning at the end of the run with
	 * the first of them (engine.c), not in one line each. */
	long oversized;
	long long oversized_job, oversized_task;
	long oversized_line;
	char oversized_res[128];

	/* Waiting queue.  key_static: the policy's key depends only on the
	 * waiting task, so the queue is kept sorted by it (task->qkey). */
	uint32_t q_root;
	uint32_t q_len;
	int key_static;

	/* Offers in hand, oldest first; answered as a batch when due. */
	uint32_t off_head, off_tail;
	uint32_t noutstanding;
	/* Offers kept unanswered for a rigid job that does not fit yet
	 * (gang: hold); they join every later answer. */
	uint32_t held_head, held_tail;
	uint32_t nheld;
	enum gang_mode gang;
	int wake_after_pass;      /* answer held offers after the pass */
	struct jobmap jobs;       /* waiting tasks of rigid jobs, by job */
	struct evq_node response_ev;

	/* Decline filters per agent, one row of FILT_STRIDE(nres) values
	 * per agent in filt (one cache line for a few resources): the
	 * expiry, the generation (valid while equal to filter_gen and now
	 * < expiry), then what was refused. */
	uint32_t filter_gen;
	/* Some row may hold a filter of the current generation: 0 from a
	 * revive until the next filter goes in, when no row need be read
	 * (the first pass after a revive reads none). */
	int filt_any;
	resq_t *filt;
	simtime_t filter_duration;
	/* Expiry times of installed filters, in order (event-driven mode
	 * wakes the allocator when one lapses). */
	simtime_t *exp_ring;
	uint32_t exp_head, exp_len, exp_cap;
	struct evq_node filter_ev;
	/* What the allocation candidates last saw of this framework (see
	 * master.c): whether it wanted offers, and its filter generation. */
	int cand_want;
	uint32_t cand_gen;
	/* The last reason --explain gave for a waiting task (why.c): the
	 * task and a hash of the text, so a reason is told once. */
	uint32_t why_task;
	uint64_t why_hash;
	/* The last reservation it narrated (sched_explain_reserved). */
	int64_t why_resv_job;
	simtime_t why_resv_at;

	/* Scratch of one answer (fw_respond), grown as needed and kept for
	 * the next, so that answering allocates nothing in the steady
	 * state.  framework.c's own; jc_agent is all zero between answers. */
	struct fw_scratch {
		uint32_t *launched;
		int cap_launched;
		uint32_t *order;
		void *keyed;              /* framework.c's struct keyed[] */
		uint32_t cap_order;
		uint32_t *plan_task;
		int *plan_offer;
		uint32_t plan_cap;
		resq_t *tmp_free;
		const resq_t **tmp_freev;
		int *tmp_launched;
		int cap_tmp;
		int *job_here, *tmp_job_here;
		int cap_job_here;
		int *jc_agent;            /* one per agent */
	} scratch;

	resq_t allocated[RES_MAX];   /* offered + used: what DRF counts */
	resq_t used[RES_MAX];
	uint64_t allocations;
	uint64_t last_offer_pass;    /* pass number of its latest offer */
	int running;
	uint32_t run_head, run_tail;   /* running tasks, in start order */
	uint32_t rq_root;         /* the same by expected end (task->rq), */
	int rq_on;                /* kept once sched_ending_first was called */
	simtime_t decision_time;
	gsl_rng *task_fail_rng;   /* "task-failures/NAME", when its rate > 0 */
	int max_tasks_per_offer;
	/* Bounds on the waiting tasks' demands, per resource: the least and
	 * the largest demand among the tasks that joined the queue since it
	 * was last empty, so a lower and an upper bound of those waiting
	 * now (kept by framework.c, read by surely.c). */
	resq_t dem_lo[RES_MAX], dem_hi[RES_MAX];
	/* surely.c: whether this framework's offers may be settled when
	 * made (fixed at the start), and the waiting tasks its offers of
	 * pass sure_pass certainly hold. */
	int sure_ok, sure_clean;
	/* filt_any as the pass found it: a filter this pass installs is on
	 * an agent the pass has already dealt with, so the pass's own
	 * reads need not see it. */
	int filt_pass;
	/* The decline stamp of its last bulk tail (master.c,
	 * pass_rest_declined): for an agent whose bit is set in stamp, the
	 * filter row is (stamp_gen, stamp_exp, the agent's free resources
	 * now), not what filt holds; the agent's free resources have not
	 * changed since, because every change writes the row first
	 * (stamps_settle) and clears the bit.  stamp is NULL until the
	 * first tail, then points into world.stamp_store. */
	uint64_t *stamp;
	uint32_t stamp_gen;
	simtime_t stamp_exp;
	uint64_t sure_room, sure_pass;
	double refuse_seconds;
	struct fw_metrics m;
};

#define FILT_STRIDE(nres) (2 + (size_t)(nres))
#define FILT_EXP 0
#define FILT_GEN 1
#define FILT_RES 2

/*
 * What --explain narrates (sim_explain in engine.h, resolved to ids): the
 * lines of the window from..to (inclusive, in simulated time) that
 * concern the chosen framework, agent and job.  Every narrated line says
 * what it concerns: an id, EX_NONE (a line about no framework, say, such
 * as an agent joining) or EX_ALL (about every one: a pass's shares).  A
 * chosen framework keeps the lines of that id and EX_ALL; the same for
 * agents and jobs.  Nothing chosen (EX_ALL here) keeps every line.
 */
#define EX_NONE (-1)
#define EX_ALL (-2)

struct explain_filter {
	simtime_t from, to;
	int fw, agent;            /* an id, or EX_ALL */
	long long job;            /* a job id, or EX_ALL */
};

struct run_options {
	FILE *explain;            /* narrate each step here, or NULL */
	struct explain_filter only;
	int quiet;
	/* Host-supplied plug-ins (struct sim_options). */
	const struct offersim_policy *const *host_policies;
	int nhost_policies;
};

struct world {
	const struct scenario *sc;
	struct diag *diag;
	struct run_options opt;
	/* Test-only reference mode: every offer goes the plain per-offer
	 * way (no fused declines).  engine.c sets it from the environment
	 * variable OFFERSIM_REFERENCE, read there and nowhere else; make
	 * check runs the scenario corpus both ways and compares the bytes. */
	int reference;
	/* Where the row files' rows go to be formatted (rowpipe.h): on a
	 * thread of their own when a processor is spare, in line in the
	 * reference mode and under sim_options.one_thread. */
	struct rowpipe *rows;
	/* Offers certain to be declined untouched may be settled when made
	 * (surely.c); never in the reference mode. */
	int sure_on;
	/* During a pass: the frameworks that want offers, and the one (or
	 * -1) whose every remaining offer of the pass is certain to be
	 * declined when it is the only one (master.c, pass_rest_declined). */
	int pass_nwant;
	int sure_rest;
	/* Offers settled when made (offer_declined_at_once) and in bulk
	 * tails (pass_rest_declined): read by nothing in the run, only by
	 * tests (through sim_world), which check that the fast path runs
	 * where it should; a switch that silently turned it off would
	 * otherwise leave every output the same and go unnoticed. */
	uint64_t sure_settled, sure_tail_settled;
	int nstamp;               /* frameworks that have a stamp */
	uint64_t *stamp_store;    /* their bits, nwords per framework */
	/* The invariant checker (check.h), or NULL when it is off. */
	struct checker *chk;
	/* Set when a stop condition ended the run (see struct sim_stop):
	 * summary.json records it. */
	int stopped;
	char stop_metric[128];
	double stop_bound;
	int nres;
	simtime_t now;
	simtime_t horizon;        /* SIMTIME_NEVER when unlimited */
	simtime_t interval;       /* allocation interval; 0 = event-driven */
	simtime_t offer_timeout;  /* 0 = never */
	simtime_t sample_interval;  /* the old sampler's clock, whose ticks
				       still count in events (engine.c) */
	simtime_t next_tick;      /* its next tick not yet counted */
	struct evq q;
	uint64_t events;

	struct agent *agents;
	int nagents;
	int nabsent;              /* agents not registered now */
	resq_t *afree, *atotal;   /* agents' free and total rows, nres each */
	/* Tasks running on each agent.  Not in struct agent: a task's end
	 * reads nothing else of its agent but these arrays, and the record
	 * of one agent of thousands, last read at the task's start, is a
	 * cache miss. */
	int *arunning;
	resq_t total[RES_MAX];
	resq_t used[RES_MAX];     /* in use by running tasks */
	resq_t max_agent[RES_MAX]; /* component-wise max of agent totals */
	resq_t capacity[RES_MAX];  /* every agent's total, present or not:
				      the most a rigid job can ever get */

	struct framework *fws;
	int nfws;

	const struct alloc_policy *alloc;   /* one instance per sorter */
	void *alloc_dl;                     /* a plug-in's dlopen handle */
	struct policy_params alloc_params;
	struct role *roles;
	int nroles;
	struct sorter *role_sorter;
	int *role_of_handle;      /* role sorter handle -> role id */
	int *sort_buf;            /* scratch for sorter output */
	gsl_rng *shuffle_rng;     /* agent order per pass ("agent-shuffle") */
	struct perm perm;         /* the running stage's order (master.c) */
	int *agent_order;
	unsigned char *pass_agent;   /* agents of the next EV_PASS */
	int pass_all, pass_some;
	/* Allocation candidates: a bitmap over agent ids of the agents that
	 * may yield an offer in the next pass.  The others sleep: agents
	 * with nothing allocatable until resources return to them, agents
	 * that every framework wanting offers has filtered until the
	 * earliest of those filters lapses (a heap on sleep_until),
	 * and all of them when a framework starts wanting offers or its
	 * filters are cleared.  A pass walks and shuffles the candidates
	 * only, so a large cluster costs what its busy part costs. */
	uint64_t *cand;
	int *sleep_heap;
	/* Where a sleeping agent is: its index in sleep_heap (>= 0), -1
	 * when in neither (or in a batch by a whole word: sleep_bw), or
	 * -2 - k for batch slot k, which holds it
	 * exactly when its bit is set there (a slot woken or cleared whole
	 * leaves these stale, and a stale one names a clear bit). */
	int *sleep_pos;
	simtime_t *sleep_until;
	int nsleep;
	/* Sleep batches: the agents a pass declined in bulk, asleep until
	 * one time, as a bitset over agent ids per slot (master.c,
	 * pass_rest_declined); sleep_border lists the live slots by time. */
	struct sleep_batch {
		simtime_t until;
		uint64_t *bits;
	} *sleep_b;
	int *sleep_border;
	/* Agents put in a batch by a whole word (no sleep_pos hint): each
	 * is in the one live slot whose bits hold it. */
	uint64_t *sleep_bw;
	int *sleep_bfree;         /* slots not live, as a stack */
	int nbatch, nbfree, nbslots, cap_batch;   /* nbslots: slots made */
	/* The agents of the running pass that stage 2 has not dealt with
	 * yet, a bitset over agent ids (pass_agents, pass_stage). */
	uint64_t *pass_set;
	/* The pass's agents as pass_agents found them, and the agents in
	 * the words before each word: ranks for the stage's order
	 * (master.c, pass_rank_agent).  order_ready: agent_order holds
	 * them by rank. */
	uint64_t *pass_snap;
	uint32_t *pass_cum;
	int order_ready;
	int pass_cand;            /* the pass took the candidates (not only
				     the agents master_pass_now named) */
	/* The agents that are registered and whose free resources are
	 * allocatable (min_allocatable_resources), a bitset over agent ids
	 * kept where either changes (master.c: ok_shrunk, ok_grown,
	 * ok_update), so that a pass finds its agents word by word. */
	uint64_t *alloc_ok;
	/* Per word of alloc_ok, the free resources of its agents that are
	 * set there (nres per word), and what each agent adds to its word
	 * (its free row, or zeros while its bit is clear): kept with
	 * alloc_ok, so that a bulk tail takes a whole word's sum at once
	 * (master.c, ok_sum, pass_rest_declined). */
	resq_t *ok_wsum, *ok_contrib;
	/* agents[a].present as a bitset, set in ok_update (master.c). */
	uint64_t *present_bits;
	size_t nwords;            /* words of cand, pass_set, batch bits */
	int quota_used;           /* some role has a guarantee or a limit */
	/* The gpus resource while filter_gpu_resources holds (agents with
	 * some are offered only to gpu-capable frameworks), else -1. */
	int gpu_res;
	/* min_allocatable_resources, compacted: set s needs min_q[s][i] of
	 * resource min_r[s][i] for i < min_n[s]. */
	int nmin;
	int min_n[MIN_ALLOC_SETS];
	int min_r[MIN_ALLOC_SETS][RES_MAX];
	resq_t min_q[MIN_ALLOC_SETS][RES_MAX];
	struct evq_node script_ev;
	int next_event;

	struct pool tasks;
	struct pool offers;
	struct pool offer_resv;   /* resv_left rows of offers */
	resq_t *resv_store;       /* agents' reservation rows */
	/* Scratch for one answer to offers (fw_respond), grown as needed and
	 * reused, as is each framework's scratch (struct fw_scratch). */
	unsigned char *answer_buf;
	size_t answer_cap;
	/* The same for the answer's max-free tree (framework.c). */
	resq_t *mf_buf;
	size_t mf_cap;
	uint64_t offers_made;
	uint64_t walks;           /* answers so far: numbers each walk */
	uint64_t passes;
	uint64_t passes_idle;     /* passes since the last task started */
	simtime_t last_pass;

	struct evq_node tick_ev, pass_ev;
	int sources_open;         /* frameworks whose source has more */
	int failed;               /* an input error stopped the run */

	/* Faults (fault.c): NULL and 0 in a scenario without them. */
	struct agent_fault *afault;
	gsl_rng **fail_rng, **repair_rng;   /* per group, or NULL */
	struct fw_fault *ffault;
	gsl_rng **disc_rng, **back_rng;     /* per framework, or NULL */
	int ndown;                /* agents failed now */
	int retrying;             /* tasks waiting out a retry backoff */
	double down_us;           /* agent-microseconds failed, so far */
	simtime_t agent_gone;     /* ping timeout x max timeouts */

	struct metrics met;
	struct gantt gantt;       /* the bars of gantt.svg */
	struct queuelog qlog;     /* queue.csv */
	struct replay rp;         /* replay.html */
};

static inline struct task *W_TASK(const struct world *w, uint32_t id)
{
	return pool_get(&w->tasks, id);
}

static inline struct offer *W_OFFER(const struct world *w, uint32_t id)
{
	return pool_get(&w->offers, id);
}

/*
 * Narration for --explain: "[   12.000] ..." when enabled.  world_explain
 * is for lines about no framework, agent or job in particular;
 * world_explain_of names what the line concerns (ids, EX_NONE or EX_ALL,
 * see struct explain_filter), and prints it only when the filter keeps
 * it.  world_explaining says whether such a line would be printed: a
 * caller that must compute something to narrate asks it first, so a run
 * without --explain (or a line filtered out) costs one test.
 */
void world_explain(const struct world *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void world_explain_of(const struct world *w, int fw, int agent,
		      long long job, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static inline int ex_keeps(long long chosen, long long what)
{
	return chosen == EX_ALL || what == EX_ALL || what == chosen;
}

static inline int world_explaining(const struct world *w, int fw, int agent,
				   long long job)
{
	const struct explain_filter *x = &w->opt.only;
	return w->opt.explain && w->now >= x->from && w->now <= x->to &&
	       ex_keeps(x->fw, fw) && ex_keeps(x->agent, agent) &&
	       ex_keeps(x->job, job);
}

#endif
