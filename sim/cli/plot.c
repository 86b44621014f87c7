/*
 * plot.c - run gnuplot on the scripts in plots/ (see plot.h).
 *
 * gnuplot is started with fork/exec, never through a shell, so output
 * directories with spaces or quotes cannot break the command; values are
 * passed with -e as gnuplot string literals with quotes escaped.
 *
 * What a reader needs to know about a picture is decided here, not in
 * the scripts: the title (scenario, seed, allocator and the frameworks'
 * policies, read from summary.json), the time unit and the end of the
 * time axis (the run's end, in the unit numfmt.h picks for its length),
 * the wait unit, and whether the wait distribution is drawn as a CCDF on
 * a log scale (when at least half the tasks waited 0 s, a CDF is a jump
 * at 0 and hides the tail).  The scripts only draw, so the choices can
 * be tested on the expressions alone, without gnuplot.
 *
 * A long utilization.csv (thousands of steps) is drawn as bands: time is
 * cut into PLOT_BINS bins and each bin shows the time-weighted mean as a
 * line over the range of values it held, which a line through every step
 * would paint solid.
 */
#include "plot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../core/json_read.h"
#include "../core/numfmt.h"
#include "../core/outfile.h"

#ifndef OFFERSIM_SRCDIR
#define OFFERSIM_SRCDIR "."
#endif
#ifndef OFFERSIM_DATADIR
#define OFFERSIM_DATADIR "/usr/local/share/offersim"
#endif

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int plot_available(void)
{
	const char *path = getenv("PATH");
	if (!path)
		return 0;
	char buf[4096];
	while (*path) {
		size_t n = strcspn(path, ":");
		if (n > 0 && n + 9 < sizeof buf) {
			memcpy(buf, path, n);
			strcpy(buf + n, "/gnuplot");
			if (access(buf, X_OK) == 0)
				return 1;
		}
		path += n;
		if (*path == ':')
			path++;
	}
	return 0;
}

/* dir/utilization.gp is readable: dir holds the plot scripts. */
static int has_scripts(const char *dir, char *buf, size_t size)
{
	int k = snprintf(buf, size, "%s/utilization.gp", dir);
	return k > 0 && (size_t)k < size && access(buf, R_OK) == 0;
}

/*
 * Where the scripts are: OFFERSIM_PLOTS, then beside the running binary
 * (PREFIX/bin/offersim finds PREFIX/share/offersim/plots, and a binary at
 * the top of the build tree finds plots/ next to it), so an install under
 * any prefix works whatever prefix it was compiled with; then the
 * compiled-in data and source directories, then ./plots.
 */
const char *plot_script_dir(void)
{
	static char found[8192 + 64];
	char exe[4096], cand[2][4096 + 32];
	int ncand = 0;
	const char *env = getenv("OFFERSIM_PLOTS");
	if (env && *env)
		return is_dir(env) ? env : NULL;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(cand[0], sizeof cand[0], "%s/../share/offersim/plots", exe);
			snprintf(cand[1], sizeof cand[1], "%s/plots", exe);
			ncand = 2;
		}
	}
	for (int i = 0; i < ncand; i++)
		if (has_scripts(cand[i], found, sizeof found)) {
			snprintf(found, sizeof found, "%s", cand[i]);
			return found;
		}
	const char *cands[] = {OFFERSIM_DATADIR "/plots", OFFERSIM_SRCDIR "/plots",
			       "plots"};
	for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
		if (has_scripts(cands[i], found, sizeof found)) {
			snprintf(found, sizeof found, "%s", cands[i]);
			return found;
		}
	}
	return NULL;
}

void plot_quote_append(char *dst, size_t size, const char *text)
{
	size_t k = strlen(dst);
	if (k + 3 >= size)
		return;
	dst[k++] = '\'';
	for (; *text && k + 3 < size; text++) {
		if (*text == '\'')
			dst[k++] = '\'';
		dst[k++] = *text;
	}
	dst[k++] = '\'';
	dst[k] = '\0';
}

/* A gnuplot started and not yet waited for. */
struct gp_job {
	pid_t pid;                /* -1: it could not start */
	int efd;                  /* its stderr, a scratch file; -1 none */
	char errfile[32];
};

