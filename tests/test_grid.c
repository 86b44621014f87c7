/*
 * test_grid.c - compare, sweep, merge and the reports: the statistics on
 * hand-computed cases (Student-t interval, Jain's index, time average,
 * base64, the JSON reader), and whole grids run through the ./offersim
 * binary: common random numbers across configurations, bisection against
 * the Erlang C threshold of an M/M/c queue, merge giving the same
 * comparison.csv as compare (also through emitted command lines, GNU
 * parallel when installed, and the Slurm job array run by
 * tests/fake-sbatch), and every plot embedded in the reports.
 *
 * Tests that spawn ./offersim (make check builds it first) skip when it
 * is missing (st_skip: counted, and a failure under CI); plot checks skip
 * without gnuplot and check the report's note instead.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "simtest.h"

#include "../sim/core/ci.h"
#include "../sim/core/json_read.h"
#include "../sim/cli/headline.h"
#include "../sim/cli/plot.h"
#include "../sim/cli/report.h"

#define NEAR(a, b, tol) (fabs((a) - (b)) <= (tol))

static void test_ci_hand(void)
{
	/* mean 3, sd sqrt(2.5) = 1.5811, t(0.975, 4) = 2.7764,
	 * half = 2.7764 * 1.5811 / sqrt(5) = 1.9632. */
	const double x[] = {1, 2, 3, 4, 5};
	struct ci c;
	CU_ASSERT_EQUAL_FATAL(ci_compute(x, 5, &c), 0);
	CU_ASSERT_EQUAL(c.n, 5);
	CU_ASSERT(NEAR(c.mean, 3.0, 1e-12));
	CU_ASSERT(NEAR(c.sd, 1.5811, 1e-4));
	CU_ASSERT(NEAR(c.half, 1.9632, 1e-4));
	CU_ASSERT(NEAR(c.lo, 3 - 1.9632, 1e-4));
	CU_ASSERT(NEAR(c.hi, 3 + 1.9632, 1e-4));

	/* NaNs are skipped; one value has no interval. */
	const double y[] = {NAN, 7, NAN};
	CU_ASSERT_EQUAL(ci_compute(y, 3, &c), 0);
	CU_ASSERT_EQUAL(c.n, 1);
	CU_ASSERT(NEAR(c.mean, 7, 0));
	CU_ASSERT(isnan(c.sd) && isnan(c.half));

	/* Paired: differences {1,1,2,2,4} - mean 2, sd sqrt(1.5). */
	const double a[] = {2, 3, 5, 6, 9}, b[] = {1, 2, 3, 4, 5};
	CU_ASSERT_EQUAL(ci_paired(a, b, 5, &c), 0);
	CU_ASSERT(NEAR(c.mean, 2.0, 1e-12));
	CU_ASSERT(NEAR(c.sd, sqrt(1.5), 1e-12));
	CU_ASSERT(NEAR(c.half, 2.7764451 * sqrt(1.5) / sqrt(5.0), 1e-6));
}

/* A wait's interval stops at 0.  {0, 0, 3}: mean 1, sd sqrt(3), half =
 * t(0.975, 2) * sqrt(3) / sqrt(3) = 4.3027; lo would be -3.3027. */
static void test_ci_floor_hand(void)
{
	const double x[] = {0, 0, 3};
	struct ci c;
	CU_ASSERT_EQUAL_FATAL(ci_compute(x, 3, &c), 0);
	CU_ASSERT(NEAR(c.lo, 1 - 4.3027, 1e-4));
	ci_floor(&c, 0);
	CU_ASSERT(c.lo == 0);
	CU_ASSERT(NEAR(c.hi, 1 + 4.3027, 1e-4));
	CU_ASSERT(NEAR(c.half, 4.3027, 1e-4));   /* the cut shows: lo > mean - half */
	CU_ASSERT(c.lo > c.mean - c.half);
	/* An interval above the floor is left alone. */
	const double y[] = {1, 2, 3, 4, 5};
	CU_ASSERT_EQUAL_FATAL(ci_compute(y, 5, &c), 0);
	double lo = c.lo;
	ci_floor(&c, 0);
	CU_ASSERT(c.lo == lo);
}

static void test_jain_hand(void)
{
	const double eq[] = {0.3, 0.3, 0.3, 0.3}, one[] = {1, 0, 0, 0};
	const double three[] = {1, 2, 3}, none[] = {0, 0};
	CU_ASSERT(NEAR(ci_jain(eq, 4), 1.0, 1e-12));
	CU_ASSERT(NEAR(ci_jain(one, 4), 0.25, 1e-12));
	CU_ASSERT(NEAR(ci_jain(three, 3), 36.0 / 42.0, 1e-12));
	CU_ASSERT(isnan(ci_jain(none, 2)));
	/* Steps: 1 for 10 s, 0.5 for 20 s; the last sample holds no time. */
	const double t[] = {0, 10, 30}, v[] = {1, 0.5, 99};
	CU_ASSERT(NEAR(ci_time_average(t, v, 3), 20.0 / 30.0, 1e-12));
	const double t1[] = {5}, v1[] = {0.4};
	CU_ASSERT(NEAR(ci_time_average(t1, v1, 1), 0.4, 1e-12));
}

static void test_base64_json(void)
{
	char out[16];
	report_base64((const unsigned char *)"Man", 3, out);
	CU_ASSERT_STRING_EQUAL(out, "TWFu");
	report_base64((const unsigned char *)"Ma", 2, out);
	CU_ASSERT_STRING_EQUAL(out, "TWE=");
	report_base64((const unsigned char *)"M", 1, out);
	CU_ASSERT_STRING_EQUAL(out, "TQ==");
	report_base64((const unsigned char *)"", 0, out);
	CU_ASSERT_STRING_EQUAL(out, "");

	const char doc[] = "{\"a\": {\"b\": [1, 2.5e1, null], \"c\": \"x\\\"y\"},"
			   " \"fw.1\": {\"w\": -3}, \"t\": true}";
	char err[128];
	struct jr_value *v = jr_parse(doc, strlen(doc), err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(jr_count(jr_get(v, "a.b")), 3);
	CU_ASSERT(NEAR(jr_number(jr_at(jr_get(v, "a.b"), 1), ""), 25.0, 0));
	CU_ASSERT_STRING_EQUAL(jr_string(jr_get(v, "a.c")), "x\"y");
	CU_ASSERT(NEAR(jr_number(v, "fw.1.w"), -3, 0));
	CU_ASSERT(isnan(jr_number(v, "a.missing")));
	CU_ASSERT_STRING_EQUAL(jr_key(v, 1), "fw.1");
	jr_free(v);
	CU_ASSERT_PTR_NULL(jr_parse("{\"a\": 1,}", 9, err, sizeof err));
	CU_ASSERT(strstr(err, "line 1") != NULL);
}

/* --- through the binary --- */

static int strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted "framework,job,task,submit,duration" keys of tasks.csv. */
static char **task_keys(const char *dir, int *n)
{
	struct st_csv *csv = st_csv_read(dir, "tasks.csv");
	*n = 0;
	if (!csv)
		return NULL;
	int cap = 0;
	char **keys = NULL;
	for (long r = 0; r < csv->nrows; r++) {
		const char *f[5];
		static const char *const cols[] = {
			"framework", "job_id", "task_id", "submit", "state",
		};
		int k = 0;
		while (k < 5 && (f[k] = st_csv_get(csv, r, cols[k])))
			k++;
		if (k < 5)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			keys = realloc(keys, (size_t)cap * sizeof *keys);
		}
		char buf[256];
		/* Duration from the printed start and end: rounded to 1 us each. */
		const char *start = st_csv_get(csv, r, "start");
		const char *end = st_csv_get(csv, r, "end");
		double dur = strtod(end, NULL) - strtod(start, NULL);
		snprintf(buf, sizeof buf, "%s,%s,%s,%s,%.4f", f[0], f[1], f[2], f[3], dur);
		keys[(*n)++] = strdup(buf);
	}
	st_csv_free(csv);
	if (*n)
		qsort(keys, (size_t)*n, sizeof *keys, strcmp_ptr);
	return keys;
}

