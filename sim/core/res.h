/*
 * res.h - resource vectors and the scenario's resource names.
 *
 * A scenario names its resources (cpus, mem, disk, gpus, anything) once; the
 * index of a name in struct res_names is its index in every vector.  Values
 * are fixed-point with three decimals (1 cpu = 1000), which is how Mesos
 * stores scalar resources: sums and differences are exact, so a resource
 * freed is exactly the resource taken, and fairness ties are real ties.
 */
#ifndef OFFERSIM_RES_H
#define OFFERSIM_RES_H

#include <stdint.h>

#define RES_MAX 16          /* distinct resource names per scenario */
#define RES_NAME_MAX 32
#define RES_SCALE 1000      /* fixed-point: 3 decimals, as in Mesos */

typedef int64_t resq_t;     /* one quantity, in thousandths */

struct res_names {
	int n;
	char name[RES_MAX][RES_NAME_MAX];
};

/* Index of name, or -1. */
int res_find(const struct res_names *rn, const char *name);
/* Index of name, adding it when new; -1 when RES_MAX names exist. */
int res_intern(struct res_names *rn, const char *name);

/*
 * Every quantity offersim reads (an agent's resources, a demand in a
 * scenario, a trace or a synthetic draw) is below RESQ_LIMIT thousandths
 * in magnitude: 2^53, about 9.007e12 units, where a double still holds
 * every thousandth exactly and sums of many such values stay far from
 * int64's end.  Readers check with resq_in_range() and report a larger
 * value as bad input; resq_from_double() is only for values that passed.
 */
#define RESQ_LIMIT (INT64_C(1) << 53)

/* Whether v (in units, not thousandths) is within the limit; NaN is not. */
static inline int resq_in_range(double v)
{
	return v * RES_SCALE < (double)RESQ_LIMIT &&
	       v * RES_SCALE > -(double)RESQ_LIMIT;
}

static inline resq_t resq_from_double(double v)
{
	return (resq_t)(v * RES_SCALE + (v >= 0 ? 0.5 : -0.5));
}

static inline double resq_to_double(resq_t q)
{
	return (double)q / RES_SCALE;
}

/* Vector helpers over the first n entries. */
static inline int res_fits(const resq_t *need, const resq_t *avail, int n)
{
	for (int i = 0; i < n; i++)
		if (need[i] > avail[i])
			return 0;
	return 1;
}

static inline void res_add(resq_t *dst, const resq_t *v, int n)
{
	for (int i = 0; i < n; i++)
		dst[i] += v[i];
}

static inline void res_sub(resq_t *dst, const resq_t *v, int n)
{
	for (int i = 0; i < n; i++)
		dst[i] -= v[i];
}

static inline int res_is_zero(const resq_t *v, int n)
{
	for (int i = 0; i < n; i++)
		if (v[i] != 0)
			return 0;
	return 1;
}

/* Dominant share of alloc: the largest alloc[i] / total[i] over the n
 * resources, skipping those whose total is not positive (0 when none).
 * The measure of Dominant Resource Fairness. */
double res_dominant_share(const resq_t *alloc, const resq_t *total, int n);

/* Format v as "cpus:2 mem:4096" into buf; returns buf. */
char *res_format(const struct res_names *rn, const resq_t *v, char *buf,
		 unsigned long size);

/* Format one quantity with the fewest decimals that are exact. */
char *resq_format(resq_t q, char *buf, unsigned long size);

#endif
