/*
 * synth.c - the synthetic workload generator: jobs with random arrivals,
 * sizes, durations and demands, drawn from the distributions of a
 * struct synth_spec.
 *
 * Each quantity has its own named stream, "arrival/N", "duration/N",
 * "tasks/N" and "res/N/<resource>" for the framework called N (the entry's
 * name for frameworks made by framework_by), so changing
 * one parameter (a longer duration distribution, one more resource) never
 * shifts the draws of another: the arrival times stay identical when only
 * durations change, which is what makes two runs comparable.  Records are
 * produced on demand, one job's draw at a time, so a million-job workload
 * costs no memory.
 *
 * Job j (1-based) arrives at start for j = 1 and one interarrival draw
 * after job j-1 otherwise; its tasks (task_id 0..k-1, k = max(1,
 * round(draw)) and capped at INT_MAX) follow one another with that submit
 * time.  Times are accumulated in integer microseconds so the sequence is
 * exact and does not drift with floating sums.  Estimates equal durations
 * and priorities are 0: a generator that wants estimate error or priority
 * classes would add a stream for each.
 */
#include "formats.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "../sim/diag.h"
#include "../sim/dist.h"
#include "../sim/err.h"
#include "../sim/rng.h"
#include "../sim/scenario.h"
#include "source.h"

struct synth_src {
	struct wl_source base;
	struct synth_spec spec;     /* copied: no pointers inside */
	int nres;
	gsl_rng *arrival, *duration, *tasks;
	gsl_rng *res[RES_MAX];      /* NULL for resources without demand */

	long job;                   /* current job, 0 before the first */
	int ntasks, next_task;      /* tasks of the current job */
	simtime_t submit;           /* of the current job */
};

static int synth_next(struct wl_source *s, struct wl_task *out)
{
	struct synth_src *g = (struct synth_src *)s;
	if (g->next_task >= g->ntasks) {
		if (g->job >= g->spec.jobs)
			return 0;
		if (g->job == 0) {
			g->submit = simtime_from_sec(g->spec.start);
		} else {
			simtime_t gap = simtime_from_sec(
				dist_sample(&g->spec.arrival, g->arrival));
			g->submit = gap > SIMTIME_NEVER - g->submit
					    ? SIMTIME_NEVER : g->submit + gap;
		}
		double k = round(dist_sample(&g->spec.tasks_per_job, g->tasks));
		g->ntasks = !(k >= 1) ? 1 : k >= INT_MAX ? INT_MAX : (int)k;
		g->next_task = 0;
		g->job++;
	}

	memset(out, 0, sizeof *out);
	out->job_id = g->job;
	out->task_id = g->next_task++;
	out->submit = g->submit;
	out->duration = simtime_from_sec(dist_sample(&g->spec.duration,
						     g->duration));
	out->estimate = out->duration;
	out->job_tasks = g->ntasks;
	out->user = -1;
	for (int i = 0; i < g->nres; i++)
		if (g->res[i])
			out->res[i] = resq_from_double(
				dist_sample(&g->spec.res[i], g->res[i]));
	return 1;
}

static void synth_close(struct wl_source *s)
{
	struct synth_src *g = (struct synth_src *)s;
	gsl_rng_free(g->arrival);
	gsl_rng_free(g->duration);
	gsl_rng_free(g->tasks);
	for (int i = 0; i < RES_MAX; i++)
		gsl_rng_free(g->res[i]);
	free(g);
}

static const struct wl_source_ops synth_ops = {
	.name = "synthetic",
	.next = synth_next,
	.close = synth_close,
};

/* A stream "what/framework[/resource]"; NULL when out of memory. */
static gsl_rng *stream(uint64_t seed, const char *what, const char *fw,
		       const char *res)
{
	char name[256];
	if (res)
		snprintf(name, sizeof name, "%s/%s/%s", what, fw, res);
	else
		snprintf(name, sizeof name, "%s/%s", what, fw);
	return rng_stream_new(seed, name);
}

int wl_synth_open(const struct scenario *sc, int fw, struct diag *d,
		  struct wl_source **out)
{
	const struct framework_spec *fs = &sc->fws[fw];
	/* The entry's name, so that the frameworks framework_by makes of it
	 * draw one workload between them. */
	const char *fwname = fs->wl.origin ? fs->wl.origin
			   : fs->name ? fs->name : "";
	*out = NULL;
	struct synth_src *g = calloc(1, sizeof *g);
	if (!g)
		goto nomem;
	g->base.ops = &synth_ops;
	g->spec = fs->wl.synth;
	g->nres = sc->res.n;
	g->arrival = stream(sc->seed, "arrival", fwname, NULL);
	g->duration = stream(sc->seed, "duration", fwname, NULL);
	g->tasks = stream(sc->seed, "tasks", fwname, NULL);
	if (!g->arrival || !g->duration || !g->tasks)
		goto nomem;
	for (int i = 0; i < g->nres; i++) {
		if (!g->spec.has_res[i])
			continue;
		g->res[i] = stream(sc->seed, "res", fwname, sc->res.name[i]);
		if (!g->res[i])
			goto nomem;
	}
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
