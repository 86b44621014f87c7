/*
 * csv.c - the native CSV trace format, streamed one line at a time.
 *
 * The reader holds one line (through linereader.c, whose buffer is reused
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
 *     estimate, priority, framework, job_tasks, sched_class, procs, user,
 *     attempt, end_state.
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
 *       attempt          the trace's attempt of the task, 0, 1, ...;
 *                        empty is 0
 *       end_state        how the trace says the attempt ended: finished
 *                        (empty), failed, killed, lost or evicted; the
 *                        simulated attempt ends so (these two keep what
 *                        the Google reader gives through a convert)
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

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/core/fmt.h"
#include "../sim/config/scenario.h"
#include "linereader.h"
#include "scanner.h"
#include "source.h"

enum col_kind {
	COL_JOB, COL_TASK, COL_SUBMIT, COL_DURATION, COL_ESTIMATE,
	COL_PRIORITY, COL_FRAMEWORK, COL_JOB_TASKS, COL_SCHED_CLASS, COL_PROCS,
	COL_USER, COL_ATTEMPT, COL_END_STATE,
	COL_FIXED,                  /* COL_FIXED + i is resource i */
	COL_REQUIRED = COL_DURATION + 1
};

static const char *const fixed_names[COL_FIXED] = {
	"job_id", "task_id", "submit", "duration", "estimate", "priority",
	"framework", "job_tasks", "sched_class", "procs", "user", "attempt",
	"end_state",
};

/* end_state's words, in the order of enum wl_end. */
static const char *const end_names[] = {
	"finished", "failed", "killed", "lost", "evicted",
};

/* One field of the current line: where it starts and how long it is,
 * trimmed.  Fields are not NUL-terminated, so the line stays intact for
 * the caret display. */
struct field {
	const char *s;
	int len;
	int col;                    /* 1-based column of s */
};

struct csv_src {
	struct wl_source base;
	struct linereader lr;
	char *path;                 /* as stored in the spec, for messages */
	char **fwnames;             /* the framework column values to keep */
	int nfwnames;
	struct diag *d;
	struct res_names rn;        /* copied, so the scenario may go first */

	char *line;                 /* lr's current line */
	size_t len;
	long lineno;

	int ncols;
	int *kind;                  /* per column: enum col_kind or res */
	int has_col[COL_FIXED];
	struct field *fld;          /* ncols entries */
	int nfld;                   /* fields on the current line */
	int extra_col;              /* column of the first field past ncols */

	simtime_t last_submit;
	long last_line;
	long matched;               /* rows of this framework */
	int failed;
	int warned;
	int lenient;                /* skip malformed rows (not the header) */
	int in_rows;                /* the header is read */
	long skipped;               /* malformed rows skipped */
};

static int line_no(const struct csv_src *c)
{
	return c->lineno > INT_MAX ? INT_MAX : (int)c->lineno;
}

/* Read the next line into c->line without its end of line.  Returns 1, 0
 * at the end of the file, or a negative code on a read error. */
static int read_line(struct csv_src *c)
{
	const char *why = NULL;
	int r = lr_next(&c->lr, &why);
	if (r < 0) {
		if (r == OS_ENOMEM)
			diag_error(c->d, c->path, line_no(c) + 1, 0,
				   "out of memory reading a line");
		else
			diag_error(c->d, c->path, 0, 0, "read error: %s",
				   why ? why : "unknown");
		return r;
	}
	if (r == 0)
		return 0;
	c->line = c->lr.line;
	c->len = c->lr.len;
	c->lineno = c->lr.lineno;
	return 1;
}

static int is_blank(int ch)
{
	return ch == ' ' || ch == '\t';
}

/* Blank lines and '#' comments carry no record. */
static int skippable(const struct csv_src *c)
{
	size_t i = 0;
	while (i < c->len && is_blank((unsigned char)c->line[i]))
		i++;
	return i == c->len || c->line[i] == '#';
}

static int col_of(const struct csv_src *c, const char *p)
{
	ptrdiff_t off = p - c->line + 1;
	return off > INT_MAX ? INT_MAX : (int)off;
}

