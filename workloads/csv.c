/*
 * csv.c - the native CSV trace format, streamed one line at a time.
 *
 * The reader holds one line (through the tr_* helpers of tracefile.c,
 * which it shares with the other trace readers: the line buffer is reused
 * for every line, so lines may be of any length) and never the whole file:
 * a trace of any size costs the same memory, and a gzip-compressed trace
 * (trace.csv.gz) is read as it is, without unpacking it first.  Every bad value is reported as
 * FILE:LINE:COL: error: ... with the line and a caret under the field, and
 * the reader stops at the first bad data line (a trace can be gigabytes;
 * scanning all of it to list more errors would only delay the first
 * message).  Header errors are all reported before giving up.
 *
 * Format
 * ------
 *   - Lines starting with '#' and blank lines are ignored anywhere.
 *   - The first other line is the header: comma-separated column names, in
 *     any order.  Required: job_id, task_id, submit, duration.  Optional:
 *     estimate, priority, framework, job_tasks, sched_class, procs, user.
 *     Every other column must be the name of a resource of the scenario
 *     (cpus, mem, gpus, ...); an unknown name is an error.  A resource
 *     without a column is 0 for every task.
 *   - Each further line is one task, with exactly as many fields as the
 *     header.  Fields are separated by commas; spaces and tabs around a
 *     field are ignored.  There is no quoting: a '"' anywhere is an error.
 *       job_id, task_id  non-negative integers; the tasks of one job share
 *                        its job_id, task_id numbers them within the job
 *       submit           seconds from the start of the run, >= 0
 *       duration         actual run time in seconds, >= 0
 *       estimate         the user's run-time estimate in seconds, > 0;
 *                        empty or -1 means unknown, and then it equals
 *                        the duration
 *       priority         integer, higher is more important; empty is 0
 *       framework        when this column exists, a framework reads only
 *                        the rows carrying its name (the name of its
 *                        scenario entry, or the names its filter lists),
 *                        so one trace can feed several frameworks
 *       job_tasks        the job's size: tasks that start together under
 *                        `gang:`, processors for the job-size policies
 *                        (F1, WFP3, UNICEP); empty or absent is 0, unknown
 *       sched_class      Google's scheduling class (0-3); empty is 0
 *       procs            the job's processors, for the job-size policies,
 *                        when a job is split into several tasks (an SWF
 *                        job read with `tasks: per_proc`); empty or
 *                        absent is 0, meaning job_tasks
 *                        (these three let `offersim trace convert` keep
 *                        what the SWF, Google and Alibaba readers give)
 *       user             who submitted the task: an integer id or a name
 *                        (wl_user_id() numbers it); empty when unknown
 *       <resource>       demand per task, >= 0, up to 3 decimals
 *                        (1 cpu = 1, 512 MB of mem = 512)
 *   - Rows (of one framework) are in non-decreasing submit order.
 *
 *   # job_id,task_id,submit,duration,estimate,priority,cpus,mem
 *   job_id,task_id,submit,duration,estimate,priority,cpus,mem
 *   1,0,0.0,12.5,15,0,1,512
 *   1,1,0.0,9.0,,0,1,768
 *
 * Times are rounded to microseconds and resources to thousandths.
 *
 * Under `lenient` a malformed row (not the header) is skipped and counted
 * instead of stopping the run; the first few are shown as warnings.
 *
 * The format's row of the table (wl_format_csv, at the end; the default
 * format) also gives `trace sample` its line scanner; the format has no
 * machine table.
 */
#include "formats.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/config/scenario.h"
#include "scanner.h"
#include "source.h"

enum col_kind {
	COL_JOB, COL_TASK, COL_SUBMIT, COL_DURATION, COL_ESTIMATE,
	COL_PRIORITY, COL_FRAMEWORK, COL_JOB_TASKS, COL_SCHED_CLASS, COL_PROCS,
	COL_USER,
	COL_FIXED,                  /* COL_FIXED + i is resource i */
	COL_REQUIRED = COL_DURATION + 1
};

static const char *const fixed_names[COL_FIXED] = {
	"job_id", "task_id", "submit", "duration", "estimate", "priority",
	"framework", "job_tasks", "sched_class", "procs", "user",
};

struct csv_src {
	struct wl_source base;
	struct tr_file f;           /* lines, fields and messages */
	char **fwnames;             /* the framework column values to keep */
	int nfwnames;
	struct res_names rn;        /* copied, so the scenario may go first */

