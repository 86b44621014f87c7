/*
 * events.c - the scripted timeline (events:): operator actions (agents
 * and frameworks joining and leaving, weights, quota) and the offer
 * answers of scripted frameworks, each at a time in seconds.
 *
 * Events name agents ("group" or "group-i") and frameworks (after
 * framework_by has made its parts), so they are read after both.  The
 * list is sorted by time, stable, so events at one instant keep their
 * file order.
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

#include "../core/diag.h"
#include "get.h"
#include "keys.h"

static const char *const event_names[SE_KINDS] = {
	[SE_ADD_AGENT] = "add_agent", [SE_REMOVE_AGENT] = "remove_agent",
	[SE_ADD_FRAMEWORK] = "add_framework",
	[SE_REMOVE_FRAMEWORK] = "remove_framework",
	[SE_SET_WEIGHT] = "set_weight", [SE_SET_QUOTA] = "set_quota",
	[SE_SUPPRESS] = "suppress", [SE_REVIVE] = "revive",
	[SE_DECLINE] = "decline", [SE_ACCEPT] = "accept",
	[SE_RETURN] = "return",
};

/* Index of the agent called name ("group" or "group-i"), or -1. */
static int agent_index(const struct scenario *sc, const char *name)
{
	int id = 0;
	for (int g = 0; g < sc->ngroups; g++) {
		const struct agent_group *ag = &sc->groups[g];
		if (!ag->name) {
			id += ag->count;
			continue;
		}
		for (int i = 0; i < ag->count; i++, id++) {
			char buf[96];
			if (ag->count == 1)
				snprintf(buf, sizeof buf, "%s", ag->name);
			else
				snprintf(buf, sizeof buf, "%s-%d", ag->name, i);
			if (!strcmp(buf, name))
				return id;
		}
	}
	return -1;
}

/* The agents of a group with count > 1 are named group-0, group-1...:
 * say so when an event names the group itself. */
static const char *group_hint(const struct scenario *sc, const char *name,
			      char *buf, size_t size)
{
	for (int g = 0; g < sc->ngroups; g++) {
		const struct agent_group *ag = &sc->groups[g];
		if (ag->name && ag->count > 1 && !strcmp(ag->name, name)) {
			snprintf(buf, size, "; group '%.40s' has %d agents, "
				 "named %.40s-0 to %.40s-%d", name, ag->count,
				 name, name, ag->count - 1);
			return buf;
		}
	}
	return "";
}

static int event_cmp_time(const struct sc_event *a, const struct sc_event *b)
{
	return a->at < b->at ? -1 : a->at > b->at;
}

/*
 * events: a list of {at: SECONDS, action: NAME, ...}.  Which keys an
 * action takes:
 *   add_agent, remove_agent              agent
 *   add_framework, remove_framework,
 *   suppress, revive                     framework
 *   decline                              framework, agent, refuse_seconds
 *   accept                               framework, agent, resources,
 *                                        duration
 *   return                               framework, agent (optional)
 *   set_weight                           role, weight
 *   set_quota                            role, guarantee, limit, rescind
 */
