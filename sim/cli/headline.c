/*
 * headline.c - the headline metrics of compare and sweep (see headline.h).
 *
 * Column order is by rank: the ranks of the summary figures are in
 * sim/model/figures.h, those of the run-wide metrics below.  A figure
 * with several headline stats takes consecutive ranks, one per stat.
 * Fairness is read from shares.csv as a step function: each row's shares
 * hold until the next row's time.
 */
#include "headline.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "../core/ci.h"
#include "../core/err.h"
#include "../core/json_read.h"
#include "../model/figures.h"

/* The run-wide headlines; "utilization" stands for one column per
 * resource ("utilization.cpus", titled "util cpus"). */
static const struct run_headline {
	int rank;
	const char *key, *title;
	int flags;
} run_headlines[] = {
	{40, "utilization", "util", FIG_HIGHER},
	{50, "makespan", "makespan (s)", FIG_SECONDS},
	{60, "fairness", "fairness (Jain)", FIG_HIGHER},
};

#define NRUN ((int)(sizeof run_headlines / sizeof run_headlines[0]))

struct ranked {
	struct headline h;
	int rank, seq;
};

struct hlist {
	struct ranked *v;
	int n, cap;
};

static int hl_add(struct hlist *l, int rank, const char *key, const char *title,
		  int flags)
{
	for (int k = 0; k < l->n; k++)
		if (strcmp(l->v[k].h.key, key) == 0)
			return 0;
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 32;
		struct ranked *v = realloc(l->v, (size_t)cap * sizeof *v);
		if (!v)
			return OS_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	struct ranked *r = &l->v[l->n];
	memset(r, 0, sizeof *r);
	snprintf(r->h.key, sizeof r->h.key, "%s", key);
	snprintf(r->h.title, sizeof r->h.title, "%s", title);
	r->h.higher_better = !!(flags & FIG_HIGHER);
	r->h.seconds = !!(flags & FIG_SECONDS);
	r->rank = rank;
	r->seq = l->n++;
	return 0;
}

/* A figure's dotted name: group.key, then .stat unless stat is empty. */
static void fig_name(const struct fig_def *d, const char *stat, size_t len,
		     char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s%.*s", d->group, *d->group ? "." : "",
		 d->key, len ? "." : "", (int)len, stat);
}

/* The title template with '%' replaced by the stat. */
static void fig_title(const char *tmpl, const char *stat, size_t len,
		      char *buf, size_t size)
{
	size_t o = 0;
	for (const char *c = tmpl; *c && o + 1 < size; c++) {
		if (*c != '%') {
			buf[o++] = *c;
			continue;
		}
		for (size_t i = 0; i < len && o + 1 < size; i++)
			buf[o++] = stat[i];
	}
	buf[o] = '\0';
}

static int ranked_cmp(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

int headline_list(struct jr_value *const *docs, int n, struct headline **out)
{
	struct hlist l = {NULL, 0, 0};
	int rc = 0;
	char key[96], title[112];
	for (int k = 0; k < FIG_COUNT && !rc; k++) {
		const struct fig_def *d = &fig_defs[k];
		if (d->rank <= 0)
			continue;
		const char *s = d->stats ? d->stats : "";
		int i = 0;
		do {
			s += strspn(s, " ");
			size_t len = strcspn(s, " ");
			fig_name(d, s, len, key, sizeof key);
			fig_title(d->title, s, len, title, sizeof title);
			rc |= hl_add(&l, d->rank + i++, key, title, d->flags);
			s += len;
		} while (!rc && *(s + strspn(s, " ")));
	}
	for (int k = 0; k < NRUN && !rc; k++) {
		const struct run_headline *r = &run_headlines[k];
		if (strcmp(r->key, "utilization") != 0) {
			rc |= hl_add(&l, r->rank, r->key, r->title, r->flags);
			continue;
		}
		for (int i = 0; i < n && !rc; i++) {
			const struct jr_value *u = docs[i] ? jr_get(docs[i], r->key) : NULL;
			for (int j = 0; j < jr_count(u) && !rc; j++) {
				snprintf(key, sizeof key, "%s.%s", r->key, jr_key(u, j));
				snprintf(title, sizeof title, "%s %s", r->title, jr_key(u, j));
				rc |= hl_add(&l, r->rank, key, title, r->flags);
			}
		}
	}
	if (rc) {
		free(l.v);
		return OS_ENOMEM;
	}
	qsort(l.v, (size_t)l.n, sizeof *l.v, ranked_cmp);
	struct headline *h = malloc((size_t)(l.n ? l.n : 1) * sizeof *h);
	if (!h) {
		free(l.v);
		return OS_ENOMEM;
	}
	for (int k = 0; k < l.n; k++)
		h[k] = l.v[k].h;
	free(l.v);
	*out = h;
	return l.n;
}

double headline_fairness(const char *rundir)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/shares.csv", rundir);
	FILE *f = fopen(path, "r");
	if (!f)
		return NAN;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ncol = 0;
	size_t n = 0, ncap = 0;
	double *t = NULL, *v = NULL; /* v[row * nfw + k] */
	int ok = 1;
	if ((len = getline(&line, &cap, f)) > 0) {
		ncol = 1;
		for (char *p = line; *p; p++)
			ncol += *p == ',';
	}
	int nfw = ncol - 1;
	while (ok && nfw > 0 && (len = getline(&line, &cap, f)) > 0) {
		if (n == ncap) {
			ncap = ncap ? 2 * ncap : 256;
			double *nt = realloc(t, ncap * sizeof *nt);
			double *nv = nt ? realloc(v, ncap * (size_t)nfw * sizeof *nv) : NULL;
			if (nt)
				t = nt;
			if (!nv) {
				ok = 0;
				break;
			}
			v = nv;
		}
		char *p = line, *end;
		t[n] = strtod(p, &end);
		for (int k = 0; k < nfw && ok; k++) {
			if (*end != ',')
				ok = 0;
			p = end + 1;
			v[n * (size_t)nfw + (size_t)k] = strtod(p, &end);
		}
		n++;
	}
	free(line);
	fclose(f);
	double jain = NAN;
	if (ok && n > 0 && nfw > 0) {
		double *avg = malloc((size_t)nfw * sizeof *avg);
		double *col = malloc(n * sizeof *col);
		if (avg && col) {
			for (int k = 0; k < nfw; k++) {
				for (size_t i = 0; i < n; i++)
					col[i] = v[i * (size_t)nfw + (size_t)k];
				avg[k] = ci_time_average(t, col, n);
			}
			jain = ci_jain(avg, (size_t)nfw);
		}
		free(avg);
		free(col);
	}
	free(t);
	free(v);
	return jain;
}

