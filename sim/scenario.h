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

/* A static reservation: part of an agent's resources set aside for one
 * role (and its sub-roles). */
#define AGENT_RESV_MAX 4
struct resv_spec {
	char *role;
	resq_t res[RES_MAX];
	struct src_pos pos;
};

struct agent_group {
	char *name;
	int count;                  /* >= 1 */
	resq_t res[RES_MAX];        /* per agent, indexed by scenario res;
				       includes the reserved parts */
	struct kv *attrs;           /* rack, zone, ...: string values */
	int nattrs;
	struct resv_spec resv[AGENT_RESV_MAX];   /* reserved: */
	int nresv;
	int absent;                 /* joins only with an add_agent event */
	struct src_pos pos;
};

/* Quota of a role: guarantees and limits per resource. */
struct quota_spec {
	resq_t guarantee[RES_MAX];  /* 0 where none */
	resq_t limit[RES_MAX];      /* QUOTA_NO_LIMIT where none */
	int has_guarantee, has_limit;
};
#define QUOTA_NO_LIMIT INT64_MAX

/* roles: an entry per named role (roles only named by frameworks or
 * reservations get weight 1 and no quota). */
struct role_spec {
	char *name;                 /* "eng" or "eng/web" */
	double weight;              /* > 0, default 1 */
	struct quota_spec quota;
	struct src_pos pos;
};

/* events: one scripted operator or framework action. */
enum sc_event_kind {
	SE_ADD_AGENT, SE_REMOVE_AGENT, SE_ADD_FRAMEWORK, SE_REMOVE_FRAMEWORK,
	SE_SET_WEIGHT, SE_SET_QUOTA, SE_SUPPRESS, SE_REVIVE, SE_DECLINE,
	SE_ACCEPT, SE_RETURN, SE_KINDS
};

struct sc_event {
	enum sc_event_kind kind;
	double at;                  /* seconds */
	int agent;                  /* agent index (in group order), or -1 */
	int fw;                     /* framework index, or -1 */
	char *role;                 /* set_weight, set_quota */
	double weight;              /* set_weight */
	struct quota_spec quota;    /* set_quota */
	double refuse_seconds;      /* decline; < 0 = the framework's */
	resq_t res[RES_MAX];        /* accept: one task's resources */
	int has_res;                /* accept: 0 = the whole offer */
	double duration;            /* accept: task run time; 0 = forever */
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
	struct kv *opts;            /* options: format-specific, checked by
				       the reader; nested maps flattened to
				       dotted keys ("scale.cpus") */
	int nopts;
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
	int scripted;               /* holds offers; acts only via events */
	int hoard;                  /* keeps offers it cannot use */
	int suppress_idle;          /* default 1: suppressed while nothing
				       waits, revives when work arrives;
				       0: declines offers while idle */
	double min_revive_interval; /* >= 0 s between revives, 0 = any */
	int absent;                 /* registers only with add_framework */
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
	int agent_order_id;         /* 0: shuffle per pass (Mesos), 1: id */
	/* min_allocatable_resources: an offer needs all of one set;
	 * default {cpus: 0.01} or {mem: 32}. */
	resq_t min_alloc[8][RES_MAX];
	int min_alloc_has[8][RES_MAX];
	int nmin_alloc;

	struct role_spec *roles;
	int nroles;
	struct sc_event *events;    /* sorted by time, then file order */
	int nevents;

	struct framework_spec *fws;
	int nfws;

	double sample_interval;     /* seconds, default 10 */
	double bounded_slowdown_threshold;  /* seconds, default 10 */
	int offer_log;              /* write a row per offer (default 1); a
				       large cluster makes millions of offers */

	char *output;               /* output dir; default results/<name> */
};

void scenario_release(struct scenario *sc);

#endif
