/*
 * compare.c - `offersim compare` (see compare.h).
 *
 * compare builds a grid (grid.c), checks every configuration in-process
 * so that a typo in a --vary key is one diagnostic instead of a hundred
 * failed children, records each configuration in config.txt, runs the
 * grid, and analyses it; merge (merge.c) rebuilds the grid from the
 * config.txt files and runs the same analysis.
 *
 * The headline metrics are fixed (the ones people compare schedulers on):
 * wait mean/p95/p99, response mean, bounded slowdown mean, utilization of
 * every resource, makespan, and fairness, Jain's index over the
 * frameworks' time-averaged dominant shares; then the same per job (wait
 * mean/p95, response mean, bounded slowdown mean), which is what HPC
 * users compare on: a rigid job split into one task per processor counts
 * once there, not once per processor.  The job metrics come last so that
 * the columns of older comparisons keep their places.  Each is summarized per
 * configuration as mean, standard deviation and a Student-t 95% interval
 * over the seeds; because every configuration ran the same seeds, the
 * difference to the first configuration is also given paired over seeds,
 * which is much tighter than comparing the two intervals.
 *
 * comparison.csv holds nothing that depends on where or when runs were
 * made (no paths, no timings), so compare and merge agree byte for byte.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "compare.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/ci.h"
#include "../core/diag.h"
#include "../core/err.h"
#include "grid.h"
#include "headline.h"
#include "../core/json_read.h"
#include "../core/numfmt.h"
#include "../core/outfile.h"
#include "plot.h"
#include "report.h"
#include "rundir.h"
#include "../core/version.h"

#define EXIT_INPUT 2

static const char usage_compare[] =
	"usage: offersim compare SCENARIO --vary KEY=V1,V2,... [--vary ...] -o DIR [options]\n"
	"\n"
	"Runs every combination of the varied values, each with seeds 1..N (the\n"
	"same seeds for every configuration), and writes comparison.csv,\n"
	"comparison.md, plots and report.html to DIR.\n"
	"\n"
	"options:\n"
	"  --vary KEY=V1,V2   a scenario key and its values (repeatable: the grid is\n"
	"                     every combination)\n"
	"  --seeds N          seeds 1..N per configuration (default 5)\n"
	"  -j, --jobs N       runs at a time (default: online CPUs)\n"
	"  -o, --output DIR   where the runs and the comparison go (required)\n"
	"  --set KEY=VALUE    passed to every run\n"
	"  --no-plots         do not run gnuplot\n"
	"  --plot-format F    png (the default), svg or both\n"
	"  --emit-commands FILE  write the `offersim run` command lines to FILE\n"
	"                     (one per line) instead of running them\n"
	"  --emit-slurm DIR2  write a Slurm job-array script and its command list\n"
	"                     to DIR2 instead of running; then `offersim merge DIR`\n"
	"  --resume           DIR holds runs of an earlier compare: keep each run whose\n"
	"                     summary.json is complete and whose run id (scenario file,\n"
	"                     --set values, seed, version) matches; rerun the others\n"
	"  -q, --quiet        print nothing but errors\n"
	"  -h, --help         this help\n"
	"\n"
	"Without --resume, a DIR that already holds runs (DIR/runs/) is refused, so\n"
	"that old runs never mix into a new comparison.\n";

/* --- the analysis --- */

struct analysis {
	const struct grid *g;
	int nm;
	struct headline *m;
	char scenario_name[256];
	double *val;      /* [config][seed][metric], NaN when absent */
	struct ci *agg;   /* [config][metric] */
	int missing;      /* runs without a summary */
};

#define VAL(a, c, s, k) ((a)->val[((size_t)(c) * (a)->g->nseeds + (s)) * (a)->nm + (k)])

static void analysis_release(struct analysis *a)
{
	free(a->m);
	free(a->val);
	free(a->agg);
}

/* Read every run; the metric list is headline.h's, the resources the
 * union over runs in order of first appearance. */
static int analyse(struct analysis *a, const struct grid *g, FILE *err)
{
	memset(a, 0, sizeof *a);
	a->g = g;
	int nrun = g->nconfigs * g->nseeds;
	struct jr_value **docs = calloc((size_t)(nrun ? nrun : 1), sizeof *docs);
	if (!docs)
		return OS_ENOMEM;
	int rc = 0;
	char dir[PATH_MAX], path[PATH_MAX + 32], jerr[256];
	for (int c = 0; c < g->nconfigs; c++)
		for (int s = 0; s < g->nseeds; s++) {
			if (!grid_find_run(g, c, g->seeds[s], dir, sizeof dir)) {
				a->missing++;
				continue;
			}
			snprintf(path, sizeof path, "%s/summary.json", dir);
			docs[c * g->nseeds + s] = jr_parse_file(path, jerr, sizeof jerr);
			if (!docs[c * g->nseeds + s] && err)
				fprintf(err, "offersim: warning: %s: %s\n", path, jerr);
			if (!a->scenario_name[0] && docs[c * g->nseeds + s]) {
				const char *nm = jr_string(jr_get(docs[c * g->nseeds + s], "scenario"));
				if (nm)
					snprintf(a->scenario_name, sizeof a->scenario_name, "%s", nm);
			}
		}
	a->nm = headline_list(docs, nrun, &a->m);
	if (a->nm < 0) {
		a->nm = 0;
		a->m = NULL;
		rc = OS_ENOMEM;
	}
	a->val = malloc((size_t)(nrun ? nrun : 1) * (size_t)a->nm * sizeof *a->val);
	a->agg = calloc((size_t)(g->nconfigs ? g->nconfigs : 1) * (size_t)a->nm,
			sizeof *a->agg);
	double *col = malloc((size_t)(g->nseeds ? g->nseeds : 1) * sizeof *col);
	if (rc || !a->val || !a->agg || !col) {
		rc = OS_ENOMEM;
		goto out;
	}
	for (int c = 0; c < g->nconfigs; c++)
		for (int s = 0; s < g->nseeds; s++) {
			struct jr_value *d = docs[c * g->nseeds + s];
			if (d)
				grid_find_run(g, c, g->seeds[s], dir, sizeof dir);
			for (int k = 0; k < a->nm; k++)
				VAL(a, c, s, k) = d ? headline_value(d, dir, a->m[k].key) : NAN;
		}
	for (int c = 0; c < g->nconfigs && !rc; c++)
		for (int k = 0; k < a->nm && !rc; k++) {
			for (int s = 0; s < g->nseeds; s++)
				col[s] = VAL(a, c, s, k);
			rc = ci_compute(col, (size_t)g->nseeds, &a->agg[c * a->nm + k]);
			if (headline_nonnegative(a->m[k].key))
				ci_floor(&a->agg[c * a->nm + k], 0);
		}
out:
	free(col);
	for (int i = 0; i < nrun; i++)
		jr_free(docs[i]);
	free(docs);
	return rc;
}

/* --- formatting --- */

/* The unit a metric's cells are shown in: a time takes the unit of the
 * largest mean in its column (numfmt.h), so the cells compare digit for
 * digit; anything else is shown as it is. */
static struct nf_unit column_unit(const struct analysis *a, int k)
{
	if (!a->m[k].seconds)
		return (struct nf_unit){"", 1};
	double big = 0;
	for (int c = 0; c < a->g->nconfigs; c++) {
		double m = a->agg[c * a->nm + k].mean;
		if (!isnan(m) && fabs(m) > big)
			big = fabs(m);
	}
	return nf_time_unit(big);
}

