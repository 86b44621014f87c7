/*
 * swf.c - the Standard Workload Format of the Parallel Workloads Archive
 * (format: swf), streamed, plain or gzip.
 *
 * An SWF log has one line per job, 18 whitespace-separated numeric fields
 * (-1 = unknown), and `;` comment lines; the header comments carry the
 * machine (MaxProcs, MaxNodes) and the epoch (UnixStartTime).  Fields:
 *   1 job number        7 used memory (KB/proc)  13 group
 *   2 submit (s)        8 requested procs        14 executable
 *   3 wait (s)          9 requested time (s)     15 queue
 *   4 run time (s)     10 requested memory (KB)  16 partition
 *   5 allocated procs  11 status                 17 preceding job
 *   6 average CPU (s)  12 user                   18 think time
 * Extended logs with more than 18 fields are read; the extra fields are
 * ignored.  Fewer than 18 is an error.
 *
 * Mapping.  SWF jobs are rigid: all their processors start and end
 * together.  Gang scheduling of many one-cpu tasks is not what we want to
 * model here, so each job becomes ONE task record: job_id = the job number,
 * task_id 0, demand cpus = procs, job_tasks = procs (so policies scoring by
 * processors, F1/WFP3/UNICEP, see the job's size), where procs =
 * max(allocated, requested) (a log fills one or the other).  Because the
 * framework's gang option counts job_tasks records before starting a job,
 * a framework reading SWF must keep `gang: none`; the reader refuses the
 * others rather than let the run stall.  submit = field 2; duration = run
 * time (field 4); estimate = requested time (field 9), or the run time when
 * it is unknown; priority 0 (SWF has none; queue and partition, fields 15
 * and 16, are not used); user = field 12 (-1 when unknown).  Memory: when the scenario has a resource `mem`,
 * the job demands requested memory per processor (field 10; the used
 * memory, field 7, when the request is unknown; else 0) times procs, KB
 * converted to MB; a scenario without `mem` ignores memory.
 *
 * Skipped jobs, counted and reported in one warning at the end: run time
 * -1 (unknown), run time 0 (unless option keep_zero_runtime: true), and
 * procs <= 0.  The clock starts at the first delivered job (source.c's
 * rebase).  Jobs must be in non-decreasing submit order, as the format
 * requires; a log that is not is an error, not a silent reorder.
 *
 * Options: keep_zero_runtime (bool, default false).
 */
#include "swf.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/diag.h"
#include "../sim/err.h"
#include "../sim/scenario.h"
#include "formats.h"
#include "options.h"
#include "source.h"
#include "tracefile.h"

#define SWF_FIELDS 18

enum {
	F_JOB, F_SUBMIT, F_WAIT, F_RUN, F_ALLOC, F_CPU, F_USEDMEM, F_REQPROCS,
	F_REQTIME, F_REQMEM, F_STATUS, F_USER,
};

static const char *const field_names[SWF_FIELDS] = {
	"job number", "submit time", "wait time", "run time",
	"allocated processors", "average CPU time", "used memory",
	"requested processors", "requested time", "requested memory",
	"status", "user", "group", "executable", "queue", "partition",
	"preceding job", "think time",
};

struct swf_src {
	struct wl_source base;
	struct tr_file f;
	struct swf_header h;
	int keep_zero;
	int mem;                /* scenario index of mem, or -1 */
	long jobs;              /* data lines read */
	long skip_zero, skip_unknown, skip_noprocs;
	int reported;
};

