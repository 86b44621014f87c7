/*
 * headline.h - the metrics compare and sweep read from finished runs:
 * their names, titles and units, and their values.
 *
 * The summary figures come from the one table in sim/model/figures.h
 * (each row with a rank is a headline column); the run-wide ones
 * (utilization of every resource, makespan) and fairness, which is
 * computed here from shares.csv, are listed in headline.c.  Both compare
 * (its columns) and sweep (its SLO metrics) use this module, so neither
 * needs the other for it.
 */
#ifndef OFFERSIM_HEADLINE_H
#define OFFERSIM_HEADLINE_H

struct jr_value;

struct headline {
	char key[96];          /* dotted summary.json path, or "fairness" */
	char title[112];       /* column title */
	int higher_better;
	int seconds;
};

/*
 * The headline metrics of the runs whose summaries are docs[0..n) (NULL
 * entries are skipped), in column order: utilization gets one column per
 * resource, the union over the runs in order of first appearance.
 * Returns the count with a malloc'd array in *out, or OS_ENOMEM.
 */
int headline_list(struct jr_value *const *docs, int n, struct headline **out);

/*
 * Jain's index over the frameworks' time-averaged dominant shares, read
 * from rundir/shares.csv; NaN when it cannot be read or nobody held
 * anything.
 */
double headline_fairness(const char *rundir);

/*
 * One metric of a finished run: a dotted summary.json path
 * ("wait.p95", "utilization.cpus", "frameworks.a.wait.mean") or
 * "fairness".  NaN when absent.
 */
double headline_value(const struct jr_value *summary, const char *rundir,
		      const char *key);

/* Whether key names a metric of a run with this summary (a number may
 * still be NaN, as fairness with no shares). */
int headline_exists(const struct jr_value *summary, const char *key);

/*
 * Whether key can name a number of summary.json at all, whatever the run:
 * a figure (figures.h), run-wide or under frameworks.NAME., a run-wide
 * number, one per resource (utilization.R, ...), or fairness.  Framework
 * and resource names are taken as given (the runs decide them); sweep
 * checks its SLO metrics with this before any run starts, and
 * headline_exists() on the finished runs.  A test holds this list to
 * every number a real summary.json has.
 */
int headline_known(const char *key);

/* Whether the metric is a time in seconds (for axis labels): a figure
 * with FIG_SECONDS, under frameworks.NAME. or not, makespan or sim_time. */
int headline_is_seconds(const char *key);

/* Whether the figure key can never be negative, so that a confidence
 * interval over seeds is cut at 0 (ci_floor). */
int headline_nonnegative(const char *key);

#endif
