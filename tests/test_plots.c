/*
 * test_plots.c - what the run's plots are told, what files they make, and
 * the run report that shows them.
 *
 * The choices a reader sees (the title naming allocator and policies,
 * the time unit, the axis ending at the run's end, a CCDF when most
 * waits are 0) are made in sim/cli/plot.c and handed to gnuplot as one
 * -e expression, so they are checked on that expression from hand-made
 * summaries, with no gnuplot.  The bands of a long utilization are
 * checked on a step file whose bin means are computed by hand.  Then,
 * with gnuplot, --plot-format svg, png and both make exactly the files
 * asked for, and the SVG's text holds the title and the unit; without
 * gnuplot those cases are skips (st_skip).  The pictures drawn from the
 * simulator's prepared inputs are compared byte for byte with the ones
 * the scripts draw from the CSV files.  Last, the run report: its
 * figures, and the stale-plot case (a run without plots in a directory
 * that holds an earlier run's) shows none of the earlier pictures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "simtest.h"

#include "../sim/cli/plot.h"
#include "../sim/core/json_read.h"

static struct jr_value *doc(const char *text)
{
	char err[128];
	struct jr_value *v = jr_parse(text, strlen(text), err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL(v);
	return v;
}

static int has(const char *expr, const char *needle)
{
	if (strstr(expr, needle))
		return 1;
	printf("\n    '%s' not in: %s ", needle, expr);
	return 0;
}

static void test_expression(void)
{
	char e[PLOT_EXPR_MAX];
	struct jr_value *s = doc("{\"scenario\": \"seed-hadoop\", \"seed\": 1, "
				 "\"allocator\": \"drf\", \"sim_time\": 116.4, "
				 "\"wait\": {\"p50\": 17.1, \"max\": 39.3}, "
				 "\"frameworks\": {\"hadoop\": {\"policy\": \"fifo\"}}}");
	CU_ASSERT_EQUAL(plot_expression("utilization", s, "in.csv", "out.tmp", "svg",
					"plots", 0, e, sizeof e), 0);
	CU_ASSERT(has(e, "title='seed-hadoop, seed 1: allocator drf, policy fifo'"));
	CU_ASSERT(has(e, "tunit='s'"));
	CU_ASSERT(has(e, "tscale=1;"));
	CU_ASSERT(has(e, "tend=116.40000000000001"));
	CU_ASSERT(has(e, "fmt='svg'"));
	CU_ASSERT(has(e, "banded=0"));
	CU_ASSERT(strstr(e, "ccdf") == NULL);
	CU_ASSERT_EQUAL(plot_expression("wait_cdf", s, "in.csv", "out.tmp", "png",
					"plots", 0, e, sizeof e), 0);
	CU_ASSERT(has(e, "wunit='s'"));
	CU_ASSERT(has(e, "ccdf=0"));
	jr_free(s);

	/* Three weeks of KTH: days on the time axis, hours for the waits. */
	s = doc("{\"scenario\": \"hpc-kth\", \"seed\": 1, \"allocator\": \"drf\", "
		"\"sim_time\": 2069601, \"wait\": {\"p50\": 23998.5, \"max\": 141277}, "
		"\"frameworks\": {\"batch\": {\"policy\": \"easy\"}}}");
	CU_ASSERT_EQUAL(plot_expression("wait_cdf", s, "a", "b", "png", "plots", 0, e,
					sizeof e), 0);
	CU_ASSERT(has(e, "tunit='d'"));
	CU_ASSERT(has(e, "tscale=86400;"));
	CU_ASSERT(has(e, "wunit='h'"));
	CU_ASSERT(has(e, "wscale=3600;"));
	CU_ASSERT(has(e, "policy easy"));
	jr_free(s);

	/* Most waits 0: the CCDF; policies that differ are named each. */
	s = doc("{\"scenario\": \"mmc\", \"seed\": 4, \"allocator\": \"weighted\", "
		"\"sim_time\": 13800, \"wait\": {\"p50\": 0, \"max\": 5.8}, "
		"\"frameworks\": {\"a\": {\"policy\": \"fifo\"}, \"b\": {\"policy\": \"sjf\"}}}");
	CU_ASSERT_EQUAL(plot_expression("wait_cdf", s, "a", "b", "png", "plots", 0, e,
					sizeof e), 0);
	CU_ASSERT(has(e, "ccdf=1"));
	CU_ASSERT(has(e, "tunit='h'"));
	CU_ASSERT(has(e, "title='mmc, seed 4: allocator weighted; a fifo, b sjf'"));
	jr_free(s);

	/* Every wait 0: nothing for a log scale to show, so no CCDF. */
	s = doc("{\"scenario\": \"x\", \"sim_time\": 300, \"wait\": {\"p50\": 0, \"max\": 0}}");
	CU_ASSERT_EQUAL(plot_expression("wait_cdf", s, "a", "b", "png", "plots", 0, e,
					sizeof e), 0);
	CU_ASSERT(has(e, "ccdf=0"));
	CU_ASSERT(has(e, "tunit='min'"));
	CU_ASSERT(has(e, "title='x'"));
	/* Quotes in a path are doubled, not a way out of the literal. */
	CU_ASSERT_EQUAL(plot_expression("shares", s, "it's.csv", "b", "png", "plots", 0, e,
					sizeof e), 0);
	CU_ASSERT(has(e, "infile='it''s.csv'"));
	CU_ASSERT_EQUAL(plot_expression("shares", s, "a", "b", "png", "plots", 0, e, 40), -1);
	jr_free(s);
}

