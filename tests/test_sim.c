/*
 * test_sim.c - whole runs checked against theory and hand computation:
 * M/M/c and M/M/1 waiting times against Erlang C, the DRF paper's
 * allocation, byte-identical outputs for one seed, and the 2/3/4-CPU seed
 * example finishing all its work.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "simtest.h"

/* Erlang C: probability that an arrival waits in M/M/c with offered
 * load a = lambda/mu < c. */
static double erlang_c(int c, double a)
{
	double term = 1, sum = 0;
	for (int k = 0; k < c; k++) {
		sum += term;
		term *= a / (k + 1);
	}
	/* term is now a^c / c! */
	double top = term * c / (c - a);
	return top / (sum + top);
}

static void check_mmc(int c, double lambda, double mu, long jobs,
		      double tol_mean, double tol_pw)
{
	char dir[ST_DIR], s1[128], s2[128], s3[128], s4[128], s5[128];
	snprintf(s1, sizeof s1, "cluster.agents.slot.count=%d", c);
	snprintf(s2, sizeof s2, "frameworks.q.workload.synthetic.arrival.mean=%.17g",
		 1.0 / lambda);
	snprintf(s3, sizeof s3, "frameworks.q.workload.synthetic.duration.mean=%.17g",
		 1.0 / mu);
	snprintf(s4, sizeof s4, "frameworks.q.workload.synthetic.jobs=%ld", jobs);
	snprintf(s5, sizeof s5, "metrics.sample_interval=100000");
	const char *sets[] = {s1, s2, s3, s4, s5};
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/mmc.yaml", sets, 5, dir, sizeof dir), 0);
	double a = lambda / mu;
	double pw = erlang_c(c, a);
	double wq = pw / (c * mu - lambda);
	double mean = st_summary(dir, "wait.mean");
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.finished"), (double)jobs);

	/* P(wait > 0) from the per-task rows. */
	size_t len;
	char *csv = st_slurp(dir, "tasks.csv", &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	long n = 0, waited = 0;
	char *line = strchr(csv, '\n');
	while (line && line[1]) {
		line++;
		/* wait is the 8th field */
		char *f = line;
		for (int k = 0; k < 7 && f; k++) {
			f = strchr(f, ',');
			if (f)
				f++;
		}
		if (f) {
			n++;
			if (strtod(f, NULL) > 0)
				waited++;
		}
		line = strchr(line, '\n');
	}
	free(csv);
	double pw_sim = (double)waited / (double)n;
	printf("\n    M/M/%d rho=%.2f: mean wait %.4f (Erlang C %.4f), P(wait>0) %.4f (%.4f) ",
	       c, a / c, mean, wq, pw_sim, pw);
	CU_ASSERT_EQUAL(n, jobs);
	CU_ASSERT(fabs(mean - wq) / wq < tol_mean);
	CU_ASSERT(fabs(pw_sim - pw) / pw < tol_pw);
	st_cleanup(dir);
}

static void test_mmc_erlang_c(void)
{
	check_mmc(9, 7.2, 1.0, 400000, 0.05, 0.03);
}

static void test_mm1(void)
{
	/* M/M/1 at rho 0.7: P(wait) = rho, Wq = rho / (mu - lambda). */
	check_mmc(1, 0.7, 1.0, 300000, 0.05, 0.03);
}

/* Tasks of framework fw in the given state. */
static int count_state(const struct st_csv *csv, const char *fw,
		       const char *state)
{
	static const char *const cols[] = {"framework", "state"};
	const char *const vals[] = {fw, state};
	int n = 0;
	for (long r = st_csv_find(csv, 0, cols, vals, 2); r >= 0;
	     r = st_csv_find(csv, r + 1, cols, vals, 2))
		n++;
	return n;
}

static void test_drf_paper(void)
{
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/drf-paper.yaml", NULL, 0, dir, sizeof dir), 0);
	struct st_csv *csv = st_csv_read(dir, "tasks.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	CU_ASSERT_EQUAL(count_state(csv, "A", "running"), 3);
	CU_ASSERT_EQUAL(count_state(csv, "B", "running"), 2);
	CU_ASSERT_EQUAL(count_state(csv, "A", "waiting"), 17);
	CU_ASSERT_EQUAL(count_state(csv, "B", "waiting"), 18);
	st_csv_free(csv);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "frameworks.A.final_dominant_share"), 2.0 / 3, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "frameworks.B.final_dominant_share"), 2.0 / 3, 1e-6);
	st_cleanup(dir);
}

static const char *const out_files[] = {
	"summary.json", "tasks.csv", "utilization.csv", "shares.csv", "offers.csv",
	"jobs.csv",
};

