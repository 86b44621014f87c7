/*
 * tracewrite.c - trace outputs through a temporary name, plain or gzip,
 * and the native CSV writer (see tracewrite.h).
 *
 * The CSV columns are one table: a column is a name and a function that
 * prints a record's value, so a new field of struct wl_task that the
 * native reader learns is one line here too.  Optional values a record
 * does not have are written empty (an estimate equal to nothing, a job
 * size of 0), which the reader takes as "unknown", as it would an absent
 * column.
 */
#include "tracewrite.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/core/fmt.h"
#include "../sim/core/outfile.h"
#include "../sim/core/res.h"
#include "source.h"

/* ---- outputs ------------------------------------------------------------ */

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

int wl_out_open(struct wl_out *o, const char *path, struct diag *d)
{
	memset(o, 0, sizeof *o);
	const char *slash = strrchr(path, '/');
	if (!*(slash ? slash + 1 : path)) {
		diag_error(d, path, 0, 0, "the output needs a file name");
		return OS_EINVAL;
	}
	int e = outfile_open(&o->out, path, OUTFILE_DASH);
	if (e) {
		diag_error(d, path, 0, 0, "cannot write: %s", strerror(-e));
		memset(o, 0, sizeof *o);
		return e == -ENOMEM ? OS_ENOMEM : OS_EIO;
	}
	o->gz = ends_with(path, ".gz");
	if (o->gz) {
		/* zlib writes through its own descriptor, a copy of the
		 * outfile's, which then only has to be renamed. */
		int fd = dup(fileno(o->out.f));
		o->f = fd >= 0 ? (void *)gzdopen(fd, "wb6") : NULL;
		if (!o->f) {
			if (fd >= 0)
				close(fd);
			diag_error(d, path, 0, 0, "cannot write: out of memory");
			outfile_abort(&o->out);
			memset(o, 0, sizeof *o);
			return OS_ENOMEM;
		}
	} else {
		o->f = o->out.f;
	}
	return 0;
}

int wl_out_write(struct wl_out *o, const char *buf, size_t n)
{
	if (o->failed || !o->f)
		return OS_EIO;
	if (o->gz) {
		/* gzwrite takes an unsigned length; lines are far shorter. */
		while (n > 0) {
			unsigned k = n > 1u << 30 ? 1u << 30 : (unsigned)n;
			if (gzwrite((gzFile)o->f, buf, k) != (int)k) {
				o->failed = errno ? errno : EIO;
				return OS_EIO;
			}
			buf += k;
			n -= k;
		}
		return 0;
	}
	if (fwrite(buf, 1, n, (FILE *)o->f) != n) {
		o->failed = errno ? errno : EIO;
		return OS_EIO;
	}
	return 0;
}

int wl_out_commit(struct wl_out *o, struct diag *d)
{
	if (!o->f) {
		memset(o, 0, sizeof *o);
		return OS_EIO;
	}
	char *path = strdup(o->out.path);
	int e = o->failed;
	if (o->gz) {
		errno = 0;
		if (gzclose((gzFile)o->f) != Z_OK && !e)
			e = errno ? errno : EIO;
	}
	o->f = NULL;
	if (e) {
		outfile_abort(&o->out);
	} else {
		e = -outfile_commit(&o->out);
	}
	int rc = 0;
	if (e) {
		diag_error(d, path ? path : "output", 0, 0, "cannot write: %s",
			   strerror(e));
		rc = OS_EIO;
	}
	free(path);
	memset(o, 0, sizeof *o);
	return rc;
}

void wl_out_abort(struct wl_out *o)
{
	if (o->f && o->gz)
		gzclose((gzFile)o->f);
	if (o->out.f)
		outfile_abort(&o->out);
	memset(o, 0, sizeof *o);
}

/* ---- the native CSV ----------------------------------------------------- */

typedef void put_fn(struct fmtbuf *b, const struct wl_task *t);

static void put_job(struct fmtbuf *b, const struct wl_task *t)
{
	fmt_i64(b, t->job_id);
}

