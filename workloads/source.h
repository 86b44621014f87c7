/*
 * source.h - the one interface every workload source implements.
 *
 * A source yields task records in non-decreasing submit time, one at a time,
 * so a trace is streamed and never held whole in memory.  Trace readers
 * (native CSV, SWF, Google, Alibaba: the format table of formats.h) and
 * the synthetic generator all sit behind it; the framework runtime pulls
 * the next record when the previous one has been submitted.
 *
 * Times are simulated microseconds from the start of the run.  Resources
 * are indexed by the scenario's resource names (struct res_names).  The
 * native CSV format keeps its submit times as written; the formats of real
 * logs (swf, google2011, alibaba2017, alibaba_gpu2023) are rebased, so the
 * first record delivered (after the filter and the windows) is submitted at
 * time 0.
 */
#ifndef OFFERSIM_SOURCE_H
#define OFFERSIM_SOURCE_H

#include <stdint.h>

#include "../sim/core/res.h"
#include "../sim/core/simtime.h"

struct scenario;
struct workload_spec;
struct diag;

struct wl_task {
	int64_t job_id;       /* from the trace, or generated (1-based) */
	int64_t task_id;      /* index within its job (0-based) */
	simtime_t submit;     /* >= previous record's submit */
	simtime_t duration;   /* actual run time, >= 0 */
	simtime_t estimate;   /* the user's estimate; = duration if unknown */
	int priority;         /* higher is more important; 0 if unknown */
	int job_tasks;        /* tasks in this job (0 if unknown): a rigid
				 job (gang:) starts once all have arrived */
	int procs;            /* processors of the job, as the F1/WFP3/UNICEP
				 scores count them (0: job_tasks) */
	resq_t res[RES_MAX];  /* demand per scenario resource */
	long line;            /* trace line (0 for generated records) */
	int sched_class;      /* Google 2011 scheduling class (0-3), or the
				 synthetic job class (index in `classes:`);
				 0 when the source has none */
	int64_t user;         /* who submitted it, as wl_user_id() numbers
				 it; -1 when the format has no user */
	int attempt;          /* the trace's attempt of this task, 0, 1, ...
				 (Google 2011 resubmits a task after it
				 failed or was evicted); 0 elsewhere */
	int end;              /* enum wl_end: how the trace says the attempt
				 ended after its duration */
};

/* The most tasks one job may have, whatever the source: 2^20, above any
 * job of the published traces (the largest Parallel Workloads Archive
 * logs have jobs on 163,840 processors; Alibaba's and Google's largest
 * jobs have tens of thousands of tasks), and what keeps one trace line or
 * one draw from standing for billions of records.  Readers reject a job
 * above it (a lenient read skips the line). */
#define WL_JOB_TASKS_MAX 1048576

/* How a trace record's attempt ended, as the trace recorded it; the
 * simulated attempt ends the same way when its duration has run.  Zero
 * (finished) for every format that records only completed work. */
enum wl_end { WL_END_FINISHED, WL_END_FAILED, WL_END_KILLED, WL_END_LOST,
	      WL_END_EVICTED };

/*
 * The number of a user named by the text s[0..len): a decimal integer
 * that fits int64 is itself (SWF user ids, numeric CSV users); "-1" and
 * the empty text are -1 (unknown); any other text (Google's user hashes,
 * CSV user names) is a fixed 64-bit FNV-1a hash folded into [2^62, 2^63),
 * so it is the same in every run and never meets the small ids logs use.
 * `offersim trace convert` writes every user as its number, which reads
 * back as itself.  The scenario's `filter: {user: ...}` values go through
 * the same function.
 */
int64_t wl_user_id(const char *s, unsigned long len);

struct wl_source;

/* What a source can tell about its input so far. */
struct wl_stats {
	long skipped_lines;     /* malformed lines skipped (workload
				   `lenient`); 0 otherwise */
	long long bytes_read;   /* input consumed, in bytes of the file as
				   stored (compressed bytes for gzip): the
				   numerator of a progress bar */
};

struct wl_source_ops {
	const char *name;
	/*
	 * Produce the next record into *out.  Returns 1 when a record was
	 * produced, 0 at the end, or a negative code after reporting the
	 * problem through the diag given at open time.
	 */
	int (*next)(struct wl_source *s, struct wl_task *out);
	void (*close)(struct wl_source *s);
	/* Fill *out (zeroed by the caller).  Optional: NULL means a
	 * source that reads no file (the synthetic generator). */
	void (*stats)(struct wl_source *s, struct wl_stats *out);
};

struct wl_source {
	const struct wl_source_ops *ops;
};

/*
 * Open the workload of framework fw (index into sc->fws), with its
 * transforms (filter, windows, framework_by selection, scales; see
 * transform.h).  The seed and the framework's origin name select the named
 * random streams of a synthetic source, so two frameworks never share
 * draws.  When load_scale is set and not yet measured, the workload is
 * read once before it is returned, to measure its offered load.  Returns
 * 0 and sets *out, or a negative code after reporting through d.
 */
int wl_open(const struct scenario *sc, int fw, struct diag *d,
	    struct wl_source **out);

/*
 * The same, read ahead on a thread of its own when the workload is a trace
 * and the process may run on a second processor (prefetch.h): what the source
 * delivers and reports, and when, is the same either way.
 */
int wl_open_ahead(const struct scenario *sc, int fw, struct diag *d,
		  struct wl_source **out);

/* Whether a source wl_open_ahead opened reads on a thread of its own (at
 * most one per spare processor in the process do; the others read in
 * line). */
int wl_reads_ahead(const struct wl_source *s);

static inline int wl_next(struct wl_source *s, struct wl_task *out)
{
	return s->ops->next(s, out);
}

/* Close and free; wl_close(NULL) is a no-op. */
void wl_close(struct wl_source *s);

/* The source's statistics so far; zeros for NULL or a source without
 * them. */
void wl_stats(struct wl_source *s, struct wl_stats *out);

/*
 * For a source opened by wl_open() on a rebased format: 1 and *origin =
 * the trace's own submit time of the first delivered record (what the
 * rebase subtracted), once a record was delivered; 0 otherwise.
 */
int wl_origin(const struct wl_source *s, simtime_t *origin);

/*
 * Add to *rn the resource columns of the native CSV trace at path (every
 * header column that is not one of the format's fixed ones): the csv
 * row's file_res in the format table (formats.h).  Returns 0, or a
 * negative code after reporting through d.
 */
int wl_csv_resources(const char *path, struct res_names *rn, struct diag *d);

#endif