	int ncols;
	int *kind;                  /* per column: enum col_kind or res */
	int has_col[COL_FIXED];
	int warned;
};

/* Blank lines and '#' comments carry no record. */
static int skippable(const struct tr_file *f)
{
	size_t i = 0;
	while (i < f->lr.len && (f->lr.line[i] == ' ' || f->lr.line[i] == '\t'))
		i++;
	return i == f->lr.len || f->lr.line[i] == '#';
}

/* The next line that is not skippable: 1, 0 at the end, or a reported
 * read error. */
static int next_record_line(struct tr_file *f)
{
	int r;
	while ((r = tr_next_line(f)) > 0 && skippable(f))
		;
	return r;
}

/* Quoting is not part of the format; say so rather than misparse. */
static int check_quotes(struct tr_file *f)
{
	const char *q = memchr(f->lr.line, '"', f->lr.len);
	if (!q)
		return 0;
	tr_error(f, (int)(q - f->lr.line) + 1,
		 "quotes are not supported: fields are plain comma-separated "
		 "values");
	return OS_EPARSE;
}

/* A UTF-8 byte order mark from a spreadsheet export is not part of the
 * first column's name. */
static void blank_bom(struct tr_file *f)
{
	if (f->lr.len >= 3 && memcmp(f->lr.line, "\xEF\xBB\xBF", 3) == 0)
		memset(f->lr.line, ' ', 3);
}

/* Field i as an integer in [lo, hi]; 0 on success. */
static int parse_int(const struct tr_file *f, int i, long long lo,
		     long long hi, long long *v)
{
	return tr_int(f, i, v) < 0 || *v < lo || *v > hi ? -1 : 0;
}

/* ---- header ---------------------------------------------------------- */

static void unknown_column(struct csv_src *c, const struct tr_field *x)
{
	const char *cand[COL_FIXED + RES_MAX];
	int n = 0;
	for (int i = 0; i < COL_FIXED; i++)
		cand[n++] = fixed_names[i];
	for (int i = 0; i < c->rn.n; i++)
		cand[n++] = c->rn.name[i];

	tr_error(&c->f, x->col, "unknown column '%.*s'", x->len, x->s);
	char word[64];
	snprintf(word, sizeof word, "%.*s", x->len, x->s);
	const char *sugg = diag_suggest(word, cand, n);
	if (sugg)
		diag_note(c->f.d, "did you mean '%s'?", sugg);
	char list[1024] = "";
	for (int i = 0; i < n; i++) {
		if (i == COL_FIXED)
			strncat(list, ", and the scenario's resources ",
				sizeof list - strlen(list) - 1);
		else if (i)
			strncat(list, ", ", sizeof list - strlen(list) - 1);
		strncat(list, cand[i], sizeof list - strlen(list) - 1);
	}
	diag_note(c->f.d, "valid columns: %s", list);
}

/* The first line that is not a comment: 1, or a negative code after
 * reporting (a read error, or no such line). */
static int header_line(struct tr_file *f)
{
	int r = next_record_line(f);
	if (r == 0) {
		diag_error(f->d, f->path, 0, 0, "empty trace: no header line");
		return OS_EPARSE;
	}
	if (r > 0)
		blank_bom(f);
	return r;
}

/* Read and check the header.  The trace is not lenient yet: every
 * problem of the header is an error, and all of them are reported. */
static int read_header(struct csv_src *c)
{
	struct tr_file *f = &c->f;
	int r = header_line(f);
	if (r < 0)
		return r;
	if (check_quotes(f) < 0)
		return OS_EPARSE;
	if ((r = tr_split(f, ',')) < 0)
		return r;
	c->ncols = r;
	if (!(c->kind = calloc((size_t)c->ncols, sizeof *c->kind))) {
		diag_error(f->d, f->path, 0, 0, "out of memory");
		return OS_ENOMEM;
	}

	int bad = 0;
	int seen_res[RES_MAX] = {0};
	for (int i = 0; i < c->ncols; i++) {
		const struct tr_field *x = &f->fld[i];
		int k = -1;
		if (x->len == 0) {
			tr_error(f, x->col, "empty column name");
			bad = 1;
			continue;
		}
		for (int j = 0; j < COL_FIXED && k < 0; j++)
			if (tr_field_is(x, fixed_names[j]))
				k = j;
		for (int j = 0; j < c->rn.n && k < 0; j++)
			if (tr_field_is(x, c->rn.name[j]))
				k = COL_FIXED + j;
		if (k < 0) {
			unknown_column(c, x);
			bad = 1;
			continue;
		}
		int *seen = k < COL_FIXED ? &c->has_col[k]
					  : &seen_res[k - COL_FIXED];
		if (*seen) {
			tr_error(f, x->col, "duplicate column '%.*s'", x->len,
				 x->s);
			bad = 1;
			continue;
		}
		*seen = 1;
		c->kind[i] = k;
	}
	for (int j = 0; j < COL_REQUIRED; j++) {
		if (!c->has_col[j]) {
			tr_error(f, 1, "missing required column '%s'",
				 fixed_names[j]);
			bad = 1;
		}
	}
	return bad ? OS_EPARSE : 0;
}

