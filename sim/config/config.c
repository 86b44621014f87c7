/*
 * config.c - read a scenario YAML file into a validated struct scenario.
 *
 * libyaml parses the file into a small tree of our own (mappings, sequences
 * and scalars, each remembering its file and 1-based line:col); the --set
 * overrides are grafted onto that tree; then one validating walk fills
 * struct scenario.  Building our own tree first is what lets an override be
 * checked exactly like file contents while its errors still say where it
 * came from ("--set" instead of a line), and the walk never stops at the
 * first mistake: it reports every one it can find and keeps going.
 *
 * Known limits: one YAML document per file; aliases are expanded by copying
 * (with a node budget and a depth limit, so an alias bomb or a recursive
 * alias is an error, not an out-of-memory); merge keys (<<) and tags are
 * not interpreted; numbers are decimal (no 0x, 1_000 or .inf).  Trace
 * formats come from the format table (workloads/formats.h); their
 * `options:` are only stored here, and each reader checks its own when it
 * opens.
 *
 * Two things read files other than the scenario, because the scenario's
 * shape depends on them: `cluster: {from_trace: ...}` reads a machine
 * table into agent groups (workloads/machines.c), and `framework_by`
 * replaces a framework entry by one framework per part, which for users,
 * or classes and priorities without bands, takes a scan of the workload
 * (expand_splits(), workloads/transform.c).  The machine table is read
 * once its own keys are valid (an error elsewhere must not leave the
 * scenario without resources and cause a cascade of errors); the scan runs
 * only while the whole scenario has none, since it opens the workload.
 */
#include "config.h"

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

#include <yaml.h>

#include "../core/diag.h"
#include "../core/err.h"
#include "../core/hist.h"
#include "../../policies/registry.h"
#include "scenario.h"
#include "../../workloads/formats.h"
#include "../../workloads/machines.h"
#include "../../workloads/source.h"
#include "../../workloads/transform.h"

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Guards against hostile input: aliases can make a tiny file huge. */
#define CFG_MAX_NODES 200000
#define CFG_MAX_DEPTH 64
#define CFG_MAX_FILE (16L * 1024 * 1024)
/* Per-agent quantities beyond this would overflow fixed-point sums. */
#define CFG_MAX_RES 1e12

/* The "file" of every node made from a --set override. */
static const char SET_FILE[] = "--set";

/* ------------------------------------------------------------------ */
/* The document tree                                                    */

enum node_kind { NODE_SCALAR, NODE_MAP, NODE_SEQ };

struct node {
	enum node_kind kind;
	const char *file;       /* the scenario path, or SET_FILE */
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

static void node_free(struct node *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->n; i++)
		node_free(n->kid[i]);
	free(n->kid);
	free(n->text);
	free(n);
}

static struct node *node_new(struct cfg *c, enum node_kind kind,
			     const char *file, int line, int col)
{
	struct node *n = calloc(1, sizeof *n);
	if (!n) {
		c->oom = 1;
		return NULL;
	}
	n->kind = kind;
	n->file = file;
	n->line = line;
	n->col = col;
	return n;
}

static struct node *node_scalar(struct cfg *c, const char *file, int line,
				int col, const char *text, size_t len)
{
	struct node *n = node_new(c, NODE_SCALAR, file, line, col);
	if (!n)
		return NULL;
	n->plain = 1;
	n->text = malloc(len + 1);
	if (!n->text) {
		c->oom = 1;
		free(n);
		return NULL;
	}
	memcpy(n->text, text, len);
	n->text[len] = '\0';
	return n;
}

/* Append kid to parent; on failure kid is freed, so callers just stop. */
static int node_push(struct cfg *c, struct node *parent, struct node *kid)
{
	if (parent->n == parent->cap) {
		int cap = parent->cap ? parent->cap * 2 : 4;
		struct node **k = realloc(parent->kid, (size_t)cap * sizeof *k);
		if (!k) {
			c->oom = 1;
			node_free(kid);
			return -1;
		}
		parent->kid = k;
		parent->cap = cap;
	}
	parent->kid[parent->n++] = kid;
	return 0;
}

/* YAML's null: an empty or ~/null plain scalar ("key:" with no value). */
static int is_null(const struct node *n)
{
	if (n->kind != NODE_SCALAR || !n->plain)
		return 0;
	const char *t = n->text;
	return !*t || !strcmp(t, "~") || !strcmp(t, "null") ||
	       !strcmp(t, "Null") || !strcmp(t, "NULL");
}

/* Slot of the value of key in map (first occurrence), or NULL. */
static struct node **map_slot(struct node *map, const char *key)
{
	for (int i = 0; i + 1 < map->n; i += 2)
		if (!strcmp(map->kid[i]->text, key))
			return &map->kid[i + 1];
	return NULL;
}

static const struct node *map_get(const struct node *map, const char *key)
{
	struct node **slot = map_slot((struct node *)map, key);
	return slot ? *slot : NULL;
}

/* The name: scalar of a list element, or NULL. */
static const char *elem_name(const struct node *e)
{
	if (e->kind != NODE_MAP)
		return NULL;
	const struct node *v = map_get(e, "name");
	return v && v->kind == NODE_SCALAR ? v->text : NULL;
}

/* ------------------------------------------------------------------ */
/* Diagnostics                                                          */

/* Start of 1-based line in the scenario source, or NULL. */
static const char *src_line(const struct cfg *c, int line)
{
	if (!c->src || line < 1)
		return NULL;
	const char *p = c->src, *end = c->src + c->srclen;
	for (int l = 1; l < line; l++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return NULL;
		p++;
	}
	return p < end ? p : NULL;
}

__attribute__((format(printf, 5, 0)))
static void cfg_verr(struct cfg *c, const char *file, int line, int col,
		     const char *fmt, va_list ap)
{
	char buf[512], *msg = buf;
	va_list aq;
	va_copy(aq, ap);
	int len = vsnprintf(buf, sizeof buf, fmt, ap);
	if (len >= (int)sizeof buf) {
		char *big = malloc((size_t)len + 1);
		if (big) {
			vsnprintf(big, (size_t)len + 1, fmt, aq);
			msg = big;
		}
	}
	va_end(aq);
	const char *sl = file == c->file ? src_line(c, line) : NULL;
	if (sl)
		diag_error_src(c->d, file, line, col, sl, "%s", msg);
	else
		diag_error(c->d, file, line, col, "%s", msg);
	if (msg != buf)
		free(msg);
}

__attribute__((format(printf, 5, 6)))
static void cfg_err_at(struct cfg *c, const char *file, int line, int col,
		       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cfg_verr(c, file, line, col, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 3, 4)))
static void cfg_err(struct cfg *c, const struct node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cfg_verr(c, n->file, n->line, n->col, fmt, ap);
	va_end(ap);
}

/* How a node looks in a message: 'two', an empty value, a list... */
static const char *node_desc(const struct node *n, char *buf, size_t size)
{
	if (n->kind == NODE_MAP)
		return "a mapping";
	if (n->kind == NODE_SEQ)
		return "a list";
	if (is_null(n))
		return "an empty value";
	if (strlen(n->text) > 40)
		snprintf(buf, size, "'%.37s...'", n->text);
	else
		snprintf(buf, size, "'%s'", n->text);
	return buf;
}

/* "a, b, c" into buf (truncated with "..." when it does not fit). */
static const char *join_names(const char *const *names, int n, char *buf,
			      size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		int w = snprintf(buf + used, size - used, "%s%s",
				 i ? ", " : "", names[i]);
		if (w < 0 || (size_t)w >= size - used) {
			if (size > 4)
				strcpy(buf + size - 4, "...");
			break;
		}
		used += (size_t)w;
	}
	return buf;
}

/* " (did you mean 'x'?)" or "" into buf. */
static const char *suggest(const char *word, const char *const *names, int n,
			   char *buf, size_t size)
{
	const char *s = diag_suggest(word, names, n);
	if (s)
		snprintf(buf, size, " (did you mean '%s'?)", s);
	else
		buf[0] = '\0';
	return buf;
}

static char *cfg_strdup(struct cfg *c, const char *s)
{
	char *p = strdup(s);
	if (!p)
		c->oom = 1;
	return p;
}

static void *cfg_calloc(struct cfg *c, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		c->oom = 1;
	return p;
}

static struct src_pos pos_of(const struct node *n)
{
	struct src_pos p = {0, 0};
	if (n && n->file != SET_FILE) {
		p.line = n->line;
		p.col = n->col;
	}
	return p;
}

/* ------------------------------------------------------------------ */
/* Parsing with libyaml                                                 */

static struct node *conv(struct cfg *c, yaml_document_t *doc,
			 yaml_node_t *yn, const char *file, int depth)
{
	int line = 0, col = 0;
	if (file != SET_FILE) {
		line = (int)yn->start_mark.line + 1;
		col = (int)yn->start_mark.column + 1;
	}
	if (depth > CFG_MAX_DEPTH) {
		cfg_err_at(c, file, line, col,
			   "nesting deeper than %d levels (a recursive alias?)",
			   CFG_MAX_DEPTH);
		return NULL;
	}
	if (++c->nodes > CFG_MAX_NODES) {
		cfg_err_at(c, file, line, col,
			   "document has more than %d nodes once aliases are "
			   "expanded", CFG_MAX_NODES);
		return NULL;
	}
	struct node *n = NULL;
	switch (yn->type) {
	case YAML_SCALAR_NODE: {
		const char *v = (const char *)yn->data.scalar.value;
		size_t len = yn->data.scalar.length;
		if (memchr(v, '\0', len)) {
			cfg_err_at(c, file, line, col,
				   "value contains a NUL character");
			return NULL;
		}
		n = node_scalar(c, file, line, col, v, len);
		if (n)
			n->plain = yn->data.scalar.style ==
				   YAML_PLAIN_SCALAR_STYLE;
		return n;
	}
	case YAML_SEQUENCE_NODE:
		n = node_new(c, NODE_SEQ, file, line, col);
		if (!n)
			return NULL;
		for (yaml_node_item_t *it = yn->data.sequence.items.start;
		     it < yn->data.sequence.items.top; it++) {
			yaml_node_t *y = yaml_document_get_node(doc, *it);
			struct node *k = y ? conv(c, doc, y, file, depth + 1)
					   : NULL;
			if (!k || node_push(c, n, k) < 0)
				goto fail;
		}
		return n;
	case YAML_MAPPING_NODE:
		n = node_new(c, NODE_MAP, file, line, col);
		if (!n)
			return NULL;
		for (yaml_node_pair_t *p = yn->data.mapping.pairs.start;
		     p < yn->data.mapping.pairs.top; p++) {
			yaml_node_t *yk = yaml_document_get_node(doc, p->key);
			yaml_node_t *yv = yaml_document_get_node(doc, p->value);
			if (!yk || !yv)
				goto fail;
			if (yk->type != YAML_SCALAR_NODE) {
				int kl = (int)yk->start_mark.line + 1;
				int kc = (int)yk->start_mark.column + 1;
				if (file == SET_FILE)
					kl = kc = 0;
				cfg_err_at(c, file, kl, kc, "mapping keys must "
					   "be plain names, not %s",
					   yk->type == YAML_MAPPING_NODE ?
					   "mappings" : "lists");
				goto fail;
			}
			struct node *k = conv(c, doc, yk, file, depth + 1);
			if (!k || node_push(c, n, k) < 0)
				goto fail;
			struct node *v = conv(c, doc, yv, file, depth + 1);
			if (!v || node_push(c, n, v) < 0)
				goto fail;
		}
		return n;
	default:
		return NULL;
	}
fail:
	node_free(n);
	return NULL;
}

/* Line and column (1-based) of a byte offset, for libyaml reader errors. */
static void offset_pos(const char *s, size_t len, size_t off, int *line,
		       int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && i < len; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static void yaml_report(struct cfg *c, const char *file, yaml_parser_t *p,
			const char *buf, size_t len)
{
	int line = 0, col = 0;
	if (p->error == YAML_MEMORY_ERROR) {
		c->oom = 1;
		return;
	}
	if (file != SET_FILE) {
		if (p->error == YAML_READER_ERROR) {
			offset_pos(buf, len, p->problem_offset, &line, &col);
		} else {
			line = (int)p->problem_mark.line + 1;
			col = (int)p->problem_mark.column + 1;
		}
	}
	cfg_err_at(c, file, line, col, "YAML syntax: %s",
		   p->problem ? p->problem : "malformed document");
	if (p->context && file != SET_FILE)
		diag_note(c->d, "%s at line %d, column %d", p->context,
			  (int)p->context_mark.line + 1,
			  (int)p->context_mark.column + 1);
}

/*
 * Parse buf as one YAML document into a tree.  *empty is set when the
 * document holds nothing at all.  Errors are reported; NULL on error.
 */
static struct node *parse_yaml(struct cfg *c, const char *file,
			       const char *buf, size_t len, int *empty)
{
	yaml_parser_t p;
	yaml_document_t doc;
	struct node *root = NULL;
	*empty = 0;
	if (!yaml_parser_initialize(&p)) {
		c->oom = 1;
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&p, &doc)) {
		yaml_report(c, file, &p, buf, len);
		goto out;
	}
	yaml_node_t *yr = yaml_document_get_root_node(&doc);
	if (yr)
		root = conv(c, &doc, yr, file, 0);
	else
		*empty = 1;
	yaml_document_delete(&doc);
	if (!yr)
		goto out;
	/* A second document would be silently ignored: say so instead. */
	if (!yaml_parser_load(&p, &doc)) {
		yaml_report(c, file, &p, buf, len);
		goto out;
	}
	yaml_node_t *y2 = yaml_document_get_root_node(&doc);
	if (y2) {
		int l2 = (int)y2->start_mark.line + 1;
		int c2 = (int)y2->start_mark.column + 1;
		if (file == SET_FILE)
			l2 = c2 = 0;
		cfg_err_at(c, file, l2, c2, "only one YAML document is "
			   "allowed here; found a second one");
	}
	yaml_document_delete(&doc);
out:
	yaml_parser_delete(&p);
	return root;
}

