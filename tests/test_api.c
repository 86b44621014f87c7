/*
 * test_api.c - the public C API (include/offersim.h): a run through the
 * API writes the bytes the command line's path writes, a stepped run
 * agrees with itself at every step (agents' resources add up, the lists
 * match the counts), bad input comes back as diagnostics and is never
 * printed, and two simulations stepped alternately in one process give
 * the same bytes as two runs on their own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "harness.h"
#include "simtest.h"
#include "../include/offersim.h"

#define SEED "examples/seed-hadoop.yaml"
#define MMC "examples/mmc.yaml"

static const char *const files[] = {"tasks.csv", "jobs.csv", "offers.csv",
				    "utilization.csv", "shares.csv",
				    "summary.json"};

/* Every output file of a and b is byte-identical. */
static int same_outputs(const char *a, const char *b)
{
	int same = 1;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		size_t la = 0, lb = 0;
		char *x = st_slurp(a, files[i], &la), *y = st_slurp(b, files[i], &lb);
		if (!x || !y || la != lb || memcmp(x, y, la) != 0) {
			fprintf(stderr, "differs: %s\n", files[i]);
			same = 0;
		}
		free(x);
		free(y);
	}
	return same;
}

static void test_run_equals_engine(void)
{
	char d1[ST_DIR], d2[ST_DIR];
	CU_ASSERT_FATAL(st_run_quiet(SEED, NULL, 0, d1, sizeof d1) == 0);
	CU_ASSERT_FATAL(st_mkdtemp(d2, sizeof d2, "api") == 0);
	struct offersim *s;
	CU_ASSERT_FATAL(offersim_open_file(&s, SEED, NULL, 0, d2) == 0);
	CU_ASSERT(offersim_run(s) == 0);
	CU_ASSERT(offersim_done(s));
	CU_ASSERT(offersim_run(s) == 0);      /* a second call: same result */
	struct offersim_summary sum;
	CU_ASSERT(offersim_summary(s, &sum) == 0);
	CU_ASSERT(sum.finished == (uint64_t)st_summary(d1, "tasks.finished"));
	CU_ASSERT(sum.finished > 0 && sum.finished == sum.submitted);
	CU_ASSERT(offersim_step_event(s) == 0);
	offersim_free(s);
	CU_ASSERT(same_outputs(d1, d2));
	st_cleanup(d1);
	st_cleanup(d2);
}

/* The state read after every step is consistent with itself. */
static void check_state(struct offersim *s)
{
	int nres = offersim_nres(s), running = 0, offers = 0;
	for (int i = 0; i < offersim_nagents(s); i++) {
		struct offersim_agent a;
		CU_ASSERT_FATAL(offersim_agent(s, i, &a) == 0);
		for (int r = 0; r < nres; r++) {
			CU_ASSERT(a.free[r] >= 0 && a.offered[r] >= 0 && a.used[r] >= 0);
			CU_ASSERT(a.free[r] + a.offered[r] + a.used[r] == a.total[r]);
		}
		if (a.running == 0)
			for (int r = 0; r < nres; r++)
				CU_ASSERT(a.used[r] == 0);
		running += a.running;
	}
	for (int i = 0; i < offersim_nframeworks(s); i++) {
		struct offersim_framework f;
		CU_ASSERT_FATAL(offersim_framework(s, i, &f) == 0);
		CU_ASSERT(f.share >= 0 && f.share <= 1);
		offers += f.offers;
	}
	struct offersim_task t[64];
	int nt = offersim_running_tasks(s, t, 64);
	CU_ASSERT(nt == running);
	for (int i = 0; i < nt && i < 64; i++)
		CU_ASSERT(t[i].start >= t[i].submit && t[i].start <= offersim_now(s));
	struct offersim_offer o[64];
	CU_ASSERT(offersim_pending_offers(s, o, 64) == offers);
	CU_ASSERT(offersim_pending_offers(s, NULL, 0) == offers);
}

