/*
 * source.c - the table of trace formats: which reader opens a workload,
 * and whether its times are rebased.  wl_open() (transform.c) opens the
 * reader through wl_open_format() and puts the transforms every source
 * gets on top of it.
 *
 * Trace formats live in a name table (one row per format, so swf, google2011
 * or alibaba2017 are one line each once their reader exists); the synthetic
 * generator has no format name and is opened directly.
 *
 * Rebase: the logs of real systems count time from an epoch of their own
 * (Google's trace starts at 600 s, Alibaba's create times are offsets that
 * may be negative, an SWF window taken with `skip` starts days in), so the
 * formats flagged `rebase` below have the first delivered record's submit
 * time subtracted from every record, after the filter and the windows: the
 * run starts when the selected work does.  It is one step in transform.c
 * rather than in each reader so that every format rebases the same way.
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

static const char *const res_none[] = {NULL};
static const char *const res_cpu_mem[] = {"cpus", "mem", NULL};
static const char *const res_gpu[] = {"cpus", "mem", "gpus", NULL};

static const struct wl_format {
	const char *name;
	wl_open_fn *open;
	int rebase;             /* start the clock at the first record */
	int dir;                /* trace: may be a directory */
	const char *const *res; /* resources its records demand */
} trace_formats[] = {
	{"csv", wl_csv_open, 0, 0, res_none},
	{"swf", wl_swf_open, 1, 0, res_cpu_mem},
	{"google2011", wl_google2011_open, 1, 1, res_cpu_mem},
	{"alibaba2017", wl_alibaba2017_open, 1, 0, res_cpu_mem},
	{"alibaba_gpu2023", wl_alibaba_gpu2023_open, 1, 0, res_gpu},
};

#define NFORMATS ((int)(sizeof trace_formats / sizeof trace_formats[0]))

int wl_open_format(const struct scenario *sc, int fw, struct diag *d,
		   struct wl_source **out, int *rebase)
{
	const struct workload_spec *wl = &sc->fws[fw].wl;
	if (wl->kind == WL_SYNTHETIC)
		return wl_synth_open(sc, fw, d, out);

	const char *fmt = wl->format ? wl->format : "csv";
	for (int i = 0; i < NFORMATS; i++)
		if (strcmp(trace_formats[i].name, fmt) == 0) {
			*rebase = trace_formats[i].rebase;
			return trace_formats[i].open(sc, fw, d, out);
		}

	const char *names[NFORMATS];
	for (int i = 0; i < NFORMATS; i++)
		names[i] = trace_formats[i].name;
	diag_error(d, sc->file, wl->pos.line, wl->pos.col,
		   "unknown trace format '%s'", fmt);
	const char *sugg = diag_suggest(fmt, names, NFORMATS);
	if (sugg)
		diag_note(d, "did you mean '%s'?", sugg);
	char list[256] = "";
	for (int i = 0; i < NFORMATS; i++) {
		if (i)
			strncat(list, ", ", sizeof list - strlen(list) - 1);
		strncat(list, names[i], sizeof list - strlen(list) - 1);
	}
	diag_note(d, "known formats: %s", list);
	return OS_ENOENT;
}

void wl_stats(struct wl_source *s, struct wl_stats *out)
{
	memset(out, 0, sizeof *out);
	if (s && s->ops->stats)
		s->ops->stats(s, out);
}

int wl_format_count(void)
{
	return NFORMATS;
}

const char *wl_format_name(int i)
{
	return i >= 0 && i < NFORMATS ? trace_formats[i].name : NULL;
}

int wl_format_takes_dir(int i)
{
	return i >= 0 && i < NFORMATS && trace_formats[i].dir;
}

int wl_format_find(const char *name)
{
	for (int i = 0; i < NFORMATS; i++)
		if (strcmp(trace_formats[i].name, name) == 0)
			return i;
	return -1;
}

const char *const *wl_format_resources(int i)
{
	return i >= 0 && i < NFORMATS ? trace_formats[i].res : res_none;
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
