/*
 * tracewrite.h - writing trace files: `offersim trace convert` writes the
 * native CSV format, `offersim trace sample` copies lines of any format.
 *
 * An output is written under a temporary name in the same directory
 * (".NAME.tmp") and renamed to NAME only by wl_out_commit(), so a command
 * that fails half-way leaves no file that looks complete, as every other
 * offersim output (sim/core/outfile.h: "-" is standard output, and a FIFO
 * or a device is written through).  A name ending in ".gz" is written gzip-compressed
 * through zlib; the gzip header zlib writes carries no time stamp, so the
 * same input gives the same bytes.
 */
#ifndef OFFERSIM_WL_TRACEWRITE_H
#define OFFERSIM_WL_TRACEWRITE_H

#include <stddef.h>

#include "../sim/core/outfile.h"

struct diag;
struct res_names;
struct wl_task;

struct wl_out {
	struct outfile out;     /* the file and its temporary name */
	void *f;                /* FILE * (out.f), or gzFile when gz */
	int gz;
	int failed;             /* errno of a failed write: commit reports it */
};

/*
 * Open path for writing (through its temporary name).  Returns 0, or a
 * negative code after reporting through d.
 */
int wl_out_open(struct wl_out *o, const char *path, struct diag *d);

/* Append n bytes; 0 or OS_EIO (also remembered for commit). */
int wl_out_write(struct wl_out *o, const char *buf, size_t n);

/* Close, and rename into place; 0, or a negative code after reporting
 * (the temporary file is then removed).  Releases o either way. */
int wl_out_commit(struct wl_out *o, struct diag *d);

/* Close and remove the temporary file; releases o.  Safe on a zeroed or
 * already released o. */
void wl_out_abort(struct wl_out *o);

/*
 * The native CSV trace format (workloads/csv.c): the header line, then
 * one line per record, with every column a record can fill: the fixed
 * ones in tracewrite.c's table, then one per resource of rn.  Values are
 * exact (times in microseconds, resources in thousandths), so reading
 * the file back gives the same records.  0 or OS_EIO.
 */
int wl_csv_write_header(struct wl_out *o, const struct res_names *rn);
int wl_csv_write_task(struct wl_out *o, const struct res_names *rn,
		      const struct wl_task *t);

#endif
