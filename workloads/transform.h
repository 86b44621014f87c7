/*
 * transform.h - measuring a workload before it runs: its offered load on
 * the scenario's cluster (for load_scale, and for the run summary), and the
 * distinct users, scheduling classes or priorities it holds with each one's
 * demand (for framework_by).  The transforms themselves are applied inside
 * wl_open(); this header is for the scenario reader and the metrics.
 *
 * Offered load, exactly.  For the records i of a workload, with duration
 * d_i in seconds (after duration_scale) and demand x_ir of resource r, on
 * a cluster whose agents present at the start hold C_r of r in all:
 *
 *     W_r = sum over i of d_i * x_ir          (resource-seconds of work)
 *     S   = last submit - first submit        (seconds)
 *     L_r = W_r / (C_r * S)
 *
 * L_r is the utilization of r the workload would cause if its work were
 * spread evenly over its arrival span.  The offered load of a workload is
 * L_r of the resource named by load_resource, or the largest L_r (the most
 * loaded resource) when none is named.  load_scale: U multiplies every
 * submit time by f = L / U, which multiplies S by f and so divides every
 * L_r by f: the offered load becomes U, up to the rounding of submit times
 * to microseconds.
 */
#ifndef OFFERSIM_WL_TRANSFORM_H
#define OFFERSIM_WL_TRANSFORM_H

#include <stddef.h>
#include <stdint.h>

#include "../sim/core/res.h"
#include "../sim/config/scenario.h"
#include "../sim/core/simtime.h"

struct diag;
struct wl_source;

/* One distinct value of a key, in a scan. */
struct wl_key_stat {
	int64_t value;          /* the user id, class or priority */
	long records;
	double demand;          /* sum of d_i * max over r of x_ir / C_r:
				   dominant-resource seconds */
};

/* What a scan saw of a workload (before framework_by and time scaling). */
struct wl_scan {
	long records;
	simtime_t first, last;  /* submit times, after the rebase */
	double work[RES_MAX];   /* W_r, resource-seconds */
	struct wl_key_stat *keys;   /* by value, ascending */
	int nkeys;
	/* private: the index of keys by value */
	int *slot;
	size_t cap;
};

/*
 * Read framework fw's workload through its filter, windows, rebase and
 * duration_scale (not its framework_by selection nor time_scale or
 * load_scale) and measure it; with key != WL_SPLIT_NONE, also list the
 * distinct values of that key.  Memory grows with the distinct values, not
 * with the records.  Warnings of the reader are silenced (the run prints
 * them); errors are reported through d.  Returns 0 or a negative code;
 * release *out in both cases.
 */
int wl_scan(const struct scenario *sc, int fw, enum wl_split_key key,
	    struct diag *d, struct wl_scan *out);
void wl_scan_release(struct wl_scan *s);

/* C_r: the resources of the agents present at the start, in units. */
void wl_capacity(const struct scenario *sc, double cap[RES_MAX]);

/*
 * Offered load per resource (L_r into load[0..sc->res.n), 0 where C_r or
 * the span is 0) of work W_r spread over span; returns the index of the
 * named resource (resource != NULL), or of the most loaded one, or -1 when
 * no resource carries load.
 */
int wl_offered_load(const struct scenario *sc, const double *work,
		    simtime_t span, const char *resource, double *load);

/*
 * The submit-time factor that brings the scanned workload of fw to its
 * load_scale target.  A workload whose records all arrive at one instant,
 * or that demands nothing of the resource, has no offered load to scale:
 * that is reported at the scenario's load_scale key.  Returns 0 or
 * OS_EINVAL.
 */
int wl_load_factor(const struct scenario *sc, int fw, const struct wl_scan *s,
		   struct diag *d, double *factor);

/*
 * What wl_open() chose for an opened source: the factor applied to submit
 * times (time_scale, or the one load_scale computed; 1 when none).
 */
double wl_time_factor(const struct wl_source *s);

#endif
