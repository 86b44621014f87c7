/*
 * formats.h - private to workloads/: the open functions of each source, for
 * the name table in source.c.
 *
 * A new trace format is one file here plus one declaration below and one
 * row in source.c's table (with the resources it fills, for the trace
 * tools); `offersim trace sample` also needs a row in scan.c saying where
 * its lines keep the job and the time.  Each open function has
 * wl_open()'s contract: it returns 0 and sets *out, or a negative code
 * after reporting through d.  The transforms (filter, windows, the rebase
 * to time 0, scales) are applied by transform.c, not by the formats; a
 * reader sets every field of struct wl_task it knows, and user = -1 when
 * its format has no users.
 */
#ifndef OFFERSIM_WL_FORMATS_H
#define OFFERSIM_WL_FORMATS_H

struct scenario;
struct diag;
struct wl_source;

typedef int wl_open_fn(const struct scenario *sc, int fw, struct diag *d,
		       struct wl_source **out);

wl_open_fn wl_csv_open;     /* csv.c: the native CSV trace format */
wl_open_fn wl_swf_open;     /* swf.c: Standard Workload Format (PWA) */
wl_open_fn wl_google2011_open;      /* google2011.c: task_events */
wl_open_fn wl_alibaba2017_open;     /* alibaba2017.c: batch_task */
wl_open_fn wl_alibaba_gpu2023_open; /* alibaba_gpu2023.c: pod list */
wl_open_fn wl_synth_open;   /* synth.c: the synthetic generator */

/*
 * source.c: open fw's reader (or generator) alone, without transforms;
 * *rebase is set to whether its format starts the clock at the first
 * record.
 */
int wl_open_format(const struct scenario *sc, int fw, struct diag *d,
		   struct wl_source **out, int *rebase);

#endif