static char g_cmp_dir[ST_DIR];   /* compare output shared by later tests */

static void test_common_random_numbers(void)
{
	if (!st_have_offersim())
		return;
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(g_cmp_dir, sizeof g_cmp_dir, "grid"), 0);
	int rc = st_sh("./offersim compare tests/data/synth-small.yaml "
		    "--vary frameworks.alpha.placement=first_fit,best_fit --seeds 3 -j 4 "
		    "-o %s/cmp -q", g_cmp_dir);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	int differ = 0;
	for (int s = 1; s <= 3; s++) {
		char a[ST_DIR + 64], b[ST_DIR + 64];
		snprintf(a, sizeof a, "%s/cmp/runs/placement=first_fit/seed-%d", g_cmp_dir, s);
		snprintf(b, sizeof b, "%s/cmp/runs/placement=best_fit/seed-%d", g_cmp_dir, s);
		int na, nb;
		char **ka = task_keys(a, &na), **kb = task_keys(b, &nb);
		CU_ASSERT(na > 100);
		CU_ASSERT_EQUAL(na, nb);
		int same = na == nb;
		for (int i = 0; same && i < na; i++)
			same = strcmp(ka[i], kb[i]) == 0;
		CU_ASSERT(same);
		for (int i = 0; i < na; i++)
			free(ka[i]);
		for (int i = 0; i < nb; i++)
			free(kb[i]);
		free(ka);
		free(kb);
		/* ...while the schedules themselves differ somewhere. */
		char *ta = st_slurp(a, "tasks.csv", NULL), *tb = st_slurp(b, "tasks.csv", NULL);
		CU_ASSERT_PTR_NOT_NULL(ta);
		CU_ASSERT_PTR_NOT_NULL(tb);
		if (ta && tb && strcmp(ta, tb) != 0)
			differ = 1;
		free(ta);
		free(tb);
	}
	CU_ASSERT(differ);
	/* Five rows per configuration: three runs and the aggregate. */
	char *csv = st_slurp(g_cmp_dir, "cmp/comparison.csv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	int rows = 0;
	for (char *p = csv; (p = strchr(p, '\n')); p++)
		rows++;
	CU_ASSERT_EQUAL(rows, 1 + 2 * 4);
	CU_ASSERT(strstr(csv, "placement=best_fit,best_fit,all,3,") != NULL);
	free(csv);
	char *md = st_slurp(g_cmp_dir, "cmp/comparison.md", NULL);
	CU_ASSERT(md && strstr(md, " ± ") && strstr(md, "**") &&
		  strstr(md, "Paired differences"));
	free(md);
}

static void test_merge_equals_compare(void)
{
	if (!st_have_offersim() || !g_cmp_dir[0])
		return;
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim merge -o %s/merged %s/cmp -q --no-plots",
				 g_cmp_dir, g_cmp_dir), 0);
	char *a = st_slurp(g_cmp_dir, "cmp/comparison.csv", NULL);
	char *b = st_slurp(g_cmp_dir, "merged/comparison.csv", NULL);
	CU_ASSERT(a && b && strcmp(a, b) == 0);
	free(b);

	/* The same grid through emitted command lines run by sh: proves the
	 * quoting (the --set value holds a quote and a space). */
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim compare tests/data/synth-small.yaml "
				 "--vary frameworks.alpha.placement=first_fit,best_fit --seeds 3 "
				 "--set \"metrics.sample_interval=5\" "
				 "-o %s/emit -q --emit-commands %s/cmds.txt",
				 g_cmp_dir, g_cmp_dir), 0);
	char *cmds = st_slurp(g_cmp_dir, "cmds.txt", NULL);
	int lines = 0;
	for (char *p = cmds; p && (p = strchr(p, '\n')); p++)
		lines++;
	CU_ASSERT_EQUAL(lines, 6);
	/* Emitted runs go side by side: each reads its trace in line. */
	int inline_reads = 0;
	for (char *p = cmds; p && (p = strstr(p, " --one-thread")); p++)
		inline_reads++;
	CU_ASSERT_EQUAL(inline_reads, 6);
	free(cmds);
	CU_ASSERT_EQUAL_FATAL(st_sh("sh %s/cmds.txt", g_cmp_dir), 0);
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim merge %s/emit -q --no-plots", g_cmp_dir), 0);
	b = st_slurp(g_cmp_dir, "emit/comparison.csv", NULL);
	CU_ASSERT(a && b && strcmp(a, b) == 0);
	free(b);

	CU_ASSERT_EQUAL(st_sh("./offersim compare tests/data/synth-small.yaml "
			   "--vary frameworks.alpha.placement=first_fit,best_fit --seeds 3 "
			   "-o %s/slurm -q --emit-slurm %s/slurm-job", g_cmp_dir, g_cmp_dir), 0);
	char *sb = st_slurp(g_cmp_dir, "slurm-job/offersim.sbatch", NULL);
	CU_ASSERT(sb && strstr(sb, "#SBATCH --array=1-6\n"));
	free(sb);

	if (st_sh("command -v parallel >/dev/null 2>&1") != 0) {
		st_skip("GNU parallel not installed; parallel run not tested");
	} else {
		CU_ASSERT_EQUAL_FATAL(st_sh("./offersim compare tests/data/synth-small.yaml "
					 "--vary frameworks.alpha.placement=first_fit,best_fit "
					 "--seeds 3 -o %s/par -q --emit-commands %s/par.txt",
					 g_cmp_dir, g_cmp_dir), 0);
		CU_ASSERT_EQUAL_FATAL(st_sh("parallel -j 4 < %s/par.txt", g_cmp_dir), 0);
		CU_ASSERT_EQUAL_FATAL(st_sh("./offersim merge %s/par -q --no-plots", g_cmp_dir), 0);
		b = st_slurp(g_cmp_dir, "par/comparison.csv", NULL);
		CU_ASSERT(a && b && strcmp(a, b) == 0);
		free(b);
	}
	free(a);
}

