/*
 * test_workloads.c - the workload sources: the native CSV reader on small
 * fixtures (exact microseconds, defaults, column order, the framework
 * filter), the skip/limit window, the bad-trace corpus, and the synthetic
 * generator (counts, job structure, determinism, stream independence).
 *
 * Scenarios are built by hand here rather than read from YAML, so these
 * tests depend on the source interface only.  Every file of the corpus
 * tests/data/bad-*.csv starts with the diagnostic it must produce
 * (`# expect: FILE:LINE:COL: error: ...`), the convention of tests/bad/.
 */
#include "../workloads/source.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/config/scenario.h"
#include "harness.h"
#include "simtest.h"

enum { R_CPUS, R_MEM, R_DISK };

static char fw_alpha[] = "alpha", fw_beta[] = "beta", fw_gamma[] = "gamma";
static char fmt_csv[] = "csv";

/* A scenario with resources cpus, mem, disk and nfw frameworks named
 * alpha, beta, gamma, each reading trace path (NULL: synthetic). */
static void make_scenario(struct scenario *sc, struct framework_spec *fws,
			  int nfw, const char *path)
{
	static char *names[] = { fw_alpha, fw_beta, fw_gamma };
	memset(sc, 0, sizeof *sc);
	memset(fws, 0, sizeof *fws * (size_t)nfw);
	sc->seed = 1;
	CU_ASSERT_EQUAL(res_intern(&sc->res, "cpus"), R_CPUS);
	CU_ASSERT_EQUAL(res_intern(&sc->res, "mem"), R_MEM);
	CU_ASSERT_EQUAL(res_intern(&sc->res, "disk"), R_DISK);
	for (int i = 0; i < nfw; i++) {
		fws[i].name = names[i];
		fws[i].wl.kind = path ? WL_TRACE : WL_SYNTHETIC;
		fws[i].wl.trace = (char *)path;
		fws[i].wl.format = fmt_csv;
	}
	sc->fws = fws;
	sc->nfws = nfw;
}

/* ---- CSV ------------------------------------------------------------- */

static void test_csv_basic(void)
{
	struct scenario sc;
	struct framework_spec fw;
	make_scenario(&sc, &fw, 1, "tests/data/wl-basic.csv");
	struct wl_task *t;
	long n = st_read_workload(&sc, 0, &t, NULL, NULL);
	CU_ASSERT_EQUAL_FATAL(n, 4);

	CU_ASSERT_EQUAL(t[0].job_id, 1);
	CU_ASSERT_EQUAL(t[0].task_id, 0);
	CU_ASSERT_EQUAL(t[0].submit, 0);
	CU_ASSERT_EQUAL(t[0].duration, 10000000);
	CU_ASSERT_EQUAL(t[0].estimate, 12000000);
	CU_ASSERT_EQUAL(t[0].res[R_CPUS], 1000);
	CU_ASSERT_EQUAL(t[0].res[R_MEM], 512000);
	CU_ASSERT_EQUAL(t[0].line, 6);

	/* Spaces around a field; empty estimate means "equals duration". */
	CU_ASSERT_EQUAL(t[1].task_id, 1);
	CU_ASSERT_EQUAL(t[1].submit, 0);
	CU_ASSERT_EQUAL(t[1].duration, 2500000);
	CU_ASSERT_EQUAL(t[1].estimate, 2500000);
	CU_ASSERT_EQUAL(t[1].res[R_CPUS], 1500);
	CU_ASSERT_EQUAL(t[1].res[R_MEM], 768000);

	/* One microsecond resolution; -1 estimate is unknown too. */
	CU_ASSERT_EQUAL(t[2].job_id, 2);
	CU_ASSERT_EQUAL(t[2].submit, 1000001);
	CU_ASSERT_EQUAL(t[2].duration, 0);
	CU_ASSERT_EQUAL(t[2].estimate, 0);
	CU_ASSERT_EQUAL(t[2].priority, 3);
	CU_ASSERT_EQUAL(t[2].res[R_CPUS], 250);
	CU_ASSERT_EQUAL(t[2].line, 9);

	CU_ASSERT_EQUAL(t[3].submit, 7500000);
	CU_ASSERT_EQUAL(t[3].duration, 100000000);
	CU_ASSERT_EQUAL(t[3].estimate, 50000000);
	CU_ASSERT_EQUAL(t[3].priority, -1);
	CU_ASSERT_EQUAL(t[3].res[R_MEM], 2048000);

	for (long i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(t[i].res[R_DISK], 0);   /* no column */
		CU_ASSERT_EQUAL(t[i].job_tasks, 0);     /* unknown in CSV */
	}
	free(t);
}

