/*
 * sweep.c - `offersim sweep`: the smallest value of an integer scenario
 * key (agents of a group, say) whose SLOs all hold (see sweep.h).
 *
 * Each probe runs the scenario with the key at one value and seeds 1..N
 * (the same seeds at every value, so the curve is not seed noise).  An
 * SLO "metric<=target" holds when the upper end of the metric's 95%
 * confidence interval over the seeds is within the target ("metric>=" the
 * lower end): a pessimistic reading, because capacity planned on the mean
 * misses the target about half the time.  With one seed the value itself
 * is used.
 *
 * With --range LO:HI the search is a bisection, which assumes that
 * meeting the SLOs is monotone in the key (more agents never hurt).  That
 * is usually but not always true (a placement heuristic can behave
 * worse with more choice), so after the search the probed points are
 * checked and a warning names any that break monotonicity; with
 * --values every listed value is run and the same check applies.
 *
 * Runs go to DIR/runs/<key>=<v>/seed-<S>, each with config.txt as for
 * compare.  A --values sweep also records its SLOs there, so it can be
 * emitted for GNU parallel or Slurm like a comparison and `offersim merge`
 * redoes the sweep's analysis (sweep_merge) from the finished runs, with
 * the same outputs.  A --range sweep cannot be emitted: each probe is
 * chosen from the results of the last.  Its config.txt files carry no
 * SLOs, and merge tabulates its probes as a comparison.
 *
 * Early stop (--range only; a --values grid is run in full, its figures
 * at every value being the point): the runs of a probe get each <= SLO on a wait or response
 * figure as --stop-if-missed (sim/cli/earlystop.h), so a run ends as soon
 * as the figure's lower bound is past the target.  A probe whose seeds
 * all stopped on the same SLO misses it for certain: every seed's value
 * is above the target, so is their mean, so is the upper end of the CI.
 * It is recorded as "missed (stopped at t)", t the latest stop.  When only
 * some seeds stopped (or on different SLOs), nothing follows for the CI,
 * and the probe is run again in full.  --no-early-stop runs every probe
 * to the end; the answer is the same either way.
 *
 * What a run writes: a sweep reads only each run's summary.json (and
 * shares.csv for fairness), so its runs leave out the two outputs whose
 * cost grows with the offers rather than the tasks, offers.csv's rows
 * and replay.html: they are given --set metrics.offer_log=false and
 * --set metrics.replay=false ahead of the user's --set, which still wins.
 * On the M/M/c sweep of docs/compare.md they were two thirds of the
 * time (5.8 GB written for 35 runs).  Every summary figure is the same
 * either way; --all-outputs gives the runs everything `offersim run`
 * writes.
 *
 * The bisection opens with HI, the value most likely to meet the SLOs and
 * the cheapest to simulate, and then halves [LO - 1, HI] assuming LO - 1
 * misses, so LO, the most overloaded value, is run only when the search
 * comes down to it.
 */
#include "sweep.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/ci.h"
#include "compare.h"
#include "../core/diag.h"
#include "earlystop.h"
#include "../core/err.h"
#include "grid.h"
#include "headline.h"
#include "../core/json_read.h"
#include "../core/numfmt.h"
#include "../core/outfile.h"
#include "plot.h"
#include "report.h"
#include "../core/version.h"

#define EXIT_INPUT 2
#define MAX_SLO 16
#define MAX_PROBES 256

static const char usage_sweep[] =
	"usage: offersim sweep SCENARIO --param KEY (--range LO:HI | --values V1,V2,...)\n"
	"                      --slo 'METRIC<=X' [--slo ...] -o DIR [options]\n"
	"\n"
	"Finds the smallest integer value of KEY whose SLOs all hold, by bisection\n"
	"over LO..HI (or among the listed values).  An SLO holds when the pessimistic\n"
	"end of the metric's 95% confidence interval over the seeds meets it: the\n"
	"upper bound for <=, the lower bound for >=.  METRIC is any summary.json\n"
	"number by dotted path (wait.p95, response.mean, utilization.cpus, per job\n"
	"jobs.wait.p95, jobs.bounded_slowdown.mean, frameworks.NAME.wait.mean, ...)\n"
	"or fairness.\n"
	"\n"
	"options:\n"
	"  --param KEY        the scenario key to size, e.g. cluster.agents.small.count\n"
	"  --range LO:HI      integer range searched by bisection\n"
	"  --values V1,V2     integer values, every one run (a plain grid)\n"
	"  --slo EXPR         METRIC<=X or METRIC>=X (repeatable: all must hold)\n"
	"  --seeds N          seeds 1..N per value (default 5)\n"
	"  -j, --jobs N       runs at a time (default: online CPUs)\n"
	"  -o, --output DIR   where the runs, sweep.csv, plots and report.html go\n"
	"  --set KEY=VALUE    passed to every run\n"
	"  --no-plots         do not run gnuplot\n"
	"  --plot-format F    png (the default), svg or both\n"
	"  --no-early-stop    with --range: run every probe to the end (by default a\n"
	"                     run stops once a <= SLO on wait or response is\n"
	"                     certainly missed, and the probe is 'missed (stopped at t)')\n"
	"  --all-outputs      every run writes all that `offersim run` writes; by\n"
	"                     default a sweep's runs leave out offers.csv's rows and\n"
	"                     replay.html, which the sweep never reads\n"
	"  --emit-commands FILE  with --values: write the `offersim run` command\n"
	"                     lines to FILE instead of running them\n"
	"  --emit-slurm DIR2  with --values: write a Slurm job-array script and its\n"
	"                     command list to DIR2 instead of running; then\n"
	"                     `offersim merge DIR` finishes the sweep\n"
	"  -q, --quiet        print nothing but errors\n"
	"  -h, --help         this help\n";

