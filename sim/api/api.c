/*
 * api.c - the public C API (include/offersim.h) over the config reader
 * and the engine's stepped run.
 *
 * It lives in its own room, sim/api/, because it sits above both
 * sim/config and sim/model and neither may know it; the tools in sim/cli
 * do not use it (they drive the same engine calls directly), so the
 * library's public face can change without touching them.
 *
 * A simulation owns its scenario, its diagnostics and the engine's struct
 * sim; the engine and the reader keep no global state, which is what
 * makes several simulations in one process independent.  Diagnostics are
 * caught through the diag sink (sim/core/diag.h) and stored as formatted
 * lines; nothing is printed.
 *
 * Answers by the host (the header's last section) stop the stepping calls
 * before a host-answered framework's answer event, peeked at through
 * sim_next_response; the answer itself then runs inside the engine
 * through the framework's host_answer hook (host_answer below), which
 * starts the tasks the program named, so a decision costs the program
 * nothing but the calls it makes.
 */
#include "../../include/offersim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../config/config.h"
#include "../config/scenario.h"
#include "../core/diag.h"
#include "../core/err.h"
#include "../core/res.h"
#include "../model/engine.h"
#include "../model/framework.h"
#include "../model/world.h"

_Static_assert(OFFERSIM_RES_MAX == RES_MAX, "resource vector size");
_Static_assert(OFFERSIM_ENOMEM == OS_ENOMEM && OFFERSIM_EINVAL == OS_EINVAL &&
	       OFFERSIM_EIO == OS_EIO && OFFERSIM_EPARSE == OS_EPARSE &&
	       OFFERSIM_ENOENT == OS_ENOENT, "error codes");

struct api_diag {
	struct offersim_diag pub;
	char *file, *message, *text;
};

/* A task named for the next answer of a framework the host answers. */
struct api_pick {
	uint32_t slot;
	int64_t job_id, task_id;  /* a slot is reused: check it is the same */
	int flags;
};

/* One framework answered by the host (offersim_host_answers). */
struct api_host {
	int on;
	struct api_pick *pick;    /* named for the next answer, in order */
	int npick, cap;
	struct api_pick wait;     /* the committed task, when has_wait */
	int has_wait;
	uint64_t launched;
};

struct offersim {
	struct scenario sc;
	int loaded;               /* sc holds a scenario to release */
	struct diag d;
	struct sim_options opt;
	char *outdir;
	struct sim *run;          /* NULL after a failed load */
	struct api_diag *diags;
	int ndiags, cap;
	int oom;                  /* a diagnostic could not be kept */
	struct api_host *host;    /* [nhost] once a framework is host-answered */
	int nhost;
	int decision;             /* framework whose decision is due, or -1 */
	/* The stop at a decision point happens once per answer: stepping
	 * again with the same count of events handled runs that answer. */
	uint64_t asked_at;
	int asked_fw;
};

int offersim_api_version(void)
{
	return OFFERSIM_API_VERSION;
}

