/*
 * plugin.c - framework policies and allocators from outside: shared
 * objects loaded with dlopen, or structs the embedding program hands to
 * offersim_open().  Both are a struct offersim_policy (the ABI in
 * include/offersim_policy.h).
 *
 * Two adapters turn such a struct into the built-in hook tables: a task
 * policy whose hooks convert the core's task records into the public
 * struct offersim_taskinfo and forward, and an allocator whose order hook
 * copies the role tree's candidates into struct offersim_cand, lets the
 * plug-in permute them and applies the permutation.  The plug-in sees the
 * core only through the host table below, whose calls check what a
 * plug-in passes (a bad offer index or a task that does not fit is
 * refused, not a crash), because a plug-in's mistakes must not abort a
 * run with a BUG meant for the core's own.
 */
#include "plugin.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/offersim_policy.h"
#include "../../policies/policy.h"
#include "../core/diag.h"
#include "../core/err.h"
#include "../core/res.h"
#include "../core/simtime.h"
#include "../config/scenario.h"
#include "world.h"

/* ------------------------------------------------------------------ */
/* Loading and checking                                                 */

int plugin_check(const struct offersim_policy *pol, int kind, char *err,
		 size_t errsize)
{
	if (!pol) {
		snprintf(err, errsize, "no policy given");
		return -1;
	}
	/* The version first: a struct of another version may have another
	 * layout, so nothing after it can be read before it is known. */
	if (pol->abi_version != OFFERSIM_POLICY_ABI) {
		snprintf(err, errsize, "plug-in ABI version %d, but this "
			 "offersim loads version %d (rebuild it against this "
			 "offersim_policy.h)", pol->abi_version,
			 OFFERSIM_POLICY_ABI);
		return -1;
	}
	if (pol->kind != kind) {
		snprintf(err, errsize, "it is %s, not %s",
			 pol->kind == OFFERSIM_POLICY_ALLOCATOR ? "an allocator"
			 : pol->kind == OFFERSIM_POLICY_FRAMEWORK
				 ? "a framework policy" : "of no known kind",
			 kind == OFFERSIM_POLICY_ALLOCATOR ? "an allocator"
							   : "a framework policy");
		return -1;
	}
	if (!pol->name || !*pol->name) {
		snprintf(err, errsize, "its policy has no name");
		return -1;
	}
	for (const char *p = pol->name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-') ||
		    p - pol->name >= 64) {
			snprintf(err, errsize, "its name must be at most 64 "
				 "letters, digits, '_' or '-'");
			return -1;
		}
	if (kind == OFFERSIM_POLICY_FRAMEWORK && !pol->schedule) {
		snprintf(err, errsize, "policy '%s' has no schedule hook",
			 pol->name);
		return -1;
	}
	if (kind == OFFERSIM_POLICY_ALLOCATOR && !pol->order) {
		snprintf(err, errsize, "allocator '%s' has no order hook",
			 pol->name);
		return -1;
	}
	return 0;
}

int plugin_open(const char *path, int kind, void **handle,
		const struct offersim_policy **pol, char *err, size_t errsize)
{
	*handle = NULL;
	*pol = NULL;
	/* RTLD_LOCAL: two plug-ins may use the same names inside. */
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *why = dlerror();
		snprintf(err, errsize, "%s", why ? why : "cannot load it");
		return -1;
	}
	dlerror();
	const struct offersim_policy *p = dlsym(h, "offersim_policy");
	const char *why = dlerror();
	if (why || !p) {
		snprintf(err, errsize, "it exports no symbol 'offersim_policy' "
			 "(a const struct offersim_policy)");
		dlclose(h);
		return -1;
	}
	if (plugin_check(p, kind, err, errsize)) {
		dlclose(h);
		return -1;
	}
	*handle = h;
	*pol = p;
	return 0;
}

void plugin_close(void *handle)
{
	if (handle)
		dlclose(handle);
}

