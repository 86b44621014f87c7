/*
 * test_tracetool.c - the trace tools (`offersim trace info|convert|sample`)
 * and lenient reading.
 *
 *   - The bounded-memory statistics: the log-linear histogram's bins, its
 *     quantiles exact when each bin holds one value and within the stated
 *     1/128 otherwise (against GSL on the sorted data), the distinct-job
 *     count exact below its cap and within 3 standard errors of the truth
 *     above it.
 *   - trace info on a small fixture (tests/data/tt-info.csv), every figure
 *     worked out by hand, and on the shipped KTH and Google slices, counts
 *     worked out independently with zcat, awk and python (see each test).
 *   - convert: the records read back from the CSV equal the original
 *     reader's, field by field, for every format and slice; whole runs on
 *     the original and the converted trace give identical tasks.csv.
 *   - sample: exact expected files for each selection (--jobs, --every,
 *     --start/--end) and format, gzip output equal to plain.
 *   - lenient: every reader skips and counts malformed lines, shows the
 *     first 5 as warnings and then only counts; headers stay fatal; a run
 *     reports trace.skipped_lines; without lenient nothing changes.
 *   - the format table: every row complete, names unique and found, a
 *     file name's ending or a directory telling the format exactly when
 *     one row claims it; trace info (and sample, and the machine table)
 *     on a fixture of every row, through the table; an unknown name
 *     listing the table's names wherever a format is named.
 *   - the command line: errors exit 2 with <command-line>:1:COL messages,
 *     and a failed convert leaves no file.
 *
 * Command-line tests run ./offersim (make check builds it first); like
 * test_grid.c they print SKIP and pass when it is missing.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/core/json_read.h"
#include "../sim/cli/progress.h"
#include "../sim/config/config.h"
#include "../sim/config/scenario.h"
#include "../sim/cli/trace.h"
#include "../sim/cli/tracestat.h"
#include "../workloads/formats.h"
#include "../workloads/machines.h"
#include "../workloads/source.h"
#include "harness.h"
#include "simtest.h"

#define NEAR(a, b, tol) (fabs((a) - (b)) <= (tol))

/* ---- fixtures -------------------------------------------------------- */

static int has(const char *text, const char *want)
{
	if (text && strstr(text, want))
		return 1;
	fprintf(stderr, "\n  want: %s\n  got:  %s", want, text ? text : "(null)");
	return 0;
}

static int count_of(const char *text, const char *what)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

static char g_dir[ST_DIR];

/* A fresh directory for the suite's files, made on first use and removed
 * by the last test. */
static const char *tmpdir(void)
{
	if (!g_dir[0] && st_mkdtemp(g_dir, sizeof g_dir, "tt"))
		g_dir[0] = '\0';
	return g_dir;
}

/* ---- the statistics -------------------------------------------------- */

static void test_hist_bins_and_hand_quantiles(void)
{
	/* Exact below 128 us; then 128 bins per octave. */
	CU_ASSERT_EQUAL(loghist_bin(0), 0);
	CU_ASSERT_EQUAL(loghist_bin(127), 127);
	CU_ASSERT_EQUAL(loghist_bin(128), 128);
	CU_ASSERT_EQUAL(loghist_bin(255), 255);
	CU_ASSERT_EQUAL(loghist_bin(256), 256);       /* 2^8: octave 8 */
	CU_ASSERT_EQUAL(loghist_bin(257), 256);       /* width 2 there */
	CU_ASSERT_EQUAL(loghist_bin(258), 257);
	CU_ASSERT_EQUAL(loghist_bin(INT64_MAX), LOGHIST_BINS - 1);

	struct loghist *h = malloc(sizeof *h);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	loghist_init(h);
	CU_ASSERT(isnan(loghist_quantile(h, 0.5)));
	/* 10, 20, 30, 40 s: one value per bin, so GSL's rule is exact:
	 * p50 = x[1.5] = 25, p90 = x[2.7] = 37, p99 = x[2.97] = 39.7. */
	for (int i = 4; i >= 1; i--)
		loghist_add(h, i * 10 * 1000000LL);
	CU_ASSERT_EQUAL(loghist_order(h, 0), 10000000);
	CU_ASSERT_EQUAL(loghist_order(h, 3), 40000000);
	CU_ASSERT(NEAR(loghist_quantile(h, 0.5), 25e6, 1e-6));
	CU_ASSERT(NEAR(loghist_quantile(h, 0.9), 37e6, 1e-6));
	CU_ASSERT(NEAR(loghist_quantile(h, 0.99), 39.7e6, 1e-6));
	CU_ASSERT(NEAR(loghist_quantile(h, 1.0), 40e6, 0));
	CU_ASSERT(NEAR(loghist_quantile(h, 0.0), 10e6, 0));

	/* Three values in one bin (1000000..1007812 us share the bin of
	 * 2^19 + k * 2^12): its first and last are exact, the middle is
	 * placed between them. */
	loghist_init(h);
	loghist_add(h, 1000000);
	loghist_add(h, 1000001);
	loghist_add(h, 1003000);
	CU_ASSERT_EQUAL(loghist_bin(1000000), loghist_bin(1003000));
	CU_ASSERT_EQUAL(loghist_order(h, 0), 1000000);
	CU_ASSERT_EQUAL(loghist_order(h, 1), 1001500);
	CU_ASSERT_EQUAL(loghist_order(h, 2), 1003000);
	free(h);
}

static void test_hist_error_bound(void)
{
	/* 100,000 durations spread over 1 us .. 10^10 us (log-uniform from a
	 * fixed LCG): every quantile within 1/128 of GSL's on the sorted
	 * data, and the maximum exact. */
	enum { N = 100000 };
	double *v = malloc(sizeof *v * N);
	struct loghist *h = malloc(sizeof *h);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	loghist_init(h);
	uint64_t s = 12345;
	for (int i = 0; i < N; i++) {
		s = s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
		double u = (double)(s >> 11) / 9007199254740992.0;
		int64_t x = (int64_t)pow(10.0, 10.0 * u);
		v[i] = (double)x;
		loghist_add(h, x);
	}
	gsl_sort(v, 1, N);
	static const double qs[] = {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999};
	for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
		double want = gsl_stats_quantile_from_sorted_data(v, 1, N, qs[k]);
		double got = loghist_quantile(h, qs[k]);
		CU_ASSERT(fabs(got - want) <= want * LOGHIST_REL_ERROR);
	}
	CU_ASSERT_EQUAL(loghist_quantile(h, 1.0), v[N - 1]);
	free(v);
	free(h);
}

static void test_distinct(void)
{
	struct ts_distinct *c = malloc(sizeof *c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	int exact;
	/* Exact below the cap, repeats not counted. */
	ts_distinct_init(c, 0);
	for (int rep = 0; rep < 3; rep++)
		for (int64_t id = 0; id < 5000; id++)
			CU_ASSERT_EQUAL(ts_distinct_add(c, id * 7919), 0);
	CU_ASSERT_EQUAL(ts_distinct_count(c, &exact), 5000);
	CU_ASSERT(exact);
	ts_distinct_release(c);

	/* Past a cap of 1000 the sketch answers: 200,000 consecutive ids
	 * and 50,000 scattered ones, each within 3 standard errors (2.4%). */
	ts_distinct_init(c, 1000);
	for (int64_t id = 1; id <= 200000; id++)
		ts_distinct_add(c, id);
	double n = ts_distinct_count(c, &exact);
	CU_ASSERT(!exact);
	CU_ASSERT(fabs(n - 200000) <= 200000 * 3 * 0.0081);
	ts_distinct_release(c);
	ts_distinct_init(c, 1000);
	for (int64_t id = 0; id < 50000; id++)
		ts_distinct_add(c, id * INT64_C(1000003) + 17);
	n = ts_distinct_count(c, &exact);
	CU_ASSERT(!exact);
	CU_ASSERT(fabs(n - 50000) <= 50000 * 3 * 0.0081);
	ts_distinct_release(c);
	free(c);

	struct ts_idmap m = {0};
	CU_ASSERT_EQUAL(ts_idmap_get(&m, 5), -1);
	for (int64_t id = -1000; id < 1000; id++)
		CU_ASSERT_EQUAL(ts_idmap_put(&m, id, (int)(id & 1)), 0);
	CU_ASSERT_EQUAL(m.n, 2000);
	CU_ASSERT_EQUAL(ts_idmap_get(&m, -999), 1);
	CU_ASSERT_EQUAL(ts_idmap_get(&m, 998), 0);
	CU_ASSERT_EQUAL(ts_idmap_get(&m, 1000), -1);
	ts_idmap_release(&m);
}

static void test_progress_bar(void)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	progress_draw(f, "x", 0.5, "half");
	fclose(f);
	CU_ASSERT(has(buf, "\rx [###############...............] half"));
	free(buf);
	/* No terminal, no bar: --quiet or not, under make check. */
	CU_ASSERT_PTR_NULL(progress_stream(1));
	if (!isatty(2))
		CU_ASSERT_PTR_NULL(progress_stream(0));
}