double headline_value(const struct jr_value *summary, const char *rundir,
		      const char *key)
{
	if (strcmp(key, "fairness") == 0)
		return headline_fairness(rundir);
	return jr_number(summary, key);
}

int headline_exists(const struct jr_value *summary, const char *key)
{
	return strcmp(key, "fairness") == 0 || jr_get(summary, key) != NULL;
}

/* Whether key is name or ends in "." name. */
static int ends_with_name(const char *key, const char *name)
{
	size_t k = strlen(key), m = strlen(name);
	return k >= m && strcmp(key + k - m, name) == 0 &&
	       (k == m || key[k - m - 1] == '.');
}

int headline_nonnegative(const char *key)
{
	/* Every figure of figures.h and every run headline is a time, a
	 * count, a share or a ratio of such: none can be negative.  A signed
	 * figure, when one is added, answers 0 here by its key. */
	(void)key;
	return 1;
}

/* Whether key is a figure's name (figures.h), or ends in "." and one
 * when tail; only FIG_SECONDS figures when seconds. */
static int is_figure(const char *key, int tail, int seconds)
{
	static const char *const stats[] = {"mean", "p50", "p90", "p95", "p99", "max"};
	char name[96];
	for (int k = 0; k < FIG_COUNT; k++) {
		const struct fig_def *d = &fig_defs[k];
		if (seconds && !(d->flags & FIG_SECONDS))
			continue;
		int nstats = d->kind == FIGK_DIST ? 6 : d->kind == FIGK_MEAN ? 1 : 0;
		for (int i = 0; i < (nstats ? nstats : 1); i++) {
			const char *st = nstats ? stats[i] : "";
			fig_name(d, st, strlen(st), name, sizeof name);
			if (tail ? ends_with_name(key, name) : strcmp(key, name) == 0)
				return 1;
		}
	}
	return 0;
}

int headline_is_seconds(const char *key)
{
	return ends_with_name(key, "makespan") || ends_with_name(key, "sim_time") ||
	       is_figure(key, 1, 1);
}

/* Whether key is prefix "." followed by one non-empty segment (a
 * resource's or a framework's name, which the runs' scenario decides). */
static int one_segment_after(const char *key, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);
	if (strncmp(key, prefix, n) != 0 || key[n] != '.' || !key[n + 1])
		return 0;
	const char *end = strchr(key + n + 1, '.');
	if (rest)
		*rest = end;
	return rest ? end != NULL && end > key + n + 1 : end == NULL;
}

int headline_known(const char *key)
{
	/* The run-wide numbers of summary.json (metrics.c) that are not
	 * figures, and those that come once per resource. */
	static const char *const run_wide[] = {
		"seed", "events", "sim_time", "makespan", "allocation_passes",
		"bounded_slowdown_threshold", "span.first_submit", "span.last_end",
		"fairness",
	};
	static const char *const per_res[] = {
		"utilization", "span_utilization", "offered_load",
	};
	const char *rest;
	if (one_segment_after(key, "frameworks", &rest)) {
		key = rest + 1;
		return strcmp(key, "final_dominant_share") == 0 ||
		       one_segment_after(key, "offered_load", NULL) ||
		       is_figure(key, 0, 0);
	}
	for (size_t i = 0; i < sizeof run_wide / sizeof run_wide[0]; i++)
		if (strcmp(key, run_wide[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof per_res / sizeof per_res[0]; i++)
		if (one_segment_after(key, per_res[i], NULL))
			return 1;
	return is_figure(key, 0, 0);
}
