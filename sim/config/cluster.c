/*
 * cluster.c - cluster.agents: agent groups with their resources,
 * attributes and reservations; and the resource maps (name: quantity) that
 * reservations, quota and scripted events read the same way.
 *
 * The scenario's resource names are the union of the names the agent
 * groups give, in order of first appearance, so every later resource map
 * is checked against them.  cluster.from_trace is read by workload.c,
 * with the other code that knows trace formats.
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

#include "../core/res.h"
#include "get.h"
#include "keys.h"

/* A mapping of resource name: non-negative quantity into out (entries not
 * named stay as they are; has[r] set for each named one, when has). */
void cfg_load_res_map(struct cfg *c, const struct node *m,
			 const char *what, resq_t *out, int *has)
{
	struct scenario *sc = c->sc;
	char list[512];
	if (!cfg_want_map(c, m, what))
		return;
	cfg_check_dups(c, m, what);
	const char *names[RES_MAX];
	for (int i = 0; i < sc->res.n; i++)
		names[i] = sc->res.name[i];
	for (int i = 0; i + 1 < m->n; i += 2) {
		const struct node *k = m->kid[i], *v = m->kid[i + 1];
		int ri = res_find(&sc->res, k->text);
		double x;
		if (ri < 0) {
			if (sc->res.n)
				cfg_err(c, k, "resource '%s' is not provided by "
					"any agent (agents provide: %s)", k->text,
					cfg_join(names, sc->res.n, list,
						   sizeof list));
			continue;
		}
		if (!cfg_num_of(c, v, k->text, CFG_NONNEG, &x))
			continue;
		if (x > CFG_MAX_RES) {
			cfg_err(c, v, "'%s' is too large (at most %.0g)",
				k->text, CFG_MAX_RES);
			continue;
		}
		out[ri] = resq_from_double(x);
		if (has)
			has[ri] = 1;
	}
}

/* quota: {guarantee: {...}, limit: {...}} into q. */
void cfg_load_quota(struct cfg *c, const struct node *v,
		       struct quota_spec *q)
{
	int hasl[RES_MAX] = {0};
	for (int r = 0; r < RES_MAX; r++)
		q->limit[r] = QUOTA_NO_LIMIT;
	if (!cfg_want_map(c, v, "'quota'"))
		return;
	cfg_check_section(c, v, "quota", &cfg_sec_quota);
	const struct node *g = node_get(v, "guarantee");
	const struct node *l = node_get(v, "limit");
	if (g) {
		int has[RES_MAX] = {0};
		cfg_load_res_map(c, g, "'guarantee'", q->guarantee, has);
		for (int r = 0; r < RES_MAX; r++)
			q->has_guarantee |= has[r] && q->guarantee[r] > 0;
	}
	if (l) {
		cfg_load_res_map(c, l, "'limit'", q->limit, hasl);
		for (int r = 0; r < RES_MAX; r++)
			q->has_limit |= hasl[r];
	}
	for (int r = 0; r < c->sc->res.n; r++)
		if (hasl[r] && q->guarantee[r] > q->limit[r])
			cfg_err(c, l, "quota guarantee of %s exceeds its limit",
				c->sc->res.name[r]);
}

/* reserved: {role: {cpus: 2, ...}, ...} of an agent group. */
static void load_reserved(struct cfg *c, const struct node *g,
			  const char *where, struct agent_group *ag)
{
	const struct node *m = node_get(g, "reserved");
	if (!m || node_is_null(m) || !cfg_want_map(c, m, "'reserved'"))
		return;
	cfg_check_dups(c, m, "reserved");
	resq_t sum[RES_MAX] = {0};
	for (int i = 0; i + 1 < m->n; i += 2) {
		const struct node *k = m->kid[i], *v = m->kid[i + 1];
		if (!cfg_check_role_name(c, k, k->text))
			continue;
		if (!strcmp(k->text, "*")) {
			cfg_err(c, k, "resources cannot be reserved for role '*'");
			continue;
		}
		if (ag->nresv == AGENT_RESV_MAX) {
			cfg_err(c, k, "at most %d reservations per agent group",
				AGENT_RESV_MAX);
			break;
		}
		struct resv_spec *rs = &ag->resv[ag->nresv++];
		rs->role = cfg_strdup(c, k->text);
		rs->pos = node_pos(k);
		cfg_load_res_map(c, v, "'reserved'", rs->res, NULL);
		res_add(sum, rs->res, RES_MAX);
	}
	for (int r = 0; r < c->sc->res.n; r++)
		if (sum[r] > ag->res[r])
			cfg_err(c, m, "%s reserves more %s than it has",
				where, c->sc->res.name[r]);
}