static char *dup_str(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

static void keep_diag(void *ctx, const char *kind, const char *file,
		      int line, int col, const char *msg)
{
	struct offersim *s = ctx;
	if (s->ndiags == s->cap) {
		int cap = s->cap ? 2 * s->cap : 8;
		struct api_diag *v = realloc(s->diags, (size_t)cap * sizeof *v);
		if (!v) {
			s->oom = 1;
			return;
		}
		s->diags = v;
		s->cap = cap;
	}
	/* The line the command line prints: file:line:col: kind: msg, a note
	 * indented under the message it continues. */
	char head[64] = "";
	if (line > 0 && col > 0)
		snprintf(head, sizeof head, ":%d:%d", line, col);
	else if (line > 0)
		snprintf(head, sizeof head, ":%d", line);
	const char *f = file ? file : "offersim";
	size_t n = strlen(f) + strlen(head) + strlen(kind) + strlen(msg) + 8;
	char *text = malloc(n);
	struct api_diag *a = &s->diags[s->ndiags];
	a->file = dup_str(file);
	a->message = dup_str(msg);
	a->text = text;
	if (!text || !a->message || (file && !a->file)) {
		free(a->file);
		free(a->message);
		free(text);
		s->oom = 1;
		return;
	}
	if (strcmp(kind, "note") == 0)
		snprintf(text, n, "  note: %s", msg);
	else
		snprintf(text, n, "%s%s: %s: %s", f, head, kind, msg);
	a->pub.kind = strcmp(kind, "error") == 0 ? OFFERSIM_ERROR
		    : strcmp(kind, "warning") == 0 ? OFFERSIM_WARNING
		    : OFFERSIM_NOTE;
	a->pub.file = a->file;
	a->pub.line = line;
	a->pub.col = col;
	a->pub.message = a->message;
	a->pub.text = a->text;
	s->ndiags++;
}

static int open_common(struct offersim **out, const char *path,
		       const char *text,
		       const struct offersim_override *overrides,
		       int noverrides, const char *outdir,
		       const struct offersim_policy *const *policies,
		       int npolicies)
{
	*out = NULL;
	if (!path || noverrides < 0 || (noverrides > 0 && !overrides) ||
	    npolicies < 0 || (npolicies > 0 && !policies))
		return OFFERSIM_EINVAL;
	struct offersim *s = calloc(1, sizeof *s);
	if (!s)
		return OFFERSIM_ENOMEM;
	*out = s;
	s->decision = -1;
	s->asked_fw = -1;
	diag_init(&s->d, NULL);
	s->d.sink = keep_diag;
	s->d.sink_ctx = s;
	s->opt.quiet = 1;
	s->opt.host_policies = policies;
	s->opt.nhost_policies = npolicies;
	if (outdir && !(s->outdir = dup_str(outdir)))
		return OFFERSIM_ENOMEM;
	s->opt.outdir = s->outdir;

	struct cfg_override *ov = NULL;
	if (noverrides > 0) {
		ov = calloc((size_t)noverrides, sizeof *ov);
		if (!ov)
			return OFFERSIM_ENOMEM;
		for (int i = 0; i < noverrides; i++) {
			ov[i].path = overrides[i].key;
			ov[i].value = overrides[i].value;
		}
	}
	int rc = text ? cfg_load_string(path, text, ov, noverrides, &s->sc, &s->d)
		      : cfg_load(path, ov, noverrides, &s->sc, &s->d);
	free(ov);
	if (rc == 0 && diag_errors(&s->d))
		rc = OS_EPARSE;
	if (rc)
		return rc;
	s->loaded = 1;
	rc = sim_start(&s->sc, &s->opt, &s->d, &s->run);
	/* Input the reader cannot judge (a policy's options, a host
	 * policy's name) is checked as the run starts: an error there is
	 * bad input like any other. */
	if ((rc == 0 || rc == OS_EINVAL) && diag_errors(&s->d))
		rc = OS_EPARSE;
	if (rc) {
		sim_free(s->run);
		s->run = NULL;
	}
	return rc;
}

int offersim_open_file(struct offersim **out, const char *path,
		       const struct offersim_override *overrides,
		       int noverrides, const char *outdir)
{
	return open_common(out, path, NULL, overrides, noverrides, outdir,
			   NULL, 0);
}

int offersim_open_string(struct offersim **out, const char *name,
			 const char *text,
			 const struct offersim_override *overrides,
			 int noverrides, const char *outdir)
{
	if (!text) {
		*out = NULL;
		return OFFERSIM_EINVAL;
	}
	return open_common(out, name, text, overrides, noverrides, outdir,
			   NULL, 0);
}

int offersim_open(struct offersim **out, const struct offersim_open_args *a)
{
	if (!out)
		return OFFERSIM_EINVAL;
	*out = NULL;
	if (!a)
		return OFFERSIM_EINVAL;
	return open_common(out, a->path, a->text, a->overrides, a->noverrides,
			   a->outdir, a->policies, a->npolicies);
}

void offersim_free(struct offersim *s)
{
	if (!s)
		return;
	sim_free(s->run);
	if (s->loaded)
		scenario_release(&s->sc);
	for (int i = 0; i < s->ndiags; i++) {
		free(s->diags[i].file);
		free(s->diags[i].message);
		free(s->diags[i].text);
	}
	free(s->diags);
	free(s->outdir);
	if (s->host)
		for (int i = 0; i < s->nhost; i++)
			free(s->host[i].pick);
	free(s->host);
	free(s);
}

int offersim_ndiags(const struct offersim *s)
{
	return s ? s->ndiags : 0;
}

const struct offersim_diag *offersim_diag(const struct offersim *s, int i)
{
	if (!s || i < 0 || i >= s->ndiags)
		return NULL;
	return &s->diags[i].pub;
}

int offersim_nerrors(const struct offersim *s)
{
	return s ? diag_errors(&s->d) : 0;
}

/* ---- Stepping ---------------------------------------------------- */

/* Is the next event an answer the host must decide first?  Then note
 * it and say so; the next call with nothing handled in between runs it. */
static int decision_due(struct offersim *s)
{
	s->decision = -1;
	if (!s->host)
		return 0;
	int fw = sim_next_response(s->run);
	if (fw < 0 || !s->host[fw].on || s->host[fw].has_wait)
		return 0;
	const struct world *w = sim_world(s->run);
	if (w->fws[fw].q_len == 0)
		return 0;
	if (s->asked_fw == fw && s->asked_at == w->events)
		return 0;
	s->asked_fw = fw;
	s->asked_at = w->events;
	s->decision = fw;
	return 1;
}

/* One event, or the stop before it. */
static int api_step(struct offersim *s)
{
	if (decision_due(s))
		return OFFERSIM_DECIDE;
	return sim_step(s->run);
}

int offersim_step_event(struct offersim *s)
{
	if (!s || !s->run)
		return OFFERSIM_ESTATE;
	return api_step(s);
}

int offersim_step_pass(struct offersim *s)
{
	if (!s || !s->run)
		return OFFERSIM_ESTATE;
	int rc;
	while ((rc = api_step(s)) == 1) {
		int k = sim_last_kind(s->run);
		if (k == EV_TICK || k == EV_PASS)
			return sim_done(s->run) ? 0 : 1;
	}
	return rc;
}

int offersim_run_until(struct offersim *s, double t)
{
	if (!s || !s->run)
		return OFFERSIM_ESTATE;
	simtime_t until = simtime_from_sec(t);
	while (!sim_done(s->run)) {
		simtime_t next = sim_peek_time(s->run);
		if (next != SIMTIME_NEVER && next > until)
			return 1;
		int rc = api_step(s);
		if (rc != 1)
			return rc;
	}
	return 0;
}

int offersim_done(const struct offersim *s)
{
	return !s || !s->run || sim_done(s->run);
}

int offersim_finish(struct offersim *s)
{
	if (!s || !s->run)
		return OFFERSIM_ESTATE;
	s->decision = -1;
	return sim_finish(s->run);
}

int offersim_run(struct offersim *s)
{
	return offersim_finish(s);
}

/* ---- State ------------------------------------------------------- */

static const struct world *W(const struct offersim *s)
{
	return s && s->run ? sim_world(s->run) : NULL;
}

double offersim_now(const struct offersim *s)
{
	const struct world *w = W(s);
	return w ? simtime_to_sec(w->now) : 0;
}

uint64_t offersim_events(const struct offersim *s)
{
	const struct world *w = W(s);
	return w ? w->events : 0;
}

int offersim_nres(const struct offersim *s)
{
	return s && s->loaded ? s->sc.res.n : 0;
}

const char *offersim_res_name(const struct offersim *s, int r)
{
	if (!s || !s->loaded || r < 0 || r >= s->sc.res.n)
		return NULL;
	return s->sc.res.name[r];
}

int offersim_nagents(const struct offersim *s)
{
	const struct world *w = W(s);
	return w ? w->nagents : 0;
}

/* Call fn on every offer a framework holds: outstanding, then held. */
static void each_offer(const struct world *w, int fw,
		       void (*fn)(const struct world *, const struct offer *,
				  void *), void *ctx)
{
	const struct framework *f = &w->fws[fw];
	for (uint32_t id = f->off_head; id != POOL_NONE;) {
		const struct offer *o = W_OFFER(w, id);
		fn(w, o, ctx);
		id = o->next;
	}
	for (uint32_t id = f->held_head; id != POOL_NONE;) {
		const struct offer *o = W_OFFER(w, id);
		fn(w, o, ctx);
		id = o->next;
	}
}

struct agent_sum {
	int agent;
	resq_t offered[RES_MAX];
};

static void add_offered(const struct world *w, const struct offer *o,
			void *ctx)
{
	struct agent_sum *a = ctx;
	if (o->agent == a->agent)
		res_add(a->offered, o->res, w->nres);
}

int offersim_agent(const struct offersim *s, int i,
		   struct offersim_agent *out)
{
	const struct world *w = W(s);
	if (!w || !out || i < 0 || i >= w->nagents)
		return OFFERSIM_EINVAL;
	const struct agent *a = &w->agents[i];
	struct agent_sum sum = {.agent = i};
	for (int f = 0; f < w->nfws; f++)
		each_offer(w, f, add_offered, &sum);
	memset(out, 0, sizeof *out);
	out->name = a->name;
	out->present = a->present;
	out->running = w->arunning[i];
	for (int r = 0; r < w->nres; r++) {
		resq_t used = a->total[r] - a->free[r] - sum.offered[r];
		out->total[r] = resq_to_double(a->total[r]);
		out->free[r] = resq_to_double(a->free[r]);
		out->offered[r] = resq_to_double(sum.offered[r]);
		out->used[r] = resq_to_double(used);
	}
	return 0;
}

int offersim_nframeworks(const struct offersim *s)
{
	const struct world *w = W(s);
	return w ? w->nfws : 0;
}

int offersim_framework(const struct offersim *s, int i,
		       struct offersim_framework *out)
{
	const struct world *w = W(s);
	if (!w || !out || i < 0 || i >= w->nfws)
		return OFFERSIM_EINVAL;
	const struct framework *f = &w->fws[i];
	memset(out, 0, sizeof *out);
	out->name = f->name;
	out->role = f->role;
	out->queued = (int)f->q_len;
	out->running = f->running;
	out->offers = (int)(f->noutstanding + f->nheld);
	out->share = res_dominant_share(f->allocated, w->total, w->nres);
	for (int r = 0; r < w->nres; r++)
		out->used[r] = resq_to_double(f->used[r]);
	out->submitted = f->m.submitted;
	out->launched = f->m.launched;
	out->finished = f->m.finished;
	out->rejected = f->m.rejected;
	return 0;
}

int offersim_running_tasks(const struct offersim *s,
			   struct offersim_task *out, int cap)
{
	const struct world *w = W(s);
	if (!w || cap < 0 || (cap > 0 && !out))
		return OFFERSIM_EINVAL;
	int n = 0;
	for (int fw = 0; fw < w->nfws; fw++) {
		for (uint32_t id = w->fws[fw].run_head; id != POOL_NONE;) {
			const struct task *t = W_TASK(w, id);
			if (n < cap) {
				struct offersim_task *o = &out[n];
				memset(o, 0, sizeof *o);
				o->job_id = t->pt.job_id;
				o->task_id = t->pt.task_id;
				o->framework = t->fw;
				o->agent = t->agent;
				o->submit = simtime_to_sec(t->pt.submit);
				o->start = simtime_to_sec(t->pt.start);
				for (int r = 0; r < w->nres; r++)
					o->res[r] = resq_to_double(t->res[r]);
			}
			n++;
			id = t->run_next;
		}
	}
	return n;
}

struct offer_fill {
	struct offersim_offer *out;
	int cap, n;
};

static void fill_offer(const struct world *w, const struct offer *o,
		       void *ctx)
{
	struct offer_fill *f = ctx;
	if (f->n < f->cap) {
		struct offersim_offer *p = &f->out[f->n];
		memset(p, 0, sizeof *p);
		p->number = o->number;
		p->framework = o->fw;
		p->agent = o->agent;
		p->made = simtime_to_sec(o->made);
		p->due = simtime_to_sec(o->due);
		for (int r = 0; r < w->nres; r++)
			p->res[r] = resq_to_double(o->res[r]);
	}
	f->n++;
}

int offersim_pending_offers(const struct offersim *s,
			    struct offersim_offer *out, int cap)
{
	const struct world *w = W(s);
	if (!w || cap < 0 || (cap > 0 && !out))
		return OFFERSIM_EINVAL;
	struct offer_fill f = {.out = out, .cap = cap};
	for (int fw = 0; fw < w->nfws; fw++)
		each_offer(w, fw, fill_offer, &f);
	return f.n;
}

int offersim_summary(const struct offersim *s, struct offersim_summary *out)
{
	const struct world *w = W(s);
	if (!w || !out)
		return OFFERSIM_EINVAL;
	memset(out, 0, sizeof *out);
	out->now = simtime_to_sec(w->now);
	out->events = w->events;
	double wait = 0, resp = 0;
	uint64_t nwait = 0, nresp = 0;
	for (int i = 0; i < w->nfws; i++) {
		const struct fw_metrics *m = &w->fws[i].m;
		out->submitted += m->submitted;
		out->launched += m->launched;
		out->finished += m->finished;
		out->rejected += m->rejected;
		out->offers += m->offers;
		out->accepted += m->accepted;
		out->declined += m->declined;
		out->rescinded += m->rescinded;
		out->jobs_submitted += m->jobs_submitted;
		out->jobs_finished += m->jobs_finished;
		wait += m->wait.sum;
		nwait += m->wait.count;
		resp += m->response.sum;
		nresp += m->response.count;
	}
	out->mean_wait = nwait ? wait / (double)nwait : 0;
	out->mean_response = nresp ? resp / (double)nresp : 0;
	return 0;
}

const char *offersim_outdir(const struct offersim *s)
{
	if (!s || !s->run)
		return NULL;
	return s->outdir ? s->outdir : s->sc.output;
}

/* ---- Answers by the host ------------------------------------------ */

/* The task a pick names, if it still waits in framework fw. */
static const struct ptask *picked_task(const struct world *w, int fw,
				       const struct api_pick *p)
{
	if (p->slot >= w->tasks.next_fresh)
		return NULL;
	const struct task *t = W_TASK(w, p->slot);
	if (t->state != TASK_WAITING || t->fw != fw ||
	    t->pt.job_id != p->job_id || t->pt.task_id != p->task_id)
		return NULL;
	return &t->pt;
}

/* The framework's answer, in place of its policy's schedule hook: the
 * committed task first, then the tasks named since the last answer. */
static void host_answer(void *ctx, int fw, struct sched_ctx *c)
{
	struct offersim *s = ctx;
	struct api_host *h = &s->host[fw];
	const struct world *w = sim_world(s->run);
	int npick = h->npick;
	h->npick = 0;
	if (h->has_wait) {
		const struct ptask *pt = picked_task(w, fw, &h->wait);
		if (pt) {
			int i = sched_place(c, pt);
			if (i < 0)
				return;   /* the cluster waits for it */
			sched_launch(c, pt, i);
			h->launched++;
		}
		h->has_wait = 0;
	}
	for (int k = 0; k < npick; k++) {
		const struct ptask *pt = picked_task(w, fw, &h->pick[k]);
		if (!pt)
			continue;
		int i = sched_place(c, pt);
		if (i < 0) {
			if (h->pick[k].flags & OFFERSIM_LAUNCH_WAIT) {
				h->wait = h->pick[k];
				h->has_wait = 1;
				return;
			}
			continue;
		}
		sched_launch(c, pt, i);
		h->launched++;
	}
}

int offersim_host_answers(struct offersim *s, int fw, int on)
{
	if (!s || !s->run)
		return OFFERSIM_ESTATE;
	const struct world *w = sim_world(s->run);
	if (fw < 0 || fw >= w->nfws)
		return OFFERSIM_EINVAL;
	if (!s->host) {
		s->host = calloc((size_t)w->nfws, sizeof *s->host);
		if (!s->host)
			return OFFERSIM_ENOMEM;
		s->nhost = w->nfws;
	}
	struct api_host *h = &s->host[fw];
	h->on = on != 0;
	h->npick = 0;
	h->has_wait = 0;
	if (sim_set_host_answer(s->run, fw, h->on ? host_answer : NULL,
				h->on ? s : NULL))
		return OFFERSIM_EINVAL;
	return 0;
}

int offersim_decision(const struct offersim *s)
{
	return s && s->run ? s->decision : -1;
}

static void fill_waiting(const struct world *w, uint32_t id,
			 struct offersim_waiting *o)
{
	const struct task *t = W_TASK(w, id);
	memset(o, 0, sizeof *o);
	o->slot = id;
	o->job_id = t->pt.job_id;
	o->task_id = t->pt.task_id;
	o->submit = simtime_to_sec(t->pt.submit);
	o->estimate = simtime_to_sec(t->pt.estimate);
	o->procs = t->pt.procs;
	o->priority = t->pt.priority;
	for (int r = 0; r < w->nres; r++)
		o->res[r] = resq_to_double(t->res[r]);
}

int offersim_queue(const struct offersim *s, int fw,
		   struct offersim_waiting *out, int cap)
{
	const struct world *w = W(s);
	if (!w || fw < 0 || fw >= w->nfws || cap < 0 || (cap > 0 && !out))
		return OFFERSIM_EINVAL;
	int n = 0;
	for (uint32_t id = fw_queue_first(w, fw); id != POOL_NONE;
	     id = fw_queue_next(w, id)) {
		if (n >= cap)
			return (int)w->fws[fw].q_len;
		fill_waiting(w, id, &out[n]);
		n++;
	}
	return n;
}

int offersim_launch(struct offersim *s, int fw, uint32_t slot, int flags)
{
	const struct world *w = W(s);
	if (!w || fw < 0 || fw >= w->nfws || !s->host || !s->host[fw].on ||
	    (flags & ~OFFERSIM_LAUNCH_WAIT))
		return OFFERSIM_EINVAL;
	struct api_host *h = &s->host[fw];
	struct api_pick p = {.slot = slot, .flags = flags};
	if (slot < w->tasks.next_fresh) {
		const struct task *t = W_TASK(w, slot);
		p.job_id = t->pt.job_id;
		p.task_id = t->pt.task_id;
	}
	if (!picked_task(w, fw, &p))
		return OFFERSIM_EINVAL;
	if (h->npick == h->cap) {
		int cap = h->cap ? 2 * h->cap : 8;
		struct api_pick *v = realloc(h->pick, (size_t)cap * sizeof *v);
		if (!v)
			return OFFERSIM_ENOMEM;
		h->pick = v;
		h->cap = cap;
	}
	h->pick[h->npick++] = p;
	return 0;
}

int64_t offersim_committed(const struct offersim *s, int fw)
{
	const struct world *w = W(s);
	if (!w || fw < 0 || fw >= w->nfws || !s->host || !s->host[fw].has_wait)
		return -1;
	return s->host[fw].wait.slot;
}

uint64_t offersim_host_launched(const struct offersim *s, int fw)
{
	const struct world *w = W(s);
	if (!w || fw < 0 || fw >= w->nfws || !s->host)
		return 0;
	return s->host[fw].launched;
}