void cfg_load_events(struct cfg *c, const struct node *root)
{
	/* Which optional keys each action takes, as bits of the rows
	 * 2.. of cfg_sec_events (agent, framework, role, ...). */
	const struct cfg_key *keys = cfg_sec_events.keys;
	enum { K_AGENT = 1, K_FW = 2, K_ROLE = 4, K_WEIGHT = 8,
	       K_GUAR = 16, K_LIMIT = 32, K_REFUSE = 64, K_RES = 128,
	       K_DUR = 256, K_RESCIND = 512 };
	static const int takes[SE_KINDS] = {
		[SE_ADD_AGENT] = K_AGENT, [SE_REMOVE_AGENT] = K_AGENT,
		[SE_ADD_FRAMEWORK] = K_FW, [SE_REMOVE_FRAMEWORK] = K_FW,
		[SE_SET_WEIGHT] = K_ROLE | K_WEIGHT,
		[SE_SET_QUOTA] = K_ROLE | K_GUAR | K_LIMIT | K_RESCIND,
		[SE_SUPPRESS] = K_FW, [SE_REVIVE] = K_FW,
		[SE_DECLINE] = K_FW | K_AGENT | K_REFUSE,
		[SE_ACCEPT] = K_FW | K_AGENT | K_RES | K_DUR,
		[SE_RETURN] = K_FW | K_AGENT,
	};
	struct scenario *sc = c->sc;
	char desc[64], sug[128], list[512];
	const struct node *l = node_get(root, "events");
	if (!l || node_is_null(l))
		return;
	if (l->kind != NODE_SEQ) {
		cfg_err(c, l, "'events' must be a list of {at: SECONDS, "
			"action: NAME, ...}, got %s",
			node_desc(l, desc, sizeof desc));
		return;
	}
	sc->events = cfg_calloc(c, (size_t)l->n, sizeof *sc->events);
	if (!sc->events)
		return;
	for (int i = 0; i < l->n; i++) {
		const struct node *e = l->kid[i];
		struct sc_event *ev = &sc->events[sc->nevents];
		ev->agent = ev->fw = -1;
		ev->refuse_seconds = -1;
		for (int r = 0; r < RES_MAX; r++)
			ev->quota.limit[r] = QUOTA_NO_LIMIT;
		ev->pos = node_pos(e);
		if (e->kind != NODE_MAP) {
			cfg_err(c, e, "event #%d must be a mapping such as "
				"{at: 1, action: revive, framework: f}, got %s",
				i + 1, node_desc(e, desc, sizeof desc));
			continue;
		}
		cfg_check_section(c, e, "an event", &cfg_sec_events);
		const struct node *a = node_get(e, "action");
		const char *an = a ? cfg_str_of(c, a, "action") : NULL;
		if (!a)
			cfg_err(c, e, "event #%d needs 'action' (one of %s)",
				i + 1, cfg_join(event_names, SE_KINDS, list,
						  sizeof list));
		if (!node_get(e, "at"))
			cfg_err(c, e, "event #%d needs 'at' (seconds)", i + 1);
		/* at, refuse_seconds, duration, rescind */
		cfg_read_keys(c, e, e, &cfg_sec_events, ev, 0);
		if (!an)
			continue;
		int k = -1;
		for (int j = 0; j < SE_KINDS; j++)
			if (!strcmp(an, event_names[j]))
				k = j;
		if (k < 0) {
			cfg_err(c, a, "unknown action '%s'%s; valid: %s", an,
				cfg_suggest(an, event_names, SE_KINDS, sug,
					sizeof sug),
				cfg_join(event_names, SE_KINDS, list,
					   sizeof list));
			continue;
		}
		ev->kind = (enum sc_event_kind)k;
		for (int j = 2; j < cfg_sec_events.nkeys; j++) {
			const struct node *kn = NULL;
			for (int p = 0; p + 1 < e->n; p += 2)
				if (!strcmp(e->kid[p]->text, keys[j].key))
					kn = e->kid[p];
			if (kn && !(takes[k] & (1 << (j - 2))))
				cfg_err(c, kn, "action '%s' takes no '%s'", an,
					keys[j].key);
		}
		int needs_agent = takes[k] & K_AGENT && k != SE_RETURN;
		const struct node *v;
		if ((v = node_get(e, "agent")) && cfg_str_of(c, v, "agent")) {
			ev->agent = agent_index(sc, v->text);
			char hint[256];
			if (ev->agent < 0)
				cfg_err(c, v, "no agent named '%s'%s", v->text,
					group_hint(sc, v->text, hint, sizeof hint));
		} else if (!v && needs_agent) {
			cfg_err(c, e, "action '%s' needs 'agent'", an);
		}
		if ((v = node_get(e, "framework")) &&
		    cfg_str_of(c, v, "framework")) {
			for (int f = 0; f < sc->nfws; f++)
				if (sc->fws[f].name &&
				    !strcmp(sc->fws[f].name, v->text))
					ev->fw = f;
			if (ev->fw < 0) {
				cfg_err(c, v, "no framework named '%s'", v->text);
				for (int s = 0; s < c->nsplit_names; s++)
					if (!strcmp(c->split_names[s], v->text))
						diag_note(c->d, "framework_by "
							  "split '%s' into "
							  "frameworks named "
							  "%s/...", v->text,
							  v->text);
			}
			else if ((k == SE_DECLINE || k == SE_ACCEPT ||
				  k == SE_RETURN) && !sc->fws[ev->fw].scripted)
				cfg_err(c, v, "action '%s' needs a scripted "
					"framework; '%s' answers its offers "
					"itself", an, v->text);
		} else if (!v && (takes[k] & K_FW)) {
			cfg_err(c, e, "action '%s' needs 'framework'", an);
		}
		if ((v = node_get(e, "role")) && cfg_str_of(c, v, "role")) {
			if (cfg_check_role_name(c, v, v->text))
				ev->role = cfg_strdup(c, v->text);
		} else if (!v && (takes[k] & K_ROLE)) {
			cfg_err(c, e, "action '%s' needs 'role'", an);
		}
		if (k == SE_SET_WEIGHT) {
			if (!node_get(e, "weight"))
				cfg_err(c, e, "action 'set_weight' needs 'weight'");
			ev->weight = cfg_get_num(c, e, "weight", 1, CFG_POS);
		}
		if (k == SE_SET_QUOTA) {
			/* The same shape as a role's quota: mapping. */
			struct node q = {.kind = NODE_MAP, .file = e->file,
					 .line = e->line, .col = e->col};
			struct node *kids[4];
			int nq = 0, seen[2] = {0, 0};
			/* The first guarantee and the first limit: a key
			 * given again is reported as a duplicate elsewhere,
			 * and must not overrun kids (it did, three keys in). */
			for (int p = 0; p + 1 < e->n; p += 2) {
				int w = !strcmp(e->kid[p]->text, "guarantee") ? 0
				      : !strcmp(e->kid[p]->text, "limit") ? 1 : -1;
				if (w < 0 || seen[w]++)
					continue;
				kids[nq++] = e->kid[p];
				kids[nq++] = e->kid[p + 1];
			}
			q.kid = kids;
			q.n = nq;
			cfg_load_quota(c, &q, &ev->quota);
		}
		if ((v = node_get(e, "resources"))) {
			cfg_load_res_map(c, v, "'resources'", ev->res, NULL);
			ev->has_res = 1;
		}
		sc->nevents++;
	}
	/* Stable by time: events at one instant keep their file order. */
	for (int i = 1; i < sc->nevents; i++) {
		struct sc_event t = sc->events[i];
		int j = i;
		while (j > 0 && event_cmp_time(&sc->events[j - 1], &t) > 0) {
			sc->events[j] = sc->events[j - 1];
			j--;
		}
		sc->events[j] = t;
	}
}