struct slo {
	char text[256];      /* as typed, recorded for merge */
	char metric[128];
	int ge;              /* 1 for >=, 0 for <= */
	double target;
	int argi;            /* argv index, for diagnostics */
};

struct probe {
	long x;
	int order;           /* 1 = probed first */
	int meets;
	struct ci ci[MAX_SLO];
	double bound[MAX_SLO];   /* the end of the CI that is judged */
	int stopped;             /* missed for certain: every seed stopped */
	double stop_at;          /* the latest seed's stop, seconds */
};

struct sweep {
	const char *scenario, *param, *outdir;
	const char *shown;       /* the scenario as typed, for the report */
	const char *const *sets;
	int nsets, nseeds, jobs, quiet, no_plots;
	int plot_formats;         /* PLOT_PNG | PLOT_SVG (plot.h) */
	int have_range;          /* bisection: record no SLOs for merge */
	int early_stop;          /* pass stop conditions to the runs */
	int all_outputs;         /* runs keep offers.csv's rows, replay.html */
	char seeds[64];          /* "seeds 1-5", for the report */
	int missing;             /* runs of the grid without a summary */
	int nslo;
	struct slo slo[MAX_SLO];
	int nprobe;
	struct probe probe[MAX_PROBES];
	char scenario_name[256];
	const char *exe;
};

static int parse_slo(const char *text, struct slo *s)
{
	/* It becomes one line of config.txt. */
	if (strlen(text) >= sizeof s->text)
		return -1;
	for (const char *p = text; *p; p++)
		if ((unsigned char)*p < ' ')
			return -1;
	snprintf(s->text, sizeof s->text, "%s", text);
	return es_split_slo(text, 1, s->metric, sizeof s->metric, &s->target,
			    &s->ge);
}

/* Build the grid of one or more values of the parameter. */
static int make_grid(const struct sweep *sw, struct grid *g, const long *xs, int n)
{
	grid_init(g);
	char csv[MAX_PROBES * 24];
	size_t k = 0;
	csv[0] = '\0';
	for (int i = 0; i < n && k < sizeof csv; i++)
		k += (size_t)snprintf(csv + k, sizeof csv - k, "%s%ld", i ? "," : "", xs[i]);
	int rc = grid_set_scenario(g, sw->scenario);
	rc = rc ? rc : grid_set_outdir(g, sw->outdir);
	/* The outputs no sweep reads and whose size follows the offers, not
	 * the tasks (see the top of this file). */
	if (!sw->all_outputs) {
		rc = rc ? rc : grid_add_base_set(g, "metrics.offer_log=false");
		rc = rc ? rc : grid_add_base_set(g, "metrics.replay=false");
	}
	for (int i = 0; !rc && i < sw->nsets; i++)
		rc = grid_add_set(g, sw->sets[i]);
	rc = rc ? rc : grid_add_axis(g, sw->param, csv);
	rc = rc ? rc : grid_set_seeds(g, sw->nseeds);
	for (int i = 0; !rc && !sw->have_range && i < sw->nslo; i++)
		rc = grid_add_slo(g, sw->slo[i].text);
	rc = rc ? rc : grid_build(g);
	return rc;
}

static int slo_holds(const struct slo *s, double bound)
{
	if (isnan(bound))
		return 0;
	return s->ge ? bound >= s->target : bound <= s->target;
}

/* "seeds 1-5" (or "3 seeds" when they are not contiguous) into sw. */
static void seeds_text(struct sweep *sw, const struct grid *g)
{
	if (g->nseeds == 1)
		snprintf(sw->seeds, sizeof sw->seeds, "seed %lu", g->seeds[0]);
	else if (g->nseeds && g->seeds[g->nseeds - 1] - g->seeds[0] ==
		 (unsigned long)g->nseeds - 1)
		snprintf(sw->seeds, sizeof sw->seeds, "seeds %lu-%lu", g->seeds[0],
			 g->seeds[g->nseeds - 1]);
	else
		snprintf(sw->seeds, sizeof sw->seeds, "%d seeds", g->nseeds);
}

/*
 * Record one probe per configuration of g (one value of the parameter
 * each) from its finished runs.  An unknown metric is reported at its
 * --slo in argv, or (argv NULL, for merge) at the config.txt that
 * recorded it.  A configuration some of whose seeds stopped early (not
 * all, or not on one SLO) is not recorded: its value goes to redo[]
 * (room for g->nconfigs), to be run again in full; with redo NULL it is
 * left out.  Returns 0, 2 for an unknown metric, < 0 errors.
 */