/* ---- trace info ------------------------------------------------------ */

/* trace_info()'s JSON on fx, parsed. */
static struct jr_value *info_json(struct st_trace *x, const struct trace_cluster *cl)
{
	char *buf = NULL, *msgs = NULL;
	size_t size = 0, msize = 0;
	FILE *out = open_memstream(&buf, &size);
	FILE *err = open_memstream(&msgs, &msize);
	struct diag d;
	diag_init(&d, err);
	int rc = trace_info(&x->sc, cl, 1, out, NULL, 0, &d);
	fclose(out);
	fclose(err);
	CU_ASSERT_EQUAL(rc, 0);
	char e[128];
	struct jr_value *v = rc ? NULL : jr_parse(buf, size, e, sizeof e);
	CU_ASSERT_PTR_NOT_NULL(v);
	free(buf);
	free(msgs);
	return v;
}

static void test_info_by_hand(void)
{
	struct st_trace x;
	st_trace_make(&x, "tests/data/tt-info.csv", "csv", "cpus,mem");
	/* Two agents of <cpus:4 mem:1000>. */
	struct trace_cluster cl = { .agents = 2, .total = {8000, 2000000} };
	struct jr_value *v = info_json(&x, &cl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(jr_number(v, "tasks"), 5);
	CU_ASSERT_EQUAL(jr_number(v, "jobs"), 3);
	CU_ASSERT_EQUAL(jr_number(v, "first_submit"), 0);
	CU_ASSERT_EQUAL(jr_number(v, "last_submit"), 7200);
	CU_ASSERT_EQUAL(jr_number(v, "span"), 7200);
	CU_ASSERT_EQUAL(jr_number(v, "last_end"), 7250);  /* 7200 + 50 */
	CU_ASSERT_EQUAL(jr_type(jr_get(v, "trace_origin")), JR_NULL);  /* csv */
	/* 5 tasks and 3 jobs in 2 hours; hour 0 has the tasks at 0, 0 and
	 * 1800 s, hour 1 the one at 3600, hour 2 the one at 7200. */
	CU_ASSERT(NEAR(jr_number(v, "arrivals.tasks_per_hour"), 2.5, 1e-9));
	CU_ASSERT(NEAR(jr_number(v, "arrivals.jobs_per_hour"), 1.5, 1e-9));
	CU_ASSERT_EQUAL(jr_number(v, "arrivals.peak_hour_tasks"), 3);
	const struct jr_value *bh = jr_get(v, "arrivals.by_hour_of_day");
	CU_ASSERT_EQUAL(jr_count(bh), 24);
	CU_ASSERT_EQUAL(jr_number(jr_at(bh, 0), ""), 3);
	CU_ASSERT_EQUAL(jr_number(jr_at(bh, 1), ""), 1);
	CU_ASSERT_EQUAL(jr_number(jr_at(bh, 2), ""), 1);
	CU_ASSERT_EQUAL(jr_number(jr_at(bh, 3), ""), 0);
	/* Durations 10..50: mean 30; p50 = x[2] = 30, p90 = x[3.6] = 46,
	 * p99 = x[3.96] = 49.6, max 50. */
	CU_ASSERT_EQUAL(jr_number(v, "duration.mean"), 30);
	CU_ASSERT_EQUAL(jr_number(v, "duration.p50"), 30);
	CU_ASSERT_EQUAL(jr_number(v, "duration.p90"), 46);
	CU_ASSERT_EQUAL(jr_number(v, "duration.p99"), 49.6);
	CU_ASSERT_EQUAL(jr_number(v, "duration.max"), 50);
	/* cpus 1+2+1+4+1 = 9; cpu-s 10+40+30+160+50 = 290; load 290 /
	 * (8 x 7200).  mem 450; mem-s 1000+4000+3000+2000 = 10000; load
	 * 10000 / (2000 x 7200). */
	CU_ASSERT_EQUAL(jr_number(v, "resources.cpus.total"), 9);
	CU_ASSERT_EQUAL(jr_number(v, "resources.cpus.resource_seconds"), 290);
	CU_ASSERT_EQUAL(jr_number(v, "resources.cpus.max"), 4);
	CU_ASSERT(NEAR(jr_number(v, "resources.cpus.offered_load"),
		       290.0 / (8 * 7200), 1e-9));
	CU_ASSERT_EQUAL(jr_number(v, "resources.mem.total"), 450);
	CU_ASSERT_EQUAL(jr_number(v, "resources.mem.resource_seconds"), 10000);
	CU_ASSERT_EQUAL(jr_number(v, "resources.mem.max"), 200);
	CU_ASSERT(NEAR(jr_number(v, "resources.mem.offered_load"),
		       10000.0 / (2000 * 7200), 1e-9));
	CU_ASSERT_EQUAL(jr_number(v, "cluster.agents"), 2);
	CU_ASSERT_EQUAL(jr_number(v, "cluster.resources.cpus"), 8);
	CU_ASSERT_EQUAL(jr_number(v, "skipped_lines"), 0);
	jr_free(v);

	/* Without a cluster there is no load. */
	v = info_json(&x, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(jr_type(jr_get(v, "cluster")), JR_NULL);
	CU_ASSERT_EQUAL(jr_type(jr_get(v, "resources.cpus.offered_load")), JR_NULL);
	jr_free(v);
}

static void test_info_text_cli(void)
{
	if (!st_have_offersim())
		return;
	char *out, *err;
	int st = st_capture(&out, &err, "./offersim trace info tests/data/tt-info.csv "
			  "--format csv --agents 2 --cpus 4 --mem 1000");
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT(has(out, "tests/data/tt-info.csv (csv)\n"));
	CU_ASSERT(has(out, "records    5 tasks in 3 jobs, 1.67 tasks per job\n"));
	CU_ASSERT(has(out, "submit     first 0 s, last 7200 s: a span of 7200 s (0.08 days)\n"));
	CU_ASSERT(has(out, "last end   7250 s"));
	CU_ASSERT(has(out, "arrivals   2.50 tasks/h, 1.50 jobs/h on average; busiest hour 3 tasks\n"));
	CU_ASSERT(has(out, "by hour    3 1 1 0 0"));
	CU_ASSERT(has(out, "duration   mean 30 s; p50 30, p90 46, p99 49.6, max 50 s\n"));
	CU_ASSERT(has(out, "  cpus                      9                290            4        0.0050\n"));
	CU_ASSERT(has(out, "  mem                     450              10000          200        0.0007\n"));
	CU_ASSERT(has(out, "cluster    2 agents: cpus 8 mem 2000 in all\n"));
	free(out);
	free(err);
}

/*
 * The shipped slices.  KTH: the 2000 data lines of the file are jobs 15
 * to 2037 with run time > 0 and procs >= 1, so all are replayed; with
 *   zcat traces/kth-sp2-2000.swf.gz | awk '!/^;/ {n++; c += $5; cs += $5 * $4;
 *       if (n == 1) f = $2; l = $2} END {print n, c, cs, l - f, f}'
 * (allocated procs, field 5, are never below requested here): 2000 jobs,
 * 23852 cpus, 127391603 cpu-seconds, submits 599850 to 2595601 s (a span
 * of 1995751 s).  Durations sorted in python with GSL's quantile rule:
 * mean 5137.7725, p50 71.5, p90 12943.3, p99 53975.15, max 215367.
 *
 * Google: the attempts with a SUBMIT, a SCHEDULE and a terminal event in
 * the slice (no event at time 0), by
 *   zcat traces/google-2011-10min.csv.gz | awk -F, '{k = $3 "," $4; t = $6;
 *     if (t == 0) { if (!(k in o)) { o[k] = 1; s[k] = 0 } }
 *     else if (t == 1) { if (k in o) s[k] = 1 }
 *     else if (t >= 2 && t <= 6 && (k in o)) { if (s[k]) { n++; j[$3] = 1 }
 *       delete o[k] } } END { for (x in j) nj++; print n, nj }'
 * gives 2974 attempts of 78 jobs.
 */
static void test_info_shipped_slices(void)
{
	struct st_trace x;
	st_trace_make(&x, "traces/kth-sp2-2000.swf.gz", "swf", "cpus");
	struct trace_cluster cl = { .agents = 1, .total = {100000} };
	struct jr_value *v = info_json(&x, &cl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(jr_number(v, "tasks"), 2000);
	CU_ASSERT_EQUAL(jr_number(v, "jobs"), 2000);
	CU_ASSERT_EQUAL(jr_number(v, "span"), 1995751);
	CU_ASSERT_EQUAL(jr_number(v, "trace_origin"), 599850);
	CU_ASSERT_EQUAL(jr_number(v, "resources.cpus.total"), 23852);
	CU_ASSERT_EQUAL(jr_number(v, "resources.cpus.resource_seconds"), 127391603);
	CU_ASSERT_EQUAL(jr_number(v, "resources.cpus.max"), 84);
	CU_ASSERT(NEAR(jr_number(v, "resources.cpus.offered_load"),
		       127391603.0 / (100 * 1995751.0), 1e-9));
	CU_ASSERT_EQUAL(jr_number(v, "duration.mean"), 5137.7725);
	CU_ASSERT_EQUAL(jr_number(v, "duration.p50"), 71.5);
	CU_ASSERT(fabs(jr_number(v, "duration.p90") - 12943.3) <= 12943.3 / 128);
	CU_ASSERT(fabs(jr_number(v, "duration.p99") - 53975.15) <= 53975.15 / 128);
	CU_ASSERT_EQUAL(jr_number(v, "duration.max"), 215367);
	jr_free(v);

	st_trace_make(&x, "traces/google-2011-10min.csv.gz", "google2011", "cpus,mem");
	st_trace_opt(&x, "scale.cpus", "100", 1, 0);
	v = info_json(&x, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(jr_number(v, "tasks"), 2974);
	CU_ASSERT_EQUAL(jr_number(v, "jobs"), 78);
	jr_free(v);
}

static void test_info_shipped_cli(void)
{
	if (!st_have_offersim())
		return;
	char *out, *err;
	int st = st_capture(&out, &err, "./offersim trace info traces/kth-sp2-2000.swf.gz");
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT(has(out, "records    2000 tasks in 2000 jobs"));
	CU_ASSERT(has(out, "the trace's own clock reads 599850 s at the first record"));
	free(out);
	free(err);
	st = st_capture(&out, &err, "./offersim trace info traces/google-2011-10min.csv.gz "
		      "--format google2011 --opt scale.cpus=100 --json");
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT(has(out, "\"tasks\": 2974,\n  \"jobs\": 78,\n  \"jobs_exact\": true,"));
	/* The reader's end-of-trace note still goes to stderr. */
	CU_ASSERT(has(err, "read 15724 events into 2974 task records"));
	free(out);
	free(err);
}

/* ---- convert --------------------------------------------------------- */

/* Convert fx's workload, read it back as csv: the same records. */
static void round_trip(struct st_trace *x, const char *res, long want)
{
	struct wl_task *a, *b;
	long na = st_read_workload(&x->sc, 0, &a, NULL, NULL);
	char path[256];
	snprintf(path, sizeof path, "%s/rt-%s.csv.gz", tmpdir(), x->format);
	struct diag d;
	diag_init(&d, stderr);
	d.quiet_warnings = 1;
	long long n;
	long skipped;
	CU_ASSERT_EQUAL_FATAL(trace_convert(&x->sc, path, &n, &skipped, NULL, 0, &d), 0);
	CU_ASSERT_EQUAL(n, na);
	CU_ASSERT_EQUAL(skipped, 0);
	struct st_trace y;
	st_trace_make(&y, path, "csv", res);
	long nb = st_read_workload(&y.sc, 0, &b, NULL, NULL);
	if (na != want)
		fprintf(stderr, "\n  %s: %ld records, want %ld\n", x->path, na, want);
	CU_ASSERT_EQUAL(na, want);
	CU_ASSERT_EQUAL_FATAL(na, nb);
	int same = 1;
	for (long i = 0; i < na; i++) {
		/* Everything but the line number, which is the file's. */
		b[i].line = a[i].line;
		if (memcmp(&a[i], &b[i], sizeof a[i]) != 0) {
			fprintf(stderr, "\n  %s: record %ld differs\n", x->path, i);
			same = 0;
			break;
		}
	}
	CU_ASSERT(same);
	free(a);
	free(b);
	unlink(path);
}

static void test_convert_round_trip(void)
{
	struct st_trace x;
	st_trace_make(&x, "tests/data/tr-small.swf", "swf", "cpus,mem");
	st_trace_opt(&x, "keep_zero_runtime", "true", 1, 0);
	round_trip(&x, "cpus,mem", 4);
	st_trace_make(&x, "tests/data/tr-google.csv", "google2011", "cpus,mem");
	st_trace_opt(&x, "scale.cpus", "100", 1, 0);
	st_trace_opt(&x, "scale.mem", "64", 1, 0);
	round_trip(&x, "cpus,mem", 4);
	st_trace_make(&x, "tests/data/tr-alibaba.csv", "alibaba2017", "cpus,mem");
	st_trace_opt(&x, "scale.mem", "1000", 1, 0);
	round_trip(&x, "cpus,mem", 4);
	st_trace_make(&x, "tests/data/tr-gpu.csv", "alibaba_gpu2023", "cpus,mem,gpus");
	round_trip(&x, "cpus,mem,gpus", 3);
	st_trace_make(&x, "tests/data/wl-basic.csv", "csv", "cpus,mem,disk");
	round_trip(&x, "cpus,mem,disk", 4);
	/* The slices shipped in traces/. */
	st_trace_make(&x, "traces/kth-sp2-2000.swf.gz", "swf", "cpus,mem");
	round_trip(&x, "cpus,mem", 2000);
	st_trace_make(&x, "traces/google-2011-10min.csv.gz", "google2011", "cpus,mem");
	st_trace_opt(&x, "scale.cpus", "100", 1, 0);
	st_trace_opt(&x, "scale.mem", "100", 1, 0);
	round_trip(&x, "cpus,mem", 2974);
	st_trace_make(&x, "traces/alibaba-2017-1min.csv", "alibaba2017", "cpus,mem");
	st_trace_opt(&x, "scale.mem", "100", 1, 0);
	round_trip(&x, "cpus,mem", 3335);
	st_trace_make(&x, "traces/alibaba-gpu-2023-3000pods.csv", "alibaba_gpu2023",
		"cpus,mem,gpus");
	round_trip(&x, "cpus,mem,gpus", 2738);
}

/* Run scenario (with sets) and return its tasks.csv. */
static char *run_tasks(const char *scenario, const char *const *sets, int n)
{
	char dir[ST_DIR];
	/* The readers' notes (pods never scheduled, ...) are not news. */
	int rc = st_run_quiet(scenario, sets, n, dir, sizeof dir);
	CU_ASSERT_EQUAL(rc, 0);
	char *t = rc ? NULL : st_slurp(dir, "tasks.csv", NULL);
	st_cleanup(dir);
	return t;
}

static void test_convert_same_runs(void)
{
	if (!st_have_offersim())
		return;
	const char *dir = tmpdir();
	char *out, *err;
	/* KTH under EASY backfilling: job sizes (job_tasks) matter. */
	CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim trace convert traces/kth-sp2-2000.swf.gz "
				 "--cluster examples/hpc-kth.yaml -o %s/kth.csv -q", dir), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	free(out);
	free(err);
	char set_trace[300];
	snprintf(set_trace, sizeof set_trace,
		 "frameworks.batch.workload.trace=%s/kth.csv", dir);
	const char *orig[] = {"frameworks.batch.policy=easy"};
	const char *conv[] = {"frameworks.batch.policy=easy", set_trace,
			      "frameworks.batch.workload.format=csv"};
	char *a = run_tasks("examples/hpc-kth.yaml", orig, 1);
	char *b = run_tasks("examples/hpc-kth.yaml", conv, 3);
	CU_ASSERT(a && b && count_of(a, "\n") == 2001);
	CU_ASSERT(a && b && strcmp(a, b) == 0);
	free(a);
	free(b);

	/* The GPU pods: fractional GPUs and qos priorities. */
	CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim trace convert "
				 "traces/alibaba-gpu-2023-3000pods.csv --format "
				 "alibaba_gpu2023 -o %s/gpu.csv.gz", dir), 0);
	CU_ASSERT(has(out, "offersim trace convert: 2738 records of "
		      "traces/alibaba-gpu-2023-3000pods.csv (alibaba_gpu2023) -> "));
	free(out);
	free(err);
	snprintf(set_trace, sizeof set_trace,
		 "frameworks.pods.workload.trace=%s/gpu.csv.gz", dir);
	const char *conv2[] = {set_trace, "frameworks.pods.workload.format=csv"};
	a = run_tasks("examples/alibaba-gpu.yaml", NULL, 0);
	b = run_tasks("examples/alibaba-gpu.yaml", conv2, 2);
	CU_ASSERT(a && b && count_of(a, "\n") == 2739);
	CU_ASSERT(a && b && strcmp(a, b) == 0);
	free(a);
	free(b);
}

/* ---- sample ---------------------------------------------------------- */

/* Sample with args; the output must be exactly want. */
static void sample_is(const char *args, const char *out_name, const char *want)
{
	char *out, *err;
	const char *dir = tmpdir();
	int st = st_capture(&out, &err, "./offersim trace sample %s -o %s/%s -q", args, dir,
			  out_name);
	CU_ASSERT_EQUAL(st, 0);
	if (st)
		fprintf(stderr, "\n  %s: %s", args, err);
	free(out);
	free(err);
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, out_name);
	char *got = st_slurp(NULL, path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n  %s\n  want:\n%s  got:\n%s", args, want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
}

static void test_sample(void)
{
	if (!st_have_offersim())
		return;
	/* Interleaved csv jobs, by first appearance: 10, 20, 30, 40, 50.
	 * Every 2nd keeps 10, 30 and 50, all their lines. */
	sample_is("tests/data/wl-window.csv --format csv --every 2", "w2.csv",
		  "# offersim trace sample: every 2nd job of wl-window.csv\n"
		  "# Interleaved jobs for the skip/limit window: job 10 has a late task\n"
		  "# (line 8) after job 20 started.\n"
		  "job_id,task_id,submit,duration\n"
		  "10,0,0,1\n10,1,0,1\n10,2,1,1\n30,0,2,1\n30,1,3,1\n50,0,4,1\n");
	/* The first 2 jobs end where job 30 begins, as `limit:` does: 20's
	 * late task is not reached. */
	sample_is("tests/data/wl-window.csv --format csv --jobs 2", "j2.csv",
		  "# offersim trace sample: the first 2 jobs of wl-window.csv\n"
		  "# Interleaved jobs for the skip/limit window: job 10 has a late task\n"
		  "# (line 8) after job 20 started.\n"
		  "job_id,task_id,submit,duration\n"
		  "10,0,0,1\n10,1,0,1\n20,0,1,1\n10,2,1,1\n");
	/* SWF: the header and every comment met, up to job 3's line. */
	sample_is("tests/data/tr-small.swf --jobs 2", "j2.swf",
		  "; offersim trace sample: the first 2 jobs of tr-small.swf\n"
		  "; Version: 2.2\n"
		  "; Computer: a test machine for offersim's SWF reader (not a real log)\n"
		  "; UnixStartTime: 1000\n; MaxNodes: 32\n; MaxProcs: 64\n;\n"
		  "; job 1: allocated 4 procs, requested memory 2048 KB/proc -> 8 MB\n"
		  "    1   100  5   50  4  -1    -1  -1   60  2048 1 1 1 -1 1 -1 -1 -1\n"
		  "; job 2: run time 0, skipped unless keep_zero_runtime\n"
		  "    2   110  0    0  1  -1    -1   1   60    -1 1 1 1 -1 1 -1 -1 -1\n"
		  "; job 3: run time unknown, always skipped\n");
	/* Google events in [600, 605) s of the trace's clock. */
	sample_is("tests/data/tr-google.csv --format google2011 --start 600 "
		  "--end 605", "t.csv",
		  "600000000,,2,0,,0,u,2,9,0.5,0.25,0,0\n"
		  "600000000,,2,1,,0,u,2,9,0.25,0.125,0,0\n"
		  "601000000,,2,0,8,1,u,2,9,,,,\n"
		  "602000000,,2,1,8,1,u,2,9,,,,\n"
		  "603000000,,5,0,,0,u,1,4,0.01,0.01,0,0\n"
		  "603000000,,5,0,9,1,u,1,4,0.01,0.01,0,0\n"
		  "604000000,,5,0,9,4,u,1,4,,,,\n");
	/* Google's first 2 jobs (1 and 2) to the end of the file. */
	sample_is("tests/data/tr-google.csv --format google2011 --jobs 2", "g2.csv",
		  "0,,1,0,7,0,u,0,0,0.1,0.1,0,0\n"
		  "0,,1,0,7,1,u,0,0,0.1,0.1,0,0\n"
		  "600000000,,2,0,,0,u,2,9,0.5,0.25,0,0\n"
		  "600000000,,2,1,,0,u,2,9,0.25,0.125,0,0\n"
		  "601000000,,2,0,8,1,u,2,9,,,,\n"
		  "602000000,,2,1,8,1,u,2,9,,,,\n"
		  "605000000,,2,0,8,2,u,2,9,,,,\n"
		  "606000000,,2,0,,0,u,2,9,0.5,0.25,0,0\n"
		  "607000000,,2,0,9,1,u,2,9,,,,\n"
		  "610000000,,2,1,8,4,u,2,9,,,,\n"
		  "620000000,,2,0,9,4,u,2,9,,,,\n"
		  "700000000,,1,0,7,4,u,0,0,,,,\n");
	/* Alibaba: header kept, every 2nd batch task (100, 102, 104). */
	sample_is("tests/data/tr-alibaba.csv --format alibaba2017 --every 2", "a.csv",
		  "task_create_time,task_end_time,job_id,task_id,number_of_instances,status,number_of_cpus_requested_per_instance_in_the_task,normalized_memory_requested_per_instance_in_the_task\n"
		  "10,20,1,100,2,Terminated,50,0.01\n"
		  "15,30,2,102,3,Running,50,0.01\n"
		  "20,25,3,104,1,Terminated,200,0.5\n");
	/* GPU pods created from 150 s on. */
	sample_is("tests/data/tr-gpu.csv --format alibaba_gpu2023 --start 150",
		  "p.csv",
		  "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n"
		  "p1,6000,12288,1,460,,BE,Succeeded,150,400,200\n"
		  "p2,4000,8192,0,0,,Burstable,Pending,160,170,\n"
		  "p3,88000,327680,8,1000,,Guaranteed,Failed,200,260,210\n");
}

static void test_sample_gzip_and_info(void)
{
	if (!st_have_offersim())
		return;
	const char *dir = tmpdir();
	char *out, *err;
	CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim trace sample traces/kth-sp2-2000.swf.gz "
				 "--jobs 100 -o %s/k.swf", dir), 0);
	CU_ASSERT(has(out, "offersim trace sample: kept 100 of 101 data lines read "
		      "(the first 100 jobs) -> "));
	free(out);
	free(err);
	for (int i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim trace sample traces/kth-sp2-2000.swf.gz "
					 "--jobs 100 -o %s/k%d.swf.gz -q", dir, i), 0);
		free(out);
		free(err);
	}
	/* gzip holds the same text, and no time stamp: equal bytes. */
	CU_ASSERT_EQUAL(st_sh("zcat %s/k0.swf.gz | cmp -s - %s/k.swf", dir, dir), 0);
	CU_ASSERT_EQUAL(st_sh("cmp -s %s/k0.swf.gz %s/k1.swf.gz", dir, dir), 0);
	/* The slice replays: 100 jobs, the SWF header intact. */
	CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim trace info %s/k0.swf.gz --json", dir), 0);
	CU_ASSERT(has(out, "\"tasks\": 100,\n  \"jobs\": 100,"));
	free(out);
	free(err);
	CU_ASSERT_EQUAL(st_sh("zcat %s/k0.swf.gz | grep -q '^; MaxProcs: 100$'", dir), 0);
}