int plugin_resolve(struct world *w, const struct policy_ref *ref,
		   const char *name, int kind, const struct src_pos *pos,
		   void **handle, const struct offersim_policy **pol)
{
	char err[512];
	*handle = NULL;
	*pol = NULL;
	if (ref->so) {
		if (plugin_open(ref->so, kind, handle, pol, err, sizeof err)) {
			diag_error(w->diag, w->sc->file, pos->line, pos->col,
				   "cannot load plug-in '%s': %s", ref->so, err);
			return OS_EINVAL;
		}
		return 0;
	}
	for (int i = 0; i < w->opt.nhost_policies; i++) {
		const struct offersim_policy *p = w->opt.host_policies[i];
		/* The version first: name may not be where this build
		 * expects it in a struct of another version. */
		if (p && p->abi_version == OFFERSIM_POLICY_ABI && p->name &&
		    strcmp(p->name, name) == 0) {
			if (plugin_check(p, kind, err, sizeof err)) {
				diag_error(w->diag, w->sc->file, pos->line,
					   pos->col, "host policy '%s': %s",
					   name, err);
				return OS_EINVAL;
			}
			*pol = p;
			return 0;
		}
	}
	diag_error(w->diag, w->sc->file, pos->line, pos->col,
		   "no host policy named '%s': the program running this "
		   "scenario supplies %d (a scenario with {host: NAME} runs "
		   "only through the library, offersim_open())", name,
		   w->opt.nhost_policies);
	return OS_EINVAL;
}

/* ------------------------------------------------------------------ */
/* The host table                                                     */

static const struct policy_params *P(const struct offersim_params *p)
{
	return (const struct policy_params *)p;
}

static struct sched_ctx *C(const struct offersim_sched *c)
{
	return (struct sched_ctx *)c;
}

static const struct ptask *T(const struct offersim_qtask *t)
{
	return (const struct ptask *)t;
}

static const struct offersim_qtask *Q(const struct ptask *t)
{
	return (const struct offersim_qtask *)t;
}

static double h_param_double(const struct offersim_params *p,
			     const char *key, double def)
{
	return key ? pp_double(P(p), key, def) : def;
}

static long h_param_long(const struct offersim_params *p, const char *key,
			 long def)
{
	return key ? pp_long(P(p), key, def) : def;
}

static int h_param_bool(const struct offersim_params *p, const char *key,
			int def)
{
	return key ? pp_bool(P(p), key, def) : def;
}

static const char *h_param_string(const struct offersim_params *p,
				  const char *key, const char *def)
{
	return key ? pp_string(P(p), key, def) : def;
}

static uint64_t h_param_seed(const struct offersim_params *p)
{
	return P(p)->seed;
}

static const char *h_param_owner(const struct offersim_params *p)
{
	return P(p)->owner;
}

static void h_param_error(const struct offersim_params *p, const char *msg)
{
	const struct policy_params *pp = P(p);
	/* A message of the plug-in's, quoted as the reader quotes a bad
	 * field: a bounded length. */
	diag_error(pp->diag, pp->file, pp->line, pp->col, "policy '%s' of %s: "
		   "%.200s", ((const struct offersim_policy *)pp->plugin)->name,
		   pp->owner, msg ? msg : "error");
}

static double h_now(const struct offersim_sched *c)
{
	return simtime_to_sec(sched_now(C(c)));
}

static int h_nres(const struct offersim_sched *c)
{
	return sched_nres(C(c));
}

static const char *h_res_name(const struct offersim_sched *c, int r)
{
	return sched_res_name(C(c), r);
}

static int h_noffers(const struct offersim_sched *c)
{
	return sched_noffers(C(c));
}

static int offer_ok(const struct offersim_sched *c, int i)
{
	return i >= 0 && i < sched_noffers(C(c));
}

static int h_offer_agent(const struct offersim_sched *c, int i)
{
	return offer_ok(c, i) ? sched_offer_agent(C(c), i) : -1;
}

static void to_units(const resq_t *v, int nres, double *out)
{
	for (int r = 0; r < nres; r++)
		out[r] = (double)v[r] / RES_SCALE;
}

