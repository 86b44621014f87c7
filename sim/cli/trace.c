/*
 * trace.c - `offersim trace info|convert|sample` (see trace.h).
 *
 * The command line becomes a scenario of one framework reading the trace,
 * so that info and convert see exactly the records a run would: the same
 * reader, options (--opt), lenient skipping, rebase to time 0 and
 * warnings.  Its resources are those the format fills (cpus, mem, and
 * gpus for the GPU trace; a CSV trace's own resource columns), or those
 * of the scenario given with --cluster, which then also sizes the cluster
 * for the offered load (as does --agents N --cpus C ...).
 *
 * Errors on the command line are <command-line>:1:COL, where COL is the
 * column of the offending word; a trace's own errors are FILE:LINE:COL.
 * Both exit 2.  An output that cannot be written exits 1.  Outputs are
 * written through a temporary name, so a failure leaves nothing that
 * looks complete.
 */
#include "trace.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../config/config.h"
#include "../core/diag.h"
#include "../core/err.h"
#include "../core/fmt.h"
#include "grid.h"
#include "../core/json_write.h"
#include "progress.h"
#include "../config/scenario.h"
#include "tracestat.h"
#include "../../workloads/formats.h"
#include "../../workloads/machines.h"
#include "../../workloads/scan.h"
#include "../../workloads/source.h"
#include "../../workloads/tracewrite.h"

#define EXIT_INPUT 2

static const char usage_trace[] =
	"usage: offersim trace info FILE [options]      what a trace holds\n"
	"       offersim trace convert FILE -o OUT.csv  to offersim's native CSV\n"
	"       offersim trace sample FILE -o OUT (--jobs N | --every K | --start S --end E)\n"
	"                                               a slice in the same format\n"
	"\n"
	"every command:\n";

/* After the --format paragraph, which the format table writes. */
static const char usage_trace_rest[] =
	"  --lenient          skip malformed lines (counted) instead of stopping\n"
	"  -q, --quiet        no progress bar, no warnings\n"
	"info and convert:\n"
	"  --opt KEY=VALUE    a format option, as in the workload's options: map\n"
	"                     (e.g. --opt scale.cpus=100); may be repeated\n"
	"  --framework NAME   a csv trace with a framework column: NAME's rows\n"
	"  --cluster SCENARIO the resources (and, for info, the cluster) of a scenario\n"
	"info:\n"
	"  --agents N --cpus C --mem M --gpus G --res NAME=Q\n"
	"                     or a cluster of N agents of that size, for the offered load\n"
	"  --json             machine-readable output\n"
	"convert and sample:\n"
	"  -o, --output OUT   the file to write (gzip when it ends in .gz)\n"
	"sample (one of):\n"
	"  --jobs N           the first N jobs\n"
	"  --every K          every K-th job: the 1st, the K+1-th, ...\n"
	"  --start S --end E  data lines with time in [S, E), seconds of the trace's\n"
	"                     own clock (either bound may be left out)\n";

enum { T_INFO, T_CONVERT, T_SAMPLE };
#define F_INFO (1 << T_INFO)
#define F_CONVERT (1 << T_CONVERT)
#define F_SAMPLE (1 << T_SAMPLE)
#define F_ALL (F_INFO | F_CONVERT | F_SAMPLE)

enum {
	O_FORMAT, O_LENIENT, O_QUIET, O_HELP, O_OPT, O_FRAMEWORK, O_CLUSTER,
	O_AGENTS, O_CPUS, O_MEM, O_GPUS, O_RES, O_JSON, O_OUT, O_JOBS,
	O_EVERY, O_START, O_END, O_COUNT
};

static const struct grid_opt trace_opts[O_COUNT] = {
	[O_FORMAT] = {"--format", NULL, 1},
	[O_LENIENT] = {"--lenient", NULL, 0},
	[O_QUIET] = {"--quiet", "-q", 0},
	[O_HELP] = {"--help", "-h", 0},
	[O_OPT] = {"--opt", NULL, 1},
	[O_FRAMEWORK] = {"--framework", NULL, 1},
	[O_CLUSTER] = {"--cluster", NULL, 1},
	[O_AGENTS] = {"--agents", NULL, 1},
	[O_CPUS] = {"--cpus", NULL, 1},
	[O_MEM] = {"--mem", NULL, 1},
	[O_GPUS] = {"--gpus", NULL, 1},
	[O_RES] = {"--res", NULL, 1},
	[O_JSON] = {"--json", NULL, 0},
	[O_OUT] = {"--output", "-o", 1},
	[O_JOBS] = {"--jobs", NULL, 1},
	[O_EVERY] = {"--every", NULL, 1},
	[O_START] = {"--start", NULL, 1},
	[O_END] = {"--end", NULL, 1},
};

/* Which commands take each option. */
static const unsigned char opt_cmds[O_COUNT] = {
	[O_FORMAT] = F_ALL, [O_LENIENT] = F_ALL, [O_QUIET] = F_ALL,
	[O_HELP] = F_ALL, [O_OPT] = F_INFO | F_CONVERT,
	[O_FRAMEWORK] = F_INFO | F_CONVERT, [O_CLUSTER] = F_INFO | F_CONVERT,
	[O_AGENTS] = F_INFO, [O_CPUS] = F_INFO, [O_MEM] = F_INFO,
	[O_GPUS] = F_INFO, [O_RES] = F_INFO, [O_JSON] = F_INFO,
	[O_OUT] = F_CONVERT | F_SAMPLE, [O_JOBS] = F_SAMPLE,
	[O_EVERY] = F_SAMPLE, [O_START] = F_SAMPLE, [O_END] = F_SAMPLE,
};

static const char *const cmd_names[] = {"info", "convert", "sample"};