static int collect(struct sweep *sw, const struct grid *g, struct diag *d,
		   char **argv, long *redo, int *nredo)
{
	int rc = 0;
	double *vals = calloc((size_t)(g->nseeds ? g->nseeds : 1) * MAX_SLO, sizeof *vals);
	if (!vals)
		return OS_ENOMEM;
	seeds_text(sw, g);
	for (int c = 0; !rc && c < g->nconfigs; c++) {
		if (sw->nprobe == MAX_PROBES) {
			rc = OS_ERANGE;
			break;
		}
		struct probe *p = &sw->probe[sw->nprobe];
		memset(p, 0, sizeof *p);
		p->x = strtol(g->configs[c].values[0], NULL, 10);
		p->order = sw->nprobe + 1;
		int nstopped = 0, same = 1;
		char first_metric[128] = "";
		for (int s = 0; s < g->nseeds; s++) {
			char dir[PATH_MAX], path[PATH_MAX + 32], jerr[256];
			struct jr_value *doc = NULL;
			if (grid_find_run(g, c, g->seeds[s], dir, sizeof dir)) {
				snprintf(path, sizeof path, "%s/summary.json", dir);
				doc = jr_parse_file(path, jerr, sizeof jerr);
			}
			sw->missing += !doc;
			const struct jr_value *st = doc ? jr_get(doc, "stopped") : NULL;
			if (st) {
				const char *m = jr_string(jr_get(st, "metric"));
				double at = jr_number(st, "at");
				if (!nstopped)
					snprintf(first_metric, sizeof first_metric, "%s", m ? m : "");
				else if (!m || strcmp(m, first_metric) != 0)
					same = 0;
				if (!nstopped || at > p->stop_at)
					p->stop_at = at;
				nstopped++;
			}
			if (doc && !sw->scenario_name[0] && jr_string(jr_get(doc, "scenario")))
				snprintf(sw->scenario_name, sizeof sw->scenario_name, "%s",
					 jr_string(jr_get(doc, "scenario")));
			for (int k = 0; k < sw->nslo; k++) {
				vals[k * g->nseeds + s] = doc ? headline_value(doc, dir, sw->slo[k].metric)
							      : NAN;
				if (!doc || !isnan(vals[k * g->nseeds + s]) ||
				    headline_exists(doc, sw->slo[k].metric))
					continue;
				if (argv)
					grid_cli_error(d, argv, sw->slo[k].argi,
						       "unknown metric '%s' in --slo (a summary.json "
						       "number such as wait.p95, or fairness)",
						       sw->slo[k].metric);
				else
					fprintf(stderr, "offersim: %s/config.txt: error: unknown "
						"metric '%s' in 'slo %s' (a summary.json number such "
						"as wait.p95, or fairness)\n", g->configs[c].src[0],
						sw->slo[k].metric, sw->slo[k].text);
				rc = EXIT_INPUT;
			}
			jr_free(doc);
			if (rc)
				break;
		}
		if (!rc && nstopped && (nstopped < g->nseeds || !same)) {
			/* Some seeds were cut short: their values are unknown,
			 * and the CI with them.  The caller runs it again. */
			if (redo)
				redo[(*nredo)++] = p->x;
			continue;
		}
		p->stopped = nstopped > 0;
		p->meets = !p->stopped;
		for (int k = 0; !rc && !p->stopped && k < sw->nslo; k++) {
			if (ci_compute(&vals[k * g->nseeds], (size_t)g->nseeds, &p->ci[k])) {
				rc = OS_EGSL;
				break;
			}
			if (headline_nonnegative(sw->slo[k].metric))
				ci_floor(&p->ci[k], 0);
			p->bound[k] = p->ci[k].n >= 2 ? (sw->slo[k].ge ? p->ci[k].lo : p->ci[k].hi)
						      : p->ci[k].mean;
			if (!slo_holds(&sw->slo[k], p->bound[k]))
				p->meets = 0;
		}
		if (rc)
			break;
		sw->nprobe++;
		for (int k = 0; p->stopped && k < sw->nslo; k++) {
			p->ci[k].n = g->nseeds;
			p->ci[k].mean = p->ci[k].lo = p->ci[k].hi = NAN;
			p->bound[k] = NAN;
		}
		if (!sw->quiet && p->stopped) {
			char at[NF_BUF];
			printf("  %s=%ld: %s missed (stopped at %s s)\n", sw->param, p->x,
			       first_metric, nf_plain(at, sizeof at, p->stop_at));
			fflush(stdout);
		} else if (!sw->quiet) {
			printf("  %s=%ld:", sw->param, p->x);
			for (int k = 0; k < sw->nslo; k++) {
				char m[NF_BUF], lo[NF_BUF], hi[NF_BUF];
				printf(" %s %s [%s, %s]", sw->slo[k].metric,
				       nf_plain(m, sizeof m, p->ci[k].mean),
				       nf_plain(lo, sizeof lo, p->ci[k].lo),
				       nf_plain(hi, sizeof hi, p->ci[k].hi));
			}
			printf(" -> %s\n", p->meets ? "meets" : "misses");
			fflush(stdout);
		}
	}
	free(vals);
	return rc;
}

/* Run the values xs[0..n) (all seeds, in parallel) and record probes.
 * Returns 0, 1 when runs failed, 2 for an unknown metric, < 0 errors. */
