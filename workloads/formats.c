/*
 * formats.c - the table of trace formats (see formats.h) and the look-ups
 * on it, by name, by a file's name, and by a file's first lines (each
 * format's sniff hook, for the suggestion after a trace read in the wrong
 * format).
 *
 * The list below is the only place that knows which formats exist; its
 * order is the order of every message that lists them, and its first row
 * is the default format.  A format's properties live in its own file, in
 * its `const struct wl_format`, so adding a format is that file plus one
 * line here.
 */
#include "formats.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../sim/core/diag.h"
#include "linereader.h"
#include "machines.h"

/* X(name): the format `const struct wl_format wl_format_name` of name.c. */
#define WL_FORMAT_LIST(X)                                                     \
	X(csv)              /* csv.c: the native CSV format, the default */   \
	X(swf)              /* swf.c: Standard Workload Format (PWA) */       \
	X(google2011)       /* google2011.c: task_events */                   \
	X(alibaba2017)      /* alibaba2017.c: batch_task */                   \
	X(alibaba_gpu2023)  /* alibaba_gpu2023.c: pod list */

#define WL_DECLARE(n) extern const struct wl_format wl_format_##n;
WL_FORMAT_LIST(WL_DECLARE)
#undef WL_DECLARE

#define WL_ROW(n) &wl_format_##n,
static const struct wl_format *const formats[] = {WL_FORMAT_LIST(WL_ROW)};
#undef WL_ROW

#define NFORMATS ((int)(sizeof formats / sizeof formats[0]))

int wl_format_count(void)
{
	return NFORMATS;
}

const struct wl_format *wl_format_at(int i)
{
	return i >= 0 && i < NFORMATS ? formats[i] : NULL;
}

const struct wl_format *wl_format_find(const char *name)
{
	for (int i = 0; name && i < NFORMATS; i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

const struct wl_format *wl_format_default(void)
{
	return formats[0];
}

static unsigned features(const struct wl_format *f)
{
	return (f->scan ? WL_FMT_SCAN : 0u) |
	       (f->machines ? WL_FMT_MACHINES : 0u) |
	       (f->machines && f->machines->from_header ? WL_FMT_MACHINE_HEADER
							: 0u) |
	       (f->takes_dir ? WL_FMT_DIR : 0u);
}

int wl_format_names(const char **names, int max, unsigned need)
{
	int n = 0;
	for (int i = 0; i < NFORMATS && n < max; i++)
		if ((features(formats[i]) & need) == need)
			names[n++] = formats[i]->name;
	return n;
}

char *wl_format_list(char *buf, unsigned long size, unsigned need,
		     const char *last)
{
	const char *names[NFORMATS];
	int n = wl_format_names(names, NFORMATS, need);
	if (!size)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strncat(buf, last && i == n - 1 ? last : ", ",
				size - strlen(buf) - 1);
		strncat(buf, names[i], size - strlen(buf) - 1);
	}
	return buf;
}

/* Whether path ends in ext, or in ext followed by ".gz". */
static int has_ending(const char *path, const char *ext)
{
	size_t n = strlen(path), k = strlen(ext);
	if (n >= k && strcmp(path + n - k, ext) == 0)
		return 1;
	return n >= k + 3 && strncmp(path + n - k - 3, ext, k) == 0 &&
	       strcmp(path + n - 3, ".gz") == 0;
}

const struct wl_format *wl_format_detect(const char *path, int is_dir)
{
	const struct wl_format *found = NULL;
	for (int i = 0; i < NFORMATS; i++) {
		const struct wl_format *f = formats[i];
		int claims = 0;
		if (is_dir)
			claims = f->takes_dir;
		else
			for (const char *const *e = f->exts; e && *e; e++)
				claims |= has_ending(path, *e);
		if (!claims)
			continue;
		if (found)
			return NULL;    /* several: the name tells nothing */
		found = f;
	}
	return found;
}

/* ---- sniffing: which format a file looks like -------------------------- */

static int is_blank(int ch)
{
	return ch == ' ' || ch == '\t';
}

/* The bounds of field i of line into *s, *e; 1 when there is one. */
static int field_bounds(const char *line, char sep, int i, const char **s,
			const char **e)
{
	const char *p = line;
	for (int k = 0;; k++) {
		if (!sep) {
			while (is_blank((unsigned char)*p))
				p++;
			if (!*p)
				return 0;
		}
		const char *b = p;
		if (sep)
			while (*p && *p != sep)
				p++;
		else
			while (*p && !is_blank((unsigned char)*p))
				p++;
		if (k == i) {
			while (b < p && is_blank((unsigned char)*b))
				b++;
			const char *t = p;
			while (t > b && is_blank((unsigned char)t[-1]))
				t--;
			*s = b;
			*e = t;
			return 1;
		}
		if (sep && !*p)
			return 0;
		if (sep)
			p++;
	}
}

int wl_sniff_field(const char *line, char sep, int i, char *buf,
		   unsigned long size)
{
	const char *s, *e;
	if (!size || !field_bounds(line, sep, i, &s, &e))
		return 0;
	unsigned long n = (unsigned long)(e - s);
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 1;
}

int wl_sniff_fields(const char *line, char sep)
{
	const char *s, *e;
	int n = 0;
	while (field_bounds(line, sep, n, &s, &e))
		n++;
	return n;
}

int wl_sniff_is_int(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s)
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == '\0';
}