static void test_determinism(void)
{
	char d1[ST_DIR], d2[ST_DIR], d3[ST_DIR];
	const char *seed9[] = {"seed=9"};
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/synth-small.yaml", NULL, 0, d1, sizeof d1), 0);
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/synth-small.yaml", NULL, 0, d2, sizeof d2), 0);
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/synth-small.yaml", seed9, 1, d3, sizeof d3), 0);
	int differ = 0;
	for (size_t i = 0; i < sizeof out_files / sizeof out_files[0]; i++) {
		size_t l1, l2, l3;
		char *a = st_slurp(d1, out_files[i], &l1);
		char *b = st_slurp(d2, out_files[i], &l2);
		char *c = st_slurp(d3, out_files[i], &l3);
		CU_ASSERT_PTR_NOT_NULL_FATAL(a);
		CU_ASSERT_PTR_NOT_NULL_FATAL(b);
		CU_ASSERT_PTR_NOT_NULL_FATAL(c);
		CU_ASSERT(l1 > 0);
		CU_ASSERT(l1 == l2 && memcmp(a, b, l1) == 0);
		if (l1 != l3 || memcmp(a, c, l1) != 0)
			differ++;
		free(a);
		free(b);
		free(c);
	}
	CU_ASSERT(differ >= 4);   /* another seed: other jobs, tasks, offers, samples */
	CU_ASSERT_EQUAL(st_summary(d1, "seed"), 3);
	CU_ASSERT_EQUAL(st_summary(d3, "seed"), 9);
	st_cleanup(d1);
	st_cleanup(d2);
	st_cleanup(d3);
}

static void test_seed_example(void)
{
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_run("examples/seed-hadoop.yaml", NULL, 0, dir, sizeof dir), 0);
	double sub = st_summary(dir, "tasks.submitted");
	CU_ASSERT(sub > 0);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.finished"), sub);
	double uc = st_summary(dir, "utilization.cpus");
	double um = st_summary(dir, "utilization.mem");
	CU_ASSERT(uc > 0 && uc <= 1);
	CU_ASSERT(um > 0 && um <= 1);
	st_cleanup(dir);
}

static void test_failed_run_leaves_nothing(void)
{
	char dir[ST_DIR];
	char *msg = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&msg, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	int rc = st_run_diag("tests/data/midway-bad.yaml", NULL, 0, dir, sizeof dir, err);
	fclose(err);
	CU_ASSERT(rc < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "tests/data/midway-bad.csv:5:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "error:"));
	free(msg);
	for (size_t i = 0; i < sizeof out_files / sizeof out_files[0]; i++)
		CU_ASSERT_PTR_NULL(st_slurp(dir, out_files[i], NULL));
	/* Nor any temporary file: the directory is empty. */
	CU_ASSERT_PTR_NULL(st_slurp(dir, ".tasks.csv.tmp", NULL));
	CU_ASSERT_PTR_NULL(st_slurp(dir, ".summary.json.tmp", NULL));
	st_cleanup(dir);
}

/* The seed example through the command line: plots drawn (when gnuplot
 * is here) and --explain narrating offers of 2, 3 and 4 cpus. */
static void test_seed_cli_plots_and_explain(void)
{
	if (!st_have_offersim())
		return;
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "cli"), 0);
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim run examples/seed-hadoop.yaml -o %s "
				    "--explain > %s/explain.txt 2> %s/err.txt",
				    dir, dir, dir), 0);
	char *ex = st_slurp(dir, "explain.txt", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
	CU_ASSERT_PTR_NOT_NULL(strstr(ex, "agent small <cpus:2 mem:4096> -> hadoop"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ex, "agent medium <cpus:3 mem:4096> -> hadoop"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ex, "agent large <cpus:4 mem:8192> -> hadoop"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ex, "hadoop launches job 1 task 0 on small"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ex, "declines offer"));
	free(ex);
	if (system("command -v gnuplot >/dev/null 2>&1") != 0) {
		st_skip("gnuplot not installed; plot files not checked");
	} else {
		static const char *const png[] = {"utilization.png", "wait_cdf.png", "shares.png"};
		for (int i = 0; i < 3; i++) {
			size_t len = 0;
			char *img = st_slurp(dir, png[i], &len);
			CU_ASSERT_PTR_NOT_NULL(img);
			/* A PNG with drawn curves, not an empty frame. */
			CU_ASSERT(len > 8000);
			if (img)
				CU_ASSERT(memcmp(img, "\x89PNG", 4) == 0);
			free(img);
		}
	}
	st_cleanup(dir);
	CU_ASSERT(access(dir, F_OK) != 0);
}

