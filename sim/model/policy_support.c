/*
 * policy_support.c - the helpers policy.h promises policies that need
 * nothing of the offer cycle: option getters with diagnostics, the check
 * for options no getter asked for (core use, policy_support.h), named
 * random streams, and a task's estimated work left.  It calls nothing of
 * the engine, master or framework, so the policies' callbacks into the
 * model go only through the sched_* functions of framework.c.
 *
 * Option values arrive as the strings written in the scenario; each getter
 * parses its type with the scenario reader's text parsers (config/get.h:
 * one spelling of numbers and booleans everywhere) and reports a bad
 * value at the option's position.
 * After a policy's init, the core reports every option no getter asked for
 * as an unknown key, so a misspelt option never passes silently.
 */
#include "policy_support.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/diag.h"
#include "../core/err.h"
#include "../core/rng.h"
#include "../config/get.h"
#include "../config/scenario.h"

static struct kv *pp_find(const struct policy_params *p, const char *key)
{
	/* The params object is the core's own (non-const) record; the const
	 * in the policy-facing signature only keeps policies from editing it. */
	struct policy_params *mp = (struct policy_params *)p;
	if (mp->nasked < 32)
		mp->asked[mp->nasked++] = key;
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->kv[i].key, key) == 0) {
			p->kv[i].used = 1;
			return &p->kv[i];
		}
	return NULL;
}

double pp_double(const struct policy_params *p, const char *key, double def)
{
	struct kv *kv = pp_find(p, key);
	if (!kv)
		return def;
	double v;
	if (!cfg_parse_num(kv->value, &v)) {
		diag_error(p->diag, p->file, kv->pos.line, kv->pos.col,
			   "option '%s' must be a number, got '%s'", key, kv->value);
		return def;
	}
	return v;
}

long pp_long(const struct policy_params *p, const char *key, long def)
{
	struct kv *kv = pp_find(p, key);
	if (!kv)
		return def;
	long long v;
	int range;
	if (!cfg_parse_int(kv->value, &v, &range) || range || v < LONG_MIN ||
	    v > LONG_MAX) {
		diag_error(p->diag, p->file, kv->pos.line, kv->pos.col,
			   "option '%s' must be an integer, got '%s'", key, kv->value);
		return def;
	}
	return (long)v;
}

int pp_bool(const struct policy_params *p, const char *key, int def)
{
	struct kv *kv = pp_find(p, key);
	if (!kv)
		return def;
	int b;
	if (cfg_parse_bool(kv->value, &b))
		return b;
	diag_error(p->diag, p->file, kv->pos.line, kv->pos.col,
		   "option '%s' must be " CFG_BOOL_SPELLINGS ", got '%s'", key,
		   kv->value);
	return def;
}

const char *pp_string(const struct policy_params *p, const char *key,
		      const char *def)
{
	struct kv *kv = pp_find(p, key);
	return kv ? kv->value : def;
}

int policy_params_check_unused(const struct policy_params *p,
			       const char *what)
{
	int bad = 0;
	for (int i = 0; i < p->n; i++) {
		if (p->kv[i].used)
			continue;
		const char *sug = diag_suggest(p->kv[i].key, p->asked, p->nasked);
		if (sug)
			diag_error(p->diag, p->file, p->kv[i].pos.line,
				   p->kv[i].pos.col,
				   "unknown key '%s' in %s of '%s' (did you mean '%s'?)",
				   p->kv[i].key, what, p->owner, sug);
		else if (p->nasked) {
			char known[512];
			size_t used = 0;
			known[0] = '\0';
			for (int k = 0; k < p->nasked && used < sizeof known; k++) {
				int w = snprintf(known + used, sizeof known - used,
						 "%s%s", k ? ", " : "", p->asked[k]);
				if (w < 0)
					break;
				used += (size_t)w;
			}
			diag_error(p->diag, p->file, p->kv[i].pos.line,
				   p->kv[i].pos.col,
				   "unknown key '%s' in %s of '%s' (known: %s)",
				   p->kv[i].key, what, p->owner, known);
		} else
			diag_error(p->diag, p->file, p->kv[i].pos.line,
				   p->kv[i].pos.col,
				   "unknown key '%s' in %s of '%s' (it takes no options)",
				   p->kv[i].key, what, p->owner);
		bad++;
	}
	return bad;
}

simtime_t policy_est_left(const struct ptask *t)
{
	simtime_t done = t->duration - t->remaining;
	simtime_t left = t->estimate - done;
	return left > 0 ? left : 0;
}

int policy_expect_one_of(const struct policy_params *p, const char *key,
			 const char *value, const char *choices)
{
	size_t n = strlen(value);
	for (const char *c = choices; *c;) {
		size_t k = strcspn(c, "|");
		if (k == n && strncmp(c, value, n) == 0)
			return 0;
		c += k;
		if (*c == '|')
			c++;
	}
	int line = 0, col = 0;
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->kv[i].key, key) == 0) {
			line = p->kv[i].pos.line;
			col = p->kv[i].pos.col;
		}
	diag_error(p->diag, p->file, line, col,
		   "option '%s' must be one of %s, got '%s'", key, choices, value);
	return OS_EINVAL;
}

gsl_rng *policy_rng(const struct policy_params *p, const char *stream)
{
	char name[256];
	snprintf(name, sizeof name, "%s/%s", stream, p->owner ? p->owner : "");
	return rng_stream_new(p->seed, name);
}

gsl_rng *policy_rng_named(const struct policy_params *p, const char *name)
{
	return rng_stream_new(p->seed, name);
}