static void error_at(struct csv_src *c, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The same budget of messages as the other readers (tracefile.h). */
#define CSV_LENIENT_SHOWN 5

/* A bad header is always an error; under lenient a bad row is a warning
 * (the first TR_LENIENT_SHOWN, as in tracefile.c), then only counted. */
static void error_at(struct csv_src *c, int col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	c->failed = 1;
	if (!c->lenient || !c->in_rows)
		diag_error_src(c->d, c->path, line_no(c), col, c->line, "%s",
			       msg);
	else if (c->skipped < CSV_LENIENT_SHOWN)
		diag_warn_src(c->d, c->path, line_no(c), col, c->line,
			      "%s (line skipped)", msg);
	else if (c->skipped == CSV_LENIENT_SHOWN)
		diag_warn(c->d, c->path, line_no(c), 0,
			  "more malformed lines; they are skipped and counted "
			  "without further messages");
}

/* Quoting is not part of the format; say so rather than misparse. */
static int check_quotes(struct csv_src *c)
{
	const char *q = memchr(c->line, '"', c->len);
	if (!q)
		return 0;
	error_at(c, col_of(c, q),
		 "quotes are not supported: fields are plain comma-separated "
		 "values");
	return OS_EPARSE;
}

/* Split the current line at commas into c->fld (at most max entries);
 * c->nfld counts all fields, and extra_col marks the first one past max. */
static void split(struct csv_src *c, int max)
{
	const char *p = c->line, *end = c->line + c->len;
	c->nfld = 0;
	c->extra_col = 0;
	for (;;) {
		const char *e = memchr(p, ',', (size_t)(end - p));
		if (!e)
			e = end;
		const char *s = p, *t = e;
		while (s < t && is_blank((unsigned char)*s))
			s++;
		while (t > s && is_blank((unsigned char)t[-1]))
			t--;
		if (c->nfld < max) {
			struct field *f = &c->fld[c->nfld];
			f->s = s;
			f->len = t - s > INT_MAX ? INT_MAX : (int)(t - s);
			f->col = col_of(c, s);
		} else if (c->nfld == max) {
			c->extra_col = col_of(c, s);
		}
		c->nfld++;
		if (e == end)
			break;
		p = e + 1;
	}
}

static int field_is(const struct field *f, const char *s)
{
	return (size_t)f->len == strlen(s) && memcmp(f->s, s, (size_t)f->len) == 0;
}

/* The field as a finite number; 0 on success. */
static int parse_double(const struct field *f, double *v)
{
	if (f->len == 0)
		return -1;
	/* Decimal only: strtod would also take hexadecimal ("0x1p4"),
	 * which the format does not document. */
	if (memchr(f->s, 'x', (size_t)f->len) || memchr(f->s, 'X', (size_t)f->len))
		return -1;
	char *e;
	*v = strtod(f->s, &e);
	return e == f->s + f->len && isfinite(*v) ? 0 : -1;
}

static int parse_int(const struct field *f, long long lo, long long hi,
		     long long *v)
{
	if (f->len == 0)
		return -1;
	char *e;
	errno = 0;
	*v = strtoll(f->s, &e, 10);
	if (e != f->s + f->len || errno == ERANGE || *v < lo || *v > hi)
		return -1;
	return 0;
}

/* ---- header ---------------------------------------------------------- */

static void unknown_column(struct csv_src *c, const struct field *f)
{
	const char *cand[COL_FIXED + RES_MAX];
	int n = 0;
	for (int i = 0; i < COL_FIXED; i++)
		cand[n++] = fixed_names[i];
	for (int i = 0; i < c->rn.n; i++)
		cand[n++] = c->rn.name[i];

	error_at(c, f->col, "unknown column '%.*s'", f->len, f->s);
	char word[64];
	snprintf(word, sizeof word, "%.*s", f->len, f->s);
	const char *sugg = diag_suggest(word, cand, n);
	if (sugg)
		diag_note(c->d, "did you mean '%s'?", sugg);
	char list[1024] = "";
	for (int i = 0; i < n; i++) {
		if (i == COL_FIXED)
			strncat(list, ", and the scenario's resources ",
				sizeof list - strlen(list) - 1);
		else if (i)
			strncat(list, ", ", sizeof list - strlen(list) - 1);
		strncat(list, cand[i], sizeof list - strlen(list) - 1);
	}
	diag_note(c->d, "valid columns: %s", list);
}

static int read_header(struct csv_src *c)
{
	int r;
	do {
		r = read_line(c);
		if (r < 0)
			return r;
		if (r == 0) {
			diag_error(c->d, c->path, 0, 0,
				   "empty trace: no header line");
			return OS_EPARSE;
		}
	} while (skippable(c));

	/* A UTF-8 byte order mark from a spreadsheet export is not part of
	 * the first column's name. */
	if (c->len >= 3 && memcmp(c->line, "\xEF\xBB\xBF", 3) == 0)
		memset(c->line, ' ', 3);
	if (check_quotes(c) < 0)
		return OS_EPARSE;

	split(c, 0);
	c->ncols = c->nfld;
	c->kind = calloc((size_t)c->ncols, sizeof *c->kind);
	c->fld = calloc((size_t)c->ncols, sizeof *c->fld);
	if (!c->kind || !c->fld) {
		diag_error(c->d, c->path, 0, 0, "out of memory");
		return OS_ENOMEM;
	}
	split(c, c->ncols);

	int bad = 0;
	int seen_res[RES_MAX] = {0};
	for (int i = 0; i < c->ncols; i++) {
		const struct field *f = &c->fld[i];
		int k = -1;
		if (f->len == 0) {
			error_at(c, f->col, "empty column name");
			bad = 1;
			continue;
		}
		for (int j = 0; j < COL_FIXED && k < 0; j++)
			if (field_is(f, fixed_names[j]))
				k = j;
		for (int j = 0; j < c->rn.n && k < 0; j++)
			if (field_is(f, c->rn.name[j]))
				k = COL_FIXED + j;
		if (k < 0) {
			unknown_column(c, f);
			bad = 1;
			continue;
		}
		int *seen = k < COL_FIXED ? &c->has_col[k]
					  : &seen_res[k - COL_FIXED];
		if (*seen) {
			error_at(c, f->col, "duplicate column '%.*s'", f->len,
				 f->s);
			bad = 1;
			continue;
		}
		*seen = 1;
		c->kind[i] = k;
	}
	for (int j = 0; j < COL_REQUIRED; j++) {
		if (!c->has_col[j]) {
			error_at(c, 1, "missing required column '%s'",
				 fixed_names[j]);
			bad = 1;
		}
	}
	return bad ? OS_EPARSE : 0;
}

/* ---- records --------------------------------------------------------- */

/* Seconds with the fewest decimals that are exact ("2", "1.000001"). */
static const char *fmt_sec(simtime_t t, char *buf, size_t size)
{
	snprintf(buf, size, "%.6f", simtime_to_sec(t));
	return fmt_trim_zeros(buf);
}

static int bad_field(struct csv_src *c, const struct field *f,
		     const char *name, const char *want)
{
	/* A field is quoted up to 80 characters. */
	error_at(c, f->col, "'%s' must be %s, got '%.*s'%s", name, want,
		 f->len > 80 ? 80 : f->len, f->s, f->len > 80 ? "..." : "");
	return OS_EPARSE;
}

/* Parse the current line into *out.  Returns 1 for a record of this
 * framework, 0 for a row of another one, or a negative code. */
static int parse_row(struct csv_src *c, struct wl_task *out)
{
	if (check_quotes(c) < 0)
		return OS_EPARSE;
	split(c, c->ncols);
	if (c->nfld != c->ncols) {
		int col = c->nfld < c->ncols ? col_of(c, c->line + c->len)
					     : c->extra_col;
		error_at(c, col, "expected %d fields, got %d", c->ncols,
			 c->nfld);
		return OS_EPARSE;
	}
	if (c->has_col[COL_FRAMEWORK]) {
		for (int i = 0; i < c->ncols; i++) {
			if (c->kind[i] != COL_FRAMEWORK)
				continue;
			int mine = 0;
			for (int k = 0; k < c->nfwnames && !mine; k++)
				mine = field_is(&c->fld[i], c->fwnames[k]);
			if (!mine)
				return 0;
		}
	}

	memset(out, 0, sizeof *out);
	out->line = c->lineno;
	out->user = -1;
	const struct field *submit_f = NULL;
	double est = -1;
	for (int i = 0; i < c->ncols; i++) {
		const struct field *f = &c->fld[i];
		int k = c->kind[i];
		const char *name = k < COL_FIXED ? fixed_names[k]
			: c->rn.name[k - COL_FIXED];
		long long ll;
		double v;
		switch (k) {
		case COL_JOB:
		case COL_TASK:
			if (parse_int(f, 0, INT64_MAX, &ll) < 0)
				return bad_field(c, f, name,
						 "a non-negative integer");
			if (k == COL_JOB)
				out->job_id = ll;
			else
				out->task_id = ll;
			break;
		case COL_SUBMIT:
		case COL_DURATION:
			if (parse_double(f, &v) < 0 || v < 0)
				return bad_field(c, f, name,
						 "a non-negative number");
			if (!simtime_sec_ok(v))
				return bad_field(c, f, name,
						 "at most 1e12 seconds");
			if (k == COL_SUBMIT) {
				out->submit = simtime_from_sec(v);
				submit_f = f;
			} else {
				out->duration = simtime_from_sec(v);
			}
			break;
		case COL_ESTIMATE:
			if (f->len == 0)
				break;
			if (parse_double(f, &v) < 0 || !(v > 0 || v == -1))
				return bad_field(c, f, name,
					"a positive number (empty or -1 when "
					"unknown)");
			if (!simtime_sec_ok(v))
				return bad_field(c, f, name,
						 "at most 1e12 seconds");
			est = v;
			break;
		case COL_PRIORITY:
			if (f->len == 0)
				break;
			if (parse_int(f, INT_MIN, INT_MAX, &ll) < 0)
				return bad_field(c, f, name, "an integer");
			out->priority = (int)ll;
			break;
		case COL_FRAMEWORK:
			break;
		case COL_JOB_TASKS:
		case COL_SCHED_CLASS:
		case COL_PROCS:
			if (f->len == 0)
				break;
			if (parse_int(f, 0, INT_MAX, &ll) < 0)
				return bad_field(c, f, name,
						 "a non-negative integer");
			if (k == COL_JOB_TASKS)
				out->job_tasks = (int)ll;
			else if (k == COL_PROCS)
				out->procs = (int)ll;
			else
				out->sched_class = (int)ll;
			break;
		case COL_USER:
			out->user = wl_user_id(f->s, (unsigned long)f->len);
			break;
		case COL_ATTEMPT:
			if (f->len == 0)
				break;
			if (parse_int(f, 0, INT_MAX, &ll) < 0)
				return bad_field(c, f, name,
						 "a non-negative integer");
			out->attempt = (int)ll;
			break;
		case COL_END_STATE: {
			if (f->len == 0)
				break;
			int e = -1;
			for (int j = 0; j < (int)(sizeof end_names / sizeof end_names[0]); j++)
				if ((size_t)f->len == strlen(end_names[j]) &&
				    !memcmp(f->s, end_names[j], f->len))
					e = j;
			if (e < 0)
				return bad_field(c, f, name, "finished, failed, "
						 "killed, lost or evicted");
			out->end = e;
			break;
		}
		default:
			if (parse_double(f, &v) < 0 || v < 0)
				return bad_field(c, f, name,
						 "a non-negative number");
			if (!resq_in_range(v))
				return bad_field(c, f, name, "below 2^53 "
						 "thousandths (9007199254741)");
			out->res[k - COL_FIXED] = resq_from_double(v);
			break;
		}
	}
	out->estimate = est > 0 ? simtime_from_sec(est) : out->duration;

	if (c->matched > 0 && out->submit < c->last_submit) {
		char now[32], before[32];
		error_at(c, submit_f->col,
			 "trace is not sorted by submit time: %s s comes "
			 "after %s s on line %ld",
			 fmt_sec(out->submit, now, sizeof now),
			 fmt_sec(c->last_submit, before, sizeof before),
			 c->last_line);
		return OS_EPARSE;
	}
	c->last_submit = out->submit;
	c->last_line = c->lineno;
	c->matched++;
	return 1;
}

static int csv_next(struct wl_source *s, struct wl_task *out)
{
	struct csv_src *c = (struct csv_src *)s;
	if (c->failed)
		return OS_EPARSE;
	for (;;) {
		int r = read_line(c);
		if (r < 0) {
			c->failed = 1;
			return r;
		}
		if (r == 0) {
			if (c->has_col[COL_FRAMEWORK] && c->matched == 0 &&
			    !c->warned) {
				char list[256] = "";
				for (int k = 0; k < c->nfwnames; k++)
					snprintf(list + strlen(list),
						 sizeof list - strlen(list),
						 "%s'%s'", k ? ", " : "",
						 c->fwnames[k]);
				diag_warn(c->d, c->path, 0, 0,
					  "no rows for framework %s in "
					  "column 'framework'", list);
				c->warned = 1;
			}
			return 0;
		}
		if (skippable(c))
			continue;
		r = parse_row(c, out);
		if (r == OS_EPARSE && c->lenient) {
			c->skipped++;
			c->failed = 0;
			continue;
		}
		if (r < 0) {
			c->failed = 1;
			return r;
		}
		if (r > 0)
			return 1;
	}
}

static void csv_stats(struct wl_source *s, struct wl_stats *out)
{
	struct csv_src *c = (struct csv_src *)s;
	out->skipped_lines = c->skipped;
	out->bytes_read = lr_offset(&c->lr);
}

static void csv_close(struct wl_source *s)
{
	struct csv_src *c = (struct csv_src *)s;
	lr_close(&c->lr);
	free(c->kind);
	free(c->fld);
	free(c->path);
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
	int nomem = !c || !(c->path = strdup(wl->trace)) ||
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
	c->d = d;
	c->rn = sc->res;
	int r = lr_open(&c->lr, c->path);
	if (r < 0) {
		diag_error(d, sc->file, wl->pos.line, wl->pos.col,
			   "cannot open trace '%s': %s", c->path,
			   strerror(-r));
		csv_close(&c->base);
		return OS_EIO;
	}
	r = read_header(c);
	if (r == 0 && wl->filter.nfws > 0 && !c->has_col[COL_FRAMEWORK]) {
		diag_error(d, sc->file, wl->filter.fws_pos.line,
			   wl->filter.fws_pos.col, "filter by framework needs "
			   "a 'framework' column, and trace '%s' has none",
			   c->path);
		r = OS_EINVAL;
	}
	if (r < 0) {
		csv_close(&c->base);
		return r;
	}
	c->lenient = wl->lenient;
	c->in_rows = 1;
	*out = &c->base;
	return 0;
}

int wl_csv_resources(const char *path, struct res_names *rn, struct diag *d)
{
	struct csv_src c;
	memset(&c, 0, sizeof c);
	c.d = d;
	c.path = (char *)path;
	int r = lr_open(&c.lr, path);
	if (r < 0) {
		diag_error(d, path, 0, 0, "cannot open trace: %s", strerror(-r));
		return OS_EIO;
	}
	do {
		r = read_line(&c);
	} while (r > 0 && skippable(&c));
	if (r == 0) {
		diag_error(d, path, 0, 0, "empty trace: no header line");
		r = OS_EPARSE;
	}
	if (r > 0 && (c.fld = calloc(RES_MAX + COL_FIXED + 1,
				     sizeof *c.fld)) == NULL) {
		diag_error(d, NULL, 0, 0, "out of memory");
		r = OS_ENOMEM;
	}
	if (r > 0) {
		/* The full check of the header is read_header()'s, when the
		 * trace is opened; here only the names matter. */
		if (c.len >= 3 && memcmp(c.line, "\xEF\xBB\xBF", 3) == 0)
			memset(c.line, ' ', 3);
		split(&c, RES_MAX + COL_FIXED + 1);
		int n = c.nfld < RES_MAX + COL_FIXED + 1 ? c.nfld
			: RES_MAX + COL_FIXED + 1;
		r = 0;
		for (int i = 0; i < n && r == 0; i++) {
			char name[RES_NAME_MAX];
			const struct field *f = &c.fld[i];
			int fixed = 0;
			for (int j = 0; j < COL_FIXED; j++)
				fixed |= field_is(f, fixed_names[j]);
			if (fixed || f->len == 0)
				continue;
			if (f->len >= RES_NAME_MAX || memchr(f->s, '"', (size_t)f->len)) {
				error_at(&c, f->col, "'%.*s' is not a resource name",
					 f->len, f->s);
				r = OS_EPARSE;
				break;
			}
			snprintf(name, sizeof name, "%.*s", f->len, f->s);
			if (res_intern(rn, name) < 0) {
				error_at(&c, f->col, "more than %d resources",
					 RES_MAX);
				r = OS_EPARSE;
			}
		}
	}
	free(c.fld);
	lr_close(&c.lr);
	return r;
}

/* ---- trace sample: the lines of a native trace ----------------------- */

static int scan_field_is(const struct tr_field *x, const char *s)
{
	return (size_t)x->len == strlen(s) && memcmp(x->s, s, (size_t)x->len) == 0;
}

/* '#' comments, then a header naming the columns (job_id and submit are
 * the ones needed here). */
static int csv_line(struct wl_scan *s, struct wl_line *out)
{
	struct tr_file *f = &s->f;
	if (wl_scan_starts_with(f, '#'))
		return out->kind = WL_LINE_KEEP, 0;
	int n = tr_split(f, ',');
	if (n < 0)
		return n;
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
			if (scan_field_is(&x, "job_id"))
				s->job_col = i;
			if (scan_field_is(&x, "submit"))
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
	csv_line, {"#", 1, 0, 0},
};

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
};