static void test_csv_framework_filter(void)
{
	struct scenario sc;
	struct framework_spec fw[3];
	make_scenario(&sc, fw, 3, "tests/data/wl-frameworks.csv");
	struct wl_task *t;
	char *msgs;

	long n = st_read_workload(&sc, 0, &t, NULL, NULL);
	CU_ASSERT_EQUAL(n, 2);
	if (n == 2) {
		CU_ASSERT_EQUAL(t[0].job_id, 1);
		CU_ASSERT_EQUAL(t[1].job_id, 1);
		CU_ASSERT_EQUAL(t[1].task_id, 1);
		CU_ASSERT_EQUAL(t[1].submit, 500000);
	}
	free(t);

	n = st_read_workload(&sc, 1, &t, NULL, NULL);
	CU_ASSERT_EQUAL(n, 2);
	if (n == 2) {
		CU_ASSERT_EQUAL(t[0].job_id, 2);
		CU_ASSERT_EQUAL(t[1].job_id, 3);
		CU_ASSERT_EQUAL(t[1].res[R_CPUS], 2000);
	}
	free(t);

	/* A framework with no rows reads nothing, with a warning (a typo in
	 * the column would otherwise go unnoticed). */
	n = st_read_workload(&sc, 2, &t, &msgs, NULL);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(msgs, "warning: no rows for framework "
					    "'gamma'"));
	free(msgs);
	free(t);
}

static void test_csv_long_line(void)
{
	/* getline grows its buffer: a 200 000-character line is fine. */
	char path[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkstemp(path, sizeof path, "wl"), 0);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("job_id,task_id,submit,duration,cpus\n", f);
	fputs("7,0,1.5,", f);
	for (int i = 0; i < 200000; i++)
		fputc(' ', f);
	fputs("3 ,2\n", f);
	fputs("7,1,1.5,4,0.5\n", f);
	fclose(f);

	struct scenario sc;
	struct framework_spec fw;
	make_scenario(&sc, &fw, 1, path);
	struct wl_task *t;
	long n = st_read_workload(&sc, 0, &t, NULL, NULL);
	CU_ASSERT_EQUAL(n, 2);
	if (n == 2) {
		CU_ASSERT_EQUAL(t[0].duration, 3000000);
		CU_ASSERT_EQUAL(t[0].res[R_CPUS], 2000);
		CU_ASSERT_EQUAL(t[1].res[R_CPUS], 500);
	}
	free(t);
	remove(path);
}

static void test_shipped_trace(void)
{
	/* traces/mapreduce-small.csv feeds the seed example: it must read
	 * cleanly, and every task must fit the smallest agent (2 cpus,
	 * 4096 MB) or the demo would starve. */
	struct scenario sc;
	struct framework_spec fw;
	make_scenario(&sc, &fw, 1, "traces/mapreduce-small.csv");
	struct wl_task *t;
	long n = st_read_workload(&sc, 0, &t, NULL, NULL);
	CU_ASSERT_EQUAL(n, 84);
	int64_t jobs = 0;
	for (long i = 0; i < n; i++) {
		if (i == 0 || t[i].job_id != t[i - 1].job_id)
			jobs++;
		CU_ASSERT(t[i].res[R_CPUS] == 1000);
		CU_ASSERT(t[i].res[R_MEM] >= 512000 &&
			  t[i].res[R_MEM] <= 2048000);
		CU_ASSERT(t[i].duration >= 3000000 &&
			  t[i].duration <= 30000000);
		CU_ASSERT(t[i].estimate > 0);
	}
	CU_ASSERT_EQUAL(jobs, 12);
	free(t);
}

static void test_csv_missing_file(void)
{
	struct scenario sc;
	struct framework_spec fw;
	make_scenario(&sc, &fw, 1, "tests/data/no-such-trace.csv");
	static char file[] = "scen.yaml";
	sc.file = file;
	fw.wl.pos = (struct src_pos){ 12, 14 };
	struct wl_task *t;
	char *msgs;
	CU_ASSERT(st_read_workload(&sc, 0, &t, &msgs, NULL) < 0);
	/* Points at the scenario line that named the trace. */
	CU_ASSERT_PTR_NOT_NULL(strstr(msgs, "scen.yaml:12:14: error: cannot "
					    "open trace "
					    "'tests/data/no-such-trace.csv'"));
	free(msgs);
	free(t);
}

