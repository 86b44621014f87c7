/*
 * test_traces.c - the readers of real trace formats (SWF, Google 2011,
 * Alibaba 2017, Alibaba GPU 2023) on small hand-made fixtures
 * (tests/data/tr-*) with answers worked out by hand in exact microseconds:
 * the mapping of each format's fields, what each reader skips, the rebase
 * to time 0, the Google rule that an evicted task resubmitted is a new
 * record, normalized-resource scaling, gzip and plain giving the same
 * records, options checked with positions, and malformed lines reported as
 * FILE:LINE:COL.  Then one test per slice shipped in traces/ (record
 * counts), so a reader change that drops records shows.
 *
 * Scenarios are built by hand, as in test_workloads.c, so these tests
 * depend on the source interface only.
 */
#include "../workloads/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/config/scenario.h"
#include "../workloads/swf.h"
#include "harness.h"
#include "simtest.h"

enum { R_CPUS, R_MEM, R_GPUS };

static int has(const char *msgs, const char *want)
{
	if (strstr(msgs, want))
		return 1;
	fprintf(stderr, "\n  want: %s\n  got:  %s", want, msgs);
	return 0;
}

/* Copy a plain file into a fresh gzip file under TMPDIR; path out. */
static void gzip_copy(const char *src, char *out, size_t size)
{
	CU_ASSERT_EQUAL_FATAL(st_mkstemp(out, size, "tr"), 0);
	FILE *in = fopen(src, "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(in);
	gzFile gz = gzopen(out, "wb9");
	CU_ASSERT_PTR_NOT_NULL_FATAL(gz);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		CU_ASSERT_EQUAL(gzwrite(gz, buf, (unsigned)n), (int)n);
	CU_ASSERT_EQUAL(gzclose(gz), Z_OK);
	fclose(in);
}

/* ---- SWF ------------------------------------------------------------- */

static void test_swf_mapping(void)
{
	struct st_trace x;
	st_trace_make(&x, "tests/data/tr-small.swf", "swf", "cpus,mem");
	struct wl_task *t;
	char *msgs;
	long n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT_EQUAL_FATAL(n, 3);

	/* Job 1: the clock starts at its submit (100 s). */
	CU_ASSERT_EQUAL(t[0].job_id, 1);
	CU_ASSERT_EQUAL(t[0].task_id, 0);
	CU_ASSERT_EQUAL(t[0].submit, 0);
	CU_ASSERT_EQUAL(t[0].duration, 50000000);
	CU_ASSERT_EQUAL(t[0].estimate, 60000000);
	CU_ASSERT_EQUAL(t[0].job_tasks, 1);       /* tasks: one */
	CU_ASSERT_EQUAL(t[0].procs, 4);
	CU_ASSERT_EQUAL(t[0].res[R_CPUS], 4000);
	CU_ASSERT_EQUAL(t[0].res[R_MEM], 8000);     /* 2048 KB x 4 = 8 MB */
	CU_ASSERT_EQUAL(t[0].priority, 0);
	CU_ASSERT_EQUAL(t[0].line, 8);

	/* Job 4: requested procs, estimate falls back to the run time,
	 * used memory when none was requested. */
	CU_ASSERT_EQUAL(t[1].job_id, 4);
	CU_ASSERT_EQUAL(t[1].submit, 30000000);
	CU_ASSERT_EQUAL(t[1].duration, 30000000);
	CU_ASSERT_EQUAL(t[1].estimate, 30000000);
	CU_ASSERT_EQUAL(t[1].res[R_CPUS], 8000);
	CU_ASSERT_EQUAL(t[1].res[R_MEM], 8000);

	/* Job 6: procs = max(allocated, requested). */
	CU_ASSERT_EQUAL(t[2].job_id, 6);
	CU_ASSERT_EQUAL(t[2].submit, 50000000);
	CU_ASSERT_EQUAL(t[2].res[R_CPUS], 2000);
	CU_ASSERT_EQUAL(t[2].estimate, 100000000);

	CU_ASSERT(has(msgs, "skipped 3 of 6 jobs: 1 with run time 0"));
	CU_ASSERT(has(msgs, "1 with unknown run time, 1 with no processors"));
	free(msgs);
	free(t);
}

static void test_swf_zero_runtime_and_window(void)
{
	struct st_trace x;
	st_trace_make(&x, "tests/data/tr-small.swf", "swf", "cpus,mem");
	st_trace_opt(&x, "keep_zero_runtime", "true", 3, 7);
	struct wl_task *t;
	long n = st_read_workload(&x.sc, 0, &t, NULL, NULL);
	CU_ASSERT_EQUAL_FATAL(n, 4);
	CU_ASSERT_EQUAL(t[1].job_id, 2);
	CU_ASSERT_EQUAL(t[1].duration, 0);
	CU_ASSERT_EQUAL(t[1].submit, 10000000);
	free(t);

	/* The rebase comes after the window: skipping job 1 starts the
	 * clock at job 4. */
	st_trace_make(&x, "tests/data/tr-small.swf", "swf", "cpus,mem");
	x.fw.wl.skip = 1;
	x.fw.wl.limit = 1;
	n = st_read_workload(&x.sc, 0, &t, NULL, NULL);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(t[0].job_id, 4);
	CU_ASSERT_EQUAL(t[0].submit, 0);
	free(t);
}

static void test_swf_header(void)
{
	struct diag d;
	diag_init(&d, stderr);
	struct swf_header h;
	CU_ASSERT_EQUAL(wl_swf_header("tests/data/tr-small.swf", &h, &d), 0);
	CU_ASSERT_EQUAL(h.max_procs, 64);
	CU_ASSERT_EQUAL(h.max_nodes, 32);
	CU_ASSERT_EQUAL(h.unix_start, 1000);
	CU_ASSERT_EQUAL(wl_swf_header("traces/kth-sp2-2000.swf.gz", &h, &d), 0);
	CU_ASSERT_EQUAL(h.max_procs, 100);
	CU_ASSERT_EQUAL(h.max_nodes, 100);
	CU_ASSERT_EQUAL(h.unix_start, 843480031);
	CU_ASSERT_EQUAL(diag_errors(&d), 0);
}

static void test_swf_errors(void)
{
	struct st_trace x;
	st_trace_make(&x, "tests/data/tr-bad.swf", "swf", "cpus,mem");
	struct wl_task *t;
	char *msgs;
	long n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT(n < 0);
	CU_ASSERT(has(msgs, "tests/data/tr-bad.swf:3:18: error: 'run time' "
		      "(field 4) must be a number (-1 when unknown), got "
		      "'1x'"));
	free(msgs);
	free(t);

	/* Unknown option, with its position and a suggestion. */
	st_trace_make(&x, "tests/data/tr-small.swf", "swf", "cpus,mem");
	x.sc.file = x.keys[3];
	snprintf(x.keys[3], sizeof x.keys[3], "s.yaml");
	st_trace_opt(&x, "keep_zero_runtim", "true", 12, 7);
	n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT(n < 0);
	CU_ASSERT(has(msgs, "s.yaml:12:7: error: unknown option "
		      "'keep_zero_runtim' for format swf (did you mean "
		      "'keep_zero_runtime'?)"));
	free(msgs);
	free(t);

	/* One-task jobs run under any gang setting (a job of one task is
	 * never held for more). */
	st_trace_make(&x, "tests/data/tr-small.swf", "swf", "cpus,mem");
	x.fw.gang = 1;
	CU_ASSERT_EQUAL(st_read_workload(&x.sc, 0, &t, NULL, NULL), 3);
	free(t);

	/* Split jobs must start together: gang: none is refused. */
	st_trace_make(&x, "tests/data/tr-small.swf", "swf", "cpus,mem");
	x.sc.file = x.keys[3];
	snprintf(x.keys[3], sizeof x.keys[3], "s.yaml");
	x.fw.pos.line = 4;
	x.fw.pos.col = 5;
	st_trace_opt(&x, "tasks", "per_proc", 9, 7);
	n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT(n < 0);
	CU_ASSERT(has(msgs, "s.yaml:4:5: error: framework 'trace' reads an SWF "
		      "trace with tasks: per_proc: each job becomes several "
		      "tasks that must start together, so it needs gang: hold "
		      "or gang: decline"));
	free(msgs);
	free(t);

	/* procs_per_node: whole, and only with per_node. */
	st_trace_make(&x, "tests/data/tr-small.swf", "swf", "cpus,mem");
	x.sc.file = x.keys[3];
	snprintf(x.keys[3], sizeof x.keys[3], "s.yaml");
	x.fw.gang = 1;
	st_trace_opt(&x, "tasks", "per_node", 9, 7);
	st_trace_opt(&x, "procs_per_node", "2.5", 10, 7);
	n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT(n < 0);
	CU_ASSERT(has(msgs, "s.yaml:10:7: error: option 'procs_per_node' of "
		      "format swf must be a whole number of processors, got "
		      "'2.5'"));
	free(msgs);
	free(t);
	st_trace_make(&x, "tests/data/tr-small.swf", "swf", "cpus,mem");
	x.sc.file = x.keys[3];
	snprintf(x.keys[3], sizeof x.keys[3], "s.yaml");
	st_trace_opt(&x, "procs_per_node", "2", 10, 7);
	n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT(n < 0);
	CU_ASSERT(has(msgs, "s.yaml:10:7: error: option 'procs_per_node' of "
		      "format swf applies only to tasks: per_node"));
	free(msgs);
	free(t);

	/* per_node without a header to take the node size from. */
	st_trace_make(&x, "tests/data/tr-noheader.swf", "swf", "cpus,mem");
	x.fw.gang = 2;
	st_trace_opt(&x, "tasks", "per_node", 9, 7);
	n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT(n < 0);
	CU_ASSERT(has(msgs, "tests/data/tr-noheader.swf: error: tasks: per_node "
		      "needs the processors per node: the header gives no "
		      "whole MaxProcs / MaxNodes, so set option procs_per_node"));
	free(msgs);
	free(t);
}

/* Check records t[from..from+n) as job `job`, tasks 0..n-1 of the given
 * cpus (thousandths) and mem per cpu (thousandths of MB). */
static void check_split(const struct wl_task *t, int from, int n, long job,
			int procs, const resq_t *cpus, resq_t mem_per_cpu)
{
	for (int k = 0; k < n; k++) {
		const struct wl_task *u = &t[from + k];
		CU_ASSERT_EQUAL(u->job_id, job);
		CU_ASSERT_EQUAL(u->task_id, k);
		CU_ASSERT_EQUAL(u->job_tasks, n);
		CU_ASSERT_EQUAL(u->procs, procs);
		CU_ASSERT_EQUAL(u->submit, t[from].submit);
		CU_ASSERT_EQUAL(u->duration, t[from].duration);
		CU_ASSERT_EQUAL(u->estimate, t[from].estimate);
		CU_ASSERT_EQUAL(u->res[R_CPUS], cpus[k]);
		CU_ASSERT_EQUAL(u->res[R_MEM], cpus[k] * mem_per_cpu / 1000);
	}
}

static void test_swf_split(void)
{
	/* per_proc: job 1 (4 procs, 2 MB per proc), job 4 (8 procs, 1 MB
	 * used per proc) and job 6 (2 procs, no memory): 4 + 8 + 2 tasks of
	 * 1 cpu, each with its processor's memory. */
	static const resq_t ones[8] = {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000};
	struct st_trace x;
	st_trace_make(&x, "tests/data/tr-small.swf", "swf", "cpus,mem");
	x.fw.gang = 1;
	st_trace_opt(&x, "tasks", "per_proc", 3, 7);
	struct wl_task *t;
	long n = st_read_workload(&x.sc, 0, &t, NULL, NULL);
	CU_ASSERT_EQUAL_FATAL(n, 14);
	check_split(t, 0, 4, 1, 4, ones, 2000);
	check_split(t, 4, 8, 4, 8, ones, 1000);
	check_split(t, 12, 2, 6, 2, ones, 0);
	CU_ASSERT_EQUAL(t[0].submit, 0);
	CU_ASSERT_EQUAL(t[4].submit, 30000000);
	CU_ASSERT_EQUAL(t[4].estimate, 30000000);
	free(t);

	/* per_node with the header's 64 procs / 32 nodes = 2 per node. */
	static const resq_t twos[4] = {2000, 2000, 2000, 2000};
	st_trace_make(&x, "tests/data/tr-small.swf", "swf", "cpus,mem");
	x.fw.gang = 2;
	st_trace_opt(&x, "tasks", "per_node", 3, 7);
	n = st_read_workload(&x.sc, 0, &t, NULL, NULL);
	CU_ASSERT_EQUAL_FATAL(n, 7);
	check_split(t, 0, 2, 1, 4, twos, 2000);
	check_split(t, 2, 4, 4, 8, twos, 1000);
	check_split(t, 6, 1, 6, 2, twos, 0);
	free(t);

	/* 3 per node: the last node of a job takes the remainder. */
	static const resq_t j1[2] = {3000, 1000}, j4[3] = {3000, 3000, 2000},
			    j6[1] = {2000};
	st_trace_make(&x, "tests/data/tr-small.swf", "swf", "cpus,mem");
	x.fw.gang = 1;
	st_trace_opt(&x, "tasks", "per_node", 3, 7);
	st_trace_opt(&x, "procs_per_node", "3", 4, 7);
	n = st_read_workload(&x.sc, 0, &t, NULL, NULL);
	CU_ASSERT_EQUAL_FATAL(n, 6);
	check_split(t, 0, 2, 1, 4, j1, 2000);
	check_split(t, 2, 3, 4, 8, j4, 1000);
	check_split(t, 5, 1, 6, 2, j6, 0);
	free(t);

	/* A window counts jobs, not tasks: skip 1, limit 1 is job 4 whole. */
	st_trace_make(&x, "tests/data/tr-small.swf", "swf", "cpus,mem");
	x.fw.gang = 1;
	x.fw.wl.skip = 1;
	x.fw.wl.limit = 1;
	st_trace_opt(&x, "tasks", "per_proc", 3, 7);
	n = st_read_workload(&x.sc, 0, &t, NULL, NULL);
	CU_ASSERT_EQUAL_FATAL(n, 8);
	check_split(t, 0, 8, 4, 8, ones, 1000);
	CU_ASSERT_EQUAL(t[0].submit, 0);
	free(t);
}

/* ---- Google 2011 ----------------------------------------------------- */

static void test_google_attempts(void)
{
	struct st_trace x;
	st_trace_make(&x, "tests/data/tr-google.csv", "google2011", "cpus,mem");
	st_trace_opt(&x, "scale.cpus", "100", 1, 7);
	st_trace_opt(&x, "scale.mem", "64", 2, 7);
	struct wl_task *t;
	char *msgs;
	long n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT_EQUAL_FATAL(n, 4);

	/* Task 2.0's first attempt: submitted at 600 s (time 0 after the
	 * rebase), scheduled at 601, evicted at 605. */
	CU_ASSERT_EQUAL(t[0].job_id, 2);
	CU_ASSERT_EQUAL(t[0].task_id, 0);
	CU_ASSERT_EQUAL(t[0].submit, 0);
	CU_ASSERT_EQUAL(t[0].duration, 4000000);
	CU_ASSERT_EQUAL(t[0].estimate, 4000000);
	CU_ASSERT_EQUAL(t[0].priority, 9);
	CU_ASSERT_EQUAL(t[0].sched_class, 2);
	CU_ASSERT_EQUAL(t[0].res[R_CPUS], 50000);   /* 0.5 x 100 */
	CU_ASSERT_EQUAL(t[0].res[R_MEM], 16000);    /* 0.25 x 64 */

	/* 2.1 ends after 5.0 but was submitted first: it comes first. */
	CU_ASSERT_EQUAL(t[1].job_id, 2);
	CU_ASSERT_EQUAL(t[1].task_id, 1);
	CU_ASSERT_EQUAL(t[1].submit, 0);
	CU_ASSERT_EQUAL(t[1].duration, 8000000);
	CU_ASSERT_EQUAL(t[1].res[R_CPUS], 25000);

	CU_ASSERT_EQUAL(t[2].job_id, 5);
	CU_ASSERT_EQUAL(t[2].submit, 3000000);
	CU_ASSERT_EQUAL(t[2].duration, 1000000);
	CU_ASSERT_EQUAL(t[2].res[R_CPUS], 1000);

	/* The resubmission after the eviction is a new record. */
	CU_ASSERT_EQUAL(t[3].job_id, 2);
	CU_ASSERT_EQUAL(t[3].task_id, 0);
	CU_ASSERT_EQUAL(t[3].submit, 6000000);
	CU_ASSERT_EQUAL(t[3].duration, 13000000);

	CU_ASSERT(has(msgs, "read 19 events into 4 task records; skipped 3 "
		      "attempts: 1 never scheduled, 1 pending or running at "
		      "the end, 0 open longer than reorder_window, 1 running "
		      "at the start"));
	free(msgs);
	free(t);
}

static void test_google_options(void)
{
	struct st_trace x;
	st_trace_make(&x, "tests/data/tr-google.csv", "google2011", "cpus,mem");
	st_trace_opt(&x, "running_at_start", "start", 1, 7);
	struct wl_task *t;
	long n = st_read_workload(&x.sc, 0, &t, NULL, NULL);
	CU_ASSERT_EQUAL_FATAL(n, 5);
	/* The running task counts from time 0, so nothing is rebased. */
	CU_ASSERT_EQUAL(t[0].job_id, 1);
	CU_ASSERT_EQUAL(t[0].submit, 0);
	CU_ASSERT_EQUAL(t[0].duration, 700000000);
	CU_ASSERT_EQUAL(t[0].res[R_CPUS], 100);     /* scale 1: 0.1 */
	CU_ASSERT_EQUAL(t[1].submit, 600000000);
	free(t);

	/* A short reorder window abandons 2.1 (open 10 s) behind 5.0. */
	st_trace_make(&x, "tests/data/tr-google.csv", "google2011", "cpus,mem");
	st_trace_opt(&x, "reorder_window", "2", 1, 7);
	char *msgs;
	n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT(n > 0 && n < 4);
	CU_ASSERT(has(msgs, "open longer than reorder_window"));
	free(msgs);
	free(t);

	st_trace_make(&x, "tests/data/tr-google.csv", "google2011", "cpus,mem");
	st_trace_opt(&x, "running_at_start", "keep", 5, 7);
	n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT(n < 0);
	CU_ASSERT(has(msgs, ":5:7: error: option 'running_at_start' of "
		      "format google2011 must be one of skip, start, got "
		      "'keep'"));
	free(msgs);
	free(t);
}

static void test_google_errors(void)
{
	struct st_trace x;
	st_trace_make(&x, "tests/data/tr-google-bad.csv", "google2011", "cpus,mem");
	struct wl_task *t;
	char *msgs;
	long n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT(n < 0);
	CU_ASSERT(has(msgs, "tests/data/tr-google-bad.csv:2:1: error: 'time' "
		      "(field 1) must be a non-negative integer"));
	free(msgs);
	free(t);
}

static int same_records(const struct wl_task *a, const struct wl_task *b,
			long n)
{
	for (long i = 0; i < n; i++)
		if (memcmp(&a[i], &b[i], sizeof *a) != 0)
			return 0;
	return 1;
}

static void check_gz_same(const char *plain, const char *format)
{
	char gz[ST_DIR];
	gzip_copy(plain, gz, sizeof gz);
	struct st_trace x;
	struct wl_task *a, *b;
	st_trace_make(&x, plain, format, "cpus,mem,gpus");
	long na = st_read_workload(&x.sc, 0, &a, NULL, NULL);
	st_trace_make(&x, gz, format, "cpus,mem,gpus");
	long nb = st_read_workload(&x.sc, 0, &b, NULL, NULL);
	CU_ASSERT(na > 0);
	CU_ASSERT_EQUAL(na, nb);
	if (na == nb && na > 0)
		CU_ASSERT(same_records(a, b, na));
	free(a);
	free(b);
	unlink(gz);
}

static void test_gzip_same_as_plain(void)
{
	check_gz_same("tests/data/tr-small.swf", "swf");
	check_gz_same("tests/data/tr-google.csv", "google2011");
	check_gz_same("tests/data/tr-alibaba.csv", "alibaba2017");
	check_gz_same("tests/data/tr-gpu.csv", "alibaba_gpu2023");
	check_gz_same("tests/data/wl-basic.csv", "csv");
}

/* ---- Alibaba --------------------------------------------------------- */

static void test_alibaba2017(void)
{
	struct st_trace x;
	st_trace_make(&x, "tests/data/tr-alibaba.csv", "alibaba2017", "cpus,mem");
	st_trace_opt(&x, "scale.mem", "1000", 1, 7);
	struct wl_task *t;
	char *msgs;
	long n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT_EQUAL_FATAL(n, 4);
	for (int i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL(t[i].job_id, 100);
		CU_ASSERT_EQUAL(t[i].task_id, i);
		CU_ASSERT_EQUAL(t[i].job_tasks, 2);
		CU_ASSERT_EQUAL(t[i].submit, 0);
		CU_ASSERT_EQUAL(t[i].duration, 10000000);
		CU_ASSERT_EQUAL(t[i].res[R_CPUS], 500);
		CU_ASSERT_EQUAL(t[i].res[R_MEM], 10000);   /* 0.01 x 1000 */
	}
	CU_ASSERT_EQUAL(t[2].job_id, 101);          /* Failed: kept */
	CU_ASSERT_EQUAL(t[2].submit, 2000000);
	CU_ASSERT_EQUAL(t[2].duration, 0);
	CU_ASSERT_EQUAL(t[3].job_id, 104);
	CU_ASSERT_EQUAL(t[3].submit, 10000000);
	CU_ASSERT_EQUAL(t[3].duration, 5000000);
	CU_ASSERT_EQUAL(t[3].res[R_CPUS], 2000);
	CU_ASSERT_EQUAL(t[3].res[R_MEM], 500000);
	CU_ASSERT(has(msgs, "skipped 2 of 5 batch tasks: 1 Running or "
		      "Waiting, 0 Failed, 1 without a cpu request"));
	free(msgs);
	free(t);

	st_trace_make(&x, "tests/data/tr-alibaba.csv", "alibaba2017", "cpus,mem");
	st_trace_opt(&x, "keep_failed", "false", 1, 7);
	n = st_read_workload(&x.sc, 0, &t, NULL, NULL);
	CU_ASSERT_EQUAL(n, 3);
	free(t);

	st_trace_make(&x, "tests/data/tr-alibaba-unsorted.csv", "alibaba2017", "cpus,mem");
	n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT(n < 0);
	CU_ASSERT(has(msgs, "tests/data/tr-alibaba-unsorted.csv:2:1: error: "
		      "batch_task is not sorted by create time: 9 s comes "
		      "after 10 s on line 1"));
	free(msgs);
	free(t);
}

static void test_alibaba_gpu(void)
{
	struct st_trace x;
	st_trace_make(&x, "tests/data/tr-gpu.csv", "alibaba_gpu2023", "cpus,mem,gpus");
	struct wl_task *t;
	char *msgs;
	long n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_EQUAL(t[0].job_id, 0);
	CU_ASSERT_EQUAL(t[0].submit, 0);
	CU_ASSERT_EQUAL(t[0].duration, 1000000000);
	CU_ASSERT_EQUAL(t[0].res[R_CPUS], 12000);
	CU_ASSERT_EQUAL(t[0].res[R_MEM], 16384000);
	CU_ASSERT_EQUAL(t[0].res[R_GPUS], 1000);
	CU_ASSERT_EQUAL(t[0].priority, 2);          /* LS */
	/* A shared GPU: 460 milli-GPUs exactly. */
	CU_ASSERT_EQUAL(t[1].job_id, 1);
	CU_ASSERT_EQUAL(t[1].submit, 50000000);
	CU_ASSERT_EQUAL(t[1].duration, 200000000);  /* from scheduling */
	CU_ASSERT_EQUAL(t[1].res[R_GPUS], 460);
	CU_ASSERT_EQUAL(t[1].priority, 0);          /* BE */
	CU_ASSERT_EQUAL(t[2].job_id, 3);            /* pod 2 was Pending */
	CU_ASSERT_EQUAL(t[2].res[R_GPUS], 8000);
	CU_ASSERT_EQUAL(t[2].priority, 3);
	CU_ASSERT(has(msgs, "skipped 1 of 4 pods: 1 never scheduled"));
	free(msgs);
	free(t);

	/* Without gpus in the scenario the demand is dropped, with one
	 * warning. */
	st_trace_make(&x, "tests/data/tr-gpu.csv", "alibaba_gpu2023", "cpus,mem");
	n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT(has(msgs, "warning: the trace demands 'gpus', which no "
		      "agent provides"));
	CU_ASSERT_PTR_NULL(strstr(strstr(msgs, "'gpus'") + 1, "'gpus'"));
	free(msgs);
	free(t);

	st_trace_make(&x, "tests/data/tr-gpu-bad.csv", "alibaba_gpu2023", "cpus,mem,gpus");
	n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT(n < 0);
	CU_ASSERT(has(msgs, "tests/data/tr-gpu-bad.csv:1:1: error: missing "
		      "required column 'gpu_milli'"));
	free(msgs);
	free(t);
}

/* ---- the shipped slices ---------------------------------------------- */

/*
 * Bounds (res.h, simtime.h): a demand of 2^53 thousandths or more, or a
 * time beyond 1e12 s, is a malformed line in every reader, reported at its
 * field (it used to overflow int64 in the fixed-point conversion and abort
 * the run); under lenient the line is skipped and the rest read.  Each
 * file's bad line is line 2 or 3 and its neighbours are good.
 */
static void test_huge_values(void)
{
	static const struct {
		const char *path, *format, *want;
		long lenient_n;         /* records read under lenient */
	} cases[] = {
		{"tests/data/huge-alibaba.csv", "alibaba2017",
		 "tests/data/huge-alibaba.csv:2:26: error: 'cpu request' "
		 "(field 7) is too large: '1e18' gives 1e+16", 3},
		{"tests/data/huge-google.csv", "google2011",
		 "tests/data/huge-google.csv:3:25: error: 'cpu request' "
		 "(field 10) is too large: '1e300'", 1},
		{"tests/data/huge-gpu.csv", "alibaba_gpu2023",
		 "tests/data/huge-gpu.csv:3:4: error: 'cpu_milli' (field 2) is "
		 "too large: '9e18' gives 9e+15", 2},
		{"tests/data/huge.swf", "swf",
		 "tests/data/huge.swf:2:44: error: 'memory' (field 10) is too "
		 "large: '1e20'", 2},
		{"tests/data/huge.csv", "csv",
		 "tests/data/huge.csv:3:9: error: 'cpus' must be below 2^53 "
		 "thousandths (9007199254741), got '1e16'", 2},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct st_trace x;
		st_trace_make(&x, cases[i].path, cases[i].format,
			      "cpus,mem,gpus");
		struct wl_task *t;
		char *msgs;
		long n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
		CU_ASSERT(n < 0);
		CU_ASSERT(has(msgs, cases[i].want));
		free(msgs);
		free(t);

		st_trace_make(&x, cases[i].path, cases[i].format,
			      "cpus,mem,gpus");
		x.fw.wl.lenient = 1;
		n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
		CU_ASSERT_EQUAL(n, cases[i].lenient_n);
		for (long k = 0; k < n; k++)
			for (int r = 0; r < x.sc.res.n; r++)
				CU_ASSERT(t[k].res[r] >= 0 &&
					  t[k].res[r] < RESQ_LIMIT);
		free(msgs);
		free(t);
	}

	/* The native CSV's other bounds: a duration beyond 1e12 s and a
	 * hexadecimal number, each its own malformed line. */
	struct st_trace x;
	st_trace_make(&x, "tests/data/huge.csv", "csv", "cpus,mem");
	x.fw.wl.lenient = 1;
	struct wl_task *t;
	char *msgs;
	long n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT(has(msgs, "tests/data/huge.csv:4:7: warning: 'duration' "
		      "must be at most 1e12 seconds, got '1e15'"));
	CU_ASSERT(has(msgs, "tests/data/huge.csv:5:9: warning: 'cpus' must "
		      "be a non-negative number, got '0x10'"));
	if (n == 2) {
		CU_ASSERT_EQUAL(t[0].job_id, 1);
		CU_ASSERT_EQUAL(t[1].job_id, 5);
	}
	free(msgs);
	free(t);
}

/*
 * A job may have at most WL_JOB_TASKS_MAX (2^20) tasks: an Alibaba row of
 * 2e9 instances, or an SWF job of 5e6 processors split per processor (tasks: per_proc),
 * used to stand for billions of records (a 1.5 KB input kept the fuzzer
 * busy past its timeout).  Each is a malformed line at its field; under
 * lenient the line is skipped and its neighbours read.  Unsplit, the SWF
 * job is one task and reads as it did.
 */
static void test_tasks_per_job_bound(void)
{
	static const struct {
		const char *path, *format, *split, *want;
		long lenient_n;
	} cases[] = {
		{"tests/data/manytasks-alibaba.csv", "alibaba2017", NULL,
		 "tests/data/manytasks-alibaba.csv:2:13: error: 'number of "
		 "instances' (field 5) must be at most 1048576 (the limit of "
		 "tasks per job), got '2000000000'", 3},
		{"tests/data/manytasks.swf", "swf", "per_proc",
		 "tests/data/manytasks.swf:2:21: error: 'processors' (field 5) "
		 "must be at most 1048576 with tasks: per_proc (the limit of "
		 "tasks per job), got '5000000'", 6},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (int lenient = 0; lenient < 2; lenient++) {
			struct st_trace x;
			st_trace_make(&x, cases[i].path, cases[i].format,
				      "cpus,mem");
			if (cases[i].split) {
				st_trace_opt(&x, "tasks", cases[i].split, 1, 1);
				x.fw.gang = 1;  /* split jobs start together */
			}
			x.fw.wl.lenient = lenient;
			struct wl_task *t;
			char *msgs;
			long n = st_read_workload(&x.sc, 0, &t, &msgs, NULL);
			if (!lenient) {
				CU_ASSERT(n < 0);
				CU_ASSERT(has(msgs, cases[i].want));
				if (!has(msgs, cases[i].want))
					fprintf(stderr, "\n  got: %s", msgs);
			} else {
				CU_ASSERT_EQUAL(n, cases[i].lenient_n);
			}
			free(msgs);
			free(t);
		}
	}
	/* The SWF job unsplit: one task of 5e6 cpus, as before. */
	struct st_trace x;
	st_trace_make(&x, "tests/data/manytasks.swf", "swf", "cpus,mem");
	struct wl_task *t;
	long n = st_read_workload(&x.sc, 0, &t, NULL, NULL);
	CU_ASSERT_EQUAL(n, 3);
	if (n == 3)
		CU_ASSERT_EQUAL(t[1].res[0], resq_from_double(5e6));
	free(t);
}

static void slice(const char *path, const char *format, long want)
{
	struct st_trace x;
	st_trace_make(&x, path, format, "cpus,mem,gpus");
	if (!strcmp(format, "google2011"))
		st_trace_opt(&x, "scale.cpus", "100", 1, 7);
	struct wl_task *t;
	long n = st_read_workload(&x.sc, 0, &t, NULL, NULL);
	if (n != want)
		fprintf(stderr, "\n  %s: %ld records, want %ld\n", path, n, want);
	CU_ASSERT_EQUAL(n, want);
	if (n > 0)
		CU_ASSERT_EQUAL(t[0].submit, 0);
	free(t);
}

static void test_shipped_slices(void)
{
	slice("traces/kth-sp2-2000.swf.gz", "swf", 2000);
	slice("traces/google-2011-10min.csv.gz", "google2011", 2974);
	slice("traces/alibaba-2017-1min.csv", "alibaba2017", 3335);
	slice("traces/alibaba-gpu-2023-3000pods.csv", "alibaba_gpu2023", 2738);
}

static const struct test_case cases[] = {
	{"swf mapping and skips", test_swf_mapping},
	{"swf zero run time and window", test_swf_zero_runtime_and_window},
	{"swf header", test_swf_header},
	{"swf errors and options", test_swf_errors},
	{"swf jobs split into tasks", test_swf_split},
	{"google attempts and order", test_google_attempts},
	{"google options", test_google_options},
	{"google errors", test_google_errors},
	{"gzip same as plain", test_gzip_same_as_plain},
	{"alibaba 2017", test_alibaba2017},
	{"alibaba gpu 2023", test_alibaba_gpu},
	{"shipped slices", test_shipped_slices},
	{"huge demands and times in every reader", test_huge_values},
	{"tasks per job bounded in the expanding readers", test_tasks_per_job_bound},
	{NULL, NULL},
};

const struct test_suite suite_traces = { "traces", cases };
