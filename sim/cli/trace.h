/*
 * trace.h - `offersim trace info|convert|sample`: look into a trace, turn
 * it into the native CSV format, or cut a slice of it in its own format.
 *
 * info and convert read the trace through the same source a run uses
 * (wl_open(), so the same options, skips, rebase and warnings), on a
 * scenario built from the command line: one framework reading the file,
 * and the resources of the format (or of the scenario given with
 * --cluster).  sample reads raw lines (workloads/scan.h).  All three
 * stream: memory does not grow with the trace (sample --every on csv and
 * google2011 keeps one entry per job; see docs/traces.md).
 */
#ifndef OFFERSIM_TRACE_H
#define OFFERSIM_TRACE_H

#include <stdio.h>

#include "../core/res.h"

struct scenario;
struct diag;

/* The command; argv[1] is "trace".  Returns the exit status. */
int trace_main(int argc, char **argv);

/* A cluster to measure the offered load against: agents in all, and the
 * total of each resource (indexed as the scenario's). */
struct trace_cluster {
	long agents;
	resq_t total[RES_MAX];
};

/*
 * Read framework 0's workload of sc and print what it holds on out, as
 * text or JSON; cl may be NULL (no offered load).  progress: a terminal
 * for the bar, or NULL; total its size in bytes.  Returns 0; OS_EPARSE
 * when the trace could not be read (whatever the reader's reason: bad
 * input, for the exit status), OS_EIO when out could not be written, or
 * OS_ENOMEM; all reported through d.
 */
int trace_info(const struct scenario *sc, const struct trace_cluster *cl,
	       int json, FILE *out, FILE *progress, long long total,
	       struct diag *d);

/*
 * Write framework 0's workload of sc to path in the native CSV format
 * (gzip when path ends in .gz), through a temporary name.  *records gets
 * the number written, *skipped the malformed lines skipped under
 * lenient.  Returns as trace_info() (OS_EIO: path could not be written).
 */
int trace_convert(const struct scenario *sc, const char *path,
		  long long *records, long *skipped, FILE *progress,
		  long long total, struct diag *d);

#endif