/* Read the whole file; reports and returns a negative code on failure. */
static int read_file(struct cfg *c, const char *path, char **out,
		     size_t *outlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;
		diag_error(c->d, path, 0, 0, "cannot open scenario file: %s",
			   strerror(e));
		return e == ENOENT ? OS_ENOENT : OS_EIO;
	}
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	int rc = 0;
	while (buf) {
		if (len + 1 >= cap) {
			if (cap > (size_t)CFG_MAX_FILE) {
				diag_error(c->d, path, 0, 0,
					   "scenario file is larger than "
					   "%ld bytes", CFG_MAX_FILE);
				rc = OS_ERANGE;
				break;
			}
			char *b = realloc(buf, cap * 2);
			if (!b) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = b;
			cap *= 2;
		}
		size_t got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0) {
			if (ferror(f)) {
				diag_error(c->d, path, 0, 0,
					   "cannot read scenario file: %s",
					   strerror(errno));
				rc = OS_EIO;
			}
			break;
		}
	}
	fclose(f);
	if (!buf) {
		c->oom = 1;
		return OS_ENOMEM;
	}
	if (rc) {
		free(buf);
		return rc;
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Overrides                                                            */

/* What the elements of a list called key are, for messages. */
static const char *elem_kind(const char *key)
{
	if (key && !strcmp(key, "frameworks"))
		return "framework";
	if (key && !strcmp(key, "agents"))
		return "agent group";
	return "element";
}

/* Is every character of abbr found in word, in order ("hdp", "hadoop")? */
static int is_subsequence(const char *abbr, const char *word)
{
	for (; *abbr && *word; word++)
		if (*abbr == *word)
			abbr++;
	return !*abbr;
}

/*
 * Names chosen by the user are often abbreviated on the command line, which
 * edit distance alone misses: fall back to the one name that contains the
 * word's letters in order.
 */
static const char *suggest_name(const char *word, const char *const *names,
				int n)
{
	const char *s = diag_suggest(word, names, n);
	if (s || strlen(word) < 2)
		return s;
	for (int i = 0; i < n; i++)
		if (is_subsequence(word, names[i])) {
			if (s)
				return NULL;   /* ambiguous */
			s = names[i];
		}
	return s;
}

static void no_such_elem(struct cfg *c, const struct node *seq,
			 const char *key, const char *name)
{
	const char **names = calloc((size_t)seq->n + 1, sizeof *names);
	int n = 0;
	if (names)
		for (int i = 0; i < seq->n; i++)
			if (elem_name(seq->kid[i]))
				names[n++] = elem_name(seq->kid[i]);
	const char *s = names ? suggest_name(name, names, n) : NULL;
	if (s)
		cfg_err_at(c, SET_FILE, 0, 0, "no %s named '%s' (did you mean "
			   "'%s'?)", elem_kind(key), name, s);
	else
		cfg_err_at(c, SET_FILE, 0, 0, "no %s named '%s'",
			   elem_kind(key), name);
	free(names);
}

/*
 * Graft one override onto the tree: walk mappings by key and lists by
 * element name; a missing mapping key is added (and a missing mapping on
 * the way is created), so validation then judges it like file contents.
 */
static void apply_override(struct cfg *c, struct node *root,
			   const struct cfg_override *o)
{
	char *path = NULL;
	struct node *val = NULL;
	int empty;
	if (!o->path || !o->value || !*o->path) {
		cfg_err_at(c, SET_FILE, 0, 0, "empty key path");
		return;
	}
	path = cfg_strdup(c, o->path);
	if (!path)
		return;
	size_t plen = strlen(path);
	if (path[0] == '.' || path[plen - 1] == '.' || strstr(path, "..")) {
		cfg_err_at(c, SET_FILE, 0, 0, "malformed key path '%s'",
			   o->path);
		goto out;
	}
	val = parse_yaml(c, SET_FILE, o->value, strlen(o->value), &empty);
	if (!val && empty)
		val = node_scalar(c, SET_FILE, 0, 0, "", 0);
	if (!val)
		goto note;

	struct node *cur = root;
	const char *parent = NULL;
	char *tok = path;
	for (;;) {
		char *dot = strchr(tok, '.');
		if (dot)
			*dot = '\0';
		int last = !dot;
		struct node **slot = NULL;
		if (cur->kind == NODE_MAP) {
			slot = map_slot(cur, tok);
			if (!slot) {
				struct node *k, *v;
				k = node_scalar(c, SET_FILE, 0, 0, tok,
						strlen(tok));
				if (!k || node_push(c, cur, k) < 0)
					goto out;
				v = last ? val : node_new(c, NODE_MAP,
							  SET_FILE, 0, 0);
				if (!v || node_push(c, cur, v) < 0) {
					if (last)
						val = NULL;
					/* keep the map well formed */
					node_free(cur->kid[--cur->n]);
					goto out;
				}
				if (last) {
					val = NULL;
					goto out;
				}
				slot = &cur->kid[cur->n - 1];
			}
		} else if (cur->kind == NODE_SEQ) {
			for (int i = 0; i < cur->n && !slot; i++) {
				const char *nm = elem_name(cur->kid[i]);
				if (nm && !strcmp(nm, tok))
					slot = &cur->kid[i];
			}
			if (!slot) {
				no_such_elem(c, cur, parent, tok);
				goto note;
			}
		} else {
			cfg_err_at(c, SET_FILE, 0, 0,
				   "cannot set '%s': '%s' is a value, not a "
				   "mapping", o->path, parent ? parent : "");
			goto note;
		}
		if (last) {
			node_free(*slot);
			*slot = val;
			val = NULL;
			goto out;
		}
		/* "master:" with nothing under it is an empty mapping. */
		if (is_null(*slot)) {
			struct node *m = node_new(c, NODE_MAP, SET_FILE, 0, 0);
			if (!m)
				goto out;
			node_free(*slot);
			*slot = m;
		}
		cur = *slot;
		parent = tok;
		tok = dot + 1;
	}
note:
	diag_note(c->d, "in --set %s=%s", o->path, o->value);
out:
	node_free(val);
	free(path);
}

/* ------------------------------------------------------------------ */
/* Validation helpers                                                   */

enum bound { B_ANY, B_NONNEG, B_POS };

static void check_dups(struct cfg *c, const struct node *map,
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
static void check_keys(struct cfg *c, const struct node *map,
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
				join_names(keys, nkeys, list, sizeof list));
	}
	check_dups(c, map, where);
}

/* Is v a mapping?  Reports "'what' must be a mapping" when not. */
static int want_map(struct cfg *c, const struct node *v, const char *what)
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
static int want_list(struct cfg *c, const struct node *l, const char *key,
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
static void dup_name_err(struct cfg *c, const struct node *v,
			 const char *what, const char *name, int first_line)
{
	if (first_line)
		cfg_err(c, v, "duplicate %s name '%s' (first at line %d)",
			what, name, first_line);
	else
		cfg_err(c, v, "duplicate %s name '%s'", what, name);
}

static int parse_num(const char *s, double *out)
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
static int parse_int(const char *s, long long *out, int *range)
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
	if (parse_num(s, &d) && d == floor(d)) {
		if (fabs(d) > 9.0e18) {
			*range = 1;
			d = d < 0 ? -9.0e18 : 9.0e18;
		}
		*out = (long long)d;
		return 1;
	}
	return 0;
}

static int num_of(struct cfg *c, const struct node *v, const char *key,
		  enum bound b, double *out)
{
	char desc[64];
	if (v->kind != NODE_SCALAR || is_null(v) || !parse_num(v->text, out)) {
		cfg_err(c, v, "'%s' must be a number, got %s", key,
			node_desc(v, desc, sizeof desc));
		return 0;
	}
	if (b == B_NONNEG && *out < 0) {
		cfg_err(c, v, "'%s' must not be negative, got %s", key,
			v->text);
		return 0;
	}
	if (b == B_POS && !(*out > 0)) {
		cfg_err(c, v, "'%s' must be positive, got %s", key, v->text);
		return 0;
	}
	return 1;
}

/* The number at key in map, or def when absent (or wrong: reported). */
static double get_num(struct cfg *c, const struct node *map, const char *key,
		      double def, enum bound b)
{
	const struct node *v = map_get(map, key);
	double x;
	if (!v || !num_of(c, v, key, b, &x))
		return def;
	return x;
}

