/*
 * perm.h - a uniform random permutation of 0..n-1, drawn one position at a
 * time.
 *
 * The allocator walks its candidate agents in a random order per pass, as
 * Mesos shuffles its agents, but on a large cluster a pass usually deals
 * with a few agents one by one and the rest in bulk, in id order (master.c).
 * Shuffling all n agents first would cost n draws for a handful of visits.
 * This is the forward Fisher-Yates shuffle run lazily: position i takes the
 * value at a position drawn uniformly from [i, n), so the first k values
 * cost k draws whatever n is, and the order is uniform over all n! orders.
 *
 * Values that moved are kept in a small hash table until a stage has drawn
 * sparse_upto positions; then the rest of the table is laid out densely in
 * one O(n) step and the walk goes on in the array.  Where the switch happens
 * changes the memory used, never the permutation or the draws
 * (tests/test_dist.c checks this on random switch points).
 *
 * Each permutation draws from its own generator, seeded by the caller with
 * one value from a named stream: so the named stream advances by the same
 * amount whether the caller reads two positions or all n, which keeps the
 * plain per-offer reference mode (which reads them all) and the fast path
 * (which reads only the prefix it visits one by one) on the same stream.
 */
#ifndef OFFERSIM_PERM_H
#define OFFERSIM_PERM_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

struct perm {
	uint32_t n;          /* values 0..n-1 */
	uint32_t i;          /* positions given so far */
	uint32_t sparse_upto;   /* positions given before the dense switch */
	int dense;           /* a[] holds positions i..n-1 */
	int identity;        /* no draws: position i holds i */
	uint32_t *a;         /* dense values, indexed by position */
	size_t acap;
	uint32_t *hk;        /* sparse: position + 1 (0: empty slot) */
	uint32_t *hv;        /* sparse: the value at that position */
	size_t hcap;         /* a power of two, or 0 */
	size_t hused;        /* slots written since the last clear */
	int hshift;          /* 32 - log2(hcap) */
	gsl_rng *r;          /* this permutation's generator (taus2) */
};

/* Allocates the generator; 0, or -1 when out of memory. */
int perm_init(struct perm *p);
void perm_free(struct perm *p);

/*
 * Starts a permutation of 0..n-1.  With identity, positions give 0, 1, ...
 * and nothing is drawn.  Otherwise seed seeds the generator, and the first
 * sparse_upto positions are drawn without an O(n) table (0: dense from the
 * start).  Returns 0, or -1 when out of memory (nothing is drawn then).
 */
int perm_start(struct perm *p, uint32_t n, unsigned long seed, int identity,
	       uint32_t sparse_upto);

/* The value at the next position, or -1 once all n are given. */
int64_t perm_next(struct perm *p);

#endif