/* ---- lenient --------------------------------------------------------- */

static void test_lenient_readers(void)
{
	struct st_trace x;
	struct wl_task *t;
	char *msgs;
	long skipped = -1, n;

	/* Native CSV: 7 bad rows among 4 good ones; the first 5 shown, then
	 * one line saying the rest are only counted. */
	st_trace_make(&x, "tests/data/tt-lenient.csv", "csv", "cpus");
	x.fw.wl.lenient = 1;
	n = st_read_workload(&x.sc, 0, &t, &msgs, &skipped);
	CU_ASSERT_EQUAL(n, 4);
	CU_ASSERT_EQUAL(skipped, 7);
	if (n == 4) {
		CU_ASSERT_EQUAL(t[0].job_id, 1);
		CU_ASSERT_EQUAL(t[1].job_id, 2);
		CU_ASSERT_EQUAL(t[2].job_id, 6);
		CU_ASSERT_EQUAL(t[3].job_id, 7);
		CU_ASSERT_EQUAL(t[3].res[0], 2000);
	}
	CU_ASSERT(has(msgs, "tests/data/tt-lenient.csv:6:5: warning: 'submit' must "
		      "be a non-negative number, got 'x' (line skipped)\n  1,1,x,5,1\n      ^\n"));
	CU_ASSERT(has(msgs, "tests/data/tt-lenient.csv:8:8: warning: expected 5 "
		      "fields, got 4 (line skipped)"));
	CU_ASSERT_EQUAL(count_of(msgs, "(line skipped)"), 5);
	CU_ASSERT(has(msgs, "tests/data/tt-lenient.csv:12: warning: more malformed "
		      "lines; they are skipped and counted without further messages"));
	CU_ASSERT_PTR_NULL(strstr(msgs, ":13:"));   /* the 7th: silent */
	CU_ASSERT_PTR_NULL(strstr(msgs, "error"));
	free(msgs);
	free(t);

	/* Without lenient, the first bad line stops it, as always. */
	x.fw.wl.lenient = 0;
	n = st_read_workload(&x.sc, 0, NULL, &msgs, NULL);
	CU_ASSERT(n < 0);
	CU_ASSERT(has(msgs, "tests/data/tt-lenient.csv:6:5: error: 'submit' must "
		      "be a non-negative number, got 'x'\n"));
	free(msgs);

	/* SWF: a bad header value, a bad field, too few fields, a job out
	 * of order; jobs 1 and 5 remain. */
	st_trace_make(&x, "tests/data/tt-lenient.swf", "swf", "cpus");
	x.fw.wl.lenient = 1;
	n = st_read_workload(&x.sc, 0, &t, &msgs, &skipped);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(skipped, 4);
	if (n == 2) {
		CU_ASSERT_EQUAL(t[0].job_id, 1);
		CU_ASSERT_EQUAL(t[1].job_id, 5);
		CU_ASSERT_EQUAL(t[1].submit, 30000000);
	}
	CU_ASSERT(has(msgs, "tests/data/tt-lenient.swf:2:13: warning: SWF header "
		      "'MaxNodes' must be a non-negative integer (line skipped)"));
	CU_ASSERT(has(msgs, "tests/data/tt-lenient.swf:6:10: warning: SWF log is "
		      "not sorted by submit time: 90 s comes after 100 s on line 3 "
		      "(line skipped)"));
	free(msgs);
	free(t);

	/* Google: the SUBMIT of 3.0 has a bad cpu request, so 3.0 never
	 * opens and its later events are ignored; a time going back and a
	 * short line are skipped; 2.0 still runs 601 -> 605 s. */
	st_trace_make(&x, "tests/data/tt-lenient-google.csv", "google2011", "cpus,mem");
	x.fw.wl.lenient = 1;
	n = st_read_workload(&x.sc, 0, &t, &msgs, &skipped);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(skipped, 3);
	if (n == 1) {
		CU_ASSERT_EQUAL(t[0].job_id, 2);
		CU_ASSERT_EQUAL(t[0].duration, 4000000);
		CU_ASSERT_EQUAL(t[0].res[0], 500);
	}
	CU_ASSERT(has(msgs, "read 5 events into 1 task records"));
	CU_ASSERT(has(msgs, "ignored 2 events of tasks not open"));
	free(msgs);
	free(t);

	/* Alibaba 2017: a bad status, a short row, a row out of order; the
	 * sorting note of the last is shown with its warning. */
	st_trace_make(&x, "tests/data/tt-lenient-alibaba.csv", "alibaba2017", "cpus,mem");
	x.fw.wl.lenient = 1;
	n = st_read_workload(&x.sc, 0, &t, &msgs, &skipped);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_EQUAL(skipped, 3);
	if (n == 3) {
		CU_ASSERT_EQUAL(t[0].job_id, 100);
		CU_ASSERT_EQUAL(t[1].job_id, 100);
		CU_ASSERT_EQUAL(t[2].job_id, 104);
	}
	CU_ASSERT(has(msgs, "note: sort it first"));
	free(msgs);
	free(t);

	/* GPU pods: a bad cpu_milli, a pod out of order; the kept pods are
	 * numbered among the well-formed rows (0, 1, 2). */
	st_trace_make(&x, "tests/data/tt-lenient-gpu.csv", "alibaba_gpu2023", "cpus,mem,gpus");
	x.fw.wl.lenient = 1;
	n = st_read_workload(&x.sc, 0, &t, &msgs, &skipped);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_EQUAL(skipped, 2);
	if (n == 3) {
		CU_ASSERT_EQUAL(t[1].job_id, 1);
		CU_ASSERT_EQUAL(t[1].res[0], 4000);
		CU_ASSERT_EQUAL(t[2].job_id, 2);
		CU_ASSERT_EQUAL(t[2].res[0], 1000);
	}
	free(msgs);
	free(t);

	/* Headers are not lines to skip: still errors. */
	st_trace_make(&x, "tests/data/tr-gpu-bad.csv", "alibaba_gpu2023", "cpus,mem,gpus");
	x.fw.wl.lenient = 1;
	n = st_read_workload(&x.sc, 0, NULL, &msgs, NULL);
	CU_ASSERT(n < 0);
	CU_ASSERT(has(msgs, "error: missing required column 'gpu_milli'"));
	free(msgs);
	st_trace_make(&x, "tests/data/bad-unknown-column.csv", "csv", "cpus,mem,disk");
	x.fw.wl.lenient = 1;
	n = st_read_workload(&x.sc, 0, NULL, &msgs, NULL);
	CU_ASSERT(n < 0);
	CU_ASSERT(has(msgs, "error: unknown column"));
	free(msgs);
}