/* A metric's title in its unit: "wait mean (s)" becomes "wait mean (min)". */
static void column_title(const struct headline *h, struct nf_unit u, char *buf,
			 size_t size)
{
	size_t n = strlen(h->title);
	if (h->seconds && n > 4 && !strcmp(h->title + n - 4, " (s)"))
		snprintf(buf, size, "%.*s (%s)", (int)(n - 4), h->title, u.name);
	else
		snprintf(buf, size, "%s", h->title);
}

/* "12.3 ± 0.4" in unit u, both with the decimals of the mean; an interval
 * cut at 0 as "12.3 [0, 30.1]". */
static void fmt_mean_ci(char *buf, size_t size, const struct ci *ci, struct nf_unit u)
{
	if (ci->n == 0) {
		snprintf(buf, size, "n/a");
		return;
	}
	double m = ci->mean / u.seconds;
	int dec = nf_decimals(m);
	char a[NF_BUF], b[NF_BUF];
	nf_fixed(a, sizeof a, m, dec, 0);
	if (ci->n < 2 || isnan(ci->half)) {
		snprintf(buf, size, "%s", a);
	} else if (ci->lo > ci->mean - ci->half) {   /* cut at 0 (ci_floor) */
		char c[NF_BUF];
		snprintf(buf, size, "%s [%s, %s]", a, nf_fixed(b, sizeof b, ci->lo / u.seconds, dec, 0),
			 nf_fixed(c, sizeof c, ci->hi / u.seconds, dec, 0));
	} else {
		snprintf(buf, size, "%s ± %s", a, nf_fixed(b, sizeof b, ci->half / u.seconds, dec, 0));
	}
}

static void csv_num(FILE *f, double x)
{
	if (!isnan(x))
		fprintf(f, "%.9g", x);
}

/* A CSV field, quoted when it holds a comma, quote or newline. */
static void csv_str(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static int out_open(struct outfile *o, const char *dir, const char *name)
{
	char fin[PATH_MAX + 32];
	snprintf(fin, sizeof fin, "%s/%s", dir, name);
	return outfile_open(o, fin, 0) ? OS_EIO : 0;
}

static int out_commit(struct outfile *o)
{
	return outfile_commit(o) ? OS_EIO : 0;
}

static int write_csv(const struct analysis *a, const char *dir)
{
	const struct grid *g = a->g;
	struct outfile o;
	if (out_open(&o, dir, "comparison.csv"))
		return OS_EIO;
	FILE *f = o.f;
	fputs("config", f);
	for (int x = 0; x < g->naxes; x++) {
		fputc(',', f);
		csv_str(f, g->axes[x].key);
	}
	fputs(",seed,runs", f);
	for (int k = 0; k < a->nm; k++)
		fprintf(f, ",%s,%s.sd,%s.ci95_lo,%s.ci95_hi", a->m[k].key,
			a->m[k].key, a->m[k].key, a->m[k].key);
	fputc('\n', f);
	for (int c = 0; c < g->nconfigs; c++) {
		for (int pass = 0; pass < 2; pass++)
			for (int s = 0; s < (pass ? 1 : g->nseeds); s++) {
				const struct ci *agg = &a->agg[c * a->nm];
				if (!pass) {
					int have = 0;
					for (int k = 0; k < a->nm; k++)
						have |= !isnan(VAL(a, c, s, k));
					if (!have)
						continue;
				}
				csv_str(f, g->configs[c].label);
				for (int x = 0; x < g->naxes; x++) {
					fputc(',', f);
					csv_str(f, g->configs[c].values[x]);
				}
				if (pass) {
					int runs = 0;
					for (int k = 0; k < a->nm; k++)
						runs = agg[k].n > runs ? agg[k].n : runs;
					fprintf(f, ",all,%d", runs);
				} else {
					fprintf(f, ",%lu,1", g->seeds[s]);
				}
				for (int k = 0; k < a->nm; k++) {
					fputc(',', f);
					if (!pass) {
						csv_num(f, VAL(a, c, s, k));
						fputs(",,,", f);
						continue;
					}
					csv_num(f, agg[k].mean);
					fputc(',', f);
					csv_num(f, agg[k].sd);
					fputc(',', f);
					csv_num(f, agg[k].n >= 2 ? agg[k].lo : NAN);
					fputc(',', f);
					csv_num(f, agg[k].n >= 2 ? agg[k].hi : NAN);
				}
				fputc('\n', f);
			}
	}
	return out_commit(&o);
}

/* The tables shared by comparison.md and report.html. */
struct table {
	int nr, nc;              /* configurations; 1 + metrics */
	const char **head;       /* [nc]: "config", then each metric in its unit */
	char (*hbuf)[128];
	char **cells;            /* [nr][nc] */
	unsigned char *strong;
	struct nf_unit *unit;    /* [nc - 1] */
	int np;                  /* paired columns: the configurations after the first */
	char **paired;           /* [metric][np]: "-0.100 [-0.121, -0.079]*" */
};

static void table_free(struct table *t)
{
	if (t->cells)
		for (int i = 0; i < t->nr * t->nc; i++)
			free(t->cells[i]);
	if (t->paired)
		for (int i = 0; i < (t->nc - 1) * t->np; i++)
			free(t->paired[i]);
	free(t->cells);
	free(t->head);
	free(t->hbuf);
	free(t->strong);
	free(t->unit);
	free(t->paired);
}

static int build_table(const struct analysis *a, struct table *t)
{
	const struct grid *g = a->g;
	memset(t, 0, sizeof *t);
	t->nr = g->nconfigs;
	t->nc = a->nm + 1;
	t->head = calloc((size_t)t->nc, sizeof *t->head);
	t->hbuf = calloc((size_t)t->nc, sizeof *t->hbuf);
	t->cells = calloc((size_t)(t->nr * t->nc), sizeof *t->cells);
	t->strong = calloc((size_t)(t->nr * t->nc), 1);
	t->unit = calloc((size_t)t->nc, sizeof *t->unit);
	if (!t->head || !t->hbuf || !t->cells || !t->strong || !t->unit)
		return OS_ENOMEM;
	t->head[0] = "config";
	for (int k = 0; k < a->nm; k++) {
		t->unit[k] = column_unit(a, k);
		column_title(&a->m[k], t->unit[k], t->hbuf[k + 1], sizeof t->hbuf[0]);
		t->head[k + 1] = t->hbuf[k + 1];
	}
	char buf[128];
	for (int c = 0; c < g->nconfigs; c++) {
		if (!(t->cells[c * t->nc] = strdup(g->configs[c].label)))
			return OS_ENOMEM;
		for (int k = 0; k < a->nm; k++) {
			fmt_mean_ci(buf, sizeof buf, &a->agg[c * a->nm + k], t->unit[k]);
			if (!(t->cells[c * t->nc + k + 1] = strdup(buf)))
				return OS_ENOMEM;
		}
	}
	/* Best per column, when there is a choice. */
	for (int k = 0; k < a->nm && g->nconfigs > 1; k++) {
		double best = NAN;
		for (int c = 0; c < g->nconfigs; c++) {
			double m = a->agg[c * a->nm + k].mean;
			if (isnan(m))
				continue;
			if (isnan(best) || (a->m[k].higher_better ? m > best : m < best))
				best = m;
		}
		/* Ties at the precision shown are all best: bolding one of
		 * two equal-looking cells would claim a difference not shown. */
		char bb[NF_BUF], cb[NF_BUF];
		nf_in_unit(bb, sizeof bb, best, t->unit[k]);
		for (int c = 0; c < g->nconfigs && !isnan(best); c++) {
			double m = a->agg[c * a->nm + k].mean;
			nf_in_unit(cb, sizeof cb, m, t->unit[k]);
			if (m == best || strcmp(bb, cb) == 0)
				t->strong[c * t->nc + k + 1] = 1;
		}
	}
	/* Paired differences against the first configuration, one cell per
	 * metric and later configuration, in the metric's unit. */
	if (g->nseeds < 2 || g->nconfigs < 2)
		return 0;
	t->np = g->nconfigs - 1;
	t->paired = calloc((size_t)a->nm * (size_t)t->np, sizeof *t->paired);
	double *x = malloc((size_t)g->nseeds * sizeof *x);
	double *y = malloc((size_t)g->nseeds * sizeof *y);
	int rc = t->paired && x && y ? 0 : OS_ENOMEM;
	for (int k = 0; k < a->nm && !rc; k++)
		for (int c = 1; c < g->nconfigs && !rc; c++) {
			for (int s = 0; s < g->nseeds; s++) {
				x[s] = VAL(a, c, s, k) / t->unit[k].seconds;
				y[s] = VAL(a, 0, s, k) / t->unit[k].seconds;
			}
			struct ci d;
			if ((rc = ci_paired(x, y, (size_t)g->nseeds, &d)))
				break;
			if (d.n < 2) {
				snprintf(buf, sizeof buf, "n/a");
			} else {
				int dec = nf_decimals(fmax(fabs(d.mean), d.half));
				char m[NF_BUF], lo[NF_BUF], hi[NF_BUF];
				snprintf(buf, sizeof buf, "%s [%s, %s]%s",
					 nf_fixed(m, sizeof m, d.mean, dec, NF_SIGN),
					 nf_fixed(lo, sizeof lo, d.lo, dec, NF_SIGN),
					 nf_fixed(hi, sizeof hi, d.hi, dec, NF_SIGN),
					 d.lo > 0 || d.hi < 0 ? "*" : "");
			}
			if (!(t->paired[k * t->np + c - 1] = strdup(buf)))
				rc = OS_ENOMEM;
		}
	free(x);
	free(y);
	return rc;
}

static void seeds_text(const struct grid *g, char *buf, size_t size)
{
	int contiguous = 1;
	for (int s = 1; s < g->nseeds; s++)
		if (g->seeds[s] != g->seeds[s - 1] + 1)
			contiguous = 0;
	if (g->nseeds == 1) {
		snprintf(buf, size, "seed %lu", g->seeds[0]);
	} else if (contiguous) {
		snprintf(buf, size, "seeds %lu-%lu", g->seeds[0], g->seeds[g->nseeds - 1]);
	} else {
		size_t n = (size_t)snprintf(buf, size, "seeds");
		for (int s = 0; s < g->nseeds && n < size; s++)
			n += (size_t)snprintf(buf + n, size - n, "%s %lu", s ? "," : "",
					      g->seeds[s]);
	}
}

/* What the grid varied: "frameworks.queue.policy", "A and B"; with
 * brief, each key's last part ("policy"), as the labels name them. */
static void varied_text(const struct grid *g, char *buf, size_t size, int brief)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int x = 0; x < g->naxes && n < size; x++) {
		const char *k = g->axes[x].key, *dot = strrchr(k, '.');
		n += (size_t)snprintf(buf + n, size - n, "%s%s",
				      !x ? "" : x + 1 == g->naxes ? " and " : ", ",
				      brief && dot ? dot + 1 : k);
	}
}

