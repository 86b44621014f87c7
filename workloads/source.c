/*
 * source.c - which reader opens a workload, and whether its times are
 * rebased.  wl_open() (transform.c) opens the reader through
 * wl_open_format() and puts the transforms every source gets on top of it.
 *
 * Trace formats are found by name in the format table (formats.h), whose
 * rows say how to open them and whether they rebase; the synthetic
 * generator has no format name and is opened directly.
 *
 * Rebase: the logs of real systems count time from an epoch of their own
 * (Google's trace starts at 600 s, Alibaba's create times are offsets that
 * may be negative, an SWF window taken with `skip` starts days in), so the
 * formats flagged `rebase` in their table row have the first delivered
 * record's submit time subtracted from every record, after the filter and
 * the windows: the run starts when the selected work does.  It is one
 * step in transform.c rather than in each reader so that every format
 * rebases the same way.
 * The native CSV format is not rebased: its times are the user's own, and
 * a windowed CSV run lines up with the unwindowed one.
 */
#include "source.h"

#include <stdlib.h>
#include <string.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/config/scenario.h"
#include "formats.h"

int wl_open_format(const struct scenario *sc, int fw, struct diag *d,
		   struct wl_source **out, int *rebase)
{
	const struct workload_spec *wl = &sc->fws[fw].wl;
	if (wl->kind == WL_SYNTHETIC)
		return wl_synth_open(sc, fw, d, out);

	const char *fmt = wl->format ? wl->format : wl_format_default()->name;
	const struct wl_format *f = wl_format_find(fmt);
	if (f) {
		*rebase = f->rebase;
		return f->open(sc, fw, d, out);
	}

	const char *names[64];
	int n = wl_format_names(names, 64, 0);
	diag_error(d, sc->file, wl->pos.line, wl->pos.col,
		   "unknown trace format '%s'", fmt);
	const char *sugg = diag_suggest(fmt, names, n);
	if (sugg)
		diag_note(d, "did you mean '%s'?", sugg);
	char list[256];
	diag_note(d, "known formats: %s",
		  wl_format_list(list, sizeof list, 0, NULL));
	return OS_ENOENT;
}

void wl_workload_format_note(const struct workload_spec *wl, struct diag *d)
{
	if (wl->kind == WL_SYNTHETIC || !wl->trace)
		return;
	const struct wl_format *cur =
		wl_format_find(wl->format ? wl->format : wl_format_default()->name);
	if (cur)
		wl_format_note(wl->trace, cur, d);
}

void wl_stats(struct wl_source *s, struct wl_stats *out)
{
	memset(out, 0, sizeof *out);
	if (s && s->ops->stats)
		s->ops->stats(s, out);
}

void wl_close(struct wl_source *s)
{
	if (s)
		s->ops->close(s);
}

int64_t wl_user_id(const char *s, unsigned long len)
{
	if (len == 0 || (len == 2 && s[0] == '-' && s[1] == '1'))
		return -1;
	const int64_t big = INT64_C(1) << 62;
	int64_t v = 0;
	unsigned long i = 0;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		int digit = s[i] - '0';
		if (v > (INT64_MAX - digit) / 10)
			break;      /* beyond int64: a name, not an id */
		v = v * 10 + digit;
	}
	if (i == len)
		return v;
	/* FNV-1a, 64 bits: fixed, so ids are the same in every run. */
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= UINT64_C(0x100000001b3);
	}
	return (int64_t)((h & (uint64_t)(big - 1)) | (uint64_t)big);
}