static int run_values_as(struct sweep *sw, const long *xs, int n, struct diag *d,
			 char **argv, int early)
{
	struct grid g;
	int bad = make_grid(sw, &g, xs, n);
	for (int k = 0; !bad && early && k < sw->nslo; k++)
		if (!sw->slo[k].ge && es_metric_supported(sw->slo[k].metric))
			bad = grid_add_run_arg(&g, "--stop-if-missed") ||
			      grid_add_run_arg(&g, sw->slo[k].text);
	long *redo = calloc((size_t)n + 1, sizeof *redo);
	int nredo = 0;
	if (bad || !redo) {
		free(redo);
		grid_release(&g);
		return OS_ENOMEM;
	}
	/* A sweep always runs every probe it uses, so what an earlier sweep
	 * left in a probe's directory is replaced, never mixed in. */
	g.force = 1;
	int rc = grid_write_configs(&g, stderr);
	/* Probes side by side fill the processors themselves (compare.c). */
	if (!rc && sw->jobs > 1 && grid_add_run_arg(&g, "--one-thread"))
		rc = OS_ENOMEM;
	int nrun = g.nconfigs * g.nseeds;
	char ***argvs = calloc((size_t)nrun, sizeof *argvs);
	int *st = calloc((size_t)nrun, sizeof *st);
	if (!argvs || !st)
		rc = OS_ENOMEM;
	for (int c = 0, i = 0; !rc && c < g.nconfigs; c++)
		for (int s = 0; s < g.nseeds; s++, i++)
			if (!(argvs[i] = grid_run_argv(&g, sw->exe, c, g.seeds[s])))
				rc = OS_ENOMEM;
	if (!rc) {
		char what[160];
		snprintf(what, sizeof what, "%s=%ld%s", sw->param, xs[0], n > 1 ? ",..." : "");
		FILE *prog = !sw->quiet && isatty(2) ? stderr : NULL;
		int failed = grid_exec((char **const *)argvs, nrun, sw->jobs, st, prog, what);
		if (failed) {
			for (int i = 0; i < nrun; i++)
				if (st[i])
					fprintf(stderr, "offersim: run %s seed %lu failed (exit status %d)\n",
						g.configs[i / g.nseeds].label, g.seeds[i % g.nseeds], st[i]);
			rc = 1;
		}
	}
	if (!rc)
		rc = collect(sw, &g, d, argv, redo, &nredo);
	for (int i = 0; argvs && i < nrun; i++)
		grid_free_argv(argvs[i]);
	free(argvs);
	free(st);
	grid_release(&g);
	if (!rc && nredo) {
		if (!sw->quiet) {
			printf("  %s=%ld%s: some seeds stopped early, running %s again in full\n",
			       sw->param, redo[0], nredo > 1 ? ",..." : "",
			       nredo > 1 ? "them" : "it");
			fflush(stdout);
		}
		rc = run_values_as(sw, redo, nredo, d, argv, 0);
	}
	free(redo);
	return rc;
}

static int run_values(struct sweep *sw, const long *xs, int n, struct diag *d,
		      char **argv)
{
	return run_values_as(sw, xs, n, d, argv, sw->early_stop);
}

static int probed(const struct sweep *sw, long x)
{
	for (int i = 0; i < sw->nprobe; i++)
		if (sw->probe[i].x == x)
			return i;
	return -1;
}

static int cmp_probe(const void *a, const void *b)
{
	const struct probe *x = a, *y = b;
	return x->x < y->x ? -1 : x->x > y->x;
}

/* Warn about probed points that break monotonicity; returns how many
 * warnings were printed. */
static int check_monotone(const struct sweep *sw, FILE *err, char *note, size_t size)
{
	int warned = 0;
	note[0] = '\0';
	size_t k = 0;
	for (int i = 1; i < sw->nprobe; i++)
		if (sw->probe[i - 1].meets && !sw->probe[i].meets) {
			k += (size_t)snprintf(note + k, k < size ? size - k : 0,
					      "Meeting the SLOs is not monotone in %s: %ld meets "
					      "them but %ld does not. ", sw->param,
					      sw->probe[i - 1].x, sw->probe[i].x);
			warned++;
			break;
		}
	for (int s = 0; s < sw->nslo; s++) {
		int up = 0, down = 0;
		for (int i = 1; i < sw->nprobe; i++) {
			double a = sw->probe[i - 1].ci[s].mean, b = sw->probe[i].ci[s].mean;
			up |= b > a;
			down |= b < a;
		}
		if (up && down) {
			k += (size_t)snprintf(note + k, k < size ? size - k : 0,
					      "%s is not monotone in %s over the probed values. ",
					      sw->slo[s].metric, sw->param);
			warned++;
		}
	}
	if (warned && k < size)
		snprintf(note + k, size - k, "The result may be wrong; check sweep.csv "
			 "or probe with --values.");
	if (warned && err)
		fprintf(err, "offersim: warning: %s\n", note);
	return warned;
}

static void slo_text(const struct slo *s, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%g", s->metric, s->ge ? ">=" : "<=", s->target);
}

static int write_csv(const struct sweep *sw)
{
	char fin[PATH_MAX + 32];
	snprintf(fin, sizeof fin, "%s/sweep.csv", sw->outdir);
	struct outfile o;
	if (outfile_open(&o, fin, 0))
		return OS_EIO;
	FILE *f = o.f;
	fprintf(f, "%s,probe,runs,meets,stopped_at", sw->param);
	for (int k = 0; k < sw->nslo; k++) {
		char t[160];
		slo_text(&sw->slo[k], t, sizeof t);
		fprintf(f, ",%s,%s.sd,%s.ci95_lo,%s.ci95_hi,%s", sw->slo[k].metric,
			sw->slo[k].metric, sw->slo[k].metric, sw->slo[k].metric, t);
	}
	fputc('\n', f);
	for (int i = 0; i < sw->nprobe; i++) {
		const struct probe *p = &sw->probe[i];
		fprintf(f, "%ld,%d,%d,%d,", p->x, p->order, p->ci[0].n, p->meets);
		if (p->stopped)
			fprintf(f, "%.9g", p->stop_at);
		for (int k = 0; k < sw->nslo; k++) {
			if (p->stopped) {
				/* Unfinished runs: no figure, the SLO missed. */
				fputs(",,,,,0", f);
				continue;
			}
			const struct ci *c = &p->ci[k];
			fprintf(f, ",%.9g,", c->mean);
			if (c->n >= 2)
				fprintf(f, "%.9g,%.9g,%.9g", c->sd, c->lo, c->hi);
			else
				fputs(",,", f);
			fprintf(f, ",%d", slo_holds(&sw->slo[k], p->bound[k]));
		}
		fputc('\n', f);
	}
	return outfile_commit(&o) ? OS_EIO : 0;
}

