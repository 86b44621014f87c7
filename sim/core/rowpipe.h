/*
 * rowpipe.h - row files formatted on a second thread, byte for byte as on
 * the caller's.
 *
 * A big run writes a row for every task, job, offer and chart bar:
 * turning them into text and handing the text to the kernel took a
 * quarter of bench/million.yaml.  None of it feeds back into the
 * simulation, so on a machine with a processor to spare (cpuslot.h) the
 * simulation only copies what a row says into a record, and a worker
 * thread formats the records into their block writers (fmt.h) and writes
 * the blocks.  Every file gets its rows in the order they were put, from
 * the same formatting function, so its bytes do not depend on the thread.
 *
 * Use: rec = rowpipe_put(p, fn, out, size); fill the record; then
 * rowpipe_done(p).  fn(out, rec) must read nothing but the record and
 * what stays fixed for the run (names, the resource count): the
 * simulation goes on changing everything else.  Before the caller touches
 * a block writer that rows go to, or its FILE, it calls rowpipe_drain;
 * until its next put, nothing else touches them.
 *
 * Without a worker (none wanted, no spare processor, no thread or memory
 * to be had) rowpipe_done formats the record at once: the reference the
 * threaded path is compared with (tests/test_rowpipe.c and the corpus's
 * run both ways).
 */
#ifndef OFFERSIM_ROWPIPE_H
#define OFFERSIM_ROWPIPE_H

#include <stddef.h>

struct fmtout;
struct rowpipe;

typedef void (*rowpipe_fn)(struct fmtout *out, const void *rec);

/* The largest record: rows are a few dozen fields. */
#define ROWPIPE_MAX_REC 2048

/* When a worker formats the rows: never; when a spare processor is free
 * (cpuslot.h); always (for the tests, on any machine). */
enum { ROWPIPE_NEVER, ROWPIPE_IF_CPUS, ROWPIPE_ALWAYS };

/* A pipe, with a worker as `when` says and one can be had; NULL when out
 * of memory. */
struct rowpipe *rowpipe_new(int when);

/* Room for a record of size bytes (at most ROWPIPE_MAX_REC), 8-byte
 * aligned, to be formatted by fn into out once rowpipe_done is called.
 * The room is valid until then. */
void *rowpipe_put(struct rowpipe *p, rowpipe_fn fn, struct fmtout *out,
		  size_t size);
void rowpipe_done(struct rowpipe *p);

/* Every record put so far is formatted into its block writer. */
void rowpipe_drain(struct rowpipe *p);

/* Whether a worker formats the rows (for the tests). */
int rowpipe_threaded(const struct rowpipe *p);

/* The batches of the ring in use (it grows after the caller found it
 * full), 0 without a worker (for the tests). */
int rowpipe_ring_size(const struct rowpipe *p);

/* Drain, stop the worker and free; NULL is a no-op. */
void rowpipe_free(struct rowpipe *p);

#endif