static void test_lenient_run(void)
{
	/* The midway-bad trace's line 5 is bad: lenient runs the other 4
	 * tasks and says so in summary.json. */
	char dir[ST_DIR];
	const char *set[] = {"frameworks.f.workload.lenient=true"};
	char *msg = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&msg, &len);
	CU_ASSERT_EQUAL(st_run_diag("tests/data/midway-bad.yaml", set, 1, dir,
				    sizeof dir, err), 0);
	fclose(err);
	CU_ASSERT(has(msg, "tests/data/midway-bad.csv:5:7: warning: 'duration' "
		      "must be a non-negative number, got 'five' (line skipped)"));
	free(msg);
	CU_ASSERT_EQUAL(st_summary(dir, "trace.skipped_lines"), 1);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.finished"), 4);
	char *tasks = st_slurp(dir, "tasks.csv", NULL);
	CU_ASSERT(tasks && count_of(tasks, "\n") == 5);
	free(tasks);
	st_cleanup(dir);

	/* An ordinary run's summary has no trace section. */
	CU_ASSERT_EQUAL(st_run("examples/seed-hadoop.yaml", NULL, 0, dir, sizeof dir), 0);
	char *sum = st_slurp(dir, "summary.json", NULL);
	CU_ASSERT(sum && !strstr(sum, "skipped_lines"));
	free(sum);
	st_cleanup(dir);

	if (!st_have_offersim())
		return;
	/* --lenient on the command line: the human summary counts. */
	char *out, *e;
	CU_ASSERT_EQUAL(st_capture(&out, &e, "./offersim run tests/data/midway-bad.yaml -o %s/mb "
				 "--no-plots --lenient", tmpdir()), 0);
	CU_ASSERT(has(out, "  trace     1 malformed line skipped (lenient)\n"));
	free(out);
	free(e);
	/* trace info --lenient counts and reports it. */
	CU_ASSERT_EQUAL(st_capture(&out, &e, "./offersim trace info tests/data/tt-lenient.csv "
				 "--format csv --lenient --json"), 0);
	CU_ASSERT(has(out, "\"tasks\": 4,"));
	CU_ASSERT(has(out, "\"skipped_lines\": 7\n"));
	free(out);
	free(e);
	CU_ASSERT_EQUAL(st_capture(&out, &e, "./offersim trace convert tests/data/tt-lenient.csv "
				 "--format csv --lenient -o %s/l.csv", tmpdir()), 0);
	CU_ASSERT(has(out, "4 records of tests/data/tt-lenient.csv (csv), 7 "
		      "malformed lines skipped -> "));
	free(out);
	free(e);
}

