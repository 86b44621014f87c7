/*
 * engine.h - run a scenario: build the world, loop over events, write the
 * results.  This is the model's whole interface to the tools (sim/cli/).
 *
 * The model's modules, each with its own header: the run loop (engine.c)
 * pops events and hands each to its module; the master and its allocator
 * (master.h, with the role tree of sorter.h), the framework runtime
 * (framework.h), a task's life on an agent (task.h), the timeline
 * (script.h) and metrics collection (metrics.h).  The only call loop
 * among them is master <-> framework <-> task, which the offer cycle
 * needs: the master offers to frameworks, frameworks launch tasks and
 * answer the master, tasks give resources back to the master and requeue
 * to frameworks.  The run loop sits above them and nothing calls it; the
 * timeline calls into the cycle and is called only by the run loop;
 * metrics and the policy support code call back into nothing.  Policies
 * are reached through the tables of policies/table.h and call back only
 * through policies/policy.h.
 */
#ifndef OFFERSIM_ENGINE_H
#define OFFERSIM_ENGINE_H

#include <signal.h>
#include <stdio.h>

#include "../core/simtime.h"

struct scenario;
struct diag;
struct sim;
struct world;
struct sched_ctx;
struct offersim_policy;

/*
 * Lower bounds, during a run, on its final wait or response figures
 * (summary.json's, in seconds).  A finished task counts with its value; a
 * waiting or running task with what it has waited so far (wait) or the
 * time since its submission (response), which only grow until it
 * finishes.  max is a bound at any time.  mean and the percentiles are
 * bounds only when valid: once no more tasks can arrive (a task yet to
 * come could pull them down), or earlier when the number of tasks the
 * run will finish is known in advance (a synthetic workload with a
 * constant tasks_per_job, without faults or gang starts), the tasks to
 * come then counting as waits of 0.  Past metrics.exact_percentiles the
 * percentile bounds allow for the histogram's error (sim/model/stop.c
 * has the argument).  All of this assumes every task in the system
 * finishes: true without a horizon or timeline, unless the run ends
 * stalled (the engine's stall warning), when waiting tasks are never
 * counted.
 */
struct sim_bound {
	double mean, p50, p90, p95, p99, max;
	int valid;                /* mean and percentiles are bounds */
};

/* All tasks, then each framework's, in scenario order. */
struct sim_bounds {
	simtime_t now;
	struct sim_bound wait, response;
	const struct sim_bound *fw_wait, *fw_response;   /* [nfws] */
	int nfws;
};

/*
 * A stop condition.  The engine calls check between events, every few
 * thousand events and at most once per event per task in the system (its
 * cost, O(tasks log tasks), stays O(log tasks) per event), but only in a
 * run where sim_bounds hold: no horizon, no timeline events, no scripted
 * framework.  When check returns non-zero the run ends at that instant:
 * the outputs are written as they stand, and summary.json records
 * "stopped": {"at": seconds, "metric": metric, "bound": bound} with what
 * check put in *why (metric: at most 127 characters).
 */
struct sim_stop_why {
	char metric[128];
	double bound;
};

struct sim_stop {
	int (*check)(void *ctx, const struct sim_bounds *b,
		     struct sim_stop_why *why);
	void *ctx;
};

/*
 * Which part of the narration --explain prints (--from, --to, --framework,
 * --agent, --job): the lines of the window [from, to] (seconds; to < 0
 * for no end) that concern the named framework, agent and job (NULL or
 * has_job 0: any).  A name the scenario does not have is an input error,
 * reported at <command-line>:1:col with the names it has.
 */
struct sim_explain {
	double from, to;
	const char *framework, *agent;
	int framework_col, agent_col;
	long long job;
	int has_job;
};

/*
 * How far a run is, for a progress bar (sim_options.progress): simulated
 * time now; the horizon (seconds, < 0 when none); input, the part of the
 * workload delivered so far (0..1: bytes of the trace files read, jobs of
 * a synthetic workload made, averaged over the frameworks; a trace read
 * ahead in large blocks, or a small one, may be read whole long before
 * its last arrival); arrivals_done, every source delivered its last
 * record (what is left is the queue draining); done, the
 * best estimate of the fraction of the run behind it (the horizon's, or
 * input's); the events handled.
 */