int wl_sniff_has_field(const char *line, char sep, const char *name)
{
	char f[WL_SNIFF_LEN];
	for (int i = 0; wl_sniff_field(line, sep, i, f, sizeof f); i++)
		if (strcmp(f, name) == 0)
			return 1;
	return 0;
}

/* The first lines of path that are not blank; 0, or -1 when it cannot be
 * read. */
static int read_head(const char *path, struct wl_sniff *s)
{
	struct linereader lr;
	if (lr_open(&lr, path) < 0)
		return -1;
	s->n = 0;
	int r;
	while (s->n < WL_SNIFF_LINES && (r = lr_next(&lr, NULL)) > 0) {
		size_t i = 0;
		while (i < lr.len && is_blank((unsigned char)lr.line[i]))
			i++;
		if (i == lr.len)
			continue;
		char *l = s->line[s->n++];
		size_t n = lr.len < WL_SNIFF_LEN - 1 ? lr.len : WL_SNIFF_LEN - 1;
		memcpy(l, lr.line, n);
		l[n] = '\0';
		/* A spreadsheet's byte order mark is not part of the text. */
		if (n >= 3 && !memcmp(l, "\xEF\xBB\xBF", 3))
			memmove(l, l + 3, n - 2);
	}
	lr_close(&lr);
	return 0;
}

const struct wl_format *wl_format_sniff(const char *path,
					const struct wl_format *not)
{
	struct stat st;
	if (!path || stat(path, &st) != 0 || S_ISDIR(st.st_mode))
		return NULL;
	struct wl_sniff *s = malloc(sizeof *s);
	if (!s || read_head(path, s) < 0 || s->n == 0) {
		free(s);
		return NULL;
	}
	const struct wl_format *found = NULL;
	for (int i = 0; i < NFORMATS; i++) {
		const struct wl_format *f = formats[i];
		if (!f->sniff || !f->sniff(s))
			continue;
		if (f == not) {
			found = NULL;   /* it looks right: the fault is inside */
			break;
		}
		if (found) {
			found = NULL;   /* several: no suggestion */
			break;
		}
		found = f;
	}
	free(s);
	return found;
}

void wl_format_note(const char *path, const struct wl_format *cur,
		    struct diag *d)
{
	const struct wl_format *f = wl_format_sniff(path, cur);
	if (f)
		diag_note(d, "'%s' looks like format %s, not %s: try format: %s "
			  "(--format %s for offersim trace)", path, f->name,
			  cur->name, f->name, f->name);
}
