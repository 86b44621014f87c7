/*
 * get.c - the getters of the scenario reader, and the text parsers that
 * policy options and trace-format options share with it (get.h states the
 * rules for numbers, integers and booleans).
 *
 * Each node getter reports a wrong value at the value's position and
 * returns the caller's default, so one run reports every mistake.
 */
#include "get.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../include/offersim_policy.h"
#include "../core/diag.h"
#include "../model/plugin.h"
#include "reader.h"

void cfg_check_dups(struct cfg *c, const struct node *map,
		       const char *where)
{
	for (int i = 2; i + 1 < map->n; i += 2) {
		const struct node *k = map->kid[i], *first = NULL;
		for (int j = 0; j < i && !first; j += 2)
			if (!strcmp(map->kid[j]->text, k->text))
				first = map->kid[j];
		if (first && first->line > 0)
			cfg_err(c, k, "duplicate key '%s' in %s (first at "
				"line %d)", k->text, where, first->line);
		else if (first)
			cfg_err(c, k, "duplicate key '%s' in %s", k->text,
				where);
	}
}

/* Unknown keys (with a suggestion) and duplicate keys of a mapping. */
void cfg_check_keys(struct cfg *c, const struct node *map,
		       const char *where, const char *const *keys, int nkeys)
{
	for (int i = 0; i + 1 < map->n; i += 2) {
		const struct node *k = map->kid[i];
		int known = 0;
		for (int j = 0; j < nkeys && !known; j++)
			known = !strcmp(k->text, keys[j]);
		if (known)
			continue;
		const char *s = diag_suggest(k->text, keys, nkeys);
		char list[512];
		if (s)
			cfg_err(c, k, "unknown key '%s' in %s (did you mean "
				"'%s'?)", k->text, where, s);
		else
			cfg_err(c, k, "unknown key '%s' in %s; valid keys: %s",
				k->text, where,
				cfg_join(keys, nkeys, list, sizeof list));
	}
	cfg_check_dups(c, map, where);
}

/* Is v a mapping?  Reports "'what' must be a mapping" when not. */
int cfg_want_map(struct cfg *c, const struct node *v, const char *what)
{
	char desc[64];
	if (v->kind == NODE_MAP)
		return 1;
	cfg_err(c, v, "%s must be a mapping, got %s", what,
		node_desc(v, desc, sizeof desc));
	return 0;
}

/*
 * Is l a non-empty list?  Reports "'key' must be a list of items" or
 * "'key' must list at least one one" when not.
 */
int cfg_want_list(struct cfg *c, const struct node *l, const char *key,
		     const char *items, const char *one)
{
	char desc[64];
	if (l->kind != NODE_SEQ) {
		cfg_err(c, l, "'%s' must be a list of %s, got %s", key, items,
			node_desc(l, desc, sizeof desc));
		return 0;
	}
	if (l->n == 0) {
		cfg_err(c, l, "'%s' must list at least one %s", key, one);
		return 0;
	}
	return 1;
}

/*
 * Reports a second use of name among the elements of one list at v (the
 * later element's name); first_line is the first use's line, 0 when that
 * came from --set and has none.
 */
void cfg_dup_name(struct cfg *c, const struct node *v,
			 const char *what, const char *name, int first_line)
{
	if (first_line)
		cfg_err(c, v, "duplicate %s name '%s' (first at line %d)",
			what, name, first_line);
	else
		cfg_err(c, v, "duplicate %s name '%s'", what, name);
}

int cfg_parse_num(const char *s, double *out)
{
	char *end;
	if (!*s || strpbrk(s, "xX \t\r\n"))
		return 0;   /* no hex floats, no stray blanks */
	double v = strtod(s, &end);
	if (end == s || *end || !isfinite(v))
		return 0;
	*out = v;
	return 1;
}

