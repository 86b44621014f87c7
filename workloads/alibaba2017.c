/*
 * alibaba2017.c - the batch_task table of Alibaba's cluster-trace-v2017
 * (format: alibaba2017), streamed, plain or gzip.
 *
 * Columns: 1 task create time (s), 2 task end time (s), 3 job id, 4 task
 * id, 5 number of instances, 6 status (Terminated, Failed, Running,
 * Waiting), 7 cpus requested per instance (100 = one core), 8 normalized
 * memory requested per instance.  The published table has no header line;
 * copies with one are accepted (a first line whose first field is not a
 * number is taken as a header).
 *
 * Mapping.  A batch task is a set of identical instances, so each task
 * becomes an offersim job and each instance one task record: job_id = the
 * trace's task id (unique across the table; the trace's job id groups
 * tasks into DAGs, which offersim does not model), task_id = the instance
 * index 0..n-1, job_tasks = n, submit = create time, duration = end -
 * create (the trace has no per-instance times in this table), estimate =
 * duration, priority 0, user -1 (none in this table), cpus = cpu / 100,
 * mem = normalized memory *
 * scale.mem (option, default 1: set it to the machines' memory in the
 * scenario's unit).
 *
 * Skipped rows, counted and reported in one warning at the end: status
 * Running or Waiting (no real end), Failed unless keep_failed (default
 * true: a failed task held its resources until it ended), rows without a
 * cpu request, with end < create, or with 0 instances.
 *
 * Rows must be in non-decreasing create time.  The published table is not
 * (it is grouped by job); sort it first, keeping the header on top:
 *     (head -1 batch_task.csv; tail -n +2 batch_task.csv | sort -t, -k1,1n -k4,4n)
 * An unsorted row is an error naming both lines (under `lenient`, like any
 * malformed row, it is skipped and counted instead).  Create times may be
 * negative (work submitted before the trace window); source.c's rebase
 * starts the clock at the first record.
 *
 * Options: scale.mem (number, default 1), keep_failed (bool, default true).
 *
 * The format's row of the table (wl_format_alibaba2017, at the end) also
 * gives `trace sample` its line scanner and `from_trace` the reader of
 * server_event.csv: a group of identical `server` machines per shape, or,
 * with machine_events, one agent per machine named m<ID> and its events
 * kept: softerror and harderror (the machine takes no new work) become a
 * failure, a later add brings it back, remove (where a table has it)
 * removes it.
 */
#include "formats.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/config/scenario.h"
#include "machines.h"
#include "machreader.h"
#include "options.h"
#include "scanner.h"
#include "source.h"
#include "tracefile.h"

#define A_FIELDS 8

enum { A_CREATE, A_END, A_JOB, A_TASK, A_INST, A_STATUS, A_CPU, A_MEM };

struct a_src {
	struct wl_source base;
	struct tr_file f;
	double scale_mem;
	int keep_failed;
	struct wl_task cur;         /* the row being expanded */
	long left, next_inst;       /* instances still to deliver */
	long rows;
	long skip_status, skip_failed, skip_nocpu, skip_times, skip_empty;
	int reported;
};

static void report(struct a_src *a)
{
	long n = a->skip_status + a->skip_failed + a->skip_nocpu +
		 a->skip_times + a->skip_empty;
	if (a->reported || !n)
		return;
	a->reported = 1;
	diag_warn(a->f.d, a->f.path, 0, 0,
		  "skipped %ld of %ld batch tasks: %ld Running or Waiting, %ld "
		  "Failed, %ld without a cpu request, %ld ending before their "
		  "creation, %ld with no instances", n, a->rows, a->skip_status,
		  a->skip_failed, a->skip_nocpu, a->skip_times, a->skip_empty);
}

/* Parse the current row into a->cur; 1 = instances to deliver, 0 =
 * skipped, < 0 = error. */