/* Whether dir/name exists. */
static int exists(const char *dir, const char *name)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

/* Number of lines of text (NULL: -1). */
static int count_lines(const char *text)
{
	int n = 0;
	for (const char *p = text; p && (p = strchr(p, '\n')); p++)
		n++;
	return text ? n : -1;
}

/*
 * The --emit-slurm script run as Slurm would run it, through
 * tests/fake-sbatch (which also checks every #SBATCH directive against
 * sbatch's documented syntax), then merged: the same comparison.csv as
 * compare.  Submitted from another directory, so --chdir must be right.
 */
static void test_slurm_array(void)
{
	if (!st_have_offersim() || !g_cmp_dir[0])
		return;
	char top[1024], jobdir[1200], want[2600];
	CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(top, sizeof top));
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim compare tests/data/synth-small.yaml "
				 "--vary frameworks.alpha.placement=first_fit,best_fit --seeds 3 "
				 "-o %s/sl -q --emit-slurm %s/sl-job", g_cmp_dir, g_cmp_dir), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(g_cmp_dir, jobdir));
	strcat(jobdir, "/sl-job");
	/* The directives, above the first command and exactly these. */
	char *sb = st_slurp(jobdir, "offersim.sbatch", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sb);
	snprintf(want, sizeof want,
		 "#SBATCH --job-name=offersim-grid\n#SBATCH --array=1-6\n"
		 "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n#SBATCH --chdir=%s\n"
		 "#SBATCH --output=%s/slurm-%%A_%%a.out\nset -eu\n", top, jobdir);
	CU_ASSERT(strstr(sb, want) != NULL);
	CU_ASSERT(strncmp(sb, "#!/bin/sh\n", 10) == 0);
	free(sb);
	char *cmds = st_slurp(jobdir, "commands.txt", NULL);
	CU_ASSERT_EQUAL(count_lines(cmds), 6);
	free(cmds);

	CU_ASSERT_EQUAL_FATAL(st_sh("cd %s && sh %s/tests/fake-sbatch %s/offersim.sbatch "
				 "> %s/sbatch.out", g_cmp_dir, top, jobdir, g_cmp_dir), 0);
	char *out = st_slurp(g_cmp_dir, "sbatch.out", NULL);
	CU_ASSERT(out && strcmp(out, "Submitted batch job 1000\n") == 0);
	free(out);
	for (int i = 1; i <= 6; i++) {
		char log[64];
		snprintf(log, sizeof log, "slurm-1000_%d.out", i);
		size_t len = 1;
		char *text = st_slurp(jobdir, log, &len);
		CU_ASSERT(text && len == 0);   /* the runs are --quiet */
		free(text);
	}
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim merge %s/sl -q --no-plots", g_cmp_dir), 0);
	char *a = st_slurp(g_cmp_dir, "cmp/comparison.csv", NULL);
	char *b = st_slurp(g_cmp_dir, "sl/comparison.csv", NULL);
	CU_ASSERT(a && b && strcmp(a, b) == 0);
	free(a);
	free(b);

	/* 2002 runs: 1000 array tasks (Slurm's default MaxArraySize is
	 * 1001), task i runs lines i, i + 1000, i + 2000.  Tasks 1 and 1000
	 * only: lines 1, 1001, 2001 and 1000, 2000. */
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim compare tests/data/synth-small.yaml "
				 "--vary frameworks.alpha.placement=first_fit,best_fit --seeds 1001 "
				 "-o %s/big -q --emit-slurm %s/big-job", g_cmp_dir, g_cmp_dir), 0);
	char big[ST_DIR + 32];
	snprintf(big, sizeof big, "%s/big-job", g_cmp_dir);
	sb = st_slurp(big, "offersim.sbatch", NULL);
	CU_ASSERT(sb && strstr(sb, "\n#SBATCH --array=1-1000\n"));
	free(sb);
	CU_ASSERT_EQUAL_FATAL(st_sh("FAKE_SBATCH_INDEXES='1 1000' sh tests/fake-sbatch "
				 "%s/offersim.sbatch > /dev/null", big), 0);
	static const char *const ran[] = {
		"placement=first_fit/seed-1", "placement=first_fit/seed-1001",
		"placement=best_fit/seed-1000", "placement=first_fit/seed-1000",
		"placement=best_fit/seed-999",
	};
	char runs[ST_DIR + 32];
	snprintf(runs, sizeof runs, "%s/big/runs", g_cmp_dir);
	for (int i = 0; i < 5; i++) {
		char p[ST_DIR + 32];
		snprintf(p, sizeof p, "%s/summary.json", ran[i]);
		CU_ASSERT(exists(runs, p));
	}
	CU_ASSERT_EQUAL(st_sh("test $(ls -d %s/*/seed-* | wc -l) -eq 5", runs), 0);

	/* A task whose line is missing (commands.txt cut short) fails. */
	CU_ASSERT_EQUAL_FATAL(st_sh("head -n 1500 %s/commands.txt > %s/c && mv %s/c %s/commands.txt",
				 big, big, big, big), 0);
	CU_ASSERT_EQUAL(st_sh("FAKE_SBATCH_INDEXES=600 sh tests/fake-sbatch %s/offersim.sbatch "
			   "> /dev/null 2>&1", big), 1);
	char *log = st_slurp(big, "slurm-1000_600.out", NULL);
	CU_ASSERT(log && strstr(log, "offersim.sbatch: no line 1600 in "));
	free(log);
	CU_ASSERT(exists(runs, "placement=first_fit/seed-600/summary.json"));
}

/* Count data-URI images in dir/report.html and PNG files in dir. */
static void count_images(const char *dir, int *imgs, int *pngs)
{
	char *html = st_slurp(dir, "report.html", NULL);
	*imgs = 0;
	for (char *p = html; p && (p = strstr(p, "<img ")); p++)
		if (strncmp(strstr(p, "src=\""), "src=\"data:image/png;base64,", 27) == 0)
			(*imgs)++;
	free(html);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "ls '%s' | grep -c '\\.png$'", dir);
	FILE *f = popen(cmd, "r");
	*pngs = -1;
	if (f) {
		if (fscanf(f, "%d", pngs) != 1)
			*pngs = -1;
		pclose(f);
	}
}

