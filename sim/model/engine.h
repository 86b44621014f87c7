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

struct scenario;
struct diag;

struct sim_options {
	const char *outdir;       /* overrides the scenario's output */
	FILE *explain;            /* narrate every step, or NULL */
	FILE *summary;            /* human summary, or NULL */
	int quiet;
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
