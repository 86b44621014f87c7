/*
 * test_stop.c - stop conditions (struct sim_stop): every bound the engine
 * offers during a run is at or below the run's final figure, mean and
 * percentiles included once they are valid; and a run that its condition
 * stops records where in summary.json.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/config/config.h"
#include "../sim/config/scenario.h"
#include "../sim/core/diag.h"
#include "../sim/model/engine.h"
#include "harness.h"
#include "simtest.h"

/* The largest bound seen per figure: wait, then response; mean, p50,
 * p90, p95, p99, max. */
struct seen {
	double v[2][6];
	int checks, valid;
	double first_valid;      /* simulated s of the first valid bound, or -1 */
};

static int record(void *ctx, const struct sim_bounds *b, struct sim_stop_why *why)
{
	struct seen *s = ctx;
	(void)why;
	s->checks++;
	for (int k = 0; k < 2; k++) {
		const struct sim_bound *x = k ? &b->response : &b->wait;
		const double v[6] = {x->mean, x->p50, x->p90, x->p95, x->p99, x->max};
		for (int i = 0; i < 6; i++)
			if ((x->valid || i == 5) && v[i] > s->v[k][i])
				s->v[k][i] = v[i];
		s->valid += x->valid;
		if (x->valid && s->first_valid < 0)
			s->first_valid = simtime_to_sec(b->now);
	}
	return 0;
}

static int run_with(const char *const *sets, int nsets, const struct sim_stop *stop,
		    char *dir, size_t size)
{
	struct cfg_override ov[8];
	char keys[8][128];
	for (int i = 0; i < nsets; i++) {
		const char *eq = strchr(sets[i], '=');
		snprintf(keys[i], sizeof keys[i], "%.*s", (int)(eq - sets[i]), sets[i]);
		ov[i].path = keys[i];
		ov[i].value = eq + 1;
	}
	if (st_mkdtemp(dir, size, "stop"))
		return -1;
	struct diag d;
	diag_init(&d, stderr);
	struct scenario sc;
	if (cfg_load("tests/data/mmc.yaml", ov, nsets, &sc, &d))
		return -1;
	struct sim_options o = {.outdir = dir, .stop_when = stop};
	int rc = sim_run(&sc, &o, &d);
	scenario_release(&sc);
	return rc;
}

/*
 * sets[0..nsets) run with a condition that never stops; every bound seen
 * is at or below the final figure.  The synthetic workload has a fixed
 * count of tasks, so mean and percentile bounds are valid long before
 * the last arrival (6000 jobs at 7.2/s: about 833 s): tasks to come
 * count as waits of 0.
 */
static void bounds_below_final(const char *const *sets, int nsets)
{
	struct seen s;
	memset(&s, 0, sizeof s);
	s.first_valid = -1;
	struct sim_stop stop = {.check = record, .ctx = &s};
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(run_with(sets, nsets, &stop, dir, sizeof dir), 0);
	CU_ASSERT(s.checks > 1);
	CU_ASSERT(s.valid > 0);
	CU_ASSERT(s.first_valid >= 0 && s.first_valid < 400);
	static const char *const names[] = {"mean", "p50", "p90", "p95", "p99", "max"};
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < 6; i++) {
			char path[32];
			snprintf(path, sizeof path, "%s.%s", k ? "response" : "wait", names[i]);
			double fin = st_summary(dir, path);
			CU_ASSERT(s.v[k][i] <= fin + 1e-9 * fabs(fin) + 1e-9);
			if (!(s.v[k][i] <= fin + 1e-9 * fabs(fin) + 1e-9))
				printf("\n    %s: bound %.9g above final %.9g ", path, s.v[k][i], fin);
		}
	/* The checks saw real waiting: the max bound is not trivial, nor
	 * the p95 bound (the backlog of 8 slots at load 0.9). */
	CU_ASSERT(s.v[0][5] > 0);
	CU_ASSERT(s.v[0][3] > 0);
	CU_ASSERT(st_summary(dir, "stopped.at") != st_summary(dir, "stopped.at"));
	st_cleanup(dir);
}