static void test_stepping(void)
{
	char d[ST_DIR];
	CU_ASSERT_FATAL(st_mkdtemp(d, sizeof d, "api") == 0);
	struct offersim *s;
	CU_ASSERT_FATAL(offersim_open_file(&s, SEED, NULL, 0, d) == 0);
	CU_ASSERT(offersim_nres(s) == 2);
	CU_ASSERT_STRING_EQUAL(offersim_res_name(s, 0), "cpus");
	CU_ASSERT(offersim_nagents(s) == 3);
	CU_ASSERT(offersim_run_until(s, 2.5) == 1);
	CU_ASSERT(offersim_now(s) <= 2.5);
	check_state(s);
	int passes = 0, saw_offers = 0;
	while (offersim_step_pass(s) == 1) {
		passes++;
		check_state(s);
		if (offersim_pending_offers(s, NULL, 0) > 0)
			saw_offers = 1;
	}
	CU_ASSERT(passes > 0);
	CU_ASSERT(saw_offers);
	CU_ASSERT(offersim_done(s));
	CU_ASSERT(offersim_finish(s) == 0);
	struct offersim_summary sum;
	offersim_summary(s, &sum);
	CU_ASSERT(sum.finished == sum.submitted && sum.offers > 0);
	offersim_free(s);
	st_cleanup(d);
}

static void test_errors_as_diagnostics(void)
{
	struct offersim *s;
	const char *yaml = "name: x\nseed: 1\ncluster:\n  agnets: []\n";
	int rc = offersim_open_string(&s, "inline.yaml", yaml, NULL, 0, NULL);
	CU_ASSERT(rc == OFFERSIM_EPARSE);
	CU_ASSERT_FATAL(s != NULL);
	CU_ASSERT(offersim_nerrors(s) >= 1);
	CU_ASSERT_FATAL(offersim_ndiags(s) >= 1);
	const struct offersim_diag *g = offersim_diag(s, 0);
	CU_ASSERT(g->kind == OFFERSIM_ERROR);
	CU_ASSERT(g->line == 4 && g->col == 3);
	CU_ASSERT(strncmp(g->text, "inline.yaml:4:3: error: ", 24) == 0);
	CU_ASSERT(strstr(g->message, "agnets") != NULL);
	CU_ASSERT(offersim_step_event(s) == OFFERSIM_ESTATE);
	CU_ASSERT(offersim_diag(s, offersim_ndiags(s)) == NULL);
	offersim_free(s);

	/* A bad override is reported like --set on the command line. */
	struct offersim_override ov = {"master.allocator", "drff"};
	rc = offersim_open_file(&s, SEED, &ov, 1, NULL);
	CU_ASSERT(rc == OFFERSIM_EPARSE);
	CU_ASSERT(offersim_nerrors(s) == 1);
	CU_ASSERT(offersim_ndiags(s) >= 1 &&
		  strstr(offersim_diag(s, 0)->text, "drff") != NULL);
	offersim_free(s);

	rc = offersim_open_file(&s, "no/such/file.yaml", NULL, 0, NULL);
	CU_ASSERT(rc == OFFERSIM_ENOENT);
	CU_ASSERT(offersim_ndiags(s) == 1 &&
		  strstr(offersim_diag(s, 0)->text, "no/such/file.yaml: error: ") ==
		  offersim_diag(s, 0)->text);
	offersim_free(s);
	offersim_free(NULL);
}

static void test_override_and_string(void)
{
	char d1[ST_DIR], d2[ST_DIR];
	const char *sets[] = {"frameworks.hadoop.policy=sjf"};
	CU_ASSERT_FATAL(st_run_quiet(SEED, sets, 1, d1, sizeof d1) == 0);
	CU_ASSERT_FATAL(st_mkdtemp(d2, sizeof d2, "api") == 0);
	/* The scenario as a string named like the file: its trace path
	 * resolves against the same directory. */
	char *text = st_slurp(NULL, SEED, NULL);
	CU_ASSERT_FATAL(text != NULL);
	struct offersim_override ov = {"frameworks.hadoop.policy", "sjf"};
	struct offersim *s;
	CU_ASSERT_FATAL(offersim_open_string(&s, SEED, text, &ov, 1, d2) == 0);
	CU_ASSERT(offersim_run(s) == 0);
	offersim_free(s);
	free(text);
	CU_ASSERT(same_outputs(d1, d2));
	st_cleanup(d1);
	st_cleanup(d2);
}

/* Two simulations stepped alternately, one event each in turn, write
 * what each writes alone: nothing is shared between them. */