/* A "; Key: value" header line into *h; 0, or OS_EPARSE (reported). */
static int header_line(struct tr_file *f, struct swf_header *h)
{
	static const char *const keys[] = {
		"MaxProcs:", "MaxNodes:", "UnixStartTime:",
	};
	const char *p = f->lr.line;
	while (*p == ' ' || *p == '\t' || *p == ';')
		p++;
	for (int k = 0; k < 3; k++) {
		size_t kl = strlen(keys[k]);
		if (strncmp(p, keys[k], kl) != 0)
			continue;
		const char *v = p + kl;
		while (*v == ' ' || *v == '\t')
			v++;
		char *e;
		long long x = strtoll(v, &e, 10);
		while (*e == ' ' || *e == '\t')
			e++;
		if (e == v || *e || x < 0) {
			tr_error(f, (int)(v - f->lr.line) + 1,
				 "SWF header '%.*s' must be a non-negative "
				 "integer", (int)kl - 1, keys[k]);
			return OS_EPARSE;
		}
		if (k == 0)
			h->max_procs = x > LONG_MAX ? LONG_MAX : (long)x;
		else if (k == 1)
			h->max_nodes = x > LONG_MAX ? LONG_MAX : (long)x;
		else
			h->unix_start = x;
	}
	return 0;
}

static int is_comment(const struct tr_file *f)
{
	const char *p = f->lr.line;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p == ';';
}

static int is_blank_line(const struct tr_file *f)
{
	for (const char *p = f->lr.line; *p; p++)
		if (*p != ' ' && *p != '\t')
			return 0;
	return 1;
}

static void report_skips(struct swf_src *s)
{
	long n = s->skip_zero + s->skip_unknown + s->skip_noprocs;
	if (s->reported || n == 0)
		return;
	s->reported = 1;
	diag_warn(s->f.d, s->f.path, 0, 0,
		  "skipped %ld of %ld jobs: %ld with run time 0%s, %ld with "
		  "unknown run time, %ld with no processors", n, s->jobs,
		  s->skip_zero, s->keep_zero ? "" : " (keep_zero_runtime: "
		  "true keeps them)", s->skip_unknown, s->skip_noprocs);
}

/* Parse the current data line; 1 = a record, 0 = skipped, < 0 = error. */
static int parse_job(struct swf_src *s, struct wl_task *out)
{
	struct tr_file *f = &s->f;
	int n = tr_split(f, 0);
	if (n < 0)
		return n;
	if (n < SWF_FIELDS) {
		tr_error(f, (int)f->lr.len + 1, "expected %d SWF fields, got %d",
			 SWF_FIELDS, n);
		return OS_EPARSE;
	}
	double v[SWF_FIELDS];
	for (int i = 0; i < SWF_FIELDS; i++)
		if (tr_num(f, i, &v[i]) < 0)
			return tr_bad_field(f, i, field_names[i],
					    "a number (-1 when unknown)");
	long long job;
	if (tr_int(f, F_JOB, &job) < 0 || job < 0)
		return tr_bad_field(f, F_JOB, "job number",
				    "a non-negative integer");
	if (v[F_SUBMIT] < 0)
		return tr_bad_field(f, F_SUBMIT, "submit time",
				    "a non-negative number");
	s->jobs++;

	double procs = v[F_ALLOC] > v[F_REQPROCS] ? v[F_ALLOC] : v[F_REQPROCS];
	if (v[F_RUN] < 0) {
		s->skip_unknown++;
		return 0;
	}
	if (v[F_RUN] == 0 && !s->keep_zero) {
		s->skip_zero++;
		return 0;
	}
	if (procs < 1) {
		s->skip_noprocs++;
		return 0;
	}
	if (procs > INT_MAX)
		return tr_bad_field(f, v[F_ALLOC] >= v[F_REQPROCS] ? F_ALLOC
				    : F_REQPROCS, "processors",
				    "at most 2147483647");

	memset(out, 0, sizeof *out);
	out->job_id = job;
	out->task_id = 0;
	out->submit = simtime_from_sec(v[F_SUBMIT]);
	out->duration = simtime_from_sec(v[F_RUN]);
	out->estimate = v[F_REQTIME] > 0 ? simtime_from_sec(v[F_REQTIME])
					 : out->duration;
	out->job_tasks = (int)procs;
	out->user = v[F_USER] >= 0 && v[F_USER] < 4e18 ? (int64_t)v[F_USER] : -1;
	out->line = f->lr.lineno;
	tr_set_res(f, out, "cpus", procs);
	if (s->mem >= 0) {
		double kb = v[F_REQMEM] > 0 ? v[F_REQMEM]
			  : v[F_USEDMEM] > 0 ? v[F_USEDMEM] : 0;
		out->res[s->mem] = resq_from_double(kb * procs / 1024.0);
	}

	if (tr_check_order(f, f->fld[F_SUBMIT].col, out->submit, "SWF log",
			   "submit time"))
		return OS_EPARSE;
	return 1;
}