static void test_bounds_below_final(void)
{
	/* Overloaded for a while (8 slots at load 0.9), then drained. */
	static const char *const sets[] = {
		"cluster.agents.slot.count=8",
		"frameworks.q.workload.synthetic.jobs=6000",
	};
	bounds_below_final(sets, 2);
}

/* The same past metrics.exact_percentiles, where the final percentiles
 * come from the histogram and the bounds allow for its error. */
static void test_bounds_below_final_hist(void)
{
	static const char *const sets[] = {
		"cluster.agents.slot.count=8",
		"frameworks.q.workload.synthetic.jobs=6000",
		"metrics.exact_percentiles=500",
	};
	bounds_below_final(sets, 3);
}

/* Stops on wait.p95 as soon as its bound passes the target. */
static int stop_p95(void *ctx, const struct sim_bounds *b, struct sim_stop_why *why)
{
	const double *target = ctx;
	if (b->wait.valid && b->wait.p95 > *target) {
		snprintf(why->metric, sizeof why->metric, "wait.p95");
		why->bound = b->wait.p95;
		return 1;
	}
	return 0;
}

/*
 * An overloaded run (4 slots at load 1.8) stops on a percentile long
 * before its last arrival (5000 jobs: about 694 s), exact or from the
 * histogram; the same run to the end has a p95 past the target.
 */
static void test_percentile_stops_early(void)
{
	static const char *const modes[2] = {"metrics.exact_percentiles=65536",
					     "metrics.exact_percentiles=500"};
	for (int m = 0; m < 2; m++) {
		const char *sets[] = {
			"cluster.agents.slot.count=4",
			"frameworks.q.workload.synthetic.jobs=5000",
			modes[m],
		};
		double target = 60;
		struct sim_stop stop = {.check = stop_p95, .ctx = &target};
		char dir[ST_DIR];
		CU_ASSERT_EQUAL_FATAL(run_with(sets, 3, &stop, dir, sizeof dir), 0);
		double at = st_summary(dir, "stopped.at");
		CU_ASSERT(at > 0 && at < 500);
		CU_ASSERT(st_summary(dir, "stopped.bound") > target);
		st_cleanup(dir);
		CU_ASSERT_EQUAL_FATAL(run_with(sets, 3, NULL, dir, sizeof dir), 0);
		CU_ASSERT(st_summary(dir, "wait.p95") > target);
		st_cleanup(dir);
	}
}

static int stop_past(void *ctx, const struct sim_bounds *b, struct sim_stop_why *why)
{
	const double *target = ctx;
	if (b->wait.max > *target) {
		snprintf(why->metric, sizeof why->metric, "wait.max");
		why->bound = b->wait.max;
		return 1;
	}
	return 0;
}

static void test_stop_recorded(void)
{
	static const char *const sets[] = {
		"cluster.agents.slot.count=6",
		"frameworks.q.workload.synthetic.jobs=20000",
	};
	double target = 30;
	struct sim_stop stop = {.check = stop_past, .ctx = &target};
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(run_with(sets, 2, &stop, dir, sizeof dir), 0);
	double at = st_summary(dir, "stopped.at");
	double bound = st_summary(dir, "stopped.bound");
	/* Load 1.2: the backlog grows from the start, so it stops long
	 * before the last of 20000 arrivals (about 2780 s). */
	CU_ASSERT(at > 0 && at < 2000);
	CU_ASSERT(bound > target);
	CU_ASSERT(st_summary(dir, "sim_time") == at);
	st_cleanup(dir);
}

static const struct test_case cases[] = {
	{"bounds stay below the final figures", test_bounds_below_final},
	{"bounds stay below the final figures past the exact percentiles",
	 test_bounds_below_final_hist},
	{"a percentile stops an overloaded run before its last arrival",
	 test_percentile_stops_early},
	{"a stopped run records where", test_stop_recorded},
	{NULL, NULL},
};

const struct test_suite suite_stop = {"stop", cases};
