/*
 * reader.h - what the modules of the scenario reader share, and nothing
 * outside sim/config/ includes: the document tree (tree.c), the reader's
 * state (struct cfg), the getters (get.h), and the loaders of each part of
 * a scenario (cluster.c, workload.c, synth.c, split.c, events.c, and
 * config.c for the rest).  README.md in this folder maps the room.
 *
 * Every loader takes the reader state first, reports each mistake it finds
 * through cfg_err() and keeps going, so one run shows every error; a field
 * it cannot read keeps its default.  Out of memory only sets c->oom (one
 * "out of memory" error is printed at the end).
 */
#ifndef OFFERSIM_CONFIG_READER_H
#define OFFERSIM_CONFIG_READER_H

#include <stddef.h>

#include "../core/res.h"
#include "scenario.h"

struct diag;
struct cfg_override;

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Per-agent quantities beyond this would overflow fixed-point sums; it is
 * also the bound on every number of a scenario (cfg_num_of, a constant
 * distribution): equal to simtime.h's SIMTIME_INPUT_MAX_SEC and below
 * res.h's RESQ_LIMIT. */
#define CFG_MAX_RES 1e12

/* The "file" of every node made from a --set override: compared by
 * address, so a scenario really named "--set" is still a file. */
extern const char cfg_set_file[];

/* ------------------------------------------------------------------ */
/* The document tree (tree.c)                                          */

enum node_kind { NODE_SCALAR, NODE_MAP, NODE_SEQ };

struct node {
	enum node_kind kind;
	const char *file;       /* the scenario path, or cfg_set_file */
	int line, col;          /* 1-based; 0 for overrides */
	int plain;              /* scalar written without quotes */
	char *text;             /* scalar text, NUL-terminated */
	struct node **kid;      /* map: key, value, key, value...; seq: items */
	int n, cap;             /* pointers in kid (twice the pairs for maps) */
};

struct cfg {
	struct diag *d;
	const char *file;       /* as given to cfg_load: every diag names it */
	const char *src;        /* file contents, for the caret line */
	size_t srclen;
	struct scenario *sc;
	long nodes;             /* nodes made so far, against CFG_MAX_NODES */
	int oom;
	int errors0;            /* d->errors when the load began */
	char **split_names;     /* entries framework_by replaced, for
				   messages naming them */
	int nsplit_names;
};

void node_free(struct node *n);
struct node *node_new(struct cfg *c, enum node_kind kind, const char *file,
		      int line, int col);
struct node *node_scalar(struct cfg *c, const char *file, int line, int col,
			 const char *text, size_t len);
/* Append kid to parent; on failure kid is freed, so callers just stop. */
int node_push(struct cfg *c, struct node *parent, struct node *kid);
/* YAML's null: an empty or ~/null plain scalar ("key:" with no value). */
int node_is_null(const struct node *n);
/* Slot of the value of key in map (first occurrence), or NULL. */
struct node **node_slot(struct node *map, const char *key);
const struct node *node_get(const struct node *map, const char *key);
/* The name: scalar of a list element, or NULL. */
const char *node_name(const struct node *e);
/* How a node looks in a message: 'two', an empty value, a list... */
const char *node_desc(const struct node *n, char *buf, size_t size);
/* Where a node was written; {0, 0} for --set nodes. */
struct src_pos node_pos(const struct node *n);

/*
 * Parse buf as one YAML document into a tree.  *empty is set when the
 * document holds nothing at all.  Errors are reported; NULL on error.
 */
struct node *tree_parse(struct cfg *c, const char *file, const char *buf,
			size_t len, int *empty);
/* Read the whole file; reports and returns a negative code on failure. */
int tree_read_file(struct cfg *c, const char *path, char **out,
		   size_t *outlen);
/*
 * Graft one override onto the tree: walk mappings by key and lists by
 * element name; a missing mapping key is added (and a missing mapping on
 * the way is created), so validation then judges it like file contents.
 */
void tree_graft(struct cfg *c, struct node *root,
		const struct cfg_override *o);

/* Diagnostics: file:line:col: error: ..., with the source line when the
 * position is in the scenario file. */
__attribute__((format(printf, 5, 6)))
void cfg_err_at(struct cfg *c, const char *file, int line, int col,
		const char *fmt, ...);
__attribute__((format(printf, 3, 4)))
void cfg_err(struct cfg *c, const struct node *n, const char *fmt, ...);
/* The same as a warning: the scenario is valid, but says something it
 * does not do. */
__attribute__((format(printf, 3, 4)))
void cfg_warn(struct cfg *c, const struct node *n, const char *fmt, ...);
/* "a, b, c" into buf (truncated with "..." when it does not fit). */
const char *cfg_join(const char *const *names, int n, char *buf,
		     size_t size);
/* " (did you mean 'x'?)" or "" into buf. */
const char *cfg_suggest(const char *word, const char *const *names, int n,
			char *buf, size_t size);
/* Allocation that records out of memory in c->oom. */
char *cfg_strdup(struct cfg *c, const char *s);
void *cfg_calloc(struct cfg *c, size_t n, size_t size);

/* ------------------------------------------------------------------ */
/* The parts of a scenario                                             */

/* cluster.c: cluster: (agents, or from_trace in workload.c), and the
 * resource maps that reservations, quota and events share. */
void cfg_load_cluster(struct cfg *c, const struct node *root);
/* A mapping of resource name: non-negative quantity into out (entries not
 * named stay as they are; has[r] set for each named one, when has). */
void cfg_load_res_map(struct cfg *c, const struct node *m, const char *what,
		      resq_t *out, int *has);
/* quota: {guarantee: {...}, limit: {...}} into q. */
void cfg_load_quota(struct cfg *c, const struct node *v,
		    struct quota_spec *q);

/* workload.c: a framework's workload: (trace or synthetic, and the
 * transforms), and cluster: {from_trace: ...}.  All trace-format names
 * the reader knows are in workload.c. */
void cfg_load_workload(struct cfg *c, const struct node *f, const char *fw,
		       struct workload_spec *w);
void cfg_load_from_trace(struct cfg *c, const struct node *root,
			 const struct node *ft);
/* A workload that reads nothing (a scripted framework's): the default
 * format, as every workload_spec has one. */
void cfg_workload_none(struct cfg *c, struct workload_spec *w);

/* synth.c: synthetic: workloads, their distributions and arrivals. */
void cfg_load_synth(struct cfg *c, const struct node *s, const char *fw,
		    struct synth_spec *sy);
void cfg_load_dist(struct cfg *c, const struct node *v, const char *what,
		   struct dist_spec *ds);
/* After the cluster and the frameworks: a synthetic class whose constant
 * demands exceed every agent group is an error (all its tasks would be
 * rejected in the run). */
void cfg_check_synth_fit(struct cfg *c);

/* split.c: framework_by, once every framework entry is read. */
void cfg_expand_splits(struct cfg *c, const struct node *root);

/* events.c: events:, once frameworks (split) and agents are known. */
void cfg_load_events(struct cfg *c, const struct node *root);

/* config.c: frees what a framework_spec owns and zeroes it. */
void cfg_fw_release(struct framework_spec *f);

#endif