static int int_of(struct cfg *c, const struct node *v, const char *key,
		  long long min, long long max, long long *out)
{
	char desc[64];
	int range;
	if (v->kind != NODE_SCALAR || is_null(v) ||
	    !parse_int(v->text, out, &range)) {
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

static long long get_int(struct cfg *c, const struct node *map,
			 const char *key, long long def, long long min,
			 long long max)
{
	const struct node *v = map_get(map, key);
	long long x;
	if (!v || !int_of(c, v, key, min, max, &x))
		return def;
	return x;
}

/* A non-empty string value, or NULL (reported) when it is not one. */
static const char *str_of(struct cfg *c, const struct node *v,
			  const char *key)
{
	char desc[64];
	if (v->kind != NODE_SCALAR || is_null(v) || !*v->text) {
		cfg_err(c, v, "'%s' must be a non-empty string, got %s", key,
			node_desc(v, desc, sizeof desc));
		return NULL;
	}
	return v->text;
}

/* The string at key, copied; def (copied) when absent or wrong. */
static char *get_str(struct cfg *c, const struct node *map, const char *key,
		     const char *def)
{
	const struct node *v = map_get(map, key);
	const char *s = v ? str_of(c, v, key) : NULL;
	if (!s)
		s = def;
	return s ? cfg_strdup(c, s) : NULL;
}

/* A map of scalars (policy options, attributes) into kv pairs. */
static void get_kvs(struct cfg *c, const struct node *map, const char *key,
		    const char *where, struct kv **out, int *nout)
{
	const struct node *v = map_get(map, key);
	char desc[64];
	if (!v || is_null(v))
		return;
	if (v->kind != NODE_MAP) {
		cfg_err(c, v, "'%s' must be a mapping of name: value, got %s",
			key, node_desc(v, desc, sizeof desc));
		return;
	}
	check_dups(c, v, where);
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
		e->pos = pos_of(k);
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
static char *get_policy(struct cfg *c, const struct node *map,
			const struct node *where, const char *key,
			enum policy_kind kind, const char *def,
			struct src_pos *pos)
{
	const struct node *v = map ? map_get(map, key) : NULL;
	const char *name = v ? str_of(c, v, key) : def;
	*pos = pos_of(v);
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
				name, suggest(name, names, n, sug, sizeof sug),
				join_names(names, n, list, sizeof list));
		else
			cfg_err(c, where, "default %s '%s' is not available; "
				"valid: %s", what, name,
				join_names(names, n, list, sizeof list));
		free(names);
		return NULL;
	}
	return cfg_strdup(c, name);
}

/* ------------------------------------------------------------------ */
/* Distributions                                                        */

static const struct {
	const char *name;
	const char *param[2];
	int nparam;
} dists[] = {
	[DIST_CONSTANT] = {"constant", {"value", NULL}, 1},
	[DIST_UNIFORM] = {"uniform", {"min", "max"}, 2},
	[DIST_EXPONENTIAL] = {"exponential", {"mean", NULL}, 1},
	[DIST_LOGNORMAL] = {"lognormal", {"mu", "sigma"}, 2},
	[DIST_PARETO] = {"pareto", {"shape", "scale"}, 2},
	[DIST_WEIBULL] = {"weibull", {"shape", "scale"}, 2},
	[DIST_GAMMA] = {"gamma", {"shape", "scale"}, 2},
	[DIST_NORMAL] = {"normal", {"mean", "stddev"}, 2},
	[DIST_EMPIRICAL] = {"empirical", {"file", NULL}, 1},
};
_Static_assert(sizeof dists / sizeof dists[0] == DIST_KINDS,
	       "one entry per enum dist_kind");

static const char *dist_names(char *buf, size_t size)
{
	const char *names[DIST_KINDS];
	for (int i = 0; i < DIST_KINDS; i++)
		names[i] = dists[i].name;
	return join_names(names, DIST_KINDS, buf, size);
}

static char *resolve_path(struct cfg *c, const char *rel);

/*
 * The histogram named by the `file:` node f (relative to the scenario),
 * read now so that `validate` catches a bad file, and kept in the
 * scenario's list: every dist_spec naming it shares it.  NULL after an
 * error (reported: the file's own errors are file:LINE:COL, followed by a
 * note naming the scenario line that asked for it).
 */
static const struct hist *load_hist(struct cfg *c, const struct node *f,
				    const char *what)
{
	struct scenario *sc = c->sc;
	const char *rel = str_of(c, f, "file");
	struct hist *h = NULL;
	if (!rel)
		return NULL;
	char *path = resolve_path(c, rel);
	if (!path)
		return NULL;
	if (access(path, R_OK) != 0) {
		int e = errno;
		if (e == ENOENT || e == ENOTDIR)
			cfg_err(c, f, "histogram file '%s' not found", rel);
		else
			cfg_err(c, f, "cannot read histogram file '%s': %s",
				rel, strerror(e));
		if (strcmp(rel, path))
			diag_note(c->d, "looked for '%s'", path);
		free(path);
		return NULL;
	}
	int rc = hist_load(path, NULL, c->d, &h);
	if (rc) {
		if (f->file == SET_FILE)
			diag_note(c->d, "histogram of '%s', from --set", what);
		else
			diag_note(c->d, "histogram of '%s', named at %s:%d:%d",
				  what, f->file, f->line, f->col);
		if (rc == OS_ENOMEM)
			c->oom = 1;
		free(path);
		return NULL;
	}
	free(path);
	struct hist **v = realloc(sc->hists,
				  sizeof *v * (size_t)(sc->nhists + 1));
	if (!v) {
		hist_free(h);
		c->oom = 1;
		return NULL;
	}
	sc->hists = v;
	sc->hists[sc->nhists++] = h;
	return h;
}

/*
 * A distribution: a plain number (constant) or {dist: NAME, params...}.
 * Every distribution here is over non-negative reals (durations, counts,
 * resources), so a negative constant or uniform minimum is an error.
 */
static void load_dist(struct cfg *c, const struct node *v, const char *what,
		      struct dist_spec *ds)
{
	char desc[64], list[256], sug[128];
	ds->pos = pos_of(v);
	ds->kind = DIST_CONSTANT;
	if (v->kind == NODE_SCALAR && !is_null(v)) {
		double x;
		if (!parse_num(v->text, &x))
			cfg_err(c, v, "'%s' must be a number or a distribution "
				"such as {dist: exponential, mean: 2}, got %s",
				what, node_desc(v, desc, sizeof desc));
		else if (x < 0)
			cfg_err(c, v, "'%s' must not be negative, got %s", what,
				v->text);
		else
			ds->p[0] = x;
		return;
	}
	if (v->kind != NODE_MAP) {
		cfg_err(c, v, "'%s' must be a number or a distribution "
			"mapping, got %s", what,
			node_desc(v, desc, sizeof desc));
		return;
	}
	const struct node *dn = map_get(v, "dist");
	if (!dn) {
		cfg_err(c, v, "distribution '%s' needs 'dist' (one of %s)",
			what, dist_names(list, sizeof list));
		check_dups(c, v, what);
		return;
	}
	const char *name = str_of(c, dn, "dist");
	if (!name) {
		check_dups(c, v, what);
		return;
	}
	int k = -1;
	for (int i = 0; i < DIST_KINDS && k < 0; i++)
		if (!strcmp(dists[i].name, name))
			k = i;
	if (k < 0) {
		const char *names[DIST_KINDS];
		for (int i = 0; i < DIST_KINDS; i++)
			names[i] = dists[i].name;
		cfg_err(c, dn, "unknown distribution '%s'%s; valid: %s", name,
			suggest(name, names, DIST_KINDS, sug, sizeof sug),
			dist_names(list, sizeof list));
		check_dups(c, v, what);
		return;
	}
	ds->kind = (enum dist_kind)k;
	const char *keys[3] = {"dist", dists[k].param[0], dists[k].param[1]};
	char where[96];
	snprintf(where, sizeof where, "%s distribution '%s'", name, what);
	check_keys(c, v, where, keys, 1 + dists[k].nparam);
	if (ds->kind == DIST_EMPIRICAL) {
		const struct node *fn = map_get(v, "file");
		if (!fn)
			cfg_err(c, v, "empirical distribution '%s' needs 'file' "
				"(a histogram: rows of lower,upper,count)",
				what);
		else
			ds->hist = load_hist(c, fn, what);
		return;
	}

	const struct node *pn[2] = {NULL, NULL};
	int ok = 1;
	for (int j = 0; j < dists[k].nparam; j++) {
		const char *pname = dists[k].param[j];
		pn[j] = map_get(v, pname);
		if (!pn[j]) {
			cfg_err(c, v, "%s distribution '%s' needs '%s'", name,
				what, pname);
			ok = 0;
		} else if (!num_of(c, pn[j], pname, B_ANY, &ds->p[j])) {
			ok = 0;
		}
	}
	if (!ok)
		return;
	/* Which parameter must be >= 0 / > 0, per kind (first, second). */
	enum bound need[2] = {B_ANY, B_ANY};
	switch (ds->kind) {
	case DIST_CONSTANT: need[0] = B_NONNEG; break;
	case DIST_UNIFORM: need[0] = B_NONNEG; need[1] = B_NONNEG; break;
	case DIST_EXPONENTIAL: need[0] = B_POS; break;
	case DIST_LOGNORMAL: need[1] = B_POS; break;
	case DIST_PARETO:
	case DIST_WEIBULL:
	case DIST_GAMMA: need[0] = B_POS; need[1] = B_POS; break;
	/* Resampling a normal truncated at 0 must terminate: mean >= 0. */
	case DIST_NORMAL: need[0] = B_NONNEG; need[1] = B_POS; break;
	default: break;
	}
	for (int j = 0; j < dists[k].nparam; j++) {
		double x = ds->p[j];
		if (need[j] == B_NONNEG && x < 0)
			cfg_err(c, pn[j], "'%s' of '%s' must not be negative, "
				"got %s", dists[k].param[j], what, pn[j]->text);
		else if (need[j] == B_POS && !(x > 0))
			cfg_err(c, pn[j], "'%s' of '%s' must be positive, "
				"got %s", dists[k].param[j], what, pn[j]->text);
	}
	if (ds->kind == DIST_UNIFORM && ds->p[0] > ds->p[1])
		cfg_err(c, pn[0], "'min' of '%s' (%s) must not exceed 'max' "
			"(%s)", what, pn[0]->text, pn[1]->text);
}

/* ------------------------------------------------------------------ */
/* Roles, reservations, quota: shared helpers                           */

/* A boolean at key (true/false), or def when absent (or wrong: reported). */
static int get_bool(struct cfg *c, const struct node *map, const char *key,
		    int def)
{
	const struct node *v = map_get(map, key);
	char desc[64];
	if (!v)
		return def;
	if (v->kind == NODE_SCALAR && v->plain) {
		if (!strcmp(v->text, "true"))
			return 1;
		if (!strcmp(v->text, "false"))
			return 0;
	}
	cfg_err(c, v, "'%s' must be true or false, got %s", key,
		node_desc(v, desc, sizeof desc));
	return def;
}

/*
 * Mesos's rules for role names: "*" alone, or '/'-separated components
 * that are not empty, "." or "..", do not start with '-', and hold no
 * blank or control character.  Reports at v and returns 0 when bad.
 */
static int check_role_name(struct cfg *c, const struct node *v,
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

/* A mapping of resource name: non-negative quantity into out (entries not
 * named stay as they are; has[r] set for each named one, when has). */
static void load_res_map(struct cfg *c, const struct node *m,
			 const char *what, resq_t *out, int *has)
{
	struct scenario *sc = c->sc;
	char list[512];
	if (!want_map(c, m, what))
		return;
	check_dups(c, m, what);
	const char *names[RES_MAX];
	for (int i = 0; i < sc->res.n; i++)
		names[i] = sc->res.name[i];
	for (int i = 0; i + 1 < m->n; i += 2) {
		const struct node *k = m->kid[i], *v = m->kid[i + 1];
		int ri = res_find(&sc->res, k->text);
		double x;
		if (ri < 0) {
			if (sc->res.n)
				cfg_err(c, k, "resource '%s' is not provided by "
					"any agent (agents provide: %s)", k->text,
					join_names(names, sc->res.n, list,
						   sizeof list));
			continue;
		}
		if (!num_of(c, v, k->text, B_NONNEG, &x))
			continue;
		if (x > CFG_MAX_RES) {
			cfg_err(c, v, "'%s' is too large (at most %.0g)",
				k->text, CFG_MAX_RES);
			continue;
		}
		out[ri] = resq_from_double(x);
		if (has)
			has[ri] = 1;
	}
}

/* quota: {guarantee: {...}, limit: {...}} into q. */
static void load_quota(struct cfg *c, const struct node *v,
		       struct quota_spec *q)
{
	static const char *const keys[] = {"guarantee", "limit"};
	int hasl[RES_MAX] = {0};
	for (int r = 0; r < RES_MAX; r++)
		q->limit[r] = QUOTA_NO_LIMIT;
	if (!want_map(c, v, "'quota'"))
		return;
	check_keys(c, v, "quota", keys, N_OF(keys));
	const struct node *g = map_get(v, "guarantee");
	const struct node *l = map_get(v, "limit");
	if (g) {
		int has[RES_MAX] = {0};
		load_res_map(c, g, "'guarantee'", q->guarantee, has);
		for (int r = 0; r < RES_MAX; r++)
			q->has_guarantee |= has[r] && q->guarantee[r] > 0;
	}
	if (l) {
		load_res_map(c, l, "'limit'", q->limit, hasl);
		for (int r = 0; r < RES_MAX; r++)
			q->has_limit |= hasl[r];
	}
	for (int r = 0; r < c->sc->res.n; r++)
		if (hasl[r] && q->guarantee[r] > q->limit[r])
			cfg_err(c, l, "quota guarantee of %s exceeds its limit",
				c->sc->res.name[r]);
}

/* reserved: {role: {cpus: 2, ...}, ...} of an agent group. */
static void load_reserved(struct cfg *c, const struct node *g,
			  const char *where, struct agent_group *ag)
{
	const struct node *m = map_get(g, "reserved");
	if (!m || is_null(m) || !want_map(c, m, "'reserved'"))
		return;
	check_dups(c, m, "reserved");
	resq_t sum[RES_MAX] = {0};
	for (int i = 0; i + 1 < m->n; i += 2) {
		const struct node *k = m->kid[i], *v = m->kid[i + 1];
		if (!check_role_name(c, k, k->text))
			continue;
		if (!strcmp(k->text, "*")) {
			cfg_err(c, k, "resources cannot be reserved for role '*'");
			continue;
		}
		if (ag->nresv == AGENT_RESV_MAX) {
			cfg_err(c, k, "at most %d reservations per agent group",
				AGENT_RESV_MAX);
			break;
		}
		struct resv_spec *rs = &ag->resv[ag->nresv++];
		rs->role = cfg_strdup(c, k->text);
		rs->pos = pos_of(k);
		load_res_map(c, v, "'reserved'", rs->res, NULL);
		res_add(sum, rs->res, RES_MAX);
	}
	for (int r = 0; r < c->sc->res.n; r++)
		if (sum[r] > ag->res[r])
			cfg_err(c, m, "%s reserves more %s than it has",
				where, c->sc->res.name[r]);
}

/* ------------------------------------------------------------------ */
/* Sections                                                             */

static void load_group(struct cfg *c, const struct node *g, int idx,
		       struct agent_group *ag)
{
	static const char *const keys[] = {
		"name", "count", "resources", "attributes", "reserved",
		"absent",
	};
	struct scenario *sc = c->sc;
	char where[96], desc[64];
	ag->pos = pos_of(g);
	ag->count = 1;
	if (g->kind != NODE_MAP) {
		cfg_err(c, g, "agent group #%d must be a mapping such as "
			"{name: small, count: 1, resources: {cpus: 2}}, got %s",
			idx + 1, node_desc(g, desc, sizeof desc));
		return;
	}
	const char *nm = elem_name(g);
	if (nm && *nm)
		snprintf(where, sizeof where, "agent group '%.40s'", nm);
	else
		snprintf(where, sizeof where, "agent group #%d", idx + 1);
	check_keys(c, g, where, keys, N_OF(keys));
	if (!map_get(g, "name"))
		cfg_err(c, g, "missing required key 'name' in %s", where);
	ag->name = get_str(c, g, "name", NULL);
	ag->count = (int)get_int(c, g, "count", 1, 1, INT_MAX);

	const struct node *r = map_get(g, "resources");
	if (!r) {
		cfg_err(c, g, "missing required key 'resources' in %s", where);
	} else if (want_map(c, r, "'resources'")) {
		if (r->n == 0)
			cfg_err(c, r, "'resources' of %s must name at least "
				"one resource", where);
		check_dups(c, r, where);
		for (int i = 0; i + 1 < r->n; i += 2) {
			const struct node *k = r->kid[i], *v = r->kid[i + 1];
			int ri = *k->text ? res_intern(&sc->res, k->text) : -1;
			if (!*k->text)
				cfg_err(c, k, "empty resource name");
			else if (ri < 0 && strlen(k->text) >= RES_NAME_MAX)
				cfg_err(c, k, "resource name '%s' is longer "
					"than %d characters", k->text,
					RES_NAME_MAX - 1);
			else if (ri < 0)
				cfg_err(c, k, "too many distinct resource "
					"names (at most %d)", RES_MAX);
			double x;
			if (!num_of(c, v, k->text, B_NONNEG, &x))
				continue;
			if (x > CFG_MAX_RES) {
				cfg_err(c, v, "'%s' is too large (at most "
					"%.0g)", k->text, CFG_MAX_RES);
				continue;
			}
			if (ri >= 0)
				ag->res[ri] = resq_from_double(x);
		}
	}
	get_kvs(c, g, "attributes", where, &ag->attrs, &ag->nattrs);
	load_reserved(c, g, where, ag);
	ag->absent = get_bool(c, g, "absent", 0);
}

static char *resolve_path(struct cfg *c, const char *rel);

/*
 * The workload mapping of the first framework from *i on (in the raw
 * scenario, before the frameworks are loaded) whose format is fmt, with *i
 * left on that framework; NULL when none is left.
 */
static const struct node *framework_workload(const struct node *root,
					     const char *fmt, int *i)
{
	const struct node *fl = map_get(root, "frameworks");
	for (; fl && fl->kind == NODE_SEQ && *i < fl->n; ++*i) {
		const struct node *f = fl->kid[*i];
		const struct node *wl = f->kind == NODE_MAP
					? map_get(f, "workload") : NULL;
		if (!wl || wl->kind != NODE_MAP)
			continue;
		const struct node *fm = map_get(wl, "format");
		if (fm && fm->kind == NODE_SCALAR && !strcmp(fm->text, fmt))
			return wl;
	}
	return NULL;
}

/*
 * The scale a framework reading format fmt gives its trace (options.scale.
 * KEY, or options: {scale.KEY: ...} flattened), so that a cluster taken
 * from the same trace is in the same units; def when none says.
 */
static double framework_scale(const struct node *root, const char *fmt,
			      const char *key, double def)
{
	const struct node *wl;
	char dotted[32];
	snprintf(dotted, sizeof dotted, "scale.%s", key);
	for (int i = 0; (wl = framework_workload(root, fmt, &i)); i++) {
		const struct node *o = map_get(wl, "options");
		if (!o || o->kind != NODE_MAP)
			continue;
		const struct node *s = map_get(o, "scale"), *v = NULL;
		if (s && s->kind == NODE_MAP)
			v = map_get(s, key);
		if (!v)
			v = map_get(o, dotted);
		double x;
		if (v && v->kind == NODE_SCALAR && parse_num(v->text, &x) &&
		    x >= 0)
			return x;
	}
	return def;
}

/* The trace of the first framework reading format fmt, or NULL. */
static const struct node *framework_trace(const struct node *root,
					  const char *fmt)
{
	const struct node *wl;
	for (int i = 0; (wl = framework_workload(root, fmt, &i)); i++) {
		const struct node *t = map_get(wl, "trace");
		if (t && t->kind == NODE_SCALAR && *t->text)
			return t;
	}
	return NULL;
}

/*
 * cluster: {from_trace: {trace: FILE, format: F, scale: {cpus: C, mem: M},
 * machines: N, nodes: BOOL}}: the agent groups of a trace's machine table
 * (workloads/machines.h).
 */
static void load_from_trace(struct cfg *c, const struct node *root,
			    const struct node *ft)
{
	static const char *const keys[] = {
		"trace", "format", "scale", "machines", "nodes",
	};
	struct scenario *sc = c->sc;
	char list[256], sug[128];
	const char *formats[8];
	int nformats = wl_format_names(formats, N_OF(formats), WL_FMT_MACHINES);
	int errors = diag_errors(c->d);
	if (!want_map(c, ft, "'from_trace'"))
		return;
	check_keys(c, ft, "from_trace", keys, N_OF(keys));
	const struct node *fm = map_get(ft, "format");
	const char *fmt = fm ? str_of(c, fm, "format") : NULL;
	if (!fm)
		cfg_err(c, ft, "missing required key 'format' in from_trace "
			"(%s)", join_names(formats, nformats, list, sizeof list));
	if (!fmt)
		return;
	const struct wl_format *wf = wl_format_find(fmt);
	if (!wf || !wf->machines) {
		cfg_err(c, fm, "from_trace reads no format '%s'%s; valid: %s",
			fmt, suggest(fmt, formats, nformats, sug, sizeof sug),
			join_names(formats, nformats, list, sizeof list));
		return;
	}
	/* What the format's machine table is like (its table row). */
	int scale_cpus = wf->machines->scale & WL_MSCALE_CPUS;
	int scale_mem = wf->machines->scale & WL_MSCALE_MEM;
	int header = wf->machines->from_header;
	struct wl_machine_opts o = {.format = fmt};

	const struct node *t = map_get(ft, "trace");
	if (!t && header)
		t = framework_trace(root, fmt);
	if (!t) {
		cfg_err(c, ft, "missing required key 'trace' in "
			"from_trace%s%s%s", header ? " (and no framework reads an " : "",
			header ? fmt : "", header ? " trace)" : "");
		return;
	}
	const char *rel = str_of(c, t, "trace");
	if (!rel)
		return;
	char *path = resolve_path(c, rel);
	struct stat st;
	if (!path)
		return;
	if (stat(path, &st) != 0 || S_ISDIR(st.st_mode) ||
	    access(path, R_OK) != 0) {
		cfg_err(c, t, "cannot read machine table '%s'", rel);
		if (strcmp(rel, path))
			diag_note(c->d, "looked for '%s'", path);
		free(path);
		return;
	}
	o.path = path;

	/* The workload's scale by default: the same units on both sides. */
	o.scale_cpus = scale_cpus ? framework_scale(root, fmt, "cpus", 1) : 1;
	o.scale_mem = scale_mem ? framework_scale(root, fmt, "mem", 1) : 1;
	const struct node *s = map_get(ft, "scale");
	if (s && !scale_cpus && !scale_mem) {
		cfg_err(c, s, "'scale' does not apply to format %s, whose "
			"capacities are in real units", fmt);
	} else if (s && want_map(c, s, "'scale'")) {
		static const char *const skeys[] = {"cpus", "mem"};
		check_keys(c, s, "scale", skeys, N_OF(skeys));
		if (!scale_cpus && map_get(s, "cpus"))
			cfg_err(c, map_get(s, "cpus"), "%s gives "
				"cores: only 'mem' is scaled", fmt);
		o.scale_cpus = get_num(c, s, "cpus", o.scale_cpus, B_POS);
		o.scale_mem = get_num(c, s, "mem", o.scale_mem, B_POS);
	}
	const struct node *m = map_get(ft, "machines");
	if (m && header)
		cfg_err(c, m, "'machines' does not apply to format %s: the "
			"header gives the machine", fmt);
	else if (m)
		o.machines = (long)get_int(c, ft, "machines", 0, 1, INT_MAX);
	const struct node *nd = map_get(ft, "nodes");
	if (nd && !header)
		cfg_err(c, nd, "'nodes' applies to format %s only",
			wl_format_list(list, sizeof list,
				       WL_FMT_MACHINE_HEADER, NULL));
	else if (nd)
		o.nodes = get_bool(c, ft, "nodes", 0);
	if (diag_errors(c->d) > errors) {
		free(path);
		return;
	}

	struct wl_machine_group *g;
	int n = wl_machines_read(&o, &sc->res, c->d, &g);
	free(path);
	if (n <= 0)
		return;
	sc->groups = cfg_calloc(c, (size_t)n, sizeof *sc->groups);
	for (int i = 0; sc->groups && i < n; i++) {
		struct agent_group *ag = &sc->groups[i];
		ag->name = cfg_strdup(c, g[i].name);
		ag->count = g[i].count;
		memcpy(ag->res, g[i].res, sizeof ag->res);
		ag->pos = pos_of(ft);
	}
	if (sc->groups)
		sc->ngroups = n;
	free(g);
}

static void load_cluster(struct cfg *c, const struct node *root)
{
	static const char *const keys[] = {"agents", "from_trace"};
	struct scenario *sc = c->sc;
	const struct node *cl = map_get(root, "cluster");
	if (!cl) {
		cfg_err(c, root, "missing required key 'cluster'");
		return;
	}
	if (!want_map(c, cl, "'cluster'"))
		return;
	check_keys(c, cl, "cluster", keys, N_OF(keys));
	const struct node *ag = map_get(cl, "agents");
	const struct node *ft = map_get(cl, "from_trace");
	if (ag && ft) {
		cfg_err(c, ft, "cluster takes 'agents' or 'from_trace', not "
			"both");
		return;
	}
	if (ft) {
		load_from_trace(c, root, ft);
		return;
	}
	if (!ag) {
		cfg_err(c, cl, "missing required key 'agents' (or 'from_trace') "
			"in cluster");
		return;
	}
	if (!want_list(c, ag, "agents", "agent groups", "agent group"))
		return;
	sc->groups = cfg_calloc(c, (size_t)ag->n, sizeof *sc->groups);
	if (!sc->groups)
		return;
	sc->ngroups = ag->n;
	for (int i = 0; i < ag->n; i++)
		load_group(c, ag->kid[i], i, &sc->groups[i]);
	for (int i = 0; i < ag->n; i++)
		for (int j = 0; j < i; j++) {
			const char *a = sc->groups[i].name;
			const char *b = sc->groups[j].name;
			if (!a || !b || strcmp(a, b))
				continue;
			dup_name_err(c, map_get(ag->kid[i], "name"),
				     "agent group", a, sc->groups[j].pos.line);
			break;
		}
}

/*
 * min_allocatable_resources: a list of resource maps; an offer must hold
 * at least every quantity of one of them.  Mesos's default is
 * cpus:0.01|mem:32 (either one), used when the key is absent; a
 * scenario without cpus and mem makes any positive quantity allocatable.
 */
static void load_min_alloc(struct cfg *c, const struct node *m)
{
	struct scenario *sc = c->sc;
	char desc[64];
	const struct node *v = m ? map_get(m, "min_allocatable_resources")
				 : NULL;
	if (!v) {
		int cpus = res_find(&sc->res, "cpus");
		int mem = res_find(&sc->res, "mem");
		if (cpus >= 0) {
			sc->min_alloc[sc->nmin_alloc][cpus] = 10;
			sc->min_alloc_has[sc->nmin_alloc++][cpus] = 1;
		}
		if (mem >= 0) {
			sc->min_alloc[sc->nmin_alloc][mem] = 32 * RES_SCALE;
			sc->min_alloc_has[sc->nmin_alloc++][mem] = 1;
		}
		return;
	}
	if (v->kind != NODE_SEQ) {
		cfg_err(c, v, "'min_allocatable_resources' must be a list of "
			"resource maps such as [{cpus: 0.01}, {mem: 32}], got %s",
			node_desc(v, desc, sizeof desc));
		return;
	}
	for (int i = 0; i < v->n; i++) {
		if (i == MIN_ALLOC_SETS) {
			cfg_err(c, v->kid[i], "at most %d sets in "
				"'min_allocatable_resources'", MIN_ALLOC_SETS);
			break;
		}
		load_res_map(c, v->kid[i], "an entry of "
			     "'min_allocatable_resources'",
			     sc->min_alloc[i], sc->min_alloc_has[i]);
		sc->nmin_alloc++;
	}
}

static void load_master(struct cfg *c, const struct node *root)
{
	static const char *const keys[] = {
		"allocator", "allocator_options", "allocation_interval",
		"offer_timeout", "agent_order", "min_allocatable_resources",
	};
	struct scenario *sc = c->sc;
	const struct node *m = map_get(root, "master");
	if (m && is_null(m))
		m = NULL;
	if (m && !want_map(c, m, "'master'"))
		m = NULL;
	sc->allocation_interval = 1;
	load_min_alloc(c, m);
	if (!m) {
		sc->allocator = get_policy(c, NULL, root, "allocator",
					   POLICY_ALLOCATOR, "drf",
					   &sc->allocator_pos);
		return;
	}
	check_keys(c, m, "master", keys, N_OF(keys));
	sc->allocator = get_policy(c, m, m, "allocator", POLICY_ALLOCATOR,
				   "drf", &sc->allocator_pos);
	get_kvs(c, m, "allocator_options", "allocator_options",
		&sc->allocator_opts, &sc->nallocator_opts);
	sc->allocation_interval = get_num(c, m, "allocation_interval", 1,
					  B_NONNEG);
	sc->offer_timeout = get_num(c, m, "offer_timeout", 0, B_NONNEG);
	char *order = get_str(c, m, "agent_order", "shuffle");
	if (order && strcmp(order, "shuffle") && strcmp(order, "id"))
		cfg_err(c, map_get(m, "agent_order"), "'agent_order' must be "
			"shuffle or id, got '%s'", order);
	sc->agent_order_id = order && !strcmp(order, "id");
	free(order);
}

static char *resolve_path(struct cfg *c, const char *rel)
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
 * The `options:` map of a trace workload as kv pairs, nested maps flattened
 * to dotted keys: only the reader knows its options, and flat pairs keep
 * struct kv (and the readers' getters) simple.
 */
static void flatten_opts(struct cfg *c, const struct node *map,
			 const char *prefix, struct workload_spec *w)
{
	char desc[64], key[128];
	check_dups(c, map, "options");
	for (int i = 0; i + 1 < map->n; i += 2) {
		const struct node *k = map->kid[i], *x = map->kid[i + 1];
		snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "." : "",
			 k->text);
		if (x->kind == NODE_MAP) {
			flatten_opts(c, x, key, w);
			continue;
		}
		if (x->kind != NODE_SCALAR) {
			cfg_err(c, x, "option '%s' must be a single value or a "
				"mapping, got %s", key,
				node_desc(x, desc, sizeof desc));
			continue;
		}
		struct kv *nk = realloc(w->opts, sizeof *nk * (size_t)(w->nopts + 1));
		if (!nk) {
			cfg_err(c, x, "out of memory");
			return;
		}
		w->opts = nk;
		struct kv *e = &w->opts[w->nopts++];
		memset(e, 0, sizeof *e);
		e->pos = pos_of(k);
		e->key = cfg_strdup(c, key);
		e->value = cfg_strdup(c, x->text);
	}
}

static void load_trace(struct cfg *c, const struct node *wl,
		       const struct node *t, struct workload_spec *w)
{
	const char *formats[64];
	int nformats = wl_format_names(formats, N_OF(formats), 0);
	char sug[128], list[256];
	const struct node *f = map_get(wl, "format");
	const char *fmt = f ? str_of(c, f, "format") : NULL;
	const struct wl_format *wf =
		wl_format_find(fmt ? fmt : wl_format_default()->name);
	if (fmt && !wf)
		cfg_err(c, f, "unknown trace format '%s'%s; valid "
			"formats: %s", fmt,
			suggest(fmt, formats, nformats, sug, sizeof sug),
			join_names(formats, nformats, list, sizeof list));
	const char *rel = str_of(c, t, "trace");
	if (rel) {
		w->trace = resolve_path(c, rel);
		struct stat st;
		if (!w->trace) {
			/* out of memory, already noted */
		} else if (stat(w->trace, &st) != 0) {
			int e = errno;
			if (e == ENOENT || e == ENOTDIR)
				cfg_err(c, t, "trace file '%s' not found", rel);
			else
				cfg_err(c, t, "cannot read trace file '%s': %s",
					rel, strerror(e));
			if (strcmp(rel, w->trace))
				diag_note(c->d, "looked for '%s'", w->trace);
		} else if (S_ISDIR(st.st_mode) &&
			   !(wf && wf->takes_dir)) {
			cfg_err(c, t, "trace file '%s' is a directory", rel);
		} else if (access(w->trace, R_OK) != 0) {
			cfg_err(c, t, "cannot read trace file '%s': %s", rel,
				strerror(errno));
		}
	}
	w->skip = (long)get_int(c, wl, "skip", 0, 0, LONG_MAX);
	w->limit = (long)get_int(c, wl, "limit", 0, 0, LONG_MAX);
	w->lenient = get_bool(c, wl, "lenient", 0);
	const struct node *o = map_get(wl, "options");
	if (o && !is_null(o) && want_map(c, o, "'options'"))
		flatten_opts(c, o, "", w);
}

/* The largest diurnal profile: a minute per bin over a week is 10080. */
#define CFG_MAX_PROFILE 100000

/*
 * A list of numbers at node v into a new array (*out, *n).  exact > 0
 * demands that many; otherwise 1..max.  Each must meet b; at least one
 * must be positive when want_pos.  Returns 1 when all is well.
 */
static int num_list(struct cfg *c, const struct node *v, const char *key,
		    int exact, int max, enum bound b, int want_pos,
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
		if (!num_of(c, v->kid[i], key, b, &a[i]))
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

static const char *const arrival_procs[] = {
	"poisson", "diurnal", "bursty", "fixed", "empirical",
};

/* arrival: {process: NAME, ...} */
static void load_process(struct cfg *c, const struct node *v,
			 const struct node *pn, struct synth_spec *sy)
{
	static const char *const keys[][6] = {
		{"process", "rate", "mean"},
		{"process", "rate", "amplitude", "profile", "period", "phase"},
		{"process", "rates", "sojourn"},
		{"process", "interval"},
		{"process", "file"},
	};
	static const int nkeys[] = {3, 6, 3, 2, 2};
	struct arrival_spec *p = &sy->proc;
	char sug[128], list[256], where[64];
	const char *name = str_of(c, pn, "process");
	const struct node *x;
	int k = -1;
	if (!name) {
		check_dups(c, v, "arrival");
		return;
	}
	for (int i = 0; i < N_OF(arrival_procs) && k < 0; i++)
		if (!strcmp(arrival_procs[i], name))
			k = i;
	if (k < 0) {
		cfg_err(c, pn, "unknown arrival process '%s'%s; valid: %s",
			name, suggest(name, arrival_procs, N_OF(arrival_procs),
				      sug, sizeof sug),
			join_names(arrival_procs, N_OF(arrival_procs), list,
				   sizeof list));
		check_dups(c, v, "arrival");
		return;
	}
	snprintf(where, sizeof where, "%s arrival process", name);
	check_keys(c, v, where, keys[k], nkeys[k]);
	p->kind = ARRIVAL_RENEWAL;
	sy->arrival.pos = pos_of(v);
	switch (k) {
	case 0: {   /* poisson: exponential gaps */
		const struct node *r = map_get(v, "rate");
		const struct node *m = map_get(v, "mean");
		double x1;
		sy->arrival.kind = DIST_EXPONENTIAL;
		sy->arrival.p[0] = 1;
		if (r && m)
			cfg_err(c, m, "poisson arrivals take 'rate' (jobs per "
				"second) or 'mean' (seconds between jobs), "
				"not both");
		else if (!r && !m)
			cfg_err(c, v, "poisson arrivals need 'rate' (jobs per "
				"second) or 'mean' (seconds between jobs)");
		else if (r && num_of(c, r, "rate", B_POS, &x1))
			sy->arrival.p[0] = 1 / x1;
		else if (m && num_of(c, m, "mean", B_POS, &x1))
			sy->arrival.p[0] = x1;
		break;
	}
	case 1:     /* diurnal */
		p->kind = ARRIVAL_DIURNAL;
		p->pos = pos_of(v);
		if (!map_get(v, "rate"))
			cfg_err(c, v, "diurnal arrivals need 'rate' (the mean "
				"rate over the period, jobs per second)");
		p->rate = get_num(c, v, "rate", 1, B_POS);
		p->period = get_num(c, v, "period", 86400, B_POS);
		p->phase = get_num(c, v, "phase", 0, B_ANY);
		x = map_get(v, "profile");
		if (x && map_get(v, "amplitude")) {
			cfg_err(c, map_get(v, "amplitude"), "diurnal arrivals "
				"take 'amplitude' (a sinusoid) or 'profile' "
				"(relative rates), not both");
		} else if (x) {
			num_list(c, x, "profile", 0, CFG_MAX_PROFILE,
				 B_NONNEG, 1, &p->profile, &p->nprofile);
		} else if (!map_get(v, "amplitude")) {
			cfg_err(c, v, "diurnal arrivals need 'amplitude' (of a "
				"sinusoid, 0 to 1) or 'profile' (relative "
				"rates, e.g. 24 hourly values)");
		} else {
			p->amplitude = get_num(c, v, "amplitude", 0,
					       B_NONNEG);
			if (p->amplitude > 1)
				cfg_err(c, map_get(v, "amplitude"),
					"'amplitude' must be between 0 and 1 "
					"(the rate would go negative), got %s",
					map_get(v, "amplitude")->text);
		}
		break;
	case 2: {   /* bursty */
		double *a;
		int n;
		p->kind = ARRIVAL_BURSTY;
		p->pos = pos_of(v);
		p->rates[0] = p->rates[1] = 1;
		p->sojourn[0] = p->sojourn[1] = 1;
		if (!map_get(v, "rates") || !map_get(v, "sojourn"))
			cfg_err(c, v, "bursty arrivals need 'rates' (jobs per "
				"second in each of the two states) and "
				"'sojourn' (mean seconds in each)");
		if ((x = map_get(v, "rates")) &&
		    num_list(c, x, "rates", 2, 2, B_NONNEG, 1, &a, &n)) {
			memcpy(p->rates, a, sizeof p->rates);
			free(a);
		}
		if ((x = map_get(v, "sojourn")) &&
		    num_list(c, x, "sojourn", 2, 2, B_POS, 0, &a, &n)) {
			memcpy(p->sojourn, a, sizeof p->sojourn);
			free(a);
		}
		break;
	}
	case 3:     /* fixed: constant gaps */
		sy->arrival.kind = DIST_CONSTANT;
		if (!(x = map_get(v, "interval")))
			cfg_err(c, v, "fixed arrivals need 'interval' (seconds "
				"between jobs)");
		else
			num_of(c, x, "interval", B_NONNEG, &sy->arrival.p[0]);
		break;
	case 4:     /* empirical: gaps from a histogram */
		sy->arrival.kind = DIST_EMPIRICAL;
		if (!(x = map_get(v, "file")))
			cfg_err(c, v, "empirical arrivals need 'file' (a "
				"histogram of interarrival times: rows of "
				"lower,upper,count)");
		else
			sy->arrival.hist = load_hist(c, x, "arrival");
		break;
	}
}

/* arrival: a number or distribution (a renewal process), or a process. */
static void load_arrival(struct cfg *c, const struct node *v,
			 struct synth_spec *sy)
{
	char list[256];
	const struct node *pn = v->kind == NODE_MAP ? map_get(v, "process")
						    : NULL;
	const struct node *dn = v->kind == NODE_MAP ? map_get(v, "dist")
						    : NULL;
	if (pn && dn) {
		cfg_err(c, dn, "'arrival' takes 'process' (an arrival "
			"process) or 'dist' (an interarrival distribution), "
			"not both");
	} else if (pn) {
		load_process(c, v, pn, sy);
	} else if (v->kind == NODE_MAP && !dn) {
		cfg_err(c, v, "'arrival' needs 'process' (one of %s) or 'dist' "
			"(an interarrival distribution)",
			join_names(arrival_procs, N_OF(arrival_procs), list,
				   sizeof list));
		check_dups(c, v, "arrival");
	} else {
		load_dist(c, v, "arrival", &sy->arrival);
	}
}

/*
 * priority: an integer (of any sign) or a distribution, rounded per job.
 */
static void load_priority(struct cfg *c, const struct node *v,
			  struct dist_spec *ds)
{
	long long x;
	if (v->kind == NODE_SCALAR) {
		ds->kind = DIST_CONSTANT;
		ds->pos = pos_of(v);
		if (int_of(c, v, "priority", INT_MIN, INT_MAX, &x))
			ds->p[0] = (double)x;
		return;
	}
	load_dist(c, v, "priority", ds);
}

/* estimate: {factor: DIST} */
static void load_estimate(struct cfg *c, const struct node *v,
			  struct synth_class *k)
{
	static const char *const keys[] = {"factor"};
	const struct node *f;
	if (!want_map(c, v, "'estimate'"))
		return;
	check_keys(c, v, "estimate", keys, N_OF(keys));
	if (!(f = map_get(v, "factor"))) {
		cfg_err(c, v, "'estimate' needs 'factor' (the user's estimate "
			"is the duration times a draw of it), e.g. {factor: "
			"{dist: uniform, min: 1, max: 5}}");
		return;
	}
	load_dist(c, f, "factor", &k->estimate);
	k->has_estimate = 1;
}

/*
 * The keys a job class shares with the workload level: duration,
 * tasks_per_job, resources, priority, estimate.  Keys that m does not
 * have leave k as it is, and resources merge name by name, so a class
 * starts from the workload's settings and overrides what it names.
 * *has_duration is set when m gives a duration.
 */
static void load_class_keys(struct cfg *c, const struct node *m,
			    struct synth_class *k, int *has_duration)
{
	struct scenario *sc = c->sc;
	const struct node *v;
	char list[512];
	if ((v = map_get(m, "duration"))) {
		load_dist(c, v, "duration", &k->duration);
		*has_duration = 1;
	}
	if ((v = map_get(m, "tasks_per_job"))) {
		int before = diag_errors(c->d);
		load_dist(c, v, "tasks_per_job", &k->tasks_per_job);
		/* A job of zero tasks is a mistake, not a rounding detail. */
		if (diag_errors(c->d) == before &&
		    k->tasks_per_job.kind == DIST_CONSTANT &&
		    k->tasks_per_job.p[0] < 1)
			cfg_err(c, v, "'tasks_per_job' must be at least 1");
	}
	if ((v = map_get(m, "priority")))
		load_priority(c, v, &k->priority);
	if ((v = map_get(m, "estimate")))
		load_estimate(c, v, k);

	const struct node *r = map_get(m, "resources");
	if (!r || is_null(r) || !want_map(c, r, "'resources'"))
		return;
	check_dups(c, r, "resources");
	const char *have[RES_MAX];
	int seen[RES_MAX] = {0};
	for (int i = 0; i < sc->res.n; i++)
		have[i] = sc->res.name[i];
	for (int i = 0; i + 1 < r->n; i += 2) {
		const struct node *kn = r->kid[i];
		int ri = res_find(&sc->res, kn->text);
		if (ri < 0) {
			/* With no resources at all, the cluster already
			 * failed; one error there is enough. */
			if (sc->res.n == 0)
				continue;
			cfg_err(c, kn, "resource '%s' is not provided by any "
				"agent (agents provide: %s)", kn->text,
				join_names(have, sc->res.n, list, sizeof list));
			continue;
		}
		if (seen[ri])
			continue;   /* a duplicate key, reported above */
		seen[ri] = 1;
		load_dist(c, r->kid[i + 1], kn->text, &k->res[ri]);
		k->has_res[ri] = 1;
	}
}

/* Class names become part of stream names ("duration/web/short"). */
static int class_name_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
		      *s == '.'))
			return 0;
	return 1;
}

