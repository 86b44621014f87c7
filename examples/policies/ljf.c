/*
 * ljf.c - Longest Job First as an offersim plug-in: the waiting task with
 * the longest estimate goes first (ties: the earlier submit, then job and
 * task id, which the host applies).  An example of the plug-in ABI in
 * offersim_policy.h, built with
 *
 *	cc -shared -fPIC $(pkg-config --cflags offersim) -o ljf.so ljf.c
 *
 * (examples/policies/Makefile), and named in a scenario as
 *
 *	policy: {so: ljf.so, params: {strict: true}}
 *
 * Options: strict (default false): stop at the first task that fits in no
 * offer, so that no shorter task overtakes a longer one; without it the
 * walk goes on and launches whatever fits, longest first.
 */
#include <offersim_policy.h>

struct ljf {
	int strict;
};

static int ljf_init(void *st, const struct offersim_host *h,
		    const struct offersim_params *p)
{
	struct ljf *s = st;
	s->strict = h->param_bool(p, "strict", 0);
	return 0;
}

/* Lowest first: the longest estimate has the lowest key.  It depends on
 * nothing that changes while the task waits, so it is static. */
static double ljf_key(void *st, const struct offersim_taskinfo *t, double now)
{
	(void)st;
	(void)now;
	return -t->estimate;
}

static void ljf_schedule(void *st, const struct offersim_host *h,
			 struct offersim_sched *c)
{
	const struct ljf *s = st;
	for (const struct offersim_qtask *t = h->first(c);
	     t && !h->exhausted(c); t = h->next(c, t)) {
		int i = h->place(c, t);
		if (i < 0) {
			if (s->strict)
				break;
			continue;
		}
		h->launch(c, t, i);
	}
}

const struct offersim_policy offersim_policy = {
	.abi_version = OFFERSIM_POLICY_ABI,
	.kind = OFFERSIM_POLICY_FRAMEWORK,
	.name = "ljf",
	.summary = "longest job first (example plug-in)",
	.state_size = sizeof(struct ljf),
	.init = ljf_init,
	.key = ljf_key,
	.key_static = 1,
	.schedule = ljf_schedule,
};