static void put_task(struct fmtbuf *b, const struct wl_task *t)
{
	fmt_i64(b, t->task_id);
}

static void put_submit(struct fmtbuf *b, const struct wl_task *t)
{
	fmt_trimmed(b, t->submit, 6);
}

static void put_duration(struct fmtbuf *b, const struct wl_task *t)
{
	fmt_trimmed(b, t->duration, 6);
}

/* The reader wants an estimate > 0, and takes empty as "the duration". */
static void put_estimate(struct fmtbuf *b, const struct wl_task *t)
{
	if (t->estimate > 0)
		fmt_trimmed(b, t->estimate, 6);
}

static void put_priority(struct fmtbuf *b, const struct wl_task *t)
{
	fmt_i64(b, t->priority);
}

static void put_job_tasks(struct fmtbuf *b, const struct wl_task *t)
{
	if (t->job_tasks > 0)
		fmt_i64(b, t->job_tasks);
}

static void put_procs(struct fmtbuf *b, const struct wl_task *t)
{
	if (t->procs > 0)
		fmt_i64(b, t->procs);
}

static void put_user(struct fmtbuf *b, const struct wl_task *t)
{
	if (t->user >= 0)
		fmt_i64(b, t->user);
}

static void put_sched_class(struct fmtbuf *b, const struct wl_task *t)
{
	fmt_i64(b, t->sched_class);
}

static void put_attempt(struct fmtbuf *b, const struct wl_task *t)
{
	if (t->attempt > 0)
		fmt_i64(b, t->attempt);
}

/* The csv reader's words for enum wl_end; empty for finished. */
static void put_end_state(struct fmtbuf *b, const struct wl_task *t)
{
	static const char *const names[] = {
		"", "failed", "killed", "lost", "evicted",
	};
	if (t->end > 0 && t->end < (int)(sizeof names / sizeof names[0]))
		fmt_str(b, names[t->end]);
}

/* The fixed columns, in the order written; resources follow. */
static const struct csv_col {
	const char *name;
	put_fn *put;
} csv_cols[] = {
	{"job_id", put_job},
	{"task_id", put_task},
	{"submit", put_submit},
	{"duration", put_duration},
	{"estimate", put_estimate},
	{"priority", put_priority},
	{"job_tasks", put_job_tasks},
	{"sched_class", put_sched_class},
	{"procs", put_procs},
	{"user", put_user},
	{"attempt", put_attempt},
	{"end_state", put_end_state},
};

#define NCOLS (sizeof csv_cols / sizeof csv_cols[0])

int wl_csv_write_header(struct wl_out *o, const struct res_names *rn)
{
	char line[NCOLS * 16 + RES_MAX * (RES_NAME_MAX + 1) + 2];
	struct fmtbuf b = { line, line + sizeof line };
	for (size_t i = 0; i < NCOLS; i++) {
		if (i)
			fmt_char(&b, ',');
		fmt_str(&b, csv_cols[i].name);
	}
	for (int r = 0; r < rn->n; r++) {
		fmt_char(&b, ',');
		fmt_str(&b, rn->name[r]);
	}
	fmt_char(&b, '\n');
	return wl_out_write(o, line, (size_t)(b.p - line));
}

int wl_csv_write_task(struct wl_out *o, const struct res_names *rn,
		      const struct wl_task *t)
{
	/* At most 21 characters per number, 22 with its comma. */
	char line[(NCOLS + RES_MAX) * 24 + 2];
	struct fmtbuf b = { line, line + sizeof line };
	for (size_t i = 0; i < NCOLS; i++) {
		if (i)
			fmt_char(&b, ',');
		csv_cols[i].put(&b, t);
	}
	for (int r = 0; r < rn->n; r++) {
		fmt_char(&b, ',');
		fmt_trimmed(&b, t->res[r], 3);
	}
	fmt_char(&b, '\n');
	return wl_out_write(o, line, (size_t)(b.p - line));
}