struct tool {
	int cmd;
	char **argv;
	const char *file;
	int file_at;
	const char *format;
	int format_at;
	struct kv *opts;            /* --opt, keys and values borrowed */
	int nopts;
	const char *framework;
	const char *cluster;
	long agents;
	int agents_at, size_at;     /* where --agents / a size was given */
	struct res_names size_names;
	double size[RES_MAX];       /* per agent, by size_names */
	const char *out;
	long jobs, every;
	double start, end;
	int has_start, has_end;
	int lenient, quiet, json, help;
};

/* ---- small helpers ------------------------------------------------------- */

static int parse_num(const char *val, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(val, &end);
	if (!*val || *end || errno || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

/*
 * The usage, with the --format paragraph made from the format table: the
 * formats, then those a file name's ending or a directory tells without
 * --format, wrapped at 80 columns under the descriptions' indent.
 */
static void print_usage(FILE *o)
{
	char text[1024], list[256];
	int n = snprintf(text, sizeof text, "%s; by default",
			 wl_format_list(list, sizeof list, 0, NULL));
	const char *sep = " ";
	for (int i = 0; i < wl_format_count() && n < (int)sizeof text; i++) {
		const struct wl_format *f = wl_format_at(i);
		for (const char *const *e = f->exts; e && *e; e++) {
			char gz[64];
			snprintf(gz, sizeof gz, "x%s.gz", *e);
			if (wl_format_detect(gz, 0) != f ||
			    n >= (int)sizeof text)
				continue;
			n += snprintf(text + n, sizeof text - (size_t)n,
				      "%s%s and %s.gz are %s", sep, *e, *e,
				      f->name);
			sep = ", ";
		}
		if (wl_format_detect(".", 1) == f && n < (int)sizeof text) {
			n += snprintf(text + n, sizeof text - (size_t)n,
				      "%sa directory %s", sep, f->name);
			sep = ", ";
		}
	}
	fputs(usage_trace, o);
	fputs("  --format F         ", o);
	int col = 21;
	for (char *w = strtok(text, " "); w; w = strtok(NULL, " ")) {
		int len = (int)strlen(w);
		if (col > 21 && col + 1 + len > 80) {
			fprintf(o, "\n%21s", "");
			col = 21;
		} else if (col > 21) {
			fputc(' ', o);
			col++;
		}
		fputs(w, o);
		col += len;
	}
	fputc('\n', o);
	fputs(usage_trace_rest, o);
}

static int parse_long(const char *val, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(val, &end, 10);
	if (!*val || *end || errno || v < 1)
		return -1;
	*out = v;
	return 0;
}

/* The bytes the readers will go through: the file, or a directory's part-*
 * files (google2011). */
static long long input_size(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return 0;
	if (!S_ISDIR(st.st_mode))
		return (long long)st.st_size;
	long long total = 0;
	DIR *dir = opendir(path);
	if (!dir)
		return 0;
	struct dirent *de;
	char p[4096];
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, "part-", 5) != 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", path, de->d_name);
		if (stat(p, &st) == 0)
			total += (long long)st.st_size;
	}
	closedir(dir);
	return total;
}

/* Seconds with the fewest decimals (up to microseconds). */
static const char *secs(double us, char *buf, size_t size)
{
	snprintf(buf, size, "%.6f", us / 1e6);
	fmt_trim_zeros(buf);
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	return buf;
}

/* A quantity in thousandths (a resource), with the fewest decimals. */
static const char *thousandths(double q, char *buf, size_t size)
{
	snprintf(buf, size, "%.3f", q / RES_SCALE);
	return fmt_trim_zeros(buf);
}

/* ---- info ---------------------------------------------------------------- */

/* What info prints, derived from the statistics. */
struct info {
	const char *file, *format;
	double jobs;
	int jobs_exact;
	double span_s;              /* last - first submit, s */
	double tasks_h, jobs_h;     /* NAN when the span is 0 */
	double quant[4];            /* p50 p90 p99 max, us */
	double mean_us;
	int have_origin;
	simtime_t origin;
	long skipped;
	double load[RES_MAX];       /* NAN without a cluster */
	struct wl_machine_stats ms; /* counted: the trace directory's
				       machine events (google2011) */
};

/* The trace's machine events, when it is a directory that holds them (a
 * format whose machine reader takes one: google2011's machine_events/),
 * read as a run with `machine_events:` reads them.  0 (in->ms.counted
 * set when there were some), or the reader's code after its report. */