/* One picture per SLO: the metric against the parameter, CI band, and
 * the target as a line.  Returns the number drawn; names in files. */
static int draw(const struct sweep *sw, char files[][PATH_MAX + 64], FILE *err)
{
	int made = 0;
	char data[PATH_MAX + 32];
	/* A registered temporary (.sweep.dat.tmp), never committed, so a
	 * signal cannot leave it behind. */
	snprintf(data, sizeof data, "%s/sweep.dat", sw->outdir);
	struct outfile scratch;
	for (int k = 0; k < sw->nslo; k++) {
		if (outfile_open(&scratch, data, 0))
			break;
		FILE *f = scratch.f;
		for (int i = 0; i < sw->nprobe; i++) {
			const struct ci *c = &sw->probe[i].ci[k];
			if (!sw->probe[i].stopped)
				fprintf(f, "%ld\t%.9g\t%.9g\t%.9g\n", sw->probe[i].x, c->mean,
					c->lo, c->hi);
		}
		fflush(f);
		char slo[160], title[512], target[64], ylabel[160];
		slo_text(&sw->slo[k], slo, sizeof slo);
		snprintf(title, sizeof title, "%s: %s against %s (%d seed%s, 95%% CI)",
			 sw->scenario_name, sw->slo[k].metric, sw->param, sw->nseeds,
			 sw->nseeds == 1 ? "" : "s");
		snprintf(target, sizeof target, "%.17g", sw->slo[k].target);
		snprintf(ylabel, sizeof ylabel, "%s%s", sw->slo[k].metric,
			 headline_is_seconds(sw->slo[k].metric) ? " (s)" : "");
		const char *names[] = {"infile", "title", "xlabel", "ylabel", "slo#", "slolabel"};
		const char *vals[] = {outfile_writing(&scratch), title, sw->param, ylabel, target, slo};
		/* Both formats when asked; the report shows the SVG. */
		int shown = 0;
		for (int bit = PLOT_SVG; bit >= PLOT_PNG; bit >>= 1) {
			if (!(sw->plot_formats & bit))
				continue;
			char file[PATH_MAX + 64];
			snprintf(file, sizeof file, "%s/sweep-%d.%s", sw->outdir, k + 1,
				 plot_format_ext(bit));
			if (grid_gnuplot("sweep.gp", file, names, vals, 6, err) == 0 && !shown) {
				snprintf(files[made++], PATH_MAX + 64, "%s", file);
				shown = 1;
			}
		}
		outfile_abort(&scratch);
	}
	return made;
}

static int write_report(const struct sweep *sw, const char *answer, const char *mono,
			char files[][PATH_MAX + 64], int nfiles)
{
	char title[400];
	snprintf(title, sizeof title, "offersim sweep: %s",
		 sw->scenario_name[0] ? sw->scenario_name : sw->shown);
	struct report *r = report_new(title);
	if (!r)
		return OS_ENOMEM;
	const char *note = report_plot_note(!sw->no_plots);
	if (note)
		report_note(r, note);
	if (mono[0])
		report_note(r, mono);
	report_para(r, "offersim %s; %s, %s at every value (common random "
		    "numbers). An SLO holds when the pessimistic end of the 95%% "
		    "confidence interval meets it.", OFFERSIM_VERSION, sw->param, sw->seeds);
	report_heading(r, "Result");
	report_para(r, "%s", answer);
	report_heading(r, "Probes");
	int nc = 3 + sw->nslo;
	const char **head = calloc((size_t)nc, sizeof *head);
	char *cells = calloc((size_t)(sw->nprobe * nc), 96);
	const char **cp = calloc((size_t)(sw->nprobe * nc) + 1, sizeof *cp);
	char (*hb)[160] = calloc((size_t)sw->nslo + 1, sizeof *hb);
	if (head && cells && cp && hb) {
		head[0] = sw->param;
		head[1] = "probe";
		head[2] = "meets";
		for (int k = 0; k < sw->nslo; k++) {
			slo_text(&sw->slo[k], hb[k], sizeof hb[k]);
			head[3 + k] = hb[k];
		}
		for (int i = 0; i < sw->nprobe; i++) {
			const struct probe *p = &sw->probe[i];
			char *row = cells + (size_t)i * nc * 96;
			snprintf(row, 96, "%ld", p->x);
			snprintf(row + 96, 96, "%d", p->order);
			char at[NF_BUF], m[NF_BUF], lo[NF_BUF], hi[NF_BUF];
			if (p->stopped)
				snprintf(row + 192, 96, "missed (stopped at %s s)",
					 nf_plain(at, sizeof at, p->stop_at));
			else
				snprintf(row + 192, 96, "%s", p->meets ? "yes" : "no");
			for (int k = 0; k < sw->nslo; k++) {
				const struct ci *c = &p->ci[k];
				if (p->stopped)
					snprintf(row + (3 + k) * 96, 96, "-");
				else if (c->n >= 2)
					snprintf(row + (3 + k) * 96, 96, "%s [%s, %s]",
						 nf_plain(m, sizeof m, c->mean),
						 nf_plain(lo, sizeof lo, c->lo),
						 nf_plain(hi, sizeof hi, c->hi));
				else
					snprintf(row + (3 + k) * 96, 96, "%s",
						 nf_plain(m, sizeof m, c->mean));
			}
			for (int j = 0; j < nc; j++)
				cp[i * nc + j] = row + j * 96;
		}
		report_table(r, sw->nprobe, nc, head, cp, NULL);
	}
	free(head);
	free(cells);
	free(cp);
	free(hb);
	if (nfiles)
		report_heading(r, "Plots");
	for (int i = 0; i < nfiles; i++)
		report_image(r, files[i], "metric against the parameter, with the SLO");
	report_heading(r, "Scenario");
	report_overrides(r, sw->sets, sw->nsets);
	report_file(r, sw->shown, sw->scenario);
	int rc = report_write(r, sw->outdir);
	report_free(r);
	return rc;
}

