/*
 * alibaba_gpu2023.c - the pod list of Alibaba's GPU cluster trace v2023
 * (cluster-trace-gpu-v2023, openb_pod_list_*.csv; format:
 * alibaba_gpu2023), streamed, plain or gzip.
 *
 * The file is CSV with a header line naming its columns; they are found by
 * name, in any order, and unknown columns are ignored.  Used: cpu_milli,
 * memory_mib, num_gpu, gpu_milli (the share of each GPU, 1000 = whole),
 * creation_time, scheduled_time, deletion_time (seconds), and qos and
 * name when present.
 *
 * Mapping.  Each pod is one task of a one-task job: job_id = the pod's
 * 0-based position among the data rows (pod names are openb-pod-NNNN, but
 * other pod lists may name pods otherwise), task_id 0, submit =
 * creation_time, duration = deletion_time - scheduled_time (the time it
 * held its resources; the real wait is not replayed, the simulated one
 * replaces it), estimate = duration, cpus = cpu_milli / 1000, mem =
 * memory_mib (MiB), gpus = num_gpu * gpu_milli / 1000.  GPUs are a scalar
 * resource in whole GPUs with offersim's 3 decimals, so gpu_milli maps
 * exactly: a pod sharing 46% of one GPU needs gpus 0.46.  The known cost
 * of a scalar: the simulator may pack 0.6 + 0.6 on a 2-GPU node, which a
 * real GPU-sharing scheduler would place on two GPUs anyway, but it also
 * lets 3 x 0.6 share 2 GPUs, which no real one could (a task cannot span
 * GPUs); the fragmentation the trace's paper studies is therefore
 * underestimated.  priority from qos: Guaranteed 3, LS 2, Burstable 1, BE
 * (and anything else) 0.  user -1: the list names no users.  A resource the scenario does not have is dropped
 * with one warning (a CPU-only scenario replays the trace's CPU and memory
 * demand), rather than refused: that is a legitimate study.
 *
 * Skipped pods, counted and reported in one warning at the end: those
 * never scheduled (Pending: no scheduled_time) and those whose deletion
 * precedes their scheduling.  Rows must be in non-decreasing creation
 * time, as the published list is.  Under `lenient` a malformed row is
 * skipped and counted; it takes no position, so job_id is then the
 * position among the well-formed rows.
 *
 * No options.
 *
 * The format's row of the table (wl_format_alibaba_gpu2023, at the end)
 * also gives `trace sample` its line scanner and `from_trace` the reader
 * of the node list.
 */
#include "formats.h"

#include <math.h>
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

enum {
	P_CPU, P_MEM, P_NGPU, P_GPUM, P_CREATE, P_SCHED, P_DELETE, P_QOS,
	P_COLS, P_REQUIRED = P_DELETE + 1
};

static const char *const col_names[P_COLS] = {
	"cpu_milli", "memory_mib", "num_gpu", "gpu_milli", "creation_time",
	"scheduled_time", "deletion_time", "qos",
};

struct p_src {
	struct wl_source base;
	struct tr_file f;
	int col[P_COLS];            /* field index, or -1 */
	int ncols;
	long pods;
	long skip_pending, skip_times;
	int reported;
};

static int read_header(struct p_src *p)
{
	int n = wl_mt_header(&p->f, col_names, P_COLS, P_REQUIRED, p->col,
			     "pod list");
	if (n < 0)
		return n;
	p->ncols = n;
	return 0;
}

static void report(struct p_src *p)
{
	long n = p->skip_pending + p->skip_times;
	if (p->reported || !n)
		return;
	p->reported = 1;
	diag_warn(p->f.d, p->f.path, 0, 0,
		  "skipped %ld of %ld pods: %ld never scheduled, %ld deleted "
		  "before being scheduled", n, p->pods, p->skip_pending,
		  p->skip_times);
}

/* A non-negative number in column k; *v = -1 when the field is empty. */
static int get(struct p_src *p, int k, double *v)
{
	int i = p->col[k];
	if (tr_is_empty(&p->f, i)) {
		*v = -1;
		return 0;
	}
	if (tr_num(&p->f, i, v) < 0 || *v < 0)
		return tr_bad_field(&p->f, i, col_names[k],
				    "a non-negative number");
	if (k >= P_CREATE)  /* the times */
		return tr_check_sec(&p->f, i, col_names[k], *v);
	return 0;
}