static void test_bins(void)
{
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "bins"), 0);
	char csv[ST_DIR + 32], out[ST_DIR + 32];
	snprintf(csv, sizeof csv, "%s/u.csv", dir);
	snprintf(out, sizeof out, "%s/u.bins", dir);
	FILE *f = fopen(csv, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	/* cpus 0.5 on [0,3), 1 on [3,4), 0 on [4,8); the last row ends the run. */
	fputs("step_start,cpus\n0,0.5\n3,1\n4,0\n8,0\n", f);
	fclose(f);
	f = fopen(out, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(plot_bin_steps(csv, f, 2, 8, 0), 0);
	fclose(f);
	char *text = st_slurp(dir, "u.bins", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	/* Bin [0,4): (3 * 0.5 + 1 * 1) / 4 = 0.625, from 0.5 to 1; bin
	 * [4,8): 0 throughout. */
	CU_ASSERT_STRING_EQUAL(text, "time\tcpus\tcpus.min\tcpus.max\n"
				     "2\t0.625\t0.5\t1\n6\t0\t0\t0\n");
	if (strcmp(text, "time\tcpus\tcpus.min\tcpus.max\n2\t0.625\t0.5\t1\n6\t0\t0\t0\n"))
		printf("\n%s", text);
	free(text);
	f = fopen(out, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	snprintf(csv, sizeof csv, "%s/missing.csv", dir);
	CU_ASSERT_EQUAL(plot_bin_steps(csv, f, 2, 8, 0), -1);
	fclose(f);
	st_cleanup(dir);
}

static int exists(const char *dir, const char *name)
{
	char p[2 * ST_DIR + 96];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return access(p, F_OK) == 0;
}

static void test_formats(void)
{
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "fmt"), 0);
	/* A bad word is an input error, whatever gnuplot can do. */
	CU_ASSERT_EQUAL(st_sh("./offersim run tests/data/synth-small.yaml --plot-format jpg "
			      "-o %s/bad -q 2> %s/bad.err", dir, dir), 2);
	char *err = st_slurp(dir, "bad.err", NULL);
	CU_ASSERT(err && strstr(err, "error: --plot-format needs png, svg or both, got 'jpg'"));
	free(err);
	if (!plot_available() || !plot_script_dir()) {
		st_skip("gnuplot not available; plot files not checked");
		st_cleanup(dir);
		return;
	}
	static const char *const plots[] = {"utilization", "wait_cdf", "shares", "queue"};
	static const struct {
		const char *word;
		int png, svg;
	} cases[] = {{"svg", 0, 1}, {"png", 1, 0}, {"both", 1, 1}};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		char sub[ST_DIR + 16];
		snprintf(sub, sizeof sub, "%s/%s", dir, cases[c].word);
		CU_ASSERT_EQUAL(st_sh("./offersim run tests/data/synth-small.yaml "
				      "--plot-format %s -o %s -q", cases[c].word, sub), 0);
		for (size_t i = 0; i < sizeof plots / sizeof plots[0]; i++) {
			char name[64];
			snprintf(name, sizeof name, "%s.png", plots[i]);
			CU_ASSERT_EQUAL(exists(sub, name), cases[c].png);
			snprintf(name, sizeof name, "%s.svg", plots[i]);
			CU_ASSERT_EQUAL(exists(sub, name), cases[c].svg);
		}
		/* The Gantt chart's SVG is the simulator's; gnuplot adds its PNG. */
		CU_ASSERT(exists(sub, "gantt.svg"));
		CU_ASSERT_EQUAL(exists(sub, "gantt.png"), cases[c].png);
	}
	/* The SVG says what was run and in which unit (synth-small ends
	 * after about 2.5 min, so minutes). */
	char sub[ST_DIR + 16];
	snprintf(sub, sizeof sub, "%s/svg", dir);
	char *svg = st_slurp(sub, "utilization.svg", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
	CU_ASSERT(has(svg, "synth-small, seed 3: allocator drf, policy fifo: resources in use"));
	CU_ASSERT(has(svg, "time (min)"));
	free(svg);
	svg = st_slurp(sub, "wait_cdf.svg", NULL);
	CU_ASSERT(svg && has(svg, "wait ("));
	free(svg);
	/* The report embeds the SVGs: four pictures and the Gantt chart. */
	char *html = st_slurp(sub, "report.html", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	int n = 0;
	for (const char *p = html; (p = strstr(p, "data:image/svg+xml;base64,")); p++)
		n++;
	CU_ASSERT_EQUAL(n, 4);
	CU_ASSERT(strstr(html, "data:image/png") == NULL);
	free(html);
	st_cleanup(dir);
}

/* Whether files a and b hold the same bytes (both must exist). */
static int same_bytes(const char *a, const char *b)
{
	size_t na, nb;
	char *x = st_slurp(NULL, a, &na), *y = st_slurp(NULL, b, &nb);
	int same = x && y && na == nb && na > 0 && memcmp(x, y, na) == 0;
	if (!same)
		printf("\n    %s and %s differ ", a, b);
	free(x);
	free(y);
	return same;
}

/*
 * The simulator hands gnuplot prepared inputs (plotprep.c) instead of the
 * CSV files; each picture must be the same bytes as the script draws from
 * the CSV itself.  Four runs cover the scripts' branches: two frameworks
 * with tasks still waiting and running (a CDF, nine Gantt rows), lost
 * tasks among finished ones (a CCDF, 21 rows), one framework with most
 * waits 0 (a CCDF), and nothing finished at all.
 */
static void test_prepared(void)
{
	if (!plot_available() || !plot_script_dir()) {
		st_skip("gnuplot not available; prepared plots not compared");
		return;
	}
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "prep"), 0);
	static const char *const runs[] = {"examples/quota.yaml", "examples/faults-mtbf.yaml",
					   "examples/diurnal.yaml",
					   "examples/drf-two-users.yaml"};
	static const char *const plots[][2] = {{"wait_cdf", "tasks.csv"},
					       {"gantt", "gantt.csv"},
					       {"queue", "queue.csv"},
					       {"shares", "shares.csv"}};
	const char *sd = plot_script_dir();
	int compared = 0;
	for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
		char sub[ST_DIR + 16];
		snprintf(sub, sizeof sub, "%s/r%zu", dir, r);
		CU_ASSERT_EQUAL_FATAL(st_sh("./offersim run %s --plot-format both -o %s -q",
					    runs[r], sub), 0);
		char path[ST_DIR + 64], err[128];
		snprintf(path, sizeof path, "%s/summary.json", sub);
		struct jr_value *sum = jr_parse_file(path, err, sizeof err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(sum);
		for (size_t i = 0; i < sizeof plots / sizeof plots[0]; i++) {
			for (int bit = PLOT_PNG; bit <= PLOT_SVG; bit <<= 1) {
				if (bit == PLOT_SVG && !strcmp(plots[i][0], "gantt"))
					continue;
				const char *ext = plot_format_ext(bit);
				char in[ST_DIR + 64], ref[ST_DIR + 64], got[ST_DIR + 64],
					script[4200], e[PLOT_EXPR_MAX];
				snprintf(in, sizeof in, "%s/%s", sub, plots[i][1]);
				snprintf(ref, sizeof ref, "%s/ref-%s.%s", sub, plots[i][0], ext);
				snprintf(got, sizeof got, "%s/%s.%s", sub, plots[i][0], ext);
				snprintf(script, sizeof script, "%s/%s.gp", sd, plots[i][0]);
				CU_ASSERT_EQUAL(plot_expression(plots[i][0], sum, in, ref, ext, sd,
								0, e, sizeof e), 0);
				CU_ASSERT_EQUAL(plot_gnuplot(script, e, plots[i][0], stdout), 0);
				CU_ASSERT(same_bytes(ref, got));
				compared++;
			}
			/* And the run did use a prepared input for it. */
			char prep[ST_DIR + 64], e[PLOT_EXPR_MAX] = "x=1";
			snprintf(prep, sizeof prep, "%s/p.tmp", sub);
			FILE *f = fopen(prep, "w");
			CU_ASSERT_PTR_NOT_NULL_FATAL(f);
			char in[ST_DIR + 64];
			snprintf(in, sizeof in, "%s/%s", sub, plots[i][1]);
			CU_ASSERT_EQUAL(plot_prepare(plots[i][0], in, f, 60, 60, e, sizeof e), 1);
			CU_ASSERT(has(e, "; prepared=1"));
			fclose(f);
			unlink(prep);
		}
		/* The prepared files were temporaries: none is left. */
		size_t n;
		char **left = st_list(sub, ".prep", &n);
		CU_ASSERT_EQUAL(n, 0);
		st_list_free(left);
		jr_free(sum);
	}
	CU_ASSERT_EQUAL(compared, 4 * 7);
	/* A CSV with no rows is not prepared; expr is left as it was. */
	char csv[ST_DIR + 32], e[64] = "x=1";
	snprintf(csv, sizeof csv, "%s/empty.csv", dir);
	FILE *f = fopen(csv, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("framework,job_id,task_id,attempt,agent,submit,start,end,wait,response,"
	      "slowdown,state\n", f);
	fclose(f);
	f = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(plot_prepare("wait_cdf", csv, f, 1, 1, e, sizeof e), 0);
	CU_ASSERT_STRING_EQUAL(e, "x=1");
	CU_ASSERT_EQUAL(plot_prepare("utilization", csv, f, 1, 1, e, sizeof e), 0);
	fclose(f);
	st_cleanup(dir);
}

/* Occurrences of needle in text. */
static int count(const char *text, const char *needle)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void test_run_report(void)
{
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "stale"), 0);
	/* The first run draws its plots; the second, with another seed and
	 * no plots, finds them in the directory and must not show them. */
	CU_ASSERT_EQUAL(st_sh("./offersim run tests/data/synth-small.yaml -o %s/d -q", dir), 0);
	char d[ST_DIR + 8];
	snprintf(d, sizeof d, "%s/d", dir);
	char *html = st_slurp(d, "report.html", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	int drawn = plot_available() && plot_script_dir();
	CU_ASSERT_EQUAL(count(html, "<img "), drawn ? 4 : 0);
	/* What a reader looks for: job-level figures, span utilization,
	 * offered load, the Gantt chart, numbers without exponents. */
	CU_ASSERT(has(html, "<td>job wait (s)</td>"));
	CU_ASSERT(has(html, "<td>jobs</td>"));
	CU_ASSERT(has(html, "span utilization"));
	CU_ASSERT(has(html, "offered load"));
	CU_ASSERT(has(html, "<h2>Gantt chart</h2>"));
	CU_ASSERT(has(html, "offersim run: synth-small, seed 3: allocator drf, policy fifo"));
	/* No exponent in the figures (base64 pictures may hold any text,
	 * so only the part before them is read). */
	char *pics = strstr(html, "<h2>Plots</h2>");
	if (pics)
		*pics = '\0';
	CU_ASSERT(strstr(html, "e+0") == NULL && strstr(html, "e-0") == NULL);
	free(html);
	/* Another seed into the same directory is refused without --force,
	 * and the first run's report is left as it was. */
	CU_ASSERT_EQUAL(st_sh("./offersim run tests/data/synth-small.yaml --seed 99 --no-plots "
			      "-o %s/d -q 2> /dev/null", dir), 2);
	html = st_slurp(d, "report.html", NULL);
	CU_ASSERT(html && has(html, "seed 3") && count(html, "<img ") == (drawn ? 4 : 0));
	free(html);
	/* With --force it replaces the outputs, and its report shows this
	 * run (seed 99) and no picture of the earlier one. */
	CU_ASSERT_EQUAL(st_sh("./offersim run tests/data/synth-small.yaml --seed 99 --no-plots "
			      "--force -o %s/d -q", dir), 0);
	html = st_slurp(d, "report.html", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	CU_ASSERT(has(html, "seed 99"));
	CU_ASSERT(strstr(html, "seed 3") == NULL);
	CU_ASSERT_EQUAL(count(html, "<img "), 0);
	CU_ASSERT(has(html, "(--no-plots)"));
	/* The Gantt chart is this run's own. */
	CU_ASSERT(has(html, "<h2>Gantt chart</h2>"));
	free(html);
	/* The earlier pictures are gone with the outputs --force replaced. */
	CU_ASSERT(!exists(d, "utilization.png"));
	st_cleanup(dir);
}

/* The most cells (th or td) in any row of any table of html. */
static int widest_row(const char *html, int *tables)
{
	int widest = 0;
	*tables = 0;
	for (const char *t = html; (t = strstr(t, "<table>")); t++) {
		const char *end = strstr(t, "</table>");
		if (!end)
			break;
		(*tables)++;
		for (const char *r = strstr(t, "<tr>"); r && r < end; r = strstr(r + 1, "<tr>")) {
			const char *re = strstr(r, "</tr>");
			int n = 0;
			for (const char *c = r; c && c < re; c++)
				n += !strncmp(c, "<th>", 4) || !strncmp(c, "<td", 3);
			widest = n > widest ? n : widest;
		}
	}
	return widest;
}

static void test_compare(void)
{
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "cmp"), 0);
	int drawn = plot_available() && plot_script_dir();
	/* Six configurations, two seeds: wide enough to need the groups. */
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim compare tests/data/synth-small.yaml "
				    "--vary frameworks.alpha.policy=fifo,sjf,srtf "
				    "--vary frameworks.alpha.placement=first_fit,best_fit "
				    "--seeds 2 -j 2 --plot-format svg -o %s/c -q", dir), 0);
	char c[ST_DIR + 8];
	snprintf(c, sizeof c, "%s/c", dir);
	char *html = st_slurp(c, "report.html", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	/* 13 metrics: tables of at most 6 metrics beside the configuration
	 * (per task 5, cluster 4, per job 4), then the paired differences,
	 * a metric column and at most 3 configurations: 5 configurations
	 * after the first make 2 tables. */
	int tables, widest = widest_row(html, &tables);
	CU_ASSERT(widest <= 7);
	CU_ASSERT_EQUAL(tables, 3 + 2);
	CU_ASSERT(has(html, "<h3>Per task</h3>"));
	CU_ASSERT(has(html, "<h3>Per job</h3>"));
	CU_ASSERT(has(html, "<th>makespan (min)</th>"));
	CU_ASSERT(has(html, "<th>policy=sjf,placement=first_fit − policy=fifo,placement=first_fit</th>"));
	CU_ASSERT(has(html, "offersim compare: synth-small by frameworks.alpha.policy and "
		      "frameworks.alpha.placement"));
	if (drawn) {
		CU_ASSERT_EQUAL(count(html, "data:image/svg+xml;base64,"), 16);
		CU_ASSERT_EQUAL(count(html, "data:image/png"), 0);
	}
	free(html);
	/* The Markdown keeps one table, and the paired differences are a
	 * table too: a row per metric, a column per configuration. */
	char *md = st_slurp(c, "comparison.md", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT(has(md, "| metric | policy=fifo,placement=best_fit − policy=fifo,placement=first_fit |"));
	CU_ASSERT(has(md, "\n| makespan (min) | "));
	CU_ASSERT(strstr(md, "e+0") == NULL);
	free(md);
	if (!drawn) {
		st_skip("gnuplot not available; compare plots not checked");
		st_cleanup(dir);
		return;
	}
	CU_ASSERT(exists(c, "compare-wait_cdf.svg"));
	CU_ASSERT(!exists(c, "compare-wait_cdf.png"));
	char *svg = st_slurp(c, "compare-wait_cdf.svg", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
	/* Two seeds: a band per configuration, the median as a line; six
	 * labels, in a legend under the picture. */
	CU_ASSERT(has(svg, "by policy and placement (band: seeds' range, line: median)"));
	CU_ASSERT(has(svg, "wait (min)"));
	CU_ASSERT(has(svg, "policy=srtf,placement=best_fit"));
	free(svg);
	svg = st_slurp(c, "compare-timeline-cpus.svg", NULL);
	CU_ASSERT(svg && has(svg, "mean per time bin") && has(svg, "time (min)"));
	free(svg);
	svg = st_slurp(c, "compare-makespan.svg", NULL);
	CU_ASSERT(svg && has(svg, "makespan (min) by policy and placement (mean and 95% CI over seeds 1-2)"));
	free(svg);
	st_cleanup(dir);
}

static const struct test_case plots_cases[] = {
	{"plots: compare report in groups, paired table, SVG bands", test_compare},
	{"plots: a run's report shows job figures, load, Gantt; never a stale plot",
	 test_run_report},
	{"plots: title, time unit, run end and CCDF in the expression", test_expression},
	{"plots: bands of a step file, time-weighted by hand", test_bins},
	{"plots: --plot-format svg, png, both make the files asked for", test_formats},
	{"plots: prepared inputs draw the same bytes as the scripts from CSV", test_prepared},
	{NULL, NULL},
};

const struct test_suite suite_plots = {"plots", plots_cases};
