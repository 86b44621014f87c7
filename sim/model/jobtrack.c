/*
 * jobtrack.c - the jobs in flight over the shared id table (see
 * jobtrack.h and idtab.h); this file only gives a new record its unknown
 * times.
 */
#include "jobtrack.h"

void jobtrack_init(struct jobtrack *m)
{
	idtab_init(&m->t, sizeof(struct job_rec));
}

void jobtrack_release(struct jobtrack *m)
{
	idtab_release(&m->t);
}

struct job_rec *jobtrack_get(struct jobtrack *m, int fw, int64_t job,
			     int create)
{
	struct job_rec *r = idtab_find(&m->t, job, fw);
	if (r || !create)
		return r;
	r = idtab_add(&m->t, job, fw);
	if (r)
		r->start = r->end = -1;
	return r;
}

void jobtrack_del(struct jobtrack *m, int fw, int64_t job)
{
	idtab_del(&m->t, job, fw);
}

size_t jobtrack_count(const struct jobtrack *m)
{
	return m->t.n;
}

size_t jobtrack_copy(const struct jobtrack *m, struct job_rec *v)
{
	size_t n = 0;
	for (size_t i = 0; i < m->t.cap; i++) {
		const struct job_rec *r = idtab_slot(&m->t, i);
		if (r)
			v[n++] = *r;
	}
	return n;
}
