/*
 * synth.c - the synthetic workload generator: jobs with random arrivals,
 * classes, sizes, durations, demands, priorities and runtime estimates,
 * drawn from the distributions of a struct synth_spec.
 *
 * Every random quantity has its own named stream (rng.h), so changing one
 * parameter never shifts the draws of another.  For the framework called
 * N (the entry's name for frameworks made by framework_by) with classes C:
 *
 *     arrival/N             the arrival process (arrival.c)
 *     class/N               which class each job belongs to
 *     tasks/N/C             tasks per job          (per job)
 *     priority/N/C          priority               (per job)
 *     duration/N/C          task duration          (per task)
 *     estimate/N/C          estimate factor        (per task)
 *     res/N/C/<resource>    demand per resource    (per task)
 *
 * so changing class B's durations leaves the arrival times, the class of
 * every job and every record of class A exactly as they were: which is
 * what makes two runs comparable.  A workload without `classes:` is one
 * class whose streams drop the "/C" (tasks/N, duration/N, res/N/cpus...):
 * those are the names the generator had before classes existed, so old
 * scenarios produce the same workload to the microsecond.  A constant
 * draws nothing and gets no stream.
 *
 * Records are produced on demand, one job's draws at a time, so a
 * million-job workload costs no memory.  Job j (1-based) arrives at the
 * process's j-th arrival (arrival.h); its tasks (task_id 0..k-1, k =
 * max(1, round(draw)), capped at INT_MAX) follow one another with that
 * submit time, the job's class in sched_class (the index in `classes:`)
 * and the job's priority.  Each task's estimate is its duration times a
 * draw of the class's estimate factor (the duration itself without one);
 * an estimate that rounds to 0 counts as unknown, so the engine uses the
 * duration.
 *
 * The scenario must outlive the source: empirical distributions point at
 * histograms the scenario owns.
 *
 * Bounds: a draw is checked before it becomes a record.  A duration or
 * estimate beyond SIMTIME_INPUT_MAX_SEC, a demand at or beyond RESQ_LIMIT
 * thousandths (a lognormal with a large mu, a Pareto with a tiny shape)
 * or an arrival past SIMTIME_INPUT_MAX_SEC is an input error reported at
 * the distribution's place in the scenario, and the source stops; it never
 * reaches the engine as an overflowed value.
 */
#include "formats.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../sim/core/diag.h"
#include "../sim/core/dist.h"
#include "../sim/core/err.h"
#include "../sim/core/rng.h"
#include "../sim/config/scenario.h"
#include "arrival.h"
#include "source.h"

/* A class and its streams (NULL for constant quantities). */
struct gen_class {
	struct synth_class c;       /* copied; its pointers are the
				       scenario's */
	gsl_rng *duration, *tasks, *priority, *estimate;
	gsl_rng *res[RES_MAX];
};

struct synth_src {
	struct wl_source base;
	struct synth_spec spec;     /* copied; arrays stay the scenario's */
	int nres;
	gsl_rng *arrival_rng, *choose;
	struct arrival arrival;
	gsl_ran_discrete_t *mix;    /* class weights; NULL for one class */
	struct gen_class *cls;
	int ncls;

	long job;                   /* current job, 0 before the first */
	int ntasks, next_task;      /* tasks of the current job */
	int cur;                    /* class of the current job */
	int priority;               /* of the current job */
	simtime_t submit;           /* of the current job */

	struct diag *d;             /* for a draw out of bounds */
	const char *file;           /* the scenario's, for messages */
	const char *fwname;
	const struct res_names *rn; /* the scenario's */
};

/* Report a draw of what (of distribution ds, in unit) out of bounds;
 * returns OS_ERANGE. */
static int bad_draw(struct synth_src *g, const struct dist_spec *ds,
		    const char *what, double v, const char *limit)
{
	diag_error(g->d, g->file, ds->pos.line, ds->pos.col,
		   "a draw of '%s' for job %ld of framework '%s' is %g, beyond "
		   "the limit of %s; the distribution's parameters give values "
		   "no run can hold", what, g->job, g->fwname, v, limit);
	return OS_ERANGE;
}