/* A decimal integer; integral numbers like 1e6 are accepted too. */
int cfg_parse_int(const char *s, long long *out, int *range)
{
	char *end;
	*range = 0;
	if (!*s || strpbrk(s, "xX \t\r\n"))
		return 0;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end != s && !*end) {
		if (errno == ERANGE)
			*range = 1;
		*out = v;
		return 1;
	}
	double d;
	if (cfg_parse_num(s, &d) && d == floor(d)) {
		if (fabs(d) > 9.0e18) {
			*range = 1;
			d = d < 0 ? -9.0e18 : 9.0e18;
		}
		*out = (long long)d;
		return 1;
	}
	return 0;
}

int cfg_num_of(struct cfg *c, const struct node *v, const char *key,
		  enum cfg_bound b, double *out)
{
	char desc[64];
	if (v->kind != NODE_SCALAR || node_is_null(v) ||
	    !cfg_parse_num(v->text, out)) {
		cfg_err(c, v, "'%s' must be a number, got %s", key,
			node_desc(v, desc, sizeof desc));
		return 0;
	}
	if (b == CFG_NONNEG && *out < 0) {
		cfg_err(c, v, "'%s' must not be negative, got %.80s", key,
			v->text);
		return 0;
	}
	if (b == CFG_POS && !(*out > 0)) {
		cfg_err(c, v, "'%s' must be positive, got %.80s", key, v->text);
		return 0;
	}
	/* Every number of a scenario is at most CFG_MAX_RES in magnitude:
	 * times and durations then stay inside simtime.h's input range and
	 * quantities inside res.h's, so nothing overflows in the run. */
	if (fabs(*out) > CFG_MAX_RES) {
		cfg_err(c, v, "'%s' is too large (at most %.0g), got %.80s",
			key, CFG_MAX_RES, v->text);
		return 0;
	}
	return 1;
}

/* The number at key in map, or def when absent (or wrong: reported). */
double cfg_get_num(struct cfg *c, const struct node *map, const char *key,
		      double def, enum cfg_bound b)
{
	const struct node *v = node_get(map, key);
	double x;
	if (!v || !cfg_num_of(c, v, key, b, &x))
		return def;
	return x;
}

int cfg_int_of(struct cfg *c, const struct node *v, const char *key,
		  long long min, long long max, long long *out)
{
	char desc[64];
	int range;
	if (v->kind != NODE_SCALAR || node_is_null(v) ||
	    !cfg_parse_int(v->text, out, &range)) {
		cfg_err(c, v, "'%s' must be an integer, got %s", key,
			node_desc(v, desc, sizeof desc));
		return 0;
	}
	if (*out < min) {
		if (min == 1)
			cfg_err(c, v, "'%s' must be a positive integer, got %s",
				key, v->text);
		else
			cfg_err(c, v, "'%s' must be an integer >= %lld, got %s",
				key, min, v->text);
		return 0;
	}
	if (range || *out > max) {
		cfg_err(c, v, "'%s' is too large (at most %lld), got %s", key,
			max, v->text);
		return 0;
	}
	return 1;
}

long long cfg_get_int(struct cfg *c, const struct node *map,
			 const char *key, long long def, long long min,
			 long long max)
{
	const struct node *v = node_get(map, key);
	long long x;
	if (!v || !cfg_int_of(c, v, key, min, max, &x))
		return def;
	return x;
}

/* A non-empty string value, or NULL (reported) when it is not one. */
const char *cfg_str_of(struct cfg *c, const struct node *v,
			  const char *key)
{
	char desc[64];
	if (v->kind != NODE_SCALAR || node_is_null(v) || !*v->text) {
		cfg_err(c, v, "'%s' must be a non-empty string, got %s", key,
			node_desc(v, desc, sizeof desc));
		return NULL;
	}
	return v->text;
}

/* The string at key, copied; def (copied) when absent or wrong. */
char *cfg_get_str(struct cfg *c, const struct node *map, const char *key,
		     const char *def)
{
	const struct node *v = node_get(map, key);
	const char *s = v ? cfg_str_of(c, v, key) : NULL;
	if (!s)
		s = def;
	return s ? cfg_strdup(c, s) : NULL;
}

