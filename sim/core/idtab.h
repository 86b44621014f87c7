/*
 * idtab.h - a hash table of fixed-size entries keyed by an id.
 *
 * Several parts of the simulator remember something per job for as long as
 * the job is live: the waiting tasks of a rigid job (jobmap.h), the jobs in
 * flight for jobs.csv (jobtrack.h), the rank of each job a workload's job
 * window has met (workloads/transform.c).  They share this one table: open
 * addressing with linear probing in a power-of-two array kept at most half
 * full, and backward-shift deletion, so no tombstones pile up over a long
 * trace and memory follows the live entries, never the trace's length.
 *
 * Each entry is a caller's struct whose first member is a struct idkey;
 * the table owns that member (the rest is the caller's).  The key is a
 * 64-bit id and an int namespace (a framework index, or 0 when there is
 * one), so the same job id in two frameworks is two entries.  The placement
 * of entries depends only on the keys and the order of insertions and
 * deletions, never on addresses, and no user depends on it: none iterates
 * the table to decide anything without sorting first.
 */
#ifndef OFFERSIM_IDTAB_H
#define OFFERSIM_IDTAB_H

#include <stddef.h>
#include <stdint.h>

struct idkey {
	int64_t id;
	int ns;
	uint32_t used;            /* slot in use: set and cleared by the table */
};

struct idtab {
	unsigned char *e;         /* cap entries of size bytes */
	size_t size;              /* bytes per entry, at least an idkey */
	size_t cap, n;            /* cap is 0 or a power of two >= 2 n */
};

/* An empty table of entries of size bytes (sizeof the caller's struct). */
void idtab_init(struct idtab *t, size_t size);
/* Frees the entries; the table is empty and may be used again. */
void idtab_release(struct idtab *t);
/* The entry of (id, ns), or NULL.  Valid until the next add or delete. */
void *idtab_find(const struct idtab *t, int64_t id, int ns);
/* Adds (id, ns), which must be absent, and returns its entry: zeroed but
 * for the key.  NULL when out of memory (the table is unchanged). */
void *idtab_add(struct idtab *t, int64_t id, int ns);
/* Removes (id, ns); a no-op when absent. */
void idtab_del(struct idtab *t, int64_t id, int ns);
/* Start loading the slot where a search for (id, ns) begins: a hint for
 * a caller that knows a lookup is coming. */
void idtab_prefetch(const struct idtab *t, int64_t id, int ns);
/* Slot i (0 <= i < cap) when in use, else NULL: a walk over all entries,
 * in an order that means nothing (sort what is found). */
void *idtab_slot(const struct idtab *t, size_t i);

#endif