/* ---- records --------------------------------------------------------- */

/* The format's own wording (no field number: the header names them). */
static int bad_field(struct tr_file *f, int i, const char *name,
		     const char *want)
{
	const struct tr_field *x = &f->fld[i];
	tr_error(f, x->col, "'%s' must be %s, got '%.*s'%s", name, want,
		 TR_QUOTE_LEN(x->len), x->s,
		 x->len > TR_QUOTE_MAX ? "..." : "");
	return OS_EPARSE;
}

/* Parse the current line into *out.  Returns 1 for a record of this
 * framework, 0 for a row of another one, or a negative code. */
static int parse_row(struct csv_src *c, struct wl_task *out)
{
	struct tr_file *f = &c->f;
	if (check_quotes(f) < 0)
		return OS_EPARSE;
	int n = tr_split(f, ',');
	if (n < 0)
		return n;
	if (n != c->ncols) {
		int col = n < c->ncols ? (int)f->lr.len + 1
				       : f->fld[c->ncols].col;
		tr_error(f, col, "expected %d fields, got %d", c->ncols, n);
		return OS_EPARSE;
	}
	if (c->has_col[COL_FRAMEWORK]) {
		for (int i = 0; i < c->ncols; i++) {
			if (c->kind[i] != COL_FRAMEWORK)
				continue;
			int mine = 0;
			for (int k = 0; k < c->nfwnames && !mine; k++)
				mine = tr_field_is(&f->fld[i], c->fwnames[k]);
			if (!mine)
				return 0;
		}
	}

	memset(out, 0, sizeof *out);
	out->line = f->lr.lineno;
	out->user = -1;
	int submit_col = 0;
	double est = -1;
	for (int i = 0; i < c->ncols; i++) {
		const struct tr_field *x = &f->fld[i];
		int k = c->kind[i];
		const char *name = k < COL_FIXED ? fixed_names[k]
			: c->rn.name[k - COL_FIXED];
		long long ll;
		double v;
		switch (k) {
		case COL_JOB:
		case COL_TASK:
			if (parse_int(f, i, 0, INT64_MAX, &ll) < 0)
				return bad_field(f, i, name,
						 "a non-negative integer");
			if (k == COL_JOB)
				out->job_id = ll;
			else
				out->task_id = ll;
			break;
		case COL_SUBMIT:
		case COL_DURATION:
			if (tr_num(f, i, &v) < 0 || v < 0)
				return bad_field(f, i, name,
						 "a non-negative number");
			if (!simtime_sec_ok(v))
				return bad_field(f, i, name,
						 "at most 1e12 seconds");
			if (k == COL_SUBMIT) {
				out->submit = simtime_from_sec(v);
				submit_col = x->col;
			} else {
				out->duration = simtime_from_sec(v);
			}
			break;
		case COL_ESTIMATE:
			if (x->len == 0)
				break;
			if (tr_num(f, i, &v) < 0 || !(v > 0 || v == -1))
				return bad_field(f, i, name,
					"a positive number (empty or -1 when "
					"unknown)");
			if (!simtime_sec_ok(v))
				return bad_field(f, i, name,
						 "at most 1e12 seconds");
			est = v;
			break;
		case COL_PRIORITY:
			if (x->len == 0)
				break;
			if (parse_int(f, i, INT_MIN, INT_MAX, &ll) < 0)
				return bad_field(f, i, name, "an integer");
			out->priority = (int)ll;
			break;
		case COL_FRAMEWORK:
			break;
		case COL_JOB_TASKS:
		case COL_SCHED_CLASS:
		case COL_PROCS:
			if (x->len == 0)
				break;
			if (parse_int(f, i, 0, INT_MAX, &ll) < 0)
				return bad_field(f, i, name,
						 "a non-negative integer");
			if (k == COL_JOB_TASKS)
				out->job_tasks = (int)ll;
			else if (k == COL_PROCS)
				out->procs = (int)ll;
			else
				out->sched_class = (int)ll;
			break;
		case COL_USER:
			out->user = wl_user_id(x->s, (unsigned long)x->len);
			break;
		default:
			if (tr_num(f, i, &v) < 0 || v < 0)
				return bad_field(f, i, name,
						 "a non-negative number");
			if (!resq_in_range(v))
				return bad_field(f, i, name, "below 2^53 "
						 "thousandths (9007199254741)");
			out->res[k - COL_FIXED] = resq_from_double(v);
			break;
		}
	}
	out->estimate = est > 0 ? simtime_from_sec(est) : out->duration;
	if (tr_check_order(f, submit_col, out->submit, "trace",
			   "submit time") < 0)
		return OS_EPARSE;
	return 1;
}

