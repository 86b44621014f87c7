/*
 * table.c - the policy tables.  Adding a policy is one line here.
 *
 * Order is the order `offersim policies` lists them in; the first entry of
 * each table is the default.
 */
#include "table.h"

#include <string.h>

#include "registry.h"

extern const struct alloc_policy alloc_drf, alloc_random;
extern const struct task_policy task_fifo, task_fcfs, task_sjf, task_srtf, task_priority,
	task_easy, task_conservative, task_f1, task_wfp3, task_unicep;
extern const struct placement_policy place_first_fit, place_best_fit,
	place_worst_fit, place_tetris, place_spread, place_random;

const struct alloc_policy *const alloc_policies[] = {
	&alloc_drf,
	&alloc_random,
};

const struct task_policy *const task_policies[] = {
	&task_fifo,
	&task_fcfs,
	&task_sjf,
	&task_srtf,
	&task_priority,
	&task_easy,
	&task_conservative,
	&task_f1,
	&task_wfp3,
	&task_unicep,
};

const struct placement_policy *const placement_policies[] = {
	&place_first_fit,
	&place_best_fit,
	&place_worst_fit,
	&place_tetris,
	&place_spread,
	&place_random,
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

int policy_count(enum policy_kind k)
{
	switch (k) {
	case POLICY_ALLOCATOR: return COUNT(alloc_policies);
	case POLICY_FRAMEWORK: return COUNT(task_policies);
	case POLICY_PLACEMENT: return COUNT(placement_policies);
	default: return 0;
	}
}

static const char *entry(enum policy_kind k, int i, int summary)
{
	if (i < 0 || i >= policy_count(k))
		return NULL;
	switch (k) {
	case POLICY_ALLOCATOR:
		return summary ? alloc_policies[i]->summary
			       : alloc_policies[i]->name;
	case POLICY_FRAMEWORK:
		return summary ? task_policies[i]->summary
			       : task_policies[i]->name;
	case POLICY_PLACEMENT:
		return summary ? placement_policies[i]->summary
			       : placement_policies[i]->name;
	default:
		return NULL;
	}
}

const char *policy_name(enum policy_kind k, int i)
{
	return entry(k, i, 0);
}

const char *policy_summary(enum policy_kind k, int i)
{
	return entry(k, i, 1);
}

int policy_index(enum policy_kind k, const char *name)
{
	for (int i = 0; i < policy_count(k); i++)
		if (strcmp(policy_name(k, i), name) == 0)
			return i;
	return -1;
}

const char *policy_kind_name(enum policy_kind k)
{
	switch (k) {
	case POLICY_ALLOCATOR: return "allocator";
	case POLICY_FRAMEWORK: return "framework policy";
	case POLICY_PLACEMENT: return "placement";
	default: return "policy";
	}
}