/*
 * The outputs of a finished search or grid: sort the probes, check
 * monotonicity, write sweep.csv, the plots and report.html, and print the
 * answer, the smallest value meeting the SLOs (found, answer).  Shared by
 * sweep and merge, so that both write the same bytes from the same runs.
 * Returns the exit status: 0, or 1 when nothing meets the SLOs or an
 * output could not be written.
 */
static int finish(struct sweep *sw, int found, long answer)
{
	int status = 0;
	qsort(sw->probe, (size_t)sw->nprobe, sizeof sw->probe[0], cmp_probe);
	char mono[2048];
	check_monotone(sw, sw->quiet ? NULL : stderr, mono, sizeof mono);

	char sl[MAX_SLO * 160 + 8], answer_text[MAX_SLO * 256 + 512];
	size_t n = 0;
	sl[0] = '\0';
	for (int k = 0; k < sw->nslo; k++) {
		char t[160];
		slo_text(&sw->slo[k], t, sizeof t);
		n += (size_t)snprintf(sl + n, sizeof sl - n, "%s%s", k ? ", " : "", t);
	}
	if (found) {
		const struct probe *p = &sw->probe[probed(sw, answer)];
		n = (size_t)snprintf(answer_text, sizeof answer_text,
				     "smallest %s meeting %s: %ld (", sw->param, sl, answer);
		for (int k = 0; k < sw->nslo && n < sizeof answer_text; k++) {
			const char *which = p->ci[k].n < 2 ? "value"
					    : sw->slo[k].ge ? "lower CI" : "upper CI";
			/* As in "upper CI 57.40 s": the bound that was judged,
			 * in the SLO's own unit (its target was typed in s). */
			char b[NF_BUF];
			n += (size_t)snprintf(answer_text + n, sizeof answer_text - n,
					      "%s%s%s%s %s%s", k ? "; " : "",
					      sw->nslo > 1 ? sw->slo[k].metric : "",
					      sw->nslo > 1 ? " " : "", which,
					      nf_plain(b, sizeof b, p->bound[k]),
					      headline_is_seconds(sw->slo[k].metric) ? " s" : "");
		}
		snprintf(answer_text + n, sizeof answer_text - n, ")");
	} else {
		snprintf(answer_text, sizeof answer_text,
			 "no value of %s %s meets %s", sw->param,
			 sw->have_range ? "in the range" : "among the listed values", sl);
		status = 1;
	}
	if (write_csv(sw)) {
		fprintf(stderr, "offersim: cannot write %s/sweep.csv\n", sw->outdir);
		status = 1;
	}
	char (*files)[PATH_MAX + 64] = calloc(MAX_SLO, sizeof *files);
	int nfiles = 0;
	if (files && !sw->no_plots && plot_available() && plot_script_dir())
		nfiles = draw(sw, files, sw->quiet ? NULL : stderr);
	if (files && write_report(sw, answer_text, mono, files, nfiles) && !sw->quiet)
		fprintf(stderr, "offersim: warning: could not write %s/report.html\n", sw->outdir);
	free(files);
	if (!sw->quiet) {
		puts(answer_text);
		printf("  results   %s/ (sweep.csv, report.html)\n", sw->outdir);
	}
	return status;
}

/* sweep's own options; the common ones are grid_args'. */
enum { O_PARAM, O_RANGE, O_VALUES, O_SLO, O_EMITC, O_EMITS, O_NOSTOP, O_ALLOUT };

static const struct grid_opt sweep_opts[] = {
	[O_PARAM] = {"--param", NULL, 1},
	[O_RANGE] = {"--range", NULL, 1},
	[O_VALUES] = {"--values", NULL, 1},
	[O_SLO] = {"--slo", NULL, 1},
	[O_EMITC] = {"--emit-commands", NULL, 1},
	[O_EMITS] = {"--emit-slurm", NULL, 1},
	[O_NOSTOP] = {"--no-early-stop", NULL, 0},
	[O_ALLOUT] = {"--all-outputs", NULL, 0},
};

static int parse_long(const char *s, const char *end, long *out)
{
	char buf[32];
	if (end - s <= 0 || end - s >= (long)sizeof buf)
		return -1;
	memcpy(buf, s, (size_t)(end - s));
	buf[end - s] = '\0';
	char *e;
	errno = 0;
	*out = strtol(buf, &e, 10);
	return *e || errno ? -1 : 0;
}