/* ---- the format table -------------------------------------------------- */

/*
 * A fixture of each format, with what trace info counts in it (worked out
 * by hand from the files' comments and each reader's skipping rules), and
 * its machine table.  A format missing here fails the walk: a new row of
 * the table needs a fixture.
 */
static const struct {
	const char *format, *path;
	long tasks, jobs;
	const char *machines;   /* NULL: the format has none */
} fixtures[] = {
	{"csv", "tests/data/tt-info.csv", 5, 3, NULL},
	/* jobs 1, 4 and 6 of 6: run time 0, unknown, no processors go */
	{"swf", "tests/data/tr-small.swf", 3, 3, "tests/data/tr-small.swf"},
	{"google2011", "tests/data/tr-google.csv", 4, 2,
	 "tests/data/mc-google.csv"},
	{"alibaba2017", "tests/data/tr-alibaba.csv", 4, 3,
	 "tests/data/mc-alibaba.csv"},
	{"alibaba_gpu2023", "tests/data/tr-gpu.csv", 3, 3,
	 "tests/data/mc-gpu.csv"},
};

#define NFIXTURES ((int)(sizeof fixtures / sizeof fixtures[0]))

static int fixture_of(const char *format)
{
	for (int k = 0; k < NFIXTURES; k++)
		if (!strcmp(fixtures[k].format, format))
			return k;
	return -1;
}

