/*
 * jobmap.c - the waiting tasks of rigid jobs, by job, over the shared id
 * table (see jobmap.h and idtab.h); this file only gives a new entry its
 * empty list.
 */
#include "jobmap.h"

#include "../core/pool.h"

void jobmap_init(struct jobmap *m)
{
	idtab_init(&m->t, sizeof(struct jobmap_entry));
}

void jobmap_release(struct jobmap *m)
{
	idtab_release(&m->t);
}

struct jobmap_entry *jobmap_get(struct jobmap *m, int64_t job, int create)
{
	struct jobmap_entry *e = idtab_find(&m->t, job, 0);
	if (e || !create)
		return e;
	e = idtab_add(&m->t, job, 0);
	if (!e)
		return NULL;
	/* Zeroed by the table: demand, est_left, count, rejected, walk. */
	e->head = e->tail = POOL_NONE;
	e->rep = POOL_NONE;
	return e;
}

void jobmap_del(struct jobmap *m, int64_t job)
{
	idtab_del(&m->t, job, 0);
}