int sweep_main(int argc, char **argv)
{
	struct diag d;
	diag_init(&d, stderr);
	struct sweep *sw = calloc(1, sizeof *sw);
	long *values = calloc((size_t)argc * 4 + 4, sizeof *values);
	struct grid_args args;
	int oom = grid_args_init(&args, argc, argv, sweep_opts,
				 (int)(sizeof sweep_opts / sizeof sweep_opts[0]), &d);
	if (!sw || !values || oom) {
		free(sw);
		free(values);
		grid_args_release(&args);
		fputs("offersim: out of memory\n", stderr);
		return 1;
	}
	long lo = 0, hi = 0;
	int have_range = 0, nvalues = 0, emit_at = 0, no_stop = 0;
	const char *val, *emit_c = NULL, *emit_s = NULL;
	int opt, at;
	while ((opt = grid_args_next(&args, &val, &at)) >= 0) {
		switch (opt) {
		case O_PARAM: sw->param = val; break;
		case O_RANGE: {
			const char *colon = strchr(val, ':');
			if (!colon || parse_long(val, colon, &lo) ||
			    parse_long(colon + 1, colon + strlen(colon), &hi) || lo > hi) {
				grid_cli_error(&d, argv, at, "--range needs LO:HI, integers with "
					       "LO <= HI, got '%s'", val);
				break;
			}
			have_range = 1;
			break;
		}
		case O_VALUES:
			for (const char *p = val;;) {
				size_t n = strcspn(p, ",");
				long x;
				if (parse_long(p, p + n, &x)) {
					grid_cli_error(&d, argv, at, "--values needs integers "
						       "separated by commas, got '%s'", val);
					break;
				}
				if (nvalues < argc * 4)
					values[nvalues++] = x;
				if (!p[n])
					break;
				p += n + 1;
			}
			break;
		case O_SLO:
			if (sw->nslo == MAX_SLO) {
				grid_cli_error(&d, argv, at, "at most %d --slo", MAX_SLO);
			} else if (parse_slo(val, &sw->slo[sw->nslo])) {
				grid_cli_error(&d, argv, at, "--slo needs METRIC<=NUMBER or "
					       "METRIC>=NUMBER, got '%s'", val);
			} else if (!headline_known(sw->slo[sw->nslo].metric)) {
				/* Before any run: a misspelt metric would
				 * otherwise show only after the first probe. */
				grid_cli_error(&d, argv, at, "unknown metric '%s' in --slo "
					       "(a summary.json number such as wait.p95, or "
					       "fairness)", sw->slo[sw->nslo].metric);
			} else {
				sw->slo[sw->nslo++].argi = at;
			}
			break;
		case O_EMITC:
			emit_c = val;
			emit_at = at;
			break;
		case O_EMITS:
			emit_s = val;
			emit_at = at;
			break;
		case O_NOSTOP:
			no_stop = 1;
			break;
		case O_ALLOUT:
			sw->all_outputs = 1;
			break;
		}
	}
	sw->scenario = args.scenario;
	sw->shown = args.scenario;
	sw->have_range = have_range;
	/* A --values grid is run in full: each value's figures are the
	 * point (and merge must give the same bytes from emitted runs). */
	sw->early_stop = have_range && !no_stop;
	sw->outdir = args.outdir;
	sw->sets = args.sets;
	sw->nsets = args.nsets;
	sw->nseeds = args.nseeds;
	sw->jobs = args.jobs;
	sw->no_plots = args.no_plots;
	sw->plot_formats = args.plot_formats;
	sw->quiet = args.quiet;
	int status = 0;
	if (args.help) {
		fputs(usage_sweep, stdout);
		goto done;
	}
	int end = grid_arg_col(argv, argc);
	if (!diag_errors(&d)) {
		if (!sw->scenario)
			diag_error(&d, "<command-line>", 1, end, "missing scenario file");
		else if (!sw->param)
			diag_error(&d, "<command-line>", 1, end, "missing --param KEY");
		else if (!have_range == !nvalues)
			diag_error(&d, "<command-line>", 1, end,
				   "give exactly one of --range LO:HI and --values V1,V2,...");
		else if (!sw->nslo)
			diag_error(&d, "<command-line>", 1, end, "missing --slo 'METRIC<=X'");
		else if (!sw->outdir)
			diag_error(&d, "<command-line>", 1, end, "missing output directory (-o DIR)");
		else if (have_range && (emit_c || emit_s))
			/* The full integer grid of the range could be run
			 * instead, but at (HI - LO + 1) / log2(HI - LO) times
			 * the cost; that should be asked for by listing it. */
			grid_cli_error(&d, argv, emit_at, "%s needs --values: a --range is "
				       "searched by bisection, each probe chosen from the "
				       "results of the last; list the values to run instead "
				       "(e.g. --values $(seq -s, %ld %ld))",
				       emit_c ? "--emit-commands" : "--emit-slurm", lo, hi);
	}
	if (diag_errors(&d)) {
		grid_cli_try_help("sweep");
		status = EXIT_INPUT;
		goto done;
	}
	if (sw->quiet)
		d.quiet_warnings = 1;
	sw->exe = grid_self_exe(argv[0]);
	/* Check both ends of the search once, in-process, before any run. */
	{
		struct grid g;
		long ends[2] = {have_range ? lo : values[0], have_range ? hi : values[nvalues - 1]};
		int bad = make_grid(sw, &g, ends, ends[0] == ends[1] ? 1 : 2) ||
			  grid_validate(&g, &d);
		grid_release(&g);
		if (bad) {
			fprintf(stderr, "offersim: the sweep's scenario has errors; nothing was run\n");
			status = EXIT_INPUT;
			goto done;
		}
	}
	/* Listed values: sorted, without duplicates, all at once. */
	for (int i = 1; i < nvalues; i++)
		for (int j = i; j > 0 && values[j - 1] > values[j]; j--) {
			long t = values[j];
			values[j] = values[j - 1];
			values[j - 1] = t;
		}
	int nv = 0;
	for (int i = 0; i < nvalues; i++)
		if (!nv || values[nv - 1] != values[i])
			values[nv++] = values[i];
	if (nv > MAX_PROBES) {
		fprintf(stderr, "offersim: at most %d values in a sweep\n", MAX_PROBES);
		status = EXIT_INPUT;
		goto done;
	}
	if (emit_c || emit_s) {
		struct grid g;
		if (make_grid(sw, &g, values, nv)) {
			fputs("offersim: out of memory\n", stderr);
			status = 1;
		} else if (grid_write_configs(&g, stderr)) {
			status = 1;
		} else if (grid_add_run_arg(&g, "--one-thread")) {
			fputs("offersim: out of memory\n", stderr);
			status = 1;
		} else {
			status = compare_emit(&g, argv[0], emit_c, emit_s, sw->quiet);
		}
		grid_release(&g);
		goto done;
	}
	if (!sw->quiet)
		printf("offersim sweep: %s over %s, %d seed%s per value\n", sw->param,
		       have_range ? "a range" : "listed values", sw->nseeds,
		       sw->nseeds == 1 ? "" : "s");
	int rc = 0;
	long answer = 0;
	int found = 0;
	if (!have_range) {
		rc = run_values(sw, values, nv, &d, argv);
		/* The smallest that meets (probes run again in full come
		 * after the others). */
		for (int i = 0; !rc && i < sw->nprobe; i++)
			if (sw->probe[i].meets && (!found || sw->probe[i].x < answer)) {
				found = 1;
				answer = sw->probe[i].x;
			}
	} else {
		rc = run_values(sw, &hi, 1, &d, argv);
		if (!rc && sw->probe[0].meets) {
			found = 1;
			/* b meets; a misses, or is LO - 1 and never run. */
			long a = lo - 1, b = hi;
			while (!rc && b - a > 1) {
				long mid = a + (b - a) / 2;
				rc = run_values(sw, &mid, 1, &d, argv);
				if (rc)
					break;
				if (sw->probe[probed(sw, mid)].meets)
					b = mid;
				else
					a = mid;
			}
			answer = b;
		}
	}
	if (rc) {
		status = rc == EXIT_INPUT ? EXIT_INPUT : 1;
		if (rc < 0)
			fprintf(stderr, "offersim: sweep failed: %s\n", rc == OS_ERANGE
				? "too many probes" : "out of memory or a GSL error");
		goto done;
	}
	status = finish(sw, found, answer);
done:
	grid_args_release(&args);
	free(values);
	free(sw);
	return status;
}