/* A map of scalars (policy options, attributes) into kv pairs. */
void cfg_get_kvs(struct cfg *c, const struct node *map, const char *key,
		    const char *where, struct kv **out, int *nout)
{
	const struct node *v = node_get(map, key);
	char desc[64];
	if (!v || node_is_null(v))
		return;
	if (v->kind != NODE_MAP) {
		cfg_err(c, v, "'%s' must be a mapping of name: value, got %s",
			key, node_desc(v, desc, sizeof desc));
		return;
	}
	cfg_check_dups(c, v, where);
	int n = v->n / 2;
	if (!n)
		return;
	*out = cfg_calloc(c, (size_t)n, sizeof **out);
	if (!*out)
		return;
	*nout = n;
	for (int i = 0; i < n; i++) {
		const struct node *k = v->kid[2 * i], *x = v->kid[2 * i + 1];
		struct kv *e = &(*out)[i];
		e->pos = node_pos(k);
		e->key = cfg_strdup(c, k->text);
		if (x->kind != NODE_SCALAR) {
			cfg_err(c, x, "'%s' in %s must be a single value, "
				"got %s", k->text, where,
				node_desc(x, desc, sizeof desc));
			continue;
		}
		e->value = cfg_strdup(c, x->text);
	}
}

/*
 * A policy name checked against the registry; def when map (which may be
 * NULL) has no key.  A bad default is reported at where.
 */