static void gp_start(struct gp_job *j, const char *script, const char *expr)
{
	snprintf(j->errfile, sizeof j->errfile, "/tmp/offersim-gnuplot-XXXXXX");
	j->efd = mkstemp(j->errfile);
	fflush(NULL);   /* the child must not repeat buffered output */
	j->pid = fork();
	if (j->pid == 0) {
		int devnull = open("/dev/null", O_RDWR);
		if (devnull >= 0) {
			dup2(devnull, 0);
			dup2(devnull, 1);
		}
		if (j->efd >= 0)
			dup2(j->efd, 2);
		execlp("gnuplot", "gnuplot", "-e", expr, script, (char *)NULL);
		_exit(127);
	}
}

/* Wait for j; 0 when gnuplot succeeded, else -1 after showing the first
 * line of its complaint. */
static int gp_finish(struct gp_job *j, const char *label, FILE *err)
{
	int status = 0, ok = 0;
	if (j->pid > 0) {
		while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
			;
		ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	if (!ok && j->efd >= 0 && err) {
		char msg[512];
		ssize_t n = pread(j->efd, msg, sizeof msg - 1, 0);
		if (n > 0) {
			msg[n] = '\0';
			msg[strcspn(msg, "\n")] = '\0';
			fprintf(err, "offersim: warning: gnuplot %s: %s\n", label, msg);
		}
	}
	if (j->efd >= 0) {
		close(j->efd);
		unlink(j->errfile);
	}
	return ok ? 0 : -1;
}

int plot_gnuplot(const char *script, const char *expr, const char *label,
		 FILE *err)
{
	struct gp_job j;
	gp_start(&j, script, expr);
	return gp_finish(&j, label, err);
}


int plot_format_parse(const char *s)
{
	if (!strcmp(s, "png"))
		return PLOT_PNG;
	if (!strcmp(s, "svg"))
		return PLOT_SVG;
	if (!strcmp(s, "both"))
		return PLOT_PNG | PLOT_SVG;
	return -1;
}

/* Append "; name=" and the value, quoted unless numeric. */
static void var_str(char *e, size_t size, const char *name, const char *val)
{
	size_t k = strlen(e);
	snprintf(e + k, size - k, "%s%s=", k ? "; " : "", name);
	plot_quote_append(e, size, val);
}

static void var_num(char *e, size_t size, const char *name, double val)
{
	size_t k = strlen(e);
	snprintf(e + k, size - k, "%s%s=%.17g", k ? "; " : "", name, val);
}

void plot_run_title(const struct jr_value *summary, char *buf, size_t size)
{
	const char *name = jr_string(jr_get(summary, "scenario"));
	const char *alloc = jr_string(jr_get(summary, "allocator"));
	double seed = jr_number(summary, "seed");
	size_t n = (size_t)snprintf(buf, size, "%s", name ? name : "run");
	if (!isnan(seed) && n < size)
		n += (size_t)snprintf(buf + n, size - n, ", seed %.0f", seed);
	if (alloc && n < size)
		n += (size_t)snprintf(buf + n, size - n, ": allocator %s", alloc);
	/* One policy for every framework is said once; otherwise each. */
	const struct jr_value *fws = jr_get(summary, "frameworks");
	int nf = jr_count(fws), same = nf > 0;
	const char *first = nf > 0 ? jr_string(jr_get(jr_at(fws, 0), "policy")) : NULL;
	for (int i = 1; i < nf && same; i++) {
		const char *p = jr_string(jr_get(jr_at(fws, i), "policy"));
		same = first && p && !strcmp(first, p);
	}
	if (same && first && n < size) {
		n += (size_t)snprintf(buf + n, size - n, "%spolicy %s", alloc ? ", " : ": ",
				      first);
	} else {
		for (int i = 0; i < nf && n < size; i++) {
			const char *p = jr_string(jr_get(jr_at(fws, i), "policy"));
			n += (size_t)snprintf(buf + n, size - n, "%s%s %s",
					      i ? ", " : alloc ? "; " : ": ",
					      jr_key(fws, i), p ? p : "?");
		}
	}
}

/* The end of the run in seconds: sim_time, else the makespan. */
static double run_end(const struct jr_value *summary)
{
	double t = jr_number(summary, "sim_time");
	if (isnan(t) || t <= 0)
		t = jr_number(summary, "makespan");
	return isnan(t) ? 0 : t;
}

/* The unit of the time axis, for the run's length; of the wait axis, for
 * the longest wait. */
static struct nf_unit time_unit(const struct jr_value *summary)
{
	return nf_time_unit(run_end(summary));
}

static struct nf_unit wait_unit(const struct jr_value *summary)
{
	double wmax = jr_number(summary, "wait.max");
	return nf_time_unit(isnan(wmax) ? 0 : wmax);
}

int plot_expression(const char *plot, const struct jr_value *summary,
		    const char *infile, const char *outfile, const char *fmt,
		    const char *scriptdir, int banded, char *expr, size_t size)
{
	if (size < 2)
		return -1;
	expr[0] = '\0';
	char title[1024];
	plot_run_title(summary, title, sizeof title);
	var_str(expr, size, "infile", infile);
	var_str(expr, size, "outfile", outfile);
	var_str(expr, size, "fmt", fmt);
	var_str(expr, size, "plotdir", scriptdir);
	var_str(expr, size, "title", title);
	double end = run_end(summary);
	struct nf_unit u = time_unit(summary);
	var_num(expr, size, "tscale", u.seconds);
	var_str(expr, size, "tunit", u.name);
	var_num(expr, size, "tend", end);
	if (!strcmp(plot, "wait_cdf")) {
		double wmax = jr_number(summary, "wait.max");
		double p50 = jr_number(summary, "wait.p50");
		struct nf_unit w = wait_unit(summary);
		var_num(expr, size, "wscale", w.seconds);
		var_str(expr, size, "wunit", w.name);
		var_num(expr, size, "ccdf", !isnan(p50) && p50 == 0 && wmax > 0);
	}
	if (!strcmp(plot, "utilization"))
		var_num(expr, size, "banded", banded);
	return strlen(expr) + 1 < size ? 0 : -1;
}

int plot_csv_fields(char *line, char **f, int max)
{
	int n = 0;
	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		f[n++] = line;
		char *c = strchr(line, ',');
		if (!c)
			break;
		*c = '\0';
		line = c + 1;
	}
	return n;
}

