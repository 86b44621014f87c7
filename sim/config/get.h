/*
 * get.h - the one set of getters for values written in a scenario: the
 * scenario's own keys (through the document tree), and the options passed
 * through to policies (policy_options, allocator_options) and to trace
 * readers (a workload's options:), which arrive as strings.  One module,
 * so that a number, an integer or a boolean is spelt the same way
 * wherever it is written.
 *
 * The rules:
 *   - a number is decimal, optionally signed, with an optional fraction
 *     and exponent (2, -0.5, 1e6); no hex, no inf/nan, no blanks;
 *   - an integer is decimal; an integral number such as 1e6 counts;
 *   - a boolean is true or false, in lower case and, in the scenario
 *     itself, unquoted.  yes/no, on/off and 1/0 are not booleans (YAML
 *     1.2 reads them as strings and numbers); a message naming a rejected
 *     boolean lists the accepted spellings (CFG_BOOL_SPELLINGS).
 *
 * The node getters report through cfg_err() and return the default (or 0)
 * when the value is wrong, so reading goes on.  The text parsers only
 * parse: the policy and trace-format getters word their own messages.
 */
#ifndef OFFERSIM_CONFIG_GET_H
#define OFFERSIM_CONFIG_GET_H

#include "../../policies/registry.h"
#include "scenario.h"

struct cfg;
struct node;

/* The accepted spellings of a boolean, for messages. */
#define CFG_BOOL_SPELLINGS "true or false"

/* ------------------------------------------------------------------ */
/* Text: shared with policy options and trace-format options           */

/* A decimal number (the rule above) into *out; 1 on success. */
int cfg_parse_num(const char *s, double *out);
/* A decimal integer; integral numbers like 1e6 are accepted too.  *range
 * is set when the value is out of long long range (then clamped). */
int cfg_parse_int(const char *s, long long *out, int *range);
/* true or false into *out; 1 on success, 0 for anything else. */
int cfg_parse_bool(const char *s, int *out);
/* Parse "7", "2..8", "9.." or "..1" (inclusive); 1 on success. */
int cfg_parse_range(const char *s, struct int_range *r);

/* ------------------------------------------------------------------ */
/* Nodes of the scenario tree                                          */

enum cfg_bound { CFG_ANY, CFG_NONNEG, CFG_POS };

/* Unknown keys (with a suggestion) and duplicate keys of a mapping. */
void cfg_check_keys(struct cfg *c, const struct node *map, const char *where,
		    const char *const *keys, int nkeys);
void cfg_check_dups(struct cfg *c, const struct node *map, const char *where);
/* Is v a mapping?  Reports "'what' must be a mapping" when not. */
int cfg_want_map(struct cfg *c, const struct node *v, const char *what);
/*
 * Is l a non-empty list?  Reports "'key' must be a list of items" or
 * "'key' must list at least one one" when not.
 */
int cfg_want_list(struct cfg *c, const struct node *l, const char *key,
		  const char *items, const char *one);
/*
 * Reports a second use of name among the elements of one list at v (the
 * later element's name); first_line is the first use's line, 0 when that
 * came from --set and has none.
 */
void cfg_dup_name(struct cfg *c, const struct node *v, const char *what,
		  const char *name, int first_line);

/* The value at v as a number meeting b; 0 (reported) when it is not. */
int cfg_num_of(struct cfg *c, const struct node *v, const char *key,
	       enum cfg_bound b, double *out);
/* The number at key in map, or def when absent (or wrong: reported). */
double cfg_get_num(struct cfg *c, const struct node *map, const char *key,
		   double def, enum cfg_bound b);
/* The value at v as an integer in [min, max]; 0 (reported) when not. */
int cfg_int_of(struct cfg *c, const struct node *v, const char *key,
	       long long min, long long max, long long *out);
long long cfg_get_int(struct cfg *c, const struct node *map, const char *key,
		      long long def, long long min, long long max);
/* The value at v as a boolean; 0 (reported) when it is not one. */
int cfg_bool_of(struct cfg *c, const struct node *v, const char *key,
		int *out);
/* A boolean at key, or def when absent (or wrong: reported). */
int cfg_get_bool(struct cfg *c, const struct node *map, const char *key,
		 int def);
/* A non-empty string value, or NULL (reported) when it is not one. */
const char *cfg_str_of(struct cfg *c, const struct node *v, const char *key);
/* The string at key, copied; def (copied) when absent or wrong. */
char *cfg_get_str(struct cfg *c, const struct node *map, const char *key,
		  const char *def);
/* A map of scalars (policy options, attributes) into kv pairs. */
void cfg_get_kvs(struct cfg *c, const struct node *map, const char *key,
		 const char *where, struct kv **out, int *nout);
/*
 * A policy name checked against the registry; def when map (which may be
 * NULL) has no key.  A bad default is reported at where.  With ref, the
 * value may also be a plug-in mapping, {so: FILE} or {host: NAME} (see
 * struct policy_ref): the shared object is loaded and checked now, ref
 * filled, and the plug-in's name returned.
 */
char *cfg_get_policy(struct cfg *c, const struct node *map,
		     const struct node *where, const char *key,
		     enum policy_kind kind, const char *def,
		     struct src_pos *pos, struct policy_ref *ref);
/* The options of a plug-in mapping at map[key] (its params:) into *out,
 * unless the options key optkey already gave some, which is an error. */
void cfg_get_policy_params(struct cfg *c, const struct node *map,
			   const char *key, const char *optkey,
			   struct kv **out, int *nout);
/*
 * A list of numbers at node v into a new array (*out, *n).  exact > 0
 * demands that many; otherwise 1..max.  Each must meet b; at least one
 * must be positive when want_pos.  Returns 1 when all is well.
 */
int cfg_num_list(struct cfg *c, const struct node *v, const char *key,
		 int exact, int max, enum cfg_bound b, int want_pos,
		 double **out, int *n);
/* A scalar or a list of scalars: the items, as nodes (cfg_item(v, items,
 * i) is item i of cfg_items_of(v, &items) items). */
int cfg_items_of(const struct node *v, const struct node *const **out);
const struct node *cfg_item(const struct node *v,
			    const struct node *const *items, int i);
/*
 * Mesos's rules for role names: "*" alone, or '/'-separated components
 * that are not empty, "." or "..", do not start with '-', and hold no
 * blank or control character.  Reports at v and returns 0 when bad.
 */
int cfg_check_role_name(struct cfg *c, const struct node *v,
			const char *name);
/* rel resolved against the scenario's directory (absolute paths and
 * scenarios given without a directory keep rel). */
char *cfg_resolve_path(struct cfg *c, const char *rel);

#endif
