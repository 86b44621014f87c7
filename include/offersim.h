/*
 * offersim.h - offersim as a library: load a scenario, run it to the end
 * or step it, look at the state, read the summary figures, write the
 * outputs.  This is the only header a program using liboffersim needs
 * (`pkg-config --cflags --libs offersim`).
 *
 * Invariants, first:
 *
 *  - A struct offersim is one simulation and owns everything it uses.
 *    There is no global state: any number of simulations may live in one
 *    process and be stepped in any interleaving; each gives the same
 *    bytes as if it ran alone.  One simulation must not be used by two
 *    threads at once.
 *
 *  - Nothing here prints or exits.  Input errors (YAML, overrides,
 *    traces) are kept in the simulation as diagnostics, the same
 *    `file:line:col: error: message` the command line prints, read with
 *    offersim_ndiags() and offersim_diag().
 *
 *  - Every call returns 0 (or a count), or a negative error code; a
 *    simulation whose load failed accepts only the diagnostic calls and
 *    offersim_free().
 *
 *  - Strings returned (names, diagnostic text) are owned by the
 *    simulation and stay valid until offersim_free().  Structures filled
 *    by the inspection calls belong to the caller.
 *
 *  - Times are seconds of simulated time (double), resources are in the
 *    scenario's units (cpus, MB, ...), indexed as offersim_res_name()
 *    names them.
 *
 *  - Plain structs, opaque handles, no varargs and no FILE *: a binding
 *    through ctypes or cffi needs nothing but this file.
 *
 * A run, the whole of it:
 *
 *	struct offersim *s;
 *	if (offersim_open_file(&s, "examples/seed-hadoop.yaml", NULL, 0,
 *			       "results/x") < 0) {
 *		for (int i = 0; i < offersim_ndiags(s); i++)
 *			fprintf(stderr, "%s\n", offersim_diag(s, i)->text);
 *	} else {
 *		offersim_run(s);        (steps to the end, writes the outputs)
 *	}
 *	offersim_free(s);
 */
#ifndef OFFERSIM_H
#define OFFERSIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped when a structure below or a call's meaning changes. */
#define OFFERSIM_API_VERSION 1

/* The OFFERSIM_API_VERSION the library was built with: a binding that
 * cannot read the macro (ctypes) checks it before using a structure. */
int offersim_api_version(void);

/* At most this many resource names per scenario. */
#define OFFERSIM_RES_MAX 16

/* Error codes (negative returns), the library's own (sim/core/err.h). */
#define OFFERSIM_ENOMEM  (-1)
#define OFFERSIM_EINVAL  (-2)   /* an index out of range, a NULL argument */
#define OFFERSIM_EIO     (-3)
#define OFFERSIM_EPARSE  (-4)   /* bad input: see the diagnostics */
#define OFFERSIM_ENOENT  (-5)
#define OFFERSIM_ESTATE  (-100) /* the call does not fit the state: a
				   failed load */

struct offersim;

/* A --set style override: key is the dotted path, value a YAML scalar
 * (frameworks.hadoop.policy = sjf).  Both are copied by the load. */
struct offersim_override {
	const char *key;
	const char *value;
};

enum offersim_diag_kind { OFFERSIM_ERROR, OFFERSIM_WARNING, OFFERSIM_NOTE };

/* One diagnostic.  file may be NULL (no file: "offersim"); line and col
 * are 1-based, 0 when unknown.  text is the whole line as the command
 * line prints it ("a.yaml:3:5: error: ..."), message only the part after
 * "error: ". */
struct offersim_diag {
	int kind;                 /* enum offersim_diag_kind */
	const char *file;
	int line, col;
	const char *message;
	const char *text;
};

/*
 * Load a scenario.  On return *out is a simulation (NULL only when memory
 * ran out), ready to step, or failed with its diagnostics kept: free it
 * either way.  overrides[0..noverrides) are applied before validation,
 * exactly as --set.  outdir, when not NULL, replaces the scenario's
 * output directory; the output files are opened now under temporary
 * names and get their final names from offersim_finish().
 *
 * offersim_open_string reads the YAML from text; name stands for the file
 * in diagnostics, and relative paths in the scenario resolve against
 * name's directory.
 *
 * Returns 0, OFFERSIM_EPARSE (errors in the diagnostics) or another
 * negative code.
 */
int offersim_open_file(struct offersim **out, const char *path,
		       const struct offersim_override *overrides,
		       int noverrides, const char *outdir);