static void load_classes(struct cfg *c, const struct node *l, const char *fw,
			 const struct synth_class *def, int def_duration,
			 struct synth_spec *sy)
{
	static const char *const keys[] = {
		"name", "weight", "duration", "tasks_per_job", "resources",
		"priority", "estimate",
	};
	char desc[64], where[128];
	if (!want_list(c, l, "classes", "job classes", "class"))
		return;
	sy->classes = cfg_calloc(c, (size_t)l->n, sizeof *sy->classes);
	if (!sy->classes)
		return;
	sy->nclasses = l->n;
	for (int i = 0; i < l->n; i++) {
		const struct node *e = l->kid[i];
		struct synth_class *k = &sy->classes[i];
		int has_duration = def_duration;
		*k = *def;
		k->name = NULL;
		k->pos = pos_of(e);
		if (e->kind != NODE_MAP) {
			cfg_err(c, e, "class #%d must be a mapping, got %s",
				i + 1, node_desc(e, desc, sizeof desc));
			continue;
		}
		const char *nm = elem_name(e);
		if (nm && *nm)
			snprintf(where, sizeof where, "class '%.40s' of "
				 "framework '%.40s'", nm, fw);
		else
			snprintf(where, sizeof where, "class #%d of framework "
				 "'%.40s'", i + 1, fw);
		check_keys(c, e, where, keys, N_OF(keys));
		if (!map_get(e, "name"))
			cfg_err(c, e, "missing required key 'name' in %s",
				where);
		k->name = get_str(c, e, "name", NULL);
		if (k->name && !class_name_ok(k->name))
			cfg_err(c, map_get(e, "name"), "class name '%s' may "
				"only hold letters, digits, '_', '-' and '.'",
				k->name);
		for (int j = 0; k->name && j < i; j++) {
			const struct synth_class *o = &sy->classes[j];
			if (!o->name || strcmp(o->name, k->name))
				continue;
			dup_name_err(c, map_get(e, "name"), "class", k->name,
				     o->pos.line);
			break;
		}
		k->weight = get_num(c, e, "weight", 1, B_POS);
		load_class_keys(c, e, k, &has_duration);
		if (!has_duration)
			cfg_err(c, e, "%s needs 'duration' (or give one for "
				"the whole workload)", where);
	}
}

