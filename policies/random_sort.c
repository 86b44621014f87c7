/*
 * random_sort.c - Mesos's random sorter: roles, and frameworks within a
 * role, are considered in a weighted random order, drawn afresh for every
 * agent of every pass.  A client comes first with probability equal to its
 * relative weight (weight / weight of it and its active siblings, times
 * its parent's relative weight).  Draws come from the named streams
 * "sorter/roles" and "sorter/role:NAME" under the scenario seed, so runs
 * repeat.  The sorting itself is sim/model/sorter.c's SORTER_RANDOM.
 */
#include "policy.h"

const struct alloc_policy alloc_random = {
	.name = "random",
	.summary = "Mesos random sorter: a weighted random order of roles and frameworks per agent",
	.sorter = ALLOC_SORTER_RANDOM,
};