/* A framework that thinks for 0.5 s: no task can start sooner than
 * 0.5 s after its submit, since offers go only to frameworks with work. */
static void test_decision_time(void)
{
	char dir[ST_DIR];
	const char *s[] = {"frameworks.hadoop.decision_time=0.5",
			   "master.allocation_interval=0"};
	CU_ASSERT_EQUAL_FATAL(st_run("examples/seed-hadoop.yaml", s, 2, dir, sizeof dir), 0);
	CU_ASSERT(st_summary(dir, "wait.p50") >= 0.5);
	char *csv = st_slurp(dir, "tasks.csv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	int n = 0, early = 0;
	for (char *p = strchr(csv, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
		char *f = p + 1;
		for (int k = 0; k < 7 && f; k++) {
			f = strchr(f, ',');
			if (f)
				f++;
		}
		if (!f)
			continue;
		n++;
		if (strtod(f, NULL) < 0.5 - 1e-9)
			early++;
	}
	CU_ASSERT_EQUAL(n, 84);
	CU_ASSERT_EQUAL(early, 0);
	free(csv);
	st_cleanup(dir);
}

/* Offers left unanswered past offer_timeout are rescinded: a framework
 * that takes 2 s to answer never gets to use a 1 s offer. */
static void test_offer_timeout(void)
{
	char dir[ST_DIR];
	const char *s[] = {"frameworks.hadoop.decision_time=2",
			   "master.offer_timeout=1", "horizon=30"};
	CU_ASSERT_EQUAL_FATAL(st_run("examples/seed-hadoop.yaml", s, 3, dir, sizeof dir), 0);
	double made = st_summary(dir, "offers.made");
	double resc = st_summary(dir, "offers.rescinded");
	CU_ASSERT(made > 0);
	/* All but the three made at the horizon, still in hand then. */
	CU_ASSERT_EQUAL(resc, made - 3);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.finished"), 0);
	char *csv = st_slurp(dir, "offers.csv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	/* Every offer has a row; the first was made at 0, rescinded at 1. */
	CU_ASSERT_PTR_NOT_NULL(strstr(csv, "hadoop,analytics,large,4,8192,0,outstanding\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(csv, "\n1,0.000000,1.000000,hadoop,analytics,small,2,4096,0,rescinded"));
	free(csv);
	st_cleanup(dir);
	/* Answering within the timeout is untouched. */
	const char *t[] = {"frameworks.hadoop.decision_time=0.5", "master.offer_timeout=1"};
	CU_ASSERT_EQUAL_FATAL(st_run("examples/seed-hadoop.yaml", t, 2, dir, sizeof dir), 0);
	CU_ASSERT_EQUAL(st_summary(dir, "offers.rescinded"), 0);
	CU_ASSERT_EQUAL(st_summary(dir, "tasks.finished"), 84);
	st_cleanup(dir);
}

/* metrics.offer_log: false keeps offers.csv to its header; the summary
 * still counts every offer. */
static void test_offer_log_off(void)
{
	char d1[ST_DIR], d2[ST_DIR];
	const char *off[] = {"metrics.offer_log=false"};
	CU_ASSERT_EQUAL_FATAL(st_run("examples/seed-hadoop.yaml", NULL, 0, d1, sizeof d1), 0);
	CU_ASSERT_EQUAL_FATAL(st_run("examples/seed-hadoop.yaml", off, 1, d2, sizeof d2), 0);
	size_t len = 0;
	char *csv = st_slurp(d2, "offers.csv", &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	CU_ASSERT(len > 0 && strchr(csv, '\n') == csv + len - 1);
	free(csv);
	CU_ASSERT(st_summary(d1, "offers.made") > 0);
	CU_ASSERT_EQUAL(st_summary(d1, "offers.made"), st_summary(d2, "offers.made"));
	CU_ASSERT_EQUAL(st_summary(d1, "wait.mean"), st_summary(d2, "wait.mean"));
	st_cleanup(d1);
	st_cleanup(d2);
}

static const struct test_case cases[] = {
	{"mmc_matches_erlang_c", test_mmc_erlang_c},
	{"mm1_matches_theory", test_mm1},
	{"drf_paper_example", test_drf_paper},
	{"same_seed_same_bytes", test_determinism},
	{"seed_example_finishes", test_seed_example},
	{"failed_run_leaves_no_results", test_failed_run_leaves_nothing},
	{"seed_cli_plots_and_explain", test_seed_cli_plots_and_explain},
	{"decision_time_delays_every_start", test_decision_time},
	{"offer_timeout_rescinds", test_offer_timeout},
	{"offer_log_off_keeps_counts", test_offer_log_off},
	{NULL, NULL},
};

const struct test_suite suite_sim = {"sim", cases};
