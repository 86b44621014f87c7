/*
 * figures.h - the summary figures of a run, defined once.
 *
 * Every figure that summary.json reports for the whole run and again for
 * each framework (task and job counts, waits, responses, slowdowns, offer
 * counts) is one row of FIGURES below.  The row drives everything the
 * figure needs: its field in struct fw_metrics (the recording side adds
 * to that field), the sum over frameworks, its place and key in
 * summary.json, its place in the human summary printed by `offersim run`,
 * and its names for `compare` and `sweep` (headline columns, SLO metrics,
 * units).  The run-wide numbers (sim time, utilization, span, offered
 * load) are not figures: they do not exist per framework.
 *
 * Columns of X(id, kind, field, group, key, hpos, hline, htext, hif,
 *              flags, rank, title, stats):
 *   id     the figure's enum name, FIG_<id>
 *   kind   COUNT  uint64_t, summed over frameworks, a JSON integer
 *          SUM    double, summed, a JSON number
 *          MEAN   struct fig_mean {sum, n}: record with fig_mean_add();
 *                 reported as {"mean": sum / n} (null when n == 0)
 *          DIST   struct qstat (qstat.h): {"mean", "p50", "p90", "p95",
 *                 "p99", "max"} over the union of the frameworks' values
 *   field  the struct fw_metrics member
 *   group  the JSON object it sits in ("" for the figures' own level);
 *          consecutive rows of one group form one object, its COUNT and
 *          SUM members on the group's line, its MEAN and DIST members on
 *          lines of their own after them
 *   key    its JSON key within the group
 *   hpos   its place in the human summary, line * 10 + item (0: not
 *          shown).  Lines print in hpos order, items of a line joined by
 *          ", ".  Items with hpos below 20 (line 1) come before the
 *          run's utilization, span and offered-load lines, the others
 *          after them.
 *   hline  the line's label (the first item's label names the line)
 *   htext  the item's text: '#' is the value (an integer, or %.3f), '@'
 *          the bounded-slowdown threshold; DIST items ignore it and print
 *          mean, p50, p95, p99 and max.  A line whose MEAN and DIST items
 *          have no values says "(no finished tasks)".
 *   hif    FIG_<id> of a COUNT that must be > 0 for the line to show, or
 *          FIG_ALWAYS
 *   flags  FIG_SECONDS (a time: compare and sweep label it "(s)"),
 *          FIG_HIGHER (higher is better, for the best-of marks),
 *          FIG_NOTE (its percentiles, when approximate, are followed by
 *          the note on metrics.exact_percentiles after the last such line)
 *   rank   its column position among compare's headline metrics (0: not a
 *          headline); a DIST or MEAN row gives one column per entry of
 *          stats, at rank, rank + 1, ...  The run-wide headlines have
 *          ranks too (headline.c): utilization 40, makespan 50, fairness 60.
 *   title  the headline column's title; '%' stands for the stat
 *   stats  the headline stats of a DIST or MEAN row ("mean p95 p99"); the
 *          metric's name is group.key.stat (group.key for COUNT and SUM)
 *
 * Adding a figure: one row here (pick an hpos, and a rank after the last
 * one so the columns of older comparisons keep their places), then record
 * it where it happens by adding to fw->m.<field> (fig_mean_add for a
 * MEAN, qstat_add for a DIST); the model's metrics.c and the cli's
 * compare, sweep and headline modules need no change.  A DIST figure's
 * values must also be freed where the framework is (fw_release in
 * framework.c releases each qstat by name).  Add a test that reads the
 * new key from summary.json, and a line in README's outputs section.
 */
#ifndef OFFERSIM_FIGURES_H
#define OFFERSIM_FIGURES_H

#include <stdint.h>

#include "../core/qstat.h"

struct fig_mean {
	double sum;
	uint64_t n;
};

static inline void fig_mean_add(struct fig_mean *m, double x)
{
	m->sum += x;
	m->n++;
}

#define FIG_SECONDS 1
#define FIG_HIGHER  2
#define FIG_NOTE    4

