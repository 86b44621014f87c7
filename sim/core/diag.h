/*
 * diag.h - diagnostics for bad input: "file:line:col: error: message".
 *
 * Every reader of user input (scenario YAML, traces, the command line)
 * reports through a struct diag so that messages share one format, several
 * errors can be reported in one run, and the caller decides the exit status
 * (main.c exits 2 when diag_errors() is non-zero).  Lines and columns are
 * 1-based; pass 0 for a column (or line) that is unknown and it is omitted.
 * When the source line is known, diag_error_src() shows it with a caret.
 */
#ifndef OFFERSIM_DIAG_H
#define OFFERSIM_DIAG_H

#include <stdio.h>

struct diag {
	FILE *out;        /* where messages go; NULL means stderr */
	int errors;       /* errors reported so far */
	int warnings;     /* warnings reported so far */
	int max_errors;   /* stop printing after this many (0 = 20) */
	int quiet_warnings;
	/* When set, flushed before each message: the stream of the output
	 * a message interrupts (the --explain narration on standard
	 * output), so that with both on one file a message lands between
	 * its whole lines, in the order things happened. */
	FILE *flush_first;
	/* When set, called before each message, with before_ctx: a
	 * progress bar on the same terminal erases itself there, so the
	 * message starts a clean line. */
	void (*before)(void *ctx);
	void *before_ctx;
	/* When set, every message goes to sink instead of out, already
	 * formatted but without the file:line:col head, so a library caller
	 * can keep diagnostics in a structure (sim/api/).  kind is "error",
	 * "warning" or "note"; file may be NULL; strings live only for the
	 * call.  Counting and the cap on errors are the same either way. */
	void (*sink)(void *ctx, const char *kind, const char *file, int line,
		     int col, const char *msg);
	void *sink_ctx;
	/* When set, every message goes to capture instead, whole: kind,
	 * where, the source line (NULL when none) and the text, so that it
	 * can be reported later, exactly as it would have been, through
	 * another diag (diag_replay).  Counting is the same; nothing is
	 * capped here, the diag replayed into caps.  Set by a trace read
	 * ahead on another thread (workloads/prefetch.c). */
	void (*capture)(void *ctx, const char *kind, const char *file,
			int line, int col, const char *srcline,
			const char *msg);
	void *capture_ctx;
};

void diag_init(struct diag *d, FILE *out);

/* Report an error at file:line:col.  file may be NULL ("offersim"). */
void diag_error(struct diag *d, const char *file, int line, int col,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Same, then show the offending source line with a caret under col. */
void diag_error_src(struct diag *d, const char *file, int line, int col,
		    const char *srcline, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

void diag_warn(struct diag *d, const char *file, int line, int col,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A warning with the source line and a caret (a malformed trace line
 * skipped under `lenient`). */
void diag_warn_src(struct diag *d, const char *file, int line, int col,
		   const char *srcline, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Report a message taken by a capture hook through d: the same counts,
 * cap and output as when it was first reported (kind "error", "warning"
 * or "note"). */
void diag_replay(struct diag *d, const char *kind, const char *file,
		 int line, int col, const char *srcline, const char *msg);

/* Print a "note:" line that continues the previous message. */
void diag_note(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline int diag_errors(const struct diag *d) { return d->errors; }

/*
 * The closest of candidates[0..n) to word by edit distance, or NULL when
 * none is close enough to be a plausible typo.  Used for "did you mean".
 */
const char *diag_suggest(const char *word, const char *const *candidates,
			 int n);

#endif