static void write_md_to(FILE *f, const struct analysis *a, const struct table *t)
{
	const struct grid *g = a->g;
	char seeds[512];
	seeds_text(g, seeds, sizeof seeds);
	fprintf(f, "# offersim compare: %s\n\n",
		a->scenario_name[0] ? a->scenario_name : grid_scenario_shown(g));
	fprintf(f, "%d configuration%s, %s each (common random numbers), offersim %s.\n",
		g->nconfigs, g->nconfigs == 1 ? "" : "s", seeds, OFFERSIM_VERSION);
	if (g->nseeds > 1)
		fputs("Cells: mean ± 95% confidence half-width over the seeds (Student t); "
		      "an interval that would reach below 0 is cut there and shown as [0, high]. ", f);
	else
		fputs("Cells: the value of the single seed (no confidence intervals). ", f);
	fputs("**Bold**: best in its column (lowest wait, slowdown and makespan; "
	      "highest utilization and fairness).\n\n", f);
	for (int k = 0; k < t->nc; k++)
		fprintf(f, "| %s ", t->head[k]);
	fputs("|\n", f);
	for (int k = 0; k < t->nc; k++)
		fputs(k ? "|---:" : "|---", f);
	fputs("|\n", f);
	for (int r = 0; r < t->nr; r++) {
		for (int k = 0; k < t->nc; k++) {
			int st = t->strong[r * t->nc + k];
			fprintf(f, "| %s%s%s ", st ? "**" : "", t->cells[r * t->nc + k],
				st ? "**" : "");
		}
		fputs("|\n", f);
	}
	if (t->np) {
		fprintf(f, "\nPaired differences against %s over the same seeds, in each "
			"metric's unit: mean difference [95%% CI]; * marks an interval that "
			"excludes 0.\n\n| metric ", g->configs[0].label);
		for (int c = 1; c < g->nconfigs; c++)
			fprintf(f, "| %s − %s ", g->configs[c].label, g->configs[0].label);
		fputs("|\n|---", f);
		for (int c = 1; c < g->nconfigs; c++)
			fputs("|---:", f);
		fputs("|\n", f);
		for (int k = 0; k < a->nm; k++) {
			fprintf(f, "| %s ", t->head[k + 1]);
			for (int c = 0; c < t->np; c++)
				fprintf(f, "| %s ", t->paired[k * t->np + c]);
			fputs("|\n", f);
		}
	}
	if (a->missing)
		fprintf(f, "\n%d run%s of the grid had no results and were left out.\n",
			a->missing, a->missing == 1 ? "" : "s");
}

/* --- plots --- */

struct plots {
	int n;
	char file[64][PATH_MAX + 64];
	char caption[64][160];
};

static void metric_slug(const char *key, char *buf, size_t size)
{
	snprintf(buf, size, "%s", key);
	for (char *p = buf; *p; p++)
		if (*p == '.')
			*p = '_';
}

/*
 * Draw base.png and/or base.svg (formats) with script; the report shows
 * the SVG when there is one.  Returns 1 when the shown picture was made.
 */
static int draw_one(const char *script, const char *dir, const char *base,
		    int formats, const char *const *names, const char *const *vals,
		    int nvars, struct plots *pl, const char *caption, FILE *err)
{
	int shown = 0;
	for (int bit = PLOT_SVG; bit >= PLOT_PNG && pl->n < 64; bit >>= 1) {
		if (!(formats & bit))
			continue;
		char file[PATH_MAX + 64];
		snprintf(file, sizeof file, "%s/%s.%s", dir, base, plot_format_ext(bit));
		if (grid_gnuplot(script, file, names, vals, nvars, err) != 0 || shown)
			continue;
		snprintf(pl->file[pl->n], sizeof pl->file[0], "%s", file);
		snprintf(pl->caption[pl->n++], sizeof pl->caption[0], "%s", caption);
		shown = 1;
	}
	return shown;
}

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;
	return (a > b) - (a < b);
}

/* The waits of one run's finished tasks, sorted; NULL with *n = 0 when
 * tasks.csv cannot be read or has none. */
