/*
 * prefetch.h - a trace reader run ahead on a second thread, delivering
 * exactly what it would deliver on the caller's.
 *
 * Reading a big trace (inflating it, splitting its lines, rebuilding
 * Google's tasks from their events) can take a third of a run, and
 * nothing in it depends on the simulation.  So on a machine with a second
 * processor the reader runs there, up to 16,384 records ahead, and the
 * simulation takes them from a ring of batches.
 *
 * Nothing a user sees depends on the thread: the records come in the same
 * order; every message the reader reports is held with the record it came
 * with and reported through the caller's diag when that record is taken,
 * so a run that stops early (a horizon, an error, a limit) reports only
 * what the serial read would have reported; the statistics (skipped lines,
 * bytes read) are those of the last record taken.  After the last record
 * (the end, or an error) the thread is gone and further calls go to the
 * reader itself, as they would without the thread.
 *
 * Use: pf_new(to), open the reader reporting through pf_diag(), then
 * pf_start() (which falls back to reading on the caller's thread when
 * there is no second processor or no thread to be had).
 */
#ifndef OFFERSIM_PREFETCH_H
#define OFFERSIM_PREFETCH_H

#include "source.h"

struct prefetch;

/* A prefetcher whose reader's messages go on to `to` (which must outlive
 * it); NULL when out of memory. */
struct prefetch *pf_new(struct diag *to);

/* The diag the reader must be opened with. */
struct diag *pf_diag(struct prefetch *p);

/* When pf_start reads on a thread: never; when the process may run on
 * a processor no other reader's thread holds yet, besides the caller's
 * (its affinity: taskset, a Slurm task's cpus; so one reader ahead on
 * two processors); always (for the tests, on any machine). */
enum { PF_NEVER, PF_IF_CPUS, PF_ALWAYS };

/* The source that delivers inner's records, read ahead on a thread as
 * `when` says (and when one can be had).  It owns inner from here on:
 * closing it closes inner. */
struct wl_source *pf_start(struct prefetch *p, struct wl_source *inner,
			   int when);

/* Free a prefetcher that was never started (its reader failed to open). */
void pf_free(struct prefetch *p);

/* Whether source s reads on a thread of its own (for the tests). */
int pf_threaded(const struct wl_source *s);

/* The batches of the ring source s has used so far (it grows when the
 * caller waits for records after the reader waited for room), 0 when it
 * never had a thread (for the tests). */
int pf_ring_size(struct wl_source *s);

#endif
