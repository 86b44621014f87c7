/*
 * jobmap.h - waiting tasks grouped by job, for gang (rigid) jobs.
 *
 * A hash map (idtab.h) from job id to the list of that job's waiting
 * tasks (linked through the tasks themselves, in arrival order).  A rigid
 * job's tasks must start together, so the framework runtime looks them all
 * up when the policy reaches any one of them.  Lookups never depend on
 * iteration order of the map.
 */
#ifndef OFFERSIM_JOBMAP_H
#define OFFERSIM_JOBMAP_H

#include <stddef.h>
#include <stdint.h>

#include "../core/idtab.h"
#include "../core/res.h"
#include "../core/simtime.h"

struct jobmap_entry {
	struct idkey key;         /* key.id the job id; the table's */
	uint32_t head, tail;      /* first and last task id; POOL_NONE empty */
	uint32_t count;           /* waiting tasks of the job */
	uint32_t rejected;        /* its tasks rejected on arrival */
	/* The job as one unit, for backfilling: the sum of its waiting
	 * tasks' demands and the longest estimated work left among them. */
	resq_t demand[RES_MAX];
	simtime_t est_left;
	/* The scheduler's walk shows one task per rigid job: `rep`, the
	 * first of its tasks met in walk number `walk`. */
	uint64_t walk;
	uint32_t rep;
};

struct jobmap {
	struct idtab t;           /* of struct jobmap_entry */
};

void jobmap_init(struct jobmap *m);
void jobmap_release(struct jobmap *m);
/* The entry for job, created empty when absent; NULL when out of memory. */
struct jobmap_entry *jobmap_get(struct jobmap *m, int64_t job, int create);
/* Drop the entry of job (when its list became empty). */
void jobmap_del(struct jobmap *m, int64_t job);

#endif
