/*
 * formats.c - the table of trace formats (see formats.h) and the look-ups
 * on it.
 *
 * The list below is the only place that knows which formats exist; its
 * order is the order of every message that lists them, and its first row
 * is the default format.  A format's properties live in its own file, in
 * its `const struct wl_format`, so adding a format is that file plus one
 * line here.
 */
#include "formats.h"

#include <string.h>

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
