/*
 * common.h - what the libFuzzer harnesses of fuzz/ share: a quiet diag, a
 * scratch file holding the current input (the readers take paths, not
 * buffers), a gzip wrapping of an input in memory, and a scratch output
 * directory for the harness that runs a simulation.
 *
 * Every harness calls the same library entry points the tools call and
 * frees everything it got from them, so a leak is a finding too (ASan's
 * leak checker runs at the end of each libFuzzer run).  The scratch files
 * live in the system's temporary directory under a name that holds the
 * process id, so harnesses running side by side never meet.
 */
#ifndef OFFERSIM_FUZZ_COMMON_H
#define OFFERSIM_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

struct diag;

/* A diag that writes to /dev/null (opened once) with warnings quiet. */
void fz_diag(struct diag *d);

/*
 * Write data[0..size) to this process's scratch file whose name ends in
 * suffix (".yaml", ".csv", ...: some readers go by the name's ending) and
 * return its path (static storage, the same for equal suffixes), or NULL
 * when it cannot be written.
 */
const char *fz_write(const uint8_t *data, size_t size, const char *suffix);

/*
 * The same, after wrapping data in one gzip member: what a reader sees in
 * a .gz trace.  NULL when it cannot be written.
 */
const char *fz_write_gz(const uint8_t *data, size_t size, const char *suffix);

/* This process's scratch directory (made once), or NULL. */
const char *fz_dir(void);

#endif