static void load_synth(struct cfg *c, const struct node *s, const char *fw,
		       struct synth_spec *sy)
{
	static const char *const keys[] = {
		"jobs", "arrival", "duration", "tasks_per_job", "resources",
		"start", "priority", "estimate", "classes",
	};
	struct synth_class def;
	char where[96];
	const struct node *v, *cl;
	int has_duration = 0;
	memset(&def, 0, sizeof def);
	def.tasks_per_job.kind = DIST_CONSTANT;
	def.tasks_per_job.p[0] = 1;
	def.weight = 1;
	sy->tasks_per_job = def.tasks_per_job;
	if (!want_map(c, s, "'synthetic'"))
		return;
	snprintf(where, sizeof where, "synthetic workload of framework "
		 "'%.40s'", fw);
	check_keys(c, s, where, keys, N_OF(keys));
	cl = map_get(s, "classes");
	if (!map_get(s, "jobs"))
		cfg_err(c, s, "missing required key 'jobs' in %s", where);
	if (!map_get(s, "arrival"))
		cfg_err(c, s, "missing required key 'arrival' in %s", where);
	sy->jobs = (long)get_int(c, s, "jobs", 1, 1, LONG_MAX);
	if ((v = map_get(s, "arrival")))
		load_arrival(c, v, sy);
	sy->start = get_num(c, s, "start", 0, B_NONNEG);

	/* The workload-level keys: the one class, or the classes'
	 * defaults. */
	load_class_keys(c, s, &def, &has_duration);
	sy->duration = def.duration;
	sy->tasks_per_job = def.tasks_per_job;
	memcpy(sy->res, def.res, sizeof sy->res);
	memcpy(sy->has_res, def.has_res, sizeof sy->has_res);
	sy->priority = def.priority;
	sy->estimate = def.estimate;
	sy->has_estimate = def.has_estimate;
	if (cl)
		load_classes(c, cl, fw, &def, has_duration, sy);
	else if (!has_duration)
		cfg_err(c, s, "missing required key 'duration' in %s", where);
}

/* ------------------------------------------------------------------ */
/* Workload transforms                                                  */