/* The table's names joined by ", ", those with a machine table only when
 * machines is set: what every message listing formats must show. */
static void table_names(char *buf, size_t size, int machines)
{
	buf[0] = '\0';
	for (int i = 0; i < wl_format_count(); i++) {
		const struct wl_format *f = wl_format_at(i);
		if (machines && !f->machines)
			continue;
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s%s", n ? ", " : "", f->name);
	}
}

static void test_format_table(void)
{
	int n = wl_format_count();
	CU_ASSERT_FATAL(n >= 1);
	CU_ASSERT_PTR_NULL(wl_format_at(-1));
	CU_ASSERT_PTR_NULL(wl_format_at(n));
	CU_ASSERT_PTR_EQUAL(wl_format_default(), wl_format_at(0));
	CU_ASSERT_STRING_EQUAL(wl_format_default()->name, "csv");
	CU_ASSERT_PTR_NULL(wl_format_find("swff"));
	CU_ASSERT_PTR_NULL(wl_format_find(""));
	CU_ASSERT_PTR_NULL(wl_format_find(NULL));
	int dirs = 0, scans = 0, mts = 0;
	for (int i = 0; i < n; i++) {
		const struct wl_format *f = wl_format_at(i);
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		CU_ASSERT_PTR_NOT_NULL_FATAL(f->name);
		CU_ASSERT(f->name[0] != '\0');
		CU_ASSERT(f->summary && f->summary[0]);
		CU_ASSERT_PTR_NOT_NULL(f->open);
		CU_ASSERT_PTR_NOT_NULL(f->res);
		CU_ASSERT(f->takes_dir || (f->exts && f->exts[0]));
		for (const char *const *e = f->exts; e && *e; e++)
			CU_ASSERT((*e)[0] == '.' && (*e)[1]);
		/* Found by its own name, and by nothing else's. */
		CU_ASSERT_PTR_EQUAL(wl_format_find(f->name), f);
		for (int j = 0; j < i; j++)
			CU_ASSERT(strcmp(wl_format_at(j)->name, f->name) != 0);
		if (f->machines)
			CU_ASSERT_PTR_NOT_NULL(f->machines->read);
		dirs += f->takes_dir;
		scans += f->scan != NULL;
		mts += f->machines != NULL;
		if (fixture_of(f->name) < 0)
			fprintf(stderr, "\n  format %s has no fixture here", f->name);
		CU_ASSERT(fixture_of(f->name) >= 0);
	}
	/* The subsets the messages list. */
	const char *names[64];
	CU_ASSERT_EQUAL(wl_format_names(names, 64, 0), n);
	CU_ASSERT_EQUAL(wl_format_names(names, 64, WL_FMT_DIR), dirs);
	CU_ASSERT_EQUAL(wl_format_names(names, 64, WL_FMT_SCAN), scans);
	CU_ASSERT_EQUAL(wl_format_names(names, 64, WL_FMT_MACHINES), mts);
	CU_ASSERT_EQUAL(wl_format_names(names, 1, 0), 1);
	char want[512], got[512];
	table_names(want, sizeof want, 0);
	CU_ASSERT_STRING_EQUAL(wl_format_list(got, sizeof got, 0, NULL), want);
	table_names(want, sizeof want, 1);
	CU_ASSERT_STRING_EQUAL(wl_format_list(got, sizeof got, WL_FMT_MACHINES,
					      NULL), want);
	CU_ASSERT_STRING_EQUAL(wl_format_list(got, sizeof got, 0, " or "),
			       "csv, swf, google2011, alibaba2017 or "
			       "alibaba_gpu2023");
	CU_ASSERT_STRING_EQUAL(wl_format_list(got, 8, 0, NULL), "csv, sw");

	/* An ending tells the format when exactly one row claims it, with
	 * or without .gz; a directory when one row takes directories. */
	for (int i = 0; i < n; i++) {
		const struct wl_format *f = wl_format_at(i);
		for (const char *const *e = f->exts; e && *e; e++) {
			int claims = 0;
			for (int j = 0; j < n; j++)
				for (const char *const *x = wl_format_at(j)->exts;
				     x && *x; x++)
					claims += !strcmp(*x, *e);
			char path[64];
			snprintf(path, sizeof path, "dir/trace%s", *e);
			CU_ASSERT_PTR_EQUAL(wl_format_detect(path, 0),
					    claims == 1 ? f : NULL);
			snprintf(path, sizeof path, "trace%s.gz", *e);
			CU_ASSERT_PTR_EQUAL(wl_format_detect(path, 0),
					    claims == 1 ? f : NULL);
		}
	}
	CU_ASSERT_PTR_EQUAL(wl_format_detect("kth.swf.gz", 0),
			    wl_format_find("swf"));
	CU_ASSERT_PTR_NULL(wl_format_detect("batch_task.csv", 0));
	CU_ASSERT_PTR_NULL(wl_format_detect("trace.txt", 0));
	CU_ASSERT_PTR_NULL(wl_format_detect("trace.gz", 0));
	CU_ASSERT_PTR_NULL(wl_format_detect("swf", 0));
	CU_ASSERT_PTR_EQUAL(wl_format_detect("traces", 1),
			    dirs == 1 ? wl_format_find("google2011") : NULL);
}

