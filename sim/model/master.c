/*
 * master.c - the Mesos master's side of the offer cycle, after Mesos's
 * hierarchical allocator (src/master/allocator/mesos/hierarchical.cpp):
 * roles and their sorters, allocation passes in two quota stages, offers,
 * static reservations, decline filters, rescinds.  docs/allocator.md
 * states every rule and where offersim differs from Mesos.
 *
 * A pass walks the registered agents in a random order drawn per pass
 * from the "agent-shuffle" stream (Mesos's random_shuffle), or in id order
 * with agent_order: id.  For each agent it takes the roles in role-sorter
 * order and, within a role, the frameworks in that role's sorter order;
 * the first framework that is eligible (wants offers, not filtered for
 * what it would get) receives everything left on the agent that its role
 * may use: the unreserved resources and the free reservations of the role
 * and its ancestors.  Offered resources count as allocated at once, so the
 * next agent of the same pass already sees the new shares.
 *
 * Quota: stage 1 serves only roles below their guarantees, giving each the
 * unreserved resources up to what it still lacks plus (within its limit
 * and the headroom) the rest of the agent; stage 2 serves every role,
 * chopping offers at quota limits and holding back the unreserved
 * resources still owed to unsatisfied guarantees (the headroom), even for
 * guaranteed roles with no framework.  Consumed quota counts a role's
 * allocations and its unallocated reservations, as in Mesos.
 *
 * Passes run every allocation_interval (the periodic batch allocation), and
 * at once for the agents concerned when an agent or a framework registers
 * or a framework revives (Mesos calls generateOffers() there).  Returned
 * resources wait for the next tick.  With interval 0 (event-driven, an
 * offersim mode) a pass runs at every instant where resources were freed
 * or demand arrived, after every other event of that instant.
 */
#include "master.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "world.h"
#include "policy_support.h"
#include "sorter.h"
#include "surely.h"
#include "check.h"
#include "why.h"
#include "plugin.h"
#include "../../include/offersim_policy.h"
#include "../../policies/table.h"
#include "../core/diag.h"
#include "framework.h"
#include "metrics.h"
#include "../core/err.h"
#include "../../policies/registry.h"
#include "../core/rng.h"
#include "../core/perm.h"
#include "../config/scenario.h"

/* An agent's free and total resources, found by id: on the paths that
 * visit thousands of agents per pass this spares loading its record. */
static inline resq_t *ag_free(const struct world *w, int a)
{
	return w->afree + (size_t)a * (size_t)w->nres;
}

static inline const resq_t *ag_total(const struct world *w, int a)
{
	return w->atotal + (size_t)a * (size_t)w->nres;
}

/* Set bits of a word.  GCC's builtin becomes a library call without a
 * -m flag for the instruction, which the build does not assume; this is
 * the usual SWAR sum, a dozen operations. */
static inline int pop64(uint64_t x)
{
	x -= (x >> 1) & UINT64_C(0x5555555555555555);
	x = (x & UINT64_C(0x3333333333333333)) +
	    ((x >> 2) & UINT64_C(0x3333333333333333));
	x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
	return (int)((x * UINT64_C(0x0101010101010101)) >> 56);
}

/* Copy and clear n quantities in line: n is a handful, and a call to the
 * library's memcpy per offer costs more than the copy. */
static inline void rcopy(resq_t *dst, const resq_t *src, int n)
{
	for (int i = 0; i < n; i++)
		dst[i] = src[i];
}

static inline void rzero(resq_t *dst, int n)
{
	for (int i = 0; i < n; i++)
		dst[i] = 0;
}

/* Mesos's min_allocatable_resources: all of one set, or (no sets) any
 * positive quantity. */
static int allocatable(const struct world *w, const resq_t *res)
{
	if (res_is_zero(res, w->nres))
		return 0;
	if (w->nmin == 0)
		return 1;
	for (int s = 0; s < w->nmin; s++) {
		int i = 0;
		while (i < w->min_n[s] && res[w->min_r[s][i]] >= w->min_q[s][i])
			i++;
		if (i == w->min_n[s])
			return 1;
	}
	return 0;
}

static void allocatable_init(struct world *w)
{
	const struct scenario *sc = w->sc;
	w->nmin = sc->nmin_alloc;
	for (int s = 0; s < sc->nmin_alloc; s++) {
		w->min_n[s] = 0;
		for (int r = 0; r < w->nres; r++)
			if (sc->min_alloc_has[s][r]) {
				w->min_r[s][w->min_n[s]] = r;
				w->min_q[s][w->min_n[s]++] = sc->min_alloc[s][r];
			}
	}
}

/* ok_wsum (world.h) after agent a's free resources or its alloc_ok bit
 * changed: its word's sum loses what the agent counted for and gains
 * what it counts for now. */
static inline void ok_sum(struct world *w, int a)
{
	int nres = w->nres;
	int on = (int)(w->alloc_ok[a / 64] >> (a % 64) & 1);
	const resq_t *free = w->afree + (size_t)a * (size_t)nres;
	resq_t *c = w->ok_contrib + (size_t)a * (size_t)nres;
	resq_t *sum = w->ok_wsum + (size_t)(a / 64) * (size_t)nres;
	for (int r = 0; r < nres; r++) {
		resq_t v = on ? free[r] : 0;
		sum[r] += v - c[r];
		c[r] = v;
	}
}

/* alloc_ok (world.h) after agent a's free resources shrank: an offer
 * made there.  Shrinking never makes them allocatable, and presence
 * did not change, so the agent's record is not read. */
static inline void ok_shrunk(struct world *w, int a)
{
	if (!allocatable(w, w->afree + (size_t)a * (size_t)w->nres))
		w->alloc_ok[a / 64] &= ~(UINT64_C(1) << (a % 64));
	ok_sum(w, a);
}

/* The same after they grew (resources came back).  Presence comes
 * from present_bits, not the agent's record: on a large cluster the
 * record is a cache miss per declined offer. */
static inline void ok_grown(struct world *w, int a)
{
	uint64_t bit = UINT64_C(1) << (a % 64);
	if ((w->present_bits[a / 64] & bit) &&
	    allocatable(w, w->afree + (size_t)a * (size_t)w->nres))
		w->alloc_ok[a / 64] |= bit;
	ok_sum(w, a);
}

/* The same from scratch, presence included: at the start, and when the
 * agent comes or goes (every change of agents[a].present is followed by
 * this, before anything reads alloc_ok). */
static void ok_update(struct world *w, int a)
{
	uint64_t bit = UINT64_C(1) << (a % 64);
	w->alloc_ok[a / 64] &= ~bit;
	if (w->agents[a].present)
		w->present_bits[a / 64] |= bit;
	else
		w->present_bits[a / 64] &= ~bit;
	ok_grown(w, a);
}

/*
 * Decline stamps (world.h, struct framework's stamp): a bulk tail marks
 * its agents in the framework's stamp instead of writing thousands of
 * filter rows, since each row would hold the agent's free resources of
 * that moment.  The row is written only when the agent's free resources
 * are about to change, or when another filter replaces it.
 */
static inline int stamped(const struct framework *f, int a)
{
	return f->stamp && (f->stamp[a / 64] >> (a % 64) & 1);
}

/* Write f's row of agent a from its stamp, `was` being the agent's free
 * resources while stamped, and clear the stamp's bit. */
static void stamp_write(const struct world *w, struct framework *f, int a,
			const resq_t *was)
{
	resq_t *row = f->filt + (size_t)a * FILT_STRIDE(w->nres);
	row[FILT_GEN] = f->stamp_gen;
	row[FILT_EXP] = f->stamp_exp;
	rcopy(row + FILT_RES, was, w->nres);
	f->stamp[a / 64] &= ~(UINT64_C(1) << (a % 64));
}

/* Agent a's free resources are about to change (they are `was` now):
 * the stamps on it become rows. */
static inline void stamps_settle(struct world *w, int a, const resq_t *was)
{
	for (int i = 0; w->nstamp && i < w->nfws; i++)
		if (stamped(&w->fws[i], a))
			stamp_write(w, &w->fws[i], a, was);
}

/* The expiry of fw's filter on agent a, stamped or in its row. */
static inline simtime_t filt_exp(const struct world *w,
				 const struct framework *f, int a)
{
	if (stamped(f, a))
		return f->stamp_exp;
	return f->filt[(size_t)a * FILT_STRIDE(w->nres) + FILT_EXP];
}

/*
 * May agent ag be offered to framework fw at all?  Mesos's
 * isCapableOfReceivingAgent (hierarchical.cpp): with --filter_gpu_resources
 * (its default) an agent with gpus goes only to frameworks with the
 * GPU_RESOURCES capability (MESOS-5634), so that GPU-unaware frameworks
 * do not take an agent's cpus and starve the GPU jobs.  Every offer path,
 * and every judgement of whether an agent can offer anything, asks here;
 * decline filters come on top (offer_hidden).
 */
static inline int may_offer(const struct world *w, int fw, int ag)
{
	return w->gpu_res < 0 || w->fws[fw].gpu_capable ||
	       ag_total(w, ag)[w->gpu_res] == 0;
}

/* Is an offer of res on agent ag to fw ruled out now: the agent is not
 * for fw, or a filter hides res? */
static int offer_hidden(struct world *w, int fw, int ag, const resq_t *res)
{
	if (!may_offer(w, fw, ag)) {
		if (w->opt.explain)
			world_explain_of(w, fw, ag, EX_NONE, "agent %s has gpus: not for %s (no gpu_resources capability)",
					 w->agents[ag].name, w->fws[fw].name);
		return 1;
	}
	if (!master_filtered(w, fw, ag, res))
		return 0;
	if (w->opt.explain) {
		char buf[256];
		res_format(&w->sc->res, res, buf, sizeof buf);
		world_explain_of(w, fw, ag, EX_NONE, "agent %s <%s> filtered for %s",
				 w->agents[ag].name, buf, w->fws[fw].name);
	}
	return 1;
}

/* The total the sorters divide by: Mesos's DRF sorter leaves the
 * resources of --fair_sharing_excluded_resource_names out of every share
 * (sorter/drf/sorter.cpp, calculateShare), which a total of 0 does here
 * (shares skip resources with none).  shares.csv and --explain still
 * count every resource. */
static void fair_total(const struct world *w, resq_t *out)
{
	for (int r = 0; r < w->nres; r++)
		out[r] = w->sc->fair_excluded[r] ? 0 : w->total[r];
}

/* ------------------------------------------------------------------ */
/* Roles                                                                */

static int role_find(const struct world *w, const char *name)
{
	for (int i = 0; i < w->nroles; i++)
		if (strcmp(w->roles[i].name, name) == 0)
			return i;
	return -1;
}

/* The role called name, made with its ancestors when new; -1 on ENOMEM. */
static int role_get(struct world *w, const char *name, int cap)
{
	int i = role_find(w, name);
	if (i >= 0)
		return i;
	int parent = -1;
	const char *slash = strrchr(name, '/');
	if (slash && strcmp(name, "*") != 0) {
		char *up = strndup(name, (size_t)(slash - name));
		if (!up)
			return -1;
		parent = role_get(w, up, cap);
		free(up);
		if (parent < 0)
			return -1;
	}
	if (w->nroles == cap)
		return -1;
	struct role *r = &w->roles[w->nroles];
	memset(r, 0, sizeof *r);
	r->name = strdup(name);
	if (!r->name)
		return -1;
	r->parent = parent;
	r->depth = parent < 0 ? 0 : w->roles[parent].depth + 1;
	r->weight = 1;
	r->rs_handle = -1;
	for (int k = 0; k < RES_MAX; k++)
		r->quota.limit[k] = QUOTA_NO_LIMIT;
	return w->nroles++;
}