/* Parse "7", "2..8", "9.." or "..1" (inclusive); 1 on success. */
static int parse_range(const char *s, struct int_range *r)
{
	const char *dots = strstr(s, "..");
	long long lo, hi;
	int range;
	if (!dots) {
		if (!parse_int(s, &lo, &range) || range)
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
	if (n && (!parse_int(buf, &lo, &range) || range))
		return 0;
	if (*rest && (!parse_int(rest, &hi, &range) || range))
		return 0;
	if (lo > hi)
		return 0;
	r->lo = lo;
	r->hi = hi;
	return 1;
}

/* A scalar or a list of scalars: the items, as nodes. */
static int items_of(const struct node *v, const struct node *const **out)
{
	if (v->kind == NODE_SEQ) {
		*out = (const struct node *const *)v->kid;
		return v->n;
	}
	*out = NULL;
	return 1;
}

static const struct node *item(const struct node *v,
			       const struct node *const *items, int i)
{
	return items ? items[i] : v;
}

/* filter.priority / filter.class: integers and ranges. */
static void load_ranges(struct cfg *c, const struct node *v, const char *key,
			struct int_range **out, int *nout)
{
	const struct node *const *items;
	char desc[64];
	int n = items_of(v, &items);
	if (!n) {
		cfg_err(c, v, "'%s' in filter lists no values", key);
		return;
	}
	*out = cfg_calloc(c, (size_t)n, sizeof **out);
	if (!*out)
		return;
	for (int i = 0; i < n; i++) {
		const struct node *x = item(v, items, i);
		if (x->kind != NODE_SCALAR || is_null(x) ||
		    !parse_range(x->text, &(*out)[*nout])) {
			cfg_err(c, x, "'%s' in filter must be an integer or a "
				"range such as 2..8 (9.. and ..1 are open), got "
				"%s", key, node_desc(x, desc, sizeof desc));
			continue;
		}
		(*nout)++;
	}
}

/* filter: {user: [...], priority: [...], class: [...], framework: [...]} */
static void load_filter(struct cfg *c, const struct node *v,
			const struct workload_spec *w, struct wl_filter *f)
{
	static const char *const keys[] = {
		"user", "priority", "class", "framework",
	};
	char desc[64];
	const struct node *x;
	f->pos = pos_of(v);
	if (is_null(v) || !want_map(c, v, "'filter'"))
		return;
	check_keys(c, v, "filter", keys, N_OF(keys));
	if ((x = map_get(v, "priority")))
		load_ranges(c, x, "priority", &f->prio, &f->nprio);
	if ((x = map_get(v, "class")))
		load_ranges(c, x, "class", &f->cls, &f->ncls);
	if ((x = map_get(v, "user"))) {
		const struct node *const *items;
		int n = items_of(x, &items);
		if (!n)
			cfg_err(c, x, "'user' in filter lists no users");
		f->users = n ? cfg_calloc(c, (size_t)n, sizeof *f->users) : NULL;
		for (int i = 0; f->users && i < n; i++) {
			const struct node *u = item(x, items, i);
			int64_t id = u->kind == NODE_SCALAR && !is_null(u)
				? wl_user_id(u->text, strlen(u->text)) : -1;
			if (id < 0) {
				cfg_err(c, u, "'user' in filter must be a user "
					"id or name as the trace writes it, got "
					"%s", node_desc(u, desc, sizeof desc));
				continue;
			}
			f->users[f->nusers++] = id;
		}
	}
	if ((x = map_get(v, "framework"))) {
		f->fws_pos = pos_of(x);
		const struct wl_format *wf = w->kind == WL_TRACE ?
			wl_format_find(w->format ? w->format
				       : wl_format_default()->name) : NULL;
		if (!wf || !wf->frameworks) {
			cfg_err(c, x, "filter by framework needs a trace with a "
				"'framework' column (format csv), not %s",
				w->kind == WL_TRACE ? w->format : "a synthetic "
				"workload");
			return;
		}
		const struct node *const *items;
		int n = items_of(x, &items);
		if (!n)
			cfg_err(c, x, "'framework' in filter lists no names");
		f->fws = n ? cfg_calloc(c, (size_t)n, sizeof *f->fws) : NULL;
		for (int i = 0; f->fws && i < n; i++) {
			const char *s = str_of(c, item(x, items, i), "framework");
			if (s)
				f->fws[f->nfws++] = cfg_strdup(c, s);
		}
	}
}

/*
 * The transform keys of a workload (any source): start, end, time_scale,
 * duration_scale, load_scale, load_resource, filter.  framework_by is read
 * by expand_splits(), once every framework is known.
 */
static void load_transforms(struct cfg *c, const struct node *wl,
			    struct workload_spec *w)
{
	struct scenario *sc = c->sc;
	const struct node *v;
	double x;
	if ((v = map_get(wl, "start")) && num_of(c, v, "start", B_ANY, &x)) {
		if (fabs(x) > 9e12)
			cfg_err(c, v, "'start' is too large (at most 9e12 s)");
		w->start = x;
		w->has_start = 1;
	}
	if ((v = map_get(wl, "end")) && num_of(c, v, "end", B_ANY, &x)) {
		if (fabs(x) > 9e12)
			cfg_err(c, v, "'end' is too large (at most 9e12 s)");
		else if (w->has_start && !(x > w->start))
			cfg_err(c, v, "'end' (%g s) must be after 'start' (%g s)",
				x, w->start);
		w->end = x;
		w->has_end = 1;
	}
	w->time_scale = get_num(c, wl, "time_scale", 1, B_POS);
	w->duration_scale = get_num(c, wl, "duration_scale", 1, B_POS);
	if ((v = map_get(wl, "load_scale"))) {
		w->load_pos = pos_of(v);
		w->load_scale = get_num(c, wl, "load_scale", 0, B_POS);
		if (map_get(wl, "time_scale"))
			cfg_err(c, map_get(wl, "time_scale"), "give "
				"'time_scale' or 'load_scale', not both: "
				"load_scale chooses the time scale");
	}
	if ((v = map_get(wl, "load_resource"))) {
		const char *s = str_of(c, v, "load_resource");
		char list[512], sug[128];
		const char *names[RES_MAX];
		for (int i = 0; i < sc->res.n; i++)
			names[i] = sc->res.name[i];
		if (!map_get(wl, "load_scale"))
			cfg_err(c, v, "'load_resource' is only used with "
				"'load_scale'");
		else if (s && res_find(&sc->res, s) < 0)
			cfg_err(c, v, "load_resource '%s' is not provided by any "
				"agent%s; agents provide: %s", s,
				suggest(s, names, sc->res.n, sug, sizeof sug),
				join_names(names, sc->res.n, list, sizeof list));
		else if (s)
			w->load_resource = cfg_strdup(c, s);
	}
	if ((v = map_get(wl, "filter")))
		load_filter(c, v, w, &w->filter);
}

static void load_workload(struct cfg *c, const struct node *f,
			  const char *fw, struct workload_spec *w)
{
	static const char *const keys[] = {
		"trace", "format", "skip", "limit", "synthetic", "options",
		"lenient", "start", "end", "time_scale", "duration_scale",
		"load_scale", "load_resource", "filter", "framework_by",
	};
	static const char *const trace_only[] = {
		"format", "options", "lenient",
	};
	char where[96];
	w->format = cfg_strdup(c, wl_format_default()->name);
	const struct node *wl = map_get(f, "workload");
	if (!wl) {
		cfg_err(c, f, "missing required key 'workload' in framework "
			"'%s'", fw);
		return;
	}
	w->pos = pos_of(wl);
	if (!want_map(c, wl, "'workload'"))
		return;
	snprintf(where, sizeof where, "workload of framework '%.40s'", fw);
	check_keys(c, wl, where, keys, N_OF(keys));
	const struct node *t = map_get(wl, "trace");
	const struct node *s = map_get(wl, "synthetic");
	if (t && s) {
		cfg_err(c, wl, "%s has both 'trace' and 'synthetic'; give "
			"exactly one", where);
	} else if (!t && !s) {
		cfg_err(c, wl, "%s needs 'trace' or 'synthetic'", where);
	} else if (t) {
		w->kind = WL_TRACE;
		load_trace(c, wl, t, w);
	} else {
		w->kind = WL_SYNTHETIC;
		for (int i = 0; i < N_OF(trace_only); i++) {
			const struct node *k = map_get(wl, trace_only[i]);
			if (k)
				cfg_err(c, k, "'%s' applies only to trace "
					"workloads", trace_only[i]);
		}
		load_synth(c, s, fw, &w->synth);
	}
	const struct node *fm = map_get(wl, "format");
	if (w->kind == WL_TRACE && fm && fm->kind == NODE_SCALAR &&
	    *fm->text && !is_null(fm)) {
		free(w->format);
		w->format = cfg_strdup(c, fm->text);
	}
	if (w->kind == WL_SYNTHETIC) {
		/* The job window applies to generated jobs as well. */
		w->skip = (long)get_int(c, wl, "skip", 0, 0, LONG_MAX);
		w->limit = (long)get_int(c, wl, "limit", 0, 0, LONG_MAX);
	}
	load_transforms(c, wl, w);
}

static void load_framework(struct cfg *c, const struct node *f, int idx,
			   struct framework_spec *fs)
{
	static const char *const keys[] = {
		"name", "role", "weight", "policy", "policy_options",
		"placement", "refuse_seconds", "decision_time",
		"max_tasks_per_offer", "workload", "gang", "scripted",
		"hoard", "absent", "suppress_idle", "min_revive_interval",
	};
	char where[96], desc[64], label[48];
	fs->pos = pos_of(f);
	fs->weight = 1;
	fs->refuse_seconds = 5;
	if (f->kind != NODE_MAP) {
		cfg_err(c, f, "framework #%d must be a mapping, got %s",
			idx + 1, node_desc(f, desc, sizeof desc));
		return;
	}
	const char *nm = elem_name(f);
	if (nm && *nm)
		snprintf(label, sizeof label, "%.40s", nm);
	else
		snprintf(label, sizeof label, "#%d", idx + 1);
	snprintf(where, sizeof where, "framework '%s'", label);
	check_keys(c, f, where, keys, N_OF(keys));
	if (!map_get(f, "name"))
		cfg_err(c, f, "missing required key 'name' in framework #%d",
			idx + 1);
	fs->name = get_str(c, f, "name", NULL);
	fs->role = get_str(c, f, "role", "*");
	if (fs->role && map_get(f, "role"))
		check_role_name(c, map_get(f, "role"), fs->role);
	fs->scripted = get_bool(c, f, "scripted", 0);
	fs->hoard = get_bool(c, f, "hoard", 0);
	fs->absent = get_bool(c, f, "absent", 0);
	fs->weight = get_num(c, f, "weight", 1, B_POS);
	fs->policy = get_policy(c, f, f, "policy", POLICY_FRAMEWORK, "fifo",
				&fs->policy_pos);
	get_kvs(c, f, "policy_options", "policy_options", &fs->policy_opts,
		&fs->npolicy_opts);
	fs->placement = get_policy(c, f, f, "placement", POLICY_PLACEMENT,
				   "first_fit", &fs->placement_pos);
	fs->refuse_seconds = get_num(c, f, "refuse_seconds", 5, B_NONNEG);
	fs->decision_time = get_num(c, f, "decision_time", 0, B_NONNEG);
	fs->max_tasks_per_offer = (int)get_int(c, f, "max_tasks_per_offer",
					       0, 0, INT_MAX);
	fs->suppress_idle = get_bool(c, f, "suppress_idle", 1);
	fs->min_revive_interval = get_num(c, f, "min_revive_interval", 0,
					  B_NONNEG);
	if (fs->min_revive_interval > 0 && !fs->suppress_idle)
		cfg_err(c, map_get(f, "min_revive_interval"), "framework '%s': "
			"'min_revive_interval' spaces the revives of a framework "
			"that suppresses while idle; with suppress_idle: false "
			"it never revives", label);
	char *gang = get_str(c, f, "gang", "none");
	if (gang) {
		static const char *const modes[] = {
			[GANG_NONE] = "none", [GANG_HOLD] = "hold",
			[GANG_DECLINE] = "decline",
		};
		int mode = -1;
		for (int i = 0; i < 3; i++)
			if (strcmp(gang, modes[i]) == 0)
				mode = i;
		if (mode < 0) {
			cfg_err(c, map_get(f, "gang"),
				"'gang' must be none, hold or decline, got '%s'",
				gang);
			mode = GANG_NONE;
		}
		fs->gang = (enum gang_mode)mode;
		free(gang);
	}
	/* A scripted framework runs no workload: its launches are accept
	 * events. */
	if (fs->scripted) {
		fs->wl.format = cfg_strdup(c, wl_format_default()->name);
		if (map_get(f, "workload"))
			cfg_err(c, map_get(f, "workload"), "framework '%s' is "
				"scripted: its tasks come from accept events, "
				"not a workload", label);
		return;
	}
	load_workload(c, f, label, &fs->wl);
	if (fs->name)
		fs->wl.origin = cfg_strdup(c, fs->name);
}

static void load_frameworks(struct cfg *c, const struct node *root)
{
	struct scenario *sc = c->sc;
	const struct node *fl = map_get(root, "frameworks");
	if (!fl) {
		cfg_err(c, root, "missing required key 'frameworks'");
		return;
	}
	if (!want_list(c, fl, "frameworks", "frameworks", "framework"))
		return;
	sc->fws = cfg_calloc(c, (size_t)fl->n, sizeof *sc->fws);
	if (!sc->fws)
		return;
	sc->nfws = fl->n;
	for (int i = 0; i < fl->n; i++)
		load_framework(c, fl->kid[i], i, &sc->fws[i]);
	for (int i = 0; i < fl->n; i++)
		for (int j = 0; j < i; j++) {
			const char *a = sc->fws[i].name, *b = sc->fws[j].name;
			if (!a || !b || strcmp(a, b))
				continue;
			dup_name_err(c, map_get(fl->kid[i], "name"),
				     "framework", a, sc->fws[j].pos.line);
			break;
		}
}

/* ------------------------------------------------------------------ */
/* framework_by: one entry, several frameworks                          */

/* framework_by as written under one framework entry. */
struct split_band {
	const char *name;           /* points into the tree */
	struct int_range r;
};

struct split_req {
	enum wl_split_key key;      /* WL_SPLIT_NONE: no framework_by */
	int top;
	struct split_band *bands;
	int nbands;
	const struct node *at;
};

/* One framework a split entry becomes. */
struct split_part {
	char name[64];
	struct wl_split sel;
};

static const char *const split_key_names[] = {
	[WL_SPLIT_USER] = "user", [WL_SPLIT_CLASS] = "class",
	[WL_SPLIT_PRIORITY] = "priority",
};

#define SPLIT_TOP_DEFAULT 4
#define SPLIT_TOP_MAX 1000

/* A band or framework name part: letters, digits, '-' and '_'. */
static int part_name_ok(const char *s)
{
	if (!*s || strlen(s) > 40)
		return 0;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && *s != '-' && *s != '_')
			return 0;
	return 1;
}

/* framework_by: KEY, or {key: KEY, top: N, bands: {NAME: RANGE, ...}}. */
static int load_split(struct cfg *c, const struct node *v,
		      struct split_req *q)
{
	static const char *const keys[] = {"key", "top", "bands"};
	const char *names[] = {"user", "class", "priority"};
	char desc[64], sug[128];
	const struct node *k = v;
	q->at = v;
	q->top = SPLIT_TOP_DEFAULT;
	if (v->kind == NODE_MAP) {
		check_keys(c, v, "framework_by", keys, N_OF(keys));
		k = map_get(v, "key");
		if (!k) {
			cfg_err(c, v, "missing required key 'key' in "
				"framework_by (user, class or priority)");
			return 0;
		}
	}
	if (k->kind != NODE_SCALAR || is_null(k)) {
		cfg_err(c, k, "framework_by must be user, class or priority, or "
			"a mapping such as {key: user, top: 4}, got %s",
			node_desc(k, desc, sizeof desc));
		return 0;
	}
	for (int i = WL_SPLIT_USER; i <= WL_SPLIT_PRIORITY; i++)
		if (!strcmp(k->text, split_key_names[i]))
			q->key = (enum wl_split_key)i;
	if (q->key == WL_SPLIT_NONE) {
		cfg_err(c, k, "framework_by cannot split by '%s'%s; valid keys: "
			"user, class, priority", k->text,
			suggest(k->text, names, 3, sug, sizeof sug));
		return 0;
	}
	if (v->kind != NODE_MAP)
		return 1;
	const struct node *t = map_get(v, "top"), *b = map_get(v, "bands");
	if (t && q->key != WL_SPLIT_USER)
		cfg_err(c, t, "'top' applies to framework_by: user; class and "
			"priority take 'bands'");
	else if (t)
		q->top = (int)get_int(c, v, "top", SPLIT_TOP_DEFAULT, 1,
				      SPLIT_TOP_MAX);
	if (b && q->key == WL_SPLIT_USER) {
		cfg_err(c, b, "'bands' apply to framework_by: class or "
			"priority; users are split with 'top'");
	} else if (b && want_map(c, b, "'bands'")) {
		check_dups(c, b, "bands");
		if (!b->n)
			cfg_err(c, b, "'bands' lists no bands");
		q->bands = cfg_calloc(c, (size_t)(b->n / 2), sizeof *q->bands);
		for (int i = 0; q->bands && i + 1 < b->n; i += 2) {
			const struct node *bn = b->kid[i], *bv = b->kid[i + 1];
			struct split_band *sb = &q->bands[q->nbands];
			if (!part_name_ok(bn->text)) {
				cfg_err(c, bn, "band name '%s' must be 1-40 "
					"letters, digits, '-' or '_'", bn->text);
				continue;
			}
			if (bv->kind != NODE_SCALAR || is_null(bv) ||
			    !parse_range(bv->text, &sb->r)) {
				cfg_err(c, bv, "band '%s' must be an integer or "
					"a range such as 2..8, got %s", bn->text,
					node_desc(bv, desc, sizeof desc));
				continue;
			}
			sb->name = bn->text;
			for (int j = 0; j < q->nbands; j++)
				if (q->bands[j].r.lo <= sb->r.hi &&
				    sb->r.lo <= q->bands[j].r.hi) {
					cfg_err(c, bv, "band '%s' overlaps band "
						"'%s'", bn->text,
						q->bands[j].name);
					sb->name = NULL;
					break;
				}
			if (sb->name)
				q->nbands++;
		}
	}
	return 1;
}

static struct kv *kv_dup(struct cfg *c, const struct kv *src, int n)
{
	if (!n)
		return NULL;
	struct kv *kv = cfg_calloc(c, (size_t)n, sizeof *kv);
	for (int i = 0; kv && i < n; i++) {
		kv[i] = src[i];
		kv[i].key = src[i].key ? cfg_strdup(c, src[i].key) : NULL;
		kv[i].value = src[i].value ? cfg_strdup(c, src[i].value) : NULL;
	}
	return kv;
}

static void *mem_dup(struct cfg *c, const void *src, size_t n, size_t size)
{
	if (!n)
		return NULL;
	void *p = cfg_calloc(c, n, size);
	if (p)
		memcpy(p, src, n * size);
	return p;
}

static char *str_dup_or_null(struct cfg *c, const char *s)
{
	return s ? cfg_strdup(c, s) : NULL;
}