/* Rows of a file, header included; -1 when it cannot be read. */
static long count_rows(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	long n = 0;
	int c, last = '\n';
	while ((c = getc(f)) != EOF) {
		n += c == '\n';
		last = c;
	}
	n += last != '\n';
	fclose(f);
	return n;
}

#define PLOT_MAXCOLS 64

int plot_bin_steps(const char *csv, FILE *out, int nbins, double tend, int only)
{
	FILE *f = fopen(csv, "r");
	if (!f)
		return -1;
	char line[8192], *fld[PLOT_MAXCOLS + 1];
	int rc = -1, ncol = 0;
	double *acc = NULL;   /* [bin][col]: sum, min, max */
	if (!fgets(line, sizeof line, f) ||
	    (ncol = plot_csv_fields(line, fld, PLOT_MAXCOLS + 1) - 1) < 1 || nbins < 1 ||
	    !(tend > 0))
		goto out;
	if (only > ncol)
		goto out;
	fputs("time", out);
	for (int c = 1; c <= ncol; c++)
		if (!only || c == only)
			fprintf(out, "\t%s\t%s.min\t%s.max", fld[c], fld[c], fld[c]);
	fputc('\n', out);
	acc = malloc((size_t)nbins * (size_t)ncol * 3 * sizeof *acc);
	if (!acc)
		goto out;
	for (int i = 0; i < nbins * ncol; i++) {
		acc[3 * i] = 0;
		acc[3 * i + 1] = INFINITY;
		acc[3 * i + 2] = -INFINITY;
	}
	double w = tend / nbins, prev_t = NAN, prev[PLOT_MAXCOLS];
	/* Each row holds its values from its time to the next row's; the
	 * last row is the end of the run, so it holds for no time. */
	for (int more = 1; more;) {
		double t = tend, v[PLOT_MAXCOLS];
		more = fgets(line, sizeof line, f) != NULL;
		if (more) {
			int n = plot_csv_fields(line, fld, PLOT_MAXCOLS + 1);
			if (n < 1 + ncol)
				continue;
			t = strtod(fld[0], NULL);
			for (int c = 0; c < ncol; c++)
				v[c] = strtod(fld[c + 1], NULL);
		}
		if (t > tend)
			t = tend;
		if (!isnan(prev_t) && t > prev_t) {
			int b0 = (int)(prev_t / w), b1 = (int)(t / w);
			if (b1 >= nbins)
				b1 = nbins - 1;
			for (int b = b0 < 0 ? 0 : b0; b <= b1; b++) {
				double lo = fmax(prev_t, b * w), hi = fmin(t, (b + 1) * w);
				if (hi <= lo && !(b == b0 && b == b1))
					continue;
				for (int c = 0; c < ncol; c++) {
					double *a = &acc[3 * (b * ncol + c)];
					a[0] += prev[c] * (hi > lo ? hi - lo : 0);
					a[1] = fmin(a[1], prev[c]);
					a[2] = fmax(a[2], prev[c]);
				}
			}
		}
		if (more) {
			prev_t = t;
			memcpy(prev, v, sizeof v);
		}
	}
	for (int b = 0; b < nbins; b++) {
		fprintf(out, "%.9g", (b + 0.5) * w);
		for (int c = 0; c < ncol; c++) {
			const double *a = &acc[3 * (b * ncol + c)];
			if (only && c + 1 != only)
				continue;
			if (isinf(a[1]))
				fputs("\tNaN\tNaN\tNaN", out);
			else
				fprintf(out, "\t%.9g\t%.9g\t%.9g", a[0] / w, a[1], a[2]);
		}
		fputc('\n', out);
	}
	rc = ferror(out) ? -1 : 0;
out:
	free(acc);
	fclose(f);
	return rc;
}

