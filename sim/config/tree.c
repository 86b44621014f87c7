/*
 * tree.c - the scenario as a document tree, and --set grafting.
 *
 * libyaml parses the file into a small tree of our own (mappings, sequences
 * and scalars, each remembering its file and 1-based line:col); the --set
 * overrides are grafted onto that tree before any key is read.  Building
 * our own tree first is what lets an override be checked exactly like file
 * contents while its errors still say where it came from ("--set" instead
 * of a line).  The reader's diagnostics (file:line:col, the source line
 * with a caret) are here too, since they print positions of tree nodes.
 *
 * Known limits: one YAML document per file; aliases are expanded by copying
 * (with a node budget and a depth limit, so an alias bomb or a recursive
 * alias is an error, not an out-of-memory); merge keys (<<) and tags are
 * not interpreted.
 */
#include "reader.h"

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
#include "config.h"

/* Guards against hostile input: aliases can make a tiny file huge. */
#define CFG_MAX_NODES 200000
#define CFG_MAX_DEPTH 64
#define CFG_MAX_FILE (16L * 1024 * 1024)

const char cfg_set_file[] = "--set";

void node_free(struct node *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->n; i++)
		node_free(n->kid[i]);
	free(n->kid);
	free(n->text);
	free(n);
}

struct node *node_new(struct cfg *c, enum node_kind kind,
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

struct node *node_scalar(struct cfg *c, const char *file, int line,
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
int node_push(struct cfg *c, struct node *parent, struct node *kid)
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
int node_is_null(const struct node *n)
{
	if (n->kind != NODE_SCALAR || !n->plain)
		return 0;
	const char *t = n->text;
	return !*t || !strcmp(t, "~") || !strcmp(t, "null") ||
	       !strcmp(t, "Null") || !strcmp(t, "NULL");
}

/* Slot of the value of key in map (first occurrence), or NULL. */
struct node **node_slot(struct node *map, const char *key)
{
	for (int i = 0; i + 1 < map->n; i += 2)
		if (!strcmp(map->kid[i]->text, key))
			return &map->kid[i + 1];
	return NULL;
}

const struct node *node_get(const struct node *map, const char *key)
{
	struct node **slot = node_slot((struct node *)map, key);
	return slot ? *slot : NULL;
}

/* The name: scalar of a list element, or NULL. */
const char *node_name(const struct node *e)
{
	if (e->kind != NODE_MAP)
		return NULL;
	const struct node *v = node_get(e, "name");
	return v && v->kind == NODE_SCALAR ? v->text : NULL;
}

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

__attribute__((format(printf, 6, 0)))
static void cfg_vreport(struct cfg *c, int warn, const char *file, int line,
			int col, const char *fmt, va_list ap)
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
	if (warn && sl)
		diag_warn_src(c->d, file, line, col, sl, "%s", msg);
	else if (warn)
		diag_warn(c->d, file, line, col, "%s", msg);
	else if (sl)
		diag_error_src(c->d, file, line, col, sl, "%s", msg);
	else
		diag_error(c->d, file, line, col, "%s", msg);
	if (msg != buf)
		free(msg);
}

__attribute__((format(printf, 5, 6)))
void cfg_err_at(struct cfg *c, const char *file, int line, int col,
		       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cfg_vreport(c, 0, file, line, col, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 3, 4)))
void cfg_err(struct cfg *c, const struct node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cfg_vreport(c, 0, n->file, n->line, n->col, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 3, 4)))
void cfg_warn(struct cfg *c, const struct node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cfg_vreport(c, 1, n->file, n->line, n->col, fmt, ap);
	va_end(ap);
}

/* How a node looks in a message: 'two', an empty value, a list... */
const char *node_desc(const struct node *n, char *buf, size_t size)
{
	if (n->kind == NODE_MAP)
		return "a mapping";
	if (n->kind == NODE_SEQ)
		return "a list";
	if (node_is_null(n))
		return "an empty value";
	if (strlen(n->text) > 40)
		snprintf(buf, size, "'%.37s...'", n->text);
	else
		snprintf(buf, size, "'%s'", n->text);
	return buf;
}