static void test_reports(void)
{
	if (!st_have_offersim() || !g_cmp_dir[0])
		return;
	char run[ST_DIR + 32], cmp[ST_DIR + 32];
	snprintf(run, sizeof run, "%s/run", g_cmp_dir);
	snprintf(cmp, sizeof cmp, "%s/cmp", g_cmp_dir);
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim run tests/data/synth-small.yaml -o %s -q", run), 0);
	char *html = st_slurp(run, "report.html", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	/* The scenario, escaped, the seed and the version. */
	CU_ASSERT(strstr(html, "# A small two-framework synthetic workload") != NULL);
	CU_ASSERT(strstr(html, "seed 3") != NULL);
	CU_ASSERT(strstr(html, "offersim 0.") != NULL);
	/* No network: no URL.  (Not "http" alone: the embedded images'
	 * base64 may spell it by chance; base64 has no ':'.) */
	CU_ASSERT(strstr(html, "://") == NULL);
	free(html);
	int imgs, pngs;
	if (!plot_available() || !plot_script_dir()) {
		html = st_slurp(run, "report.html", NULL);
		CU_ASSERT(html && strstr(html, "class=\"note\"") && strstr(html, "no plots"));
		free(html);
		st_skip("gnuplot not available; checked the no-plots note only");
		return;
	}
	count_images(run, &imgs, &pngs);
	/* utilization, wait CDF, shares, queue embedded; gantt.png stays
	 * beside the report, whose Gantt chart is the inline SVG. */
	CU_ASSERT_EQUAL(pngs, 5);
	CU_ASSERT_EQUAL(imgs, 4);
	count_images(cmp, &imgs, &pngs);
	/* 13 bars (5 + 2 resources + makespan + fairness + 4 per job), CDF,
	 * 2 timelines. */
	CU_ASSERT_EQUAL(pngs, 16);
	CU_ASSERT_EQUAL(imgs, pngs);

	/* Without plots the note is there and no image. */
	CU_ASSERT_EQUAL(st_sh("./offersim run tests/data/synth-small.yaml -o %s/np -q --no-plots",
			   g_cmp_dir), 0);
	char np[ST_DIR + 32];
	snprintf(np, sizeof np, "%s/np", g_cmp_dir);
	html = st_slurp(np, "report.html", NULL);
	CU_ASSERT(html && strstr(html, "class=\"note\"") && !strstr(html, "<img "));
	free(html);
}

/* Erlang C mean wait in M/M/c; a = lambda/mu < c. */
static double erlang_wq(int c, double lambda, double mu)
{
	double a = lambda / mu, term = 1, sum = 0;
	for (int k = 0; k < c; k++) {
		sum += term;
		term *= a / (k + 1);
	}
	double top = term * c / (c - a);
	return top / (sum + top) / (c * mu - lambda);
}

static void test_sweep_bisection(void)
{
	if (!st_have_offersim())
		return;
	/* lambda 7.2, mu 1: Wq(9) = 0.240, Wq(10) = 0.0906.  The target sits
	 * at their geometric mean, so the smallest c meeting it is 10 with
	 * margin for 10000 jobs' noise. */
	double lambda = 7.2, mu = 1.0;
	int want = 0;
	double target = sqrt(erlang_wq(9, lambda, mu) * erlang_wq(10, lambda, mu));
	for (int c = 8; c <= 24 && !want; c++)
		if (erlang_wq(c, lambda, mu) <= target)
			want = c;
	CU_ASSERT_EQUAL_FATAL(want, 10);
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "grid"), 0);
	char out[ST_DIR + 32];
	snprintf(out, sizeof out, "%s/out.txt", dir);
	int rc = st_sh("./offersim sweep tests/data/mmc.yaml --param cluster.agents.slot.count "
		    "--range 8:24 --slo 'wait.mean<=%.6f' "
		    "--set frameworks.q.workload.synthetic.jobs=10000 --seeds 5 "
		    "-o %s/sw > %s 2>&1", target, dir, out);
	CU_ASSERT_EQUAL(rc, 0);
	char *text = st_slurp(dir, "out.txt", NULL);
	char expect[160];
	snprintf(expect, sizeof expect, "smallest cluster.agents.slot.count meeting "
		 "wait.mean<=%g: %d (upper CI ", target, want);
	CU_ASSERT(text && strstr(text, expect) != NULL);
	if (text && !strstr(text, expect))
		printf("\n%s\n", text);
	CU_ASSERT(text && !strstr(text, "not monotone"));
	free(text);
	char *csv = st_slurp(dir, "sw/sweep.csv", NULL);
	CU_ASSERT(csv && strstr(csv, "\n9,") && strstr(csv, "\n10,"));
	free(csv);

	/* A bad metric is an input error. */
	rc = st_sh("./offersim sweep tests/data/mmc.yaml --param cluster.agents.slot.count "
		"--values 9 --slo 'wait.p96<=1' --set frameworks.q.workload.synthetic.jobs=100 "
		"--seeds 1 -o %s/bad -q 2> %s", dir, out);
	CU_ASSERT_EQUAL(rc, 2);
	text = st_slurp(dir, "out.txt", NULL);
	CU_ASSERT(text && strstr(text, "<command-line>:1:") && strstr(text, "wait.p96"));
	free(text);
	st_cleanup(dir);
}

/* The line of text starting with prefix, or NULL. */
static const char *line_with(const char *text, const char *prefix)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			return p;
	return NULL;
}

/*
 * Early stop: the same bisection with and without it finds the same
 * value, and with it the overloaded probes are recorded as stopped (in
 * the printed probes and sweep.csv's stopped_at) while without it no run
 * stops.  2 seeds, so a probe counts as stopped only when both are.
 */
