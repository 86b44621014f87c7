/*
 * scenario.h - a validated scenario: the contract between the YAML reader
 * (sim/config/) and everything that runs.
 *
 * The reader fills every field, applies every default and checks every
 * value, so the engine never re-validates.  Strings are owned by the scenario and
 * freed by scenario_release().  Each field that came from the file keeps its
 * source position (struct src_pos) so that errors found later, for example a
 * malformed trace line or a policy option a policy rejects, can still point
 * at the scenario line that asked for it.
 */
#ifndef OFFERSIM_SCENARIO_H
#define OFFERSIM_SCENARIO_H

/* metrics.offer_log: auto writes offers.csv's rows on clusters of up to
 * this many agents (every group's count, absent agents too) and only its
 * header above: a pass on a large cluster offers every free agent, and
 * the rows would outweigh the rest of the run (summary.json counts the
 * offers either way). */
#define SC_OFFER_LOG_AUTO_AGENTS 1000

/* metrics.replay_max_events: the most it may be (a page of about 30 MB;
 * the default, 20,000, makes one of under 1 MB). */
#define SC_REPLAY_MAX_EVENTS 1000000L

#include <stdint.h>

#include "../core/distspec.h"
#include "../core/res.h"
#include "../core/simtime.h"
#include "../core/srcpos.h"

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
	int rescind;                /* set_quota: rescind offers (default) */
	struct src_pos pos;
};

enum wl_kind { WL_TRACE, WL_SYNTHETIC };

/*
 * How jobs of a synthetic workload arrive.  Poisson, fixed-interval and
 * empirical arrivals are renewal processes and are stored as
 * ARRIVAL_RENEWAL with the matching interarrival distribution in
 * synth_spec.arrival; the process name is kept only for messages.
 */
enum arrival_kind {
	ARRIVAL_RENEWAL,            /* gaps drawn from synth_spec.arrival */
	ARRIVAL_DIURNAL,            /* Poisson, rate varying over a period */
	ARRIVAL_BURSTY,             /* two-state Markov-modulated Poisson */
};

struct arrival_spec {
	enum arrival_kind kind;
	/* diurnal: rate(t) = rate * (1 + amplitude * cos(2 pi (t - phase) /
	 * period)), or, with a profile, rate * profile[i] / mean(profile)
	 * where i is the bin of (t - phase) mod period cut into nprofile
	 * equal bins.  Times are simulated seconds from 0. */
	double rate;                /* mean jobs per second, > 0 */
	double amplitude;           /* 0..1 */
	double period;              /* seconds, > 0 (default 86400) */
	double phase;               /* seconds */
	double *profile;            /* relative rates >= 0, one > 0; owned */
	int nprofile;               /* 0: the sinusoid */
	/* bursty: jobs per second and mean sojourn (s) in states 0 and 1 */
	double rates[2], sojourn[2];
	struct src_pos pos;
};

/*
 * One job class of a synthetic workload: how often its jobs come (weight
 * against the other classes of the framework) and what they look like.
 * The reader (synth.c) fills every field, copying the workload-level
 * settings into the classes that do not give their own.
 */
struct synth_class {
	char *name;                 /* unique in the framework; no '/' */
	double weight;              /* > 0 */
	struct dist_spec duration;  /* task duration, seconds */
	struct dist_spec tasks_per_job;   /* rounded, at least 1 */
	struct dist_spec res[RES_MAX];    /* per-task demand per resource */
	int has_res[RES_MAX];
	struct dist_spec priority;  /* per job, rounded; a constant may be
				       negative (DIST_CONSTANT, p[0]) */
	struct dist_spec estimate;  /* per task: estimate = duration * draw */
	int has_estimate;           /* 0: estimate = duration */
	struct src_pos pos;
};