struct sim_progress {
	double now, horizon, input, done;
	unsigned long long events;
	int arrivals_done;        /* every source has delivered its last */
	int final;                /* the run's loop has ended */
};

struct sim_options {
	const char *outdir;       /* overrides the scenario's output */
	/* Called every few thousand events and once at the end (NULL:
	 * never); it may read the clock to draw at most so often.  Reads
	 * nothing of the run but what it is given. */
	void (*progress)(void *ctx, const struct sim_progress *p);
	void *progress_ctx;
	FILE *explain;            /* narrate every step, or NULL */
	const struct sim_explain *explain_only;   /* NULL: all of it */
	FILE *summary;            /* human summary, or NULL */
	int quiet;
	/* Run the invariant checker (check.h): as the scenario's check
	 * key, or OFFERSIM_CHECK=1 in the environment. */
	int check;
	const struct sim_stop *stop_when;   /* or NULL: run to the end */
	/* Stop requested: when *stop turns non-zero (a signal handler sets
	 * it), the run ends before its next event and writes what it has,
	 * marked incomplete, with stop_reason(*stop) as the reason (NULL:
	 * "stopped").  Both may be NULL. */
	const volatile sig_atomic_t *stop;
	const char *(*stop_reason)(int code);
	/* Policies the embedding program supplies, which a scenario names
	 * `policy: {host: NAME}` (include/offersim_policy.h); the structs
	 * must outlive the run.  Both may be 0. */
	const struct offersim_policy *const *host_policies;
	int nhost_policies;
	/* Run on the caller's thread alone: read trace workloads in line
	 * (wl_open, not wl_open_ahead) and format the row files in line
	 * (no row pipe worker, rowpipe.h): the same results, less CPU in
	 * all, for many runs at once. */
	int one_thread;
};

/*
 * Run sc to completion and write its outputs.  Returns 0, or a negative
 * code after reporting the reason through d (input errors found during the
 * run, such as a malformed trace line, are reported as file:line:col).
 * On failure no output file is left under its final name.  A run stopped
 * through o->stop returns 0: its outputs are written, marked incomplete.
 */
int sim_run(const struct scenario *sc, const struct sim_options *o,
	    struct diag *d);

/*
 * The same run in pieces, for callers that step it (the public API in
 * sim/api/).  sim_run is exactly: sim_start, sim_step until it returns 0,
 * sim_finish, sim_free.  sc, o and d must outlive the struct sim, which
 * keeps pointers to them.
 *
 * sim_start builds the world and opens the outputs (temporary names);
 * it returns 0 and sets *out, or a negative code (reported through d) and
 * sets *out to NULL.  sim_step handles one event and returns 1, or
 * returns 0 when the run is over (no work left, the horizon, a stall, or
 * a failure; sim_finish tells which); after 0 it keeps returning 0.
 * sim_last_kind is the enum ev_kind (world.h) of the last event handled.
 * sim_peek_time is the time of the next event, SIMTIME_NEVER when there
 * is none or the run is over.  sim_finish runs what is left of the loop,
 * writes the outputs under their final names and returns 0, or a
 * negative code with no output left under its final name; a second call
 * returns the first result.  sim_free releases everything (and removes
 * the temporary files of a run never finished); sim_free(NULL) is a
 * no-op.  sim_world gives the state read-only, for inspection.
 */
int sim_start(const struct scenario *sc, const struct sim_options *o,
	      struct diag *d, struct sim **out);
int sim_step(struct sim *s);
int sim_last_kind(const struct sim *s);
simtime_t sim_peek_time(struct sim *s);
/* The framework whose answer to its offers is the next event, or -1 when
 * the next event is something else: the public API stops there when the
 * embedding program answers for that framework. */
int sim_next_response(struct sim *s);
/* Answer framework fw's offers by fn(ctx, fw, c) instead of its policy's
 * schedule hook (NULL restores the policy); its queue keeps the policy's
 * order.  0, or -1 when fw is no framework. */
int sim_set_host_answer(struct sim *s, int fw,
			void (*fn)(void *ctx, int fw, struct sched_ctx *c),
			void *ctx);
int sim_done(const struct sim *s);
int sim_finish(struct sim *s);
const struct world *sim_world(const struct sim *s);
void sim_free(struct sim *s);

#endif