const char *plot_format_ext(int bit)
{
	return bit == PLOT_SVG ? "svg" : "png";
}

/* Wait for a picture's gnuplot (when it started: ok), then commit it or
 * say it could not be drawn.  Returns 1 when it was made. */
static int finish_plot(struct outfile *o, struct gp_job *j, int ok,
		       const char *fin, const char *label, FILE *err)
{
	if (ok && gp_finish(j, label, err) != 0) {
		outfile_abort(o);
		ok = 0;
	}
	if (ok && outfile_commit(o) == 0)
		return 1;
	if (err)
		fprintf(err, "offersim: warning: could not draw %s\n", fin);
	return 0;
}

int plot_run(const char *dir, int formats, FILE *err)
{
	if (!plot_available()) {
		if (err)
			fprintf(err, "offersim: warning: gnuplot not found; data files written, plots skipped\n");
		return 0;
	}
	const char *sd = plot_script_dir();
	if (!sd) {
		if (err)
			fprintf(err, "offersim: warning: plot scripts not found (set OFFERSIM_PLOTS); plots skipped\n");
		return 0;
	}
	char path[4200], jerr[256];
	snprintf(path, sizeof path, "%s/summary.json", dir);
	struct jr_value *summary = jr_parse_file(path, jerr, sizeof jerr);
	if (!summary) {
		if (err)
			fprintf(err, "offersim: warning: %s: %s; plots skipped\n", path, jerr);
		return 0;
	}
	/* The slowest to draw first, so that two run at once for longer. */
	static const char *const plots[][2] = {
		{"wait_cdf", "tasks.csv"},
		{"gantt", "gantt.csv"},
		{"utilization", "utilization.csv"},
		{"queue", "queue.csv"},
		{"shares", "shares.csv"},
	};
	/* Bands for a utilization too long to draw step by step; the bins
	 * go to a registered temporary that is never committed. */
	struct outfile bins;
	int banded = 0;
	snprintf(path, sizeof path, "%s/utilization.csv", dir);
	if (count_rows(path) > 4 * PLOT_BINS) {
		char bpath[4200];
		snprintf(bpath, sizeof bpath, "%s/utilization.bands", dir);
		if (outfile_open(&bins, bpath, 0) == 0) {
			banded = plot_bin_steps(path, bins.f, PLOT_BINS, run_end(summary), 0) == 0 &&
				 fflush(bins.f) == 0;
			if (!banded)
				outfile_abort(&bins);
		}
	}
	/*
	 * The pictures are independent: gnuplot draws two at a time (most of
	 * a plotted run's wall time is gnuplot), each into its registered
	 * temporary.  They are waited for, committed and reported in the
	 * order they were started, so the messages come in the same order
	 * however the drawing interleaves.
	 */
	enum { NPLOT = sizeof plots / sizeof plots[0] * 2, SLOTS = 2,
	       NPREP = sizeof plots / sizeof plots[0] };
	/* Each picture's input, prepared (plotprep.c) into a registered
	 * temporary that lives until every gnuplot is done. */
	struct outfile prep[NPREP];
	int prepped[NPREP] = {0};
	char *extra = malloc(PLOT_EXPR_MAX);
	struct {
		struct outfile o;
		struct gp_job j;
		char fin[4200];
		const char *label;
		int ok;
	} job[NPLOT];
	size_t njob = 0, done = 0;
	int made = 0;
	for (size_t i = 0; i < sizeof plots / sizeof plots[0]; i++) {
		char in[4200];
		snprintf(in, sizeof in, "%s/%s", dir, plots[i][1]);
		if (extra)
			extra[0] = '\0';
		if (extra && (formats & (PLOT_PNG | PLOT_SVG)) &&
		    strcmp(plots[i][0], "utilization") != 0) {
			char ppath[4200];
			snprintf(ppath, sizeof ppath, "%s/%s.prep", dir, plots[i][0]);
			if (outfile_open(&prep[i], ppath, 0) == 0) {
				prepped[i] = plot_prepare(plots[i][0], in, prep[i].f,
							  time_unit(summary).seconds,
							  wait_unit(summary).seconds, extra,
							  PLOT_EXPR_MAX) == 1;
				if (prepped[i])
					snprintf(in, sizeof in, "%s", outfile_writing(&prep[i]));
				else
					outfile_abort(&prep[i]);
			}
		}
		for (int bit = PLOT_PNG; bit <= PLOT_SVG; bit <<= 1) {
			/* gantt.svg is the simulator's own chart, with a
			 * tooltip per bar; gnuplot draws only its PNG. */
			if (!(formats & bit) ||
			    (bit == PLOT_SVG && !strcmp(plots[i][0], "gantt")))
				continue;
			if (njob - done == SLOTS) {
				made += finish_plot(&job[done].o, &job[done].j,
						    job[done].ok, job[done].fin,
						    job[done].label, err);
				done++;
			}
			char script[4200];
			snprintf(script, sizeof script, "%s/%s.gp", sd, plots[i][0]);
			int band = banded && !strcmp(plots[i][0], "utilization");
			if (band)
				snprintf(in, sizeof in, "%s", outfile_writing(&bins));
			char *fin = job[njob].fin;
			snprintf(fin, sizeof job[njob].fin, "%s/%s.%s", dir, plots[i][0],
				 plot_format_ext(bit));
			job[njob].label = plots[i][0];
			unlink(fin);
			/* gnuplot draws into the registered temporary; commit renames. */
			struct outfile *o = &job[njob].o;
			int ok = outfile_open(o, fin, 0) == 0;
			char *expr = ok ? malloc(PLOT_EXPR_MAX) : NULL;
			if (ok && (!expr ||
				   plot_expression(plots[i][0], summary, in, outfile_writing(o),
						   plot_format_ext(bit), sd, band, expr,
						   PLOT_EXPR_MAX) != 0 ||
				   strlen(expr) + strlen(extra ? extra : "") + 1 > PLOT_EXPR_MAX)) {
				outfile_abort(o);
				ok = 0;
			}
			if (ok) {
				if (prepped[i])
					strcat(expr, extra);
				gp_start(&job[njob].j, script, expr);
			}
			free(expr);
			job[njob].ok = ok;
			njob++;
		}
	}
	for (; done < njob; done++)
		made += finish_plot(&job[done].o, &job[done].j, job[done].ok,
				    job[done].fin, job[done].label, err);
	if (banded)
		outfile_abort(&bins);
	for (size_t i = 0; i < NPREP; i++)
		if (prepped[i])
			outfile_abort(&prep[i]);
	free(extra);
	jr_free(summary);
	return made;
}