static int parse_pod(struct p_src *p, struct wl_task *out)
{
	struct tr_file *f = &p->f;
	int n = tr_split(f, ',');
	if (n < 0)
		return n;
	if (n != p->ncols) {
		tr_error(f, n > p->ncols ? f->fld[p->ncols].col
			 : (int)f->lr.len + 1,
			 "expected %d fields, got %d", p->ncols, n);
		return OS_EPARSE;
	}
	double v[P_QOS];
	for (int k = 0; k < P_QOS; k++)
		if (get(p, k, &v[k]) < 0)
			return OS_EPARSE;
	for (int k = 0; k < P_SCHED; k++)
		if (v[k] < 0)
			return tr_bad_field(f, p->col[k], col_names[k],
					    "a non-negative number");
	if (tr_check_res(f, p->col[P_CPU], col_names[P_CPU],
			 v[P_CPU] / 1000.0) < 0 ||
	    tr_check_res(f, p->col[P_MEM], col_names[P_MEM], v[P_MEM]) < 0 ||
	    tr_check_res(f, p->col[P_NGPU], col_names[P_NGPU],
			 v[P_NGPU] * v[P_GPUM] / 1000.0) < 0)
		return OS_EPARSE;
	long pod = p->pods++;
	if (v[P_SCHED] < 0 || v[P_DELETE] < 0) {
		p->skip_pending++;
		return 0;
	}
	if (v[P_DELETE] < v[P_SCHED]) {
		p->skip_times++;
		return 0;
	}
	memset(out, 0, sizeof *out);
	out->job_id = pod;
	out->submit = simtime_from_sec(v[P_CREATE]);
	out->duration = simtime_from_sec(v[P_DELETE] - v[P_SCHED]);
	out->estimate = out->duration;
	out->user = -1;         /* the pod list names no users */
	out->line = f->lr.lineno;
	if (p->col[P_QOS] >= 0) {
		static const char *const qos[] = {
			"BE", "Burstable", "LS", "Guaranteed",
		};
		for (int q = 0; q < 4; q++)
			if (tr_field_is(&f->fld[p->col[P_QOS]], qos[q]))
				out->priority = q;
	}
	tr_set_res(f, out, "cpus", v[P_CPU] / 1000.0);
	tr_set_res(f, out, "mem", v[P_MEM]);
	tr_set_res(f, out, "gpus", v[P_NGPU] * v[P_GPUM] / 1000.0);

	if (tr_check_order(f, f->fld[p->col[P_CREATE]].col, out->submit,
			   "pod list", "creation_time"))
		return OS_EPARSE;
	return 1;
}

static int p_next(struct wl_source *s, struct wl_task *out)
{
	struct p_src *p = (struct p_src *)s;
	struct tr_file *f = &p->f;
	if (f->failed)
		return OS_EPARSE;
	for (;;) {
		int r = tr_next_line(f);
		if (r < 0)
			return r;
		if (r == 0) {
			report(p);
			return 0;
		}
		if (f->lr.len == 0)
			continue;
		long pods = p->pods;
		r = parse_pod(p, out);
		if (r < 0) {
			/* A malformed row is not a pod: it takes no
			 * position (job_id) and is not counted. */
			p->pods = pods;
			if (tr_skip(f, r))
				continue;
			return r;
		}
		if (r > 0)
			return 1;
	}
}

static void p_stats(struct wl_source *s, struct wl_stats *out)
{
	tr_stats(&((struct p_src *)s)->f, out);
}

static void p_close(struct wl_source *s)
{
	struct p_src *p = (struct p_src *)s;
	tr_close(&p->f);
	free(p);
}

static const struct wl_source_ops p_ops = {
	.name = "alibaba_gpu2023",
	.next = p_next,
	.close = p_close,
	.stats = p_stats,
};

static int gpu_open(const struct scenario *sc, int fw, struct diag *d,
		    struct wl_source **out)
{
	*out = NULL;
	struct wl_opts o;
	wl_opt_init(&o, sc, fw, d);
	if (wl_opt_finish(&o) < 0)
		return OS_EINVAL;
	struct p_src *p = tr_alloc(sizeof *p, d);
	if (!p)
		return OS_ENOMEM;
	p->base.ops = &p_ops;
	int r = tr_open_workload(&p->f, sc, fw, d);
	if (r == 0)
		r = read_header(p);
	if (r < 0) {
		tr_close(&p->f);
		free(p);
		return r;
	}
	*out = &p->base;
	return 0;
}

