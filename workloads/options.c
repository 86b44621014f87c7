/*
 * options.c - getters for the format-specific options of a trace workload
 * (see options.h).  The idea is sim/model/policy_support.c's (ask, then report
 * what was never asked for); the code is separate because workload options
 * belong to a workload spec, not to policy parameters.  Values are parsed
 * by the scenario reader's text parsers (sim/config/get.h), so numbers and
 * booleans are spelt as everywhere else in a scenario.
 */
#include "options.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/config/get.h"
#include "../sim/config/scenario.h"
#include "formats.h"

void wl_opt_init(struct wl_opts *o, const struct scenario *sc, int fw,
		 struct diag *d)
{
	memset(o, 0, sizeof *o);
	const struct workload_spec *wl = &sc->fws[fw].wl;
	o->kv = wl->opts;
	o->n = wl->nopts;
	if (o->n > (int)sizeof o->used)
		o->n = (int)sizeof o->used;
	o->file = sc->file;
	o->format = wl->format ? wl->format : wl_format_default()->name;
	o->d = d;
}

static const struct kv *find(struct wl_opts *o, const char *key)
{
	if (o->nasked < WL_OPT_MAX)
		o->asked[o->nasked++] = key;
	for (int i = 0; i < o->n; i++)
		if (o->kv[i].key && strcmp(o->kv[i].key, key) == 0) {
			o->used[i] = 1;
			return o->kv[i].value ? &o->kv[i] : NULL;
		}
	return NULL;
}

static void bad_value(struct wl_opts *o, const struct kv *kv, const char *want)
{
	diag_error(o->d, o->file, kv->pos.line, kv->pos.col,
		   "option '%s' of format %s must be %s, got '%s'", kv->key,
		   o->format, want, kv->value);
	o->bad++;
}

double wl_opt_num(struct wl_opts *o, const char *key, double def, double min)
{
	const struct kv *kv = find(o, key);
	if (!kv)
		return def;
	char want[64];
	double v;
	if (!cfg_parse_num(kv->value, &v) || v < min) {
		snprintf(want, sizeof want, "a number >= %g", min);
		bad_value(o, kv, want);
		return def;
	}
	return v;
}

int wl_opt_bool(struct wl_opts *o, const char *key, int def)
{
	const struct kv *kv = find(o, key);
	int b;
	if (!kv)
		return def;
	if (cfg_parse_bool(kv->value, &b))
		return b;
	bad_value(o, kv, CFG_BOOL_SPELLINGS);
	return def;
}

int wl_opt_choice(struct wl_opts *o, const char *key,
		  const char *const *choices, int n, int def)
{
	const struct kv *kv = find(o, key);
	if (!kv)
		return def;
	char want[256] = "one of ";
	for (int i = 0; i < n; i++) {
		if (strcmp(kv->value, choices[i]) == 0)
			return i;
		if (i)
			strncat(want, ", ", sizeof want - strlen(want) - 1);
		strncat(want, choices[i], sizeof want - strlen(want) - 1);
	}
	bad_value(o, kv, want);
	return def;
}

int wl_opt_finish(struct wl_opts *o)
{
	for (int i = 0; i < o->n; i++) {
		const struct kv *kv = &o->kv[i];
		if (o->used[i] || !kv->key)
			continue;
		const char *sug = diag_suggest(kv->key, o->asked, o->nasked);
		char known[512] = "";
		for (int k = 0; k < o->nasked; k++) {
			if (k)
				strncat(known, ", ", sizeof known - strlen(known) - 1);
			strncat(known, o->asked[k], sizeof known - strlen(known) - 1);
		}
		if (sug)
			diag_error(o->d, o->file, kv->pos.line, kv->pos.col,
				   "unknown option '%s' for format %s (did you "
				   "mean '%s'?)", kv->key, o->format, sug);
		else if (o->nasked)
			diag_error(o->d, o->file, kv->pos.line, kv->pos.col,
				   "unknown option '%s' for format %s (known: "
				   "%s)", kv->key, o->format, known);
		else
			diag_error(o->d, o->file, kv->pos.line, kv->pos.col,
				   "unknown option '%s': format %s takes no "
				   "options", kv->key, o->format);
		o->bad++;
	}
	return o->bad ? OS_EINVAL : 0;
}
