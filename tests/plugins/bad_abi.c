/*
 * bad_abi.c - a test plug-in built for an ABI version this offersim does
 * not know; loading it must be refused with a positioned error.
 */
#include "../../include/offersim_policy.h"

static void nothing(void *st, const struct offersim_host *h,
		    struct offersim_sched *c)
{
	(void)st;
	(void)h;
	(void)c;
}

const struct offersim_policy offersim_policy = {
	.abi_version = OFFERSIM_POLICY_ABI + 98,
	.kind = OFFERSIM_POLICY_FRAMEWORK,
	.name = "future",
	.schedule = nothing,
};
