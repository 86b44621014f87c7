/*
 * sorter.h - the role tree of Mesos's hierarchical allocator: the client
 * sorters that say in what order roles (and, within a role, frameworks)
 * are considered for an agent's resources.
 *
 * A sorter holds clients named by paths ("eng", "eng/web"); '/' nests them
 * in a tree.  A client that also has sub-clients competes with its own
 * children as an extra leaf (Mesos's virtual "." node) with the weight of
 * its path.  The tree keeps what Mesos's sorters know: weights, each
 * client's allocation, the number of allocations it received (a counter
 * that never falls) and whether it is active.  The order itself is the
 * allocator's: sorter_sort() presents the candidates to the allocator's
 * order hook (policies/policy.h), per level and depth first or as one list
 * of leaves, as the allocator's scope asks, and lists the active clients
 * in the order it returns.  So a new allocator changes nothing here.
 *
 * Allocations are per client, in the engine's fixed-point resource units;
 * shares divide by the total set with sorter_set_total (resources whose
 * total is zero are ignored).  Handles are small integers, stable for the
 * sorter's life; nothing depends on addresses.  Library code: no call
 * exits; sorter_new returns < 0 when out of memory or when the
 * allocator's init fails, and sorter_add < 0.
 */
#ifndef OFFERSIM_SORTER_H
#define OFFERSIM_SORTER_H

#include <stdint.h>

#include "../core/res.h"

struct alloc_policy;
struct policy_params;

struct sorter;

/* A new sorter called name ("roles", "role:<role>") over nres resources,
 * ordered by allocator pol: the sorter makes pol's state for itself and
 * calls pol->init(state, p, name) (p may be NULL when pol has no init).
 * Returns 0 with *out set, or < 0 (OS_ENOMEM, or what init returned) with
 * *out NULL.  sorter_free releases the allocator's instance too. */
int sorter_new(struct sorter **out, const struct alloc_policy *pol,
	       const struct policy_params *p, const char *name, int nres);
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
/* n allocations at once that add up to res: what n calls of
 * sorter_allocated with no sort between them leave. */
void sorter_allocated_n(struct sorter *s, int h, const resq_t *res,
			uint64_t n);
void sorter_unallocated(struct sorter *s, int h, const resq_t *res);
/* Replace a client's allocation without touching its count. */
void sorter_set_allocation(struct sorter *s, int h, const resq_t *res);
const resq_t *sorter_allocation(const struct sorter *s, int h);

void sorter_set_total(struct sorter *s, const resq_t *total);

/* Write the active clients' handles in the allocator's order into out
 * (room for sorter_count entries); returns how many. */
int sorter_sort(struct sorter *s, int *out);

#endif
