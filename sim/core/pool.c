/*
 * pool.c - chunked record pool with a free list (see pool.h).
 */
#include "pool.h"

#include <stdlib.h>
#include <string.h>

void pool_init(struct pool *p, size_t elem)
{
	memset(p, 0, sizeof *p);
	p->elem = (elem + 7) & ~(size_t)7;
	if (p->elem < sizeof(uint32_t))
		p->elem = sizeof(uint32_t);
	p->free_head = POOL_NONE;
}

void pool_release(struct pool *p)
{
	for (size_t i = 0; i < p->nchunks; i++)
		free(p->chunks[i]);
	free(p->chunks);
	pool_init(p, p->elem);
}

uint32_t pool_alloc(struct pool *p)
{
	uint32_t id = pool_alloc_raw(p);
	if (id != POOL_NONE)
		memset(pool_get(p, id), 0, p->elem);
	return id;
}

uint32_t pool_alloc_raw(struct pool *p)
{
	uint32_t id;
	if (p->free_head != POOL_NONE) {
		id = p->free_head;
		unsigned char *r = pool_get(p, id);
		memcpy(&p->free_head, r, sizeof p->free_head);
	} else {
		id = p->next_fresh;
		if (id == POOL_NONE)
			return POOL_NONE;
		size_t chunk = id >> POOL_CHUNK_SHIFT;
		if (chunk >= p->nchunks) {
			if (p->nchunks == p->chunk_cap) {
				size_t cap = p->chunk_cap ? p->chunk_cap * 2 : 16;
				unsigned char **c = realloc(p->chunks, cap * sizeof *c);
				if (!c)
					return POOL_NONE;
				p->chunks = c;
				p->chunk_cap = cap;
			}
			p->chunks[p->nchunks] = malloc(p->elem * POOL_CHUNK);
			if (!p->chunks[p->nchunks])
				return POOL_NONE;
			p->nchunks++;
		}
		p->next_fresh++;
	}
	p->live++;
	if (p->live > p->peak)
		p->peak = p->live;
	return id;
}

void pool_free(struct pool *p, uint32_t id)
{
	unsigned char *r = pool_get(p, id);
	memcpy(r, &p->free_head, sizeof p->free_head);
	p->free_head = id;
	p->live--;
}
