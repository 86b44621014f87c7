/*
 * keys.h - the scenario's keys as one declarative table: for every key a
 * row with its name, type, where the reader stores it, its default, its
 * allowed range and a line of documentation.
 *
 * The reader walks the rows of a section for its scalar keys
 * (cfg_read_keys) instead of code per key, so a key's default and range
 * are written once, here, and `offersim validate --reference` prints the
 * same rows as the scenario reference (README.md's is generated from it).
 * Keys whose value is not one scalar (lists, maps, distributions) or whose
 * reading depends on other keys (start/end, the arrival process's keys,
 * from_trace) have rows too, marked CFG_T_DOC or CFG_HAND: the table only
 * documents them, and the section's loader reads them by hand.  The rows
 * of a section are also its valid keys, in the order messages list them.
 */
#ifndef OFFERSIM_CONFIG_KEYS_H
#define OFFERSIM_CONFIG_KEYS_H

#include <stddef.h>
#include <stdio.h>

#include "get.h"

struct cfg;
struct node;

enum cfg_type {
	CFG_T_NUM,      /* double, checked against bound */
	CFG_T_INT,      /* int or long (size), in [imin, imax] */
	CFG_T_BOOL,     /* int 0/1 */
	CFG_T_STR,      /* char *, owned; sdef copied when absent */
	CFG_T_CHOICE,   /* int: the index of the value in choices */
	CFG_T_POLICY,   /* char *: a name in policy table policy */
	CFG_T_ROLE,     /* char *: a role name (Mesos rules) */
	CFG_T_DOC,      /* not a scalar: documented only (shape says what) */
};

/* Row flags. */
#define CFG_REQUIRED 1u     /* the loader reports a missing key */
#define CFG_HAND 2u         /* a scalar the loader reads by hand */
#define CFG_TRACE_ONLY 4u   /* workload key of trace workloads only */

struct cfg_key {
	const char *key;
	enum cfg_type type;
	unsigned flags;
	size_t off;             /* field in the section's struct */
	size_t size;            /* CFG_T_INT: sizeof the field */
	size_t pos_off;         /* a struct src_pos field + 1, or 0 */
	double def;             /* NUM, INT, BOOL; CHOICE: the index */
	const char *sdef;       /* STR, POLICY, ROLE default; NULL = none */
	enum cfg_bound bound;   /* NUM */
	long long imin, imax;   /* INT */
	const char *choices;    /* CHOICE: "none|hold|decline" */
	int policy;             /* POLICY: enum policy_kind */
	size_t ref_off;         /* POLICY: a struct policy_ref field + 1,
				   or 0 when plug-ins are not allowed */
	const char *shape;      /* type as the reference prints it, when
				   not derived (DOC and HAND rows) */
	const char *defdoc;     /* default as printed, when not derived */
	const char *rangedoc;   /* range as printed, when not derived */
	const char *doc;        /* one line */
};

struct cfg_section {
	const char *path;       /* "frameworks[].workload" */
	const char *doc;        /* a sentence or two for the reference */
	const struct cfg_key *keys;
	int nkeys;
};

/* The sections, in reference order; cfg_nsections of them. */
extern const struct cfg_section *const cfg_sections[];
extern const int cfg_nsections;

extern const struct cfg_section cfg_sec_top, cfg_sec_cluster,
	cfg_sec_agents, cfg_sec_from_trace, cfg_sec_master, cfg_sec_roles,
	cfg_sec_quota, cfg_sec_frameworks, cfg_sec_workload, cfg_sec_synth,
	cfg_sec_class, cfg_sec_arrival, cfg_sec_dist, cfg_sec_estimate,
	cfg_sec_filter, cfg_sec_split, cfg_sec_events, cfg_sec_metrics;

/*
 * Reads every scalar row of s (not DOC or HAND, nor a row with a flag in
 * skip) from map into the struct at base: the value when map has the key
 * and it is valid, the row's default otherwise (a wrong value is
 * reported).  map may be NULL: then every field gets its default.  at is
 * where an unavailable default policy is reported.
 */
void cfg_read_keys(struct cfg *c, const struct node *map,
		   const struct node *at, const struct cfg_section *s,
		   void *base, unsigned skip);

/* Unknown and duplicate keys of map, against the rows of s. */
void cfg_check_section(struct cfg *c, const struct node *map,
		       const char *where, const struct cfg_section *s);

#endif
