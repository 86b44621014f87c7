/*
 * earlystop.h - SLOs a run can prove missed before it ends, for sweeps
 * (`offersim run --stop-if-missed SLO`, which `offersim sweep` passes to
 * its probes).
 *
 * Supported: METRIC<=X where METRIC is wait.S or response.S, or
 * frameworks.NAME.wait.S / frameworks.NAME.response.S, and S is mean,
 * p50, p90, p95, p99 or max.  The run stops when the model's lower bound
 * on the final figure (struct sim_bounds in sim/model/engine.h) exceeds
 * X: max at any time, mean and percentiles once every workload has been
 * read (tasks yet to come could still pull them down), or before that
 * when the run's final count of tasks is known in advance (the bound's
 * `valid`).  Other metrics (utilization, slowdowns, jobs.*, fairness)
 * and >= SLOs never stop a run.
 */
#ifndef OFFERSIM_EARLYSTOP_H
#define OFFERSIM_EARLYSTOP_H

#include <stddef.h>

struct scenario;

struct es_slo {
	char text[256];          /* as typed */
	char metric[128];
	double target;
	int fw;                  /* framework index, or -1 for all */
	int response;            /* 0 wait, 1 response */
	int stat;                /* 0 mean, 1 p50, 2 p90, 3 p95, 4 p99, 5 max */
};

/* Whether metric names a figure a run can bound (syntax only; a
 * framework name is checked against the scenario by es_parse). */
int es_metric_supported(const char *metric);

/* Split "METRIC<=X" (and "METRIC>=X" when ge_ok) into metric (msize
 * bytes) and *target, *ge = 1 for >=; the syntax only, shared with sweep's
 * --slo.  0, or -1 when there is no operator, the metric is empty or too
 * long, or X is not a finite number. */
int es_split_slo(const char *text, int ge_ok, char *metric, size_t msize,
		 double *target, int *ge);

/* Parse "METRIC<=X" for sc.  0, or -1 when it is malformed or not
 * supported (see above). */
int es_parse(const char *text, const struct scenario *sc, struct es_slo *out);

/* The stop condition over n SLOs: a struct sim_stop's check (ctx: a
 * struct es_set).  Stops at the first SLO whose bound exceeds its
 * target, and records which in stopped, at and why. */
struct es_set {
	const struct es_slo *slo;
	int n;
	int stopped;
	double at;               /* seconds of simulated time */
	int which;               /* index in slo[] */
	double bound;
};
struct sim_bounds;
struct sim_stop_why;
int es_check(void *ctx, const struct sim_bounds *b, struct sim_stop_why *why);

#endif