int sweep_merge(const struct grid *g, const char *outdir, int plots, int quiet)
{
	if (g->naxes != 1 || !g->nslos) {
		fprintf(stderr, "offersim: %s: error: the runs record SLOs but vary %d keys; "
			"a sweep varies one\n", g->configs[0].src[0], g->naxes);
		return EXIT_INPUT;
	}
	struct sweep *sw = calloc(1, sizeof *sw);
	if (!sw) {
		fputs("offersim: out of memory\n", stderr);
		return 1;
	}
	int status = 0;
	sw->scenario = g->scenario;
	sw->shown = grid_scenario_shown(g);
	sw->param = g->axes[0].key;
	sw->outdir = outdir;
	sw->sets = (const char *const *)g->sets;
	sw->nsets = g->nsets;
	sw->nseeds = g->nseeds;
	sw->no_plots = !plots;
	sw->plot_formats = plots ? plots : PLOT_PNG;
	sw->quiet = quiet;
	for (int k = 0; k < g->nslos && !status; k++) {
		if (k == MAX_SLO || parse_slo(g->slos[k], &sw->slo[k])) {
			fprintf(stderr, "offersim: %s/config.txt: error: bad 'slo %s'\n",
				g->configs[0].src[0], g->slos[k]);
			status = EXIT_INPUT;
		}
		sw->nslo = k + 1;
	}
	for (int c = 0; c < g->nconfigs && !status; c++) {
		long x;
		const char *v = g->configs[c].values[0];
		if (parse_long(v, v + strlen(v), &x)) {
			fprintf(stderr, "offersim: %s/config.txt: error: %s=%s is not an "
				"integer, as a sweep's values are\n", g->configs[c].src[0],
				sw->param, v);
			status = EXIT_INPUT;
		}
	}
	if (!status && g->nconfigs > MAX_PROBES) {
		fprintf(stderr, "offersim: at most %d values in a sweep\n", MAX_PROBES);
		status = EXIT_INPUT;
	}
	if (!status && !g->nseeds) {
		fprintf(stderr, "offersim: no finished runs to merge\n");
		status = 1;
	}
	if (status)
		goto out;
	if (!quiet)
		printf("offersim sweep: %s over listed values, %d seed%s per value\n",
		       sw->param, sw->nseeds, sw->nseeds == 1 ? "" : "s");
	int rc = collect(sw, g, NULL, NULL, NULL, NULL);
	if (rc) {
		status = rc == EXIT_INPUT ? EXIT_INPUT : 1;
		if (rc < 0)
			fprintf(stderr, "offersim: merge failed: out of memory or a GSL error\n");
		goto out;
	}
	if (sw->missing && !quiet)
		fprintf(stderr, "offersim: warning: %d run%s of the grid had no results "
			"and %s left out\n", sw->missing, sw->missing == 1 ? "" : "s",
			sw->missing == 1 ? "was" : "were");
	int found = 0;
	long answer = 0;
	for (int i = 0; i < sw->nprobe; i++)
		if (sw->probe[i].meets && (!found || sw->probe[i].x < answer)) {
			found = 1;
			answer = sw->probe[i].x;
		}
	status = finish(sw, found, answer);
out:
	free(sw);
	return status;
}