/* trace info, sample and the machine table on a fixture of every row. */
static void test_format_each(void)
{
	for (int i = 0; i < wl_format_count(); i++) {
		const struct wl_format *f = wl_format_at(i);
		int k = fixture_of(f->name);
		if (k < 0)
			continue;       /* reported by the table walk */

		/* The machine table: groups whose resources are the
		 * format's, so tasks and agents agree. */
		CU_ASSERT_EQUAL(fixtures[k].machines != NULL, f->machines != NULL);
		if (f->machines && fixtures[k].machines) {
			struct res_names rn = {0};
			struct wl_machine_group *g = NULL;
			struct diag d;
			diag_init(&d, stderr);
			struct wl_machine_opts o = {
				.format = f->name, .path = fixtures[k].machines,
				.scale_cpus = 1, .scale_mem = 1,
			};
			int ng = wl_machines_read(&o, &rn, &d, &g);
			CU_ASSERT(ng >= 1);
			for (int m = 0; m < ng; m++)
				CU_ASSERT(g[m].count > 0);
			for (int r = 0; r < rn.n; r++) {
				int known = 0;
				for (const char *const *x = f->res; *x; x++)
					known |= !strcmp(*x, rn.name[r]);
				CU_ASSERT(known);
			}
			free(g);
		}

		if (!st_have_offersim())
			continue;
		char *out, *err, want[64];
		CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim trace info %s --format %s "
					 "--json -q", fixtures[k].path, f->name), 0);
		snprintf(want, sizeof want, "\"format\": \"%s\",", f->name);
		CU_ASSERT(has(out, want));
		snprintf(want, sizeof want, "\"tasks\": %ld,", fixtures[k].tasks);
		CU_ASSERT(has(out, want));
		snprintf(want, sizeof want, "\"jobs\": %ld,", fixtures[k].jobs);
		CU_ASSERT(has(out, want));
		free(out);
		free(err);
		/* Without --format, when the name tells. */
		if (wl_format_detect(fixtures[k].path, 0) == f) {
			CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim trace info %s --json -q",
						 fixtures[k].path), 0);
			snprintf(want, sizeof want, "\"format\": \"%s\",", f->name);
			CU_ASSERT(has(out, want));
			free(out);
			free(err);
		}
		if (!f->scan)
			continue;
		/* A slice of every job is the same trace to its reader. */
		CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim trace sample %s --format %s "
					 "--every 1 -q -o %s/all.%s", fixtures[k].path,
					 f->name, tmpdir(), f->name), 0);
		free(out);
		free(err);
		CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim trace info %s/all.%s --format "
					 "%s --json -q", tmpdir(), f->name,
					 f->name), 0);
		snprintf(want, sizeof want, "\"tasks\": %ld,", fixtures[k].tasks);
		CU_ASSERT(has(out, want));
		snprintf(want, sizeof want, "\"jobs\": %ld,", fixtures[k].jobs);
		CU_ASSERT(has(out, want));
		free(out);
		free(err);
	}
}

/* Wherever a format is named, an unknown name lists the table's. */
static void test_format_unknown(void)
{
	char names[512], want[640];
	table_names(names, sizeof names, 0);

	/* A workload opened with an unknown format (source.c). */
	struct st_trace x;
	st_trace_make(&x, "tests/data/tr-small.swf", "swff", "cpus");
	char *msgs;
	CU_ASSERT(st_read_workload(&x.sc, 0, NULL, &msgs, NULL) < 0);
	CU_ASSERT(has(msgs, "error: unknown trace format 'swff'"));
	CU_ASSERT(has(msgs, "did you mean 'swf'?"));
	snprintf(want, sizeof want, "known formats: %s\n", names);
	CU_ASSERT(has(msgs, want));
	free(msgs);

	/* The scenario reader: a workload's format, from_trace's. */
	struct scenario sc;
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mem);
	struct diag d;
	diag_init(&d, mem);
	CU_ASSERT(cfg_load("tests/bad/unknown-format.yaml", NULL, 0, &sc, &d) < 0);
	CU_ASSERT(cfg_load("tests/bad/xf-from-trace-format.yaml", NULL, 0, &sc,
			   &d) < 0);
	fclose(mem);
	snprintf(want, sizeof want, "unknown trace format 'swff' (did you mean "
		 "'swf'?); valid formats: %s\n", names);
	CU_ASSERT(has(buf, want));
	table_names(names, sizeof names, 1);
	snprintf(want, sizeof want, "from_trace reads no format 'alibaba2018' "
		 "(did you mean 'alibaba2017'?); valid: %s\n", names);
	CU_ASSERT(has(buf, want));
	free(buf);

	/* The trace tools. */
	if (!st_have_offersim())
		return;
	table_names(names, sizeof names, 0);
	char *out, *err;
	CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim trace info tests/data/tt-info.csv "
				 "--format alibaba2071"), 2);
	snprintf(want, sizeof want, "error: unknown trace format 'alibaba2071' "
		 "(did you mean 'alibaba2017'?); formats: %s\n", names);
	CU_ASSERT(has(err, want));
	free(out);
	free(err);
	/* The usage's --format paragraph is the table's. */
	CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim trace --help"), 0);
	CU_ASSERT(has(out, "  --format F         csv, swf, google2011, "
		      "alibaba2017, alibaba_gpu2023; by\n                     "
		      "default .swf and .swf.gz are swf, a directory google2011\n"
		      "  --lenient"));
	free(out);
	free(err);
}

/* A trace read in the wrong format: the note names the right one, from
 * its first lines (each format's sniff hook), for every shipped trace in
 * every other format; read in its own format, no note.  Through a
 * scenario too. */
