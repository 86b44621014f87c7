/*
 * offersim_policy.h - the plug-in ABI: a framework policy or an allocator
 * written outside offersim, loaded from a shared object or handed over by
 * the program that embeds offersim.
 *
 * A plug-in is one struct offersim_policy.  A shared object exports it
 * under the symbol name "offersim_policy" (a const object, not a
 * function); a scenario names the file:
 *
 *	frameworks:
 *	  - name: batch
 *	    policy: {so: ./ljf.so, params: {order: longest}}
 *
 * and the master's allocator the same way (`allocator: {so: ...}`).  A
 * program using liboffersim passes its own structs to offersim_open()
 * (offersim.h) and the scenario names them `policy: {host: NAME}`.
 *
 * Invariants, first:
 *
 *  - abi_version comes first and is OFFERSIM_POLICY_ABI of the header the
 *    plug-in was built with.  offersim refuses a struct whose version it
 *    does not know, before reading anything else, so a later offersim can
 *    grow the struct (new fields at the end, as SQLite grows its VFS) and
 *    still load older plug-ins.
 *
 *  - A plug-in keeps no global state: each framework (or each sorter of
 *    the allocator's role tree) that uses it gets its own state_size
 *    bytes, zeroed, handed to every hook.  Two simulations in one process
 *    may use the same plug-in at once.
 *
 *  - offersim calls hooks from the thread stepping the simulation, one at
 *    a time, and never re-enters a plug-in from inside its own hook.
 *
 *  - Everything a hook may call comes through the struct offersim_host
 *    it receives: the plug-in links against nothing of offersim's, so
 *    one .so works with the offersim binary and with liboffersim alike.
 *    Handles (struct offersim_sched, offersim_qtask, offersim_params) are
 *    valid only during the hook that received them.
 *
 *  - Times are seconds of simulated time; resources are in the
 *    scenario's units, indexed as the host's res_name() names them.
 *
 *  - Decisions must be deterministic: the same inputs give the same
 *    launches.  A plug-in that needs randomness keeps a generator seeded
 *    from params' seed in its state.
 */
#ifndef OFFERSIM_POLICY_ABI_H
#define OFFERSIM_POLICY_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header's structs; see the invariants above. */
#define OFFERSIM_POLICY_ABI 1

enum offersim_policy_kind {
	OFFERSIM_POLICY_FRAMEWORK = 1,   /* which waiting task next */
	OFFERSIM_POLICY_ALLOCATOR = 2,   /* which framework gets an offer */
};

/* Backfilling walks a framework policy may hand its answer to. */
enum offersim_walk {
	OFFERSIM_WALK_IN_ORDER = 0,      /* launch whatever fits, in order */
	OFFERSIM_WALK_STRICT = 1,        /* stop at the first that does not */
	OFFERSIM_WALK_EASY = 2,          /* EASY backfilling */
	OFFERSIM_WALK_CONSERVATIVE = 3,  /* conservative backfilling */
};

/* A task as a plug-in sees it: a copy, filled by the host. */
struct offersim_taskinfo {
	uint32_t id;          /* stable while the task waits or runs */
	int64_t job_id, task_id;
	double submit;        /* when it joined the queue */
	double estimate;      /* what the framework believes it needs */
	double remaining;     /* estimated work left after preemptions */
	int priority;
	int procs;            /* processors of its rigid job, or 1 */
	int preemptions;
	double start;         /* running tasks: start of the current run */
	int agent;            /* running tasks: its agent; -1 otherwise */
};

/* Opaque handles, valid during one hook. */
struct offersim_params;   /* the policy's options (params: map) */
struct offersim_sched;    /* one answer of one framework to its offers */
struct offersim_qtask;    /* a waiting or running task in that answer */

/* One candidate of an allocator's order call. */
struct offersim_cand {
	const char *path;     /* role or framework path, unique in a call */
	double weight;        /* > 0 */
	const double *alloc;  /* its allocation (offered + in use), nres */
	uint64_t count;       /* allocations received so far */
	int self;             /* 1: a role's own "." entry */
	double key;           /* scratch for the plug-in */
	int index;            /* the host's: never change it */
};

/* What an order call sees besides its candidates. */
struct offersim_level {
	const char *sorter;   /* "roles", or "role:<role>" */
	int depth;
	const double *total;  /* the cluster total, nres */
	int nres;
};

/*
 * The calls a plug-in may make.  Each says in which hook it may be used:
 * [init] in init only, [sched] in schedule only, [any] anywhere.
 */
struct offersim_host {
	int abi_version;      /* OFFERSIM_POLICY_ABI of the host */