static double *read_waits(const char *rundir, size_t *n)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/tasks.csv", rundir);
	*n = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *line = NULL;
	size_t lcap = 0, cap = 0;
	double *w = NULL;
	int cw = -1, cs = -1;
	if (getline(&line, &lcap, f) > 0) {
		/* The columns by name: tasks.csv grows columns at its end. */
		char *save = NULL, *tok = strtok_r(line, ",\r\n", &save);
		for (int i = 0; tok; i++, tok = strtok_r(NULL, ",\r\n", &save)) {
			if (!strcmp(tok, "wait"))
				cw = i;
			else if (!strcmp(tok, "state"))
				cs = i;
		}
	}
	while (cw >= 0 && cs >= 0 && getline(&line, &lcap, f) > 0) {
		double v = NAN;
		int fin = 0;
		char *p = line;
		for (int i = 0; p && i <= (cw > cs ? cw : cs); i++) {
			if (i == cw)
				v = strtod(p, NULL);
			if (i == cs)
				fin = !strncmp(p, "finished", 8) && strchr(",\r\n", p[8]);
			p = strchr(p, ',');
			if (p)
				p++;
		}
		if (!fin || isnan(v))
			continue;
		if (*n == cap) {
			size_t nc = cap ? 2 * cap : 1024;
			double *nw = realloc(w, nc * sizeof *nw);
			if (!nw)
				break;
			w = nw;
			cap = nc;
		}
		w[(*n)++] = v;
	}
	free(line);
	fclose(f);
	if (*n)
		qsort(w, *n, sizeof *w, cmp_double);
	return w;
}

/* Points of the CDF curves: enough for a smooth curve, few enough to
 * keep the data small whatever the number of tasks. */
#define CDF_POINTS 400

/*
 * The wait distributions of every configuration over its seeds, into f:
 * per configuration with data, one block (blocks apart by two blank
 * lines, gnuplot's index) of CDF_POINTS rows: x in unit, then the lowest,
 * the highest and the median over the seeds of the fraction of tasks
 * waiting at most x (or, with *ccdf, longer than x).  labels[] gets each
 * block's configuration.  Returns the number of blocks.
 */
static int cdf_blocks(const struct analysis *a, FILE *f, int *labels,
		      struct nf_unit *unit, int *ccdf, double *ymin)
{
	const struct grid *g = a->g;
	int nrun = g->nconfigs * g->nseeds, blocks = 0;
	double **w = calloc((size_t)nrun, sizeof *w);
	size_t *n = calloc((size_t)nrun, sizeof *n);
	double *col = malloc((size_t)g->nseeds * sizeof *col);
	if (!w || !n || !col)
		goto out;
	double wmax = 0;
	size_t zeros = 0, total = 0, nmax = 1;
	char rd[PATH_MAX];
	for (int i = 0; i < nrun; i++) {
		if (!grid_find_run(g, i / g->nseeds, g->seeds[i % g->nseeds], rd, sizeof rd))
			continue;
		w[i] = read_waits(rd, &n[i]);
		for (size_t j = 0; j < n[i]; j++)
			zeros += w[i][j] == 0;
		total += n[i];
		nmax = n[i] > nmax ? n[i] : nmax;
		if (n[i] && w[i][n[i] - 1] > wmax)
			wmax = w[i][n[i] - 1];
	}
	/* As for a run's own plot: a CCDF on a log scale when at least half
	 * the tasks waited 0 s, the tail being all there is to see. */
	*ccdf = wmax > 0 && 2 * zeros >= total;
	*unit = nf_time_unit(wmax);
	*ymin = 0.5 / (double)nmax;
	for (int c = 0; c < g->nconfigs; c++) {
		int have = 0;
		for (int s = 0; s < g->nseeds; s++)
			have |= n[c * g->nseeds + s] > 0;
		if (!have)
			continue;
		for (int p = 0; p < CDF_POINTS; p++) {
			double x = wmax > 0 ? wmax * p / (CDF_POINTS - 1) : 0;
			int k = 0;
			for (int s = 0; s < g->nseeds; s++) {
				size_t m = n[c * g->nseeds + s], lo = 0, hi = m;
				const double *v = w[c * g->nseeds + s];
				if (!m)
					continue;
				while (lo < hi) {   /* the first wait above x */
					size_t mid = lo + (hi - lo) / 2;
					if (v[mid] <= x)
						lo = mid + 1;
					else
						hi = mid;
				}
				double frac = (double)lo / (double)m;
				col[k++] = *ccdf ? 1 - frac : frac;
			}
			qsort(col, (size_t)k, sizeof *col, cmp_double);
			double med = k % 2 ? col[k / 2] : (col[k / 2 - 1] + col[k / 2]) / 2;
			double lo = col[0], hi = col[k - 1];
			if (*ccdf) {
				/* A log axis has no 0: the band ends at the axis,
				 * the median stops where it reaches 0. */
				lo = lo < *ymin ? *ymin : lo;
				hi = hi < *ymin ? *ymin : hi;
				if (med < *ymin)
					med = NAN;
			}
			fprintf(f, "%.9g\t%.9g\t%.9g\t%.9g\n", x / unit->seconds, lo, hi, med);
		}
		fputs("\n\n", f);
		labels[blocks++] = c;
	}
out:
	for (int i = 0; w && i < nrun; i++)
		free(w[i]);
	free(w);
	free(n);
	free(col);
	return blocks;
}

/* Time bins of a smoothed comparison: fewer than a run's bands, since
 * here the mean alone is drawn and several lines must stay apart. */
#define COMPARE_BINS 80

/* The step rows of one resource (CSV column name res) of a run's
 * utilization.csv into f as "time<TAB>value", or its bins when binned;
 * returns the run's end (the last row's time), or -1. */
static double util_block(const char *rundir, const char *res, int binned,
			 double tend, FILE *f)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/utilization.csv", rundir);
	FILE *in = fopen(path, "r");
	if (!in)
		return -1;
	char *line = NULL;
	size_t cap = 0;
	int col = -1;
	double end = -1;
	if (getline(&line, &cap, in) > 0) {
		char *save = NULL, *tok = strtok_r(line, ",\r\n", &save);
		for (int i = 0; tok; i++, tok = strtok_r(NULL, ",\r\n", &save))
			if (!strcmp(tok, res))
				col = i;
	}
	while (col > 0 && getline(&line, &cap, in) > 0) {
		char *p = line;
		double t = strtod(p, NULL), v = NAN;
		for (int i = 0; p && i < col; i++)
			if ((p = strchr(p, ',')))
				p++;
		if (p)
			v = strtod(p, NULL);
		end = t;
		if (!binned)
			fprintf(f, "%.9g\t%.9g\n", t, v);
	}
	free(line);
	fclose(in);
	if (binned && col > 0 && tend > 0)
		plot_bin_steps(path, f, COMPARE_BINS, tend, col);
	return end;
}

/* Series from this many configurations on are drawn smoothed, with the
 * legend under the picture, where long labels do not squeeze it. */
#define MANY_SERIES 6