/* A draw, or the constant without touching any stream. */
static double draw(const struct dist_spec *d, gsl_rng *r)
{
	if (d->kind == DIST_CONSTANT || !r)
		return d->p[0];
	return dist_sample(d, r);
}

static int clamp_int(double x, int lo)
{
	if (!(x >= lo))
		return lo;
	return x >= INT_MAX ? INT_MAX : (int)x;
}

static int next_job(struct synth_src *g)
{
	g->submit = arrival_next(&g->arrival);
	g->cur = g->mix ? (int)gsl_ran_discrete(g->choose, g->mix) : 0;
	struct gen_class *k = &g->cls[g->cur];
	double n = round(draw(&k->c.tasks_per_job, k->tasks));
	g->job++;
	if (n > WL_JOB_TASKS_MAX)
		return bad_draw(g, &k->c.tasks_per_job, "tasks_per_job", n,
				"1048576 tasks per job");
	g->ntasks = clamp_int(n, 1);
	double p = round(draw(&k->c.priority, k->priority));
	g->priority = clamp_int(p, INT_MIN);
	g->next_task = 0;
	return 0;
}

static int synth_next(struct wl_source *s, struct wl_task *out)
{
	struct synth_src *g = (struct synth_src *)s;
	if (g->next_task >= g->ntasks) {
		if (g->job >= g->spec.jobs)
			return 0;
		int rc = next_job(g);
		if (rc < 0)
			return rc;
	}
	struct gen_class *k = &g->cls[g->cur];
	if (g->submit > (simtime_t)(SIMTIME_INPUT_MAX_SEC * 1e6))
		return bad_draw(g, &g->spec.arrival, "arrival",
				simtime_to_sec(g->submit), "1e12 s");

	memset(out, 0, sizeof *out);
	out->job_id = g->job;
	out->task_id = g->next_task++;
	out->submit = g->submit;
	double dur = draw(&k->c.duration, k->duration);
	if (!simtime_sec_ok(dur))
		return bad_draw(g, &k->c.duration, "duration", dur, "1e12 s");
	out->duration = simtime_from_sec(dur);
	out->estimate = out->duration;
	if (k->c.has_estimate) {
		double e = (double)out->duration *
			   draw(&k->c.estimate, k->estimate);
		if (!simtime_sec_ok(e / 1e6))
			return bad_draw(g, &k->c.estimate, "estimate",
					e / 1e6, "1e12 s");
		out->estimate = simtime_from_sec(e / 1e6);
	}
	out->priority = g->priority;
	out->job_tasks = g->ntasks;
	out->sched_class = g->cur;
	out->user = -1;
	for (int i = 0; i < g->nres; i++) {
		if (!k->c.has_res[i])
			continue;
		double v = draw(&k->c.res[i], k->res[i]);
		if (!resq_in_range(v))
			return bad_draw(g, &k->c.res[i], g->rn->name[i], v,
					"2^53 thousandths (9007199254741)");
		out->res[i] = resq_from_double(v);
	}
	return 1;
}

static void synth_close(struct wl_source *s)
{
	struct synth_src *g = (struct synth_src *)s;
	for (int i = 0; g->cls && i < g->ncls; i++) {
		struct gen_class *k = &g->cls[i];
		gsl_rng_free(k->duration);
		gsl_rng_free(k->tasks);
		gsl_rng_free(k->priority);
		gsl_rng_free(k->estimate);
		for (int j = 0; j < RES_MAX; j++)
			gsl_rng_free(k->res[j]);
	}
	free(g->cls);
	if (g->mix)
		gsl_ran_discrete_free(g->mix);
	arrival_release(&g->arrival);
	gsl_rng_free(g->arrival_rng);
	gsl_rng_free(g->choose);
	free(g);
}

static const struct wl_source_ops synth_ops = {
	.name = "synthetic",
	.next = synth_next,
	.close = synth_close,
};

/*
 * The stream "what/fw[/class][/res]" when d needs draws; *r stays NULL for
 * a constant.  Returns 0, or -1 when out of memory.
 */