static void h_offer_free(const struct offersim_sched *c, int i, double *out)
{
	int nres = sched_nres(C(c));
	if (!offer_ok(c, i)) {
		memset(out, 0, sizeof *out * (size_t)nres);
		return;
	}
	to_units(sched_offer_free(C(c), i), nres, out);
}

static void h_agent_total(const struct offersim_sched *c, int agent,
			  double *out)
{
	int nres = sched_nres(C(c));
	int ok = 0;
	/* Only agents the framework holds an offer of: a plug-in is not
	 * told of the rest of the cluster, as a Mesos framework is not. */
	for (int i = 0; i < sched_noffers(C(c)) && !ok; i++)
		ok = sched_offer_agent(C(c), i) == agent;
	if (!ok) {
		memset(out, 0, sizeof *out * (size_t)nres);
		return;
	}
	to_units(sched_agent_total(C(c), agent), nres, out);
}

static const struct offersim_qtask *h_first(struct offersim_sched *c)
{
	return Q(sched_first(C(c)));
}

static const struct offersim_qtask *h_next(struct offersim_sched *c,
					   const struct offersim_qtask *t)
{
	return t ? Q(sched_next(C(c), T(t))) : NULL;
}

static const struct offersim_qtask *h_running_first(struct offersim_sched *c)
{
	return Q(sched_running_first(C(c)));
}

static const struct offersim_qtask *h_running_next(
	struct offersim_sched *c, const struct offersim_qtask *t)
{
	return t ? Q(sched_running_next(C(c), T(t))) : NULL;
}

static void fill_task(const struct ptask *p, struct offersim_taskinfo *out,
		      int running)
{
	memset(out, 0, sizeof *out);
	out->id = p->id;
	out->job_id = p->job_id;
	out->task_id = p->task_id;
	out->submit = simtime_to_sec(p->submit);
	out->estimate = simtime_to_sec(p->estimate);
	out->remaining = simtime_to_sec(policy_est_left(p));
	out->priority = p->priority;
	out->procs = p->procs;
	out->preemptions = p->preemptions;
	out->start = running ? simtime_to_sec(p->start) : 0;
	out->agent = running ? p->agent : -1;
}

static void h_task(const struct offersim_qtask *t, struct offersim_taskinfo *out)
{
	if (!t) {
		memset(out, 0, sizeof *out);
		out->agent = -1;
		return;
	}
	/* start and agent are kept for running tasks only; a waiting task
	 * has agent -1 in the record as well. */
	fill_task(T(t), out, T(t)->agent >= 0);
}

static void h_demand(struct offersim_sched *c, const struct offersim_qtask *t,
		     double *out)
{
	int nres = sched_nres(C(c));
	if (!t) {
		memset(out, 0, sizeof *out * (size_t)nres);
		return;
	}
	to_units(T(t)->res, nres, out);
}

static int h_place(struct offersim_sched *c, const struct offersim_qtask *t)
{
	return t ? sched_place(C(c), T(t)) : -1;
}

static int h_launch(struct offersim_sched *c, const struct offersim_qtask *t,
		    int i)
{
	return sched_try_launch(C(c), T(t), i) ? -1 : 0;
}

static int h_exhausted(const struct offersim_sched *c)
{
	return sched_exhausted(C(c));
}

static void h_walk(struct offersim_sched *c, int walk)
{
	switch (walk) {
	case OFFERSIM_WALK_STRICT:
		policy_backfill(C(c), BACKFILL_NONE);
		break;
	case OFFERSIM_WALK_EASY:
		policy_backfill(C(c), BACKFILL_EASY);
		break;
	case OFFERSIM_WALK_CONSERVATIVE:
		policy_backfill(C(c), BACKFILL_CONSERVATIVE);
		break;
	default:
		policy_launch_in_order(C(c), 0);
		break;
	}
}