static void draw_plots(const struct analysis *a, const struct table *t, const char *dir,
		       int formats, struct plots *pl, FILE *err)
{
	const struct grid *g = a->g;
	pl->n = 0;
	char data[PATH_MAX + 32], base[256], slug[128], nbuf[16], seeds[512], varied[1024];
	char title[4096], ylabel[256], caption[1024];
	seeds_text(g, seeds, sizeof seeds);
	varied_text(g, varied, sizeof varied, 1);
	const char *scen = a->scenario_name[0] ? a->scenario_name : grid_scenario_shown(g);
	/* The data goes to a registered temporary (.bars.dat.tmp) that is
	 * never committed, so a signal cannot leave it behind. */
	snprintf(data, sizeof data, "%s/bars.dat", dir);
	struct outfile scratch;
	int ci = g->nseeds > 1;
	/* Bars with CI error bars, one picture per headline metric. */
	for (int k = 0; k < a->nm && pl->n < 56; k++) {
		int any = 0;
		double sc = t->unit[k].seconds;
		if (outfile_open(&scratch, data, 0))
			return;
		FILE *f = scratch.f;
		for (int c = 0; c < g->nconfigs; c++) {
			const struct ci *x = &a->agg[c * a->nm + k];
			any |= x->n > 0;
			fprintf(f, "%s\t%.9g\t%.9g\t%.9g\n", g->configs[c].label,
				(x->n ? x->mean : 0.0) / sc, (x->n >= 2 ? x->lo : x->mean) / sc,
				(x->n >= 2 ? x->hi : x->mean) / sc);
		}
		if (fflush(f) || !any) {
			outfile_abort(&scratch);
			continue;
		}
		metric_slug(a->m[k].key, slug, sizeof slug);
		snprintf(base, sizeof base, "compare-%s", slug);
		const char *names[] = {"infile", "title", "ylabel", "ci#"};
		snprintf(ylabel, sizeof ylabel, "%s", t->head[k + 1]);
		snprintf(title, sizeof title, "%s: %s by %s (%s%s)", scen, ylabel, varied,
			 ci ? "mean and 95% CI over " : "", seeds);
		const char *vals[] = {outfile_writing(&scratch), title, ylabel, ci ? "1" : "0"};
		snprintf(caption, sizeof caption, "%s by configuration", ylabel);
		draw_one("compare_bars.gp", dir, base, formats, names, vals, 4, pl, caption, err);
		outfile_abort(&scratch);
	}

	int nv = 2 * g->nconfigs + 12;
	const char **names = calloc((size_t)nv, sizeof *names);
	const char **vals = calloc((size_t)nv, sizeof *vals);
	char (*nb)[24] = calloc((size_t)nv, sizeof *nb);
	int *labels = calloc((size_t)g->nconfigs + 1, sizeof *labels);
	if (!names || !vals || !nb || !labels || g->nseeds < 1)
		goto out;

	/* The wait distributions: each configuration over all its seeds, a
	 * band from the lowest to the highest seed and the median line. */
	snprintf(data, sizeof data, "%s/cdf.dat", dir);
	if (outfile_open(&scratch, data, 0) == 0) {
		struct nf_unit wu;
		int ccdf;
		double ymin;
		int nb_ = cdf_blocks(a, scratch.f, labels, &wu, &ccdf, &ymin);
		char ybuf[32], cbuf[8];
		if (nb_ > 0 && fflush(scratch.f) == 0) {
			int nvar = 0;
			for (int i = 0; i < nb_; i++) {
				snprintf(nb[i], sizeof nb[0], "label%d", i + 1);
				names[nvar] = nb[i];
				vals[nvar++] = g->configs[labels[i]].label;
			}
			snprintf(nbuf, sizeof nbuf, "%d", nb_);
			snprintf(ybuf, sizeof ybuf, "%.9g", ymin);
			snprintf(cbuf, sizeof cbuf, "%d", ccdf);
			snprintf(title, sizeof title, "%s: %s by %s (%s)", scen,
				 ccdf ? "wait-time CCDF" : "wait-time CDF", varied,
				 ci ? "band: seeds' range, line: median" : seeds);
			const char *more[][2] = {
				{"infile", outfile_writing(&scratch)}, {"n#", nbuf}, {"title", title},
				{"wunit", wu.name}, {"ccdf#", cbuf}, {"ymin#", ybuf},
				{"band#", ci ? "1" : "0"},
			};
			for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
				names[nvar] = more[i][0];
				vals[nvar++] = more[i][1];
			}
			snprintf(caption, sizeof caption, "wait-time %s of every configuration (%s%s)",
				 ccdf ? "CCDF" : "CDF", ci ? "band over " : "", seeds);
			draw_one("compare_cdf.gp", dir, "compare-wait_cdf", formats, names, vals,
				 nvar, pl, caption, err);
		}
		outfile_abort(&scratch);
	}

	/* One utilization picture per resource: the first seed of every
	 * configuration, smoothed into bins when the series are many or
	 * long, on one time axis to the end of the longest run. */
	double tend = 0;
	long rows = 0;
	char rd[PATH_MAX], path[PATH_MAX + 32];
	for (int c = 0; c < g->nconfigs; c++) {
		if (!grid_find_run(g, c, g->seeds[0], rd, sizeof rd))
			continue;
		snprintf(path, sizeof path, "%s/utilization.csv", rd);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		char line[4096];
		long r = 0;
		double last = 0;
		while (fgets(line, sizeof line, f)) {
			if (r++)
				last = strtod(line, NULL);
		}
		fclose(f);
		rows = r > rows ? r : rows;
		tend = last > tend ? last : tend;
	}
	int binned = g->nconfigs >= MANY_SERIES || rows > 4 * PLOT_BINS;
	struct nf_unit tu = nf_time_unit(tend);
	char tsbuf[32], tebuf[32], bbuf[8];
	snprintf(tsbuf, sizeof tsbuf, "%.9g", tu.seconds);
	snprintf(tebuf, sizeof tebuf, "%.9g", tend);
	snprintf(bbuf, sizeof bbuf, "%d", binned);
	for (int k = 0; k < a->nm && pl->n < 64; k++) {
		if (strncmp(a->m[k].key, "utilization.", 12) != 0)
			continue;
		const char *res = a->m[k].key + 12;
		snprintf(data, sizeof data, "%s/util.dat", dir);
		if (outfile_open(&scratch, data, 0))
			break;
		int n = 0, nvar = 0;
		for (int c = 0; c < g->nconfigs; c++) {
			if (!grid_find_run(g, c, g->seeds[0], rd, sizeof rd))
				continue;
			if (util_block(rd, res, binned, tend, scratch.f) < 0)
				continue;
			fputs("\n\n", scratch.f);
			snprintf(nb[n], sizeof nb[0], "label%d", n + 1);
			names[nvar] = nb[n];
			vals[nvar++] = g->configs[c].label;
			n++;
		}
		if (!n || fflush(scratch.f)) {
			outfile_abort(&scratch);
			continue;
		}
		snprintf(nbuf, sizeof nbuf, "%d", n);
		snprintf(title, sizeof title, "%s: %s in use by %s (seed %lu%s)", scen, res,
			 varied, g->seeds[0], binned ? ", mean per time bin" : "");
		const char *more[][2] = {
			{"infile", outfile_writing(&scratch)}, {"n#", nbuf}, {"title", title}, {"res", res},
			{"tscale#", tsbuf}, {"tunit", tu.name}, {"tend#", tebuf},
			{"binned#", bbuf},
		};
		for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
			names[nvar] = more[i][0];
			vals[nvar++] = more[i][1];
		}
		snprintf(base, sizeof base, "compare-timeline-%s", res);
		snprintf(caption, sizeof caption, "%s in use over time (seed %lu)", res,
			 g->seeds[0]);
		draw_one("compare_util.gp", dir, base, formats, names, vals, nvar, pl, caption,
			 err);
		outfile_abort(&scratch);
	}
out:
	free(names);
	free(vals);
	free(nb);
	free(labels);
}

/* At most this many metric columns per table of the report, so a
 * comparison fits a 1280-pixel screen however many metrics it has. */
#define REPORT_COLS 6
/* And this many configurations per table of paired differences. */
#define REPORT_PAIRED_COLS 3

