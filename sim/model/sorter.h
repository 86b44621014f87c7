/*
 * sorter.h - the client sorters of Mesos's hierarchical allocator: in what
 * order roles (and, within a role, frameworks) are considered for an
 * agent's resources.
 *
 * A sorter holds clients named by paths ("eng", "eng/web"); '/' nests them
 * in a tree.  A client that also has sub-clients competes with its own
 * children as an extra leaf (Mesos's virtual "." node) with the weight of
 * its path.  sorter_sort() lists the active clients:
 *
 *   SORTER_DRF     weighted hierarchical DRF: at each level the children
 *                  are ordered by dominant share of their whole subtree's
 *                  allocation divided by their weight, ties by the number
 *                  of allocations the subtree received so far (a counter
 *                  that never falls), then by path; the walk is depth
 *                  first.  As in Mesos's DRFSorter.
 *   SORTER_RANDOM  a weighted random order of the active leaves, each
 *                  leaf's weight being the product down its path of
 *                  weight / (weight + weights of its active siblings), as
 *                  in Mesos's RandomSorter.  Draws come from the generator
 *                  given at creation (a named stream), so runs repeat.
 *
 * Allocations are per client, in the engine's fixed-point resource units;
 * shares divide by the total set with sorter_set_total (resources whose
 * total is zero are ignored).  Handles are small integers, stable for the
 * sorter's life; nothing depends on addresses.  Library code: no call
 * exits; sorter_new returns NULL when out of memory and sorter_add < 0.
 */
#ifndef OFFERSIM_SORTER_H
#define OFFERSIM_SORTER_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "../core/res.h"

enum sorter_kind { SORTER_DRF, SORTER_RANDOM };

struct sorter;

/* A new sorter over nres resources.  rng (used by SORTER_RANDOM only) is
 * owned by the sorter from here on; it may be NULL for SORTER_DRF. */
struct sorter *sorter_new(enum sorter_kind kind, int nres, gsl_rng *rng);
void sorter_free(struct sorter *s);

/* Add the client path (inactive, no allocation); returns its handle, the
 * existing handle when the path is already a client, or < 0 (no memory,
 * or a malformed path: empty, or with an empty component). */
int sorter_add(struct sorter *s, const char *path);
/* Remove a client: it is no longer listed, and its allocation no longer
 * counts for its ancestors. */
void sorter_remove(struct sorter *s, int h);
/* Handle of a client path, or -1. */
int sorter_find(const struct sorter *s, const char *path);
int sorter_count(const struct sorter *s);
const char *sorter_path(const struct sorter *s, int h);

/* Only active clients are listed by sorter_sort. */
void sorter_activate(struct sorter *s, int h);
void sorter_deactivate(struct sorter *s, int h);

/* The weight of a path (client or inner node), default 1; may be set
 * before the path exists.  Must be > 0. */
int sorter_update_weight(struct sorter *s, const char *path, double weight);

/* Resources offered or given to a client (the count of allocations goes
 * up by one), and resources it gave back (the count stays). */
void sorter_allocated(struct sorter *s, int h, const resq_t *res);
void sorter_unallocated(struct sorter *s, int h, const resq_t *res);
/* Replace a client's allocation without touching its count. */
void sorter_set_allocation(struct sorter *s, int h, const resq_t *res);
const resq_t *sorter_allocation(const struct sorter *s, int h);

void sorter_set_total(struct sorter *s, const resq_t *total);

/* Write the active clients' handles in order into out (room for
 * sorter_count entries); returns how many. */
int sorter_sort(struct sorter *s, int *out);

/* Dominant share of an allocation against the sorter's total (unweighted). */
double sorter_share(const struct sorter *s, const resq_t *alloc);

#endif