/* A sorter ordered by the scenario's allocator (its own instance). */
static int new_sorter(struct world *w, const char *name, struct sorter **out)
{
	int rc = sorter_new(out, w->alloc, &w->alloc_params, name, w->nres);
	if (rc == 0) {
		resq_t t[RES_MAX];
		fair_total(w, t);
		sorter_set_total(*out, t);
	}
	return rc;
}

/* Build the role tree: roles named anywhere in the scenario, with their
 * ancestors; a role sorter client per role that has frameworks. */
static int build_roles(struct world *w)
{
	const struct scenario *sc = w->sc;
	int cap = 1;
	for (int i = 0; i < sc->nroles; i++)
		cap += 1 + (int)strlen(sc->roles[i].name);
	for (int i = 0; i < sc->nfws; i++)
		cap += 1 + (int)strlen(sc->fws[i].role);
	for (int g = 0; g < sc->ngroups; g++)
		for (int k = 0; k < sc->groups[g].nresv; k++)
			cap += 1 + (int)strlen(sc->groups[g].resv[k].role);
	for (int e = 0; e < sc->nevents; e++)
		if (sc->events[e].role)
			cap += 1 + (int)strlen(sc->events[e].role);
	w->roles = calloc((size_t)cap, sizeof *w->roles);
	w->role_of_handle = calloc((size_t)cap + 1, sizeof *w->role_of_handle);
	w->sort_buf = calloc((size_t)(cap + w->nfws + 1), sizeof *w->sort_buf);
	if (!w->roles || !w->role_of_handle || !w->sort_buf)
		return OS_ENOMEM;
	/* The first instance's init has read the options: report the ones
	 * it did not ask for once, here. */
	int before = diag_errors(w->diag);
	int rc = new_sorter(w, "roles", &w->role_sorter);
	if (rc)
		return rc;
	policy_params_check_unused(&w->alloc_params, "allocator_options");
	if (diag_errors(w->diag) > before)
		return OS_EINVAL;
	for (int i = 0; i < sc->nroles; i++) {
		int r = role_get(w, sc->roles[i].name, cap);
		if (r < 0)
			return OS_ENOMEM;
		w->roles[r].weight = sc->roles[i].weight;
		w->roles[r].quota = sc->roles[i].quota;
		if (sorter_update_weight(w->role_sorter, sc->roles[i].name,
					 sc->roles[i].weight) < 0)
			return OS_ENOMEM;
	}
	for (int i = 0; i < w->nfws; i++) {
		int r = role_get(w, sc->fws[i].role, cap);
		if (r < 0)
			return OS_ENOMEM;
		w->fws[i].role_id = r;
	}
	for (int e = 0; e < sc->nevents; e++)
		if (sc->events[e].role && role_get(w, sc->events[e].role, cap) < 0)
			return OS_ENOMEM;
	for (int a = 0; a < w->nagents; a++) {
		struct agent *ag = &w->agents[a];
		const struct agent_group *g = &sc->groups[ag->group];
		for (int k = 0; k < g->nresv; k++) {
			int r = role_get(w, g->resv[k].role, cap);
			if (r < 0)
				return OS_ENOMEM;
			ag->resv_role[k] = r;
		}
	}
	/* Role sorter clients and per-role framework sorters, in
	 * framework order (so the trees, and random draws, repeat). */
	for (int i = 0; i < w->nfws; i++) {
		struct framework *f = &w->fws[i];
		struct role *r = &w->roles[f->role_id];
		if (!r->fw_sorter) {
			char name[160];
			snprintf(name, sizeof name, "role:%s", r->name);
			if ((rc = new_sorter(w, name, &r->fw_sorter)))
				return rc;
			r->rs_handle = sorter_add(w->role_sorter, r->name);
			if (r->rs_handle < 0)
				return OS_ENOMEM;
			w->role_of_handle[r->rs_handle] = f->role_id;
		}
		r->nfws++;
		f->fs_handle = sorter_add(r->fw_sorter, f->name);
		if (f->fs_handle < 0)
			return OS_ENOMEM;
		/* Framework weights act within the role (an offersim
		 * extension; Mesos weighs roles only). */
		if (f->weight != 1 &&
		    sorter_update_weight(r->fw_sorter, f->name, f->weight) < 0)
			return OS_ENOMEM;
		if (f->present)
			r->npresent++;
	}
	/* Frameworks by sorter handle, for the pass's inner loop. */
	for (int i = 0; i < w->nfws; i++) {
		struct role *r = &w->roles[w->fws[i].role_id];
		int h = w->fws[i].fs_handle;
		if (h >= r->nhandles) {
			int n = h + 1;
			int *m = realloc(r->fw_of_handle, sizeof *m * (size_t)n);
			if (!m)
				return OS_ENOMEM;
			for (int k = r->nhandles; k < n; k++)
				m[k] = -1;
			r->fw_of_handle = m;
			r->nhandles = n;
		}
		r->fw_of_handle[h] = i;
	}
	return 0;
}

/* Does some role have a quota guarantee or limit?  Without any, a pass
 * needs no quota bookkeeping over the agents. */
static void quota_refresh(struct world *w)
{
	w->quota_used = 0;
	for (int i = 0; i < w->nroles; i++) {
		const struct role *r = &w->roles[i];
		if (r->quota.has_guarantee)
			w->quota_used = 1;
		for (int k = 0; k < w->nres; k++)
			if (r->quota.limit[k] != QUOTA_NO_LIMIT)
				w->quota_used = 1;
	}
}

int master_init(struct world *w)
{
	const struct policy_ref *ref = &w->sc->allocator_ref;
	const struct offersim_policy *plug = NULL;
	if (ref->so || ref->host) {
		if (plugin_resolve(w, ref, w->sc->allocator,
				   OFFERSIM_POLICY_ALLOCATOR,
				   &w->sc->allocator_pos, &w->alloc_dl, &plug))
			return OS_EINVAL;
		w->alloc = &plugin_alloc_adapter;
	} else {
		int ai = policy_index(POLICY_ALLOCATOR, w->sc->allocator);
		if (ai < 0) {
			diag_error(w->diag, w->sc->file,
				   w->sc->allocator_pos.line,
				   w->sc->allocator_pos.col,
				   "unknown allocator '%s'", w->sc->allocator);
			return OS_EINVAL;
		}
		w->alloc = alloc_policies[ai];
	}
	w->gpu_res = w->sc->filter_gpu_resources ? res_find(&w->sc->res, "gpus")
						 : -1;
	w->agent_order = calloc((size_t)w->nagents + 1, sizeof *w->agent_order);
	w->pass_agent = calloc((size_t)w->nagents + 1, 1);
	w->shuffle_rng = rng_stream_new(w->sc->seed, "agent-shuffle");
	if (perm_init(&w->perm))
		return OS_ENOMEM;
	size_t nwords = ((size_t)w->nagents + 63) / 64 + 1;
	w->nwords = nwords;
	w->cand = calloc(nwords, sizeof *w->cand);
	w->pass_set = calloc(nwords, sizeof *w->pass_set);
	w->pass_snap = calloc(nwords, sizeof *w->pass_snap);
	w->sleep_bw = calloc(nwords, sizeof *w->sleep_bw);
	w->present_bits = calloc(nwords, sizeof *w->present_bits);
	w->ok_contrib = calloc(((size_t)w->nagents + 1) * (size_t)w->nres,
			       sizeof *w->ok_contrib);
	w->ok_wsum = calloc(nwords * (size_t)w->nres, sizeof *w->ok_wsum);
	w->pass_cum = calloc(nwords, sizeof *w->pass_cum);
	w->alloc_ok = calloc(nwords, sizeof *w->alloc_ok);
	w->sleep_heap = calloc((size_t)w->nagents + 1, sizeof *w->sleep_heap);
	w->sleep_pos = malloc(((size_t)w->nagents + 1) * sizeof *w->sleep_pos);
	w->sleep_until = calloc((size_t)w->nagents + 1, sizeof *w->sleep_until);
	if (!w->agent_order || !w->pass_agent ||
	    !w->shuffle_rng || !w->cand || !w->sleep_heap || !w->sleep_pos ||
	    !w->sleep_until || !w->pass_set || !w->alloc_ok ||
	    !w->pass_snap || !w->pass_cum || !w->ok_contrib || !w->ok_wsum ||
	    !w->sleep_bw || !w->present_bits)
		return OS_ENOMEM;
	/* Every agent starts awake. */
	for (int a = 0; a < w->nagents; a++) {
		w->cand[a / 64] |= UINT64_C(1) << (a % 64);
		w->sleep_pos[a] = -1;
	}
	/* Every sorter's instance of the allocator reads these. */
	struct policy_params *pp = &w->alloc_params;
	pp->kv = w->sc->allocator_opts;
	pp->n = w->sc->nallocator_opts;
	pp->file = w->sc->file;
	pp->diag = w->diag;
	pp->seed = w->sc->seed;
	pp->owner = "master";
	pp->line = w->sc->allocator_pos.line;
	pp->col = w->sc->allocator_pos.col;
	pp->plugin = plug;
	int rc = build_roles(w);
	if (rc)
		return rc;
	quota_refresh(w);
	allocatable_init(w);
	for (int a = 0; a < w->nagents; a++)
		ok_update(w, a);
	evq_node_init(&w->tick_ev, EV_TICK, 0);
	evq_node_init(&w->pass_ev, EV_PASS, 0);
	sure_init(w);
	return 0;
}

void master_release(struct world *w)
{
	for (int i = 0; w->roles && i < w->nroles; i++) {
		free((char *)w->roles[i].name);
		sorter_free(w->roles[i].fw_sorter);
		free(w->roles[i].fw_of_handle);
	}
	free(w->roles);
	sorter_free(w->role_sorter);
	free(w->role_of_handle);
	free(w->sort_buf);
	free(w->agent_order);
	free(w->pass_agent);
	free(w->cand);
	free(w->sleep_heap);
	free(w->sleep_pos);
	free(w->sleep_until);
	free(w->pass_set);
	free(w->pass_snap);
	free(w->sleep_bw);
	free(w->present_bits);
	free(w->ok_contrib);
	free(w->ok_wsum);
	free(w->pass_cum);
	free(w->alloc_ok);
	free(w->stamp_store);   /* (the frameworks' stamps point into it) */
	for (int k = 0; k < w->nbslots; k++)
		free(w->sleep_b[k].bits);
	free(w->sleep_b);
	free(w->sleep_border);
	free(w->sleep_bfree);
	if (w->shuffle_rng)
		gsl_rng_free(w->shuffle_rng);
	perm_free(&w->perm);
	/* After the sorters: their instances ran the plug-in's code. */
	plugin_close(w->alloc_dl);
	w->alloc_dl = NULL;
}

/* The cluster total changed (an agent came or went): shares follow. */
void master_total_changed(struct world *w)
{
	resq_t t[RES_MAX];
	fair_total(w, t);
	sorter_set_total(w->role_sorter, t);
	for (int i = 0; i < w->nroles; i++)
		if (w->roles[i].fw_sorter)
			sorter_set_total(w->roles[i].fw_sorter, t);
}

