/*
 * queuelog.h - queue.csv: how many tasks and how many jobs wait in each
 * framework's queue, over time.
 *
 * A task waits while it is in its framework's queue: from its arrival (or
 * its requeue after a preemption) until it is launched or rejected.  A job
 * waits while at least one of its tasks waits.  The framework runtime
 * reports every insertion into and removal from a queue; one row is
 * written per instant at which a count changed, with the counts after
 * everything that happened at that instant, so each row holds as a step
 * until the next.  The first row is at time 0, the last at the run's end.
 *
 * Columns: time, then for each framework in id order NAME.tasks and
 * NAME.jobs.
 */
#ifndef OFFERSIM_QUEUELOG_H
#define OFFERSIM_QUEUELOG_H

#include <stdint.h>
#include <stdio.h>

#include "../core/idtab.h"
#include "../core/outfile.h"
#include "../core/simtime.h"

struct world;
struct fmtout;

struct queuelog {
	FILE *f;                  /* out.f while open, else NULL */
	struct outfile out;       /* written whole or not at all */
	char *final;
	uint32_t *now;            /* tasks, jobs per framework: 2 x nfws */
	uint32_t *shown;          /* as in the last row written */
	simtime_t pending;        /* instant of the unwritten change, or -1 */
	struct fmtout *rows;      /* rows on their way to f */
	int rows_written;
	simtime_t last;           /* time of the last row */
	struct idtab jobs;        /* (fw, job) -> tasks of it waiting */
};

/* Open queue.csv's temporary file in dir and write its header. */
int queuelog_open(struct world *w, const char *dir);
/* A task of framework fw and job job entered (delta +1) or left (-1) the
 * framework's queue now. */
void queuelog_change(struct world *w, int fw, int64_t job, int delta);
/* After the last event: the last rows, then rename into place. */
int queuelog_finish(struct world *w);
/* Drop the temporary file (a failed run). */
void queuelog_abort(struct world *w);
void queuelog_release(struct world *w);

#endif