int offersim_open_string(struct offersim **out, const char *name,
			 const char *text,
			 const struct offersim_override *overrides,
			 int noverrides, const char *outdir);

/*
 * The general open: everything the two calls above take, plus policies
 * the program supplies itself (include/offersim_policy.h), which the
 * scenario names `policy: {host: NAME}` or `allocator: {host: NAME}`.
 * The structs (and what they point to) must stay valid until
 * offersim_free(); each framework or sorter using one gets its own state.
 * Fields left zero take their defaults (no text: read path; no
 * overrides; the scenario's output directory; no host policies).
 */
struct offersim_policy;

struct offersim_open_args {
	const char *path;          /* the scenario file, or the name text
				      stands for (required) */
	const char *text;          /* YAML, or NULL to read path */
	const struct offersim_override *overrides;
	int noverrides;
	const char *outdir;
	const struct offersim_policy *const *policies;
	int npolicies;
};

int offersim_open(struct offersim **out, const struct offersim_open_args *a);

/* Release everything; a run not finished leaves no output file.
 * offersim_free(NULL) is a no-op. */
void offersim_free(struct offersim *s);

/* Diagnostics so far (load and run), in the order reported. */
int offersim_ndiags(const struct offersim *s);
const struct offersim_diag *offersim_diag(const struct offersim *s, int i);
int offersim_nerrors(const struct offersim *s);

/*
 * Stepping.  Each returns 1 when the run can go on, 0 when it is over
 * (no work left, the horizon, a stall, or an input error during the run:
 * offersim_finish() tells which), OFFERSIM_DECIDE when a framework the
 * program answers must decide (see "Answers by the host"), or a negative
 * code.
 *
 * offersim_step_event handles the next event (an arrival, a task's end,
 * an offer answered, an allocation pass, ...).  offersim_step_pass
 * handles events up to and including the next allocation pass, so the
 * state seen after it is the one right after offers were made.
 * offersim_run_until handles every event at or before t seconds (the
 * clock stays at the last event handled, which may be before t).
 */
int offersim_step_event(struct offersim *s);
int offersim_step_pass(struct offersim *s);
int offersim_run_until(struct offersim *s, double t);

/* Is the run over (stepping would return 0)? */
int offersim_done(const struct offersim *s);

/*
 * Run what is left and write the outputs (tasks.csv, summary.json, ...)
 * under their final names.  Returns 0, or a negative code with no output
 * left under a final name.  A second call returns the first result.
 * offersim_run is every step, then offersim_finish.
 */
int offersim_finish(struct offersim *s);
int offersim_run(struct offersim *s);

/* ---- State ------------------------------------------------------- */

/* Simulated time now, seconds; events handled so far. */
double offersim_now(const struct offersim *s);
uint64_t offersim_events(const struct offersim *s);

int offersim_nres(const struct offersim *s);
const char *offersim_res_name(const struct offersim *s, int r);

/* Resources of an agent: offered is held by outstanding offers, used by
 * running tasks; free + offered + used = total. */
struct offersim_agent {
	const char *name;
	int present;              /* registered (not failed or removed) */
	int running;              /* tasks running on it */
	double total[OFFERSIM_RES_MAX];
	double free[OFFERSIM_RES_MAX];
	double offered[OFFERSIM_RES_MAX];
	double used[OFFERSIM_RES_MAX];
};

int offersim_nagents(const struct offersim *s);
int offersim_agent(const struct offersim *s, int i,
		   struct offersim_agent *out);

/* A framework: its queue, what it runs and holds, its share, and its
 * counts so far. */
struct offersim_framework {
	const char *name;
	const char *role;
	int queued;               /* tasks waiting */
	int running;              /* tasks running */
	int offers;               /* offers in hand (outstanding + held) */
	double share;             /* dominant share of what it is allocated
				     (offered + used) over the cluster */
	double used[OFFERSIM_RES_MAX];
	uint64_t submitted, launched, finished, rejected;
};

int offersim_nframeworks(const struct offersim *s);
int offersim_framework(const struct offersim *s, int i,
		       struct offersim_framework *out);

/* A running task. */
struct offersim_task {
	int64_t job_id, task_id;
	int framework, agent;     /* indexes */
	double submit, start;     /* seconds */
	double res[OFFERSIM_RES_MAX];
};

/* Fill out[0..cap) with the running tasks, framework by framework, each
 * in start order; returns how many there are (which may exceed cap: call
 * again with a larger array). */
int offersim_running_tasks(const struct offersim *s,
			   struct offersim_task *out, int cap);