static void sweep_early_stop(const char *slos)
{
	if (!st_have_offersim())
		return;
	char dir[64];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "grid"), 0);
	const char *modes[2] = {"", "--no-early-stop"};
	char *out[2];
	for (int m = 0; m < 2; m++) {
		CU_ASSERT_EQUAL(st_sh("./offersim sweep tests/data/mmc.yaml --param "
				   "cluster.agents.slot.count --range 2:12 %s "
				   "--set frameworks.q.workload.synthetic.jobs=3000 --seeds 2 "
				   "--no-plots %s -o %s/m%d > %s/m%d.out 2>&1", slos, modes[m],
				   dir, m, dir, m), 0);
		char name[16];
		snprintf(name, sizeof name, "m%d.out", m);
		out[m] = st_slurp(dir, name, NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(out[m]);
	}
	const char *prefix = "smallest cluster.agents.slot.count meeting";
	const char *a = line_with(out[0], prefix), *b = line_with(out[1], prefix);
	CU_ASSERT(a && b);
	if (a && b) {
		size_t n = strcspn(a, "\n");
		CU_ASSERT(n == strcspn(b, "\n") && strncmp(a, b, n) == 0);
	}
	CU_ASSERT(strstr(out[0], "missed (stopped at ") != NULL);
	CU_ASSERT(strstr(out[1], "stopped") == NULL);
	char *csv = st_slurp(dir, "m0/sweep.csv", NULL);
	CU_ASSERT(csv && strstr(csv, ",meets,stopped_at,"));
	/* A stopped probe's row: meets 0, then a stop time. */
	int stopped_rows = 0;
	for (const char *p = csv; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		int x, order, runs, meets;
		char c;
		if (sscanf(p, "%d,%d,%d,%d,%c", &x, &order, &runs, &meets, &c) == 5 &&
		    meets == 0 && c >= '0' && c <= '9')
			stopped_rows++;
	}
	CU_ASSERT(stopped_rows >= 1);
	free(csv);
	free(out[0]);
	free(out[1]);
	st_cleanup(dir);
}

static void test_sweep_early_stop(void)
{
	sweep_early_stop("--slo 'wait.mean<=0.2' --slo 'response.max<=400'");
}

/* A percentile, bounded before the last arrival from the planned count
 * of tasks, and past metrics.exact_percentiles from the histogram. */
static void test_sweep_early_stop_p95(void)
{
	sweep_early_stop("--slo 'wait.p95<=3'");
	sweep_early_stop("--slo 'wait.p95<=3' --set metrics.exact_percentiles=500");
}

/* Whether dir1/name and dir2/name hold the same bytes (both present). */
static int same_file(const char *dir1, const char *dir2, const char *name)
{
	size_t n1 = 0, n2 = 0;
	char *a = st_slurp(dir1, name, &n1), *b = st_slurp(dir2, name, &n2);
	int same = a && b && n1 == n2 && memcmp(a, b, n1) == 0;
	if (!same)
		printf("\n    %s/%s and %s/%s differ ", dir1, name, dir2, name);
	free(a);
	free(b);
	return same;
}

/* dir/name without its "  results   DIR/ ..." line, which names the
 * output directory (NULL when unreadable). */
static char *stdout_text(const char *dir, const char *name)
{
	char *t = st_slurp(dir, name, NULL);
	char *r = t ? strstr(t, "\n  results   ") : NULL;
	if (r)
		r[1] = '\0';
	return t;
}

/* The number in column col of the row starting with row in a CSV text
 * (no quoted fields); NAN when either is missing. */
static double csv_cell(const char *csv, const char *row, const char *col)
{
	int k = 0;
	const char *p = csv;
	size_t cl = strlen(col);
	for (;;) {
		if (strncmp(p, col, cl) == 0 && (p[cl] == ',' || p[cl] == '\n'))
			break;
		p += strcspn(p, ",\n");
		if (*p != ',')
			return NAN;
		p++;
		k++;
	}
	char want[256];
	snprintf(want, sizeof want, "\n%s", row);
	const char *r = strstr(csv, want);
	if (!r)
		return NAN;
	r++;
	for (int i = 0; i < k; i++) {
		r += strcspn(r, ",\n");
		if (*r != ',')
			return NAN;
		r++;
	}
	char *end;
	double x = strtod(r, &end);
	return end == r ? NAN : x;
}

/* The number of lines of dir/name, or -1 when it cannot be read. */
static long lines_of(const char *dir, const char *name)
{
	size_t n = 0;
	char *t = st_slurp(dir, name, &n);
	if (!t)
		return -1;
	long k = 0;
	for (size_t i = 0; i < n; i++)
		k += t[i] == '\n';
	free(t);
	return k;
}

/*
 * A sweep's runs leave out offers.csv's rows and replay.html, which the
 * sweep never reads; the answer, every probe's figures, sweep.csv and
 * each run's summary.json are the same as with --all-outputs, which
 * keeps them.  A --set the user gives still wins over the sweep's own.
 * Early stop is on, and the probe at 8 stops: stopped runs are compared
 * too.
 */
