/*
 * simtest.h - what several test files need, written once: run a scenario
 * with overrides into a fresh temporary directory and read figures back
 * from summary.json; read an output CSV (tasks.csv, jobs.csv, offers.csv,
 * ...) by column name; read every record a workload source delivers,
 * checking the source contract on the way; make and remove temporary
 * files and directories under $TMPDIR; run the ./offersim binary with its
 * output captured; list a directory of fixtures in name order.
 *
 * Helpers that assert do so with CUnit's macros, so they may only be
 * called from inside a test.  Paths are relative to the top of the source
 * tree, where the tests run.
 */
#ifndef OFFERSIM_SIMTEST_H
#define OFFERSIM_SIMTEST_H

#include <stddef.h>
#include <stdio.h>

#include "../sim/config/scenario.h"

struct diag;
struct wl_task;

/* Room for a directory made by st_mkdtemp() or st_run() (a long $TMPDIR
 * included). */
#define ST_DIR 256

/* ---- runs ---- */

/* Load scenario with overrides "KEY=VALUE" (at most 16), reporting to d;
 * cfg_load's result, or -1 for a malformed override. */
int st_load(const char *scenario, const char *const *sets, int nsets,
	    struct scenario *sc, struct diag *d);

/* Load and run; returns 0 on success.  dir receives a new temporary
 * directory (see st_mkdtemp; size ST_DIR is enough) holding the outputs. */
int st_run(const char *scenario, const char *const *sets, int nsets,
	   char *dir, size_t dirsize);

/* The same with diagnostics written to err. */
int st_run_diag(const char *scenario, const char *const *sets, int nsets,
		char *dir, size_t dirsize, FILE *err);

/* The same with diagnostics discarded (a reader's notes that every run of
 * a fixture would print). */
int st_run_quiet(const char *scenario, const char *const *sets, int nsets,
		 char *dir, size_t dirsize);

/* A number from summary.json by dotted path ("wait.mean",
 * "frameworks.A.final_dominant_share"); NAN when absent. */
double st_summary(const char *dir, const char *path);

/* The whole file dir/name, NUL-terminated (free it), or NULL; dir may be
 * NULL for a name that is a path already.  *len gets the size when len is
 * not NULL. */
char *st_slurp(const char *dir, const char *name, size_t *len);

/* Remove the directory made by st_run or st_mkdtemp and everything in
 * it, subdirectories included. */
void st_cleanup(const char *dir);

/* ---- temporary files ---- */

/* Make a fresh directory $TMPDIR/offersim-TAG-XXXXXX ($TMPDIR when set and
 * not empty, else /tmp); its path goes into dir.  0, or -1 when the path
 * does not fit or mkdtemp fails. */
int st_mkdtemp(char *dir, size_t size, const char *tag);

/* The same for a fresh empty file (mkstemp); remove it with unlink. */
int st_mkstemp(char *path, size_t size, const char *tag);

/* ---- output CSV files by column name ---- */

/*
 * A CSV file as written by offersim: a header line of column names, then
 * rows, no quoted fields.  Cells are NUL-terminated strings cut in place
 * from one buffer.  A row shorter than the header has NULL for the cells
 * it lacks.
 */
struct st_csv {
	char *buf;
	int ncols;
	char **name;        /* ncols column names */
	long nrows;
	char **cell;        /* nrows x ncols, row-major */
};

/* dir/name read whole (dir NULL: name is the path); NULL when the file is
 * missing or empty.  Free with st_csv_free(). */
struct st_csv *st_csv_read(const char *dir, const char *name);
void st_csv_free(struct st_csv *t);

/* Index of the column called name, or -1. */
int st_csv_col(const struct st_csv *t, const char *name);

/* Row r's cell in column col (by name), or NULL when there is no such
 * column or the row is short. */
const char *st_csv_get(const struct st_csv *t, long r, const char *col);

/* The cell as a number: NAN when it is absent or empty. */
double st_csv_num(const struct st_csv *t, long r, const char *col);

/* The first row at or after `from` whose cells equal vals[i] in columns
 * cols[i] for every i < n, or -1. */
long st_csv_find(const struct st_csv *t, long from, const char *const *cols,
		 const char *const *vals, int n);

/* The row of tasks.csv whose column key (job_id or task_id) holds id and
 * whose attempt is attempt, or -1. */
long st_attempt_row(const struct st_csv *t, const char *key, long id,
		    int attempt);

/* Assert that row's attempt ran on agent from start to end (s) and ended
 * as state (CUnit assertions; fatal when there is no such row). */
void st_check_attempt(const struct st_csv *t, const char *key, long id,
		      int attempt, const char *agent, double start, double end,
		      const char *state);

/* ---- workload sources ---- */

/*
 * Read framework fw's whole workload from sc through wl_open/wl_next and
 * return the record count, or the negative error code.  Diagnostics go to
 * a memory stream whose text lands in *msgs (free it) when msgs is not
 * NULL.  The records go into *out (a fresh array to free; free it even
 * after an error) when out is not NULL; *skipped gets the source's
 * skipped_lines when not NULL.
 *
 * Along the way it asserts the contract every source keeps: records come
 * in non-decreasing submit time; a failed open leaves no source; after an
 * error the source stays failed; and the run failed exactly when an error
 * was reported (warnings do not fail it).
 */
long st_read_workload(const struct scenario *sc, int fw, struct wl_task **out,
		      char **msgs, long *skipped);

/*
 * A scenario built by hand with one framework, "trace", reading one trace:
 * what the reader tests use so that they depend on the source interface
 * only, not on the YAML reader.  Everything it points at lives inside it,
 * so it may be copied only before st_trace_make() (which sets it up).
 */
struct st_trace {
	struct scenario sc;
	struct framework_spec fw;
	struct kv opts[4];
	char keys[4][32], vals[4][32];
	char path[256], format[32];
};

/* Seed 1; the resources named in res ("cpus,mem,gpus"), asserted to get
 * indexes 0, 1, 2 ... in that order; the framework reads path in format. */
void st_trace_make(struct st_trace *x, const char *path, const char *format,
		   const char *res);

/* Add the workload option key: value, as if written at line:col of the
 * scenario (at most four). */
void st_trace_opt(struct st_trace *x, const char *key, const char *val,
		  int line, int col);

/* ---- the command line ---- */

/* Whether ./offersim is built; a skip (st_skip) when it is not (make
 * check builds it first, but `make build/run-tests` alone does not). */
int st_have_offersim(void);

/*
 * A check that cannot run here because a tool is missing: a SKIP line
 * naming what was not checked, and a count the runner prints with the
 * totals, so a skip never reads as a pass.  Where the tools must be
 * there (CI=true, as .ci/run sets: it installs all of them) a skip is a
 * failure instead.
 */
void st_skip(const char *what);
/* Skips so far in this run. */
unsigned st_skips(void);

/* Run a shell command (a printf format); its exit status, 128 when a
 * signal ended it, -1 when it could not run. */
int st_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The same with the command's stdout in *out and stderr in *err (each
 * NUL-terminated, to free; NULL when unreadable). */
int st_capture(char **out, char **err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- fixture directories ---- */

/* The names in dir ending with suffix, sorted by strcmp (so the order is
 * the same on every machine), as a NULL-terminated array to free with
 * st_list_free(); *n gets the count when n is not NULL.  NULL when dir
 * cannot be read. */
char **st_list(const char *dir, const char *suffix, size_t *n);
void st_list_free(char **names);

#endif
