/*
 * test_profile.c - the availability profile (sim/core/profile.h) against a
 * plain reference: random sequences of additions, reservations and finds
 * on a step function kept as a sorted array and searched start by start,
 * as conservative backfilling first did, from small profiles to ones of
 * thousands of steps.
 */
#include "../sim/core/profile.h"

#include <string.h>

#include "../sim/core/err.h"
#include "harness.h"

#define REF_MAX 4096
#define NRES 2

struct ref {
	int n;
	simtime_t t[REF_MAX];
	resq_t v[REF_MAX][NRES];
};

static int ref_split(struct ref *r, simtime_t t)
{
	int i = 0;
	while (i + 1 < r->n && r->t[i + 1] <= t)
		i++;
	if (r->t[i] == t)
		return i;
	memmove(&r->t[i + 2], &r->t[i + 1], sizeof r->t[0] * (size_t)(r->n - i - 1));
	memmove(&r->v[i + 2], &r->v[i + 1], sizeof r->v[0] * (size_t)(r->n - i - 1));
	r->t[i + 1] = t;
	memcpy(r->v[i + 1], r->v[i], sizeof r->v[0]);
	r->n++;
	return i + 1;
}

static void ref_add(struct ref *r, simtime_t from, simtime_t to,
		    const resq_t *d, int sign)
{
	int a = ref_split(r, from);
	if (to != SIMTIME_NEVER)
		ref_split(r, to);
	for (int j = a; j < r->n && r->t[j] < to; j++)
		for (int k = 0; k < NRES; k++)
			r->v[j][k] += sign * d[k];
}

static simtime_t ref_find(const struct ref *r, const resq_t *need, simtime_t len)
{
	for (int i = 0; i < r->n; i++) {
		simtime_t s = r->t[i];
		int ok = 1;
		for (int j = i; j < r->n && (j == i || r->t[j] < s + len); j++)
			if (!res_fits(need, r->v[j], NRES))
				ok = 0;
		if (ok)
			return s;
	}
	return SIMTIME_NEVER;
}

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* One random run of ops operations. */
static void run(uint32_t seed, int ops)
{
	static struct ref r;
	struct profile p;
	resq_t cap[NRES] = {100, 40};
	simtime_t t0 = 1000;
	CU_ASSERT_EQUAL_FATAL(profile_init(&p, NRES, t0, cap), 0);
	r.n = 1;
	r.t[0] = t0;
	memcpy(r.v[0], cap, sizeof cap);
	int mismatches = 0;
	for (int op = 0; op < ops && r.n < REF_MAX - 4; op++) {
		resq_t d[NRES] = {(resq_t)(rnd(&seed) % 30), (resq_t)(rnd(&seed) % 12)};
		simtime_t len = (simtime_t)(rnd(&seed) % (uint32_t)(ops / 4 + 8));
		switch (rnd(&seed) % 3) {
		case 0: {   /* a release */
			simtime_t t = t0 + (simtime_t)(rnd(&seed) % (uint32_t)(ops * 4));
			CU_ASSERT_EQUAL(profile_add_from(&p, t, d), 0);
			ref_add(&r, t, SIMTIME_NEVER, d, 1);
			break;
		}
		default: {  /* a job: find, then reserve there */
			simtime_t want = ref_find(&r, d, len);
			simtime_t got = profile_find(&p, d, len);
			mismatches += want != got;
			if (want != SIMTIME_NEVER && len > 0) {
				CU_ASSERT_EQUAL(profile_take(&p, d, want, len), 0);
				ref_add(&r, want, want + len, d, -1);
			}
			break;
		}
		}
	}
	CU_ASSERT_EQUAL(mismatches, 0);
	CU_ASSERT_EQUAL(profile_steps(&p), (uint32_t)r.n);
	for (int i = 0; i < r.n; i++) {
		resq_t v[NRES];
		profile_at(&p, r.t[i], v);
		CU_ASSERT_EQUAL(v[0], r.v[i][0]);
		CU_ASSERT_EQUAL(v[1], r.v[i][1]);
	}
	CU_ASSERT_EQUAL(profile_add_from(&p, t0 - 1, cap), OS_EINVAL);
	profile_release(&p);
}

static void test_small(void)
{
	for (uint32_t s = 1; s <= 40; s++)
		run(s * 2654435761u, 60);
}

static void test_large(void)
{
	for (uint32_t s = 1; s <= 6; s++)
		run(s * 2246822519u, 1500);
}

/* A hand case: 4 cpus free now, 2 more at 10; a job of 5 for 3 waits
 * until 10, and a job of 4 for 20 then goes after it (13). */
static void test_hand(void)
{
	struct profile p;
	resq_t free_now[1] = {4}, rel[1] = {2}, a[1] = {5}, b[1] = {4};
	CU_ASSERT_EQUAL_FATAL(profile_init(&p, 1, 0, free_now), 0);
	CU_ASSERT_EQUAL(profile_add_from(&p, 10, rel), 0);
	CU_ASSERT_EQUAL(profile_find(&p, a, 3), 10);
	CU_ASSERT_EQUAL(profile_take(&p, a, 10, 3), 0);
	/* 4 now would overlap [10, 13), where 1 is left. */
	CU_ASSERT_EQUAL(profile_find(&p, b, 20), 13);
	CU_ASSERT_EQUAL(profile_find(&p, b, 10), 0);
	profile_release(&p);
}

static const struct test_case cases[] = {
	{"hand-computed reservations", test_hand},
	{"small profiles equal the reference", test_small},
	{"large profiles equal the reference", test_large},
	{NULL, NULL},
};

const struct test_suite suite_profile = {"profile", cases};