static int swf_next(struct wl_source *src, struct wl_task *out)
{
	struct swf_src *s = (struct swf_src *)src;
	struct tr_file *f = &s->f;
	if (f->failed)
		return OS_EPARSE;
	for (;;) {
		int r = tr_next_line(f);
		if (r < 0)
			return r;
		if (r == 0) {
			report_skips(s);
			return 0;
		}
		if (is_comment(f)) {
			if (header_line(f, &s->h) < 0)
				return OS_EPARSE;
			continue;
		}
		if (is_blank_line(f))
			continue;
		r = parse_job(s, out);
		if (r < 0) {
			f->failed = 1;
			return r;
		}
		if (r > 0)
			return 1;
	}
}

static void swf_close(struct wl_source *src)
{
	struct swf_src *s = (struct swf_src *)src;
	tr_close(&s->f);
	free(s);
}

static const struct wl_source_ops swf_ops = {
	.name = "swf",
	.next = swf_next,
	.close = swf_close,
};

int wl_swf_open(const struct scenario *sc, int fw, struct diag *d,
		struct wl_source **out)
{
	const struct framework_spec *fs = &sc->fws[fw];
	const struct workload_spec *wl = &fs->wl;
	*out = NULL;
	struct wl_opts o;
	wl_opt_init(&o, sc, fw, d);
	int keep = wl_opt_bool(&o, "keep_zero_runtime", 0);
	if (wl_opt_finish(&o) < 0)
		return OS_EINVAL;
	if (fs->gang != 0) {
		diag_error(d, sc->file, fs->pos.line, fs->pos.col,
			   "framework '%s' reads an SWF trace, whose jobs are "
			   "single tasks of 'procs' cpus: it needs gang: none",
			   fs->name ? fs->name : "?");
		return OS_EINVAL;
	}
	struct swf_src *s = calloc(1, sizeof *s);
	if (!s) {
		diag_error(d, NULL, 0, 0, "out of memory opening a trace");
		return OS_ENOMEM;
	}
	s->base.ops = &swf_ops;
	s->keep_zero = keep;
	s->mem = res_find(&sc->res, "mem");
	s->h = (struct swf_header){ -1, -1, -1 };
	int r = tr_open(&s->f, wl->trace ? wl->trace : "", sc, fw, d);
	if (r < 0) {
		free(s);
		return r;
	}
	*out = &s->base;
	return 0;
}

int wl_swf_header(const char *path, struct swf_header *h, struct diag *d)
{
	*h = (struct swf_header){ -1, -1, -1 };
	struct tr_file f;
	memset(&f, 0, sizeof f);
	f.d = d;
	if (!(f.path = strdup(path))) {
		diag_error(d, NULL, 0, 0, "out of memory");
		return OS_ENOMEM;
	}
	int r = lr_open(&f.lr, path);
	if (r < 0) {
		diag_error(d, path, 0, 0, "cannot open SWF log: %s",
			   strerror(-r));
		tr_close(&f);
		return OS_EIO;
	}
	while ((r = tr_next_line(&f)) > 0) {
		if (is_blank_line(&f))
			continue;
		if (!is_comment(&f))
			break;
		if ((r = header_line(&f, h)) < 0)
			break;
	}
	tr_close(&f);
	return r < 0 ? r : 0;
}
