/*
 * tracefile.h - private to workloads/: what the trace readers (native CSV,
 * SWF, Google, Alibaba) share: a line reader with the trace's path and the
 * diag, splitting a line into fields, number parsing, diagnostics of the
 * form FILE:LINE:COL: error: ... with a caret under the field, and the
 * mapping of a trace's resources onto the scenario's.
 *
 * Lenient reading (workload `lenient: true`, `--lenient`): a reader that
 * meets a malformed data line reports it through tr_error() as usual and
 * then asks tr_skip() whether to go on.  Under lenient the report was a
 * warning (the first TR_LENIENT_SHOWN of them; later ones are only
 * counted), the line is counted in `skipped`, and the reader moves to the
 * next line as if the bad one were not there.  Otherwise nothing changes:
 * the report was an error and the reader stops.  What makes a line
 * malformed is the reader's business; read errors, running out of memory
 * and a bad header are never skipped (tr_fatal()).
 */
#ifndef OFFERSIM_WL_TRACEFILE_H
#define OFFERSIM_WL_TRACEFILE_H

#include <stddef.h>
#include <stdint.h>

#include "../sim/core/res.h"
#include "../sim/core/simtime.h"
#include "linereader.h"

struct diag;
struct scenario;
struct wl_stats;
struct wl_task;

/* One field of the current line, trimmed, not NUL-terminated (the line
 * stays intact for the caret display). */
struct tr_field {
	const char *s;
	int len;
	int col;                /* 1-based column of s */
};

struct tr_file {
	struct linereader lr;
	char *path;             /* for messages (owned) */
	struct diag *d;
	const struct res_names *rn;
	struct tr_field *fld;   /* fields of the current line */
	int nfld, fcap;
	int failed;             /* an error was reported: stay failed */
	unsigned warned_res;    /* bit per resource already warned about */
	/* Order check (tr_check_order): the previous record's submit and
	 * line, and how many records were checked. */
	simtime_t last_submit;
	long last_line, checked;
	int lenient;            /* skip malformed lines (see above) */
	long skipped;           /* malformed lines skipped */
	int muted;              /* the last report was not printed: its
				   notes are not either */
	int fatal;              /* tr_fatal() was called: nothing to skip */
};

/* How many malformed lines a lenient reader shows before it only counts. */
#define TR_LENIENT_SHOWN 5

/*
 * Open path for fw's workload; a failure is reported at the scenario's
 * workload position.  Returns 0 or a negative code.
 */
int tr_open(struct tr_file *f, const char *path, const struct scenario *sc,
	    int fw, struct diag *d);
void tr_close(struct tr_file *f);

/* Whether field x is exactly s. */
int tr_field_is(const struct tr_field *x, const char *s);

/* tr_open on the trace path of fw's workload ("" when it names none, which
 * then fails to open with the usual message). */
int tr_open_workload(struct tr_file *f, const struct scenario *sc, int fw,
		     struct diag *d);

/* The trace path of fw's workload, or "" when it names none. */
const char *tr_workload_path(const struct scenario *sc, int fw);

/* A reader's source struct: size zeroed bytes, or NULL after reporting
 * that memory ran out while opening the trace. */
void *tr_alloc(size_t size, struct diag *d);

/* The statistics a one-file reader reports: lines skipped under lenient
 * and bytes consumed so far.  Writes only those two fields of *out. */
void tr_stats(const struct tr_file *f, struct wl_stats *out);

/* Open path with no scenario behind it (tools); a failure is reported
 * against the path itself.  lenient as in the workload. */
int tr_open_file(struct tr_file *f, const char *path, int lenient,
		 struct diag *d);

/*
 * After a data line failed with code r: 1 when the reader should skip the
 * line and go on (r is OS_EPARSE and the file is lenient; the line is
 * counted), 0 when it must stop with r (the file then stays failed).
 */
int tr_skip(struct tr_file *f, int r);

/*
 * Records must come in non-decreasing submit time: report one that goes
 * back (at column col, as "WHAT is not sorted by KEY: ...") and return
 * OS_EPARSE, else remember it and return 0.
 */
int tr_check_order(struct tr_file *f, int col, simtime_t submit,
		   const char *what, const char *key);

/* The next line (1), the end (0), or a reported read error (< 0). */
int tr_next_line(struct tr_file *f);

