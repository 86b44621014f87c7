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

/*
 * Lower bounds, during a run, on its final wait or response figures
 * (summary.json's, in seconds).  A finished task counts with its value; a
 * waiting or running task with what it has waited so far (wait) or the
 * time since its submission (response), which only grow until it
 * finishes.  max is a bound at any time.  mean and the percentiles are
 * bounds only when valid: no more tasks can arrive (a task yet to come
 * could pull them down) and, for the percentiles, the final figure will
 * be exact (not from the histogram past metrics.exact_percentiles).  All
 * of this assumes every task in the system finishes: true without a
 * horizon or timeline, unless the run ends stalled (the engine's stall
 * warning), when waiting tasks are never counted.
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

struct sim_options {
	const char *outdir;       /* overrides the scenario's output */
	FILE *explain;            /* narrate every step, or NULL */
	FILE *summary;            /* human summary, or NULL */
	int quiet;
	const struct sim_stop *stop_when;   /* or NULL: run to the end */
	/* Stop requested: when *stop turns non-zero (a signal handler sets
	 * it), the run ends before its next event and writes what it has,
	 * marked incomplete, with stop_reason(*stop) as the reason (NULL:
	 * "stopped").  Both may be NULL. */
	const volatile sig_atomic_t *stop;
	const char *(*stop_reason)(int code);
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

#endif