/* The order of the rows is the order of summary.json. */
#define FIGURES(X) \
	X(TASKS_SUBMITTED, COUNT, submitted, "tasks", "submitted", \
	  11, "tasks", "# submitted", ALWAYS, 0, 0, NULL, NULL) \
	X(TASKS_FINISHED, COUNT, finished, "tasks", "finished", \
	  12, "tasks", "# finished", ALWAYS, 0, 0, NULL, NULL) \
	X(TASKS_REJECTED, COUNT, rejected, "tasks", "rejected", \
	  15, "tasks", "# rejected", ALWAYS, 0, 0, NULL, NULL) \
	X(TASKS_WAITING, COUNT, waiting, "tasks", "waiting", \
	  14, "tasks", "# waiting", ALWAYS, 0, 0, NULL, NULL) \
	X(TASKS_RUNNING, COUNT, running, "tasks", "running", \
	  13, "tasks", "# running", ALWAYS, 0, 0, NULL, NULL) \
	X(WAIT, DIST, wait, "", "wait", \
	  20, "wait", NULL, ALWAYS, FIG_SECONDS | FIG_NOTE, \
	  10, "wait % (s)", "mean p95 p99") \
	X(RESPONSE, DIST, response, "", "response", \
	  30, "response", NULL, ALWAYS, FIG_SECONDS | FIG_NOTE, \
	  20, "response % (s)", "mean") \
	X(SLOWDOWN, MEAN, slowdown, "", "slowdown", \
	  41, "slowdown", "mean #", ALWAYS, 0, 0, NULL, NULL) \
	X(BSD, MEAN, bsd, "", "bounded_slowdown", \
	  42, "slowdown", "bounded (tau @ s) mean #", ALWAYS, 0, \
	  30, "bounded slowdown", "mean") \
	X(PREEMPTIONS, COUNT, preemptions, "", "preemptions", \
	  0, NULL, NULL, ALWAYS, 0, 0, NULL, NULL) \
	X(WASTED, SUM, wasted, "", "wasted_work", \
	  0, NULL, NULL, ALWAYS, FIG_SECONDS, 0, NULL, NULL) \
	X(OFFERS_MADE, COUNT, offers, "offers", "made", \
	  81, "offers", "# made", ALWAYS, 0, 0, NULL, NULL) \
	X(OFFERS_ACCEPTED, COUNT, accepted, "offers", "accepted", \
	  82, "offers", "# accepted", ALWAYS, 0, 0, NULL, NULL) \
	X(OFFERS_DECLINED, COUNT, declined, "offers", "declined", \
	  83, "offers", "# declined", ALWAYS, 0, 0, NULL, NULL) \
	X(OFFERS_RESCINDED, COUNT, rescinded, "offers", "rescinded", \
	  84, "offers", "# rescinded", ALWAYS, 0, 0, NULL, NULL) \
	X(OFFERS_HELD, COUNT, held, "offers", "held", \
	  85, "offers", "# held", ALWAYS, 0, 0, NULL, NULL) \
	X(JOBS_SUBMITTED, COUNT, jobs_submitted, "jobs", "submitted", \
	  51, "jobs", "# submitted", ALWAYS, 0, 0, NULL, NULL) \
	X(JOBS_FINISHED, COUNT, jobs_finished, "jobs", "finished", \
	  52, "jobs", "# finished", ALWAYS, 0, 0, NULL, NULL) \
	X(JOBS_REJECTED, COUNT, jobs_rejected, "jobs", "rejected", \
	  55, "jobs", "# rejected", ALWAYS, 0, 0, NULL, NULL) \
	X(JOBS_WAITING, COUNT, jobs_waiting, "jobs", "waiting", \
	  54, "jobs", "# waiting", ALWAYS, 0, 0, NULL, NULL) \
	X(JOBS_RUNNING, COUNT, jobs_running, "jobs", "running", \
	  53, "jobs", "# running", ALWAYS, 0, 0, NULL, NULL) \
	X(JOB_WAIT, DIST, job_wait, "jobs", "wait", \
	  60, "job wait", NULL, JOBS_FINISHED, FIG_SECONDS, \
	  70, "job wait % (s)", "mean p95") \
	X(JOB_RESP, MEAN, job_resp, "jobs", "response", \
	  71, "job resp", "mean # s", JOBS_FINISHED, FIG_SECONDS, \
	  80, "job response % (s)", "mean") \
	X(JOB_BSD, MEAN, job_bsd, "jobs", "bounded_slowdown", \
	  72, "job resp", "bounded slowdown (tau @ s) mean #", JOBS_FINISHED, 0, \
	  90, "job bounded slowdown", "mean")

enum fig_id {
#define FIG_ENUM(id, ...) FIG_##id,
	FIGURES(FIG_ENUM)
#undef FIG_ENUM
	FIG_COUNT,
	FIG_ALWAYS = -1
};

enum fig_kind { FIGK_COUNT, FIGK_SUM, FIGK_MEAN, FIGK_DIST };

/* The C type of a figure's field, by kind. */
#define FIG_TYPE_COUNT uint64_t
#define FIG_TYPE_SUM   double
#define FIG_TYPE_MEAN  struct fig_mean
#define FIG_TYPE_DIST  struct qstat

/* One row of the table as data. */
struct fig_def {
	enum fig_kind kind;
	const char *group, *key;
	int hpos;
	const char *hline, *htext;
	int hif;
	int flags;
	int rank;
	const char *title, *stats;
};

/* fig_defs[FIG_COUNT], in table order. */
extern const struct fig_def fig_defs[];

#endif
