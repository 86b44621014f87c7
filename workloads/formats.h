/*
 * formats.h - private to workloads/: the open functions of each source, for
 * the name table in source.c.
 *
 * A new trace format is one file here plus one declaration below and one
 * row in source.c's table.  Each open function has wl_open()'s contract:
 * it returns 0 and sets *out, or a negative code after reporting through d.
 * The skip/limit window is applied by source.c, not by the formats.
 */
#ifndef OFFERSIM_WL_FORMATS_H
#define OFFERSIM_WL_FORMATS_H

struct scenario;
struct diag;
struct wl_source;

typedef int wl_open_fn(const struct scenario *sc, int fw, struct diag *d,
		       struct wl_source **out);

wl_open_fn wl_csv_open;     /* csv.c: the native CSV trace format */
wl_open_fn wl_synth_open;   /* synth.c: the synthetic generator */

#endif