/* No row carried this framework's name: say so once, at the end. */
static void warn_no_rows(struct csv_src *c)
{
	if (!c->has_col[COL_FRAMEWORK] || c->f.checked > 0 || c->warned)
		return;
	char list[256] = "";
	for (int k = 0; k < c->nfwnames; k++)
		snprintf(list + strlen(list), sizeof list - strlen(list),
			 "%s'%s'", k ? ", " : "", c->fwnames[k]);
	diag_warn(c->f.d, c->f.path, 0, 0,
		  "no rows for framework %s in column 'framework'", list);
	c->warned = 1;
}

static int csv_next(struct wl_source *s, struct wl_task *out)
{
	struct csv_src *c = (struct csv_src *)s;
	struct tr_file *f = &c->f;
	if (f->failed)
		return OS_EPARSE;
	for (;;) {
		int r = next_record_line(f);
		if (r == 0)
			warn_no_rows(c);
		if (r <= 0)
			return r;
		r = parse_row(c, out);
		if (r < 0 && tr_skip(f, r))
			continue;
		if (r != 0)
			return r < 0 ? r : 1;
	}
}

static void csv_stats(struct wl_source *s, struct wl_stats *out)
{
	tr_stats(&((struct csv_src *)s)->f, out);
}

static void csv_close(struct wl_source *s)
{
	struct csv_src *c = (struct csv_src *)s;
	tr_close(&c->f);
	free(c->kind);
	for (int k = 0; k < c->nfwnames; k++)
		free(c->fwnames[k]);
	free(c->fwnames);
	free(c);
}

static const struct wl_source_ops csv_ops = {
	.name = "csv",
	.next = csv_next,
	.close = csv_close,
	.stats = csv_stats,
};

static int csv_open(const struct scenario *sc, int fw, struct diag *d,
		    struct wl_source **out)
{
	const struct framework_spec *fs = &sc->fws[fw];
	const struct workload_spec *wl = &fs->wl;
	*out = NULL;
	if (!wl->trace || !*wl->trace) {
		diag_error(d, sc->file, wl->pos.line, wl->pos.col,
			   "framework '%s' has a trace workload without a "
			   "trace file", fs->name ? fs->name : "?");
		return OS_EINVAL;
	}
	const char *own = wl->origin ? wl->origin : fs->name ? fs->name : "";
	int nnames = wl->filter.nfws > 0 ? wl->filter.nfws : 1;
	struct csv_src *c = calloc(1, sizeof *c);
	int nomem = !c ||
		!(c->fwnames = calloc((size_t)nnames, sizeof *c->fwnames));
	for (int k = 0; !nomem && k < nnames; k++) {
		/* Copied, like the resource names: the source may outlive
		 * the scenario. */
		c->fwnames[k] = strdup(wl->filter.nfws > 0 ? wl->filter.fws[k]
							    : own);
		c->nfwnames = k + 1;
		nomem = !c->fwnames[k];
	}
	if (nomem) {
		if (c)
			csv_close(&c->base);
		diag_error(d, NULL, 0, 0, "out of memory opening a trace");
		return OS_ENOMEM;
	}
	c->base.ops = &csv_ops;
	c->rn = sc->res;
	int r = tr_open(&c->f, wl->trace, sc, fw, d);
	if (r < 0) {
		csv_close(&c->base);
		return r;
	}
	c->f.rn = &c->rn;
	/* Lenient skips rows, never the header. */
	c->f.lenient = 0;
	r = read_header(c);
	if (r == 0 && wl->filter.nfws > 0 && !c->has_col[COL_FRAMEWORK]) {
		diag_error(d, sc->file, wl->filter.fws_pos.line,
			   wl->filter.fws_pos.col, "filter by framework needs "
			   "a 'framework' column, and trace '%s' has none",
			   c->f.path);
		r = OS_EINVAL;
	}
	if (r < 0) {
		csv_close(&c->base);
		return r;
	}
	c->f.lenient = wl->lenient;
	*out = &c->base;
	return 0;
}