static void test_two_interleaved(void)
{
	char a1[ST_DIR], b1[ST_DIR], a2[ST_DIR], b2[ST_DIR];
	const char *sets[] = {"seed=7"};
	CU_ASSERT_FATAL(st_run_quiet(SEED, NULL, 0, a1, sizeof a1) == 0);
	CU_ASSERT_FATAL(st_run_quiet(MMC, sets, 1, b1, sizeof b1) == 0);
	CU_ASSERT_FATAL(st_mkdtemp(a2, sizeof a2, "api") == 0);
	CU_ASSERT_FATAL(st_mkdtemp(b2, sizeof b2, "api") == 0);
	struct offersim *a, *b;
	struct offersim_override ov = {"seed", "7"};
	CU_ASSERT_FATAL(offersim_open_file(&a, SEED, NULL, 0, a2) == 0);
	CU_ASSERT_FATAL(offersim_open_file(&b, MMC, &ov, 1, b2) == 0);
	int ra = 1, rb = 1;
	long steps = 0;
	while (ra == 1 || rb == 1) {
		if (ra == 1)
			ra = offersim_step_event(a);
		if (rb == 1)
			rb = offersim_step_event(b);
		steps++;
	}
	CU_ASSERT(ra == 0 && rb == 0 && steps > 10);
	CU_ASSERT(offersim_finish(a) == 0);
	CU_ASSERT(offersim_finish(b) == 0);
	offersim_free(a);
	offersim_free(b);
	CU_ASSERT(same_outputs(a1, a2));
	CU_ASSERT(same_outputs(b1, b2));
	st_cleanup(a1);
	st_cleanup(b1);
	st_cleanup(a2);
	st_cleanup(b2);
}

/* A run freed before its end leaves no output under a final name. */
static void test_free_unfinished(void)
{
	char d[ST_DIR], path[ST_DIR + 32];
	CU_ASSERT_FATAL(st_mkdtemp(d, sizeof d, "api") == 0);
	struct offersim *s;
	CU_ASSERT_FATAL(offersim_open_file(&s, SEED, NULL, 0, d) == 0);
	CU_ASSERT(offersim_step_pass(s) == 1);
	offersim_free(s);
	snprintf(path, sizeof path, "%s/summary.json", d);
	FILE *f = fopen(path, "r");
	CU_ASSERT(f == NULL);
	if (f)
		fclose(f);
	st_cleanup(d);
}

#define KTH "examples/hpc-kth.yaml"

/* Same bytes of one output file in a and b. */
static int same_file(const char *a, const char *b, const char *name)
{
	size_t la = 0, lb = 0;
	char *x = st_slurp(a, name, &la), *y = st_slurp(b, name, &lb);
	int same = x && y && la == lb && memcmp(x, y, la) == 0;
	if (!same)
		fprintf(stderr, "differs: %s\n", name);
	free(x);
	free(y);
	return same;
}

/*
 * Answer framework 0 of the KTH replay from here: at each decision name
 * the whole queue (how = 0: what fits starts, in order, as fifo does) or
 * its head with OFFERSIM_LAUNCH_WAIT (how = 1: the head waits until it
 * fits, as fcfs does).  Returns the decisions made; *committed_seen
 * tells whether a head ever had to wait.
 */
static int host_replay(const char *policy, int how, const char *dir,
		       int *committed_seen)
{
	struct offersim_override ov = {"frameworks.batch.policy", policy};
	struct offersim *s;
	CU_ASSERT_FATAL(offersim_open_file(&s, KTH, &ov, 1, dir) == 0);
	CU_ASSERT(offersim_decision(s) == -1);
	CU_ASSERT(offersim_launch(s, 0, 0, 0) == OFFERSIM_EINVAL);
	CU_ASSERT(offersim_host_answers(s, 1, 1) == OFFERSIM_EINVAL);
	CU_ASSERT_FATAL(offersim_host_answers(s, 0, 1) == 0);
	struct offersim_waiting q[256];
	int decisions = 0, rc;
	*committed_seen = 0;
	while ((rc = offersim_run_until(s, 1e18)) == OFFERSIM_DECIDE) {
		CU_ASSERT_FATAL(offersim_decision(s) == 0);
		/* No stop while a chosen task waits for room. */
		CU_ASSERT(offersim_committed(s, 0) == -1);
		int n = offersim_queue(s, 0, q, 256);
		CU_ASSERT_FATAL(n > 0 && n <= 256);
		struct offersim_framework f;
		offersim_framework(s, 0, &f);
		CU_ASSERT(f.queued == n && f.offers > 0);
		for (int i = 1; i < n; i++)   /* fifo's order: submit */
			CU_ASSERT(q[i - 1].submit <= q[i].submit);
		CU_ASSERT(offersim_launch(s, 0, q[0].slot, 4) == OFFERSIM_EINVAL);
		if (how == 0) {
			for (int i = 0; i < n; i++)
				CU_ASSERT(offersim_launch(s, 0, q[i].slot, 0) == 0);
		} else {
			CU_ASSERT(offersim_launch(s, 0, q[0].slot,
						  OFFERSIM_LAUNCH_WAIT) == 0);
		}
		decisions++;
		CU_ASSERT(offersim_step_event(s) == 1);   /* the answer runs */
		if (offersim_committed(s, 0) >= 0)
			*committed_seen = 1;
	}
	CU_ASSERT(rc == 0);
	CU_ASSERT(offersim_finish(s) == 0);
	struct offersim_summary sum;
	offersim_summary(s, &sum);
	CU_ASSERT(sum.finished == 2000);
	CU_ASSERT(offersim_host_launched(s, 0) == 2000);
	offersim_free(s);
	return decisions;
}