/* Which table of the report a metric goes to. */
static int metric_group(const char *key)
{
	if (!strncmp(key, "jobs.", 5))
		return 2;
	if (!strncmp(key, "utilization.", 12) || !strcmp(key, "makespan") ||
	    !strcmp(key, "fairness"))
		return 1;
	return 0;
}

/* The comparison as tables of at most REPORT_COLS metrics: per task, the
 * cluster, per job, each with the configurations as rows. */
static int report_groups(struct report *r, const struct analysis *a, const struct table *t)
{
	static const char *const gname[] = {"Per task", "Cluster", "Per job"};
	int *cols = malloc(sizeof *cols * (size_t)(a->nm + 1));
	const char **head = malloc(sizeof *head * (REPORT_COLS + 1));
	const char **cells = malloc(sizeof *cells * (size_t)t->nr * (REPORT_COLS + 1));
	unsigned char *strong = malloc((size_t)t->nr * (REPORT_COLS + 1));
	int rc = cols && head && cells && strong ? 0 : OS_ENOMEM;
	for (int grp = 0; grp < 3 && !rc; grp++) {
		int n = 0;
		for (int k = 0; k < a->nm; k++)
			if (metric_group(a->m[k].key) == grp)
				cols[n++] = k;
		for (int from = 0; from < n; from += REPORT_COLS) {
			int w = n - from < REPORT_COLS ? n - from : REPORT_COLS;
			report_heading3(r, gname[grp]);
			head[0] = t->head[0];
			for (int j = 0; j < w; j++)
				head[1 + j] = t->head[1 + cols[from + j]];
			for (int i = 0; i < t->nr; i++) {
				cells[i * (w + 1)] = t->cells[i * t->nc];
				strong[i * (w + 1)] = 0;
				for (int j = 0; j < w; j++) {
					int k = 1 + cols[from + j];
					cells[i * (w + 1) + 1 + j] = t->cells[i * t->nc + k];
					strong[i * (w + 1) + 1 + j] = t->strong[i * t->nc + k];
				}
			}
			report_table(r, t->nr, w + 1, head, cells, strong);
		}
	}
	/* The paired differences: metrics as rows, a column per later
	 * configuration, at most REPORT_PAIRED_COLS of them per table. */
	char (*ph)[256] = t->np ? calloc(REPORT_PAIRED_COLS + 1, sizeof *ph) : NULL;
	const char **pc = t->np ? malloc(sizeof *pc * (size_t)a->nm * (REPORT_PAIRED_COLS + 1))
				: NULL;
	if (t->np && !rc && (!ph || !pc))
		rc = OS_ENOMEM;
	if (t->np && !rc) {
		const struct grid *g = a->g;
		report_heading(r, "Paired differences");
		report_para(r, "Each configuration minus %s, seed by seed over the same seeds, "
			    "in the metric's unit: mean difference [95%% CI]; * marks an interval "
			    "that excludes 0.", g->configs[0].label);
		for (int from = 0; from < t->np; from += REPORT_PAIRED_COLS) {
			int w = t->np - from < REPORT_PAIRED_COLS ? t->np - from : REPORT_PAIRED_COLS;
			const char *hp[REPORT_PAIRED_COLS + 1] = {"metric"};
			for (int j = 0; j < w; j++) {
				snprintf(ph[1 + j], sizeof ph[0], "%s − %s",
					 g->configs[1 + from + j].label, g->configs[0].label);
				hp[1 + j] = ph[1 + j];
			}
			for (int k = 0; k < a->nm; k++) {
				pc[k * (w + 1)] = t->head[k + 1];
				for (int j = 0; j < w; j++)
					pc[k * (w + 1) + 1 + j] = t->paired[k * t->np + from + j];
			}
			report_table(r, a->nm, w + 1, hp, pc, NULL);
		}
	}
	free(ph);
	free(pc);
	free(cols);
	free(head);
	free(cells);
	free(strong);
	return rc;
}

static int write_report(const struct analysis *a, const struct table *t,
			const struct plots *pl, const char *dir, int plots)
{
	const struct grid *g = a->g;
	char title[1400], seeds[512], varied[1024];
	varied_text(g, varied, sizeof varied, 0);
	snprintf(title, sizeof title, "offersim compare: %s by %s",
		 a->scenario_name[0] ? a->scenario_name : grid_scenario_shown(g), varied);
	struct report *r = report_new(title);
	if (!r)
		return OS_ENOMEM;
	const char *note = report_plot_note(plots != 0);
	if (note)
		report_note(r, note);
	seeds_text(g, seeds, sizeof seeds);
	report_para(r, "offersim %s; %d configuration%s, %s each (common random numbers: "
		    "every configuration ran the same seeds).", OFFERSIM_VERSION,
		    g->nconfigs, g->nconfigs == 1 ? "" : "s", seeds);
	for (int x = 0; x < g->naxes; x++) {
		char vals[2048];
		size_t n = 0;
		vals[0] = '\0';
		for (int v = 0; v < g->axes[x].nvalues && n < sizeof vals; v++)
			n += (size_t)snprintf(vals + n, sizeof vals - n, "%s%s", v ? ", " : "",
					      g->axes[x].values[v]);
		report_para(r, "Varied %s: %s.", g->axes[x].key, vals);
	}
	report_heading(r, "Comparison");
	report_para(r, "%s", g->nseeds > 1
		    ? "Mean ± 95% confidence half-width over the seeds (an interval that would reach below 0 is cut there and shown as [0, high]); bold is the best in its column. "
		      "Times are in the unit of each column's largest value."
		    : "One seed, so no confidence intervals; bold is the best in its column. "
		      "Times are in the unit of each column's largest value.");
	int rc = report_groups(r, a, t);
	if (pl->n)
		report_heading(r, "Plots");
	for (int i = 0; i < pl->n; i++)
		report_image(r, pl->file[i], pl->caption[i]);
	report_heading(r, "Scenario");
	report_overrides(r, (const char *const *)g->sets, g->nsets);
	if (g->scenario)
		report_file(r, grid_scenario_shown(g), g->scenario);
	if (!rc)
		rc = report_write(r, dir);
	report_free(r);
	return rc;
}

int compare_outputs(const struct grid *g, const char *outdir, int plots,
		    FILE *out, FILE *err)
{
	struct analysis a;
	struct table t;
	memset(&t, 0, sizeof t);
	int rc = analyse(&a, g, err);
	if (!rc && a.missing == g->nconfigs * g->nseeds) {
		if (err)
			fprintf(err, "offersim: no finished runs to compare\n");
		rc = OS_ENOENT;
	}
	if (!rc)
		rc = build_table(&a, &t);
	if (!rc && (rc = write_csv(&a, outdir)) && err)
		fprintf(err, "offersim: cannot write %s/comparison.csv\n", outdir);
	if (!rc) {
		struct outfile o;
		rc = out_open(&o, outdir, "comparison.md");
		if (!rc) {
			write_md_to(o.f, &a, &t);
			rc = out_commit(&o);
		}
		if (rc && err)
			fprintf(err, "offersim: cannot write %s/comparison.md\n", outdir);
	}
	struct plots *pl = calloc(1, sizeof *pl);
	if (!rc && !pl)
		rc = OS_ENOMEM;
	if (!rc && plots && plot_available() && plot_script_dir())
		draw_plots(&a, &t, outdir, plots, pl, err);
	if (!rc && write_report(&a, &t, pl, outdir, plots) && err)
		fprintf(err, "offersim: warning: could not write %s/report.html\n", outdir);
	if (!rc && out) {
		write_md_to(out, &a, &t);
		fprintf(out, "\nresults in %s/ (comparison.csv, comparison.md, report.html)\n",
			outdir);
	}
	free(pl);
	table_free(&t);
	analysis_release(&a);
	return rc;
}

