/*
 * json_read.c - a small recursive-descent JSON parser (see json_read.h).
 *
 * It exists so that compare, sweep, merge and the reports can read the
 * summary.json files of finished runs without a JSON library dependency.
 * Values are individually allocated and freed recursively: documents are
 * a few kilobytes, so simplicity wins over an arena.
 */
#include "json_read.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JR_MAX_DEPTH 64

struct jr_value {
	enum jr_type type;
	double num;              /* JR_NUMBER, JR_BOOL (0/1) */
	char *str;               /* JR_STRING */
	int n, cap;              /* JR_ARRAY, JR_OBJECT */
	char **keys;             /* JR_OBJECT: n keys */
	struct jr_value **items;
};

struct parser {
	const char *s, *end;
	const char *line_start;
	int line;
	char *err;
	size_t errsize;
	int failed;
};

static void fail(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct parser *p, const char *fmt, ...)
{
	if (p->failed)
		return;
	p->failed = 1;
	if (!p->err || !p->errsize)
		return;
	int k = snprintf(p->err, p->errsize, "line %d col %d: ", p->line,
			 (int)(p->s - p->line_start) + 1);
	if (k < 0 || (size_t)k >= p->errsize)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err + k, p->errsize - (size_t)k, fmt, ap);
	va_end(ap);
}

static void skip_ws(struct parser *p)
{
	while (p->s < p->end) {
		char c = *p->s;
		if (c == '\n') {
			p->line++;
			p->line_start = p->s + 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			return;
		}
		p->s++;
	}
}

static struct jr_value *new_value(struct parser *p, enum jr_type t)
{
	struct jr_value *v = calloc(1, sizeof *v);
	if (!v)
		fail(p, "out of memory");
	else
		v->type = t;
	return v;
}

static int push(struct parser *p, struct jr_value *c, char *key,
		struct jr_value *item)
{
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 8;
		struct jr_value **ni = realloc(c->items, (size_t)cap * sizeof *ni);
		if (!ni) {
			fail(p, "out of memory");
			return -1;
		}
		c->items = ni;
		if (c->type == JR_OBJECT) {
			char **nk = realloc(c->keys, (size_t)cap * sizeof *nk);
			if (!nk) {
				fail(p, "out of memory");
				return -1;
			}
			c->keys = nk;
		}
		c->cap = cap;
	}
	if (c->type == JR_OBJECT)
		c->keys[c->n] = key;
	c->items[c->n++] = item;
	return 0;
}

/* A string starting at the opening quote; returns a new C string. */
static char *parse_string(struct parser *p)
{
	p->s++; /* opening quote */
	size_t cap = 16, n = 0;
	char *out = malloc(cap);
	if (!out) {
		fail(p, "out of memory");
		return NULL;
	}
	while (p->s < p->end && *p->s != '"') {
		char c = *p->s++;
		if ((unsigned char)c < 0x20) {
			fail(p, "control character in string");
			free(out);
			return NULL;
		}
		if (c == '\\') {
			if (p->s >= p->end)
				break;
			char e = *p->s++;
			switch (e) {
			case '"': case '\\': case '/': c = e; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'u': {
				unsigned code = 0;
				for (int k = 0; k < 4; k++) {
					char h = p->s < p->end ? *p->s++ : '\0';
					unsigned d;
					if (h >= '0' && h <= '9')
						d = (unsigned)(h - '0');
					else if (h >= 'a' && h <= 'f')
						d = (unsigned)(h - 'a' + 10);
					else if (h >= 'A' && h <= 'F')
						d = (unsigned)(h - 'A' + 10);
					else {
						fail(p, "bad \\u escape");
						free(out);
						return NULL;
					}
					code = code * 16 + d;
				}
				c = code < 0x80 ? (char)code : '?';
				break;
			}
			default:
				fail(p, "bad escape '\\%c'", e);
				free(out);
				return NULL;
			}
		}
		if (n + 2 > cap) {
			cap *= 2;
			char *no = realloc(out, cap);
			if (!no) {
				fail(p, "out of memory");
				free(out);
				return NULL;
			}
			out = no;
		}
		out[n++] = c;
	}
	if (p->s >= p->end) {
		fail(p, "unterminated string");
		free(out);
		return NULL;
	}
	p->s++; /* closing quote */
	out[n] = '\0';
	return out;
}

static struct jr_value *parse_value(struct parser *p, int depth);

static struct jr_value *parse_container(struct parser *p, int depth,
					int is_object)
{
	struct jr_value *v = new_value(p, is_object ? JR_OBJECT : JR_ARRAY);
	if (!v)
		return NULL;
	char close = is_object ? '}' : ']';
	p->s++;
	skip_ws(p);
	if (p->s < p->end && *p->s == close) {
		p->s++;
		return v;
	}
	for (;;) {
		char *key = NULL;
		skip_ws(p);
		if (is_object) {
			if (p->s >= p->end || *p->s != '"') {
				fail(p, "expected a key string");
				break;
			}
			key = parse_string(p);
			if (!key)
				break;
			skip_ws(p);
			if (p->s >= p->end || *p->s != ':') {
				fail(p, "expected ':'");
				free(key);
				break;
			}
			p->s++;
		}
		struct jr_value *item = parse_value(p, depth + 1);
		if (!item || push(p, v, key, item)) {
			free(key);
			jr_free(item);
			break;
		}
		skip_ws(p);
		if (p->s < p->end && *p->s == ',') {
			p->s++;
			continue;
		}
		if (p->s < p->end && *p->s == close) {
			p->s++;
			return v;
		}
		fail(p, "expected ',' or '%c'", close);
		break;
	}
	jr_free(v);
	return NULL;
}

