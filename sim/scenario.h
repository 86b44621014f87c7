/*
 * scenario.h - a validated scenario: the contract between the YAML reader
 * (config.c) and everything that runs.
 *
 * config.c fills every field, applies every default and checks every value,
 * so the engine never re-validates.  Strings are owned by the scenario and
 * freed by scenario_release().  Each field that came from the file keeps its
 * source position (struct src_pos) so that errors found later, for example a
 * malformed trace line or a policy option a policy rejects, can still point
 * at the scenario line that asked for it.
 */
#ifndef OFFERSIM_SCENARIO_H
#define OFFERSIM_SCENARIO_H

#include <stdint.h>

#include "res.h"
#include "simtime.h"

struct src_pos {
	int line, col;      /* 1-based; 0 when not from the file */
};

/* A probability distribution over non-negative reals (GSL-backed). */
enum dist_kind {
	DIST_CONSTANT,      /* value */
	DIST_UNIFORM,       /* min, max */
	DIST_EXPONENTIAL,   /* mean */
	DIST_LOGNORMAL,     /* mu, sigma (of the underlying normal) */
	DIST_PARETO,        /* shape (a), scale (b = minimum) */
	DIST_WEIBULL,       /* shape (k), scale (lambda) */
	DIST_GAMMA,         /* shape (k), scale (theta) */
	DIST_NORMAL,        /* mean, stddev; truncated at 0 by resampling */
	DIST_KINDS
};

struct dist_spec {
	enum dist_kind kind;
	double p[2];        /* parameters in the order listed above */
	struct src_pos pos;
};

/* A key: value option passed through to a policy (strings, as written). */
struct kv {
	char *key, *value;
	struct src_pos pos;
	int used;           /* set by whoever consumed it */
};

struct agent_group {
	char *name;
	int count;                  /* >= 1 */
	resq_t res[RES_MAX];        /* per agent, indexed by scenario res */
	struct kv *attrs;           /* rack, zone, ...: string values */
	int nattrs;
	struct src_pos pos;
};

enum wl_kind { WL_TRACE, WL_SYNTHETIC };

struct synth_spec {
	long jobs;                  /* number of jobs to generate, >= 1 */
	struct dist_spec arrival;   /* interarrival time, seconds */
	struct dist_spec duration;  /* task duration, seconds */
	struct dist_spec tasks_per_job;   /* rounded, at least 1 */
	struct dist_spec res[RES_MAX];    /* per-task demand per resource;
					     absent resources are constant 0 */
	int has_res[RES_MAX];
	double start;               /* first arrival offset, seconds (0) */
};

struct workload_spec {
	enum wl_kind kind;
	char *trace;                /* resolved path (relative to scenario) */
	char *format;               /* "csv" unless given */
	long skip, limit;           /* window over jobs; limit 0 = all */
	struct synth_spec synth;
	struct src_pos pos;
};

struct framework_spec {
	char *name;
	char *role;                 /* defaults to "*" */
	double weight;              /* > 0, default 1 */
	char *policy;               /* framework policy name, default "fifo" */
	struct kv *policy_opts;     /* policy_options: map */
	int npolicy_opts;
	char *placement;            /* default "first_fit" */
	double refuse_seconds;      /* >= 0, default 5 */
	double decision_time;       /* >= 0, default 0 */
	int max_tasks_per_offer;    /* >= 0, 0 = no cap */
	int gang;                   /* rigid jobs: 0 none, 1 hold offers until
				       the whole job fits, 2 decline them */
	struct workload_spec wl;
	struct src_pos pos, policy_pos, placement_pos;
};

struct scenario {
	char *file;                 /* path of the scenario file as given */
	char *dir;                  /* its directory, for relative paths */
	char *name;                 /* defaults to the file's base name */
	uint64_t seed;              /* default 1 */
	double horizon;             /* seconds, 0 = until all work is done */

	struct res_names res;       /* union of resource names, in order of
				       first appearance in cluster.agents */
	struct agent_group *groups;
	int ngroups;

	char *allocator;            /* default "drf" */
	struct kv *allocator_opts;
	int nallocator_opts;
	double allocation_interval; /* seconds, default 1; 0 = event-driven */
	double offer_timeout;       /* seconds, 0 = never */
	struct src_pos allocator_pos;

	struct framework_spec *fws;
	int nfws;

	double sample_interval;     /* seconds, default 10 */
	double bounded_slowdown_threshold;  /* seconds, default 10 */

	char *output;               /* output dir; default results/<name> */
};

void scenario_release(struct scenario *sc);

#endif