static void test_sweep_lean_outputs(void)
{
	if (!st_have_offersim())
		return;
	char dir[64];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "grid"), 0);
	const char *modes[3] = {"", "--all-outputs", "--set metrics.offer_log=true"};
	for (int m = 0; m < 3; m++)
		CU_ASSERT_EQUAL(st_sh("./offersim sweep tests/data/mmc.yaml --param "
				   "cluster.agents.slot.count --range 6:12 "
				   "--slo 'wait.mean<=0.2' "
				   "--set frameworks.q.workload.synthetic.jobs=2000 --seeds 2 "
				   "--no-plots %s -o %s/m%d > %s/m%d.out 2>&1", modes[m], dir, m,
				   dir, m), 0);
	char *out[2] = {stdout_text(dir, "m0.out"), stdout_text(dir, "m1.out")};
	CU_ASSERT(out[0] && out[1] && strcmp(out[0], out[1]) == 0);
	CU_ASSERT(out[0] && strstr(out[0], "smallest cluster.agents.slot.count meeting "
				   "wait.mean<=0.2: ") != NULL);
	free(out[0]);
	free(out[1]);
	char d0[96], d1[96], d2[96];
	snprintf(d0, sizeof d0, "%s/m0", dir);
	snprintf(d1, sizeof d1, "%s/m1", dir);
	snprintf(d2, sizeof d2, "%s/m2", dir);
	CU_ASSERT(same_file(d0, d1, "sweep.csv"));
	/* Every probe of one mode is a probe of the other (the same
	 * bisection), with the same summary; 12 is always probed. */
	char *csv = st_slurp(d0, "sweep.csv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	int nprobes = 0;
	for (const char *p = strchr(csv, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
		int x;
		if (sscanf(p + 1, "%d,", &x) != 1)
			continue;
		nprobes++;
		for (int seed = 1; seed <= 2; seed++) {
			char r0[160], r1[160], r2[160];
			snprintf(r0, sizeof r0, "%s/runs/count=%d/seed-%d", d0, x, seed);
			snprintf(r1, sizeof r1, "%s/runs/count=%d/seed-%d", d1, x, seed);
			snprintf(r2, sizeof r2, "%s/runs/count=%d/seed-%d", d2, x, seed);
			CU_ASSERT(same_file(r0, r1, "summary.json"));
			CU_ASSERT(same_file(r0, r1, "tasks.csv"));
			/* Lean: the header alone and no replay; all: both. */
			CU_ASSERT_EQUAL(lines_of(r0, "offers.csv"), 1);
			CU_ASSERT(lines_of(r1, "offers.csv") > 100);
			CU_ASSERT_EQUAL(lines_of(r0, "replay.html"), -1);
			CU_ASSERT(lines_of(r1, "replay.html") > 0);
			/* The user's --set metrics.offer_log=true wins. */
			CU_ASSERT(same_file(r1, r2, "offers.csv"));
			CU_ASSERT_EQUAL(lines_of(r2, "replay.html"), -1);
		}
	}
	CU_ASSERT(nprobes >= 3);
	CU_ASSERT(strstr(csv, "\n12,") != NULL);
	free(csv);
	st_cleanup(dir);
}

#define JOB_SETS "--set frameworks.f.workload.trace=gang-backfill.swf " \
	"--set frameworks.f.workload.format=swf " \
	"--set frameworks.f.workload.options.tasks=per_proc --set frameworks.f.gang=hold"

/*
 * Job-level headline metrics on the hand-computed rigid-job case of
 * tests/data/policies/gang-backfill.swf (four cpus, a task per
 * processor, gang start; bounded slowdown threshold 10 s):
 *   FCFS: J1 0-10, J2 (submit 1) 10-15, J3 (submit 2) 15-20: job waits
 *     0, 9, 13; responses 10, 14, 18; bounded slowdowns 1, 1.4, 1.8;
 *     wait p95 (GSL: v[1] + 0.9 (v[2] - v[1])) 9 + 0.9 x 4 = 12.6.
 *     Tasks (2 + 3 + 2) wait 0, 0, 9, 9, 9, 13, 13: mean 53/7, p95 13.
 *   EASY: J3 backfills at 2-7: job waits 0, 9, 0 (p95 8.1); responses
 *     10, 14, 5; bounded slowdowns 1, 1.4, 1 (5 / 10 is raised to 1).
 *     Task waits mean 27/7.
 * The columns keep the old order with the job ones appended, and a sweep
 * SLO on jobs.wait.p95 tells the job figure from the task figure.
 */
static void test_job_metrics(void)
{
	if (!st_have_offersim())
		return;
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "grid"), 0);
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim compare tests/data/policies/four-cpu.yaml "
				 JOB_SETS " --vary frameworks.f.policy=fcfs,easy --seeds 1 "
				 "-o %s/jc -q --no-plots", dir), 0);
	char *csv = st_slurp(dir, "jc/comparison.csv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	static const char *const keys[] = {
		"wait.mean", "wait.p95", "wait.p99", "response.mean",
		"bounded_slowdown.mean", "utilization.cpus", "makespan", "fairness",
		"jobs.wait.mean", "jobs.wait.p95", "jobs.response.mean",
		"jobs.bounded_slowdown.mean",
	};
	char head[2048] = "config,frameworks.f.policy,seed,runs";
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		snprintf(head + strlen(head), sizeof head - strlen(head),
			 ",%s,%s.sd,%s.ci95_lo,%s.ci95_hi", keys[i], keys[i], keys[i], keys[i]);
	strcat(head, "\n");
	CU_ASSERT(strncmp(csv, head, strlen(head)) == 0);
	static const struct {
		const char *row, *col;
		double want;
	} cells[] = {
		{"policy=fcfs,fcfs,all,1,", "jobs.wait.mean", 22.0 / 3},
		{"policy=fcfs,fcfs,all,1,", "jobs.wait.p95", 12.6},
		{"policy=fcfs,fcfs,all,1,", "jobs.response.mean", 14},
		{"policy=fcfs,fcfs,all,1,", "jobs.bounded_slowdown.mean", 1.4},
		{"policy=fcfs,fcfs,all,1,", "wait.mean", 53.0 / 7},
		{"policy=fcfs,fcfs,all,1,", "wait.p95", 13},
		{"policy=fcfs,fcfs,1,1,", "jobs.wait.mean", 22.0 / 3},
		{"policy=easy,easy,all,1,", "jobs.wait.mean", 3},
		{"policy=easy,easy,all,1,", "jobs.wait.p95", 8.1},
		{"policy=easy,easy,all,1,", "jobs.response.mean", 29.0 / 3},
		{"policy=easy,easy,all,1,", "jobs.bounded_slowdown.mean", 3.4 / 3},
		{"policy=easy,easy,all,1,", "wait.mean", 27.0 / 7},
	};
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		double got = csv_cell(csv, cells[i].row, cells[i].col);
		/* comparison.csv has 9 significant digits. */
		if (!NEAR(got, cells[i].want, 1e-7)) {
			printf("\n    %s %s: %.9g, want %.9g ", cells[i].row, cells[i].col,
			       got, cells[i].want);
			CU_FAIL("job metric in comparison.csv");
		}
	}
	free(csv);
	char *md = st_slurp(dir, "jc/comparison.md", NULL);
	CU_ASSERT(md && strstr(md, "| fairness (Jain) | job wait mean (s) | job wait p95 (s) "
			       "| job response mean (s) | job bounded slowdown |\n"));
	CU_ASSERT(md && strstr(md, "| **3.000** | **8.100** | **9.667** | **1.133** |\n"));
	free(md);

	/* One agent meets a job-level p95 of 12.8 s (12.6) but not the
	 * task-level one (13); two agents start every job at once. */
	CU_ASSERT_EQUAL(st_sh("./offersim sweep tests/data/policies/four-cpu.yaml " JOB_SETS
			   " --set frameworks.f.policy=fcfs --param cluster.agents.m.count "
			   "--values 1,2 --slo 'jobs.wait.p95<=12.8' "
			   "--slo 'frameworks.f.jobs.bounded_slowdown.mean<=1.4' --seeds 1 "
			   "-o %s/js --no-plots > %s/js.out", dir, dir), 0);
	char *out = st_slurp(dir, "js.out", NULL);
	CU_ASSERT(out && strstr(out, "\nsmallest cluster.agents.m.count meeting "
				"jobs.wait.p95<=12.8, frameworks.f.jobs.bounded_slowdown.mean<=1.4: "
				"1 (jobs.wait.p95 value 12.60 s; "
				"frameworks.f.jobs.bounded_slowdown.mean value 1.400)\n"));
	free(out);
	CU_ASSERT_EQUAL(st_sh("./offersim sweep tests/data/policies/four-cpu.yaml " JOB_SETS
			   " --set frameworks.f.policy=fcfs --param cluster.agents.m.count "
			   "--values 1,2 --slo 'wait.p95<=12.8' --seeds 1 "
			   "-o %s/ts --no-plots > %s/ts.out", dir, dir), 0);
	out = st_slurp(dir, "ts.out", NULL);
	CU_ASSERT(out && strstr(out, "\nsmallest cluster.agents.m.count meeting "
				"wait.p95<=12.8: 2 (value 0.000 s)\n"));
	free(out);
	st_cleanup(dir);
}