/* --- emitting commands for other runners --- */

/* Write every run's command line to f, one per line. */
static int emit_lines(const struct grid *g, const char *exe, FILE *f)
{
	char word[2 * PATH_MAX + 64];
	for (int c = 0; c < g->nconfigs; c++)
		for (int s = 0; s < g->nseeds; s++) {
			char **argv = grid_run_argv(g, exe, c, g->seeds[s]);
			if (!argv)
				return OS_ENOMEM;
			for (int i = 0; argv[i]; i++) {
				grid_shell_quote(word, sizeof word, argv[i]);
				fprintf(f, "%s%s", i ? " " : "", word);
			}
			fputc('\n', f);
			grid_free_argv(argv);
		}
	return ferror(f) ? OS_EIO : 0;
}

static int emit_commands(const struct grid *g, const char *exe, const char *file,
			 FILE *err)
{
	struct outfile o;
	int e = outfile_open(&o, file, OUTFILE_DASH);
	if (!e) {
		if (emit_lines(g, exe, o.f)) {
			outfile_abort(&o);
			e = -ENOMEM;
		} else {
			e = outfile_commit(&o);
		}
	}
	if (e && err)
		fprintf(err, "offersim: error: cannot write %s: %s\n", file, strerror(-e));
	return e ? OS_EIO : 0;
}

/*
 * Slurm's default MaxArraySize is 1001, so array indexes above 1000 are
 * refused unless the site raised it.  Larger grids get 1000 array tasks,
 * each running every 1000th line.
 */
#define SLURM_MAX_ARRAY 1000

static int emit_slurm(const struct grid *g, const char *exe, const char *dir,
		      FILE *err)
{
	char cmds[PATH_MAX + 32], script[PATH_MAX + 32];
	char absdir[PATH_MAX], cwd[PATH_MAX];
	if ((mkdir(dir, 0777) && errno != EEXIST) || !realpath(dir, absdir) ||
	    !getcwd(cwd, sizeof cwd)) {
		if (err)
			fprintf(err, "offersim: cannot create %s: %s\n", dir, strerror(errno));
		return OS_EIO;
	}
	snprintf(cmds, sizeof cmds, "%s/commands.txt", absdir);
	if (emit_commands(g, exe, cmds, err))
		return OS_EIO;
	snprintf(script, sizeof script, "%s/offersim.sbatch", absdir);
	struct outfile o;
	int e = outfile_open(&o, script, 0);
	if (e) {
		if (err)
			fprintf(err, "offersim: error: cannot write %s: %s\n", script,
				strerror(-e));
		return OS_EIO;
	}
	FILE *f = o.f;
	int nrun = g->nconfigs * g->nseeds;
	int ntask = nrun < SLURM_MAX_ARRAY ? nrun : SLURM_MAX_ARRAY;
	/* #SBATCH lines are read only above the first command, and literally:
	 * no shell expansion, hence the absolute paths.  Slurm runs a copy of
	 * the script from its spool directory, so nothing may be found
	 * relative to the script itself. */
	char qcmds[2 * PATH_MAX + 8], wrap[160] = "";
	grid_shell_quote(qcmds, sizeof qcmds, cmds);
	if (nrun > ntask)
		snprintf(wrap, sizeof wrap, ", then lines i + %d, i + %d\n# and so on "
			 "(Slurm's default MaxArraySize allows indexes up to %d)",
			 ntask, 2 * ntask, SLURM_MAX_ARRAY);
	fprintf(f,
		"#!/bin/sh\n"
		"# offersim grid as a Slurm job array: array task i runs line i of\n"
		"# commands.txt (one `offersim run`)%s.  Submit with\n"
		"#   sbatch %s\n"
		"# and when every task has finished, tabulate with\n"
		"#   offersim merge %s\n"
		"#SBATCH --job-name=offersim-grid\n"
		"#SBATCH --array=1-%d\n"
		"#SBATCH --ntasks=1\n"
		"#SBATCH --cpus-per-task=1\n"
		"#SBATCH --chdir=%s\n"
		"#SBATCH --output=%s/slurm-%%A_%%a.out\n"
		"set -eu\n"
		"cmds=%s\n"
		"status=0\n"
		"i=$SLURM_ARRAY_TASK_ID\n"
		"while [ \"$i\" -le %d ]; do\n"
		"\tline=$(sed -n \"${i}p\" \"$cmds\")\n"
		"\tif [ -z \"$line\" ]; then\n"
		"\t\techo \"offersim.sbatch: no line $i in $cmds\" >&2\n"
		"\t\texit 1\n"
		"\tfi\n"
		"\teval \"$line\" || status=1\n"
		"\ti=$((i + %d))\n"
		"done\n"
		"exit $status\n",
		wrap, script, g->outdir, ntask, cwd, absdir, qcmds, nrun, ntask);
	if ((e = outfile_commit(&o)) != 0) {
		if (err)
			fprintf(err, "offersim: error: cannot write %s: %s\n", script,
				strerror(-e));
		return OS_EIO;
	}
	chmod(script, 0755);
	return 0;
}

int compare_emit(const struct grid *g, const char *argv0, const char *cmds_file,
		 const char *slurm_dir, int quiet)
{
	/* As typed: a bare name was found on PATH and should be again. */
	const char *exe = strchr(argv0, '/') ? argv0 : "offersim";
	if ((cmds_file && emit_commands(g, exe, cmds_file, stderr)) ||
	    (slurm_dir && emit_slurm(g, exe, slurm_dir, stderr)))
		return 1;
	if (!quiet) {
		if (cmds_file)
			printf("%d commands written to %s; run them (e.g. parallel < %s), "
			       "then: offersim merge %s\n", g->nconfigs * g->nseeds,
			       cmds_file, cmds_file, g->outdir);
		if (slurm_dir)
			printf("Slurm array of %d runs written to %s/offersim.sbatch; "
			       "sbatch it, then: offersim merge %s\n",
			       g->nconfigs * g->nseeds, slurm_dir, g->outdir);
	}
	return 0;
}

/* --- resuming --- */

/* Does dir/runs hold anything (an earlier compare's runs)? */
static int has_old_runs(const char *dir)
{
	char path[PATH_MAX + 8];
	snprintf(path, sizeof path, "%s/runs", dir);
	DIR *dp = opendir(path);
	if (!dp)
		return 0;
	int any = 0;
	struct dirent *e;
	while (!any && (e = readdir(dp)) != NULL)
		any = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(dp);
	return any;
}

/*
 * Is the run of config c and seed already there, complete, with the id
 * `offersim run` would give it now?  The id is computed as main.c does
 * for the command line grid_run_argv builds: the --set values in order
 * (base sets, passthrough, then the axes), then the seed.
 */
