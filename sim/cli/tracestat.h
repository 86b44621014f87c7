/*
 * tracestat.h - statistics of a stream of task records in bounded memory,
 * for `offersim trace info`.
 *
 * A trace may hold billions of records, so nothing here keeps a value per
 * record.  Counts, sums, extremes and an arrival profile are exact.  Two
 * quantities that are not exact in bounded memory use documented methods:
 *
 *   - Duration quantiles come from the log-linear histogram of
 *     sim/core/loghist.h (struct loghist): exact whenever a value's bin
 *     holds one distinct value (always below 128 us) and otherwise off by
 *     less than 1/128 (0.78%) of the value, quantiles by GSL's rule.
 *     Fixed size: 7296 bins, 171 kB.
 *
 *   - Distinct jobs are counted exactly in a hash set of job ids while
 *     there are at most `cap` of them (TS_DISTINCT_CAP by default: 16 MB
 *     at most); past that the set is dropped and a HyperLogLog sketch kept
 *     alongside from the start (2^14 registers; Flajolet et al., 2007;
 *     standard error 1.04 / sqrt(2^14) = 0.81%) gives the estimate.
 */
#ifndef OFFERSIM_TRACESTAT_H
#define OFFERSIM_TRACESTAT_H

#include <stddef.h>
#include <stdint.h>

#include "../core/loghist.h"
#include "../core/res.h"
#include "../core/simtime.h"

struct wl_task;

/* ---- a map from ids to small values (open addressing) ---- */

struct ts_idmap {
	int64_t *id;
	unsigned char *val;     /* value + 1; 0 marks an empty slot */
	size_t cap, n;          /* cap a power of two, or 0 */
};

/* The value stored for id, or -1. */
int ts_idmap_get(const struct ts_idmap *m, int64_t id);
/* Store v (0..254) for id; 0, or OS_ENOMEM. */
int ts_idmap_put(struct ts_idmap *m, int64_t id, int v);
void ts_idmap_release(struct ts_idmap *m);

/* ---- distinct ids ---- */

#define TS_HLL_BITS 14
#define TS_DISTINCT_CAP ((size_t)1 << 20)

struct ts_distinct {
	struct ts_idmap exact;
	size_t cap;
	int overflow;               /* the exact set was dropped */
	unsigned char reg[1 << TS_HLL_BITS];
};

/* cap 0 = TS_DISTINCT_CAP. */
void ts_distinct_init(struct ts_distinct *c, size_t cap);
/* Count id; 0, or OS_ENOMEM. */
int ts_distinct_add(struct ts_distinct *c, int64_t id);
/* The count: exact (and *exact = 1) below the cap, else the sketch's. */
double ts_distinct_count(const struct ts_distinct *c, int *exact);
void ts_distinct_release(struct ts_distinct *c);

/* ---- everything trace info prints ---- */

/* A compensated (Neumaier) sum, so that millions of terms add up. */
struct ts_sum {
	double s, c;
};

struct trace_stats {
	int nres;
	uint64_t tasks;
	struct ts_distinct jobs;
	simtime_t first, last;      /* submit times */
	simtime_t last_end;         /* max of submit + duration */
	struct ts_sum dur_sum;      /* us */
	struct loghist dur;
	struct ts_sum res_sum[RES_MAX];     /* thousandths */
	struct ts_sum res_us[RES_MAX];      /* thousandths x us */
	resq_t res_max[RES_MAX];
	/* Arrivals per hour since the first submit: by hour of the day
	 * (hour index mod 24), and the busiest single hour. */
	uint64_t by_hour[24];
	int64_t hour;               /* index of the current hour */
	uint64_t hour_n, peak_hour_n;
};

/* Allocates (the histogram is large); 0 or OS_ENOMEM.  distinct_cap as
 * for ts_distinct_init(). */
int trace_stats_new(struct trace_stats **out, int nres, size_t distinct_cap);
/* Add one record; records come in non-decreasing submit.  0 or
 * OS_ENOMEM. */
int trace_stats_add(struct trace_stats *st, const struct wl_task *t);
void trace_stats_free(struct trace_stats *st);

double ts_sum_value(const struct ts_sum *s);

#endif
