/*
 * framework.c - the framework runtime: a waiting queue kept in policy
 * order, offers in hand, and the answer to offers (launch, then decline
 * what is left).
 *
 * The waiting queue is an intrusive treap over task ids: O(log n) insert
 * and remove, in-order walks for the policy, no allocation.  Heap
 * priorities are a hash of the task id, so the shape, and therefore the
 * run, depends only on ids.  The order is the policy's cmp, then submit
 * time, job id and task id: a total order, so ties never fall to memory.
 *
 * Offers that arrive while the framework "thinks" (decision_time) are
 * queued in the order made and answered together, as a Mesos scheduler's
 * resourceOffers callback receives several offers at once; that is what
 * lets a placement rule choose between agents.
 */
#include "framework.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "world.h"
#include "../../policies/table.h"
#include "../core/diag.h"
#include "check.h"
#include "master.h"
#include "metrics.h"
#include "queuelog.h"
#include "policy_support.h"
#include "task.h"
#include "why.h"
#include "plugin.h"
#include "../../include/offersim_policy.h"
#include "../core/err.h"
#include "../../policies/registry.h"
#include "../config/scenario.h"

/* ------------------------------------------------------------------ */
/* Waiting queue                                                        */

static uint32_t tq_prio(uint32_t id)
{
	uint32_t x = id + 0x9e3779b9u;
	x ^= x >> 16;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	x *= 0xc2b2ae35u;
	x ^= x >> 16;
	return x;
}

/*
 * Two trees share this code: the waiting queue (link q, root f->q_root)
 * and the running tasks by expected end (link rq, root f->rq_root).  A
 * tree is named by the offset of its link in struct task.
 */
#define Q_LINK offsetof(struct task, q)
#define RQ_LINK offsetof(struct task, rq)

static struct tq_link *tq_at(const struct world *w, size_t off, uint32_t id)
{
	return (struct tq_link *)(void *)((char *)W_TASK(w, id) + off);
}

static int tq_cmp(const struct world *w, const struct framework *f,
		  uint32_t a, uint32_t b)
{
	const struct task *ta = W_TASK(w, a), *tb = W_TASK(w, b);
	const struct ptask *x = &ta->pt, *y = &tb->pt;
	if (f->key_static) {
		/* As the sort of a time-dependent key would order them
		 * (build_order): the key, then submit, job, task. */
		if (ta->qkey != tb->qkey)
			return ta->qkey < tb->qkey ? -1 : 1;
	} else if (f->pol->cmp) {
		int c = f->pol->cmp(f->pol_state, x, y);
		if (c)
			return c;
	}
	if (x->submit != y->submit)
		return x->submit < y->submit ? -1 : 1;
	if (x->job_id != y->job_id)
		return x->job_id < y->job_id ? -1 : 1;
	if (x->task_id != y->task_id)
		return x->task_id < y->task_id ? -1 : 1;
	return (a > b) - (a < b);
}

static int rq_cmp(const struct world *w, const struct framework *f,
		  uint32_t a, uint32_t b)
{
	(void)f;
	simtime_t x = W_TASK(w, a)->rq_end, y = W_TASK(w, b)->rq_end;
	if (x != y)
		return x < y ? -1 : 1;
	return (a > b) - (a < b);
}

/* Replace child link old of parent p (or the root) with nw. */
static void tq_relink(struct world *w, size_t off, uint32_t *root, uint32_t p,
		      uint32_t old, uint32_t nw)
{
	if (p == POOL_NONE)
		*root = nw;
	else if (tq_at(w, off, p)->l == old)
		tq_at(w, off, p)->l = nw;
	else
		tq_at(w, off, p)->r = nw;
	if (nw != POOL_NONE)
		tq_at(w, off, nw)->p = p;
}

static void tq_rotate_up(struct world *w, size_t off, uint32_t *root,
			 uint32_t x)
{
	struct tq_link *tx = tq_at(w, off, x);
	uint32_t p = tx->p;
	struct tq_link *tp = tq_at(w, off, p);
	uint32_t g = tp->p;
	if (tp->l == x) {
		tp->l = tx->r;
		if (tx->r != POOL_NONE)
			tq_at(w, off, tx->r)->p = p;
		tx->r = p;
	} else {
		tp->r = tx->l;
		if (tx->l != POOL_NONE)
			tq_at(w, off, tx->l)->p = p;
		tx->l = p;
	}
	tp->p = x;
	tq_relink(w, off, root, g, p, x);
}

typedef int tq_cmp_fn(const struct world *w, const struct framework *f,
		      uint32_t a, uint32_t b);

static void tree_insert(struct world *w, struct framework *f, size_t off,
			uint32_t *root, tq_cmp_fn *cmp, uint32_t id)
{
	struct tq_link *t = tq_at(w, off, id);
	t->l = t->r = POOL_NONE;
	t->prio = tq_prio(id);
	uint32_t p = POOL_NONE, cur = *root;
	int left = 0;
	while (cur != POOL_NONE) {
		p = cur;
		left = cmp(w, f, id, cur) < 0;
		cur = left ? tq_at(w, off, cur)->l : tq_at(w, off, cur)->r;
	}
	t->p = p;
	if (p == POOL_NONE)
		*root = id;
	else if (left)
		tq_at(w, off, p)->l = id;
	else
		tq_at(w, off, p)->r = id;
	while (t->p != POOL_NONE && tq_at(w, off, t->p)->prio > t->prio)
		tq_rotate_up(w, off, root, id);
}

static void tree_remove(struct world *w, size_t off, uint32_t *root,
			uint32_t id)
{
	struct tq_link *t = tq_at(w, off, id);
	/* Rotate down below the higher-priority child until a leaf side. */
	while (t->l != POOL_NONE && t->r != POOL_NONE) {
		uint32_t c = tq_at(w, off, t->l)->prio < tq_at(w, off, t->r)->prio
				     ? t->l : t->r;
		tq_rotate_up(w, off, root, c);
	}
	uint32_t child = t->l != POOL_NONE ? t->l : t->r;
	tq_relink(w, off, root, t->p, id, child);
	t->l = t->r = t->p = POOL_NONE;
}

static uint32_t tree_first(const struct world *w, size_t off, uint32_t root)
{
	uint32_t cur = root;
	if (cur == POOL_NONE)
		return POOL_NONE;
	while (tq_at(w, off, cur)->l != POOL_NONE)
		cur = tq_at(w, off, cur)->l;
	return cur;
}

static uint32_t tree_next(const struct world *w, size_t off, uint32_t id)
{
	const struct tq_link *t = tq_at(w, off, id);
	if (t->r != POOL_NONE) {
		uint32_t cur = t->r;
		while (tq_at(w, off, cur)->l != POOL_NONE)
			cur = tq_at(w, off, cur)->l;
		return cur;
	}
	uint32_t cur = id, p = t->p;
	while (p != POOL_NONE && tq_at(w, off, p)->r == cur) {
		cur = p;
		p = tq_at(w, off, p)->p;
	}
	return p;
}

static void tq_insert(struct world *w, struct framework *f, uint32_t id)
{
	struct task *t = W_TASK(w, id);
	if (f->key_static)
		t->qkey = f->pol->key(f->pol_state, &t->pt, w->now);
	tree_insert(w, f, Q_LINK, &f->q_root, tq_cmp, id);
	/* The demand bounds restart with the queue (surely.c). */
	for (int r = 0; r < w->nres; r++) {
		resq_t d = t->res[r];
		if (f->q_len == 0 || d < f->dem_lo[r])
			f->dem_lo[r] = d;
		if (f->q_len == 0 || d > f->dem_hi[r])
			f->dem_hi[r] = d;
	}
	f->q_len++;
	queuelog_change(w, t->fw, t->pt.job_id, 1);
	if (w->rp.rec)
		replay_queue(w, t, 1);
}

