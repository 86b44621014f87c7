/*
 * drf.c - Dominant Resource Fairness (Ghodsi et al., NSDI 2011), as the
 * Mesos hierarchical allocator applies it.
 *
 * A client's share is the largest fraction it holds of any resource of the
 * cluster (offered plus in use, as the Mesos allocator counts it), divided
 * by its weight; roles are ordered by the share of their whole subtree
 * (hierarchical DRF), frameworks within a role by their own.  Ties go to
 * the client that has received fewer allocations so far (a counter that
 * never falls, which rotates equal-share clients), then to the lower
 * path.  The sorting itself is sim/model/sorter.c's SORTER_DRF.
 */
#include "policy.h"

const struct alloc_policy alloc_drf = {
	.name = "drf",
	.summary = "Dominant Resource Fairness: lowest weighted dominant share first (hierarchical over roles)",
	.sorter = ALLOC_SORTER_DRF,
};