static void test_host_answers(void)
{
	static const char *const fifo[] = {"frameworks.batch.policy=fifo"};
	char ref[ST_DIR], d[ST_DIR];
	int seen;
	/* Naming the whole queue is fifo: the same starts, the same bytes. */
	CU_ASSERT_FATAL(st_run_quiet(KTH, fifo, 1, ref, sizeof ref) == 0);
	CU_ASSERT_FATAL(st_mkdtemp(d, sizeof d, "api") == 0);
	CU_ASSERT(host_replay("fifo", 0, d, &seen) > 100);
	CU_ASSERT(same_file(ref, d, "tasks.csv"));
	CU_ASSERT(same_file(ref, d, "jobs.csv"));
	CU_ASSERT(same_file(ref, d, "summary.json"));
	st_cleanup(ref);
	st_cleanup(d);
	/* The head, waiting until it fits, is fcfs (the scenario's own). */
	CU_ASSERT_FATAL(st_run_quiet(KTH, NULL, 0, ref, sizeof ref) == 0);
	CU_ASSERT_FATAL(st_mkdtemp(d, sizeof d, "api") == 0);
	CU_ASSERT(host_replay("fifo", 1, d, &seen) >= 2000);
	CU_ASSERT(seen);
	CU_ASSERT(same_file(ref, d, "tasks.csv"));
	CU_ASSERT(same_file(ref, d, "jobs.csv"));
	st_cleanup(ref);
	st_cleanup(d);
}

/* A stale slot is refused, and naming nothing declines: the queue stays. */
static void test_host_refusals(void)
{
	char d[ST_DIR];
	CU_ASSERT_FATAL(st_mkdtemp(d, sizeof d, "api") == 0);
	struct offersim *s;
	CU_ASSERT_FATAL(offersim_open_file(&s, KTH, NULL, 0, d) == 0);
	CU_ASSERT_FATAL(offersim_host_answers(s, 0, 1) == 0);
	CU_ASSERT_FATAL(offersim_run_until(s, 1e18) == OFFERSIM_DECIDE);
	struct offersim_waiting q[4];
	int n = offersim_queue(s, 0, q, 4);
	CU_ASSERT_FATAL(n >= 1);
	CU_ASSERT(offersim_launch(s, 0, q[0].slot + 1000000, 0) == OFFERSIM_EINVAL);
	double t = offersim_now(s);
	CU_ASSERT(offersim_step_event(s) == 1);   /* nothing named */
	struct offersim_framework f;
	offersim_framework(s, 0, &f);
	CU_ASSERT(f.running == 0 && f.queued == n);
	CU_ASSERT(offersim_host_launched(s, 0) == 0);
	CU_ASSERT(offersim_now(s) == t);
	/* Back to the policy: the run ends with every job done. */
	CU_ASSERT(offersim_host_answers(s, 0, 0) == 0);
	CU_ASSERT(offersim_run(s) == 0);
	offersim_framework(s, 0, &f);
	CU_ASSERT(f.finished == 2000);
	CU_ASSERT(offersim_api_version() == OFFERSIM_API_VERSION);
	CU_ASSERT_STRING_EQUAL(offersim_outdir(s), d);
	offersim_free(s);
	st_cleanup(d);
}

static const struct test_case cases[] = {
	{"a run through the API writes the engine's bytes", test_run_equals_engine},
	{"stepping: the state adds up after every pass", test_stepping},
	{"bad input comes back as diagnostics", test_errors_as_diagnostics},
	{"a scenario from a string with an override", test_override_and_string},
	{"two interleaved runs equal two separate runs", test_two_interleaved},
	{"freeing an unfinished run leaves no output", test_free_unfinished},
	{"host answers: the whole queue is fifo, the waiting head fcfs", test_host_answers},
	{"host answers: stale slots refused, nothing named declines", test_host_refusals},
	{NULL, NULL},
};

const struct test_suite suite_api = {"api", cases};
