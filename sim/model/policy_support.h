/*
 * policy_support.h - the core's side of policy_support.c: what the master
 * and the framework runtime call around a policy's init.  The functions
 * policies themselves call are declared in policies/policy.h.
 */
#ifndef OFFERSIM_POLICY_SUPPORT_H
#define OFFERSIM_POLICY_SUPPORT_H

#include "../../policies/policy.h"

/* After a policy's init: report every option of p that no getter asked
 * for, as "unknown key ... in <what> of '<owner>'", with a suggestion
 * among the keys asked for.  Returns how many were reported. */
int policy_params_check_unused(const struct policy_params *p,
			       const char *what);

#endif