static int parse_row(struct a_src *a)
{
	struct tr_file *f = &a->f;
	int n = tr_split(f, ',');
	if (n < 0)
		return n;
	if (n != A_FIELDS) {
		tr_error(f, n > A_FIELDS ? f->fld[A_FIELDS].col
			 : (int)f->lr.len + 1,
			 "expected %d fields, got %d", A_FIELDS, n);
		return OS_EPARSE;
	}
	double create, end, cpu, mem;
	long long task, inst;
	if (tr_num(f, A_CREATE, &create) < 0)
		return tr_bad_field(f, A_CREATE, "create time", "a number");
	if (tr_num(f, A_END, &end) < 0)
		return tr_bad_field(f, A_END, "end time", "a number");
	if (tr_check_sec(f, A_CREATE, "create time", create) < 0 ||
	    tr_check_sec(f, A_END, "end time", end) < 0)
		return OS_EPARSE;
	if (tr_int(f, A_TASK, &task) < 0 || task < 0)
		return tr_bad_field(f, A_TASK, "task id",
				    "a non-negative integer");
	if (tr_int(f, A_INST, &inst) < 0 || inst < 0)
		return tr_bad_field(f, A_INST, "number of instances",
				    "a non-negative integer");
	if (inst > WL_JOB_TASKS_MAX)
		return tr_bad_field(f, A_INST, "number of instances",
				    "at most 1048576 (the limit of tasks per job)");
	a->rows++;
	const struct tr_field *st = &f->fld[A_STATUS];
	int failed = tr_field_is(st, "Failed");
	if (!tr_field_is(st, "Terminated") && !failed) {
		if (!tr_field_is(st, "Running") && !tr_field_is(st, "Waiting"))
			return tr_bad_field(f, A_STATUS, "status",
				"Terminated, Failed, Running or Waiting");
		a->skip_status++;
		return 0;
	}
	if (failed && !a->keep_failed) {
		a->skip_failed++;
		return 0;
	}
	if (tr_is_empty(f, A_CPU)) {
		a->skip_nocpu++;
		return 0;
	}
	if (tr_num(f, A_CPU, &cpu) < 0 || cpu < 0)
		return tr_bad_field(f, A_CPU, "cpu request",
				    "a non-negative number");
	if (tr_is_empty(f, A_MEM))
		mem = 0;
	else if (tr_num(f, A_MEM, &mem) < 0 || mem < 0)
		return tr_bad_field(f, A_MEM, "memory request",
				    "a non-negative number");
	if (tr_check_res(f, A_CPU, "cpu request", cpu / 100.0) < 0 ||
	    tr_check_res(f, A_MEM, "memory request", mem * a->scale_mem) < 0)
		return OS_EPARSE;
	if (end < create) {
		a->skip_times++;
		return 0;
	}
	if (inst == 0) {
		a->skip_empty++;
		return 0;
	}

	struct wl_task *t = &a->cur;
	memset(t, 0, sizeof *t);
	/* Negative create times are kept: the rebase removes the offset. */
	t->submit = (simtime_t)llround(create * 1e6);
	t->duration = simtime_from_sec(end - create);
	t->estimate = t->duration;
	t->job_id = task;
	t->job_tasks = (int)inst;
	t->user = -1;           /* batch_task names no users */
	t->line = f->lr.lineno;
	tr_set_res(f, t, "cpus", cpu / 100.0);
	tr_set_res(f, t, "mem", mem * a->scale_mem);

	if (tr_check_order(f, f->fld[A_CREATE].col, t->submit, "batch_task",
			   "create time")) {
		tr_note(f, "sort it first: (head -1 FILE; tail -n +2 FILE "
			"| sort -t, -k1,1n -k4,4n)");
		return OS_EPARSE;
	}
	a->left = inst;
	a->next_inst = 0;
	return 1;
}

static int is_header(struct tr_file *f)
{
	double v;
	return f->lr.lineno == 1 && tr_split(f, ',') > 0 && tr_num(f, 0, &v) < 0;
}

static int a_next(struct wl_source *s, struct wl_task *out)
{
	struct a_src *a = (struct a_src *)s;
	struct tr_file *f = &a->f;
	if (f->failed)
		return OS_EPARSE;
	while (a->left == 0) {
		int r = tr_next_line(f);
		if (r < 0)
			return r;
		if (r == 0) {
			report(a);
			return 0;
		}
		if (f->lr.len == 0 || is_header(f))
			continue;
		long rows = a->rows;
		r = parse_row(a);
		if (r < 0) {
			/* A malformed row is not one of the table's tasks. */
			a->rows = rows;
			if (tr_skip(f, r))
				continue;
			return r;
		}
	}
	*out = a->cur;
	out->task_id = a->next_inst++;
	a->left--;
	return 1;
}