static const struct offersim_host host = {
	.abi_version = OFFERSIM_POLICY_ABI,
	.param_double = h_param_double,
	.param_long = h_param_long,
	.param_bool = h_param_bool,
	.param_string = h_param_string,
	.param_seed = h_param_seed,
	.param_owner = h_param_owner,
	.param_error = h_param_error,
	.now = h_now,
	.nres = h_nres,
	.res_name = h_res_name,
	.noffers = h_noffers,
	.offer_agent = h_offer_agent,
	.offer_free = h_offer_free,
	.agent_total = h_agent_total,
	.first = h_first,
	.next = h_next,
	.running_first = h_running_first,
	.running_next = h_running_next,
	.task = h_task,
	.demand = h_demand,
	.place = h_place,
	.launch = h_launch,
	.exhausted = h_exhausted,
	.walk = h_walk,
};

/* ------------------------------------------------------------------ */
/* Framework policy adapter                                             */

/* One instance of a plug-in: what both adapters keep first. */
struct plug_inst {
	const struct offersim_policy *pol;
	void *ust;                 /* the plug-in's state_size bytes */
	int inited;                /* its init returned 0 */
};

/* Give the instance its state and run the plug-in's init; 0, or an error
 * already reported (a plug-in that fails without saying why still stops
 * the run with a message). */
static int inst_init(struct plug_inst *s, const struct policy_params *p)
{
	s->pol = p->plugin;
	s->ust = calloc(1, s->pol->state_size ? s->pol->state_size : 1);
	if (!s->ust)
		return OS_ENOMEM;
	if (s->pol->init &&
	    s->pol->init(s->ust, &host, (const struct offersim_params *)p) < 0) {
		if (!diag_errors(p->diag))
			h_param_error((const struct offersim_params *)p,
				      "init failed");
		/* Freed here: the role tree releases only instances whose
		 * init succeeded. */
		free(s->ust);
		s->ust = NULL;
		return OS_EINVAL;
	}
	s->inited = 1;
	return 0;
}

/* The plug-in's release (if its init succeeded) and its state. */
static void inst_release(struct plug_inst *s)
{
	if (s->inited && s->pol->release)
		s->pol->release(s->ust);
	free(s->ust);
	s->ust = NULL;
	s->inited = 0;
}

struct task_inst {
	struct plug_inst in;
};

static int ta_init(void *st, const struct policy_params *p)
{
	return inst_init(&((struct task_inst *)st)->in, p);
}

static void ta_release(void *st)
{
	inst_release(&((struct task_inst *)st)->in);
}

static double ta_key(void *st, const struct ptask *t, simtime_t now)
{
	struct task_inst *s = st;
	struct offersim_taskinfo v;
	fill_task(t, &v, 0);
	return s->in.pol->key(s->in.ust, &v, s->in.pol->key_static ? 0 : simtime_to_sec(now));
}

static int ta_key_static(void *st)
{
	const struct task_inst *s = st;
	return s->in.pol->key_static != 0;
}

static void ta_schedule(void *st, struct sched_ctx *c)
{
	struct task_inst *s = st;
	s->in.pol->schedule(s->in.ust, &host, (struct offersim_sched *)c);
}

/* Two tables, as the core tells a keyed order from submit order by
 * whether key is set. */
static const struct task_policy plugin_task_adapter = {
	.name = "plugin",
	.summary = "a policy from a shared object or the host program",
	.state_size = sizeof(struct task_inst),
	.init = ta_init,
	.release = ta_release,
	.key = ta_key,
	.key_static = ta_key_static,
	.schedule = ta_schedule,
};

static const struct task_policy plugin_task_adapter_fifo = {
	.name = "plugin",
	.summary = "a policy from a shared object or the host program",
	.state_size = sizeof(struct task_inst),
	.init = ta_init,
	.release = ta_release,
	.schedule = ta_schedule,
};

const struct task_policy *plugin_task_for(const struct offersim_policy *pol)
{
	return pol->key ? &plugin_task_adapter : &plugin_task_adapter_fifo;
}

/* ------------------------------------------------------------------ */
/* Allocator adapter                                                    */

