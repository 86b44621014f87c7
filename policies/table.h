/*
 * table.h - the policy tables, for the engine (policies themselves include
 * only policy.h).  Names and lookups are in policies/registry.h.
 */
#ifndef OFFERSIM_POLICY_TABLE_H
#define OFFERSIM_POLICY_TABLE_H

#include "policy.h"

extern const struct alloc_policy *const alloc_policies[];
extern const struct task_policy *const task_policies[];
extern const struct placement_policy *const placement_policies[];

#endif