static void a_stats(struct wl_source *s, struct wl_stats *out)
{
	tr_stats(&((struct a_src *)s)->f, out);
}

static void a_close(struct wl_source *s)
{
	struct a_src *a = (struct a_src *)s;
	tr_close(&a->f);
	free(a);
}

static const struct wl_source_ops a_ops = {
	.name = "alibaba2017",
	.next = a_next,
	.close = a_close,
	.stats = a_stats,
};

static int alibaba_open(const struct scenario *sc, int fw, struct diag *d,
			struct wl_source **out)
{
	*out = NULL;
	struct wl_opts o;
	wl_opt_init(&o, sc, fw, d);
	double scale_mem = wl_opt_num(&o, "scale.mem", 1, 0);
	int keep_failed = wl_opt_bool(&o, "keep_failed", 1);
	if (wl_opt_finish(&o) < 0)
		return OS_EINVAL;
	struct a_src *a = tr_alloc(sizeof *a, d);
	if (!a)
		return OS_ENOMEM;
	a->base.ops = &a_ops;
	a->scale_mem = scale_mem;
	a->keep_failed = keep_failed;
	int r = tr_open_workload(&a->f, sc, fw, d);
	if (r < 0) {
		free(a);
		return r;
	}
	*out = &a->base;
	return 0;
}

/* ---- trace sample: the lines of batch_task --------------------------- */

/* 8 fields: create time (s), end time, job id, task id (offersim's job),
 * ...; a first line that does not start with a number is a header. */
static int alibaba_line(struct wl_scan *s, int n, struct wl_line *out)
{
	struct tr_file *f = &s->f;
	double v;
	if (f->lr.lineno == 1 && n > 0 && tr_num(f, 0, &v) < 0)
		return out->kind = WL_LINE_KEEP, 0;
	if (wl_scan_count(f, n, 8, 0) < 0 ||
	    wl_scan_sec(f, 0, "create time", 1, out) < 0)
		return OS_EPARSE;
	return wl_scan_job(f, 3, "task id", out);
}

/* ---- from_trace: server_event.csv ------------------------------------ */

/* Every machine with an `add` event: its cores are cpus, its normalized
 * memory is multiplied by scale.mem (the workload's by default). */
/* Machine ids already added (server_event may repeat an add). */
struct idset {
	long long *v;
	size_t cap, n;
};

static size_t id_hash(long long id)
{
	uint64_t z = (uint64_t)id * UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(z ^ (z >> 29));
}

/* 1 when id was new (and is now in), 0 when seen, < 0 out of memory.
 * Ids are stored plus one, so 0 marks a free slot. */
static int idset_add(struct idset *s, long long id)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 1024;
		long long *nv = calloc(ncap, sizeof *nv);
		if (!nv)
			return OS_ENOMEM;
		for (size_t j = 0; j < s->cap; j++) {
			if (!s->v[j])
				continue;
			size_t i = id_hash(s->v[j] - 1) & (ncap - 1);
			while (nv[i])
				i = (i + 1) & (ncap - 1);
			nv[i] = s->v[j];
		}
		free(s->v);
		s->v = nv;
		s->cap = ncap;
	}
	size_t i = id_hash(id) & (s->cap - 1);
	for (; s->v[i]; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == id + 1)
			return 0;
	s->v[i] = id + 1;
	s->n++;
	return 1;
}