#define SWEEP_GRID "./offersim sweep tests/data/mmc.yaml " \
	"--param cluster.agents.slot.count --values 12,8,10,9 " \
	"--slo 'wait.mean<=0.2' --slo 'jobs.wait.p95<=1' " \
	"--set frameworks.q.workload.synthetic.jobs=500 --seeds 3"

/*
 * A --values sweep run elsewhere: emitted as command lines (run by GNU
 * parallel when installed, else by sh) and as a Slurm array (run by
 * tests/fake-sbatch), then merged.  Every output the sweep writes
 * (sweep.csv, the plots, report.html) and its printed probes and answer
 * must come out byte for byte as from the sweep itself; so must a merge
 * of the sweep's own directory.  A --range sweep refuses to be emitted.
 */
static void test_sweep_emit_merge(void)
{
	if (!st_have_offersim())
		return;
	char dir[ST_DIR], sw[ST_DIR + 8], other[ST_DIR + 8], top[1024];
	CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(top, sizeof top));
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "grid"), 0);
	snprintf(sw, sizeof sw, "%s/sw", dir);
	CU_ASSERT_EQUAL_FATAL(st_sh(SWEEP_GRID " -j 2 -o %s > %s/sw.out", sw, dir), 0);
	char *want = stdout_text(dir, "sw.out");
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	CU_ASSERT(strstr(want, "\nsmallest cluster.agents.slot.count meeting "
			 "wait.mean<=0.2, jobs.wait.p95<=1: ") != NULL);
	char *csv = st_slurp(sw, "sweep.csv", NULL);
	CU_ASSERT_EQUAL(count_lines(csv), 5);
	free(csv);
	int plots = plot_available() && plot_script_dir();
	if (!plots)
		st_skip("gnuplot not available; no plots compared");
	static const char *const files[] = {"sweep.csv", "report.html", "sweep-1.png",
					    "sweep-2.png"};
	int nfiles = plots ? 4 : 2;

	/* Command lines: one per value and seed. */
	CU_ASSERT_EQUAL_FATAL(st_sh(SWEEP_GRID " -o %s/par --emit-commands %s/cmds.txt -q",
				 dir, dir), 0);
	char *cmds = st_slurp(dir, "cmds.txt", NULL);
	CU_ASSERT_EQUAL(count_lines(cmds), 12);
	free(cmds);
	if (st_sh("command -v parallel >/dev/null 2>&1") != 0) {
		st_skip("GNU parallel not installed; commands run by sh");
		CU_ASSERT_EQUAL_FATAL(st_sh("sh %s/cmds.txt", dir), 0);
	} else {
		CU_ASSERT_EQUAL_FATAL(st_sh("parallel -j 2 < %s/cmds.txt", dir), 0);
	}
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim merge %s/par > %s/par.out", dir, dir), 0);
	snprintf(other, sizeof other, "%s/par", dir);
	for (int i = 0; i < nfiles; i++)
		CU_ASSERT(same_file(sw, other, files[i]));
	char *got = stdout_text(dir, "par.out");
	CU_ASSERT(got && strcmp(got, want) == 0);
	free(got);

	/* A Slurm array, submitted from another directory. */
	CU_ASSERT_EQUAL_FATAL(st_sh(SWEEP_GRID " -o %s/sl --emit-slurm %s/sl-job -q",
				 dir, dir), 0);
	CU_ASSERT_EQUAL_FATAL(st_sh("cd %s && sh %s/tests/fake-sbatch sl-job/offersim.sbatch "
				 "> /dev/null", dir, top), 0);
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim merge %s/sl > %s/sl.out", dir, dir), 0);
	snprintf(other, sizeof other, "%s/sl", dir);
	for (int i = 0; i < nfiles; i++)
		CU_ASSERT(same_file(sw, other, files[i]));
	got = stdout_text(dir, "sl.out");
	CU_ASSERT(got && strcmp(got, want) == 0);
	free(got);

	/* The sweep's own runs, merged elsewhere; or as a comparison. */
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim merge -o %s/again %s -q", dir, sw), 0);
	snprintf(other, sizeof other, "%s/again", dir);
	for (int i = 0; i < nfiles; i++)
		CU_ASSERT(same_file(sw, other, files[i]));
	CU_ASSERT_EQUAL(st_sh("./offersim merge --comparison -o %s/cmp %s -q --no-plots",
			   dir, sw), 0);
	csv = st_slurp(dir, "cmp/comparison.csv", NULL);
	CU_ASSERT(csv && strstr(csv, "\ncount=8,8,all,3,") && strstr(csv, "\ncount=12,12,all,3,"));
	free(csv);
	free(want);

	/* Bisection cannot be emitted: exit 2, nothing written. */
	CU_ASSERT_EQUAL(st_sh("./offersim sweep tests/data/mmc.yaml "
			   "--param cluster.agents.slot.count --range 8:12 --slo 'wait.mean<=1' "
			   "-o %s/r --emit-commands %s/r.txt 2> %s/r.err", dir, dir, dir), 2);
	char *err = st_slurp(dir, "r.err", NULL), msg[512];
	/* Pointed at the option's value, as other option errors are. */
	int col = snprintf(msg, sizeof msg, "./offersim sweep tests/data/mmc.yaml "
			   "--param cluster.agents.slot.count --range 8:12 --slo wait.mean<=1 "
			   "-o %s/r --emit-commands ", dir) + 1;
	snprintf(msg, sizeof msg, "<command-line>:1:%d: error: --emit-commands needs "
		 "--values: a --range is searched by bisection", col);
	CU_ASSERT(err && strstr(err, msg));
	free(err);
	CU_ASSERT(!exists(dir, "r") && !exists(dir, "r.txt"));
	st_cleanup(dir);
}

/* Every number under v (a summary.json object) at its dotted path must be
 * a metric headline_known() accepts; returns how many were checked. */
static int check_known(const struct jr_value *v, const char *prefix)
{
	int n = 0;
	for (int i = 0; i < jr_count(v); i++) {
		char path[256];
		snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "",
			 jr_key(v, i));
		const struct jr_value *x = jr_at(v, i);
		if (jr_type(x) == JR_OBJECT) {
			n += check_known(x, path);
		} else if (jr_type(x) == JR_NUMBER) {
			if (!headline_known(path))
				fprintf(stderr, "\n  summary.json number '%s' unknown to "
					"headline_known()", path);
			CU_ASSERT(headline_known(path));
			n++;
		}
	}
	return n;
}

/* sweep checks its SLO metrics by name before any run: the names must
 * cover every number a summary.json really holds (two frameworks, two
 * resources, jobs), and refuse misspellings. */
