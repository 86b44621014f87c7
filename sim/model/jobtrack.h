/*
 * jobtrack.h - the jobs in flight, for per-job metrics (jobs.csv).
 *
 * A job is every task record of one framework that shares a job id.  Its
 * record lives from its first task's arrival until it is closed (see
 * metrics.c for when), so memory follows the live jobs, never the length
 * of the trace.  A hash map (idtab.h) keyed on (framework, job id).
 * Nothing depends on the map's iteration order: the jobs still open at the
 * end are sorted before they are written.
 */
#ifndef OFFERSIM_JOBTRACK_H
#define OFFERSIM_JOBTRACK_H

#include <stddef.h>
#include <stdint.h>

#include "../core/idtab.h"
#include "../core/simtime.h"

struct job_rec {
	/* The table's key, read under the names the metrics use: job is
	 * key.id and fw is key.ns (a common initial sequence). */
	union {
		struct idkey key;
		struct {
			int64_t job;
			int fw;
		};
	};
	int job_tasks;            /* tasks the workload announced (0 unknown) */
	simtime_t submit;         /* earliest submit of its tasks */
	simtime_t start;          /* earliest first start of a task, or -1 */
	simtime_t end;            /* latest end of a task, or -1 */
	uint32_t arrived;         /* tasks submitted */
	uint32_t ended;           /* of them, finished or rejected */
	uint32_t rejected;        /* of them, rejected (fit no agent) */
	uint32_t gave_up;         /* of them, ended for good in a state
				     other than finished (retries spent,
				     killed): the job failed */
	uint32_t running;         /* scratch for the end-of-run rows */
	int64_t preemptions;      /* over its ended tasks */
};

struct jobtrack {
	struct idtab t;           /* of struct job_rec */
};

void jobtrack_init(struct jobtrack *m);
void jobtrack_release(struct jobtrack *m);
/* The record of (fw, job), created zeroed (times -1) when absent and
 * create is set; NULL when absent or out of memory.  The pointer is valid
 * until the next creation or deletion. */
struct job_rec *jobtrack_get(struct jobtrack *m, int fw, int64_t job,
			     int create);
/* A hint: jobtrack_get(fw, job) is coming (idtab_prefetch). */
static inline void jobtrack_read_ahead(const struct jobtrack *m, int fw,
				       int64_t job)
{
	idtab_prefetch(&m->t, job, fw);
}
/* Forget (fw, job); a no-op when absent. */
void jobtrack_del(struct jobtrack *m, int fw, int64_t job);
/* How many jobs are open. */
size_t jobtrack_count(const struct jobtrack *m);
/* Copies the open jobs to v (room for jobtrack_count), in no meaningful
 * order; returns how many. */
size_t jobtrack_copy(const struct jobtrack *m, struct job_rec *v);

#endif
