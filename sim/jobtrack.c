/*
 * jobtrack.c - linear probing over (framework, job id) with backward-shift
 * deletion (see jobtrack.h).
 */
#include "jobtrack.h"

#include <stdlib.h>
#include <string.h>

void jobtrack_init(struct jobtrack *m)
{
	m->e = NULL;
	m->cap = m->n = 0;
}

void jobtrack_release(struct jobtrack *m)
{
	free(m->e);
	jobtrack_init(m);
}

static size_t slot_of(int fw, int64_t job, size_t cap)
{
	uint64_t x = ((uint64_t)job ^ ((uint64_t)(unsigned)fw << 48)) *
		     UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(x >> 32) & (cap - 1);
}

static int grow(struct jobtrack *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct job_rec *e = calloc(cap, sizeof *e);
	if (!e)
		return -1;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->e[i].used)
			continue;
		size_t k = slot_of(m->e[i].fw, m->e[i].job, cap);
		while (e[k].used)
			k = (k + 1) & (cap - 1);
		e[k] = m->e[i];
	}
	free(m->e);
	m->e = e;
	m->cap = cap;
	return 0;
}

struct job_rec *jobtrack_get(struct jobtrack *m, int fw, int64_t job,
			     int create)
{
	if (m->cap) {
		size_t k = slot_of(fw, job, m->cap);
		while (m->e[k].used) {
			if (m->e[k].job == job && m->e[k].fw == fw)
				return &m->e[k];
			k = (k + 1) & (m->cap - 1);
		}
	}
	if (!create)
		return NULL;
	if ((m->n + 1) * 2 > m->cap && grow(m))
		return NULL;
	size_t k = slot_of(fw, job, m->cap);
	while (m->e[k].used)
		k = (k + 1) & (m->cap - 1);
	struct job_rec *r = &m->e[k];
	memset(r, 0, sizeof *r);
	r->used = 1;
	r->job = job;
	r->fw = fw;
	r->start = r->end = -1;
	m->n++;
	return r;
}

void jobtrack_del(struct jobtrack *m, int fw, int64_t job)
{
	if (!m->cap)
		return;
	size_t k = slot_of(fw, job, m->cap);
	while (m->e[k].used && !(m->e[k].job == job && m->e[k].fw == fw))
		k = (k + 1) & (m->cap - 1);
	if (!m->e[k].used)
		return;
	m->e[k].used = 0;
	m->n--;
	/* Shift later members of the probe run back into the hole. */
	size_t hole = k;
	for (size_t j = (k + 1) & (m->cap - 1); m->e[j].used;
	     j = (j + 1) & (m->cap - 1)) {
		size_t home = slot_of(m->e[j].fw, m->e[j].job, m->cap);
		int movable = hole <= j ? (home <= hole || home > j)
					: (home <= hole && home > j);
		if (movable) {
			m->e[hole] = m->e[j];
			m->e[j].used = 0;
			hole = j;
		}
	}
}