struct synth_spec {
	long jobs;                  /* number of jobs to generate, >= 1 */
	struct dist_spec arrival;   /* interarrival time, seconds */
	struct arrival_spec proc;   /* the arrival process (zero: renewal) */
	struct dist_spec duration;  /* task duration, seconds */
	struct dist_spec tasks_per_job;   /* rounded, at least 1 */
	struct dist_spec res[RES_MAX];    /* per-task demand per resource;
					     absent resources are constant 0 */
	int has_res[RES_MAX];
	struct dist_spec priority;  /* as in struct synth_class */
	struct dist_spec estimate;
	int has_estimate;
	double start;               /* first arrival offset, seconds (0) */
	/* classes: when nclasses == 0 the fields above are the one class,
	 * drawn from the streams of the original single-class generator
	 * (so old scenarios give the same workload); otherwise every class
	 * is complete and the fields above are only their defaults. */
	struct synth_class *classes;     /* owned */
	int nclasses;
};

/* An inclusive range of integers (priorities, classes, users). */
struct int_range {
	int64_t lo, hi;
};

/*
 * filter: the records a workload keeps.  A record must match every key
 * given; within a key, any listed value or range.  Users are compared as
 * wl_user_id() numbers; framework names are matched by the CSV reader
 * against its `framework` column (the only format with one).
 */
struct wl_filter {
	int64_t *users;
	int nusers;
	struct int_range *prio, *cls;
	int nprio, ncls;
	char **fws;
	int nfws;
	struct src_pos pos, fws_pos;
};

enum wl_split_key {
	WL_SPLIT_NONE, WL_SPLIT_USER, WL_SPLIT_CLASS, WL_SPLIT_PRIORITY
};

/*
 * What a framework made by framework_by takes from its entry's workload:
 * the records whose key lies in range, or (other) the records whose user
 * is none of others[].
 */
struct wl_split {
	enum wl_split_key key;
	struct int_range range;
	int other;
	int64_t *others;
	int nothers;
	int quiet;                  /* not the entry's first part: the
				       first one prints the reader's
				       warnings for all */
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
	int lenient;                /* skip malformed trace lines, counting
				       them, instead of stopping the run */

	/*
	 * Transforms, for every source (workloads/transform.c applies them
	 * in this order): filter; the time window [start, end) in the
	 * trace's own seconds; the skip/limit job window; the rebase; the
	 * framework_by selection; duration_scale; time_scale or load_scale.
	 * Zeroed fields mean "no transform" (scales of 0 count as 1), so a
	 * spec built by hand needs none of them.
	 */
	struct wl_filter filter;
	int has_start, has_end;
	double start, end;          /* seconds of trace time */
	double time_scale;          /* submit times x this (> 0) */
	double duration_scale;      /* durations and estimates x this */
	double load_scale;          /* target offered load; 0 = off */
	char *load_resource;        /* its resource; NULL = the most loaded */
	double load_factor;         /* the interarrival factor load_scale
				       gives, when framework_by already
				       measured it; 0 = measure at open */
	struct src_pos load_pos;
	struct wl_split split;      /* frameworks made by framework_by */
	char *origin;               /* the name of the framework entry the
				       workload was written under: a CSV
				       trace's framework column and the
				       synthetic streams go by it, so the
				       frameworks framework_by makes of one
				       entry read one workload */
};

/* How a framework starts a rigid job (the tasks of one job that must run
 * together): gang: none|hold|decline. */
enum gang_mode {
	GANG_NONE,      /* each task on its own */
	GANG_HOLD,      /* keep offers until the whole job fits */
	GANG_DECLINE,   /* decline offers that cannot hold the whole job */
};

/* At most this many sets in min_allocatable_resources. */
#define MIN_ALLOC_SETS 8

/*
 * A policy that is not built in (include/offersim_policy.h): `policy:
 * {so: FILE}` names a shared object, resolved against the scenario's
 * directory and checked when the scenario is read; `policy: {host: NAME}`
 * one the program embedding offersim supplies (offersim_open), checked
 * when the run starts.  The policy's name field holds the plug-in's own
 * name (so) or NAME (host); its options come from `params:` inside the
 * mapping, or from the usual *_options key.
 */
struct policy_ref {
	char *so;                   /* path of the shared object, or NULL */
	int host;                   /* 1: supplied by the host program */
};

