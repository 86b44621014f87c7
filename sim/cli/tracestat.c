/*
 * tracestat.c - bounded-memory statistics of a record stream (see
 * tracestat.h for the methods and their error bounds).
 */
#include "tracestat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/err.h"
#include "../../workloads/source.h"

/* ---- id map ------------------------------------------------------------- */

static size_t hash_id(int64_t id)
{
	uint64_t z = (uint64_t)id * UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(z ^ (z >> 29));
}

int ts_idmap_get(const struct ts_idmap *m, int64_t id)
{
	if (!m->cap)
		return -1;
	for (size_t i = hash_id(id) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->val[i])
			return -1;
		if (m->id[i] == id)
			return m->val[i] - 1;
	}
}

static void place(int64_t *ids, unsigned char *vals, size_t cap, int64_t id,
		  unsigned char v)
{
	size_t i = hash_id(id) & (cap - 1);
	while (vals[i] && ids[i] != id)
		i = (i + 1) & (cap - 1);
	ids[i] = id;
	vals[i] = v;
}

int ts_idmap_put(struct ts_idmap *m, int64_t id, int v)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 256;
		int64_t *ni = malloc(ncap * sizeof *ni);
		unsigned char *nv = calloc(ncap, 1);
		if (!ni || !nv) {
			free(ni);
			free(nv);
			return OS_ENOMEM;
		}
		for (size_t j = 0; j < m->cap; j++)
			if (m->val[j])
				place(ni, nv, ncap, m->id[j], m->val[j]);
		free(m->id);
		free(m->val);
		m->id = ni;
		m->val = nv;
		m->cap = ncap;
	}
	size_t i = hash_id(id) & (m->cap - 1);
	while (m->val[i] && m->id[i] != id)
		i = (i + 1) & (m->cap - 1);
	if (!m->val[i])
		m->n++;
	m->id[i] = id;
	m->val[i] = (unsigned char)(v + 1);
	return 0;
}

void ts_idmap_release(struct ts_idmap *m)
{
	free(m->id);
	free(m->val);
	memset(m, 0, sizeof *m);
}

/* ---- distinct count ----------------------------------------------------- */

/* splitmix64's finalizer: every bit of id reaches every bit of the hash,
 * which the sketch needs (job ids are often small and consecutive). */
static uint64_t mix64(uint64_t z)
{
	z += UINT64_C(0x9E3779B97F4A7C15);
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

void ts_distinct_init(struct ts_distinct *c, size_t cap)
{
	memset(c, 0, sizeof *c);
	c->cap = cap ? cap : TS_DISTINCT_CAP;
}

int ts_distinct_add(struct ts_distinct *c, int64_t id)
{
	uint64_t h = mix64((uint64_t)id);
	size_t r = (size_t)(h >> (64 - TS_HLL_BITS));
	/* The rank: position of the first 1 bit in the other 50 bits. */
	uint64_t rest = h << TS_HLL_BITS;
	int rank = 1;
	while (rank <= 64 - TS_HLL_BITS && !(rest & (UINT64_C(1) << 63))) {
		rest <<= 1;
		rank++;
	}
	if (rank > c->reg[r])
		c->reg[r] = (unsigned char)rank;
	if (c->overflow || ts_idmap_get(&c->exact, id) >= 0)
		return 0;
	if (c->exact.n >= c->cap) {
		ts_idmap_release(&c->exact);
		c->overflow = 1;
		return 0;
	}
	return ts_idmap_put(&c->exact, id, 0);
}

double ts_distinct_count(const struct ts_distinct *c, int *exact)
{
	if (!c->overflow) {
		*exact = 1;
		return (double)c->exact.n;
	}
	*exact = 0;
	const double m = (double)(1 << TS_HLL_BITS);
	double sum = 0;
	int zeros = 0;
	for (int j = 0; j < 1 << TS_HLL_BITS; j++) {
		sum += ldexp(1.0, -c->reg[j]);
		zeros += c->reg[j] == 0;
	}
	double e = 0.7213 / (1 + 1.079 / m) * m * m / sum;
	/* Small range: linear counting over the empty registers. */
	if (e <= 2.5 * m && zeros > 0)
		e = m * log(m / zeros);
	return e;
}

void ts_distinct_release(struct ts_distinct *c)
{
	ts_idmap_release(&c->exact);
}

/* ---- the record statistics ---------------------------------------------- */

static void ts_sum_add(struct ts_sum *s, double x)
{
	double t = s->s + x;
	if (fabs(s->s) >= fabs(x))
		s->c += (s->s - t) + x;
	else
		s->c += (x - t) + s->s;
	s->s = t;
}

double ts_sum_value(const struct ts_sum *s)
{
	return s->s + s->c;
}

int trace_stats_new(struct trace_stats **out, int nres, size_t distinct_cap)
{
	struct trace_stats *st = calloc(1, sizeof *st);
	*out = st;
	if (!st)
		return OS_ENOMEM;
	st->nres = nres;
	ts_distinct_init(&st->jobs, distinct_cap);
	return 0;
}

#define HOUR_US (INT64_C(3600) * SIMTIME_PER_SEC)

int trace_stats_add(struct trace_stats *st, const struct wl_task *t)
{
	if (st->tasks == 0) {
		st->first = t->submit;
		st->hour = 0;
	}
	st->tasks++;
	st->last = t->submit;
	simtime_t end = t->submit + t->duration;
	if (st->tasks == 1 || end > st->last_end)
		st->last_end = end;
	ts_sum_add(&st->dur_sum, (double)t->duration);
	loghist_add(&st->dur, t->duration);
	for (int r = 0; r < st->nres; r++) {
		ts_sum_add(&st->res_sum[r], (double)t->res[r]);
		ts_sum_add(&st->res_us[r], (double)t->res[r] * (double)t->duration);
		if (t->res[r] > st->res_max[r])
			st->res_max[r] = t->res[r];
	}
	/* Sources deliver in submit order, so h never goes back; the guard
	 * keeps a broken source from indexing outside by_hour. */
	int64_t h = t->submit > st->first ? (t->submit - st->first) / HOUR_US : 0;
	if (h != st->hour) {
		st->hour = h;
		st->hour_n = 0;
	}
	st->hour_n++;
	if (st->hour_n > st->peak_hour_n)
		st->peak_hour_n = st->hour_n;
	st->by_hour[h % 24]++;
	return ts_distinct_add(&st->jobs, t->job_id);
}

void trace_stats_free(struct trace_stats *st)
{
	if (!st)
		return;
	ts_distinct_release(&st->jobs);
	free(st);
}