static void tq_remove(struct world *w, struct framework *f, uint32_t id)
{
	tree_remove(w, Q_LINK, &f->q_root, id);
	f->q_len--;
	const struct task *t = W_TASK(w, id);
	queuelog_change(w, t->fw, t->pt.job_id, -1);
	if (w->rp.rec)
		replay_queue(w, t, -1);
}

static uint32_t tq_first(const struct world *w, const struct framework *f)
{
	return tree_first(w, Q_LINK, f->q_root);
}

static uint32_t tq_next(const struct world *w, uint32_t id)
{
	return tree_next(w, Q_LINK, id);
}

uint32_t fw_queue_first(const struct world *w, int fw)
{
	return tq_first(w, &w->fws[fw]);
}

uint32_t fw_queue_next(const struct world *w, uint32_t task)
{
	return tq_next(w, task);
}

/* The running tree is kept only for frameworks whose policy has asked
 * for it (sched_ending_first): the others would pay a treap insertion
 * per task start for nothing. */
static void rq_add(struct world *w, struct framework *f, uint32_t id)
{
	struct task *t = W_TASK(w, id);
	t->rq_end = t->pt.start + policy_est_left(&t->pt);
	tree_insert(w, f, RQ_LINK, &f->rq_root, rq_cmp, id);
}

void fw_running_added(struct world *w, int fw, uint32_t id)
{
	struct framework *f = &w->fws[fw];
	if (f->rq_on)
		rq_add(w, f, id);
}

void fw_running_removed(struct world *w, int fw, uint32_t id)
{
	struct framework *f = &w->fws[fw];
	if (f->rq_on)
		tree_remove(w, RQ_LINK, &f->rq_root, id);
}

static int is_rigid(const struct framework *f, const struct task *t)
{
	return f->gang != GANG_NONE && t->job_tasks > 1;
}

/*
 * Once every task of rigid job `job` has arrived: a job with a task that
 * was rejected, or whose tasks together need more than all the agents
 * have, can never start.  Its waiting tasks are rejected with a warning
 * rather than left to wait (and hold offers) for ever, as a task too big
 * for any agent is.
 */
static void gang_check(struct world *w, struct framework *f, int64_t job,
		       int job_tasks)
{
	struct jobmap_entry *e = jobmap_get(&f->jobs, job, 0);
	if (!e || e->count + e->rejected < (uint32_t)job_tasks)
		return;
	if (e->rejected == 0 && res_fits(e->demand, w->capacity, w->nres))
		return;
	if (e->rejected) {
		diag_warn(w->diag, f->spec->wl.trace, 0, 0,
			  "rigid job %lld of '%s': %u of its tasks fit no agent, so it can never start; it is rejected",
			  (long long)job, f->name, e->rejected);
	} else {
		char buf[256];
		res_format(&w->sc->res, e->demand, buf, sizeof buf);
		diag_warn(w->diag, f->spec->wl.trace, 0, 0,
			  "rigid job %lld of '%s' needs <%s> together, more than all the agents have; it is rejected",
			  (long long)job, f->name, buf);
	}
	uint32_t id = e->head;
	jobmap_del(&f->jobs, job);
	while (id != POOL_NONE) {
		struct task *t = W_TASK(w, id);
		uint32_t next = t->job_next;
		tq_remove(w, f, id);
		t->state = TASK_REJECTED;
		metrics_task_rejected(w, t);
		pool_free(&w->tasks, id);
		id = next;
	}
}

void fw_gang_task_rejected(struct world *w, int fw, const struct task *t)
{
	struct framework *f = &w->fws[fw];
	if (!is_rigid(f, t))
		return;
	struct jobmap_entry *e = jobmap_get(&f->jobs, t->pt.job_id, 1);
	if (!e) {
		w->failed = OS_ENOMEM;
		return;
	}
	e->rejected++;
	gang_check(w, f, t->pt.job_id, t->job_tasks);
}

void fw_enqueue(struct world *w, int fw, uint32_t task)
{
	struct framework *f = &w->fws[fw];
	struct task *t = W_TASK(w, task);
	t->state = TASK_WAITING;
	CHECK_HOOK(w, check_task(w, task));
	tq_insert(w, f, task);
	if (is_rigid(f, t)) {
		struct jobmap_entry *e = jobmap_get(&f->jobs, t->pt.job_id, 1);
		if (!e) {
			w->failed = OS_ENOMEM;
			return;
		}
		t->job_next = POOL_NONE;
		if (e->tail == POOL_NONE)
			e->head = task;
		else
			W_TASK(w, e->tail)->job_next = task;
		e->tail = task;
		e->count++;
		res_add(e->demand, t->res, w->nres);
		simtime_t left = policy_est_left(&t->pt);
		if (left > e->est_left)
			e->est_left = left;
		gang_check(w, f, t->pt.job_id, t->job_tasks);
	}
}

/* ------------------------------------------------------------------ */
/* Scheduling context: what a task policy acts through                 */

struct sched_ctx {
	struct world *w;
	struct framework *f;
	int n;
	struct offer **off;
	const resq_t **freev;
	const resq_t **totalv;
	int *agentv;
	int *fits;
	/* Launched tasks are removed from the queue only after the walk, so
	 * sched_next stays valid; they are marked RUNNING at once. */
	uint32_t *launched;
	int nlaunched, cap_launched;
	/*
	 * Max-free tree: a tournament tree over the offers, each node the
	 * per-resource maximum of what is left in the offers below it (a
	 * capped offer counts as empty), built at first use and updated
	 * along one path per launch, O(log offers).  mf holds 2 * mf_m
	 * nodes of nres values (node 1 the root, leaves from mf_m), in the
	 * world's scratch buffer.  sumfree: the sum over the offers not
	 * capped, kept by the same launches.
	 */
	resq_t *mf;
	int mf_m, mf_built;
	resq_t sumfree[RES_MAX];
	uint64_t walk;              /* this answer's number (jobmap rep) */
	/* A time-dependent order (policy key): the waiting tasks sorted for
	 * this answer; NULL when the queue's own order is used. */
	uint32_t *order;
	uint32_t norder;
	/* Gang placement: where each task of the rigid job last checked by
	 * sched_place would go; valid for job plan_job until the next call. */
	int64_t plan_job;
	int plan_valid;
	uint32_t *plan_task;
	int *plan_offer;
	uint32_t plan_n, plan_cap;
	resq_t *tmp_free;           /* n x RES_MAX scratch */
	const resq_t **tmp_freev;
	int *tmp_launched;
	int cap_tmp;                /* offers tmp_* have room for */
	int gang_blocked;           /* a rigid job did not fit */
	/* For placement rules that count a job's tasks per agent (spread):
	 * job_here[i] for offer i and job jc_job, kept current by launches
	 * while jc_valid; jc_agent is per-agent scratch, zero between uses. */
	int *job_here, *tmp_job_here, *jc_agent;
	int cap_job_here;
	int64_t jc_job;
	int jc_valid;
};

simtime_t sched_now(const struct sched_ctx *c) { return c->w->now; }
int sched_noffers(const struct sched_ctx *c) { return c->n; }

const resq_t *sched_offer_free(const struct sched_ctx *c, int i)
{
	return c->off[i]->left;
}

int sched_offer_agent(const struct sched_ctx *c, int i)
{
	return c->off[i]->agent;
}

/*
 * Is task id shown by the walk?  Launched tasks are not.  A rigid job is
 * shown once, as the first of its tasks the walk meets: placing or
 * launching that task places or launches the whole job, so its other
 * tasks would only be the same question asked again.
 */