/* A plug-in mapping: {so: FILE} or {host: NAME}, with params:. */
static char *get_plugin(struct cfg *c, const struct node *v, const char *key,
			enum policy_kind kind, struct policy_ref *ref)
{
	static const char *const keys[] = {"so", "host", "params"};
	char sug[128];
	for (int i = 0; i + 1 < v->n; i += 2) {
		const char *k = v->kid[i]->text;
		int known = 0;
		for (int j = 0; j < 3; j++)
			known |= strcmp(k, keys[j]) == 0;
		if (!known)
			cfg_err(c, v->kid[i], "unknown key '%s' in %s%s; valid: "
				"so, host, params", k, key,
				cfg_suggest(k, keys, 3, sug, sizeof sug));
	}
	const struct node *so = node_get(v, "so"), *host = node_get(v, "host");
	if (kind == POLICY_PLACEMENT) {
		cfg_err(c, v, "a placement rule cannot be a plug-in; '%s' "
			"must be a name (`offersim policies`)", key);
		return NULL;
	}
	if (!so == !host) {
		cfg_err(c, v, "'%s' as a plug-in takes exactly one of 'so: "
			"FILE' (a shared object) or 'host: NAME' (supplied by "
			"the program running the scenario)", key);
		return NULL;
	}
	int okind = kind == POLICY_ALLOCATOR ? OFFERSIM_POLICY_ALLOCATOR
					     : OFFERSIM_POLICY_FRAMEWORK;
	if (host) {
		const char *name = cfg_str_of(c, host, "host");
		if (!name)
			return NULL;
		size_t n = strlen(name);
		if (n == 0 || n > 64 || strspn(name, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != n) {
			cfg_err(c, host, "host policy name '%.80s' must be 1 to "
				"64 letters, digits, '_' or '-'", name);
			return NULL;
		}
		ref->host = 1;
		return cfg_strdup(c, name);
	}
	const char *rel = cfg_str_of(c, so, "so");
	if (!rel)
		return NULL;
	if (!*rel) {
		cfg_err(c, so, "'so' must name a shared object file");
		return NULL;
	}
	char *path = cfg_resolve_path(c, rel);
	if (!path)
		return NULL;
	/* A name without a slash would be looked up in the loader's
	 * library path, not beside the scenario. */
	if (!strchr(path, '/')) {
		size_t n = strlen(path);
		char *p = malloc(n + 3);
		if (!p) {
			free(path);
			c->oom = 1;
			return NULL;
		}
		memcpy(p, "./", 2);
		memcpy(p + 2, path, n + 1);
		free(path);
		path = p;
	}
	void *h;
	const struct offersim_policy *pol;
	char err[512];
	if (plugin_open(path, okind, &h, &pol, err, sizeof err)) {
		cfg_err(c, so, "cannot load %s plug-in '%.200s': %s",
			policy_kind_name(kind), rel, err);
		free(path);
		return NULL;
	}
	char *name = cfg_strdup(c, pol->name);
	plugin_close(h);
	free(ref->so);
	ref->so = path;
	return name;
}

void cfg_get_policy_params(struct cfg *c, const struct node *map,
			   const char *key, const char *optkey,
			   struct kv **out, int *nout)
{
	const struct node *v = map ? node_get(map, key) : NULL;
	if (!v || v->kind != NODE_MAP || !node_get(v, "params"))
		return;
	char where[64];
	snprintf(where, sizeof where, "%s.params", key);
	if (*nout > 0) {
		cfg_err(c, node_get(v, "params"), "options given twice: in "
			"'%s' and in '%s'; keep one", where, optkey);
		return;
	}
	cfg_get_kvs(c, v, "params", where, out, nout);
}

char *cfg_get_policy(struct cfg *c, const struct node *map,
			const struct node *where, const char *key,
			enum policy_kind kind, const char *def,
			struct src_pos *pos, struct policy_ref *ref)
{
	const struct node *v = map ? node_get(map, key) : NULL;
	*pos = node_pos(v);
	if (v && v->kind == NODE_MAP && ref)
		return get_plugin(c, v, key, kind, ref);
	const char *name = v ? cfg_str_of(c, v, key) : def;
	if (!name)
		return NULL;
	if (policy_index(kind, name) < 0) {
		int n = policy_count(kind);
		const char **names = calloc((size_t)n + 1, sizeof *names);
		char sug[128], list[512];
		if (!names) {
			c->oom = 1;
			return NULL;
		}
		for (int i = 0; i < n; i++)
			names[i] = policy_name(kind, i);
		const char *what = policy_kind_name(kind);
		if (v)
			cfg_err(c, v, "unknown %s '%s'%s; valid: %s", what,
				name, cfg_suggest(name, names, n, sug, sizeof sug),
				cfg_join(names, n, list, sizeof list));
		else
			cfg_err(c, where, "default %s '%s' is not available; "
				"valid: %s", what, name,
				cfg_join(names, n, list, sizeof list));
		free(names);
		return NULL;
	}
	return cfg_strdup(c, name);
}

int cfg_parse_bool(const char *s, int *out)
{
	if (!strcmp(s, "true"))
		*out = 1;
	else if (!strcmp(s, "false"))
		*out = 0;
	else
		return 0;
	return 1;
}

int cfg_bool_of(struct cfg *c, const struct node *v, const char *key,
		int *out)
{
	char desc[64];
	/* Quoted "true" is a string in YAML, not a boolean. */
	if (v->kind == NODE_SCALAR && v->plain && cfg_parse_bool(v->text, out))
		return 1;
	cfg_err(c, v, "'%s' must be " CFG_BOOL_SPELLINGS ", got %s", key,
		node_desc(v, desc, sizeof desc));
	return 0;
}

int cfg_get_bool(struct cfg *c, const struct node *map, const char *key,
		 int def)
{
	const struct node *v = node_get(map, key);
	int b;
	if (!v || !cfg_bool_of(c, v, key, &b))
		return def;
	return b;
}

/*
 * Mesos's rules for role names: "*" alone, or '/'-separated components
 * that are not empty, "." or "..", do not start with '-', and hold no
 * blank or control character.  Reports at v and returns 0 when bad.
 */
int cfg_check_role_name(struct cfg *c, const struct node *v,
			   const char *name)
{
	const char *why = NULL;
	if (!strcmp(name, "*"))
		return 1;
	if (!*name) {
		why = "is empty";
	} else {
		const char *p = name;
		while (!why) {
			size_t n = strcspn(p, "/");
			if (n == 0)
				why = "has an empty component";
			else if ((n == 1 && p[0] == '.') ||
				 (n == 2 && p[0] == '.' && p[1] == '.'))
				why = "has a '.' or '..' component";
			else if (p[0] == '-')
				why = "has a component starting with '-'";
			for (size_t i = 0; i < n && !why; i++)
				if ((unsigned char)p[i] <= ' ' || p[i] == 0x7f ||
				    p[i] == '*')
					why = "holds a blank, control or '*' character";
			if (!p[n])
				break;
			p += n + 1;
		}
	}
	if (why)
		cfg_err(c, v, "role name '%s' %s", name, why);
	return !why;
}

char *cfg_resolve_path(struct cfg *c, const char *rel)
{
	const char *dir = c->sc->dir;
	if (rel[0] == '/' || !dir || !strchr(c->file, '/'))
		return cfg_strdup(c, rel);
	size_t dl = strlen(dir), rl = strlen(rel);
	char *p = malloc(dl + rl + 2);
	if (!p) {
		c->oom = 1;
		return NULL;
	}
	memcpy(p, dir, dl);
	if (dl && dir[dl - 1] != '/')
		p[dl++] = '/';
	memcpy(p + dl, rel, rl + 1);
	return p;
}

/*
 * A list of numbers at node v into a new array (*out, *n).  exact > 0
 * demands that many; otherwise 1..max.  Each must meet b; at least one
 * must be positive when want_pos.  Returns 1 when all is well.
 */
int cfg_num_list(struct cfg *c, const struct node *v, const char *key,
		    int exact, int max, enum cfg_bound b, int want_pos,
		    double **out, int *n)
{
	char desc[64];
	*out = NULL;
	*n = 0;
	if (v->kind != NODE_SEQ) {
		if (exact > 0)
			cfg_err(c, v, "'%s' must be a list of %d numbers, got "
				"%s", key, exact,
				node_desc(v, desc, sizeof desc));
		else
			cfg_err(c, v, "'%s' must be a list of numbers, got %s",
				key, node_desc(v, desc, sizeof desc));
		return 0;
	}
	if (exact > 0 && v->n != exact) {
		cfg_err(c, v, "'%s' must list exactly %d numbers, got %d", key,
			exact, v->n);
		return 0;
	}
	if (v->n < 1 || v->n > max) {
		cfg_err(c, v, "'%s' must list 1 to %d numbers, got %d", key,
			max, v->n);
		return 0;
	}
	double *a = cfg_calloc(c, (size_t)v->n, sizeof *a);
	int ok = a != NULL, pos = 0;
	for (int i = 0; a && i < v->n; i++) {
		if (!cfg_num_of(c, v->kid[i], key, b, &a[i]))
			ok = 0;
		else if (a[i] > 0)
			pos = 1;
	}
	if (ok && want_pos && !pos) {
		cfg_err(c, v, "'%s' must hold at least one positive number",
			key);
		ok = 0;
	}
	if (!ok) {
		free(a);
		return 0;
	}
	*out = a;
	*n = v->n;
	return 1;
}

/* Parse "7", "2..8", "9.." or "..1" (inclusive); 1 on success. */
int cfg_parse_range(const char *s, struct int_range *r)
{
	const char *dots = strstr(s, "..");
	long long lo, hi;
	int range;
	if (!dots) {
		if (!cfg_parse_int(s, &lo, &range) || range)
			return 0;
		r->lo = r->hi = lo;
		return 1;
	}
	char buf[64];
	size_t n = (size_t)(dots - s);
	if (n >= sizeof buf)
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	const char *rest = dots + 2;
	if (!n && !*rest)
		return 0;
	lo = INT64_MIN;
	hi = INT64_MAX;
	if (n && (!cfg_parse_int(buf, &lo, &range) || range))
		return 0;
	if (*rest && (!cfg_parse_int(rest, &hi, &range) || range))
		return 0;
	if (lo > hi)
		return 0;
	r->lo = lo;
	r->hi = hi;
	return 1;
}

/* A scalar or a list of scalars: the items, as nodes. */
int cfg_items_of(const struct node *v, const struct node *const **out)
{
	if (v->kind == NODE_SEQ) {
		*out = (const struct node *const *)v->kid;
		return v->n;
	}
	*out = NULL;
	return 1;
}

const struct node *cfg_item(const struct node *v,
			       const struct node *const *items, int i)
{
	return items ? items[i] : v;
}