	/* [init] Options: the value of key, or def when absent.  Reading a
	 * key marks it known: keys no call asked for are reported as
	 * unknown after init.  A malformed value is reported by the host,
	 * which then returns def. */
	double (*param_double)(const struct offersim_params *p,
			       const char *key, double def);
	long (*param_long)(const struct offersim_params *p, const char *key,
			   long def);
	int (*param_bool)(const struct offersim_params *p, const char *key,
			  int def);
	const char *(*param_string)(const struct offersim_params *p,
				    const char *key, const char *def);
	/* [init] The scenario seed, and the owner's name (the framework,
	 * or the sorter for an allocator). */
	uint64_t (*param_seed)(const struct offersim_params *p);
	const char *(*param_owner)(const struct offersim_params *p);
	/* [init] Report an error at the policy's place in the scenario;
	 * init should then return < 0 and the run does not start. */
	void (*param_error)(const struct offersim_params *p, const char *msg);

	/* [sched] The instant, the resources and the offers in hand. */
	double (*now)(const struct offersim_sched *c);
	int (*nres)(const struct offersim_sched *c);
	const char *(*res_name)(const struct offersim_sched *c, int r);
	int (*noffers)(const struct offersim_sched *c);
	int (*offer_agent)(const struct offersim_sched *c, int i);
	/* What is left of offer i after the launches so far, and an agent's
	 * capacity, into out[nres]. */
	void (*offer_free)(const struct offersim_sched *c, int i, double *out);
	void (*agent_total)(const struct offersim_sched *c, int agent,
			    double *out);

	/* [sched] The waiting queue in the policy's order (key, then
	 * submit, job id, task id); NULL at the end.  A task launched
	 * during the walk may still be passed to next. */
	const struct offersim_qtask *(*first)(struct offersim_sched *c);
	const struct offersim_qtask *(*next)(struct offersim_sched *c,
					     const struct offersim_qtask *t);
	/* [sched] The running tasks, in start order. */
	const struct offersim_qtask *(*running_first)(struct offersim_sched *c);
	const struct offersim_qtask *(*running_next)(
		struct offersim_sched *c, const struct offersim_qtask *t);
	/* [sched] A task's fields, and its demand into out[nres]. */
	void (*task)(const struct offersim_qtask *t, struct offersim_taskinfo *out);
	void (*demand)(struct offersim_sched *c, const struct offersim_qtask *t,
		       double *out);

	/* [sched] The offer the framework's placement rule picks for t, or
	 * -1 when none fits; launch t from offer i (it must fit: use place
	 * first).  launch returns 0, or -1 when t does not fit there. */
	int (*place)(struct offersim_sched *c, const struct offersim_qtask *t);
	int (*launch)(struct offersim_sched *c, const struct offersim_qtask *t,
		      int i);
	/* [sched] Non-zero when no waiting task fits in what is left. */
	int (*exhausted)(const struct offersim_sched *c);
	/* [sched] Hand the rest of the answer to one of the built-in walks
	 * over the queue in the policy's order (enum offersim_walk). */
	void (*walk)(struct offersim_sched *c, int walk);
};

struct offersim_policy {
	int abi_version;      /* OFFERSIM_POLICY_ABI: always first */
	int kind;             /* enum offersim_policy_kind */
	const char *name;     /* shown in outputs; letters, digits, _ - */
	const char *summary;  /* one line, for `offersim policies` */
	size_t state_size;    /* per instance, zeroed by the host */

	/* init - set up one instance (a framework, or one sorter of the
	 *   role tree) before the run; read options through h.  Returns 0,
	 *   or < 0 after param_error.  May be NULL. */
	int (*init)(void *st, const struct offersim_host *h,
		    const struct offersim_params *p);
	/* release - free what init allocated, after the run.  May be
	 *   NULL. */
	void (*release)(void *st);

	/* Framework policies. */
	/* key - the queue order: a score, lowest first (ties: submit, job
	 *   id, task id).  NULL: submit order.  With key_static set the
	 *   score depends only on fields that do not change while the task
	 *   waits, and now is passed as 0: the host computes it once per
	 *   task and keeps the queue sorted. */
	double (*key)(void *st, const struct offersim_taskinfo *t, double now);
	int key_static;
	/* schedule - answer the offers in hand: launch with place/launch,
	 *   or hand over to walk.  What is not used is declined when it
	 *   returns.  Required. */
	void (*schedule)(void *st, const struct offersim_host *h,
			 struct offersim_sched *c);

	/* Allocators. */
	/* order - permute c[0..n) into the order the candidates are
	 *   considered, most deserving first; break ties on path.  Called
	 *   for every agent of every pass, at each level of the role tree
	 *   (Mesos's DRF sorter does the same).  Required. */
	void (*order)(void *st, const struct offersim_level *lv,
		      struct offersim_cand *c, int n);
};

#ifdef __cplusplus
}
#endif

#endif
