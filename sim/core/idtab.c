/*
 * idtab.c - linear probing with backward-shift deletion (see idtab.h).
 *
 * The table grows by doubling when an insertion would make it more than
 * half full, starting at 64 slots; it never shrinks (a burst of live jobs
 * is likely to come again, and the memory is small next to the tasks').
 */
#include "idtab.h"

#include <stdlib.h>
#include <string.h>

void idtab_init(struct idtab *t, size_t size)
{
	t->e = NULL;
	t->size = size;
	t->cap = t->n = 0;
}

void idtab_release(struct idtab *t)
{
	free(t->e);
	idtab_init(t, t->size);
}

static struct idkey *key_at(const struct idtab *t, size_t i)
{
	return (struct idkey *)(void *)(t->e + i * t->size);
}

/* Fibonacci hashing; the namespace goes to bits the ids of one trace
 * seldom reach. */
static size_t home_of(int64_t id, int ns, size_t cap)
{
	uint64_t x = ((uint64_t)id ^ ((uint64_t)(unsigned)ns << 48)) *
		     UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(x >> 32) & (cap - 1);
}

static int same(const struct idkey *k, int64_t id, int ns)
{
	return k->id == id && k->ns == ns;
}

static int grow(struct idtab *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64;
	unsigned char *e = calloc(cap, t->size);
	if (!e)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		const struct idkey *k = key_at(t, i);
		if (!k->used)
			continue;
		size_t j = home_of(k->id, k->ns, cap);
		while (((const struct idkey *)(void *)(e + j * t->size))->used)
			j = (j + 1) & (cap - 1);
		memcpy(e + j * t->size, k, t->size);
	}
	free(t->e);
	t->e = e;
	t->cap = cap;
	return 0;
}

void *idtab_find(const struct idtab *t, int64_t id, int ns)
{
	if (!t->cap)
		return NULL;
	for (size_t i = home_of(id, ns, t->cap);; i = (i + 1) & (t->cap - 1)) {
		struct idkey *k = key_at(t, i);
		if (!k->used)
			return NULL;
		if (same(k, id, ns))
			return k;
	}
}

void idtab_prefetch(const struct idtab *t, int64_t id, int ns)
{
	if (t->cap)
		__builtin_prefetch(key_at(t, home_of(id, ns, t->cap)));
}

void *idtab_add(struct idtab *t, int64_t id, int ns)
{
	if ((t->n + 1) * 2 > t->cap && grow(t))
		return NULL;
	size_t i = home_of(id, ns, t->cap);
	while (key_at(t, i)->used)
		i = (i + 1) & (t->cap - 1);
	struct idkey *k = key_at(t, i);
	memset(k, 0, t->size);
	k->id = id;
	k->ns = ns;
	k->used = 1;
	t->n++;
	return k;
}

void idtab_del(struct idtab *t, int64_t id, int ns)
{
	if (!t->cap)
		return;
	size_t mask = t->cap - 1, i = home_of(id, ns, t->cap);
	while (key_at(t, i)->used && !same(key_at(t, i), id, ns))
		i = (i + 1) & mask;
	if (!key_at(t, i)->used)
		return;
	key_at(t, i)->used = 0;
	t->n--;
	/* Shift later members of the probe run back into the hole, unless
	 * their home lies cyclically after the hole (they would then sit
	 * before their home, out of reach of a lookup). */
	size_t hole = i;
	for (size_t j = (i + 1) & mask; key_at(t, j)->used; j = (j + 1) & mask) {
		const struct idkey *k = key_at(t, j);
		size_t home = home_of(k->id, k->ns, t->cap);
		int movable = hole <= j ? (home <= hole || home > j)
					: (home <= hole && home > j);
		if (movable) {
			memcpy(key_at(t, hole), k, t->size);
			key_at(t, j)->used = 0;
			hole = j;
		}
	}
}

void *idtab_slot(const struct idtab *t, size_t i)
{
	struct idkey *k = key_at(t, i);
	return k->used ? k : NULL;
}