static int walk_shows(struct sched_ctx *c, uint32_t id)
{
	struct task *t = W_TASK(c->w, id);
	if (t->state != TASK_WAITING)
		return 0;
	if (!is_rigid(c->f, t))
		return 1;
	struct jobmap_entry *e = jobmap_get(&c->f->jobs, t->pt.job_id, 0);
	if (!e)
		return 1;
	if (e->walk != c->walk) {
		e->walk = c->walk;
		e->rep = id;
	}
	return e->rep == id;
}

static const struct ptask *skip_launched(struct sched_ctx *c, uint32_t id)
{
	while (id != POOL_NONE && !walk_shows(c, id))
		id = tq_next(c->w, id);
	return id == POOL_NONE ? NULL : &W_TASK(c->w, id)->pt;
}

static const struct ptask *order_from(struct sched_ctx *c, uint32_t i)
{
	for (; i < c->norder; i++)
		if (walk_shows(c, c->order[i]))
			return &W_TASK(c->w, c->order[i])->pt;
	return NULL;
}

const struct ptask *sched_first(struct sched_ctx *c)
{
	if (c->order)
		return order_from(c, 0);
	return skip_launched(c, tq_first(c->w, c->f));
}

const struct ptask *sched_next(struct sched_ctx *c, const struct ptask *t)
{
	if (c->order) {
		uint32_t i = W_TASK(c->w, t->id)->order_idx;
		/* A task requeued during the walk (preempted) is not in this
		 * answer's order; it waits for the next one. */
		if (i >= c->norder || c->order[i] != t->id)
			return NULL;
		return order_from(c, i + 1);
	}
	return skip_launched(c, tq_next(c->w, t->id));
}

int sched_nres(const struct sched_ctx *c)
{
	return c->w->nres;
}

const char *sched_res_name(const struct sched_ctx *c, int r)
{
	return r >= 0 && r < c->w->nres ? c->w->sc->res.name[r] : NULL;
}

void sched_free_total(const struct sched_ctx *c, resq_t *out)
{
	memset(out, 0, sizeof(resq_t) * RES_MAX);
	for (int i = 0; i < c->n; i++)
		res_add(out, c->off[i]->left, c->w->nres);
}

const resq_t *sched_agent_total(const struct sched_ctx *c, int agent)
{
	return c->w->agents[agent].total;
}

const struct ptask *sched_running_first(struct sched_ctx *c)
{
	uint32_t id = c->f->run_head;
	return id == POOL_NONE ? NULL : &W_TASK(c->w, id)->pt;
}

const struct ptask *sched_running_next(struct sched_ctx *c,
				       const struct ptask *t)
{
	uint32_t id = W_TASK(c->w, t->id)->run_next;
	return id == POOL_NONE ? NULL : &W_TASK(c->w, id)->pt;
}

const struct ptask *sched_ending_first(struct sched_ctx *c)
{
	struct framework *f = c->f;
	if (!f->rq_on) {
		/* First use: the tree from the running list, kept from now on. */
		f->rq_on = 1;
		for (uint32_t id = f->run_head; id != POOL_NONE;
		     id = W_TASK(c->w, id)->run_next)
			rq_add(c->w, f, id);
	}
	uint32_t id = tree_first(c->w, RQ_LINK, f->rq_root);
	return id == POOL_NONE ? NULL : &W_TASK(c->w, id)->pt;
}

/* tree_next on the running tree's link, written out: EASY steps through
 * the running tasks on every answer until the head fits. */
const struct ptask *sched_ending_next(struct sched_ctx *c,
				      const struct ptask *t)
{
	const struct world *w = c->w;
	const struct task *u = W_TASK(w, t->id);
	if (u->rq.r != POOL_NONE) {
		u = W_TASK(w, u->rq.r);
		while (u->rq.l != POOL_NONE)
			u = W_TASK(w, u->rq.l);
		return &u->pt;
	}
	uint32_t cur = t->id, id = u->rq.p;
	while (id != POOL_NONE) {
		u = W_TASK(w, id);
		if (u->rq.r != cur)
			return &u->pt;
		cur = id;
		id = u->rq.p;
	}
	return NULL;
}

void sched_preempt(struct sched_ctx *c, const struct ptask *victim,
		   int restart)
{
	for (int k = 0; k < c->nlaunched; k++)
		BUG_ON(c->launched[k] == victim->id);
	c->jc_valid = 0;   /* a task left its agent */
	task_preempt(c->w, victim->id, restart);
}

int sched_job_demand(struct sched_ctx *c, const struct ptask *t,
		     resq_t *demand, simtime_t *est_left)
{
	/* The task record is read only when a rigid job may be asked for:
	 * a backfill asks this of every candidate. */
	struct jobmap_entry *e = c->f->gang != GANG_NONE &&
				 is_rigid(c->f, W_TASK(c->w, t->id))
		? jobmap_get(&c->f->jobs, t->job_id, 0) : NULL;
	memset(demand, 0, sizeof(resq_t) * RES_MAX);
	if (!e) {
		res_add(demand, t->res, c->w->nres);
		*est_left = policy_est_left(t);
		return 1;
	}
	res_add(demand, e->demand, c->w->nres);
	*est_left = e->est_left;
	return (int)e->count;
}

void sched_mark_preempted_for(struct sched_ctx *c, const struct ptask *t)
{
	W_TASK(c->w, t->id)->preempt_pass = c->w->passes + 1;
}

int sched_preempted_for(const struct sched_ctx *c, const struct ptask *t)
{
	uint64_t p = W_TASK(c->w, t->id)->preempt_pass;
	return p != 0 && c->w->passes < p + 2;
}

struct keyed {
	double key;
	const struct ptask *t;
};