static int machine_info(const struct scenario *sc, struct info *in,
			struct diag *d)
{
	const struct wl_format *wf = wl_format_find(in->format);
	struct stat st;
	if (!wf || !wf->machines || !wf->machines->takes_dir ||
	    stat(in->file, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0;
	char *sub = malloc(strlen(in->file) + sizeof "/machine_events");
	if (!sub) {
		diag_error(d, NULL, 0, 0, "out of memory");
		return OS_ENOMEM;
	}
	sprintf(sub, "%s/machine_events", in->file);
	int there = stat(sub, &st) == 0 && S_ISDIR(st.st_mode);
	free(sub);
	if (!there)
		return 0;
	struct res_names rn = sc->res;
	struct wl_machine_opts o = {.format = in->format, .path = in->file,
				    .scale_cpus = 1, .scale_mem = 1,
				    .per_machine = 1, .stats = &in->ms};
	struct wl_machine_group *g;
	struct wl_machine_event *ev;
	int nev;
	int r = wl_machines_read_events(&o, &rn, d, &g, &ev, &nev);
	free(g);
	free(ev);
	return r < 0 ? r : 0;
}

static void print_machines(FILE *o, const struct wl_machine_stats *m)
{
	char a[64], b[64];
	fprintf(o, "  machines   %ld at the start, %ld added later (machine_events/, "
		"%ld rows)", m->at_start, m->added, m->rows);
	if (m->no_capacity)
		fprintf(o, "; %ld left out without a capacity", m->no_capacity);
	fprintf(o, "\n             events: %ld REMOVE, %ld ADD again, %ld UPDATE "
		"(%ld capacity change%s, not replayed)", m->removes, m->readds,
		m->updates, m->cap_changes, m->cap_changes == 1 ? "" : "s");
	if (m->unknown)
		fprintf(o, ", %ld of machines never added", m->unknown);
	if (m->after_window)
		fprintf(o, ", %ld after the trace window", m->after_window);
	fputc('\n', o);
	if (m->first >= 0)
		fprintf(o, "             from %s s to %s s of the trace's own clock\n",
			secs(m->first * 1e6, a, sizeof a),
			secs(m->last * 1e6, b, sizeof b));
}

static void json_machines(FILE *o, const struct wl_machine_stats *m)
{
	char a[64], b[64];
	fprintf(o, ",\n  \"machine_events\": {\"rows\": %ld, \"at_start\": %ld, "
		"\"added\": %ld, \"no_capacity\": %ld, \"removes\": %ld, "
		"\"readds\": %ld, \"updates\": %ld, \"capacity_changes\": %ld, "
		"\"unknown\": %ld, \"after_window\": %ld, \"first\": %s, "
		"\"last\": %s}", m->rows, m->at_start, m->added, m->no_capacity,
		m->removes, m->readds, m->updates, m->cap_changes, m->unknown,
		m->after_window,
		m->first >= 0 ? secs(m->first * 1e6, a, sizeof a) : "null",
		m->first >= 0 ? secs(m->last * 1e6, b, sizeof b) : "null");
}

static void print_text(FILE *o, const struct scenario *sc,
		       const struct trace_cluster *cl,
		       const struct trace_stats *st, const struct info *in)
{
	char a[64], b[64], c[64], e[64], m[64];
	fprintf(o, "%s (%s)\n", in->file, in->format);
	fprintf(o, "  records    %llu task%s in %s%.0f job%s", (unsigned long long)st->tasks,
		st->tasks == 1 ? "" : "s", in->jobs_exact ? "" : "about ",
		in->jobs, in->jobs == 1 ? "" : "s");
	if (in->jobs > 0)
		fprintf(o, ", %.2f tasks per job", (double)st->tasks / in->jobs);
	fputc('\n', o);
	if (!in->jobs_exact)
		fprintf(o, "             (more than %zu jobs: counted by a sketch, "
			"standard error 0.81%%)\n", st->jobs.cap);
	if (st->tasks == 0) {
		if (in->skipped)
			fprintf(o, "  lenient    %ld malformed line%s skipped\n",
				in->skipped, in->skipped == 1 ? "" : "s");
		return;
	}
	fprintf(o, "  submit     first %s s, last %s s: a span of %s s (%.2f days)\n",
		secs((double)st->first, a, sizeof a),
		secs((double)st->last, b, sizeof b),
		secs((double)(st->last - st->first), c, sizeof c),
		in->span_s / 86400);
	if (in->have_origin)
		fprintf(o, "             (times as a run sees them; the trace's own clock "
			"reads %s s at the first record)\n",
			secs((double)in->origin, a, sizeof a));
	fprintf(o, "  last end   %s s (submit + duration, latest)\n",
		secs((double)st->last_end, a, sizeof a));
	if (isfinite(in->tasks_h))
		fprintf(o, "  arrivals   %.2f tasks/h, %.2f jobs/h on average; busiest "
			"hour %llu tasks\n", in->tasks_h, in->jobs_h,
			(unsigned long long)st->peak_hour_n);
	else
		fprintf(o, "  arrivals   all at one instant\n");
	fputs("  by hour   ", o);
	for (int h = 0; h < 24; h++)
		fprintf(o, " %llu", (unsigned long long)st->by_hour[h]);
	fputs("\n             (tasks per hour since the first submit, mod 24: "
	      "hours 0 to 23)\n", o);
	fprintf(o, "  duration   mean %s s; p50 %s, p90 %s, p99 %s, max %s s\n",
		secs(in->mean_us, a, sizeof a), secs(in->quant[0], b, sizeof b),
		secs(in->quant[1], c, sizeof c), secs(in->quant[2], e, sizeof e),
		secs(in->quant[3], m, sizeof m));
	fprintf(o, "             (quantiles from a histogram: within %.2f%%; the "
		"mean and max are exact)\n", 100 * LOGHIST_REL_ERROR);
	fprintf(o, "  %-12s %14s %18s %12s%s\n", "resource", "total demand",
		"resource-seconds", "max per task", cl ? "  offered load" : "");
	for (int r = 0; r < sc->res.n; r++) {
		fprintf(o, "  %-12s %14s %18s %12s", sc->res.name[r],
			thousandths(ts_sum_value(&st->res_sum[r]), a, sizeof a),
			secs(ts_sum_value(&st->res_us[r]) / RES_SCALE, b, sizeof b),
			thousandths((double)st->res_max[r], c, sizeof c));
		if (cl) {
			if (isfinite(in->load[r]))
				fprintf(o, "  %12.4f", in->load[r]);
			else
				fprintf(o, "  %12s", "-");
		}
		fputc('\n', o);
	}
	if (cl) {
		fprintf(o, "  cluster    %ld agent%s:", cl->agents,
			cl->agents == 1 ? "" : "s");
		for (int r = 0; r < sc->res.n; r++)
			fprintf(o, " %s %s", sc->res.name[r],
				thousandths((double)cl->total[r], a, sizeof a));
		fputs(" in all\n             (offered load: resource-seconds / "
		      "(capacity x span of the submits))\n", o);
	}
	if (in->ms.counted)
		print_machines(o, &in->ms);
	if (sc->fws[0].wl.lenient)
		fprintf(o, "  lenient    %ld malformed line%s skipped\n",
			in->skipped, in->skipped == 1 ? "" : "s");
}

static void print_json(FILE *o, const struct scenario *sc,
		       const struct trace_cluster *cl,
		       const struct trace_stats *st, const struct info *in)
{
	char a[64];
	int any = st->tasks > 0;
	fputs("{\n  \"file\": ", o);
	json_str(o, in->file);
	fputs(",\n  \"format\": ", o);
	json_str(o, in->format);
	fprintf(o, ",\n  \"tasks\": %llu,\n  \"jobs\": ", (unsigned long long)st->tasks);
	json_num(o, in->jobs_exact ? in->jobs : round(in->jobs));
	fprintf(o, ",\n  \"jobs_exact\": %s", in->jobs_exact ? "true" : "false");
	fprintf(o, ",\n  \"first_submit\": %s", any ? secs((double)st->first, a, sizeof a) : "null");
	fprintf(o, ",\n  \"last_submit\": %s", any ? secs((double)st->last, a, sizeof a) : "null");
	fprintf(o, ",\n  \"span\": %s", any ? secs((double)(st->last - st->first), a, sizeof a) : "null");
	fprintf(o, ",\n  \"last_end\": %s", any ? secs((double)st->last_end, a, sizeof a) : "null");
	fprintf(o, ",\n  \"trace_origin\": %s",
		in->have_origin ? secs((double)in->origin, a, sizeof a) : "null");
	fputs(",\n  \"arrivals\": {\"tasks_per_hour\": ", o);
	json_num(o, in->tasks_h);
	fputs(", \"jobs_per_hour\": ", o);
	json_num(o, in->jobs_h);
	fprintf(o, ", \"peak_hour_tasks\": %llu, \"by_hour_of_day\": [",
		(unsigned long long)st->peak_hour_n);
	for (int h = 0; h < 24; h++)
		fprintf(o, "%s%llu", h ? ", " : "", (unsigned long long)st->by_hour[h]);
	fputs("]},\n  \"duration\": {\"mean\": ", o);
	fputs(any ? secs(in->mean_us, a, sizeof a) : "null", o);
	static const char *const qn[] = {"p50", "p90", "p99", "max"};
	for (int q = 0; q < 4; q++)
		fprintf(o, ", \"%s\": %s", qn[q],
			any ? secs(in->quant[q], a, sizeof a) : "null");
	fputs(", \"quantile_relative_error\": ", o);
	json_num(o, LOGHIST_REL_ERROR);
	fputs("},\n  \"resources\": {", o);
	for (int r = 0; r < sc->res.n; r++) {
		fprintf(o, "%s\n    ", r ? "," : "");
		json_str(o, sc->res.name[r]);
		fprintf(o, ": {\"total\": %s",
			thousandths(ts_sum_value(&st->res_sum[r]), a, sizeof a));
		fprintf(o, ", \"resource_seconds\": %s",
			secs(ts_sum_value(&st->res_us[r]) / RES_SCALE, a, sizeof a));
		fprintf(o, ", \"max\": %s",
			thousandths((double)st->res_max[r], a, sizeof a));
		fputs(", \"offered_load\": ", o);
		json_num(o, cl ? in->load[r] : NAN);
		fputc('}', o);
	}
	fputs("\n  },\n  \"cluster\": ", o);
	if (cl) {
		fprintf(o, "{\"agents\": %ld, \"resources\": {", cl->agents);
		for (int r = 0; r < sc->res.n; r++) {
			fputs(r ? ", " : "", o);
			json_str(o, sc->res.name[r]);
			fprintf(o, ": %s", thousandths((double)cl->total[r], a, sizeof a));
		}
		fputs("}}", o);
	} else {
		fputs("null", o);
	}
	if (in->ms.counted)
		json_machines(o, &in->ms);
	fprintf(o, ",\n  \"skipped_lines\": %ld\n}\n", in->skipped);
}

/* Every record of src through each(ctx, t), in order, under a progress bar
 * titled what.  Returns 0 at the end of the trace, wl_next()'s code on a
 * reported read error, or each()'s negative code for the record it
 * refused (its own to report); *n counts the records read and *skipped
 * the lines lenient skipped. */
static int each_record(struct wl_source *src, const char *what,
		       FILE *progress, long long total,
		       int (*each)(void *ctx, const struct wl_task *t),
		       void *ctx, long long *n, long *skipped)
{
	struct progress p;
	progress_init(&p, progress, what, "records", total);
	struct wl_task t;
	struct wl_stats ws;
	int rc;
	*n = 0;
	while ((rc = wl_next(src, &t)) > 0) {
		int e = each(ctx, &t);
		++*n;
		if (e < 0) {
			rc = e;
			break;
		}
		if ((*n & 1023) == 0) {
			wl_stats(src, &ws);
			progress_update(&p, ws.bytes_read, *n);
		}
	}
	progress_end(&p);
	wl_stats(src, &ws);
	*skipped = ws.skipped_lines;
	return rc;
}

/* each_record() for info: OS_ENOMEM when the counts cannot grow. */
static int count_record(void *st, const struct wl_task *t)
{
	return trace_stats_add(st, t) < 0 ? OS_ENOMEM : 0;
}

int trace_info(const struct scenario *sc, const struct trace_cluster *cl,
	       int json, FILE *out, FILE *progress, long long total,
	       struct diag *d)
{
	struct trace_stats *st;
	if (trace_stats_new(&st, sc->res.n, 0) < 0) {
		diag_error(d, NULL, 0, 0, "out of memory");
		return OS_ENOMEM;
	}
	struct wl_source *src;
	int rc = wl_open_ahead(sc, 0, d, &src);
	if (rc < 0) {
		trace_stats_free(st);
		return rc == OS_ENOMEM ? rc : OS_EPARSE;
	}
	long long n;
	long skipped;
	rc = each_record(src, "offersim trace info", progress, total,
			 count_record, st, &n, &skipped);
	if (rc == OS_ENOMEM)
		diag_error(d, NULL, 0, 0, "out of memory counting jobs");
	if (rc < 0) {
		wl_close(src);
		trace_stats_free(st);
		return rc == OS_ENOMEM ? rc : OS_EPARSE;
	}
	struct info in;
	memset(&in, 0, sizeof in);
	in.file = sc->fws[0].wl.trace;
	in.format = sc->fws[0].wl.format;
	in.jobs = ts_distinct_count(&st->jobs, &in.jobs_exact);
	in.span_s = simtime_to_sec(st->last - st->first);
	in.tasks_h = in.span_s > 0 ? (double)st->tasks / (in.span_s / 3600) : NAN;
	in.jobs_h = in.span_s > 0 ? in.jobs / (in.span_s / 3600) : NAN;
	static const double qs[] = {0.5, 0.9, 0.99, 1.0};
	for (int q = 0; q < 4; q++)
		in.quant[q] = loghist_quantile(&st->dur, qs[q]);
	in.mean_us = st->tasks ? ts_sum_value(&st->dur_sum) / (double)st->tasks : NAN;
	in.have_origin = wl_origin(src, &in.origin);
	in.skipped = skipped;
	if ((rc = machine_info(sc, &in, d)) < 0) {
		wl_close(src);
		trace_stats_free(st);
		return rc == OS_ENOMEM ? rc : OS_EPARSE;
	}
	for (int r = 0; r < sc->res.n; r++) {
		/* thousandths x us over (thousandths x us of capacity). */
		double cap = cl ? (double)cl->total[r] * (double)(st->last - st->first) : 0;
		in.load[r] = cap > 0 ? ts_sum_value(&st->res_us[r]) / cap : NAN;
	}
	if (json)
		print_json(out, sc, cl, st, &in);
	else
		print_text(out, sc, cl, st, &in);
	wl_close(src);
	trace_stats_free(st);
	if (fflush(out) != 0 || ferror(out)) {
		diag_error(d, NULL, 0, 0, "cannot write the output: %s",
			   strerror(errno));
		return OS_EIO;
	}
	return 0;
}

/* ---- convert ------------------------------------------------------------- */

/* each_record() for convert: a record written, or OS_EIO (werr set) when
 * writing failed. */
struct convert_ctx {
	struct wl_out *out;
	const struct res_names *rn;
	int werr;
};

static int write_record(void *ctx, const struct wl_task *t)
{
	struct convert_ctx *cx = ctx;
	if (wl_csv_write_task(cx->out, cx->rn, t) < 0) {
		cx->werr = 1;
		return OS_EIO;
	}
	return 0;
}

int trace_convert(const struct scenario *sc, const char *path,
		  long long *records, long *skipped, FILE *progress,
		  long long total, struct diag *d)
{
	*records = 0;
	*skipped = 0;
	struct wl_source *src;
	int rc = wl_open_ahead(sc, 0, d, &src);
	if (rc < 0)
		return rc == OS_ENOMEM ? rc : OS_EPARSE;
	struct wl_out out;
	if ((rc = wl_out_open(&out, path, d)) < 0) {
		wl_close(src);
		return rc == OS_ENOMEM ? rc : OS_EIO;
	}
	struct convert_ctx cx = {&out, &sc->res, 0};
	cx.werr = wl_csv_write_header(&out, &sc->res) < 0;
	if (!cx.werr)
		rc = each_record(src, "offersim trace convert", progress,
				 total, write_record, &cx, records, skipped);
	wl_close(src);
	int werr = cx.werr;
	if (werr) {
		diag_error(d, path, 0, 0, "write failed: %s", strerror(errno));
		wl_out_abort(&out);
		return OS_EIO;
	}
	if (rc < 0) {
		wl_out_abort(&out);
		return rc == OS_ENOMEM ? rc : OS_EPARSE;
	}
	return wl_out_commit(&out, d) < 0 ? OS_EIO : 0;
}

/* ---- sample -------------------------------------------------------------- */

/* Which jobs a slice keeps. */
struct picker {
	const struct tool *t;
	const struct wl_scan_traits *tr;
	struct ts_idmap seen;       /* job -> kept (1) or not (0) */
	long jobs;                  /* distinct jobs met */
	int64_t last_job;
	int have_last, last_keep;
	int done;                   /* nothing further can be kept */
};

/* Decide on one data line: 1 keep, 0 drop, OS_ENOMEM. */
static int pick(struct picker *pk, const struct wl_line *ln)
{
	const struct tool *t = pk->t;
	if (t->jobs == 0 && t->every == 0) {
		/* A time window. */
		if (t->has_end && ln->time >= simtime_from_sec(t->end)) {
			/* Times only grow: nothing later can be kept. */
			if (pk->tr->ordered)
				pk->done = 1;
			return 0;
		}
		return !t->has_start || ln->time >= simtime_from_sec(t->start);
	}
	/* The same job as the line before: the same answer, without a
	 * look-up (the common case in every format). */
	if (pk->have_last && ln->job == pk->last_job)
		return pk->last_keep;
	int keep = -1;
	if (pk->tr->interleaved || t->jobs)
		keep = ts_idmap_get(&pk->seen, ln->job);
	if (keep < 0) {
		long ord = pk->jobs++;
		keep = t->jobs ? ord < t->jobs : ord % t->every == 0;
		if (t->jobs && !keep && !pk->tr->spans_time) {
			/* Job N+1 has begun: as `limit:` does, stop here. */
			pk->done = 1;
			return 0;
		}
		/* --jobs remembers its N jobs; --every, every job of a
		 * format whose jobs interleave. */
		if ((t->jobs ? keep : pk->tr->interleaved) &&
		    ts_idmap_put(&pk->seen, ln->job, keep) < 0)
			return OS_ENOMEM;
	}
	pk->last_job = ln->job;
	pk->last_keep = keep;
	pk->have_last = 1;
	return keep;
}

/* 1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st. */
static const char *ordinal_suffix(long n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	switch (n % 10) {
	case 1: return "st";
	case 2: return "nd";
	case 3: return "rd";
	default: return "th";
	}
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

static int run_sample(const struct tool *t, struct diag *d)
{
	struct wl_scan *sc;
	int rc = wl_scan_open(t->file, t->format, t->lenient, d, &sc);
	if (rc < 0)
		return EXIT_INPUT;
	struct wl_out out;
	if (wl_out_open(&out, t->out, d) < 0) {
		wl_scan_close(sc);
		return 1;
	}
	struct picker pk;
	memset(&pk, 0, sizeof pk);
	pk.t = t;
	pk.tr = wl_scan_traits(sc);
	char what[160], a[32], b[32];
	if (t->jobs)
		snprintf(what, sizeof what, "the first %ld jobs", t->jobs);
	else if (t->every)
		snprintf(what, sizeof what, "every %ld%s job", t->every,
			 ordinal_suffix(t->every));
	else
		snprintf(what, sizeof what, "the lines with time in [%s, %s) s",
			 t->has_start ? secs(t->start * 1e6, a, sizeof a) : "-inf",
			 t->has_end ? secs(t->end * 1e6, b, sizeof b) : "inf");
	int werr = 0;
	if (pk.tr->comment) {
		char note[512];
		int n = snprintf(note, sizeof note, "%s offersim trace sample: %s of %s\n",
				 pk.tr->comment, what, base_name(t->file));
		werr |= wl_out_write(&out, note, n > 0 && (size_t)n < sizeof note
				     ? (size_t)n : strlen(note)) < 0;
	}
	struct progress p;
	progress_init(&p, progress_stream(t->quiet), "offersim trace sample",
		      "lines", input_size(t->file));
	struct wl_line ln;
	struct wl_stats ws;
	long long data = 0, kept = 0, lines = 0;
	while (!werr && !pk.done && (rc = wl_scan_next(sc, &ln)) > 0) {
		int keep = 1;
		if (ln.kind == WL_LINE_BLANK)
			keep = 0;
		else if (ln.kind == WL_LINE_DATA) {
			data++;
			keep = pick(&pk, &ln);
			if (keep < 0) {
				diag_error(d, NULL, 0, 0, "out of memory");
				rc = keep;
				break;
			}
			kept += keep;
		}
		if (keep)
			werr |= wl_out_write(&out, ln.text, ln.len) < 0 ||
				wl_out_write(&out, "\n", 1) < 0;
		if ((++lines & 1023) == 0) {
			wl_scan_stats(sc, &ws);
			progress_update(&p, ws.bytes_read, lines);
		}
	}
	progress_end(&p);
	wl_scan_stats(sc, &ws);
	wl_scan_close(sc);
	int status = 0;
	if (rc < 0) {
		status = rc == OS_ENOMEM ? 1 : EXIT_INPUT;
	} else if (werr) {
		diag_error(d, t->out, 0, 0, "write failed: %s", strerror(errno));
		status = 1;
	}
	if (status) {
		wl_out_abort(&out);
	} else if (wl_out_commit(&out, d) < 0) {
		status = 1;
	} else if (!t->quiet) {
		printf("offersim trace sample: kept %lld of %lld data lines "
		       "read (%s)", kept, data, what);
		if (t->lenient)
			printf(", %ld malformed skipped", ws.skipped_lines);
		printf(" -> %s\n", t->out);
	}
	ts_idmap_release(&pk.seen);
	return status;
}

/* ---- the command line ---------------------------------------------------- */

static void cmd_error(struct diag *d, const struct tool *t, int at,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void cmd_error(struct diag *d, const struct tool *t, int at,
		      const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	grid_cli_error(d, t->argv, at, "%s", msg);
}

/* A size of the agents: --cpus C is --res cpus=C. */
static void add_size(struct tool *t, const char *name, const char *val,
		     int at, struct diag *d)
{
	double v;
	if (parse_num(val, &v) < 0 || v < 0 || v > 9e12) {
		cmd_error(d, t, at, "the agents' %s must be a non-negative number, "
			  "got '%s'", name, val);
		return;
	}
	int i = res_intern(&t->size_names, name);
	if (i < 0) {
		cmd_error(d, t, at, "more than %d resources", RES_MAX);
		return;
	}
	t->size[i] = v;
	t->size_at = at;
}

static int parse_cmdline(struct tool *t, int argc, char **argv,
			 struct diag *d)
{
	int seen[O_COUNT] = {0};
	for (int i = 3; i < argc;) {
		const char *val;
		int word = i;       /* the option itself */
		int k = grid_getopt(argc, argv, &i, trace_opts, O_COUNT, &val, d);
		if (k == -2)
			continue;
		int at = i - 1;     /* its value, the last word consumed */
		if (k == -1) {
			if (t->file)
				cmd_error(d, t, at, "unexpected argument '%s' (one "
					  "trace per command)", val);
			t->file = val;
			t->file_at = at;
			continue;
		}
		if (!(opt_cmds[k] & (1 << t->cmd))) {
			char list[64] = "";
			for (int c = 0; c < 3; c++)
				if (opt_cmds[k] & (1 << c)) {
					if (*list)
						strcat(list, " and ");
					strcat(list, cmd_names[c]);
				}
			cmd_error(d, t, word, "%s applies to trace %s, "
				  "not trace %s", trace_opts[k].name, list,
				  cmd_names[t->cmd]);
			continue;
		}
		if (seen[k]++ && k != O_OPT && k != O_RES) {
			cmd_error(d, t, word, "%s given twice",
				  trace_opts[k].name);
			continue;
		}
		const char *eq;
		double v;
		switch (k) {
		case O_FORMAT:
			if (!wl_format_find(val)) {
				char list[256], sug[96] = "";
				const char *names[64];
				int n = wl_format_names(names, 64, 0);
				const char *s = diag_suggest(val, names, n);
				if (s)
					snprintf(sug, sizeof sug, " (did you mean '%s'?)", s);
				wl_format_list(list, sizeof list, 0, NULL);
				cmd_error(d, t, at, "unknown trace format '%s'%s; "
					  "formats: %s", val, sug, list);
				break;
			}
			t->format = val;
			t->format_at = at;
			break;
		case O_LENIENT: t->lenient = 1; break;
		case O_QUIET: t->quiet = 1; break;
		case O_HELP: t->help = 1; break;
		case O_JSON: t->json = 1; break;
		case O_OUT: t->out = val; break;
		case O_FRAMEWORK: t->framework = val; break;
		case O_CLUSTER: t->cluster = val; break;
		case O_OPT:
			eq = strchr(val, '=');
			if (!eq || eq == val) {
				cmd_error(d, t, at, "--opt needs KEY=VALUE, got '%s'", val);
				break;
			}
			t->opts[t->nopts].key = strndup(val, (size_t)(eq - val));
			t->opts[t->nopts].value = strdup(eq + 1);
			t->opts[t->nopts].pos.line = 1;
			t->opts[t->nopts].pos.col = grid_arg_col(argv, at);
			t->nopts++;
			break;
		case O_AGENTS:
			if (parse_long(val, &t->agents) < 0)
				cmd_error(d, t, at, "--agents needs a positive integer, "
					  "got '%s'", val);
			t->agents_at = at;
			break;
		case O_CPUS: add_size(t, "cpus", val, at, d); break;
		case O_MEM: add_size(t, "mem", val, at, d); break;
		case O_GPUS: add_size(t, "gpus", val, at, d); break;
		case O_RES:
			eq = strchr(val, '=');
			if (!eq || eq == val || eq - val >= RES_NAME_MAX) {
				cmd_error(d, t, at, "--res needs NAME=AMOUNT, got '%s'", val);
				break;
			}
			{
				char name[RES_NAME_MAX];
				snprintf(name, sizeof name, "%.*s", (int)(eq - val), val);
				add_size(t, name, eq + 1, at, d);
			}
			break;
		case O_JOBS:
		case O_EVERY:
			if (parse_long(val, k == O_JOBS ? &t->jobs : &t->every) < 0)
				cmd_error(d, t, at, "%s needs a positive integer, got '%s'",
					  trace_opts[k].name, val);
			break;
		case O_START:
		case O_END:
			if (parse_num(val, &v) < 0) {
				cmd_error(d, t, at, "%s needs a number of seconds, got '%s'",
					  trace_opts[k].name, val);
				break;
			}
			if (k == O_START) {
				t->start = v;
				t->has_start = 1;
			} else {
				t->end = v;
				t->has_end = 1;
			}
			break;
		}
	}
	if (t->help || diag_errors(d))
		return 0;

	int end = argc;     /* missing things are reported at the line's end */
	if (!t->file) {
		cmd_error(d, t, end, "missing trace file (offersim trace %s FILE)",
			  cmd_names[t->cmd]);
		return 0;
	}
	struct stat st;
	if (stat(t->file, &st) != 0) {
		cmd_error(d, t, t->file_at, "trace file '%s' not found", t->file);
		return 0;
	}
	if (!t->format) {
		const struct wl_format *f =
			wl_format_detect(t->file, S_ISDIR(st.st_mode));
		char list[256];
		if (f)
			t->format = f->name;
		else
			cmd_error(d, t, t->file_at, "cannot tell the format of '%s' "
				  "from its name; give --format (%s)", t->file,
				  wl_format_list(list, sizeof list, 0, " or "));
	}
	if (t->format && S_ISDIR(st.st_mode) &&
	    (!wl_format_find(t->format)->takes_dir || t->cmd == T_SAMPLE))
		cmd_error(d, t, t->file_at, "'%s' is a directory%s", t->file,
			  t->cmd == T_SAMPLE ? "; sample one part-* file at a time" : "");
	if (t->cmd != T_INFO && !t->out)
		cmd_error(d, t, end, "missing output file (-o OUT)");
	if (t->cmd == T_SAMPLE) {
		int modes = (t->jobs > 0) + (t->every > 0) +
			    (t->has_start || t->has_end);
		if (modes != 1)
			cmd_error(d, t, end, "trace sample takes one of --jobs N, "
				  "--every K, or --start S / --end E");
		if (t->has_start && t->has_end && t->end <= t->start)
			cmd_error(d, t, end, "--end must come after --start");
	}
	if (t->cluster && (t->agents || t->size_names.n))
		cmd_error(d, t, t->agents_at ? t->agents_at : t->size_at,
			  "give the cluster either as --cluster SCENARIO or as "
			  "--agents N --cpus C ..., not both");
	if (t->agents && !t->size_names.n)
		cmd_error(d, t, t->agents_at, "--agents needs the agents' size "
			  "(--cpus C, --mem M, --gpus G, --res NAME=Q)");
	if (t->out && t->file && strcmp(t->out, t->file) == 0)
		cmd_error(d, t, end, "the output would overwrite the trace");
	return 0;
}

/* The scenario the readers see: one framework reading the trace. */
static int build_scenario(struct tool *t, struct scenario *sc,
			  struct trace_cluster *cl, int *have_cl,
			  struct diag *d)
{
	memset(sc, 0, sizeof *sc);
	*have_cl = 0;
	if (t->cluster) {
		struct scenario cs;
		if (cfg_load(t->cluster, NULL, 0, &cs, d) < 0 || diag_errors(d))
			return OS_EINVAL;
		sc->res = cs.res;
		memset(cl, 0, sizeof *cl);
		for (int g = 0; g < cs.ngroups; g++) {
			/* Agents that join later are not there at the start. */
			if (cs.groups[g].absent)
				continue;
			cl->agents += cs.groups[g].count;
			for (int r = 0; r < cs.res.n; r++)
				cl->total[r] += cs.groups[g].res[r] * cs.groups[g].count;
		}
		*have_cl = 1;
		scenario_release(&cs);
	} else {
		const struct wl_format *f = wl_format_find(t->format);
		for (const char *const *n = f->res; *n; n++)
			res_intern(&sc->res, *n);
		if (f->file_res && f->file_res(t->file, &sc->res, d) < 0) {
			wl_format_note(t->file, f, d);
			return OS_EINVAL;
		}
		if (t->size_names.n) {
			long n = t->agents ? t->agents : 1;
			memset(cl, 0, sizeof *cl);
			cl->agents = n;
			for (int i = 0; i < t->size_names.n; i++) {
				int r = res_intern(&sc->res, t->size_names.name[i]);
				if (r < 0) {
					diag_error(d, NULL, 0, 0, "more than %d resources",
						   RES_MAX);
					return OS_EINVAL;
				}
				cl->total[r] = resq_from_double(t->size[i]) * n;
			}
			*have_cl = 1;
		}
	}
	sc->file = strdup("<command-line>");
	sc->name = strdup("trace");
	sc->seed = 1;
	sc->fws = calloc(1, sizeof *sc->fws);
	if (!sc->file || !sc->name || !sc->fws)
		return OS_ENOMEM;
	sc->nfws = 1;
	struct framework_spec *fs = &sc->fws[0];
	fs->name = strdup(t->framework ? t->framework : "trace");
	struct workload_spec *wl = &fs->wl;
	wl->kind = WL_TRACE;
	wl->trace = strdup(t->file);
	wl->format = strdup(t->format);
	wl->pos.line = 1;
	wl->pos.col = grid_arg_col(t->argv, t->file_at);
	wl->lenient = t->lenient;
	if (!fs->name || !wl->trace || !wl->format)
		return OS_ENOMEM;
	/* The options move to the scenario, which frees them. */
	wl->opts = t->opts;
	wl->nopts = t->nopts;
	t->opts = NULL;
	t->nopts = 0;
	return 0;
}

int trace_main(int argc, char **argv)
{
	struct diag d;
	diag_init(&d, stderr);
	if (argc < 3 || !strcmp(argv[2], "-h") || !strcmp(argv[2], "--help") ||
	    !strcmp(argv[2], "help")) {
		print_usage(argc < 3 ? stderr : stdout);
		return argc < 3 ? EXIT_INPUT : 0;
	}
	struct tool t;
	memset(&t, 0, sizeof t);
	t.argv = argv;
	t.cmd = -1;
	for (int c = 0; c < 3; c++)
		if (!strcmp(argv[2], cmd_names[c]))
			t.cmd = c;
	if (t.cmd < 0) {
		const char *s = diag_suggest(argv[2], cmd_names, 3);
		grid_cli_error(&d, argv, 2, "unknown trace command '%s'%s%s%s",
			       argv[2], s ? " (did you mean '" : "", s ? s : "",
			       s ? "'?)" : "; commands: info, convert, sample");
		grid_cli_try_help("trace");
		return EXIT_INPUT;
	}
	t.opts = calloc((size_t)argc, sizeof *t.opts);
	if (!t.opts) {
		fputs("offersim: out of memory\n", stderr);
		return 1;
	}
	parse_cmdline(&t, argc, argv, &d);
	int status = 0;
	struct scenario sc;
	memset(&sc, 0, sizeof sc);
	if (t.help) {
		print_usage(stdout);
		goto done;
	}
	if (diag_errors(&d)) {
		grid_cli_try_help("trace");
		status = EXIT_INPUT;
		goto done;
	}
	if (t.quiet)
		d.quiet_warnings = 1;
	if (t.cmd == T_SAMPLE) {
		status = run_sample(&t, &d);
		goto done;
	}
	struct trace_cluster cl;
	int have_cl;
	int rc = build_scenario(&t, &sc, &cl, &have_cl, &d);
	if (rc == OS_ENOMEM) {
		fputs("offersim: out of memory\n", stderr);
		status = 1;
		goto done;
	}
	if (rc < 0) {
		status = EXIT_INPUT;
		goto done;
	}
	FILE *prog = progress_stream(t.quiet);
	long long total = input_size(t.file);
	if (t.cmd == T_INFO) {
		rc = trace_info(&sc, have_cl ? &cl : NULL, t.json, stdout, prog,
				total, &d);
		status = rc == 0 ? 0 : rc == OS_ENOMEM || rc == OS_EIO ? 1
			 : EXIT_INPUT;
	} else {
		long long n;
		long skipped;
		rc = trace_convert(&sc, t.out, &n, &skipped, prog, total, &d);
		if (rc == 0 && !t.quiet) {
			printf("offersim trace convert: %lld records of %s (%s)",
			       n, t.file, t.format);
			if (t.lenient)
				printf(", %ld malformed line%s skipped", skipped,
				       skipped == 1 ? "" : "s");
			printf(" -> %s\n", t.out);
		}
		/* A reader's failure is the input's (2); the writer's is
		 * not (1). */
		status = rc == 0 ? 0 : rc == OS_ENOMEM || rc == OS_EIO ? 1
			 : EXIT_INPUT;
	}
done:
	for (int i = 0; t.opts && i < t.nopts; i++) {
		free(t.opts[i].key);
		free(t.opts[i].value);
	}
	free(t.opts);
	scenario_release(&sc);
	return status;
}
