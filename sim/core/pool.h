/*
 * pool.h - a pool of fixed-size records addressed by 32-bit id.
 *
 * Records live in chunks that never move, so a record may embed an event
 * queue node (whose address the heap keeps) and still be addressed by id.
 * Freed ids are reused lowest-recently-freed first (a LIFO free list), so
 * memory follows the live working set, not the length of the trace.
 * Ids are what the engine stores and compares; addresses never decide
 * anything.
 */
#ifndef OFFERSIM_POOL_H
#define OFFERSIM_POOL_H

#include <stddef.h>
#include <stdint.h>

#define POOL_CHUNK_SHIFT 12
#define POOL_CHUNK (1u << POOL_CHUNK_SHIFT)
#define POOL_NONE UINT32_MAX

struct pool {
	unsigned char **chunks;
	size_t nchunks, chunk_cap;
	size_t elem;          /* record size, rounded to 8 */
	uint32_t next_fresh;  /* ids below this have been handed out */
	uint32_t free_head;   /* free list through the record's first word */
	uint32_t live, peak;
};

void pool_init(struct pool *p, size_t elem);
void pool_release(struct pool *p);

/* A zeroed record's id, or POOL_NONE when out of memory. */
uint32_t pool_alloc(struct pool *p);
/* The same, the record's contents undefined: for hot paths that set
 * every field they read. */
uint32_t pool_alloc_raw(struct pool *p);
void pool_free(struct pool *p, uint32_t id);

static inline void *pool_get(const struct pool *p, uint32_t id)
{
	return p->chunks[id >> POOL_CHUNK_SHIFT] +
	       (size_t)(id & (POOL_CHUNK - 1)) * p->elem;
}

#endif