/* failures: {mtbf: DIST, mttr: DIST, at: [SECONDS, ...]} of a group. */
static void load_failures(struct cfg *c, const struct node *g,
			  const char *where, struct agent_group *ag)
{
	const struct node *m = node_get(g, "failures");
	if (!m || node_is_null(m) || !cfg_want_map(c, m, "'failures'"))
		return;
	cfg_check_section(c, m, "failures", &cfg_sec_failures);
	const struct node *v;
	if ((v = node_get(m, "mtbf"))) {
		cfg_load_dist(c, v, "mtbf", &ag->mtbf);
		ag->has_mtbf = 1;
	}
	if ((v = node_get(m, "at")) && cfg_want_list(c, v, "at", "times",
						     "time")) {
		ag->fail_at = cfg_calloc(c, (size_t)v->n + 1, sizeof *ag->fail_at);
		for (int i = 0; ag->fail_at && i < v->n; i++) {
			double x;
			if (!cfg_num_of(c, v->kid[i], "at", CFG_NONNEG, &x))
				continue;
			if (ag->nfail_at && x < ag->fail_at[ag->nfail_at - 1])
				cfg_err(c, v->kid[i], "failure times must not "
					"go back (%.80s after %g)",
					v->kid[i]->text,
					ag->fail_at[ag->nfail_at - 1]);
			ag->fail_at[ag->nfail_at++] = x;
		}
	}
	if ((v = node_get(m, "mttr")))
		cfg_load_dist(c, v, "mttr", &ag->mttr);
	else
		cfg_err(c, m, "'failures' of %s needs 'mttr' (the time to "
			"repair, seconds or a distribution)", where);
	if (!ag->has_mtbf && !ag->nfail_at)
		cfg_err(c, m, "'failures' of %s needs 'mtbf' or 'at'", where);
}

static void load_group(struct cfg *c, const struct node *g, int idx,
		       struct agent_group *ag)
{
	struct scenario *sc = c->sc;
	char where[96], desc[64];
	ag->pos = node_pos(g);
	ag->count = 1;
	if (g->kind != NODE_MAP) {
		cfg_err(c, g, "agent group #%d must be a mapping such as "
			"{name: small, count: 1, resources: {cpus: 2}}, got %s",
			idx + 1, node_desc(g, desc, sizeof desc));
		return;
	}
	const char *nm = node_name(g);
	if (nm && *nm)
		snprintf(where, sizeof where, "agent group '%.40s'", nm);
	else
		snprintf(where, sizeof where, "agent group #%d", idx + 1);
	cfg_check_section(c, g, where, &cfg_sec_agents);
	if (!node_get(g, "name"))
		cfg_err(c, g, "missing required key 'name' in %s", where);
	cfg_read_keys(c, g, g, &cfg_sec_agents, ag, 0);

	const struct node *r = node_get(g, "resources");
	if (!r) {
		cfg_err(c, g, "missing required key 'resources' in %s", where);
	} else if (cfg_want_map(c, r, "'resources'")) {
		if (r->n == 0)
			cfg_err(c, r, "'resources' of %s must name at least "
				"one resource", where);
		cfg_check_dups(c, r, where);
		for (int i = 0; i + 1 < r->n; i += 2) {
			const struct node *k = r->kid[i], *v = r->kid[i + 1];
			int ri = *k->text ? res_intern(&sc->res, k->text) : -1;
			if (!*k->text)
				cfg_err(c, k, "empty resource name");
			else if (ri < 0 && strlen(k->text) >= RES_NAME_MAX)
				cfg_err(c, k, "resource name '%s' is longer "
					"than %d characters", k->text,
					RES_NAME_MAX - 1);
			else if (ri < 0)
				cfg_err(c, k, "too many distinct resource "
					"names (at most %d)", RES_MAX);
			double x;
			if (!cfg_num_of(c, v, k->text, CFG_NONNEG, &x))
				continue;
			if (x > CFG_MAX_RES) {
				cfg_err(c, v, "'%s' is too large (at most "
					"%.0g)", k->text, CFG_MAX_RES);
				continue;
			}
			if (ri >= 0)
				ag->res[ri] = resq_from_double(x);
		}
	}
	cfg_get_kvs(c, g, "attributes", where, &ag->attrs, &ag->nattrs);
	load_reserved(c, g, where, ag);
	load_failures(c, g, where, ag);
}

void cfg_load_cluster(struct cfg *c, const struct node *root)
{
	struct scenario *sc = c->sc;
	const struct node *cl = node_get(root, "cluster");
	if (!cl) {
		cfg_err(c, root, "missing required key 'cluster'");
		return;
	}
	if (!cfg_want_map(c, cl, "'cluster'"))
		return;
	cfg_check_section(c, cl, "cluster", &cfg_sec_cluster);
	const struct node *ag = node_get(cl, "agents");
	const struct node *ft = node_get(cl, "from_trace");
	if (ag && ft) {
		cfg_err(c, ft, "cluster takes 'agents' or 'from_trace', not "
			"both");
		return;
	}
	if (ft) {
		cfg_load_from_trace(c, root, ft);
		return;
	}
	if (!ag) {
		cfg_err(c, cl, "missing required key 'agents' (or 'from_trace') "
			"in cluster");
		return;
	}
	if (!cfg_want_list(c, ag, "agents", "agent groups", "agent group"))
		return;
	sc->groups = cfg_calloc(c, (size_t)ag->n, sizeof *sc->groups);
	if (!sc->groups)
		return;
	sc->ngroups = ag->n;
	for (int i = 0; i < ag->n; i++)
		load_group(c, ag->kid[i], i, &sc->groups[i]);
	for (int i = 0; i < ag->n; i++)
		for (int j = 0; j < i; j++) {
			const char *a = sc->groups[i].name;
			const char *b = sc->groups[j].name;
			if (!a || !b || strcmp(a, b))
				continue;
			cfg_dup_name(c, node_get(ag->kid[i], "name"),
				     "agent group", a, sc->groups[j].pos.line);
			break;
		}
}
