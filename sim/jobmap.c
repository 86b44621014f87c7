/*
 * jobmap.c - linear probing with backward-shift deletion, so no
 * tombstones accumulate over a long trace (see jobmap.h).
 */
#include "jobmap.h"

#include <stdlib.h>
#include <string.h>

#include "pool.h"

void jobmap_init(struct jobmap *m)
{
	m->e = NULL;
	m->cap = m->n = 0;
}

void jobmap_release(struct jobmap *m)
{
	free(m->e);
	jobmap_init(m);
}

static size_t slot_of(int64_t job, size_t cap)
{
	uint64_t x = (uint64_t)job * UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(x >> 32) & (cap - 1);
}

static int grow(struct jobmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct jobmap_entry *e = calloc(cap, sizeof *e);
	if (!e)
		return -1;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->e[i].used)
			continue;
		size_t k = slot_of(m->e[i].job, cap);
		while (e[k].used)
			k = (k + 1) & (cap - 1);
		e[k] = m->e[i];
	}
	free(m->e);
	m->e = e;
	m->cap = cap;
	return 0;
}

struct jobmap_entry *jobmap_get(struct jobmap *m, int64_t job, int create)
{
	if (m->cap) {
		size_t k = slot_of(job, m->cap);
		while (m->e[k].used) {
			if (m->e[k].job == job)
				return &m->e[k];
			k = (k + 1) & (m->cap - 1);
		}
	}
	if (!create)
		return NULL;
	if ((m->n + 1) * 2 > m->cap && grow(m))
		return NULL;
	size_t k = slot_of(job, m->cap);
	while (m->e[k].used)
		k = (k + 1) & (m->cap - 1);
	m->e[k].used = 1;
	m->e[k].job = job;
	m->e[k].head = m->e[k].tail = POOL_NONE;
	m->e[k].count = 0;
	m->e[k].rejected = 0;
	memset(m->e[k].demand, 0, sizeof m->e[k].demand);
	m->e[k].est_left = 0;
	m->e[k].walk = 0;
	m->e[k].rep = POOL_NONE;
	m->n++;
	return &m->e[k];
}

void jobmap_del(struct jobmap *m, int64_t job)
{
	if (!m->cap)
		return;
	size_t k = slot_of(job, m->cap);
	while (m->e[k].used && m->e[k].job != job)
		k = (k + 1) & (m->cap - 1);
	if (!m->e[k].used)
		return;
	m->e[k].used = 0;
	m->n--;
	/* Shift later members of the probe run back into the hole. */
	size_t hole = k;
	for (size_t j = (k + 1) & (m->cap - 1); m->e[j].used;
	     j = (j + 1) & (m->cap - 1)) {
		size_t home = slot_of(m->e[j].job, m->cap);
		int movable = hole <= j ? (home <= hole || home > j)
					: (home <= hole && home > j);
		if (movable) {
			m->e[hole] = m->e[j];
			m->e[j].used = 0;
			hole = j;
		}
	}
}