static int keyed_cmp(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	const struct ptask *x = a->t, *y = b->t;
	if (x->submit != y->submit)
		return x->submit < y->submit ? -1 : 1;
	if (x->job_id != y->job_id)
		return x->job_id < y->job_id ? -1 : 1;
	if (x->task_id != y->task_id)
		return x->task_id < y->task_id ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Sort the waiting tasks by the policy's time-dependent key. */
static int build_order(struct sched_ctx *c)
{
	struct world *w = c->w;
	struct framework *f = c->f;
	struct fw_scratch *s = &f->scratch;
	uint32_t n = f->q_len;
	if (n > s->cap_order || !s->order) {
		size_t cap = n ? n : 1;
		struct keyed *nk = realloc(s->keyed, sizeof *nk * cap);
		if (!nk)
			return OS_ENOMEM;
		s->keyed = nk;
		uint32_t *no = realloc(s->order, sizeof *no * cap);
		if (!no)
			return OS_ENOMEM;
		s->order = no;
		s->cap_order = (uint32_t)cap;
	}
	struct keyed *k = s->keyed;
	c->order = s->order;
	uint32_t i = 0;
	for (uint32_t id = tq_first(w, f); id != POOL_NONE; id = tq_next(w, id)) {
		k[i].t = &W_TASK(w, id)->pt;
		k[i].key = f->pol->key(f->pol_state, k[i].t, w->now);
		i++;
	}
	qsort(k, n, sizeof *k, keyed_cmp);
	for (i = 0; i < n; i++) {
		c->order[i] = k[i].t->id;
		W_TASK(w, k[i].t->id)->order_idx = i;
	}
	c->norder = n;
	return 0;
}

static int offer_capped(const struct sched_ctx *c, int i)
{
	int cap = c->f->max_tasks_per_offer;
	return cap > 0 && c->off[i]->launched >= cap;
}

static resq_t *mf_node(const struct sched_ctx *c, size_t node)
{
	return c->mf + node * (size_t)c->w->nres;
}

static void mf_leaf(struct sched_ctx *c, int i)
{
	int nres = c->w->nres;
	resq_t *v = mf_node(c, (size_t)c->mf_m + (size_t)i);
	if (i < c->n && !offer_capped(c, i))
		memcpy(v, c->off[i]->left, sizeof *v * (size_t)nres);
	else
		memset(v, 0, sizeof *v * (size_t)nres);
}

static void mf_pull(struct sched_ctx *c, size_t node)
{
	int nres = c->w->nres;
	resq_t *v = mf_node(c, node);
	const resq_t *a = mf_node(c, 2 * node), *b = mf_node(c, 2 * node + 1);
	for (int r = 0; r < nres; r++)
		v[r] = a[r] > b[r] ? a[r] : b[r];
}

/* Build the max-free tree and sumfree; 0 or OS_ENOMEM. */
static int mf_build(struct sched_ctx *c)
{
	struct world *w = c->w;
	int nres = w->nres;
	int m = 1;
	while (m < c->n)
		m *= 2;
	size_t need = 2 * (size_t)m * (size_t)(nres ? nres : 1);
	if (need > w->mf_cap) {
		resq_t *b = realloc(w->mf_buf, sizeof *b * need);
		if (!b)
			return OS_ENOMEM;
		w->mf_buf = b;
		w->mf_cap = need;
	}
	c->mf = w->mf_buf;
	c->mf_m = m;
	memset(c->sumfree, 0, sizeof c->sumfree);
	for (int i = 0; i < m; i++) {
		mf_leaf(c, i);
		if (i < c->n && !offer_capped(c, i))
			res_add(c->sumfree, c->off[i]->left, nres);
	}
	for (size_t node = (size_t)m - 1; node >= 1; node--)
		mf_pull(c, node);
	c->mf_built = 1;
	return 0;
}

/* Offer i changed (a launch): its leaf and the path to the root. */
static void mf_update(struct sched_ctx *c, int i)
{
	mf_leaf(c, i);
	for (size_t node = ((size_t)c->mf_m + (size_t)i) / 2; node >= 1; node /= 2)
		mf_pull(c, node);
}

/* The per-resource maximum over the usable offers, or NULL when the tree
 * cannot be built (out of memory: w->failed is set). */
static const resq_t *mf_root(struct sched_ctx *c)
{
	if (!c->mf_built && mf_build(c)) {
		c->w->failed = OS_ENOMEM;
		return NULL;
	}
	return mf_node(c, 1);
}

/*
 * Append to c->fits, in ascending order, the usable offers below node
 * where demand d fits; with first, stop at the first and return it.
 * A subtree whose maximum does not hold d holds no offer that does.
 */
static int mf_scan(struct sched_ctx *c, size_t node, const resq_t *d,
		   int first, int *nf)
{
	if (!res_fits(d, mf_node(c, node), c->w->nres))
		return -1;
	if (node >= (size_t)c->mf_m) {
		int i = (int)(node - (size_t)c->mf_m);
		/* Capped offers and padding are zero, which a zero demand
		 * would still fit. */
		if (i >= c->n || offer_capped(c, i))
			return -1;
		c->fits[(*nf)++] = i;
		return first ? i : -1;
	}
	int r = mf_scan(c, 2 * node, d, first, nf);
	if (r >= 0)
		return r;
	return mf_scan(c, 2 * node + 1, d, first, nf);
}

int sched_exhausted(const struct sched_ctx *c)
{
	struct sched_ctx *m = (struct sched_ctx *)c;
	const resq_t *mx = m->n > 0 ? mf_root(m) : NULL;
	/* Nothing left in any usable offer: no task, however small, fits.
	 * (A zero-demand task would still fit; such tasks are rare and
	 * the walk then simply runs to the end.) */
	return !mx || res_is_zero(mx, c->w->nres);
}

/*
 * A backfilling walk asks about every waiting task after the blocked
 * head, and most are larger than anything left: on the KTH log that was
 * ten tasks an answer at a few hundred instructions each through
 * sched_next, sched_exhausted and sched_place.  Here one loop does what
 * those calls would: the leftovers' maximum is read once (nothing
 * launches between candidates), and a task that exceeds it in some
 * resource, which sched_place would refuse at once, is passed over
 * without leaving the loop.  Tasks of rigid jobs are always shown: their
 * fit is the whole job's, and sched_place's answer for them has effects
 * (gang_blocked).
 */
const struct ptask *sched_next_fitting(struct sched_ctx *c,
				       const struct ptask *t)
{
	struct world *w = c->w;
	int nres = w->nres;
	const resq_t *mx = c->n > 0 ? mf_root(c) : NULL;
	if (!mx || res_is_zero(mx, nres))
		return NULL;
	if (c->order) {
		for (t = sched_next(c, t); t; t = sched_next(c, t))
			if (res_fits(t->res, mx, nres) ||
			    is_rigid(c->f, W_TASK(w, t->id)))
				return t;
		return NULL;
	}
	int gang = c->f->gang != GANG_NONE;
	struct task *u = W_TASK(w, t->id);
	for (;;) {
		/* tree_next on the queue's link, inline: the step is most
		 * of the cost of passing a task over. */
		uint32_t id;
		if (u->q.r != POOL_NONE) {
			id = u->q.r;
			u = W_TASK(w, id);
			while (u->q.l != POOL_NONE) {
				id = u->q.l;
				u = W_TASK(w, id);
			}
		} else {
			uint32_t cur = u->pt.id;
			id = u->q.p;
			while (id != POOL_NONE) {
				u = W_TASK(w, id);
				if (u->q.r != cur)
					break;
				cur = id;
				id = u->q.p;
			}
			if (id == POOL_NONE)
				return NULL;
		}
		if (u->state != TASK_WAITING)
			continue;
		if (gang && u->job_tasks > 1) {
			if (walk_shows(c, id))
				return &u->pt;
			continue;
		}
		if (res_fits(u->res, mx, nres))
			return &u->pt;
	}
}


/* job_here[] for job (see struct sched_ctx); 0, or OS_ENOMEM. */
static int job_counts(struct sched_ctx *c, int64_t job)
{
	struct world *w = c->w;
	if (c->jc_valid && c->jc_job == job)
		return 0;
	if (!c->job_here || c->cap_job_here < c->n) {
		int n = c->n ? c->n : 1;
		int *jh = realloc(c->job_here, sizeof *jh * (size_t)n);
		if (!jh)
			return OS_ENOMEM;
		c->job_here = jh;
		jh = realloc(c->tmp_job_here, sizeof *jh * (size_t)n);
		if (!jh)
			return OS_ENOMEM;
		c->tmp_job_here = jh;
		c->cap_job_here = n;
	}
	if (!c->jc_agent) {
		c->jc_agent = calloc((size_t)w->nagents + 1, sizeof *c->jc_agent);
		if (!c->jc_agent)
			return OS_ENOMEM;
	}
	for (uint32_t id = c->f->run_head; id != POOL_NONE;
	     id = W_TASK(w, id)->run_next) {
		const struct task *t = W_TASK(w, id);
		if (t->pt.job_id == job)
			c->jc_agent[t->agent]++;
	}
	for (int i = 0; i < c->n; i++)
		c->job_here[i] = c->jc_agent[c->off[i]->agent];
	for (uint32_t id = c->f->run_head; id != POOL_NONE;
	     id = W_TASK(w, id)->run_next)
		c->jc_agent[W_TASK(w, id)->agent] = 0;
	c->jc_job = job;
	c->jc_valid = 1;
	return 0;
}

static int ensure_gang_space(struct sched_ctx *c, uint32_t need)
{
	if (!c->tmp_free || c->cap_tmp < c->n) {
		int n = c->n ? c->n : 1;
		resq_t *tf = realloc(c->tmp_free, sizeof *tf * (size_t)n * RES_MAX);
		if (!tf)
			return OS_ENOMEM;
		c->tmp_free = tf;
		const resq_t **tv = realloc(c->tmp_freev, sizeof *tv * (size_t)n);
		if (!tv)
			return OS_ENOMEM;
		c->tmp_freev = tv;
		int *tl = realloc(c->tmp_launched, sizeof *tl * (size_t)n);
		if (!tl)
			return OS_ENOMEM;
		c->tmp_launched = tl;
		c->cap_tmp = n;
	}
	if (need > c->plan_cap) {
		uint32_t *pt = realloc(c->plan_task, sizeof *pt * need);
		if (!pt)
			return OS_ENOMEM;
		c->plan_task = pt;
		int *po = realloc(c->plan_offer, sizeof *po * need);
		if (!po)
			return OS_ENOMEM;
		c->plan_offer = po;
		c->plan_cap = need;
	}
	return 0;
}

/*
 * Place every waiting task of t's rigid job on scratch copies of the
 * offers, in arrival order, each where the placement rule puts it: all of
 * them or none.  Returns the offer t itself would go to.
 */
static int place_gang(struct sched_ctx *c, const struct ptask *t)
{
	struct world *w = c->w;
	struct framework *f = c->f;
	int nres = w->nres;
	c->plan_valid = 0;
	struct task *tt = W_TASK(w, t->id);
	struct jobmap_entry *e = jobmap_get(&f->jobs, t->job_id, 0);
	/* Every task of a rigid job arrives at its submit instant; a job
	 * whose tasks are not all here yet cannot start. */
	if (!e || e->count < (uint32_t)tt->job_tasks)
		return -1;
	/* Cheap rejection: more than all the offers hold together. */
	if (!mf_root(c))
		return -1;
	if (!res_fits(e->demand, c->sumfree, nres)) {
		c->gang_blocked = 1;
		return -1;
	}
	int counts = f->place->needs_job_counts;
	if (ensure_gang_space(c, e->count) ||
	    (counts && job_counts(c, t->job_id))) {
		w->failed = OS_ENOMEM;
		return -1;
	}
	for (int i = 0; i < c->n; i++) {
		memcpy(c->tmp_free + (size_t)i * RES_MAX, c->off[i]->left,
		       sizeof(resq_t) * (size_t)nres);
		c->tmp_freev[i] = c->tmp_free + (size_t)i * RES_MAX;
		c->tmp_launched[i] = c->off[i]->launched;
		if (counts)
			c->tmp_job_here[i] = c->job_here[i];
	}
	int cap = f->max_tasks_per_offer;
	int mine = -1;
	uint32_t k = 0;
	for (uint32_t id = e->head; id != POOL_NONE; id = W_TASK(w, id)->job_next) {
		struct task *u = W_TASK(w, id);
		int nf = 0;
		for (int i = 0; i < c->n; i++)
			if ((cap <= 0 || c->tmp_launched[i] < cap) &&
			    res_fits(u->res, c->tmp_freev[i], nres))
				c->fits[nf++] = i;
		if (nf == 0) {
			c->gang_blocked = 1;
			return -1;
		}
		struct place_view v = {
			.noffers = c->n, .fits = c->fits, .nfits = nf,
			.free = c->tmp_freev, .agent_total = c->totalv,
			.agent = c->agentv, .nres = nres, .demand = u->res,
			.job_here = counts ? c->tmp_job_here : NULL,
		};
		int i = f->place->choose(f->place_state, &v);
		res_sub(c->tmp_free + (size_t)i * RES_MAX, u->res, nres);
		c->tmp_launched[i]++;
		if (counts)
			for (int j = 0; j < c->n; j++)
				if (c->agentv[j] == c->agentv[i])
					c->tmp_job_here[j]++;
		c->plan_task[k] = id;
		c->plan_offer[k] = i;
		k++;
		if (id == t->id)
			mine = i;
	}
	c->plan_n = k;
	c->plan_job = t->job_id;
	c->plan_valid = 1;
	return mine;
}

/* The candidates' scores of a placement (at most SCORES_SHOWN of them;
 * the chosen one is always named). */
enum { SCORES_SHOWN = 8 };

static void explain_scores(struct sched_ctx *c, const struct ptask *t,
			   const struct place_view *v, int chosen)
{
	struct world *w = c->w;
	const struct framework *f = c->f;
	char buf[640];
	size_t n = 0;
	buf[0] = '\0';
	for (int k = 0; k < v->nfits && k < SCORES_SHOWN && n < sizeof buf; k++) {
		int i = v->fits[k];
		double s = f->place->score(f->place_state, v, i);
		int m = snprintf(buf + n, sizeof buf - n, "%s%s %.4f", k ? ", " : "",
				 w->agents[v->agent[i]].name, s);
		if (m > 0)
			n += (size_t)m;
	}
	if (v->nfits > SCORES_SHOWN && n < sizeof buf)
		snprintf(buf + n, sizeof buf - n, ", and %d more", v->nfits - SCORES_SHOWN);
	world_explain_of(w, f->id, v->agent[chosen], t->job_id,
			 "%s places job %lld task %lld by %s: %s %s, highest %s",
			 f->name, (long long)t->job_id, (long long)t->task_id,
			 f->place->name, v->nfits == 1 ? "score" : "scores", buf,
			 w->agents[v->agent[chosen]].name);
}

int sched_explaining(const struct sched_ctx *c)
{
	return world_explaining(c->w, c->f->id, EX_ALL, EX_ALL);
}

void sched_explain_reserved(struct sched_ctx *c, const struct ptask *t,
			    simtime_t at)
{
	struct framework *f = c->f;
	if (!world_explaining(c->w, f->id, EX_ALL, t->job_id) ||
	    (f->why_resv_job == t->job_id && f->why_resv_at == at))
		return;
	f->why_resv_job = t->job_id;
	f->why_resv_at = at;
	world_explain_of(c->w, f->id, EX_NONE, t->job_id,
			 "%s reserves job %lld to start at %.3f s (backfilling)",
			 f->name, (long long)t->job_id, simtime_to_sec(at));
}

void sched_explain_held_back(struct sched_ctx *c, const struct ptask *t,
			     const struct ptask *head, simtime_t at,
			     simtime_t end)
{
	const struct framework *f = c->f;
	if (!world_explaining(c->w, f->id, EX_ALL, t->job_id))
		return;
	if (head)
		world_explain_of(c->w, f->id, EX_NONE, t->job_id,
				 "%s holds back job %lld: it fits now, but would end at %.3f s, past job %lld's reservation at %.3f s",
				 f->name, (long long)t->job_id, simtime_to_sec(end),
				 (long long)head->job_id, simtime_to_sec(at));
	else
		world_explain_of(c->w, f->id, EX_NONE, t->job_id,
				 "%s holds back job %lld: it fits now, but earlier jobs' reservations leave it no room until %.3f s",
				 f->name, (long long)t->job_id, simtime_to_sec(at));
}

int sched_place(struct sched_ctx *c, const struct ptask *t)
{
	int nres = c->w->nres;
	if (is_rigid(c->f, W_TASK(c->w, t->id)))
		return c->n > 0 ? place_gang(c, t) : -1;
	const resq_t *mx = c->n > 0 ? mf_root(c) : NULL;
	/* Cheap rejection: larger than the largest leftovers in some
	 * resource; then only the subtrees that could hold it are read. */
	if (!mx || !res_fits(t->res, mx, nres))
		return -1;
	int nf = 0;
	int i0 = mf_scan(c, 1, t->res, c->f->place->takes_first, &nf);
	if (i0 >= 0)
		return i0;
	if (nf == 0)
		return -1;
	if (c->f->place->needs_job_counts && job_counts(c, t->job_id)) {
		c->w->failed = OS_ENOMEM;
		return -1;
	}
	struct place_view v = {
		.noffers = c->n, .fits = c->fits, .nfits = nf,
		.free = c->freev, .agent_total = c->totalv,
		.agent = c->agentv, .nres = nres, .demand = t->res,
		.job_here = c->f->place->needs_job_counts ? c->job_here : NULL,
	};
	int i = c->f->place->choose(c->f->place_state, &v);
	if (c->f->place->score &&
	    world_explaining(c->w, c->f->id, EX_ALL, t->job_id))
		explain_scores(c, t, &v, i);
	for (int k = 0; k < nf; k++)
		if (c->fits[k] == i)
			return i;
	BUG("placement chose an offer that does not fit");
}

int sched_place_is_pure(const struct sched_ctx *c, const struct ptask *t)
{
	return c->f->place->takes_first && !is_rigid(c->f, W_TASK(c->w, t->id));
}

static int launch_one(struct sched_ctx *c, const struct ptask *pt, int i);

int sched_launch(struct sched_ctx *c, const struct ptask *pt, int i)
{
	struct world *w = c->w;
	struct task *t = W_TASK(w, pt->id);
	if (!is_rigid(c->f, t))
		return launch_one(c, pt, i);
	/* A rigid job starts whole, as sched_place planned it. */
	BUG_ON(!c->plan_valid || c->plan_job != pt->job_id);
	c->plan_valid = 0;
	world_explain_of(w, c->f->id, EX_NONE, pt->job_id, "%s starts rigid job %lld: %u tasks together",
		      c->f->name, (long long)pt->job_id, c->plan_n);
	for (uint32_t k = 0; k < c->plan_n; k++) {
		int rc = launch_one(c, &W_TASK(w, c->plan_task[k])->pt,
				    c->plan_offer[k]);
		if (rc)
			return rc;
	}
	jobmap_del(&c->f->jobs, pt->job_id);
	return 0;
}

int sched_try_launch(struct sched_ctx *c, const struct ptask *pt, int i)
{
	if (!pt || i < 0 || i >= c->n || offer_capped(c, i))
		return -1;
	struct task *t = W_TASK(c->w, pt->id);
	if (&t->pt != pt || t->state != TASK_WAITING || t->fw != c->f->id)
		return -1;
	if (is_rigid(c->f, t)) {
		/* The whole job goes where the plan puts it; the plan is
		 * made afresh so a stale one cannot be launched. */
		if (sched_place(c, pt) != i)
			return -1;
	} else if (!res_fits(t->res, c->off[i]->left, c->w->nres)) {
		return -1;
	}
	return sched_launch(c, pt, i);
}

static int launch_one(struct sched_ctx *c, const struct ptask *pt, int i)
{
	struct world *w = c->w;
	struct task *t = W_TASK(w, pt->id);
	struct offer *o = c->off[i];
	BUG_ON(t->state != TASK_WAITING);
	BUG_ON(!res_fits(t->res, o->left, w->nres));
	BUG_ON(offer_capped(c, i));
	if (c->nlaunched == c->cap_launched) {
		int cap = c->cap_launched ? c->cap_launched * 2 : 64;
		uint32_t *l = realloc(c->launched, sizeof *l * (size_t)cap);
		if (!l)
			return OS_ENOMEM;
		c->launched = l;
		c->cap_launched = cap;
	}
	c->launched[c->nlaunched++] = pt->id;
	master_offer_consume(w, o, t->res);
	o->launched++;
	/* Only this offer's path of the max-free tree changes: a
	 * recomputation over all offers after every launch made answering
	 * n offers O(n) per task. */
	if (c->mf_built) {
		res_sub(c->sumfree, t->res, w->nres);
		if (offer_capped(c, i))
			res_sub(c->sumfree, o->left, w->nres);
		mf_update(c, i);
	}
	if (c->jc_valid && c->jc_job == pt->job_id)
		for (int k = 0; k < c->n; k++)
			if (c->off[k]->agent == o->agent)
				c->job_here[k]++;
	/* RUNNING from here on; it leaves the queue after the walk, so the
	 * walk's position stays valid. */
	task_start(w, pt->id, o->agent);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Answering offers                                                     */

/* A hoarding framework keeps offers so that its later work can run on
 * them, and one under gang: hold keeps them for a rigid job: either
 * answers when work waits, even with no new offer due. */
static int hoard_can_use(const struct framework *f)
{
	return (f->hoard || f->gang == GANG_HOLD) && f->nheld > 0 && f->q_len > 0;
}

/* Make sure the framework answers by `due`: an earlier answer already
 * queued stands, a later one is moved forward. */
static void response_at(struct world *w, struct framework *f, simtime_t due)
{
	BUG_ON(due < w->now);
	if (evq_node_queued(&f->response_ev)) {
		if (f->response_ev.time <= due)
			return;
		evq_cancel(&w->q, &f->response_ev);
	}
	if (evq_push(&w->q, &f->response_ev, due, EVQ_PHASE_RESPONSE))
		w->failed = OS_ENOMEM;
}

void fw_answer_by(struct world *w, int fw, simtime_t due)
{
	struct framework *f = &w->fws[fw];
	if (!f->scripted)
		response_at(w, f, due);
}

void fw_schedule_response(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	/* A scripted framework holds its offers until an event acts. */
	if (f->off_head == POOL_NONE || f->scripted)
		return;
	response_at(w, f, W_OFFER(w, f->off_head)->due);
}

void fw_hoard_wake(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	if (f->scripted || !hoard_can_use(f))
		return;
	/* New work for a hoarder: it looks at the offers it kept, taking
	 * its decision time as for a new offer.  Only an arrival wakes it
	 * (not the end of its own answer), so work that fits no kept offer
	 * waits for the next offer instead of spinning at one instant.
	 * Under gang: hold this is what a batch scheduler does when a job
	 * is submitted while it holds processors for a blocked one: it
	 * looks again, and may start or backfill the newcomer there. */
	if (!f->hoard && w->interval == 0) {
		/* Event-driven: look after this instant's pass, which offers
		 * what tasks ending at this instant freed; answering before
		 * it, backfilling would count only part of the free
		 * resources. */
		f->wake_after_pass = 1;
		master_request_pass(w);
		return;
	}
	response_at(w, f, w->now + f->decision_time);
}

void fw_after_pass(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	if (!f->wake_after_pass)
		return;
	f->wake_after_pass = 0;
	if (!f->scripted && hoard_can_use(f))
		response_at(w, f, w->now + f->decision_time);
}

/* Unlink offer from a singly linked list; returns 1 when found. */
static int list_drop(struct world *w, uint32_t *head, uint32_t *tail,
		     uint32_t offer)
{
	uint32_t prev = POOL_NONE, cur = *head;
	while (cur != POOL_NONE && cur != offer) {
		prev = cur;
		cur = W_OFFER(w, cur)->next;
	}
	if (cur == POOL_NONE)
		return 0;
	uint32_t nx = W_OFFER(w, cur)->next;
	if (prev == POOL_NONE)
		*head = nx;
	else
		W_OFFER(w, prev)->next = nx;
	if (*tail == offer)
		*tail = prev;
	return 1;
}

void fw_drop_offer(struct world *w, int fw, uint32_t offer)
{
	struct framework *f = &w->fws[fw];
	if (list_drop(w, &f->held_head, &f->held_tail, offer)) {
		f->nheld--;
		return;
	}
	uint32_t prev = POOL_NONE, cur = f->off_head;
	while (cur != POOL_NONE && cur != offer) {
		prev = cur;
		cur = W_OFFER(w, cur)->next;
	}
	BUG_ON(cur == POOL_NONE);
	uint32_t nx = W_OFFER(w, cur)->next;
	if (prev == POOL_NONE)
		f->off_head = nx;
	else
		W_OFFER(w, prev)->next = nx;
	if (f->off_tail == offer)
		f->off_tail = prev;
	f->noutstanding--;
	/* Nothing left to answer: the answer is off, unless it is a
	 * hoarder's look at the offers it kept (work arrived for them). */
	if (f->off_head == POOL_NONE && !hoard_can_use(f))
		evq_cancel(&w->q, &f->response_ev);
}

/* An answer's scratch comes from the framework's and goes back to it
 * grown (struct fw_scratch); the time-dependent order is taken by
 * build_order itself, since c->order stays NULL without one. */
static void scratch_load(struct sched_ctx *c)
{
	const struct fw_scratch *s = &c->f->scratch;
	c->launched = s->launched;
	c->cap_launched = s->cap_launched;
	c->plan_task = s->plan_task;
	c->plan_offer = s->plan_offer;
	c->plan_cap = s->plan_cap;
	c->tmp_free = s->tmp_free;
	c->tmp_freev = s->tmp_freev;
	c->tmp_launched = s->tmp_launched;
	c->cap_tmp = s->cap_tmp;
	c->job_here = s->job_here;
	c->tmp_job_here = s->tmp_job_here;
	c->cap_job_here = s->cap_job_here;
	c->jc_agent = s->jc_agent;
}

static void scratch_save(const struct sched_ctx *c)
{
	struct fw_scratch *s = &c->f->scratch;
	s->launched = c->launched;
	s->cap_launched = c->cap_launched;
	s->plan_task = c->plan_task;
	s->plan_offer = c->plan_offer;
	s->plan_cap = c->plan_cap;
	s->tmp_free = c->tmp_free;
	s->tmp_freev = c->tmp_freev;
	s->tmp_launched = c->tmp_launched;
	s->cap_tmp = c->cap_tmp;
	s->job_here = c->job_here;
	s->tmp_job_here = c->tmp_job_here;
	s->cap_job_here = c->cap_job_here;
	s->jc_agent = c->jc_agent;
}

static void scratch_release(struct fw_scratch *s)
{
	free(s->launched);
	free(s->order);
	free(s->keyed);
	free(s->plan_task);
	free(s->plan_offer);
	free(s->tmp_free);
	free(s->tmp_freev);
	free(s->tmp_launched);
	free(s->job_here);
	free(s->tmp_job_here);
	free(s->jc_agent);
	memset(s, 0, sizeof *s);
}

uint32_t fw_first_waiting(const struct world *w, int fw)
{
	return tq_first(w, &w->fws[fw]);
}

void fw_respond(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	int ndue = 0;
	/* Offers are due in the order made (one decision_time for all), so
	 * when the newest is due all are: no walk over a pass's thousands
	 * of records just to count them (the reference mode walks). */
	if (!w->reference && f->off_tail != POOL_NONE &&
	    W_OFFER(w, f->off_tail)->due <= w->now) {
		ndue = (int)f->noutstanding;
	} else {
		for (uint32_t id = f->off_head; id != POOL_NONE;
		     id = W_OFFER(w, id)->next) {
			if (W_OFFER(w, id)->due > w->now)
				break;
			ndue++;
		}
	}
	if (ndue == 0 && !hoard_can_use(f)) {
		/* Woken early (for kept offers that have since timed out, say),
		 * this answer replaced the one due for the oldest outstanding
		 * offer: queue that one again, or the offer would never be
		 * answered. */
		fw_schedule_response(w, fw);
		return;
	}
	/* Offers held for a rigid job come first: they are the oldest. */
	int n = ndue + (int)f->nheld;

	struct sched_ctx c = {.w = w, .f = f, .n = n,
			      .walk = ++w->walks};
	scratch_load(&c);
	uint32_t *ids = NULL;
	/* Pointer arrays first, then the 4-byte ones: each part aligned. */
	size_t need = (size_t)n * (sizeof *c.off + sizeof *c.freev +
				   sizeof *c.totalv + sizeof *ids +
				   sizeof *c.agentv + sizeof *c.fits);
	if (need > w->answer_cap) {
		unsigned char *b = realloc(w->answer_buf, need);
		if (!b) {
			w->failed = OS_ENOMEM;
			goto out;
		}
		w->answer_buf = b;
		w->answer_cap = need;
	}
	unsigned char *p = w->answer_buf;
	c.off = (struct offer **)(void *)p;
	p += sizeof *c.off * (size_t)n;
	c.freev = (const resq_t **)(void *)p;
	p += sizeof *c.freev * (size_t)n;
	c.totalv = (const resq_t **)(void *)p;
	p += sizeof *c.totalv * (size_t)n;
	ids = (uint32_t *)(void *)p;
	p += sizeof *ids * (size_t)n;
	c.agentv = (int *)(void *)p;
	p += sizeof *c.agentv * (size_t)n;
	c.fits = (int *)(void *)p;
	uint32_t id = f->held_head;
	for (int i = 0; i < n; i++) {
		if (i == (int)f->nheld)
			id = f->off_head;
		struct offer *o = W_OFFER(w, id);
		ids[i] = id;
		c.off[i] = o;
		c.freev[i] = o->left;
		/* The agent's row, not its record (a cache miss apiece). */
		c.totalv[i] = w->atotal + (size_t)o->agent * (size_t)w->nres;
		c.agentv[i] = o->agent;
		id = o->next;
	}
	/* An answer to held offers alone (none due) leaves every outstanding
	 * offer in the hand: the walk above ended on the last held one. */
	if (ndue == 0)
		id = f->off_head;
	/* Detach the batch from the hand before acting on it. */
	f->held_head = f->held_tail = POOL_NONE;
	f->nheld = 0;
	f->off_head = id;
	if (id == POOL_NONE)
		f->off_tail = POOL_NONE;
	f->noutstanding -= (uint32_t)ndue;

	if (f->q_len > 0) {
		if (f->pol->key && !f->key_static && build_order(&c)) {
			w->failed = OS_ENOMEM;
			goto out;
		}
		if (f->host_answer)
			f->host_answer(f->host_ctx, fw, &c);
		else
			f->pol->schedule(f->pol_state, &c);
	}

	for (int k = 0; k < c.nlaunched; k++)
		tq_remove(w, f, c.launched[k]);

	/* gang: hold keeps untouched offers while a rigid job waits for
	 * more: the hoarding of two-level scheduling, bounded only by
	 * offer_timeout. */
	int hold = f->gang == GANG_HOLD && c.gang_blocked;
	int progress = 0;
	for (int i = 0; i < n; i++) {
		struct offer *o = c.off[i];
		/* hoard: keep whatever was not used, the framework's bet
		 * that its next tasks will want it; only offer_timeout
		 * takes it back. */
		int keep = (hold && o->launched == 0) ||
			   (f->hoard && !res_is_zero(o->left, w->nres));
		if (keep && o->launched > 0)
			progress = 1;
		if (keep) {
			o->next = POOL_NONE;
			if (f->held_tail == POOL_NONE)
				f->held_head = ids[i];
			else
				W_OFFER(w, f->held_tail)->next = ids[i];
			f->held_tail = ids[i];
			f->nheld++;
			if (w->opt.explain) {
				char buf[256];
				res_format(&w->sc->res, o->left, buf, sizeof buf);
				world_explain_of(w, fw, o->agent, EX_NONE, f->hoard ?
					      "%s keeps offer %llu <%s> (hoard)" :
					      "%s holds offer %llu <%s> for a rigid job that does not fit yet",
					      f->name, (unsigned long long)o->number, buf);
			}
			continue;
		}
		if (w->offer_timeout > 0)   /* else never queued */
			evq_cancel(&w->q, &o->timeout_ev);
		int accepted = o->launched > 0;
		if (accepted)
			progress = 1;
		if (w->rp.rec)
			replay_offer_done(w, o, accepted ? 'A' : 'D',
					  f->filter_duration);
		if (!res_is_zero(o->left, w->nres)) {
			char buf[256];
			if (w->opt.explain) {
				res_format(&w->sc->res, o->left, buf, sizeof buf);
				if (f->filter_duration > 0)
					world_explain_of(w, fw, o->agent, EX_NONE, "%s %s offer %llu, returns <%s> (filter %.3g s)",
						      f->name, accepted ? "accepts" : "declines",
						      (unsigned long long)o->number, buf,
						      simtime_to_sec(f->filter_duration));
				else
					world_explain_of(w, fw, o->agent, EX_NONE, "%s %s offer %llu, returns <%s> (no filter)",
						      f->name, accepted ? "accepts" : "declines",
						      (unsigned long long)o->number, buf);
			}
			if (!accepted) {
				master_decline_untouched(w, fw, o);
			} else {
				if (f->filter_duration > 0)
					master_install_filter(w, fw, o->agent,
							      o->left);
				master_recover(w, o);
			}
		} else {
			world_explain_of(w, fw, o->agent, EX_NONE, "%s accepts offer %llu whole", f->name,
				      (unsigned long long)o->number);
		}
		if (accepted)
			f->m.accepted++;
		else
			f->m.declined++;
		metrics_offer_done(w, o, accepted ? "accepted" : "declined");
		master_offer_free(w, ids[i]);
	}
	/* Resources came back after a launch: in event-driven mode the
	 * leftovers are offered again at once.  A pure decline does not
	 * trigger a pass (as in Mesos, declined resources wait for the next
	 * allocation), which is also what keeps a framework that declines
	 * without a filter from looping at one instant. */
	if (progress)
		master_request_pass(w);
	fw_schedule_response(w, fw);
	if (f->q_len > 0 && w->opt.explain)
		why_waiting(w, fw);
out:
	scratch_save(&c);
}

void fw_act_without_offers(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	struct sched_ctx c = {.w = w, .f = f, .n = 0,
			      .walk = ++w->walks};
	scratch_load(&c);
	if (f->pol->key && !f->key_static && build_order(&c)) {
		w->failed = OS_ENOMEM;
		scratch_save(&c);
		return;
	}
	f->pol->schedule(f->pol_state, &c);
	/* Nothing can launch without offers. */
	BUG_ON(c.nlaunched != 0);
	scratch_save(&c);
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                           */

static int init_params(struct world *w, struct policy_params *pp,
		       struct kv *kv, int n, const char *owner)
{
	pp->kv = kv;
	pp->n = n;
	pp->file = w->sc->file;
	pp->diag = w->diag;
	pp->seed = w->sc->seed;
	pp->owner = owner;
	return 0;
}

int fw_init(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	const struct framework_spec *fs = &w->sc->fws[fw];
	f->id = fw;
	f->spec = fs;
	f->name = fs->name;
	f->role = fs->role;
	f->weight = fs->weight;
	f->why_task = POOL_NONE;
	f->why_resv_at = -1;
	f->q_root = POOL_NONE;
	f->rq_root = POOL_NONE;
	f->off_head = f->off_tail = POOL_NONE;
	f->run_head = f->run_tail = POOL_NONE;
	f->held_head = f->held_tail = POOL_NONE;
	f->gang = fs->gang;
	f->scripted = fs->scripted;
	f->hoard = fs->hoard;
	f->gpu_capable = fs->gpu_capable;
	f->suppress_idle = fs->suppress_idle;
	f->min_revive = simtime_from_sec(fs->min_revive_interval);
	f->last_revive = -1;
	f->present = !fs->absent;
	jobmap_init(&f->jobs);
	f->decision_time = simtime_from_sec(fs->decision_time);
	f->max_tasks_per_offer = fs->max_tasks_per_offer;
	f->refuse_seconds = fs->refuse_seconds;
	f->filter_duration = 0;
	if (fs->refuse_seconds > 0) {
		/* A filter lasts at least one allocation interval, as in
		 * Mesos, or it could lapse before the next pass sees it. */
		simtime_t d = simtime_from_sec(fs->refuse_seconds);
		f->filter_duration = d > w->interval ? d : w->interval;
	}
	evq_node_init(&f->arrival_ev, EV_ARRIVAL, (uint32_t)fw);
	evq_node_init(&f->response_ev, EV_RESPONSE, (uint32_t)fw);
	evq_node_init(&f->filter_ev, EV_FILTER, (uint32_t)fw);
	evq_node_init(&f->revive_ev, EV_REVIVE, (uint32_t)fw);

	const struct offersim_policy *plug = NULL;
	int plugged = fs->policy_ref.so || fs->policy_ref.host;
	int pi = plugged ? 0 : policy_index(POLICY_FRAMEWORK, fs->policy);
	int li = policy_index(POLICY_PLACEMENT, fs->placement);
	if (pi < 0 || li < 0) {
		diag_error(w->diag, w->sc->file, fs->pos.line, fs->pos.col,
			   "unknown policy for framework '%s'", fs->name);
		return OS_EINVAL;
	}
	if (plugged) {
		if (plugin_resolve(w, &fs->policy_ref, fs->policy,
				   OFFERSIM_POLICY_FRAMEWORK, &fs->policy_pos,
				   &f->pol_dl, &plug))
			return OS_EINVAL;
		f->pol = plugin_task_for(plug);
	} else {
		f->pol = task_policies[pi];
	}
	f->place = placement_policies[li];
	if (f->gang != GANG_NONE && f->pol->acts_without_offers) {
		diag_error(w->diag, w->sc->file, fs->policy_pos.line,
			   fs->policy_pos.col,
			   "framework '%s': policy '%s' preempts single tasks and cannot run rigid (gang) jobs",
			   fs->name, fs->policy);
		return OS_EINVAL;
	}
	f->pol_state = calloc(1, f->pol->state_size ? f->pol->state_size : 1);
	f->place_state = calloc(1, f->place->state_size ? f->place->state_size : 1);
	size_t na = (size_t)w->nagents;
	f->filt = calloc(na ? na * FILT_STRIDE(w->nres) : 1, sizeof *f->filt);
	if (!f->pol_state || !f->place_state || !f->filt)
		return OS_ENOMEM;
	f->filter_gen = 1;   /* zeroed entries (gen 0) are never valid */

	init_params(w, &f->pol_params, fs->policy_opts, fs->npolicy_opts,
		    fs->name);
	f->pol_params.line = fs->policy_pos.line;
	f->pol_params.col = fs->policy_pos.col;
	f->pol_params.plugin = plug;
	init_params(w, &f->place_params, NULL, 0, fs->name);
	int before = diag_errors(w->diag);
	if (f->pol->init && f->pol->init(f->pol_state, &f->pol_params) < 0)
		return OS_EINVAL;
	if (f->place->init && f->place->init(f->place_state, &f->place_params) < 0)
		return OS_EINVAL;
	/* Known before the first task joins the queue: it decides the
	 * queue's order. */
	f->key_static = f->pol->key && f->pol->key_static &&
			f->pol->key_static(f->pol_state);
	policy_params_check_unused(&f->pol_params, "policy_options");
	if (diag_errors(w->diag) > before)
		return OS_EINVAL;
	return 0;
}

void fw_release(struct world *w, int fw)
{
	struct framework *f = &w->fws[fw];
	if (f->pol && f->pol->release && f->pol_state)
		f->pol->release(f->pol_state);
	if (f->place && f->place->release && f->place_state)
		f->place->release(f->place_state);
	free(f->pol_state);
	free(f->place_state);
	/* After release: the plug-in's code runs until then. */
	plugin_close(f->pol_dl);
	f->pol_dl = NULL;
	free(f->filt);
	free(f->exp_ring);
	scratch_release(&f->scratch);
	jobmap_release(&f->jobs);
	wl_close(f->src);
	qstat_release(&f->m.wait);
	qstat_release(&f->m.response);
	qstat_release(&f->m.job_wait);
}