static void test_known_metrics(void)
{
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_run("examples/drf-two-users.yaml", NULL, 0, dir,
				     sizeof dir), 0);
	char path[ST_DIR + 32], err[256];
	snprintf(path, sizeof path, "%s/summary.json", dir);
	struct jr_value *doc = jr_parse_file(path, err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	CU_ASSERT(check_known(doc, "") > 60);
	CU_ASSERT(jr_get(doc, "frameworks.B.wait.p95") != NULL);
	jr_free(doc);
	st_cleanup(dir);
	static const char *const bad[] = {
		"wiat.p95", "wait.p96", "wait", "utilization", "frameworks.a",
		"frameworks.a.wiat.mean", "frameworks..wait.mean", "span.first",
		"fairnes", "",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CU_ASSERT(!headline_known(bad[i]));
	CU_ASSERT(headline_known("fairness"));
	CU_ASSERT(headline_known("frameworks.any.jobs.wait.p95"));
}

/* Every subcommand's command-line error is its message and one line
 * pointing at its --help, not the whole usage; exit 2. */
static void test_cli_try_help(void)
{
	if (!st_have_offersim())
		return;
	static const struct {
		const char *args, *msg, *hint;
	} cases[] = {
		{"run examples/seed-hadoop.yaml --sed",
		 "<command-line>:1:42: error: unknown option '--sed' (did you mean '--seed'?)\n",
		 "Try 'offersim run --help'.\n"},
		{"validate", "error: missing scenario file (offersim validate SCENARIO)\n",
		 "Try 'offersim validate --help'.\n"},
		{"compare --vray",
		 "error: unknown option '--vray' (did you mean '--vary'?)\n",
		 "Try 'offersim compare --help'.\n"},
		{"sweep --x", "error: unknown option '--x'\n", "Try 'offersim sweep --help'.\n"},
		{"merge", "error: missing directory (offersim merge DIR...)\n",
		 "Try 'offersim merge --help'.\n"},
		{"trace info --jsn x.csv", "error: unknown option '--jsn' (did you mean '--json'?)\n",
		 "Try 'offersim trace --help'.\n"},
		{"trace infoo", "(did you mean 'info'?)\n", "Try 'offersim trace --help'.\n"},
		{"runn", "error: unknown command 'runn' (did you mean 'run'?)\n",
		 "Try 'offersim --help'.\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *out, *err;
		int st = st_capture(&out, &err, "./offersim %s", cases[i].args);
		if (st != 2 || !strstr(err, cases[i].msg) || !strstr(err, cases[i].hint))
			fprintf(stderr, "\n  offersim %s: exit %d, stderr:\n%s", cases[i].args,
				st, err);
		CU_ASSERT_EQUAL(st, 2);
		/* The hint is the last line, right after the message. */
		const char *m = strstr(err, cases[i].msg);
		if (m && strcmp(m + strlen(cases[i].msg), cases[i].hint))
			fprintf(stderr, "\n  offersim %s: after the message: '%s'",
				cases[i].args, m + strlen(cases[i].msg));
		CU_ASSERT(m && !strcmp(m + strlen(cases[i].msg), cases[i].hint));
		CU_ASSERT_PTR_NULL(strstr(err, "usage:"));
		CU_ASSERT_STRING_EQUAL(out, "");
		free(out);
		free(err);
	}
}

/* A misspelt SLO metric stops sweep before anything runs or is written. */
static void test_sweep_bad_slo_first(void)
{
	if (!st_have_offersim())
		return;
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "grid"), 0);
	char *out, *err;
	int st = st_capture(&out, &err, "./offersim sweep tests/data/mmc.yaml --param "
			    "cluster.agents.slot.count --values 8,9 --slo 'wiat.p95<=1' "
			    "-o %s/sw", dir);
	CU_ASSERT_EQUAL(st, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "error: unknown metric 'wiat.p95' in --slo"));
	CU_ASSERT_STRING_EQUAL(out, "");
	CU_ASSERT(!exists(dir, "sw"));
	free(out);
	free(err);
	st_cleanup(dir);
}

static void test_cli_errors(void)
{
	if (!st_have_offersim())
		return;
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "grid"), 0);
	CU_ASSERT_EQUAL(st_sh("./offersim compare tests/data/synth-small.yaml --vray a=b "
			   "-o %s/x 2> %s/err", dir, dir), 2);
	char *t = st_slurp(dir, "err", NULL);
	CU_ASSERT(t && strstr(t, "<command-line>:1:48: error: unknown option '--vray' "
			      "(did you mean '--vary'?)"));
	free(t);
	/* A misspelt key is caught before any run starts. */
	CU_ASSERT_EQUAL(st_sh("./offersim compare tests/data/synth-small.yaml "
			   "--vary frameworks.alpha.placment=first_fit -o %s/y 2> %s/err",
			   dir, dir), 2);
	CU_ASSERT(access(dir, F_OK) == 0);
	char p[ST_DIR + 32];
	snprintf(p, sizeof p, "%s/y/runs", dir);
	CU_ASSERT(access(p, F_OK) != 0);
	st_cleanup(dir);
	/* Last test using the shared comparison: clean it up. */
	if (g_cmp_dir[0])
		st_cleanup(g_cmp_dir);
}

static const struct test_case cases[] = {
	{"ci: Student t interval, hand case", test_ci_hand},
	{"ci: an interval of a non-negative figure is cut at 0", test_ci_floor_hand},
	{"ci: Jain's index and time average, hand cases", test_jain_hand},
	{"report: base64; json_read", test_base64_json},
	{"compare: common random numbers across configurations", test_common_random_numbers},
	{"merge: same comparison.csv as compare (also emitted commands)", test_merge_equals_compare},
	{"slurm: the job array run task by task, merged, equals compare", test_slurm_array},
	{"report: every plot embedded", test_reports},
	{"sweep: bisection finds the Erlang C threshold", test_sweep_bisection},
	{"sweep: early stop gives the same answer", test_sweep_early_stop},
	{"sweep: early stop on a percentile gives the same answer",
	 test_sweep_early_stop_p95},
	{"sweep: runs leave out unread outputs, same answer and figures",
	 test_sweep_lean_outputs},
	{"compare, sweep: job-level metrics on a hand-computed case", test_job_metrics},
	{"sweep: emitted grid run by parallel and Slurm, merged, equals sweep",
	 test_sweep_emit_merge},
	{"sweep: SLO metric names cover summary.json", test_known_metrics},
	{"cli: errors point at --help", test_cli_try_help},
	{"sweep: misspelt SLO rejected before any run", test_sweep_bad_slo_first},
	{"compare: command-line and key errors", test_cli_errors},
	{NULL, NULL},
};

const struct test_suite suite_grid = {"grid", cases};