struct framework_spec {
	char *name;
	char *role;                 /* defaults to "*" */
	double weight;              /* > 0, default 1 */
	char *policy;               /* framework policy name, default "fifo" */
	struct policy_ref policy_ref;
	struct kv *policy_opts;     /* policy_options: map */
	int npolicy_opts;
	char *placement;            /* default "first_fit" */
	double refuse_seconds;      /* >= 0, default 5 */
	double decision_time;       /* >= 0, default 0 */
	int max_tasks_per_offer;    /* >= 0, 0 = no cap */
	enum gang_mode gang;        /* rigid jobs, default GANG_NONE */
	int scripted;               /* holds offers; acts only via events */
	int hoard;                  /* keeps offers it cannot use */
	int suppress_idle;          /* default 1: suppressed while nothing
				       waits, revives when work arrives;
				       0: declines offers while idle */
	double min_revive_interval; /* >= 0 s between revives, 0 = any */
	int absent;                 /* registers only with add_framework */
	int gpu_capable;            /* capabilities: [gpu_resources] */
	struct workload_spec wl;
	struct src_pos pos, policy_pos, placement_pos;
};

struct scenario {
	char *file;                 /* path of the scenario file as given */
	char *dir;                  /* its directory, for relative paths */
	char *name;                 /* defaults to the file's base name */
	uint64_t seed;              /* default 1 */
	double horizon;             /* seconds, 0 = until all work is done */
	int check;                  /* the invariant checker (check.h) */

	struct res_names res;       /* union of resource names, in order of
				       first appearance in cluster.agents */
	struct agent_group *groups;
	int ngroups;

	char *allocator;            /* default "drf" */
	struct policy_ref allocator_ref;
	struct kv *allocator_opts;
	int nallocator_opts;
	double allocation_interval; /* seconds, default 1; 0 = event-driven */
	double offer_timeout;       /* seconds, 0 = never */
	struct src_pos allocator_pos;
	int agent_order_id;         /* 0: shuffle per pass (Mesos), 1: id */
	/* min_allocatable_resources: an offer needs all of one set;
	 * default {cpus: 0.01} or {mem: 32}. */
	resq_t min_alloc[MIN_ALLOC_SETS][RES_MAX];
	int min_alloc_has[MIN_ALLOC_SETS][RES_MAX];
	int nmin_alloc;
	/* Mesos's --filter_gpu_resources (default true): agents with gpus
	 * are offered only to frameworks with the gpu_resources
	 * capability. */
	int filter_gpu_resources;
	/* Mesos's --fair_sharing_excluded_resource_names: resources the
	 * sorters leave out of shares (1 per excluded resource index). */
	int fair_excluded[RES_MAX];

	struct role_spec *roles;
	int nroles;
	struct sc_event *events;    /* sorted by time, then file order */
	int nevents;

	struct framework_spec *fws;
	int nfws;

	double sample_interval;     /* seconds, default 10: the clock of
				       the sampler's ticks, which count in
				       summary.json's events and nothing
				       else (deprecated, metrics.h) */
	long max_rows;              /* rows per utilization.csv and
				       shares.csv, steps merged past it
				       (metrics.h); 0 = no limit; default
				       10000 */
	double bounded_slowdown_threshold;  /* seconds, default 10 */
	long exact_percentiles;     /* values kept exact per figure before
				       percentiles come from a histogram
				       (qstat.h); 0 = always exact; default
				       65536 */
	int offer_log;              /* write a row per offer: true, false,
				       or auto (the default), resolved here
				       to on for clusters of at most
				       SC_OFFER_LOG_AUTO_AGENTS agents; a
				       large cluster makes millions of
				       offers */
	int gantt_color;            /* enum gantt_color: what a bar's colour
				       says */
	double gantt_from, gantt_to;   /* gantt.svg's window, s; to 0 = the
					  run's end */
	int replay;                 /* write replay.html (default true) */
	double replay_from, replay_to; /* its window, s; to 0 = the run's
					  end */
	long replay_max_events;     /* events it records at most
				       (sim/model/replay.h) */

	char *output;               /* output dir; default results/<name> */

	struct hist **hists;        /* empirical distributions' histograms,
				       shared by the dist_specs naming them */
	int nhists;
};

/* metrics.gantt_color, in the order of its choices. */
enum gantt_color { GANTT_COLOR_FRAMEWORK, GANTT_COLOR_JOB,
		   GANTT_COLOR_PRIORITY };

void scenario_release(struct scenario *sc);

#endif
