/*
 * registry.h - looking up policies by name, for the core and config.c.
 *
 * The tables themselves live in policies/table.c: adding a policy is one
 * file in policies/ and one line there.  Names are listed in table order,
 * which is the order `offersim policies` prints.
 */
#ifndef OFFERSIM_REGISTRY_H
#define OFFERSIM_REGISTRY_H

enum policy_kind {
	POLICY_ALLOCATOR,   /* master side: which framework gets an offer */
	POLICY_FRAMEWORK,   /* framework side: which waiting task next */
	POLICY_PLACEMENT,   /* framework side: which offered agent */
	POLICY_KINDS
};

/* Number of policies of a kind, and the i-th name and summary. */
int policy_count(enum policy_kind k);
const char *policy_name(enum policy_kind k, int i);
const char *policy_summary(enum policy_kind k, int i);

/* Index of name among policies of kind k, or -1. */
int policy_index(enum policy_kind k, const char *name);

/* "allocator", "framework policy", "placement". */
const char *policy_kind_name(enum policy_kind k);

#endif