void master_set_weight(struct world *w, const char *role, double weight)
{
	int r = role_find(w, role);
	if (r >= 0)
		w->roles[r].weight = weight;
	if (sorter_update_weight(w->role_sorter, role, weight) < 0)
		w->failed = OS_ENOMEM;
}

void master_set_quota(struct world *w, const char *role,
		      const struct quota_spec *q)
{
	int r = role_find(w, role);
	if (r >= 0)
		w->roles[r].quota = *q;
	quota_refresh(w);
}

void master_framework_presence(struct world *w, int fw, int present)
{
	struct framework *f = &w->fws[fw];
	if (f->present == present)
		return;
	f->present = present;
	w->roles[f->role_id].npresent += present ? 1 : -1;
}

/* Does the framework want offers now?  Suppressed (explicitly, or with
 * nothing to run: offersim's stand-in for a scheduler that suppresses
 * when idle) frameworks are left out of the sort, as in Mesos. */
static int wants_offers(const struct framework *f)
{
	return f->present && !f->suppressed && !f->revive_wait &&
	       (f->scripted || f->q_len > 0 || !f->suppress_idle);
}

static int any_waiting(const struct world *w)
{
	for (int i = 0; i < w->nfws; i++)
		if (wants_offers(&w->fws[i]))
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Allocation candidates                                                */

static void cand_set(struct world *w, int a)
{
	w->cand[a / 64] |= UINT64_C(1) << (a % 64);
}

static void cand_clear(struct world *w, int a)
{
	w->cand[a / 64] &= ~(UINT64_C(1) << (a % 64));
}

/* The sleep heap is ordered on sleep_until alone: agents due at one time
 * all wake before the same pass, in whatever order, so ties need no
 * breaking (and thousands of agents filtered at one instant go in without
 * sifting). */
static int sleep_less(const struct world *w, int a, int b)
{
	return w->sleep_until[a] < w->sleep_until[b];
}

static void sleep_place(struct world *w, int i, int a)
{
	w->sleep_heap[i] = a;
	w->sleep_pos[a] = i;
}

static void sleep_up(struct world *w, int i)
{
	int a = w->sleep_heap[i];
	while (i > 0) {
		int p = (i - 1) / 2;
		if (!sleep_less(w, a, w->sleep_heap[p]))
			break;
		sleep_place(w, i, w->sleep_heap[p]);
		i = p;
	}
	sleep_place(w, i, a);
}

static void sleep_down(struct world *w, int i)
{
	int a = w->sleep_heap[i];
	for (;;) {
		int c = 2 * i + 1;
		if (c >= w->nsleep)
			break;
		if (c + 1 < w->nsleep &&
		    sleep_less(w, w->sleep_heap[c + 1], w->sleep_heap[c]))
			c++;
		if (!sleep_less(w, w->sleep_heap[c], a))
			break;
		sleep_place(w, i, w->sleep_heap[c]);
		i = c;
	}
	sleep_place(w, i, a);
}

static void sleep_remove(struct world *w, int a)
{
	int i = w->sleep_pos[a];
	uint64_t bit = UINT64_C(1) << (a % 64);
	if (w->sleep_bw[a / 64] & bit) {
		/* In a batch by a whole word: the live slot with its bit. */
		w->sleep_bw[a / 64] &= ~bit;
		for (int j = 0; j < w->nbatch; j++)
			w->sleep_b[w->sleep_border[j]].bits[a / 64] &= ~bit;
	}
	if (i == -1)
		return;
	w->sleep_pos[a] = -1;
	if (i < -1) {
		/* In batch slot -2 - i, or named by a stale hint whose bit
		 * is clear: clearing it is right either way. */
		w->sleep_b[-2 - i].bits[a / 64] &= ~bit;
		return;
	}
	int last = w->sleep_heap[--w->nsleep];
	if (i == w->nsleep)
		return;
	sleep_place(w, i, last);
	sleep_down(w, i);
	sleep_up(w, w->sleep_pos[last]);
}

/* Is agent a asleep in the heap or in a batch (named by a hint that is
 * not stale, or put there by a whole word)? */
static inline int asleep(const struct world *w, int a)
{
	int i = w->sleep_pos[a];
	return i >= 0 || (i < -1 && (w->sleep_b[-2 - i].bits[a / 64] >>
				     (a % 64) & 1)) ||
	       (w->sleep_bw[a / 64] >> (a % 64) & 1);
}

/* Agent a is a candidate of the next pass (resources came back to it). */
static void cand_wake(struct world *w, int a)
{
	sleep_remove(w, a);
	cand_set(w, a);
}

/* Leave agent a out of passes until `until` (SIMTIME_NEVER: until it is
 * woken). */
static void cand_sleep(struct world *w, int a, simtime_t until)
{
	cand_clear(w, a);
	if (until == SIMTIME_NEVER) {
		sleep_remove(w, a);
		return;
	}
	if (w->sleep_pos[a] < -1 || (w->sleep_bw[a / 64] >> (a % 64) & 1))
		sleep_remove(w, a);   /* from its batch, into the heap */
	w->sleep_until[a] = until;
	if (w->sleep_pos[a] < 0) {
		sleep_place(w, w->nsleep++, a);
		sleep_up(w, w->nsleep - 1);
	} else {
		sleep_down(w, w->sleep_pos[a]);
		sleep_up(w, w->sleep_pos[a]);
	}
}

/*
 * Sleep batches.  A pass's certain-decline tail (pass_rest_declined) puts
 * thousands of agents to sleep until one time; a heap push each would
 * cost a sift and a write at a random place per agent.  A batch slot
 * holds them as a bitset instead, so an agent costs its bit and its
 * sleep_pos word (written in id order), and waking or clearing a batch
 * costs its words.  A tail that goes a word at a time writes no
 * sleep_pos words: its agents' bits go into sleep_bw too, which says
 * "in the one live batch whose bits hold it", so that only taking such
 * an agent out early looks through the live batches.  Agents due at one time all wake before the same pass
 * whether they sleep in the heap or in a batch, and the order in which
 * they wake changes nothing but the candidate bits, so the outputs cannot
 * tell the two apart.
 */

/* The live batch of agents asleep until `until`, made if need be: its
 * slot, or -1 when memory runs out (the caller then uses the heap). */
static int sleep_batch_get(struct world *w, simtime_t until)
{
	int i = w->nbatch;
	while (i > 0 && w->sleep_b[w->sleep_border[i - 1]].until >= until) {
		int k = w->sleep_border[i - 1];
		if (w->sleep_b[k].until == until)
			return k;
		i--;
	}
	int k;
	if (w->nbfree > 0) {
		k = w->sleep_bfree[--w->nbfree];
	} else {
		if (w->nbslots == w->cap_batch) {
			int cap = w->cap_batch ? 2 * w->cap_batch : 8;
			struct sleep_batch *b = realloc(w->sleep_b, sizeof *b * (size_t)cap);
			if (!b)
				return -1;
			w->sleep_b = b;
			int *o = realloc(w->sleep_border, sizeof *o * (size_t)cap);
			if (!o)
				return -1;
			w->sleep_border = o;
			int *fr = realloc(w->sleep_bfree, sizeof *fr * (size_t)cap);
			if (!fr)
				return -1;
			w->sleep_bfree = fr;
			w->cap_batch = cap;
		}
		uint64_t *bits = calloc(w->nwords, sizeof *bits);
		if (!bits)
			return -1;
		k = w->nbslots++;
		w->sleep_b[k].bits = bits;
	}
	w->sleep_b[k].until = until;
	memmove(w->sleep_border + i + 1, w->sleep_border + i,
		sizeof *w->sleep_border * (size_t)(w->nbatch - i));
	w->sleep_border[i] = k;
	w->nbatch++;
	return k;
}

/* Wake the batches due by now (every batch when all), their agents
 * candidates again; their slots go back to the free stack, all bits
 * clear, which makes the members' sleep_pos hints stale. */
static void sleep_batches_wake(struct world *w, int all)
{
	int i = 0;
	for (; i < w->nbatch; i++) {
		int k = w->sleep_border[i];
		if (!all && w->sleep_b[k].until > w->now)
			break;
		uint64_t *bits = w->sleep_b[k].bits;
		for (size_t j = 0; j < w->nwords; j++) {
			w->cand[j] |= bits[j];
			w->sleep_bw[j] &= ~bits[j];
			bits[j] = 0;
		}
		w->sleep_bfree[w->nbfree++] = k;
	}
	if (i == 0)
		return;   /* (and sleep_border may be NULL: none ever made) */
	w->nbatch -= i;
	memmove(w->sleep_border, w->sleep_border + i,
		sizeof *w->sleep_border * (size_t)w->nbatch);
}

/*
 * Before a pass: a framework that wants offers and did not at the last
 * pass, or whose filters were cleared, may take what the sleeping agents
 * hold, so all of them wake; otherwise the agents whose sleep is over.
 */
static void cand_refresh(struct world *w)
{
	int all = 0;
	for (int i = 0; i < w->nfws; i++) {
		struct framework *f = &w->fws[i];
		int want = wants_offers(f);
		if ((want && !f->cand_want) || f->cand_gen != f->filter_gen)
			all = 1;
		f->cand_want = want;
		f->cand_gen = f->filter_gen;
	}
	if (all) {
		for (int a = 0; a < w->nagents; a += 64) {
			int n = w->nagents - a < 64 ? w->nagents - a : 64;
			w->cand[a / 64] = n == 64 ? ~UINT64_C(0)
						  : (UINT64_C(1) << n) - 1;
		}
		for (int i = 0; i < w->nsleep; i++)
			w->sleep_pos[w->sleep_heap[i]] = -1;
		w->nsleep = 0;
		sleep_batches_wake(w, 1);
		return;
	}
	while (w->nsleep > 0 && w->sleep_until[w->sleep_heap[0]] <= w->now)
		cand_wake(w, w->sleep_heap[0]);
	sleep_batches_wake(w, 0);
}

/*
 * After a pass has dealt with agent ag, or resources came back to it: an
 * agent with nothing allocatable sleeps until resources return to it; one
 * whose free resources every framework wanting offers has filtered (any
 * offer from it would be a part of them, so hidden too) sleeps until the
 * first of those filters lapses.  Others are candidates.  "Wanting" takes
 * in the frameworks that wanted offers at the last pass: one that stopped
 * since and wants again by the next would not be caught by cand_refresh.
 */
static void cand_settle(struct world *w, int ag)
{
	const resq_t *free = ag_free(w, ag);
	if (!allocatable(w, free)) {
		cand_sleep(w, ag, SIMTIME_NEVER);
		return;
	}
	simtime_t until = SIMTIME_NEVER;
	int any = 0;
	for (int i = 0; i < w->nfws; i++) {
		const struct framework *f = &w->fws[i];
		if (!wants_offers(f) && !f->cand_want)
			continue;
		if (!may_offer(w, i, ag)) {
			any = 1;      /* hidden from f for good */
			continue;
		}
		if (!master_filtered(w, i, ag, free)) {
			any = 0;
			break;
		}
		any = 1;
		simtime_t exp = filt_exp(w, f, ag);
		if (exp < until)
			until = exp;
	}
	if (any)
		cand_sleep(w, ag, until);
	else
		cand_wake(w, ag);
}

void master_request_pass(struct world *w)
{
	if (w->interval == 0) {
		w->pass_all = 1;
		if (!evq_node_queued(&w->pass_ev) &&
		    evq_push(&w->q, &w->pass_ev, w->now, EVQ_PHASE_ALLOCATE))
			w->failed = OS_ENOMEM;
		return;
	}
	/* Periodic: make sure the next tick is queued.  Ticks are skipped
	 * while no framework wants anything (such a pass would offer
	 * nothing), and resume at the next multiple of the interval. */
	if (evq_node_queued(&w->tick_ev) || !any_waiting(w))
		return;
	simtime_t t = (w->now + w->interval - 1) / w->interval * w->interval;
	if (w->passes > 0 && t <= w->last_pass)
		t = w->last_pass + w->interval;
	if (evq_push(&w->q, &w->tick_ev, t, EVQ_PHASE_ALLOCATE))
		w->failed = OS_ENOMEM;
}

void master_pass_now(struct world *w, int agent)
{
	if (agent < 0) {
		w->pass_all = 1;
	} else {
		w->pass_agent[agent] = 1;
		w->pass_some = 1;
		cand_wake(w, agent);
		/* An agent passed alone has just registered (the timeline's
		 * add_agent, master_agent_reregister). */
		ok_update(w, agent);
	}
	if (!evq_node_queued(&w->pass_ev) &&
	    evq_push(&w->q, &w->pass_ev, w->now, EVQ_PHASE_ALLOCATE))
		w->failed = OS_ENOMEM;
	master_request_pass(w);
}

int master_filtered(const struct world *w, int fw, int agent,
		    const resq_t *res)
{
	const struct framework *f = &w->fws[fw];
	if (!f->filt_any && !w->reference)
		return 0;
	const resq_t *row = f->filt + (size_t)agent * FILT_STRIDE(w->nres);
	if (stamped(f, agent)) {
		/* The row the stamp stands for: what was refused is what
		 * is free now. */
		if (f->stamp_gen != f->filter_gen || f->stamp_exp <= w->now)
			return 0;
		return res_fits(res, ag_free(w, agent), w->nres);
	}
	if (row[FILT_GEN] != f->filter_gen || row[FILT_EXP] <= w->now)
		return 0;
	/* Hidden only when the new offer holds nothing beyond what was
	 * refused: more free resources make a new offer worth making. */
	return res_fits(res, row + FILT_RES, w->nres);
}

/*
 * The first instant at which a filter installed now for `duration` no
 * longer hides the agent.  In Mesos a decline reaches the allocator after
 * the allocation that made the offer, so its expiry timer fires a moment
 * after the batch allocation due at now + duration, and that batch still
 * sees the filter (MESOS-4302; hierarchical.cpp's recoverResources makes
 * the filter at least allocation_interval long for this reason, and
 * HierarchicalAllocatorTest.SmallOfferFilterTimeout relies on it).  The
 * simulated clock has no such moment: a filter installed after a pass of
 * the same instant lapses one microsecond after now + duration, so a
 * framework that declines at every batch with refuse_seconds <= interval
 * is offered the agent every other batch, as in Mesos.  A filter installed
 * before the instant's pass (an answer due at a tick, a timeline decline)
 * lapses at now + duration, as Mesos's would before that batch.
 * Event-driven mode has no batches to line up with.
 */
static simtime_t filter_lapse(const struct world *w, simtime_t duration)
{
	simtime_t exp = w->now + duration;
	if (w->interval > 0 && w->passes > 0 && w->last_pass == w->now)
		exp++;
	return exp;
}

void master_install_filter_for(struct world *w, int fw, int agent,
			       const resq_t *res, simtime_t duration)
{
	struct framework *f = &w->fws[fw];
	simtime_t exp = filter_lapse(w, duration);
	resq_t *row = f->filt + (size_t)agent * FILT_STRIDE(w->nres);
	if (f->stamp)   /* this filter replaces the stamped one */
		f->stamp[agent / 64] &= ~(UINT64_C(1) << (agent % 64));
	row[FILT_GEN] = f->filter_gen;
	f->filt_any = 1;
	row[FILT_EXP] = exp;
	rcopy(row + FILT_RES, res, w->nres);
	if (w->interval != 0)
		return;
	/* Event-driven mode has no ticks: wake the allocator on expiry.
	 * The ring holds expiries in time order, each time once: it only
	 * says when to wake, and a pass's declines all lapse at one time. */
	if (f->exp_len &&
	    f->exp_ring[(f->exp_head + f->exp_len - 1) % f->exp_cap] == exp)
		return;
	if (f->exp_len == f->exp_cap) {
		uint32_t cap = f->exp_cap ? f->exp_cap * 2 : 16;
		simtime_t *r = malloc(sizeof *r * cap);
		if (!r) {
			w->failed = OS_ENOMEM;
			return;
		}
		for (uint32_t i = 0; i < f->exp_len; i++)
			r[i] = f->exp_ring[(f->exp_head + i) % f->exp_cap];
		free(f->exp_ring);
		f->exp_ring = r;
		f->exp_head = 0;
		f->exp_cap = cap;
	}
	uint32_t i = f->exp_len;
	while (i > 0 && f->exp_ring[(f->exp_head + i - 1) % f->exp_cap] > exp) {
		f->exp_ring[(f->exp_head + i) % f->exp_cap] =
			f->exp_ring[(f->exp_head + i - 1) % f->exp_cap];
		i--;
	}
	f->exp_ring[(f->exp_head + i) % f->exp_cap] = exp;
	f->exp_len++;
	if (evq_node_queued(&f->filter_ev) && f->filter_ev.time > exp)
		evq_cancel(&w->q, &f->filter_ev);
	if (!evq_node_queued(&f->filter_ev) &&
	    evq_push(&w->q, &f->filter_ev, f->exp_ring[f->exp_head],
		     EVQ_PHASE_FILTER))
		w->failed = OS_ENOMEM;
}

void master_install_filter(struct world *w, int fw, int agent,
			   const resq_t *res)
{
	master_install_filter_for(w, fw, agent, res, w->fws[fw].filter_duration);
}

void master_filter_wakeup(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	while (f->exp_len && f->exp_ring[f->exp_head] <= w->now) {
		f->exp_head = (f->exp_head + 1) % f->exp_cap;
		f->exp_len--;
	}
	if (wants_offers(f))
		master_request_pass(w);
	if (f->exp_len &&
	    evq_push(&w->q, &f->filter_ev, f->exp_ring[f->exp_head],
		     EVQ_PHASE_FILTER))
		w->failed = OS_ENOMEM;
}

void master_revive(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	f->filter_gen++;      /* every filter of f lapses at once */
	f->filt_any = 0;
	f->exp_len = 0;
	evq_cancel(&w->q, &f->filter_ev);
	/* Any revive (a timeline's too) ends a held one and starts the
	 * interval afresh. */
	f->revive_wait = 0;
	evq_cancel(&w->q, &f->revive_ev);
	f->last_revive = w->now;
}

static void idle_revive_now(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	master_revive(w, fw);
	if (f->present)
		master_pass_now(w, -1);
}

void master_idle_revive(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	/* A framework that never suppresses never needs to revive: its work
	 * waits for the next offer, filters and all. */
	if (f->scripted || !f->suppress_idle || f->revive_wait)
		return;
	if (f->min_revive > 0 && f->last_revive >= 0 &&
	    w->now < f->last_revive + f->min_revive) {
		/* Marathon's and Chronos's --min_revive_offers_interval: no
		 * more than one revive per interval; until then it stays
		 * suppressed. */
		f->revive_wait = 1;
		simtime_t t = f->last_revive + f->min_revive;
		world_explain_of(w, fw, EX_NONE, EX_NONE, "%s: revive held back until %.3f s (min_revive_interval)",
			      f->name, simtime_to_sec(t));
		if (evq_push(&w->q, &f->revive_ev, t, EVQ_PHASE_ARRIVAL))
			w->failed = OS_ENOMEM;
		return;
	}
	idle_revive_now(w, fw);
}

void master_revive_due(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	f->revive_wait = 0;
	if (f->q_len == 0)
		return;   /* its work went (on offers it kept, as a hoarder) */
	world_explain_of(w, fw, EX_NONE, EX_NONE, "%s revives offers", f->name);
	idle_revive_now(w, fw);
	master_request_pass(w);
}

/* ------------------------------------------------------------------ */
/* Reservations                                                         */

/* The reservation slots of agent a, known to be 0 without reading its
 * record when no agent has any (the offer paths then never touch it). */
static int agent_nresv(const struct world *w, const struct agent *a)
{
	return w->resv_store ? a->nresv : 0;
}

/* Slots of agent a that role may use, most specific role first. */
static int eligible_slots(const struct world *w, const struct agent *a,
			  int role, int *out)
{
	int n = 0, nresv = agent_nresv(w, a);
	for (int r = role; r >= 0 && nresv; r = w->roles[r].parent)
		for (int k = 0; k < nresv; k++)
			if (a->resv_role[k] == r)
				out[n++] = k;
	return n;
}

/* Unreserved free resources of agent ag. */
static void unreserved_free(const struct world *w, int ag, resq_t *out)
{
	const struct agent *a = &w->agents[ag];
	rcopy(out, ag_free(w, ag), w->nres);
	for (int k = 0; k < agent_nresv(w, a); k++)
		res_sub(out, a->resv_free[k], w->nres);
}

void master_offer_consume(struct world *w, struct offer *o, const resq_t *res)
{
	struct agent *a = &w->agents[o->agent];
	/* Launches draw on the reservations first: they are the offer's
	 * part that nobody else could use.  Without reservations anywhere
	 * the agent's record is not read (world.h, arunning). */
	int nresv = w->resv_store ? a->nresv : 0;
	for (int r = 0; r < w->nres && nresv; r++) {
		resq_t need = res[r];
		for (int k = 0; k < nresv && need > 0; k++) {
			resq_t take = o->resv_left[k][r] < need ? o->resv_left[k][r]
								: need;
			o->resv_left[k][r] -= take;
			a->resv_used[k][r] += take;
			need -= take;
		}
	}
	res_sub(o->left, res, w->nres);
	CHECK_HOOK(w, check_agent(w, o->agent, CHECK_OFFERED, res, -1));
}

void master_agent_read_ahead(const struct world *w, int a)
{
	size_t row = (size_t)a * (size_t)w->nres;
	__builtin_prefetch(w->afree + row);
	__builtin_prefetch(w->atotal + row);
	if (w->ok_contrib)
		__builtin_prefetch(w->ok_contrib + row);
	if (w->sleep_pos)
		__builtin_prefetch(&w->sleep_pos[a]);
}

void master_task_returned(struct world *w, int agent, int fw,
			  const resq_t *res)
{
	struct agent *a = &w->agents[agent];
	/* task.c gave the resources back just now: the stamps on the agent
	 * stood for what was free before. */
	if (w->nstamp) {
		resq_t was[RES_MAX];
		rcopy(was, ag_free(w, agent), w->nres);
		res_sub(was, res, w->nres);
		stamps_settle(w, agent, was);
	}
	cand_wake(w, agent);
	ok_grown(w, agent);
	/* Without reservations anywhere, the agent's record is not read
	 * (world.h, arunning). */
	if (!w->resv_store || a->nresv == 0)
		return;
	int slots[AGENT_RESV_MAX];
	int n = eligible_slots(w, a, w->fws[fw].role_id, slots);
	for (int r = 0; r < w->nres; r++) {
		resq_t give = res[r];
		for (int i = 0; i < n && give > 0; i++) {
			int k = slots[i];
			resq_t back = a->resv_used[k][r] < give ? a->resv_used[k][r]
								: give;
			a->resv_used[k][r] -= back;
			a->resv_free[k][r] += back;
			give -= back;
		}
	}
}

void master_offer_free(struct world *w, uint32_t id)
{
	struct offer *o = W_OFFER(w, id);
	if (o->resv_id != POOL_NONE)
		pool_free(&w->offer_resv, o->resv_id);
	pool_free(&w->offers, id);
}

void master_recover(struct world *w, struct offer *o)
{
	struct framework *f = &w->fws[o->fw];
	resq_t *free = ag_free(w, o->agent);
	const resq_t *total = ag_total(w, o->agent);
	CHECK_HOOK(w, check_agent(w, o->agent, CHECK_OFFERED, o->left, -1));
	stamps_settle(w, o->agent, free);
	res_add(free, o->left, w->nres);
	ok_grown(w, o->agent);
	res_sub(f->allocated, o->left, w->nres);
	if (o->resv_left) {
		struct agent *a = &w->agents[o->agent];
		for (int k = 0; k < a->nresv; k++) {
			res_add(a->resv_free[k], o->resv_left[k], w->nres);
			memset(o->resv_left[k], 0,
			       sizeof(resq_t) * (size_t)w->nres);
		}
	}
	for (int r = 0; r < w->nres; r++) {
		BUG_ON(free[r] > total[r] || f->allocated[r] < 0);
		o->left[r] = 0;
	}
	/* A declined offer comes back after its filter went in: an agent
	 * that every framework now filters need not wait for the next pass
	 * to fall asleep again. */
	cand_settle(w, o->agent);
}

/*
 * cand_settle for agent ag just after framework fw declined `left` there
 * untouched (its filter, if it has a refuse duration, just installed):
 * the free resources hold `left`, so they are allocatable (the minimum is
 * monotone), and fw's own new filter hides them exactly when nothing else
 * is free there.
 */
static void settle_declined(struct world *w, int fw, int ag,
			    const resq_t *left)
{
	const struct framework *f = &w->fws[fw];
	int nres = w->nres;
	const resq_t *free = ag_free(w, ag);
	/* The row just written, when one was: no need to test it again. */
	int mine = f->filter_duration > 0;
	simtime_t until = SIMTIME_NEVER;
	int any = 0;
	for (int i = 0; i < w->nfws; i++) {
		const struct framework *g = &w->fws[i];
		if (!wants_offers(g) && !g->cand_want)
			continue;
		if (!may_offer(w, i, ag)) {
			any = 1;      /* hidden from g for good */
			continue;
		}
		if (i == fw && mine) {
			if (!res_fits(free, left, nres)) {
				any = 0;
				break;
			}
		} else if (!master_filtered(w, i, ag, free)) {
			any = 0;
			break;
		}
		simtime_t exp = filt_exp(w, g, ag);
		any = 1;
		if (exp < until)
			until = exp;
	}
	if (any)
		cand_sleep(w, ag, until);
	else
		cand_wake(w, ag);
}

/*
 * The fused decline of an offer nothing was launched from: the filter,
 * the recovery and the agent's settling in one visit of its rows.  It
 * leaves exactly the state master_install_filter, master_recover and
 * cand_settle leave one after the other (the reference mode runs those),
 * using what is known of such an offer: its left is what was offered, so
 * the agent's free resources, which now hold it, are allocatable (the
 * minimum is monotone), and the framework's own new filter hides them
 * exactly when nothing else is free there.
 */
void master_decline_untouched(struct world *w, int fw, struct offer *o)
{
	struct framework *f = &w->fws[fw];
	int ag = o->agent, nres = w->nres;
	BUG_ON(o->launched != 0);
	if (o->resv_left || w->reference) {
		if (f->filter_duration > 0)
			master_install_filter(w, fw, ag, o->left);
		master_recover(w, o);
		return;
	}
	if (f->filter_duration > 0)
		master_install_filter(w, fw, ag, o->left);
	resq_t *free = ag_free(w, ag);
	CHECK_HOOK(w, check_agent(w, ag, CHECK_OFFERED, o->left, -1));
	stamps_settle(w, ag, free);
	res_add(free, o->left, nres);
	ok_grown(w, ag);
	res_sub(f->allocated, o->left, nres);
	for (int r = 0; r < nres; r++)
		BUG_ON(f->allocated[r] < 0);
	settle_declined(w, fw, ag, o->left);
	rzero(o->left, nres);
}

/* ------------------------------------------------------------------ */
/* Offers                                                               */

/*
 * Offer fw, on agent ag, unres of the unreserved resources and every free
 * reservation in the slots of resv_mask.  A framework offered twice on one
 * agent in one pass (quota stage 1, then stage 2) gets one offer, as
 * Mesos's allocator hands the master one sum per agent; may_merge says a
 * pass has two stages (with one, the agent's record is not needed).
 */
static void make_offer(struct world *w, int fw, int ag, const resq_t *unres,
		       unsigned resv_mask, int may_merge)
{
	struct framework *f = &w->fws[fw];
	struct agent *a = &w->agents[ag];
	int nresv = agent_nresv(w, a);
	resq_t *free = ag_free(w, ag);
	resq_t total[RES_MAX];
	rcopy(total, unres, w->nres);
	for (int k = 0; k < nresv; k++)
		if (resv_mask & (1u << k))
			res_add(total, a->resv_free[k], w->nres);
	struct offer *o = NULL;
	uint32_t id = POOL_NONE;
	/* Offers are answered only by later events, never inside a pass, so
	 * an offer recorded for this pass is still in the hand. */
	if (may_merge && a->last_offer_pass == w->passes &&
	    a->last_offer_fw == fw && a->last_offer != POOL_NONE) {
		id = a->last_offer;
		o = W_OFFER(w, id);
		BUG_ON(o->agent != ag || o->fw != fw || o->made != w->now);
	}
	int merged = o != NULL;
	if (!o) {
		/* Storms of offers pass through here: set the fields, rather
		 * than clear the whole record (mostly reservation slots). */
		id = pool_alloc_raw(&w->offers);
		if (id == POOL_NONE) {
			w->failed = OS_ENOMEM;
			return;
		}
		o = W_OFFER(w, id);
		evq_node_init(&o->timeout_ev, EV_TIMEOUT, id);
		o->number = ++w->offers_made;
		o->fw = fw;
		o->agent = ag;
		o->res = o->v;
		o->left = o->v + w->nres;
		rzero(o->v, 2 * w->nres);
		o->made = w->now;
		o->due = w->now + f->decision_time;
		o->launched = 0;
		o->next = POOL_NONE;
		o->pass = w->passes;
		o->resv_left = NULL;
		o->resv_id = POOL_NONE;
		if (nresv) {
			o->resv_id = pool_alloc(&w->offer_resv);   /* zeroed */
			if (o->resv_id == POOL_NONE) {
				pool_free(&w->offers, id);
				w->failed = OS_ENOMEM;
				return;
			}
			o->resv_left = pool_get(&w->offer_resv, o->resv_id);
		}
		if (may_merge) {
			a->last_offer = id;
			a->last_offer_fw = fw;
			a->last_offer_pass = w->passes;
		}
	}
	res_add(o->res, total, w->nres);
	res_add(o->left, total, w->nres);
	for (int k = 0; k < nresv; k++)
		if (resv_mask & (1u << k)) {
			res_add(o->resv_left[k], a->resv_free[k], w->nres);
			memset(a->resv_free[k], 0, sizeof a->resv_free[k]);
		}
	stamps_settle(w, ag, free);
	res_sub(free, total, w->nres);
	ok_shrunk(w, ag);
	CHECK_HOOK(w, check_agent(w, ag, CHECK_OFFERED, total, +1));
	res_add(f->allocated, total, w->nres);
	for (int r = 0; r < w->nres; r++)
		BUG_ON(free[r] < 0);
	struct role *role = &w->roles[f->role_id];
	res_add(role->allocated, total, w->nres);
	sorter_allocated(w->role_sorter, role->rs_handle, total);
	sorter_allocated(role->fw_sorter, f->fs_handle, total);
	f->allocations++;
	f->last_offer_pass = w->passes;
	if (merged) {
		if (w->rp.rec)
			replay_offer_grew(w, o, total);
		if (w->opt.explain) {
			char buf[256];
			res_format(&w->sc->res, total, buf, sizeof buf);
			world_explain_of(w, o->fw, o->agent, EX_NONE, "offer %llu grows by <%s>",
				      (unsigned long long)o->number, buf);
		}
		return;
	}
	f->m.offers++;
	if (w->rp.rec)
		replay_offer_made(w, o);
	if (f->off_tail == POOL_NONE)
		f->off_head = id;
	else
		W_OFFER(w, f->off_tail)->next = id;
	f->off_tail = id;
	f->noutstanding++;
	if (w->offer_timeout > 0 &&
	    evq_push(&w->q, &o->timeout_ev, w->now + w->offer_timeout,
		     EVQ_PHASE_TIMEOUT))
		w->failed = OS_ENOMEM;
	if (w->opt.explain) {
		char buf[256];
		res_format(&w->sc->res, o->res, buf, sizeof buf);
		world_explain_of(w, o->fw, o->agent, EX_NONE, "offer %llu: agent %s <%s> -> %s",
			      (unsigned long long)o->number, a->name, buf,
			      f->name);
	}
	/* The answer is already due no later than this offer's. */
	if (!evq_node_queued(&f->response_ev) || f->response_ev.time > o->due)
		fw_schedule_response(w, fw);
}

/* ------------------------------------------------------------------ */
/* Allocation passes                                                    */

/* Quota bookkeeping of one pass (Mesos's rolesConsumedQuota, required
 * and available headroom). */
struct pass_state {
	resq_t required[RES_MAX];
	resq_t avail[RES_MAX];
	int any_guarantee, any_required;
};

static int has_guarantee(const struct role *r)
{
	return r->quota.has_guarantee;
}

static void add_consumed(struct world *w, int role, const resq_t *v)
{
	for (int r = role; r >= 0; r = w->roles[r].parent)
		res_add(w->roles[r].consumed, v, w->nres);
}

static void pass_prepare(struct world *w, struct pass_state *ps)
{
	memset(ps, 0, sizeof *ps);
	w->pass_nwant = 0;
	for (int i = 0; i < w->nroles; i++) {
		memset(w->roles[i].allocated, 0, sizeof w->roles[i].allocated);
		memset(w->roles[i].consumed, 0, sizeof w->roles[i].consumed);
	}
	for (int i = 0; i < w->nfws; i++) {
		struct framework *f = &w->fws[i];
		struct role *r = &w->roles[f->role_id];
		res_add(r->allocated, f->allocated, w->nres);
		add_consumed(w, f->role_id, f->allocated);
		sorter_set_allocation(r->fw_sorter, f->fs_handle, f->allocated);
		f->filt_pass = f->filt_any;
		if (wants_offers(f)) {
			sorter_activate(r->fw_sorter, f->fs_handle);
			w->pass_nwant++;
		} else {
			sorter_deactivate(r->fw_sorter, f->fs_handle);
		}
	}
	for (int i = 0; i < w->nroles; i++) {
		struct role *r = &w->roles[i];
		if (r->rs_handle < 0)
			continue;
		sorter_set_allocation(w->role_sorter, r->rs_handle, r->allocated);
		if (r->npresent > 0)
			sorter_activate(w->role_sorter, r->rs_handle);
		else
			sorter_deactivate(w->role_sorter, r->rs_handle);
	}
	/* Consumed quota = allocations + unallocated reservations; the
	 * available headroom is every unreserved free resource.  Both
	 * matter only to roles with a quota. */
	for (int a = 0; w->quota_used && a < w->nagents; a++) {
		const struct agent *ag = &w->agents[a];
		if (!ag->present)
			continue;
		resq_t u[RES_MAX];
		unreserved_free(w, a, u);
		res_add(ps->avail, u, w->nres);
		for (int k = 0; k < ag->nresv; k++)
			add_consumed(w, ag->resv_role[k], ag->resv_free[k]);
	}
	/* Headroom is owed to the outermost guaranteed roles (a guaranteed
	 * sub-role's guarantee lies within its parent's). */
	for (int i = 0; i < w->nroles; i++) {
		const struct role *r = &w->roles[i];
		if (!has_guarantee(r))
			continue;
		ps->any_guarantee = 1;
		int outer = 1;
		for (int p = r->parent; p >= 0; p = w->roles[p].parent)
			if (has_guarantee(&w->roles[p]))
				outer = 0;
		if (!outer)
			continue;
		for (int k = 0; k < w->nres; k++)
			if (r->quota.guarantee[k] > r->consumed[k])
				ps->required[k] += r->quota.guarantee[k] - r->consumed[k];
	}
	ps->any_required = !res_is_zero(ps->required, w->nres);
}

static resq_t rmin(resq_t a, resq_t b)
{
	return a < b ? a : b;
}

static resq_t rpos(resq_t a)
{
	return a > 0 ? a : 0;
}

/*
 * An offer of res (the agent's whole free resources) to fw that surely.c
 * finds certain to come back untouched, settled as it is made: what
 * make_offer, the framework's answer at this instant and
 * master_decline_untouched would leave, in one step.  The offer takes its
 * number, counts as made and declined, weighs in the sorters for the rest
 * of the pass (they are reset from the frameworks' allocations at the
 * next), and calls the framework's answer as it would have; the filter
 * goes in now, at the instant the answer would install it, and the
 * resources never leave the agent (the answer would give them back before
 * anything else reads them).  pass_stage then settles the agent as the
 * decline would have.
 */
static void offer_declined_at_once(struct world *w, int fw, int ag,
				   const resq_t *res)
{
	struct framework *f = &w->fws[fw];
	struct role *role = &w->roles[f->role_id];
	w->sure_settled++;
	w->offers_made++;
	f->m.offers++;
	f->m.declined++;
	res_add(role->allocated, res, w->nres);
	sorter_allocated(w->role_sorter, role->rs_handle, res);
	sorter_allocated(role->fw_sorter, f->fs_handle, res);
	f->allocations++;
	f->last_offer_pass = w->passes;
	if (f->filter_duration > 0)
		master_install_filter(w, fw, ag, res);
	fw_answer_by(w, fw, w->now + f->decision_time);
}

/* master_filtered for the offers of a pass (offer_whole): a filter the
 * pass itself installed (offer_declined_at_once) is on an agent already
 * dealt with, so a framework that had none when the pass began still
 * reads no row. */
static int pass_filtered(const struct world *w, int fw, int ag,
			 const resq_t *res)
{
	return w->fws[fw].filt_pass && master_filtered(w, fw, ag, res);
}

/* offer_hidden for the offers of a pass, on the same terms. */
static int pass_hidden(struct world *w, int fw, int ag, const resq_t *res)
{
	if (may_offer(w, fw, ag) && !w->fws[fw].filt_pass)
		return 0;
	return offer_hidden(w, fw, ag, res);
}

/*
 * offer_agent's second stage where no role has quota and the agent no
 * reservation: the first framework in sorter order that has not filtered
 * the agent's free resources gets them all.  It is what the general loop
 * below does then (nothing chopped, nothing held back, the offer the
 * whole of what pass_agents found allocatable, and after it nothing left
 * for anyone), with the same sorter calls in the same order (the random
 * sorter draws at each), without the quota arithmetic per framework.
 */
static void offer_whole(struct world *w, int ag, const resq_t *free)
{
	int *rbuf = w->sort_buf;
	int *fbuf = w->sort_buf + w->nroles + 1;
	int nr = sorter_sort(w->role_sorter, rbuf);
	for (int j = 0; j < nr; j++) {
		struct role *role = &w->roles[w->role_of_handle[rbuf[j]]];
		int nf = sorter_sort(role->fw_sorter, fbuf);
		for (int q = 0; q < nf; q++) {
			int fw = fbuf[q] < role->nhandles ?
				 role->fw_of_handle[fbuf[q]] : -1;
			BUG_ON(fw < 0);
			if (pass_hidden(w, fw, ag, free))
				continue;
			resq_t give[RES_MAX];
			rcopy(give, free, w->nres);
			int sure = sure_declined(w, fw, give);
			if (sure) {
				offer_declined_at_once(w, fw, ag, give);
				/* The only framework that wants offers, in
				 * sorters that draw nothing: every later agent
				 * of the pass goes the same way. */
				if (sure == 2 && w->pass_nwant == 1 &&
				    w->alloc->pure && !w->resv_store)
					w->sure_rest = fw;
				return;
			}
			make_offer(w, fw, ag, give, 0, 0);
			sure_offered(w, fw, give);
			return;
		}
	}
}

/* One agent in one stage of a pass (stage 1: guarantees).  fresh: the
 * agent is as pass_agents found it (allocatable). */
static void offer_agent(struct world *w, struct pass_state *ps, int ag,
			int stage, int fresh)
{
	int nres = w->nres;
	int *rbuf = w->sort_buf;
	int *fbuf = w->sort_buf + w->nroles + 1;
	/* The agent's record is read only where it has reservations, or
	 * for --explain: on a large cluster it is a cache miss per agent. */
	struct agent *a = &w->agents[ag];
	const resq_t *free = ag_free(w, ag);
	int nresv = agent_nresv(w, a);
	/* Nothing on the agent can make an offer (no subset of free
	 * resources below the minimum meets it): say why once. */
	if (!fresh && !allocatable(w, free)) {
		if (w->opt.explain && stage == 2 && !res_is_zero(free, nres)) {
			char buf[256];
			res_format(&w->sc->res, free, buf, sizeof buf);
			world_explain_of(w, EX_NONE, ag, EX_NONE,
					 "agent %s <%s> skipped: below min_allocatable_resources",
					 a->name, buf);
		}
		return;
	}
	if (stage == 2 && !w->quota_used && nresv == 0 && !w->reference) {
		offer_whole(w, ag, free);
		return;
	}
	int taken = 0;
	int nr = sorter_sort(w->role_sorter, rbuf);
	for (int j = 0; j < nr; j++) {
		int rid = w->role_of_handle[rbuf[j]];
		struct role *role = &w->roles[rid];
		resq_t unsat[RES_MAX];
		if (stage == 1) {
			if (!has_guarantee(role) || role->npresent == 0)
				continue;
		}
		if (res_is_zero(free, nres))
			break;
		if (stage == 1) {
			for (int r = 0; r < nres; r++)
				unsat[r] = rpos(role->quota.guarantee[r] -
						role->consumed[r]);
			if (res_is_zero(unsat, nres))
				continue;
		}
		int slots[AGENT_RESV_MAX];
		int ns = eligible_slots(w, a, rid, slots);
		int nf = sorter_sort(role->fw_sorter, fbuf);
		/* The allocatable() checks below repeat the one above while
		 * the offer would be the agent's whole free resources (no
		 * reservations, nothing taken, nothing chopped): skip them
		 * then, they cost more than the rest of an offer. */
		int whole = stage == 2 && nresv == 0 && !taken;
		for (int q = 0; q < nf; q++) {
			if (stage == 1 && res_is_zero(unsat, nres))
				break;
			int fw = fbuf[q] < role->nhandles ?
				 role->fw_of_handle[fbuf[q]] : -1;
			BUG_ON(fw < 0);
			resq_t unres[RES_MAX], avail[RES_MAX];
			unreserved_free(w, ag, unres);
			rcopy(avail, unres, nres);
			unsigned mask = 0;
			for (int s = 0; s < ns; s++) {
				res_add(avail, a->resv_free[slots[s]], nres);
				/* Stage 1 adds only the role's own
				 * reservations, as Mesos does. */
				if (stage == 2 ||
				    a->resv_role[slots[s]] == rid)
					mask |= 1u << slots[s];
			}
			if (res_is_zero(avail, nres))
				break;
			if (!whole && !allocatable(w, avail))
				continue;
			resq_t guar[RES_MAX], add[RES_MAX];
			int same = whole;
			for (int r = 0; r < nres; r++) {
				guar[r] = stage == 1 ? rmin(unres[r], unsat[r]) : 0;
				add[r] = unres[r] - guar[r];
				if (role->quota.limit[r] != QUOTA_NO_LIMIT)
					add[r] = rmin(add[r], rpos(
						role->quota.limit[r] -
						role->consumed[r] - guar[r]));
				if (ps->any_required)
					add[r] = rmin(add[r], rpos(ps->avail[r] -
						ps->required[r]));
				if (add[r] != unres[r])
					same = 0;
			}
			if (stage == 1 && res_is_zero(guar, nres))
				continue;
			resq_t give[RES_MAX], offer[RES_MAX];
			for (int r = 0; r < nres; r++)
				offer[r] = give[r] = guar[r] + add[r];
			for (int k = 0; k < nresv; k++)
				if (mask & (1u << k))
					res_add(offer, a->resv_free[k], nres);
			if (!same && !allocatable(w, offer)) {
				/* (--explain has always named a filter that
				 * would also have hidden such an offer.) */
				if (w->opt.explain && may_offer(w, fw, ag) &&
				    master_filtered(w, fw, ag, offer))
					(void)offer_hidden(w, fw, ag, offer);
				continue;
			}
			if (offer_hidden(w, fw, ag, offer))
				continue;
			make_offer(w, fw, ag, give, mask, ps->any_guarantee);
			taken = 1;
			whole = 0;
			add_consumed(w, rid, give);
			res_sub(ps->avail, give, nres);
			if (stage == 1) {
				for (int r = 0; r < nres; r++) {
					unsat[r] = rpos(unsat[r] - give[r]);
					ps->required[r] = rpos(ps->required[r] -
							       guar[r]);
				}
				ps->any_required =
					!res_is_zero(ps->required, nres);
			}
		}
	}
}

/*
 * The rest of a stage-2 pass, the agents left in pass_set, once
 * offer_whole found that every remaining offer goes to framework fw (the
 * only one that wants offers, so first in every sort) and is certain to
 * be declined (surely.c): what offer_agent and cand_settle would do for
 * each agent, without the sorts (pure sorters, one candidate: they could
 * only answer fw) and the per-framework loop.
 *
 * The agents are taken in id order, not in the shuffled order of the
 * pass, because nothing here depends on the order: each agent gets its
 * own filter row on its own free resources, with one expiry for all, and
 * its own sleep; the counts and the sums for the sorters are integer
 * additions (resq_t), which commute; no offer of the tail has a number
 * anyone sees (the offer log is off).  Walking the bitset reads the rows
 * in memory order, and the agent's free row is read once for the checks,
 * the sum, the filter and the sleep.  When fw is the only framework
 * settle_declined would look at, every agent declined here sleeps until
 * the filter's expiry: a bulk tail goes into one sleep batch then.
 */
static void pass_rest_declined(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	int nres = w->nres;
	size_t stride = FILT_STRIDE(nres);
	resq_t sum[RES_MAX];
	uint64_t n = 0;
	rzero(sum, nres);
	/* settle_declined's frameworks: those wanting offers now or at the
	 * last pass (a pass changes neither). */
	int alone = f->filter_duration > 0;
	for (int i = 0; i < w->nfws && alone; i++)
		if (i != fw && (wants_offers(&w->fws[i]) || w->fws[i].cand_want))
			alone = 0;
	/* Filters go in with the same expiry (master_install_filter_for;
	 * passes are periodic here, surely.c, so no expiry ring). */
	simtime_t exp = filter_lapse(w, f->filter_duration);
	BUG_ON(w->interval == 0);
	int gpu_hidden = w->gpu_res >= 0 && !f->gpu_capable;
	/* A batch costs its words to wake: worth it from a word's worth of
	 * agents on. */
	int slot = -1;
	if (alone) {
		uint64_t cnt = 0;
		for (size_t k = 0; k < w->nwords; k++)
			cnt += (uint64_t)pop64(w->pass_set[k]);
		if (cnt >= w->nwords)
			slot = sleep_batch_get(w, exp);
	}
	uint64_t *bits = slot >= 0 ? w->sleep_b[slot].bits : NULL;
	/* Alone, fw's filters go into its stamp.  The stamp of its last
	 * tail is replaced: its agents that this tail does not filter again
	 * get their rows now, unless a revive since made them void. */
	if (alone && !f->stamp) {
		if (!w->stamp_store)
			w->stamp_store = calloc((size_t)w->nfws * w->nwords,
						sizeof *w->stamp_store);
		if (w->stamp_store) {
			f->stamp = w->stamp_store + (size_t)fw * w->nwords;
			w->nstamp++;
		}
	}
	int use_stamp = alone && f->stamp;
	int old_live = use_stamp && f->stamp_gen == f->filter_gen;
	uint32_t old_gen = f->stamp_gen;
	simtime_t old_exp = f->stamp_exp;
	/* A word at a time: when no filter of fw can hide anything (none
	 * since its last revive) and no agent is hidden from it, every
	 * agent of the word is declined, stamped and put in the batch, and
	 * a word whose allocatable agents are all in the tail adds its
	 * kept sum (ok_wsum) without reading a free row. */
	int by_word = use_stamp && bits && w->pass_cand && !f->filt_pass &&
		      !gpu_hidden;
	for (size_t k = 0; k < w->nwords; k++) {
		uint64_t m = w->pass_set[k], took = 0, stk = 0;
		if (!m && !(use_stamp && f->stamp[k]))
			continue;
		w->pass_set[k] = 0;
		if (by_word && m) {
			if (m == w->alloc_ok[k])
				res_add(sum, w->ok_wsum + k * (size_t)nres, nres);
			else
				for (uint64_t d = m; d; d &= d - 1)
					res_add(sum, ag_free(w, (int)(k * 64) +
							     __builtin_ctzll(d)), nres);
			n += (uint64_t)pop64(m);
			w->sleep_bw[k] |= m;
			stk = took = m;
			m = 0;
		}
		while (m) {
			int ag = (int)(k * 64) + __builtin_ctzll(m);
			uint64_t bit = m & -m;
			m &= m - 1;
			const resq_t *free = ag_free(w, ag);
			if ((gpu_hidden && ag_total(w, ag)[w->gpu_res] != 0) ||
			    pass_filtered(w, fw, ag, free)) {
				cand_settle(w, ag);
				continue;
			}
			/* offer_declined_at_once, its sums kept for the end
			 * (nothing reads the sorters or the counts before). */
			res_add(sum, free, nres);
			n++;
			if (!alone) {
				if (f->filter_duration > 0)
					master_install_filter(w, fw, ag, free);
				settle_declined(w, fw, ag, free);
				continue;
			}
			/* master_install_filter, then settle_declined: fw's
			 * new filter holds every free resource, so the agent
			 * sleeps until it lapses. */
			if (use_stamp) {
				stk |= bit;
			} else {
				resq_t *row = f->filt + (size_t)ag * stride;
				row[FILT_GEN] = f->filter_gen;
				row[FILT_EXP] = exp;
				rcopy(row + FILT_RES, free, nres);
			}
			if (!bits) {
				cand_sleep(w, ag, exp);
				continue;
			}
			/* A pass over the candidates has only agents that
			 * sleep nowhere; one of a single agent may have one
			 * that fell asleep since it was asked for. */
			if (!w->pass_cand && asleep(w, ag))
				sleep_remove(w, ag);
			took |= bit;
			w->sleep_pos[ag] = -2 - slot;
		}
		/* The word's agents leave the candidates and join the
		 * batch together. */
		if (took) {
			w->cand[k] &= ~took;
			bits[k] |= took;
		}
		if (!use_stamp)
			continue;
		for (uint64_t d = old_live ? f->stamp[k] & ~stk : 0; d; d &= d - 1) {
			int a = (int)(k * 64) + __builtin_ctzll(d);
			resq_t *row = f->filt + (size_t)a * stride;
			row[FILT_GEN] = old_gen;
			row[FILT_EXP] = old_exp;
			rcopy(row + FILT_RES, ag_free(w, a), nres);
		}
		f->stamp[k] = stk;
	}
	if (use_stamp) {
		f->stamp_gen = f->filter_gen;
		f->stamp_exp = exp;
	}
	if (n == 0)
		return;
	if (alone)
		f->filt_any = 1;
	struct role *role = &w->roles[f->role_id];
	w->sure_tail_settled += n;
	w->offers_made += n;
	f->m.offers += n;
	f->m.declined += n;
	res_add(role->allocated, sum, nres);
	sorter_allocated_n(w->role_sorter, role->rs_handle, sum, n);
	sorter_allocated_n(role->fw_sorter, f->fs_handle, sum, n);
	f->allocations += n;
	f->last_offer_pass = w->passes;
	fw_answer_by(w, fw, w->now + f->decision_time);
}

/*
 * Starts the order of a stage's walk over its n agents: a uniform random
 * order (Mesos shuffles its agents for every allocation), or id order with
 * agent_order: id.  The order is drawn lazily (perm.h), from a generator
 * seeded with one draw of the "agent-shuffle" stream per stage, so that a
 * stage costs a draw per agent it visits, and the stream the same whether
 * the stage visits them all or hands its tail to pass_rest_declined.
 */
static int pass_order(struct world *w, int n)
{
	int id = w->sc->agent_order_id || n < 2;
	unsigned long seed = id ? 0 : gsl_rng_get(w->shuffle_rng);
	/* Past a sixteenth of the agents, laying out the rest densely
	 * (and the agents by rank, pass_rank_agent) costs less than the
	 * table and the searches. */
	return perm_start(&w->perm, (uint32_t)n, seed, id, (uint32_t)n / 16);
}

/* The (r+1)-th set bit of m, r < popcount(m): a byte at a time, then a
 * bit at a time in that byte. */
static int word_select(uint64_t m, uint32_t r)
{
	int base = 0;
	for (;;) {
		uint32_t c = (uint32_t)pop64(m & 0xff);
		if (r < c)
			break;
		r -= c;
		m >>= 8;
		base += 8;
	}
	for (; r; r--)
		m &= m - 1;
	return base + __builtin_ctzll(m);
}

/*
 * The agent of rank r among the pass's agents (in id order), for the
 * position perm gives.  While the permutation is sparse, a binary search
 * over the words' running counts and a select in the word; once it is
 * dense (or the order is id order, which reads every rank), the agents
 * are laid out by rank once, and a rank is an index.
 */
static int pass_rank_agent(struct world *w, uint32_t r)
{
	if (!w->order_ready) {
		if (!w->perm.dense && !w->perm.identity) {
			size_t lo = 0, hi = w->nwords;
			while (hi - lo > 1) {
				size_t mid = lo + (hi - lo) / 2;
				if (w->pass_cum[mid] <= r)
					lo = mid;
				else
					hi = mid;
			}
			return (int)(lo * 64) + word_select(w->pass_snap[lo],
							    r - w->pass_cum[lo]);
		}
		int n = 0;
		for (size_t k = 0; k < w->nwords; k++)
			for (uint64_t m = w->pass_snap[k]; m; m &= m - 1)
				w->agent_order[n++] = (int)(k * 64) + __builtin_ctzll(m);
		w->order_ready = 1;
	}
	return w->agent_order[r];
}

/* One stage of a pass over the agents in order; after the last, each
 * agent either stays a candidate or goes to sleep.  Stage 2 takes each
 * agent out of pass_set as it deals with it, so that what is left there
 * is the rest of the pass. */
static void pass_stage(struct world *w, struct pass_state *ps, int nag,
		       int stage)
{
	w->sure_rest = -1;
	if (pass_order(w, nag)) {
		w->failed = OS_ENOMEM;
		return;
	}
	for (int64_t r; (r = perm_next(&w->perm)) >= 0;) {
		int ag = pass_rank_agent(w, (uint32_t)r);
		if (stage == 2)
			w->pass_set[ag / 64] &= ~(UINT64_C(1) << (ag % 64));
		/* Only a first stage has taken nothing yet. */
		offer_agent(w, ps, ag, stage, stage == 1 || !ps->any_guarantee);
		if (stage == 2) {
			cand_settle(w, ag);
			if (w->sure_rest >= 0 && !ps->any_guarantee) {
				pass_rest_declined(w, w->sure_rest);
				break;
			}
		}
	}
	w->sure_rest = -1;
}

/* Under --check: word k of the candidates, c, as pass_agents is about
 * to take it, agrees with what alloc_ok, its word sum, the candidates
 * and the sleep batches stand for. */
static void pass_agents_check(const struct world *w, size_t k, uint64_t c)
{
	resq_t sum[RES_MAX];
	rzero(sum, w->nres);
	for (int a = (int)(k * 64); a < w->nagents && a < (int)(k * 64) + 64; a++) {
		int ok = w->agents[a].present && allocatable(w, ag_free(w, a));
		BUG_ON(ok != (int)(w->alloc_ok[k] >> (a % 64) & 1));
		BUG_ON(w->agents[a].present != (int)(w->present_bits[k] >> (a % 64) & 1));
		BUG_ON((c >> (a % 64) & 1) && asleep(w, a));
		if (ok)
			res_add(sum, ag_free(w, a), w->nres);
	}
	for (int r = 0; r < w->nres; r++)
		BUG_ON(sum[r] != w->ok_wsum[k * (size_t)w->nres + (size_t)r]);
	/* An agent sleeps in one live batch at most, a candidate in none,
	 * and one put there by a whole word in one. */
	uint64_t seen = 0;
	for (int j = 0; j < w->nbatch; j++) {
		uint64_t b = w->sleep_b[w->sleep_border[j]].bits[k];
		BUG_ON(seen & b);
		seen |= b;
	}
	BUG_ON(seen & c);
	BUG_ON(w->sleep_bw[k] & ~seen);
}

/* Of the candidates c in word k, those registered with something
 * allocatable, agent by agent. */
static uint64_t pass_word_plain(const struct world *w, size_t k, uint64_t c)
{
	uint64_t m = 0;
	for (uint64_t d = c; d; d &= d - 1) {
		int a = (int)(k * 64) + __builtin_ctzll(d);
		if (w->agents[a].present && allocatable(w, ag_free(w, a)))
			m |= d & -d;
	}
	return m;
}

/* The agents of this pass, in pass order. */
static int pass_agents(struct world *w, int all)
{
	int n = 0;
	w->pass_cand = all;
	if (!all) {
		memset(w->pass_set, 0, sizeof *w->pass_set * w->nwords);
		for (int a = 0; a < w->nagents; a++) {
			const struct agent *ag = &w->agents[a];
			if (w->pass_agent[a] && ag->present &&
			    allocatable(w, ag->free)) {
				w->agent_order[n++] = a;
				w->pass_set[a / 64] |= UINT64_C(1) << (a % 64);
			}
			w->pass_agent[a] = 0;
		}
		w->pass_some = 0;
		w->order_ready = 1;
		return n;
	}
	if (w->pass_some) {
		memset(w->pass_agent, 0, (size_t)w->nagents);
		w->pass_some = 0;
	}
	/* The candidates in id order (then shuffled): agents with nothing
	 * allocatable, or away, are left out, as they could offer nothing,
	 * and sleep until resources come back (a candidate sleeps in
	 * neither the heap nor a batch, so clearing its bit is all).  The
	 * set is the candidates' words ANDed with alloc_ok: an agent that
	 * nothing changed costs its bit, and its place in the order.  The
	 * reference mode asks each agent instead, so that the differential
	 * test (tests/test_reference.c) checks alloc_ok too. */
	for (size_t k = 0; k < w->nwords; k++) {
		uint64_t c = w->cand[k], m = c & w->alloc_ok[k];
		if (w->reference)
			m = pass_word_plain(w, k, c);
		else if (w->chk)
			pass_agents_check(w, k, c);
		for (uint64_t d = c & ~m; d && w->opt.explain; d &= d - 1) {
			int a = (int)(k * 64) + __builtin_ctzll(d);
			const resq_t *free = ag_free(w, a);
			if (w->agents[a].present && !res_is_zero(free, w->nres)) {
				char buf[256];
				res_format(&w->sc->res, free, buf, sizeof buf);
				world_explain_of(w, EX_NONE, a, EX_NONE,
						 "agent %s <%s> skipped: below min_allocatable_resources",
						 w->agents[a].name, buf);
			}
		}
		w->cand[k] = m;
		w->pass_set[k] = m;
		w->pass_snap[k] = m;
		w->pass_cum[k] = (uint32_t)n;
		n += pop64(m);
	}
	/* The agents are laid out by rank only if a stage reads enough of
	 * them (pass_rank_agent). */
	w->order_ready = 0;
	return n;
}


/* Appends to a fixed buffer, keeping what fits (narration only). */
struct ex_buf {
	char s[1024];
	size_t n;
};

static void ex_add(struct ex_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void ex_add(struct ex_buf *b, const char *fmt, ...)
{
	if (b->n >= sizeof b->s)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->s + b->n, sizeof b->s - b->n, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->n += (size_t)n;
}

/*
 * The pass's headline: each framework's dominant share, and where a
 * weight divides it, the quotient the sorter compares ("B 0.333/2 =
 * 0.167"): frameworks by their own share over their weight within their
 * role, roles (listed when some role weighs other than 1) by their
 * subtree's share over the role's weight.  Shares of what the frameworks
 * hold now, as pass_prepare will hand them to the sorters.
 */
static void explain_pass(struct world *w)
{
	struct ex_buf b = {.n = 0};
	b.s[0] = '\0';
	for (int i = 0; i < w->nfws; i++) {
		const struct framework *f = &w->fws[i];
		double s = policy_dominant_share(f->allocated, w->total, w->nres);
		ex_add(&b, "%s%s %.3f", i ? ", " : "", f->name, s);
		if (f->weight != 1)
			ex_add(&b, "/%g = %.3f", f->weight, s / f->weight);
		ex_add(&b, " (%u waiting)", f->q_len);
	}
	int weighted = 0;
	for (int r = 0; r < w->nroles; r++)
		weighted |= w->roles[r].weight != 1 && w->roles[r].rs_handle >= 0;
	for (int r = 0, first = 1; weighted && r < w->nroles; r++) {
		const struct role *role = &w->roles[r];
		if (role->rs_handle < 0)
			continue;
		resq_t sub[RES_MAX] = {0};
		for (int i = 0; i < w->nfws; i++)
			for (int q = w->fws[i].role_id; q >= 0; q = w->roles[q].parent)
				if (q == r)
					res_add(sub, w->fws[i].allocated, w->nres);
		double s = policy_dominant_share(sub, w->total, w->nres);
		ex_add(&b, "%srole %s %.3f", first ? "; " : ", ", role->name, s);
		if (role->weight != 1)
			ex_add(&b, "/%g = %.3f", role->weight, s / role->weight);
		first = 0;
	}
	world_explain_of(w, EX_ALL, EX_ALL, EX_NONE, "allocation pass %llu: shares %s",
			 (unsigned long long)w->passes, b.s);
}

static void run_pass(struct world *w, int all)
{
	w->passes++;
	w->passes_idle++;
	if (w->rp.rec)
		replay_pass(w);
	w->last_pass = w->now;
	if (world_explaining(w, EX_ALL, EX_ALL, EX_NONE))
		explain_pass(w);
	cand_refresh(w);
	int nag = pass_agents(w, all);
	if (w->opt.explain && all) {
		int present = 0;
		for (int a = 0; a < w->nagents; a++)
			present += w->agents[a].present;
		if (nag < present)
			world_explain_of(w, EX_ALL, EX_ALL, EX_NONE, "%d of %d agents left out: nothing allocatable, or filtered for every framework that wants offers",
				      present - nag, present);
	}
	if (any_waiting(w) && nag > 0) {
		struct pass_state ps;
		pass_prepare(w, &ps);
		if (ps.any_guarantee)
			pass_stage(w, &ps, nag, 1);
		/* Stage 2 draws an order of its own: Mesos shuffles again to
		 * spread the first stage's effect. */
		pass_stage(w, &ps, nag, 2);
	}
	/* Policies that act without offers (preemption) get their turn when
	 * this pass gave them nothing while they wait. */
	for (int i = 0; i < w->nfws; i++) {
		struct framework *f = &w->fws[i];
		if (f->pol->acts_without_offers && f->q_len > 0 && f->present &&
		    f->last_offer_pass != w->passes)
			fw_act_without_offers(w, i);
		fw_after_pass(w, i);
		/* Offered nothing: the answer will not tell why it waits. */
		if (w->opt.explain && f->q_len > 0 &&
		    f->last_offer_pass != w->passes && f->noutstanding == 0)
			why_waiting(w, i);
	}
	if (w->interval > 0 && any_waiting(w) && !evq_node_queued(&w->tick_ev) &&
	    evq_push(&w->q, &w->tick_ev, w->now + w->interval, EVQ_PHASE_ALLOCATE))
		w->failed = OS_ENOMEM;
}

void master_pass(struct world *w)
{
	run_pass(w, 1);
}

void master_pass_event(struct world *w)
{
	int all = w->pass_all || w->interval == 0;
	w->pass_all = 0;
	run_pass(w, all);
}

void master_offer_timeout(struct world *w, uint32_t id)
{
	struct offer *o = W_OFFER(w, id);
	struct framework *f = &w->fws[o->fw];
	fw_drop_offer(w, o->fw, id);
	world_explain_of(w, o->fw, o->agent, EX_NONE, "offer %llu to %s rescinded after %.3g s unanswered",
		      (unsigned long long)o->number, f->name,
		      simtime_to_sec(w->offer_timeout));
	f->m.rescinded++;
	metrics_offer_done(w, o, "rescinded");
	if (w->rp.rec)
		replay_offer_done(w, o, 'R', 0);
	master_recover(w, o);
	master_offer_free(w, id);
	master_request_pass(w);
}

/* ------------------------------------------------------------------ */
/* Agents that fail (fault.c) and the operator's remove_agent          */

/* Rescind every offer of framework only_fw (any when < 0) made on agent
 * only_agent (any when < 0).  Mesos rescinds a disconnected or removed
 * agent's offers (Master::_markUnreachable, removeSlave) and a
 * disconnected framework's (Master::deactivate). */
static void rescind_offers(struct world *w, int only_fw, int only_agent)
{
	for (int i = 0; i < w->nfws; i++) {
		struct framework *f = &w->fws[i];
		if (only_fw >= 0 && i != only_fw)
			continue;
		uint32_t heads[2] = {f->held_head, f->off_head};
		for (int l = 0; l < 2; l++) {
			uint32_t id = heads[l];
			while (id != POOL_NONE) {
				struct offer *o = W_OFFER(w, id);
				uint32_t next = o->next;
				if (only_agent < 0 || o->agent == only_agent) {
					if (evq_node_queued(&o->timeout_ev))
						evq_cancel(&w->q, &o->timeout_ev);
					fw_drop_offer(w, i, id);
					world_explain(w, "offer %llu to %s rescinded: %s is away",
						      (unsigned long long)o->number,
						      f->name, only_agent >= 0
						      ? w->agents[only_agent].name
						      : f->name);
					f->m.rescinded++;
					metrics_offer_done(w, o, "rescinded");
					master_recover(w, o);
					master_offer_free(w, id);
				}
				id = next;
			}
		}
	}
}

void master_agent_disconnect(struct world *w, int agent)
{
	struct agent *a = &w->agents[agent];
	rescind_offers(w, -1, agent);
	if (a->present) {
		a->present = 0;
		w->nabsent++;
	}
	ok_update(w, agent);
}

void master_agent_remove(struct world *w, int agent)
{
	struct agent *a = &w->agents[agent];
	rescind_offers(w, -1, agent);
	if (a->present) {
		a->present = 0;
		w->nabsent++;
	}
	ok_update(w, agent);
	res_sub(w->total, a->total, w->nres);
	master_total_changed(w);
	/* HierarchicalAllocatorProcess::removeSlave calls removeFilters for
	 * the agent: a framework's filters on it go with it, so the agent
	 * that registers again is offered to everyone. */
	for (int i = 0; i < w->nfws; i++) {
		struct framework *f = &w->fws[i];
		resq_t *row = f->filt + (size_t)agent * FILT_STRIDE(w->nres);
		row[FILT_EXP] = 0;
		if (f->stamp)
			f->stamp[agent / 64] &= ~(UINT64_C(1) << (agent % 64));
	}
}

void master_agent_reregister(struct world *w, int agent, int removed)
{
	struct agent *a = &w->agents[agent];
	if (!a->present) {
		a->present = 1;
		w->nabsent--;
	}
	if (removed) {
		res_add(w->total, a->total, w->nres);
		master_total_changed(w);
	}
	/* addSlave (or reactivation) allocates the agent at once. */
	master_pass_now(w, agent);
}

void master_framework_disconnect(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	rescind_offers(w, fw, -1);
	if (evq_node_queued(&f->response_ev))
		evq_cancel(&w->q, &f->response_ev);
	master_framework_presence(w, fw, 0);
	/* HierarchicalAllocatorProcess::deactivateFramework clears the
	 * framework's offer filters: they are no longer relevant. */
	f->filter_gen++;
	f->filt_any = 0;
	f->exp_len = 0;
	evq_cancel(&w->q, &f->filter_ev);
}

void master_framework_reregister(struct world *w, int fw)
{
	master_framework_presence(w, fw, 1);
	/* addFramework / activateFramework allocate at once. */
	master_pass_now(w, -1);
}