static int stream(gsl_rng **r, const struct dist_spec *d, uint64_t seed,
		  const char *what, const char *fw, const char *cls,
		  const char *res)
{
	char name[512];
	if (d->kind == DIST_CONSTANT)
		return 0;
	snprintf(name, sizeof name, "%s/%s%s%s%s%s", what, fw,
		 cls ? "/" : "", cls ? cls : "", res ? "/" : "",
		 res ? res : "");
	*r = rng_stream_new(seed, name);
	return *r ? 0 : -1;
}

/* The single class of a workload without `classes:`. */
static void single_class(const struct synth_spec *s, struct synth_class *c)
{
	memset(c, 0, sizeof *c);
	c->weight = 1;
	c->duration = s->duration;
	c->tasks_per_job = s->tasks_per_job;
	memcpy(c->res, s->res, sizeof c->res);
	memcpy(c->has_res, s->has_res, sizeof c->has_res);
	c->priority = s->priority;
	c->estimate = s->estimate;
	c->has_estimate = s->has_estimate;
}

static int open_class(struct gen_class *k, const struct scenario *sc,
		      const char *fw)
{
	const struct synth_class *c = &k->c;
	const char *cn = c->name;   /* NULL: the unnamed single class */
	if (stream(&k->duration, &c->duration, sc->seed, "duration", fw, cn,
		   NULL) ||
	    stream(&k->tasks, &c->tasks_per_job, sc->seed, "tasks", fw, cn,
		   NULL) ||
	    stream(&k->priority, &c->priority, sc->seed, "priority", fw, cn,
		   NULL))
		return -1;
	if (c->has_estimate && stream(&k->estimate, &c->estimate, sc->seed,
				      "estimate", fw, cn, NULL))
		return -1;
	for (int i = 0; i < sc->res.n; i++)
		if (c->has_res[i] && stream(&k->res[i], &c->res[i], sc->seed,
					    "res", fw, cn, sc->res.name[i]))
			return -1;
	return 0;
}

int wl_synth_open(const struct scenario *sc, int fw, struct diag *d,
		  struct wl_source **out)
{
	const struct framework_spec *fs = &sc->fws[fw];
	/* The entry's name, so that the frameworks framework_by makes of it
	 * draw one workload between them. */
	const char *fwname = fs->wl.origin ? fs->wl.origin
			   : fs->name ? fs->name : "";
	char name[512];
	*out = NULL;
	struct synth_src *g = calloc(1, sizeof *g);
	if (!g)
		goto nomem;
	g->base.ops = &synth_ops;
	g->spec = fs->wl.synth;
	g->nres = sc->res.n;
	g->d = d;
	g->file = sc->file;
	g->fwname = fs->name ? fs->name : "";
	g->rn = &sc->res;
	g->ncls = g->spec.nclasses > 0 ? g->spec.nclasses : 1;
	g->cls = calloc((size_t)g->ncls, sizeof *g->cls);
	if (!g->cls)
		goto nomem;
	snprintf(name, sizeof name, "arrival/%s", fwname);
	g->arrival_rng = rng_stream_new(sc->seed, name);
	if (!g->arrival_rng ||
	    arrival_init(&g->arrival, &g->spec, g->arrival_rng))
		goto nomem;
	if (g->spec.nclasses == 0) {
		single_class(&g->spec, &g->cls[0].c);
	} else {
		double *w = malloc(sizeof *w * (size_t)g->ncls);
		if (!w)
			goto nomem;
		for (int i = 0; i < g->ncls; i++) {
			g->cls[i].c = g->spec.classes[i];
			w[i] = g->spec.classes[i].weight;
		}
		/* One class needs no choice, and no stream for it. */
		if (g->ncls > 1) {
			g->mix = gsl_ran_discrete_preproc((size_t)g->ncls, w);
			snprintf(name, sizeof name, "class/%s", fwname);
			g->choose = rng_stream_new(sc->seed, name);
		}
		free(w);
		if (g->ncls > 1 && (!g->mix || !g->choose))
			goto nomem;
	}
	for (int i = 0; i < g->ncls; i++)
		if (open_class(&g->cls[i], sc, fwname))
			goto nomem;
	*out = &g->base;
	return 0;
nomem:
	if (g)
		synth_close(&g->base);
	diag_error(d, NULL, 0, 0,
		   "out of memory opening the synthetic workload of '%s'",
		   fwname);
	return OS_ENOMEM;
}