/* dst = a deep copy of src (for the frameworks of a split entry). */
static void fw_dup(struct cfg *c, const struct framework_spec *src,
		   struct framework_spec *dst)
{
	*dst = *src;
	dst->name = str_dup_or_null(c, src->name);
	dst->role = str_dup_or_null(c, src->role);
	dst->policy = str_dup_or_null(c, src->policy);
	dst->policy_opts = kv_dup(c, src->policy_opts, src->npolicy_opts);
	dst->placement = str_dup_or_null(c, src->placement);
	struct workload_spec *w = &dst->wl;
	const struct workload_spec *s = &src->wl;
	w->trace = str_dup_or_null(c, s->trace);
	w->format = str_dup_or_null(c, s->format);
	w->opts = kv_dup(c, s->opts, s->nopts);
	w->load_resource = str_dup_or_null(c, s->load_resource);
	w->origin = str_dup_or_null(c, s->origin);
	w->filter.users = mem_dup(c, s->filter.users, (size_t)s->filter.nusers,
				  sizeof *s->filter.users);
	w->filter.prio = mem_dup(c, s->filter.prio, (size_t)s->filter.nprio,
				 sizeof *s->filter.prio);
	w->filter.cls = mem_dup(c, s->filter.cls, (size_t)s->filter.ncls,
				sizeof *s->filter.cls);
	w->filter.fws = s->filter.nfws ? cfg_calloc(c, (size_t)s->filter.nfws,
						    sizeof *w->filter.fws)
				       : NULL;
	for (int i = 0; w->filter.fws && i < s->filter.nfws; i++)
		w->filter.fws[i] = cfg_strdup(c, s->filter.fws[i]);
	w->split.others = mem_dup(c, s->split.others,
				  (size_t)s->split.nothers,
				  sizeof *s->split.others);
	/* Synthetic classes and the hourly profile; histograms (dist_spec
	 * hist) belong to the scenario and are shared. */
	w->synth.proc.profile = mem_dup(c, s->synth.proc.profile,
					(size_t)s->synth.proc.nprofile,
					sizeof *s->synth.proc.profile);
	w->synth.classes = mem_dup(c, s->synth.classes,
				   (size_t)s->synth.nclasses,
				   sizeof *s->synth.classes);
	for (int i = 0; w->synth.classes && i < s->synth.nclasses; i++)
		w->synth.classes[i].name =
			str_dup_or_null(c, s->synth.classes[i].name);
}

/* Users by demand, largest first; equal demands by id. */
static int user_rank_cmp(const void *a, const void *b)
{
	const struct wl_key_stat *x = a, *y = b;
	if (x->demand != y->demand)
		return x->demand < y->demand ? 1 : -1;
	return (x->value > y->value) - (x->value < y->value);
}

/*
 * The parts of entry i: its bands as written, or what a scan of its
 * workload finds (the top users by demand and the rest; every class or
 * priority present).  A scan also computes load_scale's factor, once for
 * all parts.  Returns the number of parts (*out to free), 0 after an
 * error.
 */
static int split_parts(struct cfg *c, int i, const struct split_req *q,
		       struct split_part **out, double *factor)
{
	struct scenario *sc = c->sc;
	const struct framework_spec *fs = &sc->fws[i];
	struct split_part *p = NULL;
	int n = 0;
	*out = NULL;
	*factor = 0;
	if (q->nbands) {
		p = cfg_calloc(c, (size_t)q->nbands, sizeof *p);
		for (int b = 0; p && b < q->nbands; b++) {
			snprintf(p[b].name, sizeof p[b].name, "%s",
				 q->bands[b].name);
			p[b].sel.key = q->key;
			p[b].sel.range = q->bands[b].r;
		}
		*out = p;
		return p ? q->nbands : 0;
	}
	struct wl_scan s;
	if (wl_scan(sc, i, q->key, c->d, &s) < 0) {
		wl_scan_release(&s);
		return 0;
	}
	if (fs->wl.load_scale > 0 &&
	    wl_load_factor(sc, i, &s, c->d, factor) < 0) {
		wl_scan_release(&s);
		return 0;
	}
	if (q->key == WL_SPLIT_USER) {
		/* Unknown users (-1) are nobody's: they go to "other". */
		int known = 0, unknown = 0;
		for (int k = 0; k < s.nkeys; k++) {
			if (s.keys[k].value < 0)
				unknown = 1;
			else
				s.keys[known++] = s.keys[k];
		}
		if (!known) {
			cfg_err(c, q->at, "framework_by: user: the workload of "
				"'%s' names no users%s", fs->name,
				s.records ? " (its format has none)" : "");
			wl_scan_release(&s);
			return 0;
		}
		qsort(s.keys, (size_t)known, sizeof *s.keys, user_rank_cmp);
		int top = known < q->top ? known : q->top;
		int other = known > top || unknown;
		p = cfg_calloc(c, (size_t)(top + other), sizeof *p);
		for (int k = 0; p && k < top; k++) {
			snprintf(p[k].name, sizeof p[k].name, "user%d", k + 1);
			p[k].sel.key = WL_SPLIT_USER;
			p[k].sel.range.lo = p[k].sel.range.hi = s.keys[k].value;
		}
		if (p && other) {
			struct wl_split *o = &p[top].sel;
			snprintf(p[top].name, sizeof p[top].name, "other");
			o->key = WL_SPLIT_USER;
			o->other = 1;
			o->others = cfg_calloc(c, (size_t)top, sizeof *o->others);
			for (int k = 0; o->others && k < top; k++)
				o->others[o->nothers++] = s.keys[k].value;
		}
		n = p ? top + other : 0;
	} else {
		if (!s.nkeys)
			cfg_err(c, q->at, "framework_by: the workload of '%s' "
				"has no records to split", fs->name);
		p = s.nkeys ? cfg_calloc(c, (size_t)s.nkeys, sizeof *p) : NULL;
		for (int k = 0; p && k < s.nkeys; k++) {
			snprintf(p[k].name, sizeof p[k].name, "%s%lld",
				 q->key == WL_SPLIT_CLASS ? "class" : "prio",
				 (long long)s.keys[k].value);
			p[k].sel.key = q->key;
			p[k].sel.range.lo = p[k].sel.range.hi = s.keys[k].value;
		}
		n = p ? s.nkeys : 0;
	}
	wl_scan_release(&s);
	*out = p;
	return n;
}

static void fw_spec_release(struct framework_spec *f);

/*
 * Replace every framework entry that has framework_by with the frameworks
 * it splits into, named ENTRY/PART, in place (so framework order, which
 * breaks allocator ties, stays the order of the file).  Each is a copy of
 * the entry that keeps only its part of the entry's workload (struct
 * wl_split) and reads the workload under the entry's name (wl.origin), so
 * the parts share one stream and one clock.  This runs before roles and
 * events are read, so events may name the parts.  It needs a valid
 * scenario so far: after any error it only checks the framework_by keys.
 */
static void expand_splits(struct cfg *c, const struct node *root)
{
	struct scenario *sc = c->sc;
	const struct node *fl = map_get(root, "frameworks");
	if (!fl || fl->kind != NODE_SEQ || !sc->fws || sc->nfws != fl->n)
		return;
	int n0 = sc->nfws;
	struct split_req *q = cfg_calloc(c, (size_t)sc->nfws, sizeof *q);
	struct split_part **parts = cfg_calloc(c, (size_t)sc->nfws,
					       sizeof *parts);
	int *nparts = cfg_calloc(c, (size_t)sc->nfws, sizeof *nparts);
	double *factors = cfg_calloc(c, (size_t)sc->nfws, sizeof *factors);
	int any = 0, total = 0;
	for (int i = 0; q && i < sc->nfws; i++) {
		const struct node *f = fl->kid[i];
		const struct node *wl = f->kind == NODE_MAP
					? map_get(f, "workload") : NULL;
		const struct node *by = wl && wl->kind == NODE_MAP
					? map_get(wl, "framework_by") : NULL;
		if (by && !sc->fws[i].scripted)
			any |= load_split(c, by, &q[i]);
	}
	if (!any || !parts || !nparts || !factors || c->oom ||
	    diag_errors(c->d) > c->errors0)
		goto out;
	for (int i = 0; i < sc->nfws; i++) {
		if (q[i].key == WL_SPLIT_NONE) {
			total++;
			continue;
		}
		nparts[i] = split_parts(c, i, &q[i], &parts[i], &factors[i]);
		if (!nparts[i])
			goto out;
		total += nparts[i];
	}
	struct framework_spec *nf = cfg_calloc(c, (size_t)total, sizeof *nf);
	char **names = cfg_calloc(c, (size_t)sc->nfws, sizeof *names);
	if (!nf || !names) {
		free(nf);
		free(names);
		goto out;
	}
	int k = 0, nnames = 0;
	for (int i = 0; i < sc->nfws; i++) {
		struct framework_spec *fs = &sc->fws[i];
		if (q[i].key == WL_SPLIT_NONE) {
			nf[k++] = *fs;
			memset(fs, 0, sizeof *fs);
			continue;
		}
		for (int p = 0; p < nparts[i]; p++) {
			struct framework_spec *d = &nf[k++];
			fw_dup(c, fs, d);
			size_t len = strlen(fs->name) + strlen(parts[i][p].name) + 2;
			free(d->name);
			d->name = malloc(len);
			if (d->name)
				snprintf(d->name, len, "%s/%s", fs->name,
					 parts[i][p].name);
			else
				c->oom = 1;
			d->wl.split = parts[i][p].sel;
			d->wl.split.quiet = p > 0;
			parts[i][p].sel.others = NULL;  /* moved */
			d->wl.load_factor = factors[i];
		}
		names[nnames++] = fs->name;
		fs->name = NULL;
		fw_spec_release(fs);
	}
	free(sc->fws);
	sc->fws = nf;
	sc->nfws = total;
	c->split_names = names;
	c->nsplit_names = nnames;
	/* A part may take the name of another entry. */
	for (int i = 0; i < total; i++)
		for (int j = 0; j < i; j++)
			if (nf[i].name && nf[j].name &&
			    !strcmp(nf[i].name, nf[j].name)) {
				cfg_err_at(c, c->file, nf[i].pos.line,
					   nf[i].pos.col, "framework_by makes "
					   "a framework '%s', a name already "
					   "taken", nf[i].name);
				break;
			}
out:
	for (int i = 0; q && parts && nparts && i < n0; i++) {
		free(q[i].bands);
		for (int p = 0; parts[i] && p < nparts[i]; p++)
			free(parts[i][p].sel.others);
		free(parts[i]);
	}
	free(q);
	free(parts);
	free(nparts);
	free(factors);
}

/* roles: {name: {weight: 2, quota: {guarantee: {...}, limit: {...}}}} */
static void load_roles(struct cfg *c, const struct node *root)
{
	static const char *const keys[] = {"weight", "quota"};
	struct scenario *sc = c->sc;
	const struct node *m = map_get(root, "roles");
	if (!m || is_null(m) || !want_map(c, m, "'roles'"))
		return;
	check_dups(c, m, "roles");
	sc->roles = cfg_calloc(c, (size_t)(m->n / 2), sizeof *sc->roles);
	if (!sc->roles)
		return;
	for (int i = 0; i + 1 < m->n; i += 2) {
		const struct node *k = m->kid[i], *v = m->kid[i + 1];
		struct role_spec *rs = &sc->roles[sc->nroles++];
		char where[96];
		rs->weight = 1;
		rs->pos = pos_of(k);
		for (int r = 0; r < RES_MAX; r++)
			rs->quota.limit[r] = QUOTA_NO_LIMIT;
		rs->name = cfg_strdup(c, k->text);
		check_role_name(c, k, k->text);
		if (is_null(v) || !want_map(c, v, "a role"))
			continue;
		snprintf(where, sizeof where, "role '%.40s'", k->text);
		check_keys(c, v, where, keys, N_OF(keys));
		rs->weight = get_num(c, v, "weight", 1, B_POS);
		const struct node *q = map_get(v, "quota");
		if (q && !is_null(q))
			load_quota(c, q, &rs->quota);
	}
}

static const char *const event_names[SE_KINDS] = {
	[SE_ADD_AGENT] = "add_agent", [SE_REMOVE_AGENT] = "remove_agent",
	[SE_ADD_FRAMEWORK] = "add_framework",
	[SE_REMOVE_FRAMEWORK] = "remove_framework",
	[SE_SET_WEIGHT] = "set_weight", [SE_SET_QUOTA] = "set_quota",
	[SE_SUPPRESS] = "suppress", [SE_REVIVE] = "revive",
	[SE_DECLINE] = "decline", [SE_ACCEPT] = "accept",
	[SE_RETURN] = "return",
};

/* Index of the agent called name ("group" or "group-i"), or -1. */
static int agent_index(const struct scenario *sc, const char *name)
{
	int id = 0;
	for (int g = 0; g < sc->ngroups; g++) {
		const struct agent_group *ag = &sc->groups[g];
		if (!ag->name) {
			id += ag->count;
			continue;
		}
		for (int i = 0; i < ag->count; i++, id++) {
			char buf[96];
			if (ag->count == 1)
				snprintf(buf, sizeof buf, "%s", ag->name);
			else
				snprintf(buf, sizeof buf, "%s-%d", ag->name, i);
			if (!strcmp(buf, name))
				return id;
		}
	}
	return -1;
}

/* The agents of a group with count > 1 are named group-0, group-1...:
 * say so when an event names the group itself. */
static const char *group_hint(const struct scenario *sc, const char *name,
			      char *buf, size_t size)
{
	for (int g = 0; g < sc->ngroups; g++) {
		const struct agent_group *ag = &sc->groups[g];
		if (ag->name && ag->count > 1 && !strcmp(ag->name, name)) {
			snprintf(buf, size, "; group '%.40s' has %d agents, "
				 "named %.40s-0 to %.40s-%d", name, ag->count,
				 name, name, ag->count - 1);
			return buf;
		}
	}
	return "";
}

static int event_cmp_time(const struct sc_event *a, const struct sc_event *b)
{
	return a->at < b->at ? -1 : a->at > b->at;
}

/*
 * events: a list of {at: SECONDS, action: NAME, ...}.  Which keys an
 * action takes:
 *   add_agent, remove_agent              agent
 *   add_framework, remove_framework,
 *   suppress, revive                     framework
 *   decline                              framework, agent, refuse_seconds
 *   accept                               framework, agent, resources,
 *                                        duration
 *   return                               framework, agent (optional)
 *   set_weight                           role, weight
 *   set_quota                            role, guarantee, limit
 */
