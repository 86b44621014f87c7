/*
 * queuelog.c - waiting tasks and jobs per framework over time (see
 * queuelog.h).
 *
 * Counts change many times within one instant (a pass takes tasks out of
 * the queue, a preemption puts them back), so a row is held back until
 * time moves on and written only when its counts differ from the row
 * before: the file is a step function with one row per real change.
 * Rows are formatted on the row pipe (sim/core/rowpipe.h), like the other
 * row files.
 */
#include "queuelog.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/diag.h"
#include "../core/err.h"
#include "../core/fmt.h"
#include "../core/rowpipe.h"
#include "world.h"

struct qjob {
	struct idkey key;
	uint32_t waiting;
};

int queuelog_open(struct world *w, const char *dir)
{
	struct queuelog *q = &w->qlog;
	idtab_init(&q->jobs, sizeof(struct qjob));
	q->pending = -1;
	q->final = outfile_path(dir, "queue.csv");
	size_t n = 2 * (size_t)(w->nfws > 0 ? w->nfws : 1);
	q->now = calloc(n, sizeof *q->now);
	q->shown = calloc(n, sizeof *q->shown);
	q->rows = malloc(sizeof *q->rows);
	if (!q->final || !q->now || !q->shown || !q->rows)
		return OS_ENOMEM;
	unlink(q->final);
	int e = outfile_open(&q->out, q->final, 0);
	if (e) {
		diag_error(w->diag, q->final, 0, 0, "cannot write: %s",
			   strerror(-e));
		return e == -ENOMEM ? OS_ENOMEM : OS_EWRITE;
	}
	q->f = q->out.f;
	fputs("time", q->f);
	for (int i = 0; i < w->nfws; i++)
		fprintf(q->f, ",%s.tasks,%s.jobs", w->fws[i].name,
			w->fws[i].name);
	fputc('\n', q->f);
	q->rows->f = q->f;
	q->rows->n = 0;
	return 0;
}

/* One row of queue.csv, as its record on the row pipe. */
struct qrow_rec {
	simtime_t t;
	int32_t n;                /* values: two a framework */
	uint32_t v[];
};

static void format_row(struct fmtout *out, simtime_t t, const uint32_t *v,
		       int n)
{
	/* The integer formatter into the block writer, not printf: a row
	 * is written at every instant a queue changes.  Each number has
	 * its own room, so any number of frameworks fits. */
	struct fmtbuf b = fmt_out_row(out, 32);
	fmt_fixed(&b, t, 6);
	fmt_out_end(out, &b);
	for (int i = 0; i < n; i++) {
		b = fmt_out_row(out, 32);
		fmt_char(&b, ',');
		fmt_u64(&b, v[i]);
		fmt_out_end(out, &b);
	}
	b = fmt_out_row(out, 1);
	fmt_char(&b, '\n');
	fmt_out_end(out, &b);
}

static void format_rec(struct fmtout *out, const void *rec)
{
	const struct qrow_rec *r = rec;
	format_row(out, r->t, r->v, r->n);
}

static void write_row(struct world *w, simtime_t t, const uint32_t *v)
{
	struct queuelog *q = &w->qlog;
	int n = 2 * w->nfws;
	size_t size = sizeof(struct qrow_rec) + (size_t)n * sizeof *v;
	if (w->rows && size <= ROWPIPE_MAX_REC) {
		/* Formatted on the pipe's worker, in order with the rows
		 * before it (rowpipe.h). */
		struct qrow_rec *r = rowpipe_put(w->rows, format_rec, q->rows, size);
		r->t = t;
		r->n = n;
		memcpy(r->v, v, (size_t)n * sizeof *v);
		rowpipe_done(w->rows);
	} else {
		/* Too wide for a record, as every row of this run is (the
		 * width is fixed): the file's rows are all made in line. */
		format_row(q->rows, t, v, n);
	}
	q->rows_written++;
	q->last = t;
}

/* Write the row held back, if its counts differ from the last row. */
static void flush(struct world *w)
{
	struct queuelog *q = &w->qlog;
	if (q->pending < 0)
		return;
	size_t n = 2 * (size_t)w->nfws;
	if (q->rows_written == 0 && q->pending > 0)
		write_row(w, 0, q->shown);
	if (q->rows_written == 0 || memcmp(q->now, q->shown, n * sizeof *q->now)) {
		write_row(w, q->pending, q->now);
		memcpy(q->shown, q->now, n * sizeof *q->now);
	}
	q->pending = -1;
}

void queuelog_change(struct world *w, int fw, int64_t job, int delta)
{
	struct queuelog *q = &w->qlog;
	if (!q->f)
		return;
	if (q->pending >= 0 && w->now > q->pending)
		flush(w);
	q->pending = w->now;
	struct qjob *j = idtab_find(&q->jobs, job, fw);
	if (!j) {
		BUG_ON(delta < 0);
		j = idtab_add(&q->jobs, job, fw);
		if (!j) {
			w->failed = OS_ENOMEM;
			return;
		}
		q->now[2 * fw + 1]++;
	}
	BUG_ON(delta < 0 && (j->waiting == 0 || q->now[2 * fw] == 0));
	j->waiting += delta;
	q->now[2 * fw] += delta;
	if (j->waiting == 0) {
		idtab_del(&q->jobs, job, fw);
		q->now[2 * fw + 1]--;
	}
}

int queuelog_finish(struct world *w)
{
	struct queuelog *q = &w->qlog;
	flush(w);
	if (q->rows_written == 0 || w->now > q->last)
		write_row(w, w->now, q->shown);
	rowpipe_drain(w->rows);
	fmt_out_flush(q->rows);
	q->f = NULL;
	int e = outfile_commit(&q->out);
	if (e) {
		diag_error(w->diag, q->final, 0, 0, "cannot write: %s",
			   strerror(-e));
		return OS_EWRITE;
	}
	return 0;
}

void queuelog_abort(struct world *w)
{
	struct queuelog *q = &w->qlog;
	/* No row may be formatted into a file being closed. */
	rowpipe_drain(w->rows);
	if (q->f) {
		outfile_abort(&q->out);
		q->f = NULL;
	}
	if (q->final)
		unlink(q->final);
}

void queuelog_release(struct world *w)
{
	struct queuelog *q = &w->qlog;
	if (q->f)
		outfile_abort(&q->out);
	free(q->final);
	free(q->now);
	free(q->shown);
	free(q->rows);
	idtab_release(&q->jobs);
	memset(q, 0, sizeof *q);
}
