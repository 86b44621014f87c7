/*
 * earlystop.c - parsing the SLOs of earlystop.h and judging them against
 * the model's lower bounds.
 */
#include "earlystop.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../config/scenario.h"
#include "../model/engine.h"

static const char *const stats[] = {"mean", "p50", "p90", "p95", "p99", "max"};

/* Split "[frameworks.NAME.](wait|response).STAT"; 0 when it has that
 * shape.  *name receives NAME (or is emptied). */
static int split_metric(const char *m, char *name, size_t size, int *resp,
			int *stat)
{
	name[0] = '\0';
	if (strncmp(m, "frameworks.", 11) == 0) {
		const char *a = m + 11;
		/* NAME may hold dots: the figure is the last two parts. */
		const char *last = strrchr(a, '.');
		if (!last || last == a)
			return -1;
		const char *kind = last - 1;
		while (kind > a && *kind != '.')
			kind--;
		if (kind == a || (size_t)(kind - a) >= size)
			return -1;
		snprintf(name, size, "%.*s", (int)(kind - a), a);
		m = kind + 1;
	}
	const char *dot = strchr(m, '.');
	if (!dot)
		return -1;
	size_t k = (size_t)(dot - m);
	if (k == 4 && strncmp(m, "wait", 4) == 0)
		*resp = 0;
	else if (k == 8 && strncmp(m, "response", 8) == 0)
		*resp = 1;
	else
		return -1;
	for (int i = 0; i < 6; i++)
		if (strcmp(dot + 1, stats[i]) == 0) {
			*stat = i;
			return 0;
		}
	return -1;
}

int es_metric_supported(const char *metric)
{
	char name[128];
	int r, s;
	return split_metric(metric, name, sizeof name, &r, &s) == 0;
}

int es_split_slo(const char *text, int ge_ok, char *metric, size_t msize,
		 double *target, int *ge)
{
	const char *op = strstr(text, "<=");
	*ge = 0;
	if (!op && ge_ok) {
		op = strstr(text, ">=");
		*ge = 1;
	}
	if (!op || op == text || (size_t)(op - text) >= msize)
		return -1;
	snprintf(metric, msize, "%.*s", (int)(op - text), text);
	char *end;
	errno = 0;
	*target = strtod(op + 2, &end);
	if (end == op + 2 || *end || errno || !isfinite(*target))
		return -1;
	return 0;
}

int es_parse(const char *text, const struct scenario *sc, struct es_slo *out)
{
	memset(out, 0, sizeof *out);
	if (strlen(text) >= sizeof out->text)
		return -1;
	snprintf(out->text, sizeof out->text, "%s", text);
	int ge;
	if (es_split_slo(text, 0, out->metric, sizeof out->metric,
			 &out->target, &ge) < 0)
		return -1;
	char name[128];
	if (split_metric(out->metric, name, sizeof name, &out->response, &out->stat))
		return -1;
	out->fw = -1;
	if (name[0]) {
		for (int i = 0; sc && i < sc->nfws; i++)
			if (strcmp(sc->fws[i].name, name) == 0)
				out->fw = i;
		if (out->fw < 0)
			return -1;
	}
	return 0;
}

int es_check(void *ctx, const struct sim_bounds *b, struct sim_stop_why *why)
{
	struct es_set *set = ctx;
	for (int i = 0; i < set->n; i++) {
		const struct es_slo *s = &set->slo[i];
		const struct sim_bound *x;
		if (s->fw < 0)
			x = s->response ? &b->response : &b->wait;
		else
			x = s->response ? &b->fw_response[s->fw] : &b->fw_wait[s->fw];
		if (s->stat != 5 && !x->valid)
			continue;
		const double v[] = {x->mean, x->p50, x->p90, x->p95, x->p99, x->max};
		double bound = v[s->stat];
		/* A margin for the last bits: the final figure is computed
		 * from the finished values, in a different order. */
		if (bound > s->target + 1e-9 * fabs(s->target) + 1e-9) {
			snprintf(why->metric, sizeof why->metric, "%s", s->metric);
			why->bound = bound;
			set->stopped = 1;
			set->at = simtime_to_sec(b->now);
			set->which = i;
			set->bound = bound;
			return 1;
		}
	}
	return 0;
}