static void load_events(struct cfg *c, const struct node *root)
{
	static const char *const keys[] = {
		"at", "action", "agent", "framework", "role", "weight",
		"guarantee", "limit", "refuse_seconds", "resources",
		"duration",
	};
	/* Which optional keys each action takes, as bits of keys[2..]. */
	enum { K_AGENT = 1, K_FW = 2, K_ROLE = 4, K_WEIGHT = 8,
	       K_GUAR = 16, K_LIMIT = 32, K_REFUSE = 64, K_RES = 128,
	       K_DUR = 256 };
	static const int takes[SE_KINDS] = {
		[SE_ADD_AGENT] = K_AGENT, [SE_REMOVE_AGENT] = K_AGENT,
		[SE_ADD_FRAMEWORK] = K_FW, [SE_REMOVE_FRAMEWORK] = K_FW,
		[SE_SET_WEIGHT] = K_ROLE | K_WEIGHT,
		[SE_SET_QUOTA] = K_ROLE | K_GUAR | K_LIMIT,
		[SE_SUPPRESS] = K_FW, [SE_REVIVE] = K_FW,
		[SE_DECLINE] = K_FW | K_AGENT | K_REFUSE,
		[SE_ACCEPT] = K_FW | K_AGENT | K_RES | K_DUR,
		[SE_RETURN] = K_FW | K_AGENT,
	};
	struct scenario *sc = c->sc;
	char desc[64], sug[128], list[512];
	const struct node *l = map_get(root, "events");
	if (!l || is_null(l))
		return;
	if (l->kind != NODE_SEQ) {
		cfg_err(c, l, "'events' must be a list of {at: SECONDS, "
			"action: NAME, ...}, got %s",
			node_desc(l, desc, sizeof desc));
		return;
	}
	sc->events = cfg_calloc(c, (size_t)l->n, sizeof *sc->events);
	if (!sc->events)
		return;
	for (int i = 0; i < l->n; i++) {
		const struct node *e = l->kid[i];
		struct sc_event *ev = &sc->events[sc->nevents];
		ev->agent = ev->fw = -1;
		ev->refuse_seconds = -1;
		for (int r = 0; r < RES_MAX; r++)
			ev->quota.limit[r] = QUOTA_NO_LIMIT;
		ev->pos = pos_of(e);
		if (e->kind != NODE_MAP) {
			cfg_err(c, e, "event #%d must be a mapping such as "
				"{at: 1, action: revive, framework: f}, got %s",
				i + 1, node_desc(e, desc, sizeof desc));
			continue;
		}
		check_keys(c, e, "an event", keys, N_OF(keys));
		const struct node *a = map_get(e, "action");
		const char *an = a ? str_of(c, a, "action") : NULL;
		if (!a)
			cfg_err(c, e, "event #%d needs 'action' (one of %s)",
				i + 1, join_names(event_names, SE_KINDS, list,
						  sizeof list));
		if (!map_get(e, "at"))
			cfg_err(c, e, "event #%d needs 'at' (seconds)", i + 1);
		ev->at = get_num(c, e, "at", 0, B_NONNEG);
		if (!an)
			continue;
		int k = -1;
		for (int j = 0; j < SE_KINDS; j++)
			if (!strcmp(an, event_names[j]))
				k = j;
		if (k < 0) {
			cfg_err(c, a, "unknown action '%s'%s; valid: %s", an,
				suggest(an, event_names, SE_KINDS, sug,
					sizeof sug),
				join_names(event_names, SE_KINDS, list,
					   sizeof list));
			continue;
		}
		ev->kind = (enum sc_event_kind)k;
		for (int j = 2; j < N_OF(keys); j++) {
			const struct node *kn = NULL;
			for (int p = 0; p + 1 < e->n; p += 2)
				if (!strcmp(e->kid[p]->text, keys[j]))
					kn = e->kid[p];
			if (kn && !(takes[k] & (1 << (j - 2))))
				cfg_err(c, kn, "action '%s' takes no '%s'", an,
					keys[j]);
		}
		int needs_agent = takes[k] & K_AGENT && k != SE_RETURN;
		const struct node *v;
		if ((v = map_get(e, "agent")) && str_of(c, v, "agent")) {
			ev->agent = agent_index(sc, v->text);
			char hint[256];
			if (ev->agent < 0)
				cfg_err(c, v, "no agent named '%s'%s", v->text,
					group_hint(sc, v->text, hint, sizeof hint));
		} else if (!v && needs_agent) {
			cfg_err(c, e, "action '%s' needs 'agent'", an);
		}
		if ((v = map_get(e, "framework")) && str_of(c, v, "framework")) {
			for (int f = 0; f < sc->nfws; f++)
				if (sc->fws[f].name &&
				    !strcmp(sc->fws[f].name, v->text))
					ev->fw = f;
			if (ev->fw < 0) {
				cfg_err(c, v, "no framework named '%s'", v->text);
				for (int s = 0; s < c->nsplit_names; s++)
					if (!strcmp(c->split_names[s], v->text))
						diag_note(c->d, "framework_by "
							  "split '%s' into "
							  "frameworks named "
							  "%s/...", v->text,
							  v->text);
			}
			else if ((k == SE_DECLINE || k == SE_ACCEPT ||
				  k == SE_RETURN) && !sc->fws[ev->fw].scripted)
				cfg_err(c, v, "action '%s' needs a scripted "
					"framework; '%s' answers its offers "
					"itself", an, v->text);
		} else if (!v && (takes[k] & K_FW)) {
			cfg_err(c, e, "action '%s' needs 'framework'", an);
		}
		if ((v = map_get(e, "role")) && str_of(c, v, "role")) {
			if (check_role_name(c, v, v->text))
				ev->role = cfg_strdup(c, v->text);
		} else if (!v && (takes[k] & K_ROLE)) {
			cfg_err(c, e, "action '%s' needs 'role'", an);
		}
		if (k == SE_SET_WEIGHT) {
			if (!map_get(e, "weight"))
				cfg_err(c, e, "action 'set_weight' needs 'weight'");
			ev->weight = get_num(c, e, "weight", 1, B_POS);
		}
		if (k == SE_SET_QUOTA) {
			/* The same shape as a role's quota: mapping. */
			struct node q = {.kind = NODE_MAP, .file = e->file,
					 .line = e->line, .col = e->col};
			struct node *kids[4];
			int nq = 0;
			for (int p = 0; p + 1 < e->n; p += 2)
				if (!strcmp(e->kid[p]->text, "guarantee") ||
				    !strcmp(e->kid[p]->text, "limit")) {
					kids[nq++] = e->kid[p];
					kids[nq++] = e->kid[p + 1];
				}
			q.kid = kids;
			q.n = nq;
			load_quota(c, &q, &ev->quota);
		}
		ev->refuse_seconds = get_num(c, e, "refuse_seconds", -1,
					     B_NONNEG);
		if ((v = map_get(e, "resources"))) {
			load_res_map(c, v, "'resources'", ev->res, NULL);
			ev->has_res = 1;
		}
		ev->duration = get_num(c, e, "duration", 0, B_NONNEG);
		sc->nevents++;
	}
	/* Stable by time: events at one instant keep their file order. */
	for (int i = 1; i < sc->nevents; i++) {
		struct sc_event t = sc->events[i];
		int j = i;
		while (j > 0 && event_cmp_time(&sc->events[j - 1], &t) > 0) {
			sc->events[j] = sc->events[j - 1];
			j--;
		}
		sc->events[j] = t;
	}
}

/* Checks across sections, once everything is read. */
static void check_mesos_model(struct cfg *c, const struct node *root)
{
	struct scenario *sc = c->sc;
	for (int i = 0; i < sc->nfws; i++) {
		const struct framework_spec *f = &sc->fws[i];
		if (f->scripted && sc->horizon <= 0) {
			/* By name: framework_by may have shifted the list. */
			const struct node *fl = map_get(root, "frameworks");
			const struct node *fn = root;
			for (int j = 0; fl && fl->kind == NODE_SEQ && j < fl->n;
			     j++) {
				const char *nm = elem_name(fl->kid[j]);
				if (nm && f->name && !strcmp(nm, f->name))
					fn = fl->kid[j];
			}
			const struct node *k = fn->kind == NODE_MAP ?
				map_get(fn, "scripted") : NULL;
			cfg_err(c, k ? k : fn, "framework '%s' is scripted and "
				"never finishes by itself: set 'horizon'",
				f->name ? f->name : "?");
			break;
		}
	}
}

static void load_metrics(struct cfg *c, const struct node *root)
{
	static const char *const keys[] = {
		"sample_interval", "bounded_slowdown_threshold", "offer_log",
		"exact_percentiles", "max_rows",
	};
	struct scenario *sc = c->sc;
	const struct node *m = map_get(root, "metrics");
	sc->sample_interval = 10;
	sc->bounded_slowdown_threshold = 10;
	sc->offer_log = 1;
	sc->exact_percentiles = 65536;
	sc->max_rows = 10000;
	if (!m || is_null(m) || !want_map(c, m, "'metrics'"))
		return;
	check_keys(c, m, "metrics", keys, N_OF(keys));
	sc->sample_interval = get_num(c, m, "sample_interval", 10, B_POS);
	sc->bounded_slowdown_threshold =
		get_num(c, m, "bounded_slowdown_threshold", 10, B_POS);
	sc->offer_log = get_bool(c, m, "offer_log", 1);
	sc->exact_percentiles = (long)get_int(c, m, "exact_percentiles",
					      65536, 0, LONG_MAX);
	/* 0: no limit; else room for the first row, two merged steps and
	 * the last row (metrics.h). */
	sc->max_rows = (long)get_int(c, m, "max_rows", 10000, 0, LONG_MAX);
	if (sc->max_rows > 0 && sc->max_rows < 4) {
		cfg_err(c, map_get(m, "max_rows"),
			"'max_rows' must be 0 (no limit) or at least 4, got %ld",
			sc->max_rows);
		sc->max_rows = 4;
	}
}

/* The file's base name without .yaml / .yml: the default scenario name. */
static char *base_name(struct cfg *c, const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	size_t n = strlen(b);
	if (n > 5 && !strcmp(b + n - 5, ".yaml"))
		n -= 5;
	else if (n > 4 && !strcmp(b + n - 4, ".yml"))
		n -= 4;
	if (n == 0)
		return cfg_strdup(c, "scenario");
	char *s = malloc(n + 1);
	if (!s) {
		c->oom = 1;
		return NULL;
	}
	memcpy(s, b, n);
	s[n] = '\0';
	return s;
}

static char *dir_name(struct cfg *c, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return cfg_strdup(c, ".");
	size_t n = slash == path ? 1 : (size_t)(slash - path);
	char *s = malloc(n + 1);
	if (!s) {
		c->oom = 1;
		return NULL;
	}
	memcpy(s, path, n);
	s[n] = '\0';
	return s;
}

static void load_seed(struct cfg *c, const struct node *root)
{
	const struct node *v = map_get(root, "seed");
	char desc[64], *end;
	c->sc->seed = 1;
	if (!v)
		return;
	const char *t = v->kind == NODE_SCALAR ? v->text : "";
	if (v->kind != NODE_SCALAR || is_null(v) || !*t ||
	    strspn(t, "0123456789") != strlen(t)) {
		cfg_err(c, v, "'seed' must be a non-negative integer, got %s",
			node_desc(v, desc, sizeof desc));
		return;
	}
	errno = 0;
	unsigned long long s = strtoull(t, &end, 10);
	if (errno == ERANGE) {
		cfg_err(c, v, "'seed' is too large (at most %llu), got %s",
			(unsigned long long)UINT64_MAX, t);
		return;
	}
	c->sc->seed = (uint64_t)s;
}

static void load_root(struct cfg *c, const struct node *root)
{
	static const char *const keys[] = {
		"name", "seed", "horizon", "cluster", "master", "frameworks",
		"metrics", "output", "roles", "events",
	};
	struct scenario *sc = c->sc;
	char desc[64];
	if (root->kind != NODE_MAP) {
		cfg_err(c, root, "a scenario must be a mapping of keys (name, "
			"cluster, master, frameworks, ...), got %s",
			node_desc(root, desc, sizeof desc));
		return;
	}
	check_keys(c, root, "the scenario", keys, N_OF(keys));
	char *def = base_name(c, c->file);
	sc->name = get_str(c, root, "name", def);
	free(def);
	load_seed(c, root);
	sc->horizon = get_num(c, root, "horizon", 0, B_NONNEG);
	load_cluster(c, root);
	load_master(c, root);
	load_frameworks(c, root);
	expand_splits(c, root);
	load_roles(c, root);
	load_events(c, root);
	check_mesos_model(c, root);
	load_metrics(c, root);
	if (map_get(root, "output")) {
		sc->output = get_str(c, root, "output", NULL);
	} else if (sc->name) {
		size_t n = strlen(sc->name) + sizeof "results/";
		sc->output = malloc(n);
		if (sc->output)
			snprintf(sc->output, n, "results/%s", sc->name);
		else
			c->oom = 1;
	}
}

/* ------------------------------------------------------------------ */

int cfg_load(const char *path, const struct cfg_override *ov, int noverrides,
	     struct scenario *sc, struct diag *d)
{
	struct cfg c = {.d = d, .file = path, .sc = sc, .errors0 = d->errors};
	int errors0 = d->errors, rc = 0, empty = 0;
	char *src = NULL;
	size_t len = 0;

	memset(sc, 0, sizeof *sc);
	rc = read_file(&c, path, &src, &len);
	if (rc)
		goto out;
	c.src = src;
	c.srclen = len;
	struct node *root = parse_yaml(&c, path, src, len, &empty);
	if (empty)
		cfg_err_at(&c, path, 0, 0, "scenario file is empty");
	if (root) {
		if (root->kind == NODE_MAP)
			for (int i = 0; i < noverrides; i++)
				apply_override(&c, root, &ov[i]);
		sc->file = cfg_strdup(&c, path);
		sc->dir = dir_name(&c, path);
		load_root(&c, root);
		node_free(root);
	}
out:
	free(src);
	for (int i = 0; i < c.nsplit_names; i++)
		free(c.split_names[i]);
	free(c.split_names);
	if (c.oom) {
		diag_error(d, path, 0, 0, "out of memory");
		rc = OS_ENOMEM;
	}
	if (rc || d->errors > errors0) {
		scenario_release(sc);
		return rc ? rc : OS_EPARSE;
	}
	return 0;
}

static void kv_free(struct kv *kv, int n)
{
	for (int i = 0; kv && i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

static void fw_spec_release(struct framework_spec *f)
{
	struct workload_spec *w = &f->wl;
	free(f->name);
	free(f->role);
	free(f->policy);
	kv_free(f->policy_opts, f->npolicy_opts);
	free(f->placement);
	free(w->trace);
	free(w->format);
	kv_free(w->opts, w->nopts);
	free(w->filter.users);
	free(w->filter.prio);
	free(w->filter.cls);
	for (int i = 0; w->filter.fws && i < w->filter.nfws; i++)
		free(w->filter.fws[i]);
	free(w->filter.fws);
	free(w->load_resource);
	free(w->split.others);
	free(w->origin);
	for (int k = 0; k < w->synth.nclasses; k++)
		free(w->synth.classes[k].name);
	free(w->synth.classes);
	free(w->synth.proc.profile);
	memset(f, 0, sizeof *f);
}

void scenario_release(struct scenario *sc)
{
	if (!sc)
		return;
	free(sc->file);
	free(sc->dir);
	free(sc->name);
	for (int i = 0; sc->groups && i < sc->ngroups; i++) {
		for (int k = 0; k < sc->groups[i].nresv; k++)
			free(sc->groups[i].resv[k].role);
		free(sc->groups[i].name);
		kv_free(sc->groups[i].attrs, sc->groups[i].nattrs);
	}
	free(sc->groups);
	free(sc->allocator);
	kv_free(sc->allocator_opts, sc->nallocator_opts);
	for (int i = 0; sc->fws && i < sc->nfws; i++)
		fw_spec_release(&sc->fws[i]);
	free(sc->fws);
	for (int i = 0; i < sc->nhists; i++)
		hist_free(sc->hists[i]);
	free(sc->hists);
	for (int i = 0; sc->roles && i < sc->nroles; i++)
		free(sc->roles[i].name);
	free(sc->roles);
	for (int i = 0; sc->events && i < sc->nevents; i++)
		free(sc->events[i].role);
	free(sc->events);
	free(sc->output);
	memset(sc, 0, sizeof *sc);
}