int wl_csv_resources(const char *path, struct res_names *rn, struct diag *d)
{
	struct tr_file f;
	int r = tr_open_file(&f, path, 0, d);
	if (r < 0)
		return r;
	r = header_line(&f);
	if (r > 0)
		r = tr_split(&f, ',');
	if (r >= 0) {
		/* The full check of the header is read_header()'s, when the
		 * trace is opened; here only the names matter. */
		int n = r < RES_MAX + COL_FIXED + 1 ? r
			: RES_MAX + COL_FIXED + 1;
		r = 0;
		for (int i = 0; i < n && r == 0; i++) {
			char name[RES_NAME_MAX];
			const struct tr_field *x = &f.fld[i];
			int fixed = 0;
			for (int j = 0; j < COL_FIXED; j++)
				fixed |= tr_field_is(x, fixed_names[j]);
			if (fixed || x->len == 0)
				continue;
			if (x->len >= RES_NAME_MAX || memchr(x->s, '"', (size_t)x->len)) {
				tr_error(&f, x->col, "'%.*s' is not a resource name",
					 x->len, x->s);
				r = OS_EPARSE;
				break;
			}
			snprintf(name, sizeof name, "%.*s", x->len, x->s);
			if (res_intern(rn, name) < 0) {
				tr_error(&f, x->col, "more than %d resources",
					 RES_MAX);
				r = OS_EPARSE;
			}
		}
	}
	tr_close(&f);
	return r;
}

/* ---- trace sample: the lines of a native trace ----------------------- */

/* '#' comments, then a header naming the columns (job_id and submit are
 * the ones needed here). */
static int csv_line(struct wl_scan *s, int n, struct wl_line *out)
{
	struct tr_file *f = &s->f;
	if (!s->have_header) {
		s->have_header = 1;
		s->ncols = n;
		s->job_col = s->time_col = -1;
		for (int i = 0; i < n; i++) {
			/* A spreadsheet's byte order mark before the first
			 * name, as the reader allows. */
			struct tr_field x = f->fld[i];
			if (i == 0 && x.len >= 3 && !memcmp(x.s, "\xEF\xBB\xBF", 3)) {
				x.s += 3;
				x.len -= 3;
			}
			if (tr_field_is(&x, "job_id"))
				s->job_col = i;
			if (tr_field_is(&x, "submit"))
				s->time_col = i;
		}
		if (s->job_col < 0 || s->time_col < 0) {
			tr_fatal(f, 1, "missing required column '%s'",
				 s->job_col < 0 ? "job_id" : "submit");
			return OS_EPARSE;
		}
		return out->kind = WL_LINE_KEEP, 0;
	}
	if (wl_scan_count(f, n, s->ncols, 0) < 0 ||
	    wl_scan_job(f, s->job_col, "job_id", out) < 0 ||
	    wl_scan_sec(f, s->time_col, "submit", 0, out) < 0)
		return OS_EPARSE;
	return 0;
}

static const char *const csv_exts[] = {".csv", NULL};
static const char *const csv_res[] = {NULL};   /* its header's columns */

static const struct wl_scan_format csv_scan = {
	csv_line, ',', {"#", 1, 0, 0},
};

/* A header, after '#' comments, naming job_id and submit among its
 * columns. */
static int csv_sniff(const struct wl_sniff *s)
{
	for (int i = 0; i < s->n; i++)
		if (s->line[i][0] != '#')
			return wl_sniff_has_field(s->line[i], ',', "job_id") &&
			       wl_sniff_has_field(s->line[i], ',', "submit");
	return 0;
}

const struct wl_format wl_format_csv = {
	.name = "csv",
	.summary = "offersim's native CSV trace: a header naming the columns, "
		   "one task a line",
	.exts = csv_exts,
	.frameworks = 1,
	.res = csv_res,
	.file_res = wl_csv_resources,
	.open = csv_open,
	.scan = &csv_scan,
	.sniff = csv_sniff,
};