static struct jr_value *parse_value(struct parser *p, int depth)
{
	skip_ws(p);
	if (depth > JR_MAX_DEPTH) {
		fail(p, "nested too deeply");
		return NULL;
	}
	if (p->s >= p->end) {
		fail(p, "unexpected end of input");
		return NULL;
	}
	char c = *p->s;
	if (c == '{' || c == '[')
		return parse_container(p, depth, c == '{');
	if (c == '"') {
		char *s = parse_string(p);
		if (!s)
			return NULL;
		struct jr_value *v = new_value(p, JR_STRING);
		if (!v) {
			free(s);
			return NULL;
		}
		v->str = s;
		return v;
	}
	static const struct { const char *word; enum jr_type t; double num; } lits[] = {
		{"null", JR_NULL, 0}, {"true", JR_BOOL, 1}, {"false", JR_BOOL, 0},
	};
	for (size_t i = 0; i < sizeof lits / sizeof lits[0]; i++) {
		size_t n = strlen(lits[i].word);
		if ((size_t)(p->end - p->s) >= n && memcmp(p->s, lits[i].word, n) == 0) {
			p->s += n;
			struct jr_value *v = new_value(p, lits[i].t);
			if (v)
				v->num = lits[i].num;
			return v;
		}
	}
	if (c == '-' || (c >= '0' && c <= '9')) {
		/* strtod needs a terminated string; numbers are short. */
		char buf[64];
		size_t n = 0;
		while (p->s + n < p->end && n + 1 < sizeof buf &&
		       strchr("+-0123456789.eE", p->s[n]))
			n++;
		memcpy(buf, p->s, n);
		buf[n] = '\0';
		char *endp;
		errno = 0;
		double x = strtod(buf, &endp);
		if (endp != buf + n || n == 0) {
			fail(p, "bad number");
			return NULL;
		}
		p->s += n;
		struct jr_value *v = new_value(p, JR_NUMBER);
		if (v)
			v->num = x;
		return v;
	}
	fail(p, "unexpected character '%c'", c);
	return NULL;
}

struct jr_value *jr_parse(const char *text, size_t len, char *err,
			  size_t errsize)
{
	struct parser p = {
		.s = text, .end = text + len, .line_start = text, .line = 1,
		.err = err, .errsize = errsize,
	};
	if (err && errsize)
		err[0] = '\0';
	struct jr_value *root = parse_value(&p, 0);
	if (root) {
		skip_ws(&p);
		if (p.s != p.end) {
			fail(&p, "trailing text after the document");
			jr_free(root);
			root = NULL;
		}
	}
	return root;
}

struct jr_value *jr_parse_file(const char *path, char *err, size_t errsize)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (err && errsize)
			snprintf(err, errsize, "cannot open: %s", strerror(errno));
		return NULL;
	}
	size_t cap = 8192, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		cap *= 2;
		char *nb = realloc(buf, cap);
		if (!nb) {
			free(buf);
			buf = NULL;
		} else {
			buf = nb;
		}
	}
	int rerr = ferror(f);
	fclose(f);
	if (!buf || rerr) {
		if (err && errsize)
			snprintf(err, errsize, "%s", buf ? "read error" : "out of memory");
		free(buf);
		return NULL;
	}
	struct jr_value *v = jr_parse(buf, n, err, errsize);
	free(buf);
	return v;
}

void jr_free(struct jr_value *v)
{
	if (!v)
		return;
	for (int i = 0; i < v->n; i++) {
		jr_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

enum jr_type jr_type(const struct jr_value *v)
{
	return v ? v->type : JR_NULL;
}

const struct jr_value *jr_get(const struct jr_value *v, const char *path)
{
	while (v && *path) {
		if (v->type != JR_OBJECT)
			return NULL;
		/* The longest key that is a whole prefix of the path, so a
		 * key with dots ("a.b") is found as one step. */
		const struct jr_value *next = NULL;
		size_t best = 0;
		for (int i = 0; i < v->n; i++) {
			size_t kl = strlen(v->keys[i]);
			if (kl > best && strncmp(v->keys[i], path, kl) == 0 &&
			    (path[kl] == '\0' || path[kl] == '.')) {
				next = v->items[i];
				best = kl;
			}
		}
		if (!next)
			return NULL;
		v = next;
		path += best;
		if (*path == '.')
			path++;
	}
	return v;
}

double jr_number(const struct jr_value *v, const char *path)
{
	const struct jr_value *x = jr_get(v, path);
	return x && x->type == JR_NUMBER ? x->num : NAN;
}

const char *jr_string(const struct jr_value *v)
{
	return v && v->type == JR_STRING ? v->str : NULL;
}

int jr_count(const struct jr_value *v)
{
	return v && (v->type == JR_OBJECT || v->type == JR_ARRAY) ? v->n : 0;
}

const char *jr_key(const struct jr_value *v, int i)
{
	return v && v->type == JR_OBJECT && i >= 0 && i < v->n ? v->keys[i] : NULL;
}

const struct jr_value *jr_at(const struct jr_value *v, int i)
{
	return v && (v->type == JR_OBJECT || v->type == JR_ARRAY) && i >= 0 &&
			       i < v->n ? v->items[i] : NULL;
}