/* An offer a framework holds and has not answered yet. */
struct offersim_offer {
	uint64_t number;          /* 1, 2, ... in the order made */
	int framework, agent;
	double made, due;         /* seconds; due: when it is answered */
	double res[OFFERSIM_RES_MAX];
};

/* Same contract as offersim_running_tasks. */
int offersim_pending_offers(const struct offersim *s,
			    struct offersim_offer *out, int cap);

/* ---- Metrics ----------------------------------------------------- */

/* The summary figures, over all frameworks, so far (the final ones after
 * offersim_finish). */
struct offersim_summary {
	double now;
	uint64_t events;
	uint64_t submitted, launched, finished, rejected;
	uint64_t offers, accepted, declined, rescinded;
	uint64_t jobs_submitted, jobs_finished;
	double mean_wait;         /* seconds, over finished tasks' waits */
	double mean_response;
};

int offersim_summary(const struct offersim *s, struct offersim_summary *out);

/* The directory the outputs go to (the outdir given to the load, else
 * the scenario's output), or NULL after a failed load. */
const char *offersim_outdir(const struct offersim *s);

/* ---- Answers by the host ----------------------------------------- */

/*
 * A framework may be answered by the program instead of its policy: a
 * learned scheduler, a policy written in Python, a teaching tool.  Its
 * queue keeps the order of the policy the scenario gives it (fifo:
 * submit order), and everything else (the master, the allocator, the
 * placement rule, task ends, the metrics) runs as before.
 *
 * The decision point: once offersim_host_answers(s, fw) is set, the
 * stepping calls stop *before* each answer of fw to its offers, when fw
 * has waiting tasks and no task committed (below), and return
 * OFFERSIM_DECIDE.  At that point the offers of fw are in
 * offersim_pending_offers() and its queue in offersim_queue(); the
 * program names the tasks to start with offersim_launch(), then steps
 * again: the answer runs, launching each named task, in the order named,
 * where the framework's placement rule puts it.  A named task that fits
 * in no offer is skipped, unless it was named with OFFERSIM_LAUNCH_WAIT:
 * then nothing after it launches, it becomes fw's committed task, and
 * every later answer starts with it and asks nothing until it has
 * started ("the cluster waits for the chosen job", as RLScheduler's
 * environment does).  Unused offers are declined as usual; with
 * refuse_seconds: 0 and an event-driven allocator, what is left after a
 * launch is offered again at the same instant, so the next decision
 * sees it.  Naming nothing declines every offer.
 *
 * offersim_finish() and offersim_run() do not stop at decision points:
 * the answers they meet launch nothing but a committed task.
 */

/* The return of a stepping call that stopped at a decision point. */
#define OFFERSIM_DECIDE 2

/* Answer framework fw from the program from now on (on = 1), or by its
 * policy again (on = 0).  Returns 0 or OFFERSIM_EINVAL. */
int offersim_host_answers(struct offersim *s, int fw, int on);

/* The framework whose decision is due (the last stepping call returned
 * OFFERSIM_DECIDE), or -1. */
int offersim_decision(const struct offersim *s);

/* A waiting task.  slot names it to offersim_launch; it is valid while
 * the task waits (a slot is reused after the task ends). */
struct offersim_waiting {
	uint32_t slot;
	int64_t job_id, task_id;
	double submit;            /* seconds */
	double estimate;          /* the duration the framework believes
				     (SWF: the requested time) */
	int procs;                /* processors of its rigid job, or 1 */
	int priority;
	double res[OFFERSIM_RES_MAX];
};

/* Fill out[0..cap) with fw's waiting tasks in queue order; returns how
 * many wait (which may exceed cap: the first cap are the window). */
int offersim_queue(const struct offersim *s, int fw,
		   struct offersim_waiting *out, int cap);

/* Flags of offersim_launch. */
#define OFFERSIM_LAUNCH_WAIT 1

/* Name the waiting task in slot for fw's next answer (see above).
 * Returns 0, or OFFERSIM_EINVAL when fw is not answered by the host or
 * slot names no task waiting in fw. */
int offersim_launch(struct offersim *s, int fw, uint32_t slot, int flags);

/* fw's committed task's slot (OFFERSIM_LAUNCH_WAIT), or -1 when none;
 * and the tasks host answers of fw have started so far. */
int64_t offersim_committed(const struct offersim *s, int fw);
uint64_t offersim_host_launched(const struct offersim *s, int fw);

#ifdef __cplusplus
}
#endif

#endif