/* ---- trace sample: the lines of the pod list ------------------------- */

/* A header naming the columns; the time is creation_time, the job the
 * pod's position. */
static int gpu_line(struct wl_scan *s, int n, struct wl_line *out)
{
	struct tr_file *f = &s->f;
	if (!s->have_header) {
		s->have_header = 1;
		s->ncols = n;
		s->time_col = -1;
		for (int i = 0; i < n; i++)
			if (tr_field_is(&f->fld[i], "creation_time"))
				s->time_col = i;
		if (s->time_col < 0) {
			tr_fatal(f, 1, "missing required column "
				 "'creation_time' in the pod list header");
			return OS_EPARSE;
		}
		return out->kind = WL_LINE_KEEP, 0;
	}
	if (wl_scan_count(f, n, s->ncols, 0) < 0 ||
	    wl_scan_sec(f, s->time_col, "creation_time", 0, out) < 0)
		return OS_EPARSE;
	out->job = s->rows;
	return 0;
}

/* ---- from_trace: the node list (openb_node_list_*.csv) --------------- */

/* Milli-cores become cpus, MiB stay mem and GPUs are whole; the model
 * names the group (G2, T4, ...; CPU-only nodes "cpu"). */
static int gpu_machines(const struct wl_machine_opts *o, struct tr_file *f,
			struct res_names *rn, struct wl_machine_groups *gs)
{
	(void)o;    /* real units: nothing to scale */
	static const char *const names[] = {"cpu_milli", "memory_mib", "gpu",
					    "model"};
	int col[4];
	int nf = wl_mt_header(f, names, 4, 3, col, "node list");
	if (nf < 0)
		return nf;
	int cpus = res_intern(rn, "cpus"), mem = res_intern(rn, "mem");
	int gpus = res_intern(rn, "gpus");
	int r;
	while ((r = tr_next_line(f)) > 0) {
		if (f->lr.len == 0)
			continue;
		if ((r = wl_mt_row(f, nf)) < 0)
			return r;
		double v[3];
		for (int k = 0; k < 3; k++)
			if (wl_mt_nonneg(f, col[k], names[k], &v[k]) < 0)
				return OS_EPARSE;
		/* The model names the group; keep it to a safe name. */
		char base[32] = "cpu";
		if (col[3] >= 0 && f->fld[col[3]].len > 0) {
			const struct tr_field *m = &f->fld[col[3]];
			int n = 0;
			for (int i = 0; i < m->len && n < (int)sizeof base - 1; i++) {
				char ch = m->s[i];
				int ok = (ch >= 'a' && ch <= 'z') ||
					 (ch >= 'A' && ch <= 'Z') ||
					 (ch >= '0' && ch <= '9') || ch == '-';
				base[n++] = ok ? ch : '-';
			}
			base[n] = '\0';
		}
		resq_t res[RES_MAX] = {0};
		res[cpus] = resq_from_double(v[0] / 1000.0);
		res[mem] = resq_from_double(v[1]);
		res[gpus] = resq_from_double(v[2]);
		if ((r = wl_mt_add(gs, f, base, 0, res, 1)) < 0)
			return r;
	}
	return r;
}

static const char *const gpu_exts[] = {".csv", NULL};
static const char *const gpu_res[] = {"cpus", "mem", "gpus", NULL};

static const struct wl_scan_format gpu_scan = {
	gpu_line, ',', {NULL, 0, 0, 1},
};

static const struct wl_machine_format gpu_machine = {
	.read = gpu_machines,
	.scale = 0,
};

/* A header naming creation_time and cpu_milli. */
static int gpu_sniff(const struct wl_sniff *s)
{
	return wl_sniff_has_field(s->line[0], ',', "creation_time") &&
	       wl_sniff_has_field(s->line[0], ',', "cpu_milli");
}

const struct wl_format wl_format_alibaba_gpu2023 = {
	.name = "alibaba_gpu2023",
	.summary = "the pod list of Alibaba's GPU cluster trace v2023",
	.exts = gpu_exts,
	.rebase = 1,
	.res = gpu_res,
	.open = gpu_open,
	.scan = &gpu_scan,
	.machines = &gpu_machine,
	.sniff = gpu_sniff,
};