static void test_unknown_format(void)
{
	struct scenario sc;
	struct framework_spec fw;
	make_scenario(&sc, &fw, 1, "tests/data/wl-basic.csv");
	static char fmt[] = "csvs";
	fw.wl.format = fmt;
	struct wl_task *t;
	char *msgs;
	CU_ASSERT(st_read_workload(&sc, 0, &t, &msgs, NULL) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(msgs, "unknown trace format 'csvs'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(msgs, "did you mean 'csv'?"));
	free(msgs);
	free(t);
}

/* ---- the bad-trace corpus -------------------------------------------- */

static void check_bad_file(const char *path)
{
	char want[512] = "";
	FILE *f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	char first[512];
	if (fgets(first, sizeof first, f) &&
	    strncmp(first, "# expect: ", 10) == 0)
		snprintf(want, sizeof want, "%s", first + 10);
	fclose(f);
	want[strcspn(want, "\n")] = '\0';
	if (!*want) {
		fprintf(stderr, "\n%s: no '# expect:' first line\n", path);
		CU_FAIL("bad-trace fixture without an expectation");
		return;
	}

	struct scenario sc;
	struct framework_spec fw;
	make_scenario(&sc, &fw, 1, path);
	struct wl_task *t;
	char *msgs;
	long n = st_read_workload(&sc, 0, &t, &msgs, NULL);
	CU_ASSERT(n < 0);
	size_t len = strcspn(msgs, "\n");
	if (n >= 0 || strlen(want) != len || strncmp(msgs, want, len) != 0) {
		fprintf(stderr, "\n%s:\n  want: %s\n  got:  %.*s\n", path,
			want, (int)len, msgs);
		CU_FAIL("wrong diagnostic for a bad trace");
	}
	free(msgs);
	free(t);
}

static void test_bad_corpus(void)
{
	glob_t g;
	CU_ASSERT_EQUAL_FATAL(glob("tests/data/bad-*.csv", 0, NULL, &g), 0);
	/* Catch a corpus that silently shrank. */
	CU_ASSERT(g.gl_pathc >= 14);
	for (size_t i = 0; i < g.gl_pathc; i++)
		check_bad_file(g.gl_pathv[i]);
	globfree(&g);
}

static void test_bad_caret_and_note(void)
{
	struct scenario sc;
	struct framework_spec fw;
	struct wl_task *t;
	char *msgs;

	make_scenario(&sc, &fw, 1, "tests/data/bad-duration.csv");
	CU_ASSERT(st_read_workload(&sc, 0, &t, &msgs, NULL) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(msgs, "\n  2,0,1.5,abc,1\n"
					    "          ^\n"));
	free(msgs);
	free(t);

	make_scenario(&sc, &fw, 1, "tests/data/bad-unknown-column.csv");
	CU_ASSERT(st_read_workload(&sc, 0, &t, &msgs, NULL) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(msgs, "note: did you mean 'cpus'?"));
	CU_ASSERT_PTR_NOT_NULL(strstr(msgs, "note: valid columns: job_id, "
					    "task_id, submit, duration, "
					    "estimate, priority, framework, "
					    "job_tasks, sched_class, procs, "
					    "user, attempt, end_state, and the "
					    "scenario's resources "
					    "cpus, mem, disk\n"));
	free(msgs);
	free(t);
}

/* ---- the skip/limit window ------------------------------------------- */

static long window(const char *path, long skip, long limit, int64_t *jobs,
		   int64_t *tasks)
{
	struct scenario sc;
	struct framework_spec fw;
	make_scenario(&sc, &fw, 1, path);
	fw.wl.skip = skip;
	fw.wl.limit = limit;
	struct wl_task *t;
	long n = st_read_workload(&sc, 0, &t, NULL, NULL);
	for (long i = 0; i < n; i++) {
		jobs[i] = t[i].job_id;
		tasks[i] = t[i].task_id;
	}
	free(t);
	return n;
}

static void test_window(void)
{
	const char *p = "tests/data/wl-window.csv";
	int64_t j[16], k[16];

	CU_ASSERT_EQUAL(window(p, 0, 0, j, k), 9);

	/* Skipping job 10 drops its late task too. */
	CU_ASSERT_EQUAL_FATAL(window(p, 1, 0, j, k), 6);
	static const int64_t want_j[] = { 20, 30, 20, 40, 30, 50 };
	static const int64_t want_k[] = { 0, 0, 1, 0, 1, 0 };
	for (int i = 0; i < 6; i++) {
		CU_ASSERT_EQUAL(j[i], want_j[i]);
		CU_ASSERT_EQUAL(k[i], want_k[i]);
	}

	/* Jobs 20 and 30; the source ends where job 40 begins. */
	CU_ASSERT_EQUAL_FATAL(window(p, 1, 2, j, k), 3);
	CU_ASSERT_EQUAL(j[0], 20);
	CU_ASSERT_EQUAL(j[1], 30);
	CU_ASSERT_EQUAL(j[2], 20);

	CU_ASSERT_EQUAL_FATAL(window(p, 0, 1, j, k), 2);
	CU_ASSERT_EQUAL(j[0], 10);
	CU_ASSERT_EQUAL(j[1], 10);

	CU_ASSERT_EQUAL(window(p, 4, 0, j, k), 1);
	CU_ASSERT_EQUAL(window(p, 5, 0, j, k), 0);
	CU_ASSERT_EQUAL(window(p, 100, 3, j, k), 0);
}

/* ---- the synthetic generator ----------------------------------------- */

static void synth_spec(struct synth_spec *s)
{
	memset(s, 0, sizeof *s);
	s->jobs = 60;
	s->start = 3.25;
	s->arrival = (struct dist_spec){ DIST_EXPONENTIAL, { 2, 0 }, { 0, 0 }, NULL };
	s->duration = (struct dist_spec){ DIST_LOGNORMAL, { 1, 0.8 }, { 0, 0 }, NULL };
	s->tasks_per_job = (struct dist_spec){ DIST_UNIFORM, { 0, 6 }, { 0, 0 }, NULL };
	s->res[R_CPUS] = (struct dist_spec){ DIST_UNIFORM, { 0.5, 2 }, { 0, 0 }, NULL };
	s->res[R_MEM] = (struct dist_spec){ DIST_CONSTANT, { 512, 0 }, { 0, 0 }, NULL };
	s->has_res[R_CPUS] = s->has_res[R_MEM] = 1;
}

static long synth_read(uint64_t seed, const struct synth_spec *spec, int fwi,
		       struct wl_task **t)
{
	struct scenario sc;
	struct framework_spec fw[2];
	make_scenario(&sc, fw, 2, NULL);
	sc.seed = seed;
	fw[0].wl.synth = *spec;
	fw[1].wl.synth = *spec;
	return st_read_workload(&sc, fwi, t, NULL, NULL);
}

static int same_task(const struct wl_task *a, const struct wl_task *b)
{
	return a->job_id == b->job_id && a->task_id == b->task_id &&
	       a->submit == b->submit && a->duration == b->duration &&
	       a->estimate == b->estimate && a->priority == b->priority &&
	       a->job_tasks == b->job_tasks && a->line == b->line &&
	       memcmp(a->res, b->res, sizeof a->res) == 0;
}

static void test_synth_structure(void)
{
	struct synth_spec spec;
	synth_spec(&spec);
	struct wl_task *t;
	long n = synth_read(5, &spec, 0, &t);
	CU_ASSERT_FATAL(n > 0);

	/* Jobs 1..60, each a run of job_tasks records 0..k-1 that share a
	 * submit time; submits never decrease; the first is at start. */
	CU_ASSERT_EQUAL(t[0].submit, 3250000);
	int64_t job = 0;
	long i = 0, sizes[7] = {0};
	while (i < n) {
		CU_ASSERT_EQUAL_FATAL(t[i].job_id, job + 1);
		job = t[i].job_id;
		int k = t[i].job_tasks;
		CU_ASSERT_FATAL(k >= 1 && k <= 6 && i + k <= n);
		sizes[k]++;
		for (int j = 0; j < k; j++, i++) {
			CU_ASSERT_EQUAL(t[i].job_id, job);
			CU_ASSERT_EQUAL(t[i].task_id, j);
			CU_ASSERT_EQUAL(t[i].job_tasks, k);
			CU_ASSERT_EQUAL(t[i].submit, t[i - j].submit);
			CU_ASSERT(t[i].duration >= 0);
			CU_ASSERT_EQUAL(t[i].estimate, t[i].duration);
			CU_ASSERT_EQUAL(t[i].priority, 0);
			CU_ASSERT_EQUAL(t[i].line, 0);
			CU_ASSERT(t[i].res[R_CPUS] >= 500 &&
				  t[i].res[R_CPUS] <= 2000);
			CU_ASSERT_EQUAL(t[i].res[R_MEM], 512000);
			CU_ASSERT_EQUAL(t[i].res[R_DISK], 0);
		}
		if (i < n)
			CU_ASSERT(t[i].submit >= t[i - 1].submit);
	}
	CU_ASSERT_EQUAL(job, 60);
	/* uniform(0,6) rounded, at least 1: sizes 1..6 all occur. */
	for (int k = 1; k <= 6; k++)
		CU_ASSERT(sizes[k] > 0);
	free(t);
}

static void test_synth_determinism(void)
{
	struct synth_spec spec;
	synth_spec(&spec);
	struct wl_task *a, *b, *c, *f2;
	long na = synth_read(5, &spec, 0, &a);
	long nb = synth_read(5, &spec, 0, &b);
	long nc = synth_read(6, &spec, 0, &c);
	long nf = synth_read(5, &spec, 1, &f2);
	CU_ASSERT_FATAL(na > 0 && na == nb && nc > 0 && nf > 0);
	int same = 1;
	for (long i = 0; i < na; i++)
		same &= same_task(&a[i], &b[i]);
	CU_ASSERT(same);

	/* Another seed, or another framework under the same seed, draws
	 * other numbers. */
	CU_ASSERT(nc != na || a[1].submit != c[1].submit ||
		  a[0].duration != c[0].duration);
	CU_ASSERT(a[0].duration != f2[0].duration);
	free(a);
	free(b);
	free(c);
	free(f2);
}

static void test_synth_stream_independence(void)
{
	struct synth_spec spec, longer;
	synth_spec(&spec);
	longer = spec;
	longer.duration = (struct dist_spec){ DIST_GAMMA, { 2, 30 }, { 0, 0 }, NULL };
	longer.has_res[R_DISK] = 1;   /* one more stream, too */
	longer.res[R_DISK] = (struct dist_spec){ DIST_EXPONENTIAL, { 10, 0 },
						 { 0, 0 }, NULL };
	struct wl_task *a, *b;
	long na = synth_read(9, &spec, 0, &a);
	long nb = synth_read(9, &longer, 0, &b);
	CU_ASSERT_EQUAL_FATAL(na, nb);
	int arrivals = 1, cpus = 1, durations = 0;
	for (long i = 0; i < na; i++) {
		arrivals &= a[i].submit == b[i].submit &&
			    a[i].job_tasks == b[i].job_tasks;
		cpus &= a[i].res[R_CPUS] == b[i].res[R_CPUS];
		durations += a[i].duration != b[i].duration;
	}
	CU_ASSERT(arrivals);
	CU_ASSERT(cpus);
	CU_ASSERT_EQUAL(durations, na);
	free(a);
	free(b);
}

static void test_synth_window(void)
{
	struct synth_spec spec;
	synth_spec(&spec);
	spec.jobs = 5;
	struct scenario sc;
	struct framework_spec fw;
	make_scenario(&sc, &fw, 1, NULL);
	fw.wl.synth = spec;
	fw.wl.skip = 2;
	fw.wl.limit = 2;
	struct wl_task *t;
	long n = st_read_workload(&sc, 0, &t, NULL, NULL);
	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT_EQUAL(t[0].job_id, 3);
	CU_ASSERT_EQUAL(t[n - 1].job_id, 4);
	free(t);
}

static const struct test_case cases[] = {
	{"csv basic", test_csv_basic},
	{"csv framework filter", test_csv_framework_filter},
	{"csv long line", test_csv_long_line},
	{"shipped trace", test_shipped_trace},
	{"csv missing file", test_csv_missing_file},
	{"unknown format", test_unknown_format},
	{"bad-trace corpus", test_bad_corpus},
	{"bad trace caret and note", test_bad_caret_and_note},
	{"skip/limit window", test_window},
	{"synthetic structure", test_synth_structure},
	{"synthetic determinism", test_synth_determinism},
	{"synthetic stream independence", test_synth_stream_independence},
	{"synthetic window", test_synth_window},
	{NULL, NULL},
};

const struct test_suite suite_workloads = { "workloads", cases };