/* "a, b, c" into buf (truncated with "..." when it does not fit). */
const char *cfg_join(const char *const *names, int n, char *buf,
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
const char *cfg_suggest(const char *word, const char *const *names, int n,
			   char *buf, size_t size)
{
	const char *s = diag_suggest(word, names, n);
	if (s)
		snprintf(buf, size, " (did you mean '%s'?)", s);
	else
		buf[0] = '\0';
	return buf;
}

char *cfg_strdup(struct cfg *c, const char *s)
{
	char *p = strdup(s);
	if (!p)
		c->oom = 1;
	return p;
}

void *cfg_calloc(struct cfg *c, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		c->oom = 1;
	return p;
}

struct src_pos node_pos(const struct node *n)
{
	struct src_pos p = {0, 0};
	if (n && n->file != cfg_set_file) {
		p.line = n->line;
		p.col = n->col;
	}
	return p;
}

static struct node *conv(struct cfg *c, yaml_document_t *doc,
			 yaml_node_t *yn, const char *file, int depth)
{
	int line = 0, col = 0;
	if (file != cfg_set_file) {
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
				if (file == cfg_set_file)
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
	if (file != cfg_set_file) {
		if (p->error == YAML_READER_ERROR) {
			offset_pos(buf, len, p->problem_offset, &line, &col);
		} else {
			line = (int)p->problem_mark.line + 1;
			col = (int)p->problem_mark.column + 1;
		}
	}
	cfg_err_at(c, file, line, col, "YAML syntax: %s",
		   p->problem ? p->problem : "malformed document");
	if (p->context && file != cfg_set_file)
		diag_note(c->d, "%s at line %d, column %d", p->context,
			  (int)p->context_mark.line + 1,
			  (int)p->context_mark.column + 1);
}

/*
 * Reject a document nested deeper than CFG_MAX_DEPTH while it is parsed,
 * through libyaml's event API, before yaml_parser_load() builds it:
 * loading 10^5 nested levels took half a minute before conv() could see
 * the depth; the events stop at level CFG_MAX_DEPTH + 1.  Returns 0 when
 * the nesting is within the limit or the document is malformed (the
 * loader reports that), -1 after reporting.
 */
static int depth_check(struct cfg *c, const char *file, const char *buf,
		       size_t len)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		c->oom = 1;
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	int depth = 0, rc = 0, done = 0;
	while (!done && !rc) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev))
			break;
		switch (ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			/* The root is level 1 here and depth 0 in conv(). */
			if (++depth > CFG_MAX_DEPTH + 1) {
				int line = 0, col = 0;
				if (file != cfg_set_file) {
					line = (int)ev.start_mark.line + 1;
					col = (int)ev.start_mark.column + 1;
				}
				cfg_err_at(c, file, line, col,
					   "nesting deeper than %d levels",
					   CFG_MAX_DEPTH);
				rc = -1;
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return rc;
}

/*
 * Parse buf as one YAML document into a tree.  *empty is set when the
 * document holds nothing at all.  Errors are reported; NULL on error.
 */
struct node *tree_parse(struct cfg *c, const char *file,
			       const char *buf, size_t len, int *empty)
{
	yaml_parser_t p;
	yaml_document_t doc;
	struct node *root = NULL;
	*empty = 0;
	if (depth_check(c, file, buf, len) < 0)
		return NULL;
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
		if (file == cfg_set_file)
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
int tree_read_file(struct cfg *c, const char *path, char **out,
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
			if (node_name(seq->kid[i]))
				names[n++] = node_name(seq->kid[i]);
	const char *s = names ? suggest_name(name, names, n) : NULL;
	if (s)
		cfg_err_at(c, cfg_set_file, 0, 0, "no %s named '%s' (did you mean "
			   "'%s'?)", elem_kind(key), name, s);
	else
		cfg_err_at(c, cfg_set_file, 0, 0, "no %s named '%s'",
			   elem_kind(key), name);
	free(names);
}

/*
 * Graft one override onto the tree: walk mappings by key and lists by
 * element name; a missing mapping key is added (and a missing mapping on
 * the way is created), so validation then judges it like file contents.
 */
void tree_graft(struct cfg *c, struct node *root,
			   const struct cfg_override *o)
{
	char *path = NULL;
	struct node *val = NULL;
	int empty;
	if (!o->path || !o->value || !*o->path) {
		cfg_err_at(c, cfg_set_file, 0, 0, "empty key path");
		return;
	}
	path = cfg_strdup(c, o->path);
	if (!path)
		return;
	size_t plen = strlen(path);
	if (path[0] == '.' || path[plen - 1] == '.' || strstr(path, "..")) {
		cfg_err_at(c, cfg_set_file, 0, 0, "malformed key path '%s'",
			   o->path);
		goto out;
	}
	val = tree_parse(c, cfg_set_file, o->value, strlen(o->value), &empty);
	if (!val && empty)
		val = node_scalar(c, cfg_set_file, 0, 0, "", 0);
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
			slot = node_slot(cur, tok);
			if (!slot) {
				struct node *k, *v;
				k = node_scalar(c, cfg_set_file, 0, 0, tok,
						strlen(tok));
				if (!k || node_push(c, cur, k) < 0)
					goto out;
				v = last ? val : node_new(c, NODE_MAP,
							  cfg_set_file, 0, 0);
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
				const char *nm = node_name(cur->kid[i]);
				if (nm && !strcmp(nm, tok))
					slot = &cur->kid[i];
			}
			if (!slot) {
				no_such_elem(c, cur, parent, tok);
				goto note;
			}
		} else {
			cfg_err_at(c, cfg_set_file, 0, 0,
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
		if (node_is_null(*slot)) {
			struct node *m = node_new(c, NODE_MAP, cfg_set_file,
						  0, 0);
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