static int run_is_current(const struct grid *g, int c, unsigned long seed)
{
	struct rundir_hash rh;
	if (rundir_hash_scenario(&rh, g->scenario))
		return 0;
	for (int i = 0; i < g->nbase_sets; i++) {
		rundir_hash_bytes(&rh, g->base_sets[i], strlen(g->base_sets[i]));
		rundir_hash_bytes(&rh, "\n", 1);
	}
	for (int i = 0; i < g->nsets; i++) {
		rundir_hash_bytes(&rh, g->sets[i], strlen(g->sets[i]));
		rundir_hash_bytes(&rh, "\n", 1);
	}
	for (int a = 0; a < g->naxes; a++)
		rundir_hash_override(&rh, g->axes[a].key, g->configs[c].values[a]);
	char sv[32], want[RUNDIR_ID_LEN + 1], have[RUNDIR_ID_LEN + 1], state[64];
	snprintf(sv, sizeof sv, "%lu", seed);
	rundir_hash_override(&rh, "seed", sv);
	rundir_hash_hex(&rh, want);
	char dir[PATH_MAX + 64], sum[PATH_MAX + 80];
	grid_run_dir(g, c, seed, dir, sizeof dir);
	snprintf(sum, sizeof sum, "%s/summary.json", dir);
	return rundir_read(dir, have, state, sizeof state) == 0 &&
	       strcmp(have, want) == 0 && strcmp(state, "complete") == 0 &&
	       rundir_lists(dir, want, "summary.json") && access(sum, R_OK) == 0;
}

/* --- the commands --- */

/* compare's own options; the common ones are grid_args'. */
enum { O_VARY, O_EMITC, O_EMITS, O_RESUME };

static const struct grid_opt compare_opts[] = {
	[O_VARY] = {"--vary", NULL, 1},
	[O_EMITC] = {"--emit-commands", NULL, 1},
	[O_EMITS] = {"--emit-slurm", NULL, 1},
	[O_RESUME] = {"--resume", NULL, 0},
};

int compare_main(int argc, char **argv)
{
	struct diag d;
	diag_init(&d, stderr);
	struct grid g;
	grid_init(&g);
	struct grid_args args;
	const char *emit_c = NULL, *emit_s = NULL;
	int resume = 0;
	int oom = grid_args_init(&args, argc, argv, compare_opts,
				 (int)(sizeof compare_opts / sizeof compare_opts[0]), &d) != 0;
	const char *val;
	int opt, at;
	while (!oom && (opt = grid_args_next(&args, &val, &at)) >= 0) {
		const char *eq = val ? strchr(val, '=') : NULL;
		switch (opt) {
		case O_VARY:
			if (!eq || eq == val || !eq[1]) {
				grid_cli_error(&d, argv, at, "--vary needs KEY=V1,V2,..., got '%s'", val);
				break;
			}
			{
				char *key = strndup(val, (size_t)(eq - val));
				int rc = key ? grid_add_axis(&g, key, eq + 1) : OS_ENOMEM;
				if (rc == OS_EINVAL)
					grid_cli_error(&d, argv, at,
						       "--vary %s: an empty value, or the key is varied twice",
						       key);
				oom |= rc == OS_ENOMEM;
				free(key);
			}
			break;
		case O_EMITC: emit_c = val; break;
		case O_EMITS: emit_s = val; break;
		case O_RESUME: resume = 1; break;
		}
	}
	int seeds = args.nseeds, jobs = args.jobs, quiet = args.quiet;
	int plots = args.no_plots ? 0 : args.plot_formats;
	if (args.scenario)
		oom |= grid_set_scenario(&g, args.scenario);
	if (args.outdir)
		oom |= grid_set_outdir(&g, args.outdir);
	for (int i = 0; i < args.nsets; i++)
		oom |= grid_add_set(&g, args.sets[i]);
	int status = 0;
	if (args.help) {
		fputs(usage_compare, stdout);
		goto done;
	}
	if (!g.scenario && !diag_errors(&d))
		diag_error(&d, "<command-line>", 1, grid_arg_col(argv, argc),
			   "missing scenario file (offersim compare SCENARIO ...)");
	if (!g.outdir && !diag_errors(&d))
		diag_error(&d, "<command-line>", 1, grid_arg_col(argv, argc),
			   "missing output directory (-o DIR)");
	if (!g.naxes && !diag_errors(&d))
		diag_error(&d, "<command-line>", 1, grid_arg_col(argv, argc),
			   "nothing to compare: give at least one --vary KEY=V1,V2");
	if (oom || grid_set_seeds(&g, seeds) || (!diag_errors(&d) && grid_build(&g))) {
		fputs("offersim: out of memory\n", stderr);
		status = 1;
		goto done;
	}
	if (diag_errors(&d)) {
		grid_cli_try_help("compare");
		status = EXIT_INPUT;
		goto done;
	}
	if (quiet)
		d.quiet_warnings = 1;
	if (grid_validate(&g, &d)) {
		fprintf(stderr, "offersim: the grid's scenario has errors; nothing was run\n");
		status = EXIT_INPUT;
		goto done;
	}
	if (!emit_c && !emit_s && !resume && has_old_runs(g.outdir)) {
		diag_error(&d, "<command-line>", 1, grid_arg_col(argv, argc),
			   "%s holds the runs of an earlier compare; use --resume to keep "
			   "the matching ones and rerun the rest", g.outdir);
		status = EXIT_INPUT;
		goto done;
	}
	if (grid_write_configs(&g, stderr)) {
		status = 1;
		goto done;
	}
	/* Runs side by side fill the processors themselves: a trace read
	 * ahead on another would only cost CPU (emitted commands run side by
	 * side under GNU parallel or Slurm). */
	if ((emit_c || emit_s || jobs > 1) &&
	    grid_add_run_arg(&g, "--one-thread")) {
		fputs("offersim: out of memory\n", stderr);
		status = 1;
		goto done;
	}
	if (emit_c || emit_s) {
		status = compare_emit(&g, argv[0], emit_c, emit_s, quiet);
		goto done;
	}
	int n = g.nconfigs * g.nseeds;
	char ***argvs = calloc((size_t)n, sizeof *argvs);
	int *st = calloc((size_t)n, sizeof *st);
	int *which = calloc((size_t)n, sizeof *which);   /* argvs[k] runs which[k] */
	const char *exe = grid_self_exe(argv[0]);
	int m = 0;
	g.force = resume;   /* a run not kept replaces its directory */
	for (int c = 0, i = 0; argvs && which && c < g.nconfigs; c++)
		for (int s = 0; s < g.nseeds; s++, i++) {
			int keep = resume && run_is_current(&g, c, g.seeds[s]);
			if (keep)
				continue;
			which[m] = i;
			if (!(argvs[m] = grid_run_argv(&g, exe, c, g.seeds[s])))
				oom = 1;
			m++;
		}
	if (!argvs || !st || !which || oom) {
		fputs("offersim: out of memory\n", stderr);
		status = 1;
	} else {
		FILE *prog = !quiet && isatty(2) ? stderr : NULL;
		if (resume && !quiet)
			printf("resume: %d of %d runs kept, %d to run\n", n - m, n, m);
		int failed = m ? grid_exec((char **const *)argvs, m, jobs, st, prog, "compare") : 0;
		if (failed) {
			status = 1;
			int shown = 0;
			for (int k = 0; k < m && failed > 0; k++) {
				int i = which[k];
				if (st[k] && shown++ < 10)
					fprintf(stderr, "offersim: run %s seed %lu failed (exit status %d)\n",
						g.configs[i / g.nseeds].label, g.seeds[i % g.nseeds], st[k]);
			}
			fprintf(stderr, "offersim: %d of %d runs failed; no comparison written\n",
				failed < 0 ? n : failed, n);
		} else if (compare_outputs(&g, g.outdir, plots, quiet ? NULL : stdout,
					   stderr)) {
			status = 1;
		}
	}
	for (int i = 0; argvs && i < n; i++)
		grid_free_argv(argvs[i]);
	free(argvs);
	free(st);
	free(which);
done:
	grid_args_release(&args);
	grid_release(&g);
	return status;
}