static void test_wrong_format_sniffed(void)
{
	if (!st_have_offersim())
		return;
	static const struct {
		const char *file, *format;
	} own[] = {
		{"traces/mapreduce-small.csv", "csv"},
		{"traces/kth-sp2-2000.swf.gz", "swf"},
		{"traces/google-2011-10min.csv.gz", "google2011"},
		{"traces/alibaba-2017-1min.csv", "alibaba2017"},
		{"traces/alibaba-gpu-2023-3000pods.csv", "alibaba_gpu2023"},
	};
	int n = (int)(sizeof own / sizeof own[0]);
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < n; j++) {
			char *out, *err, want[256];
			int st = st_capture(&out, &err, "./offersim trace info %s --format %s -q",
					    own[i].file, own[j].format);
			snprintf(want, sizeof want, "note: '%s' looks like format %s, not %s: "
				 "try format: %s (--format %s for offersim trace)\n",
				 own[i].file, own[i].format, own[j].format, own[i].format,
				 own[i].format);
			if (i == j) {
				CU_ASSERT_EQUAL(st, 0);
				CU_ASSERT_PTR_NULL(strstr(err, "looks like"));
			} else {
				if (st != 2 || !strstr(err, want))
					fprintf(stderr, "\n  %s as %s: exit %d, stderr:\n%s",
						own[i].file, own[j].format, st, err);
				CU_ASSERT_EQUAL(st, 2);
				CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
			}
			free(out);
			free(err);
		}
	}
	char *out, *err;
	CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim run examples/seed-hadoop.yaml "
				   "--set frameworks.hadoop.workload.format=swf --no-plots "
				   "-q -o %s/wrong", tmpdir()), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "note: 'examples/../traces/mapreduce-small.csv' "
				      "looks like format csv, not swf: try format: csv"));
	free(out);
	free(err);
}

/* ---- the command line ------------------------------------------------ */

/* args must exit 2 with msg on stderr. */
static void bad_cli(const char *args, const char *msg)
{
	char *out, *err;
	int st = st_capture(&out, &err, "./offersim %s", args);
	if (st != 2)
		fprintf(stderr, "\n  %s: exit %d", args, st);
	CU_ASSERT_EQUAL(st, 2);
	CU_ASSERT(has(err, msg));
	free(out);
	free(err);
}

static void test_cli_errors(void)
{
	if (!st_have_offersim())
		return;
	bad_cli("trace", "usage: offersim trace info");
	bad_cli("trace infoo x", "<command-line>:1:18: error: unknown trace "
		"command 'infoo' (did you mean 'info'?)");
	bad_cli("trace info", "<command-line>:1:23: error: missing trace file");
	bad_cli("trace info nothere.swf", "<command-line>:1:23: error: trace "
		"file 'nothere.swf' not found");
	bad_cli("trace info tests/data/tt-info.csv", "<command-line>:1:23: error: "
		"cannot tell the format of 'tests/data/tt-info.csv' from its name; "
		"give --format");
	bad_cli("trace info tests/data/tt-info.csv --format swff",
		"<command-line>:1:55: error: unknown trace format 'swff' (did you "
		"mean 'swf'?); formats: csv, swf, google2011, alibaba2017, "
		"alibaba_gpu2023");
	bad_cli("trace info tests/data/tt-info.csv --format csv --jsn",
		"<command-line>:1:59: error: unknown option '--jsn' (did you mean "
		"'--json'?)");
	bad_cli("trace convert tests/data/tt-info.csv --format csv --json -o x.csv",
		"<command-line>:1:62: error: --json applies to trace info, not "
		"trace convert");
	bad_cli("trace convert tests/data/tt-info.csv --format csv",
		"error: missing output file (-o OUT)");
	bad_cli("trace sample tests/data/tr-small.swf -o x.swf",
		"error: trace sample takes one of --jobs N, --every K, or --start S "
		"/ --end E");
	bad_cli("trace sample tests/data/tr-small.swf --jobs 0 -o x.swf",
		"error: --jobs needs a positive integer, got '0'");
	bad_cli("trace sample tests/data/tr-small.swf --start 5 --end 1 -o x.swf",
		"error: --end must come after --start");
	bad_cli("trace sample traces --format google2011 --every 2 -o x",
		"error: 'traces' is a directory; sample one part-* file at a time");
	bad_cli("trace info tests/data/tr-small.swf --opt keep_zero_runtim=1",
		"<command-line>:1:53: error: unknown option 'keep_zero_runtim' for "
		"format swf (did you mean 'keep_zero_runtime'?)");
	bad_cli("trace info tests/data/tr-small.swf --opt x",
		"error: --opt needs KEY=VALUE, got 'x'");
	bad_cli("trace info tests/data/tr-small.swf --agents 4",
		"error: --agents needs the agents' size");
	bad_cli("trace info tests/data/tr-small.swf --cpus many",
		"error: the agents' cpus must be a non-negative number, got 'many'");
	bad_cli("trace info tests/data/tr-bad.swf",
		"tests/data/tr-bad.swf:3:18: error: 'run time' (field 4) must be a "
		"number (-1 when unknown), got '1x'");
	bad_cli("trace info tests/data/tr-small.swf --cluster tests/bad/empty.yaml",
		"tests/bad/empty.yaml");

	/* A convert that fails half-way leaves neither the file nor its
	 * temporary. */
	char path[256];
	snprintf(path, sizeof path, "%s/half.csv", tmpdir());
	char args[512];
	snprintf(args, sizeof args, "trace convert tests/data/tt-lenient.csv "
		 "--format csv -o %s", path);
	bad_cli(args, "tests/data/tt-lenient.csv:6:5: error:");
	struct stat st;
	CU_ASSERT(stat(path, &st) != 0);
	snprintf(path, sizeof path, "%s/.half.csv.tmp", tmpdir());
	CU_ASSERT(stat(path, &st) != 0);

	/* An output that cannot be written is not the input's fault: 1. */
	char *out, *err;
	CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim trace convert tests/data/tt-info.csv "
				 "--format csv -o /nonexistent/dir/x.csv"), 1);
	CU_ASSERT(has(err, "/nonexistent/dir/x.csv: error: cannot write"));
	free(out);
	free(err);

	/* Help is not an error. */
	CU_ASSERT_EQUAL(st_capture(&out, &err, "./offersim trace --help"), 0);
	CU_ASSERT(has(out, "usage: offersim trace info FILE"));
	free(out);
	free(err);
	st_cleanup(tmpdir());
	g_dir[0] = '\0';
}

static const struct test_case cases[] = {
	{"formats: a wrong format names the right one", test_wrong_format_sniffed},
	{"histogram: bins and hand quantiles", test_hist_bins_and_hand_quantiles},
	{"histogram: quantiles within 1/128", test_hist_error_bound},
	{"distinct jobs: exact, then sketch", test_distinct},
	{"progress bar", test_progress_bar},
	{"info: every figure by hand", test_info_by_hand},
	{"info: text output", test_info_text_cli},
	{"info: KTH and Google slices", test_info_shipped_slices},
	{"info: slices through the CLI", test_info_shipped_cli},
	{"convert: same records, every format", test_convert_round_trip},
	{"convert: same tasks.csv", test_convert_same_runs},
	{"sample: exact slices", test_sample},
	{"sample: gzip, replayable", test_sample_gzip_and_info},
	{"lenient: every reader", test_lenient_readers},
	{"lenient: runs and tools", test_lenient_run},
	{"formats: the table", test_format_table},
	{"formats: info, sample, machines on each", test_format_each},
	{"formats: an unknown name lists the table", test_format_unknown},
	{"command-line errors", test_cli_errors},
	{NULL, NULL},
};

const struct test_suite suite_tracetool = { "tracetool", cases };