/*
 * Split the current line into f->fld at sep, or at runs of spaces and tabs
 * when sep is 0.  Returns the number of fields, or OS_ENOMEM (reported).
 */
int tr_split(struct tr_file *f, char sep);

/* Report a malformed current line at column col, with a caret: an error,
 * or under lenient a warning (see above). */
void tr_error(struct tr_file *f, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The same, always an error: for what no line-skipping can mend (a header
 * the whole file depends on). */
void tr_fatal(struct tr_file *f, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A note continuing the last tr_error(), printed only when it was. */
void tr_note(struct tr_file *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "'NAME' (field N) must be WANT, got 'TEXT'" at field i; returns
 * OS_EPARSE. */
int tr_bad_field(struct tr_file *f, int i, const char *name, const char *want);

/* How much of a bad field a message quotes: at most TR_QUOTE_MAX
 * characters, then "...". */
#define TR_QUOTE_MAX 80
#define TR_QUOTE_LEN(n) ((n) > TR_QUOTE_MAX ? TR_QUOTE_MAX : (n))

/*
 * Bounds on what a record may hold (res.h, simtime.h): 0 when v, the
 * demand `name` read from field i in the scenario's units, is below
 * RESQ_LIMIT thousandths, or when s, the time or duration `name` in
 * seconds read from field i, is within SIMTIME_INPUT_MAX_SEC; otherwise
 * the line is reported at field i as malformed (skipped under lenient)
 * and OS_EPARSE returned.
 */
int tr_check_res(struct tr_file *f, int i, const char *name, double v);
int tr_check_sec(struct tr_file *f, int i, const char *name, double s);

/* Parse field i (decimal only: no hexadecimal); 0 on success, -1 when it is not a (finite) number.  An
 * empty field fails. */
int tr_int_any(const struct tr_file *f, int i, long long *v);
int tr_num_any(const struct tr_file *f, int i, double *v);

/* Whether field x is 1 to max plain digits (no sign, nothing else), and
 * then their value in *n; max <= 19 cannot overflow. */
static inline int tr_plain_digits(const struct tr_field *x, int max,
				  uint64_t *n)
{
	if (x->len < 1 || x->len > max)
		return 0;
	uint64_t a = 0;
	for (int k = 0; k < x->len; k++) {
		unsigned d = (unsigned)(x->s[k] - '0');
		if (d > 9)
			return 0;
		a = a * 10 + d;
	}
	*n = a;
	return 1;
}

/* tr_int_any, with its commonest case here: 1 to 18 plain digits, which
 * cannot overflow (a Google event line has five such fields). */
static inline int tr_int(const struct tr_file *f, int i, long long *v)
{
	uint64_t n;
	if (tr_plain_digits(&f->fld[i], 18, &n)) {
		*v = (long long)n;
		return 0;
	}
	return tr_int_any(f, i, v);
}

/* tr_num_any, with its commonest cases here: a field of 1 to 15 plain
 * digits, exact as a double (an SWF line is eighteen such fields), and
 * the same after a minus sign (SWF's -1 for a value unknown; "-0" is
 * -0.0, as strtod reads it). */
static inline int tr_num(const struct tr_file *f, int i, double *v)
{
	const struct tr_field *x = &f->fld[i];
	uint64_t n;
	if (tr_plain_digits(x, 15, &n)) {
		*v = (double)n;
		return 0;
	}
	if (x->len > 1 && x->s[0] == '-') {
		struct tr_field y = {x->s + 1, x->len - 1, x->col + 1};
		if (tr_plain_digits(&y, 15, &n)) {
			*v = -(double)n;
			return 0;
		}
	}
	return tr_num_any(f, i, v);
}
int tr_is_empty(const struct tr_file *f, int i);

/*
 * Set demand `name` of *t to v (in the scenario's units).  A resource the
 * scenario does not have is dropped, with one warning per resource the
 * first time a record demands a non-zero amount of it: a cluster without
 * GPUs replays a GPU trace as a CPU trace, and says so.
 */
void tr_set_res(struct tr_file *f, struct wl_task *t, const char *name,
		double v);

/* Seconds as text with the fewest exact decimals, for messages. */
const char *tr_fmt_sec(long long us, char *buf, unsigned long size);

#endif