struct alloc_inst {
	struct plug_inst in;
	struct diag *diag;
	const char *file;
	int line, col, warned;
	/* Scratch for one order call, grown as needed. */
	struct offersim_cand *cv;
	struct alloc_cand *tmp;
	double *allocv;
	double totalv[RES_MAX];
	unsigned char *seen;
	int cap, cap_nres;
};

static int aa_init(void *st, const struct policy_params *p, const char *sorter)
{
	(void)sorter;
	struct alloc_inst *s = st;
	s->diag = p->diag;
	s->file = p->file;
	s->line = p->line;
	s->col = p->col;
	return inst_init(&s->in, p);
}

static void aa_release(void *st)
{
	struct alloc_inst *s = st;
	inst_release(&s->in);
	free(s->cv);
	free(s->tmp);
	free(s->allocv);
	free(s->seen);
}

static int aa_grow(struct alloc_inst *s, int n, int nres)
{
	if (n <= s->cap && nres <= s->cap_nres)
		return 0;
	int cap = n > s->cap ? n : s->cap;
	int cn = nres > s->cap_nres ? nres : s->cap_nres;
	struct offersim_cand *cv = realloc(s->cv, sizeof *cv * (size_t)cap);
	if (cv)
		s->cv = cv;
	struct alloc_cand *tmp = realloc(s->tmp, sizeof *tmp * (size_t)cap);
	if (tmp)
		s->tmp = tmp;
	double *av = realloc(s->allocv, sizeof *av * (size_t)cap *
			     (size_t)(cn ? cn : 1));
	if (av)
		s->allocv = av;
	unsigned char *seen = realloc(s->seen, (size_t)cap);
	if (seen)
		s->seen = seen;
	if (!cv || !tmp || !av || !seen)
		return -1;
	s->cap = cap;
	s->cap_nres = cn;
	return 0;
}

static void aa_order(void *st, const struct alloc_level *lv,
		     struct alloc_cand *c, int n)
{
	struct alloc_inst *s = st;
	int nres = lv->nres;
	/* Out of memory: the order stays as presented (tree order), which
	 * is a valid order; the run goes on. */
	if (aa_grow(s, n, nres))
		return;
	for (int i = 0; i < n; i++) {
		double *a = s->allocv + (size_t)i * (size_t)nres;
		to_units(c[i].alloc, nres, a);
		s->cv[i] = (struct offersim_cand){
			.path = c[i].path, .weight = c[i].weight, .alloc = a,
			.count = c[i].count, .self = c[i].self, .index = i,
		};
	}
	to_units(lv->total, nres, s->totalv);
	struct offersim_level ol = {
		.sorter = lv->sorter, .depth = lv->depth,
		.total = s->totalv, .nres = nres,
	};
	s->in.pol->order(s->in.ust, &ol, s->cv, n);
	/* Apply the plug-in's permutation only if it is one. */
	memset(s->seen, 0, (size_t)n);
	for (int i = 0; i < n; i++) {
		int k = s->cv[i].index;
		if (k < 0 || k >= n || s->seen[k]) {
			if (!s->warned)
				diag_warn(s->diag, s->file, s->line, s->col,
					     "allocator '%s' returned an order "
					     "that is not a permutation of its "
					     "candidates; the tree's order is "
					     "kept where it does", s->in.pol->name);
			s->warned = 1;
			return;
		}
		s->seen[k] = 1;
	}
	for (int i = 0; i < n; i++)
		s->tmp[i] = c[s->cv[i].index];
	memcpy(c, s->tmp, sizeof *c * (size_t)n);
}

const struct alloc_policy plugin_alloc_adapter = {
	.name = "plugin",
	.summary = "an allocator from a shared object or the host program",
	.state_size = sizeof(struct alloc_inst),
	.scope = ALLOC_EACH_LEVEL,
	/* A plug-in may keep state that changes: the tree must ask it at
	 * every sort. */
	.pure = 0,
	.init = aa_init,
	.release = aa_release,
	.order = aa_order,
};