static int alibaba_machines(const struct wl_machine_opts *o,
			    struct tr_file *f, struct res_names *rn,
			    struct wl_machine_groups *gs)
{
	enum { S_TIME, S_ID, S_TYPE, S_DETAIL, S_CPU, S_MEM, S_DISK, S_FIELDS };
	int cpus = res_intern(rn, "cpus"), mem = res_intern(rn, "mem");
	struct idset ids = {0};
	int r;
	while ((r = tr_next_line(f)) > 0) {
		if (f->lr.len == 0)
			continue;
		if ((r = wl_mt_row(f, S_FIELDS)) < 0)
			break;
		double t;
		/* A copy with a header line names its columns. */
		if (f->lr.lineno == 1 && tr_num(f, S_TIME, &t) < 0)
			continue;
		int add = tr_field_is(&f->fld[S_TYPE], "add");
		if (!add && !o->per_machine)
			continue;
		long long id;
		double cpu, memory;
		if (tr_int(f, S_ID, &id) < 0 || id < 0 || id >= LLONG_MAX) {
			r = tr_bad_field(f, S_ID, "machine id",
					 "a non-negative integer");
			break;
		}
		char name[32];
		snprintf(name, sizeof name, "m%lld", id);
		if (!add) {
			/* softerror, harderror: the machine takes no new
			 * work (the trace's own words); remove, where a
			 * table has it: it leaves. */
			if (tr_num(f, S_TIME, &t) < 0) {
				r = tr_bad_field(f, S_TIME, "time",
						 "a number of seconds");
				break;
			}
			int kind = tr_field_is(&f->fld[S_TYPE], "remove")
				   ? WL_ME_REMOVE : WL_ME_FAIL;
			if ((r = wl_mt_event(gs, f, name, t, kind)) < 0)
				break;
			continue;
		}
		if ((r = wl_mt_nonneg(f, S_CPU, "number of cpus", &cpu)) < 0 ||
		    (r = wl_mt_nonneg(f, S_MEM, "normalized memory", &memory)) < 0)
			break;
		if ((r = idset_add(&ids, id)) < 0) {
			diag_error(f->d, f->path, 0, 0,
				   "out of memory reading machines");
			break;
		}
		if (r == 0) {
			/* added again: the first add gives the machine, a
			 * later one brings it back */
			if (o->per_machine && tr_num(f, S_TIME, &t) == 0 &&
			    (r = wl_mt_event(gs, f, name, t, WL_ME_ADD)) < 0)
				break;
			continue;
		}
		resq_t res[RES_MAX] = {0};
		res[cpus] = resq_from_double(cpu);
		res[mem] = resq_from_double(memory * o->scale_mem);
		if ((r = wl_mt_add(gs, f, o->per_machine ? name : "server",
				   !o->per_machine, res, 1)) < 0)
			break;
		double t0;
		if (o->per_machine && tr_num(f, S_TIME, &t0) == 0 && t0 > 0 &&
		    (r = wl_mt_event(gs, f, name, t0, WL_ME_ADD)) < 0)
			break;
	}
	free(ids.v);
	return r;
}

static const char *const alibaba_exts[] = {".csv", NULL};
static const char *const alibaba_res[] = {"cpus", "mem", NULL};

static const struct wl_scan_format alibaba_scan = {
	alibaba_line, ',', {NULL, 0, 0, 1},
};

static const struct wl_machine_format alibaba_machine = {
	.read = alibaba_machines,
	.scale = WL_MSCALE_MEM,
};

/* 8 comma-separated fields (perhaps under a header line), the create
 * time an integer and the status (Terminated, Failed, ...) a word. */
static int alibaba_sniff(const struct wl_sniff *s)
{
	char t[64], status[64];
	for (int i = 0; i < s->n && i < 2; i++) {
		const char *l = s->line[i];
		if (!wl_sniff_field(l, ',', 0, t, sizeof t) || !wl_sniff_is_int(t))
			continue;   /* the header */
		return wl_sniff_fields(l, ',') == 8 &&
		       wl_sniff_field(l, ',', 5, status, sizeof status) &&
		       status[0] && !wl_sniff_is_int(status);
	}
	return 0;
}

const struct wl_format wl_format_alibaba2017 = {
	.name = "alibaba2017",
	.summary = "batch_task of Alibaba's cluster-trace-v2017, sorted by "
		   "create time",
	.exts = alibaba_exts,
	.rebase = 1,
	.res = alibaba_res,
	.open = alibaba_open,
	.scan = &alibaba_scan,
	.machines = &alibaba_machine,
	.sniff = alibaba_sniff,
};
