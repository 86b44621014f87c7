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
 * together.  procs = max(allocated, requested) (a log fills one or the
 * other).  Option `tasks` says what a job becomes:
 *   one       (default) ONE task demanding cpus = procs: rigid by
 *             construction, for a machine modelled as agents that hold
 *             whole jobs (one agent of MaxProcs cpus);
 *   per_proc  procs tasks of 1 cpu each;
 *   per_node  ceil(procs / procs_per_node) tasks, each of procs_per_node
 *             cpus but the last, which takes the rest (procs_per_node:
 *             the option, else the header's MaxProcs / MaxNodes).
 * The split modes need the framework's `gang: hold|decline`, which starts
 * a job's tasks together; with `gang: none` they would start one by one,
 * which is not what the log recorded, so the reader refuses that.  Every
 * record carries job_tasks = its job's number of tasks and procs = the
 * job's processors (what F1/WFP3/UNICEP score), whatever the split.
 * job_id = the job number, task_id 0, 1, ...; submit = field 2; duration =
 * run time (field 4); estimate = requested time (field 9), or the run time
 * when it is unknown; priority 0 (SWF has none; queue and partition,
 * fields 15 and 16, are not used); user = field 12 (-1 when unknown).  Memory: when the scenario has a
 * resource `mem`, a task demands requested memory per processor (field 10;
 * the used memory, field 7, when the request is unknown; else 0) times its
 * cpus, KB converted to MB; a scenario without `mem` ignores memory.  A
 * split job's records are produced one at a time from the job's line, so
 * memory does not grow with the job's size.
 *
 * Skipped jobs, counted and reported in one warning at the end: run time
 * -1 (unknown), run time 0 (unless option keep_zero_runtime: true), and
 * procs <= 0.  The clock starts at the first delivered job (source.c's
 * rebase).  Jobs must be in non-decreasing submit order, as the format
 * requires; a log that is not is an error, not a silent reorder.  Under
 * `lenient` a malformed line (a bad field, too few fields, a job out of
 * order, a bad header value) is skipped and counted instead.
 *
 * Options: keep_zero_runtime (bool, default false), tasks (one, per_proc,
 * per_node; default one), procs_per_node (integer >= 1; per_node only).
 *
 * The format's row of the table (wl_format_swf, at the end) also gives
 * `trace sample` its line scanner and `from_trace` the machine the header
 * describes.
 */
#include "swf.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/config/scenario.h"
#include "formats.h"
#include "machines.h"
#include "machreader.h"
#include "options.h"
#include "scanner.h"
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

enum swf_split { SPLIT_ONE, SPLIT_PROC, SPLIT_NODE };

struct swf_src {
	struct wl_source base;
	struct tr_file f;
	struct swf_header h;
	int keep_zero;
	int mem;                /* scenario index of mem, or -1 */
	enum swf_split split;
	long ppn;               /* processors per node (SPLIT_NODE) */
	/* The job being split: its task records still to deliver. */
	struct wl_task job;
	long procs;
	double kb_per_proc;
	int ntasks, next_task;
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

/* The option key of the workload, for its position; NULL when absent. */
static const struct kv *find_opt(const struct workload_spec *wl,
				 const char *key)
{
	for (int i = 0; i < wl->nopts; i++)
		if (wl->opts[i].key && strcmp(wl->opts[i].key, key) == 0)
			return &wl->opts[i];
	return NULL;
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

/* Parse the current data line into s->job; 1 = a job, 0 = skipped, < 0 =
 * error. */
static int parse_job(struct swf_src *s)
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
	if (tr_check_sec(f, F_SUBMIT, "submit time", v[F_SUBMIT]) < 0 ||
	    tr_check_sec(f, F_RUN, "run time", v[F_RUN]) < 0 ||
	    tr_check_sec(f, F_REQTIME, "requested time", v[F_REQTIME]) < 0)
		return OS_EPARSE;
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

	struct wl_task *j = &s->job;
	memset(j, 0, sizeof *j);
	j->job_id = job;
	j->submit = simtime_from_sec(v[F_SUBMIT]);
	j->duration = simtime_from_sec(v[F_RUN]);
	j->estimate = v[F_REQTIME] > 0 ? simtime_from_sec(v[F_REQTIME])
				       : j->duration;
	j->procs = (int)procs;
	j->user = v[F_USER] >= 0 && v[F_USER] < 4e18 ? (int64_t)v[F_USER] : -1;
	j->line = f->lr.lineno;
	s->procs = (long)procs;
	s->kb_per_proc = v[F_REQMEM] > 0 ? v[F_REQMEM]
		       : v[F_USEDMEM] > 0 ? v[F_USEDMEM] : 0;
	/* The largest task (the whole job, split: one) asks for this. */
	if (s->mem >= 0 &&
	    tr_check_res(f, v[F_REQMEM] > 0 ? F_REQMEM : F_USEDMEM, "memory",
			 s->kb_per_proc * procs / 1024.0) < 0)
		return OS_EPARSE;
	switch (s->split) {
	case SPLIT_ONE: s->ntasks = 1; break;
	case SPLIT_PROC: s->ntasks = (int)procs; break;
	case SPLIT_NODE: s->ntasks = (int)((s->procs + s->ppn - 1) / s->ppn); break;
	}
	if (s->ntasks > WL_JOB_TASKS_MAX)
		return tr_bad_field(f, v[F_ALLOC] >= v[F_REQPROCS] ? F_ALLOC
				    : F_REQPROCS, "processors", s->split == SPLIT_PROC
				    ? "at most 1048576 with tasks: per_proc (the limit of tasks per job)"
				    : "at most 1048576 nodes' worth with tasks: per_node (the limit of tasks per job)");
	j->job_tasks = s->ntasks;
	s->next_task = 0;

	if (tr_check_order(f, f->fld[F_SUBMIT].col, j->submit, "SWF log",
			   "submit time"))
		return OS_EPARSE;
	return 1;
}

/* The next task record of the job being split into *out. */
static void emit_task(struct swf_src *s, struct wl_task *out)
{
	int k = s->next_task++;
	long cpus = s->split == SPLIT_ONE ? s->procs
		  : s->split == SPLIT_PROC ? 1
		  : k + 1 < s->ntasks ? s->ppn
		  : s->procs - (long)(s->ntasks - 1) * s->ppn;
	*out = s->job;
	out->task_id = k;
	tr_set_res(&s->f, out, "cpus", (double)cpus);
	if (s->mem >= 0)
		out->res[s->mem] = resq_from_double(s->kb_per_proc *
						    (double)cpus / 1024.0);
}

static int swf_next(struct wl_source *src, struct wl_task *out)
{
	struct swf_src *s = (struct swf_src *)src;
	struct tr_file *f = &s->f;
	if (f->failed)
		return OS_EPARSE;
	if (s->next_task < s->ntasks) {
		emit_task(s, out);
		return 1;
	}
	for (;;) {
		int r = tr_next_line(f);
		if (r < 0)
			return r;
		if (r == 0) {
			report_skips(s);
			return 0;
		}
		if (is_comment(f)) {
			r = header_line(f, &s->h);
			if (r < 0 && !tr_skip(f, r))
				return r;
			continue;
		}
		if (is_blank_line(f))
			continue;
		r = parse_job(s);
		if (r < 0) {
			if (tr_skip(f, r))
				continue;
			return r;
		}
		if (r > 0) {
			emit_task(s, out);
			return 1;
		}
	}
}

static void swf_stats(struct wl_source *src, struct wl_stats *out)
{
	tr_stats(&((struct swf_src *)src)->f, out);
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
	.stats = swf_stats,
};

static int swf_open(const struct scenario *sc, int fw, struct diag *d,
		    struct wl_source **out)
{
	const struct framework_spec *fs = &sc->fws[fw];
	const struct workload_spec *wl = &fs->wl;
	*out = NULL;
	struct wl_opts o;
	wl_opt_init(&o, sc, fw, d);
	int keep = wl_opt_bool(&o, "keep_zero_runtime", 0);
	static const char *const splits[] = {"one", "per_proc", "per_node"};
	int split = wl_opt_choice(&o, "tasks", splits, 3, SPLIT_ONE);
	double ppn = wl_opt_num(&o, "procs_per_node", 0, 1);
	if (wl_opt_finish(&o) < 0)
		return OS_EINVAL;
	const struct kv *ppn_kv = find_opt(wl, "procs_per_node");
	if (ppn_kv && (ppn != floor(ppn) || ppn > INT_MAX)) {
		diag_error(d, sc->file, ppn_kv->pos.line, ppn_kv->pos.col,
			   "option 'procs_per_node' of format swf must be a "
			   "whole number of processors, got '%s'", ppn_kv->value);
		return OS_EINVAL;
	}
	if (ppn_kv && split != SPLIT_NODE) {
		diag_error(d, sc->file, ppn_kv->pos.line, ppn_kv->pos.col,
			   "option 'procs_per_node' of format swf applies only "
			   "to tasks: per_node");
		return OS_EINVAL;
	}
	if (split != SPLIT_ONE && fs->gang == GANG_NONE) {
		diag_error(d, sc->file, fs->pos.line, fs->pos.col,
			   "framework '%s' reads an SWF trace with tasks: %s: "
			   "each job becomes several tasks that must start "
			   "together, so it needs gang: hold or gang: decline",
			   fs->name ? fs->name : "?", splits[split]);
		return OS_EINVAL;
	}
	struct swf_src *s = tr_alloc(sizeof *s, d);
	if (!s)
		return OS_ENOMEM;
	s->base.ops = &swf_ops;
	s->keep_zero = keep;
	s->split = (enum swf_split)split;
	s->ppn = (long)ppn;
	s->mem = res_find(&sc->res, "mem");
	s->h = (struct swf_header){ -1, -1, -1 };
	int r = tr_open_workload(&s->f, sc, fw, d);
	if (r < 0) {
		free(s);
		return r;
	}
	if (s->split == SPLIT_NODE && s->ppn == 0) {
		/* The node size from the log's own header. */
		struct swf_header h;
		r = wl_swf_header(s->f.path, &h, d);
		if (r == 0 && (h.max_procs <= 0 || h.max_nodes <= 0 ||
			       h.max_procs % h.max_nodes != 0)) {
			diag_error(d, s->f.path, 0, 0,
				   "tasks: per_node needs the processors per "
				   "node: the header gives no whole MaxProcs / "
				   "MaxNodes, so set option procs_per_node");
			r = OS_EINVAL;
		}
		if (r < 0) {
			swf_close(&s->base);
			return r;
		}
		s->ppn = h.max_procs / h.max_nodes;
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

/* ---- trace sample: the lines of a log -------------------------------- */

/* ';' comments (the header among them), then 18 or more fields: job
 * number, submit time (s), ... */
static int swf_line(struct wl_scan *s, int n, struct wl_line *out)
{
	struct tr_file *f = &s->f;
	if (wl_scan_count(f, n, SWF_FIELDS, 1) < 0 ||
	    wl_scan_job(f, 0, "job number", out) < 0 ||
	    wl_scan_sec(f, 1, "submit time", 0, out) < 0)
		return OS_EPARSE;
	return 0;
}

/* ---- from_trace: the machine of the header --------------------------- */

/*
 * An SWF log describes one machine of MaxProcs processors, which is one
 * agent: the reader makes a job one task of `procs` cpus, so the agent
 * must be able to hold the largest job.  With nodes: true, MaxNodes
 * agents of MaxProcs / MaxNodes cpus.
 */
static int swf_machines(const struct wl_machine_opts *o, struct tr_file *f,
			struct res_names *rn, struct wl_machine_groups *gs)
{
	struct diag *d = f->d;
	struct swf_header h;
	int r = wl_swf_header(o->path, &h, d);
	if (r < 0)
		return r;
	int cpus = res_intern(rn, "cpus");
	long procs = h.max_procs > 0 ? h.max_procs : h.max_nodes;
	if (procs <= 0) {
		diag_error(d, o->path, 0, 0, "the SWF log has no MaxProcs or "
			   "MaxNodes header line to size the cluster by");
		return OS_EPARSE;
	}
	resq_t res[RES_MAX] = {0};
	if (!o->nodes) {
		res[cpus] = resq_from_double((double)procs);
		return wl_mt_add(gs, f, "machine", 0, res, 1);
	}
	if (h.max_nodes <= 0 || h.max_procs <= 0 ||
	    h.max_procs % h.max_nodes) {
		diag_error(d, o->path, 0, 0, "nodes: true needs MaxNodes and "
			   "MaxProcs header lines, MaxProcs a multiple of "
			   "MaxNodes (got MaxProcs %ld, MaxNodes %ld)",
			   h.max_procs, h.max_nodes);
		return OS_EPARSE;
	}
	res[cpus] = resq_from_double((double)(h.max_procs / h.max_nodes));
	return wl_mt_add(gs, f, "node", 0, res, h.max_nodes);
}

static const char *const swf_exts[] = {".swf", NULL};
static const char *const swf_res[] = {"cpus", "mem", NULL};

static const struct wl_scan_format swf_scan = {
	swf_line, 0, {";", 0, 0, 1},
};

static const struct wl_machine_format swf_machine = {
	.read = swf_machines,
	.scale = 0,
	.from_header = 1,
};

/* ';' header comments, then jobs of 18 blank-separated numbers. */
static int swf_sniff(const struct wl_sniff *s)
{
	for (int i = 0; i < s->n; i++) {
		const char *l = s->line[i];
		while (*l == ' ' || *l == '\t')
			l++;
		if (*l == ';')
			continue;
		if (wl_sniff_fields(l, 0) != 18)
			return 0;
		char f[64];
		for (int k = 0; wl_sniff_field(l, 0, k, f, sizeof f); k++) {
			char *e;
			strtod(f, &e);
			if (e == f || *e)
				return 0;
		}
		return 1;
	}
	return s->n > 0;    /* a header alone */
}

const struct wl_format wl_format_swf = {
	.name = "swf",
	.summary = "Standard Workload Format logs of the Parallel Workloads "
		   "Archive",
	.exts = swf_exts,
	.rebase = 1,
	.res = swf_res,
	.open = swf_open,
	.scan = &swf_scan,
	.machines = &swf_machine,
	.sniff = swf_sniff,
};
