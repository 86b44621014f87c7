/*
 * profile.c - the availability profile of profile.h as a sorted array of
 * steps (see profile.h for why not a tree).
 */
#include "profile.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"

static resq_t *val(const struct profile *p, uint32_t i)
{
	return p->v + (size_t)i * (size_t)p->nres;
}

/* Index of the step holding t (t >= t0). */
static uint32_t step_of(const struct profile *p, simtime_t t)
{
	uint32_t lo = 0, hi = p->n;   /* the answer is in [lo, hi) */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (p->t[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int grow(struct profile *p)
{
	uint32_t cap = p->cap ? p->cap * 2 : 64;
	simtime_t *t = realloc(p->t, sizeof *t * cap);
	if (!t)
		return OS_ENOMEM;
	p->t = t;
	resq_t *v = realloc(p->v, sizeof *v * cap * (size_t)(p->nres ? p->nres : 1));
	if (!v)
		return OS_ENOMEM;
	p->v = v;
	p->cap = cap;
	return 0;
}

/* The index of a step starting at t (t >= t0), splitting the step that
 * holds t if needed; -1 when out of memory. */
static int64_t step_at(struct profile *p, simtime_t t)
{
	uint32_t i = step_of(p, t);
	if (p->t[i] == t)
		return i;
	if (p->n == p->cap && grow(p))
		return -1;
	size_t sz = sizeof(resq_t) * (size_t)p->nres;
	uint32_t after = p->n - i - 1;
	memmove(p->t + i + 2, p->t + i + 1, sizeof *p->t * after);
	memmove(val(p, i + 2), val(p, i + 1), sz * after);
	p->t[i + 1] = t;
	memcpy(val(p, i + 1), val(p, i), sz);
	p->n++;
	return i + 1;
}

/* Add sign * d over [from, to) (to SIMTIME_NEVER: for ever). */
static int add_range(struct profile *p, simtime_t from, simtime_t to,
		     const resq_t *d, int sign)
{
	if (from < p->t[0])
		return OS_EINVAL;
	int64_t a = step_at(p, from);
	if (a < 0 || (to != SIMTIME_NEVER && step_at(p, to) < 0))
		return OS_ENOMEM;
	for (uint32_t i = (uint32_t)a; i < p->n && p->t[i] < to; i++) {
		resq_t *x = val(p, i);
		for (int k = 0; k < p->nres; k++)
			x[k] += sign * d[k];
	}
	return 0;
}

int profile_init(struct profile *p, int nres, simtime_t t0,
		 const resq_t *avail)
{
	memset(p, 0, sizeof *p);
	p->nres = nres;
	if (grow(p))
		return OS_ENOMEM;
	p->n = 1;
	p->t[0] = t0;
	memcpy(p->v, avail, sizeof *avail * (size_t)nres);
	return 0;
}

void profile_release(struct profile *p)
{
	free(p->t);
	free(p->v);
	memset(p, 0, sizeof *p);
}

int profile_add_from(struct profile *p, simtime_t t, const resq_t *res)
{
	return add_range(p, t, SIMTIME_NEVER, res, 1);
}

int profile_take(struct profile *p, const resq_t *need, simtime_t s,
		 simtime_t len)
{
	if (len == 0)
		return 0;   /* holds nothing for any length of time */
	return add_range(p, s, s + len, need, -1);
}

simtime_t profile_find(const struct profile *p, const resq_t *need,
		       simtime_t len)
{
	uint32_t i = 0;
	while (i < p->n) {
		if (!res_fits(need, val(p, i), p->nres)) {
			i++;
			continue;
		}
		/* Step i holds need: look for a step in its window that does
		 * not.  Every later start up to that step has it in its
		 * window too, so the search goes on after it. */
		uint32_t j = i + 1;
		while (j < p->n && p->t[j] - p->t[i] < len &&
		       res_fits(need, val(p, j), p->nres))
			j++;
		if (j == p->n || p->t[j] - p->t[i] >= len)
			return p->t[i];
		i = j + 1;
	}
	return SIMTIME_NEVER;
}

void profile_at(const struct profile *p, simtime_t t, resq_t *out)
{
	if (t < p->t[0])
		memset(out, 0, sizeof *out * (size_t)p->nres);
	else
		memcpy(out, val(p, step_of(p, t)), sizeof *out * (size_t)p->nres);
}

uint32_t profile_steps(const struct profile *p)
{
	return p->n;
}
