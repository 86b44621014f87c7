/*
 * outfile.h - write an output file so that it is either whole or absent.
 *
 * A file is written under a temporary name in its own directory
 * (".NAME.tmp" next to NAME), then either committed (flushed, optionally
 * fsync'ed, renamed over NAME) or aborted (unlinked).  A reader therefore
 * never sees a half-written NAME, and a failed writer leaves no stale
 * temporary behind.  Every live temporary is kept in one registry so that
 * a signal handler can delete them all (outfile_unlink_all) before the
 * process exits.
 *
 * Targets that are not regular files are written through, not replaced:
 * a FIFO, a character device (/dev/null, /dev/full, a tty), a socket, a
 * symlink to one, and any path under /dev/ or /proc/ (/dev/stdout, even
 * when it is redirected to a file) but /dev/shm/ (a file system of
 * regular files, where scratch results often go) is opened in place and
 * "commit" only flushes it.  A symlink to a regular file is kept: its target is
 * replaced.  With OUTFILE_DASH, the name "-" means standard output.
 *
 * Errors are negative errno values, so callers can say why with
 * strerror(-rc).  Nothing here exits or prints.  Known limit: two writers
 * of the same NAME at once share the temporary name; offersim never does
 * that (each run owns its directory).
 */
#ifndef OFFERSIM_OUTFILE_H
#define OFFERSIM_OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE *f;                 /* write here between open and commit */
	char *path;              /* the final name, as given */
	char *tmp;               /* temporary name, NULL when written through */
	int is_stdout;           /* "-": f is stdout, never closed here */
	int sync;                /* OUTFILE_SYNC was given */
	struct outfile *next;    /* registry of live temporaries */
};

enum {
	OUTFILE_DASH = 1,        /* "-" means standard output */
	OUTFILE_SYNC = 2,        /* fsync before the rename */
};

/*
 * Open path for writing (text and binary are the same on POSIX).  o is
 * the caller's; on success o->f is ready and o must end in exactly one
 * outfile_commit or outfile_abort.  Returns 0 or a negative errno (o then
 * holds nothing to release).
 */
int outfile_open(struct outfile *o, const char *path, int flags);

/*
 * Flush and close o, then rename it into place (written-through targets
 * are only flushed).  Returns 0, or a negative errno after deleting the
 * temporary: the first write error seen (ENOSPC, EPIPE, ...), or the one
 * of fsync/close/rename.  o is released either way.
 */
int outfile_commit(struct outfile *o);

/* "dir/name" in a new string (free it), or NULL when out of memory: the
 * path of one of a run's outputs. */
char *outfile_path(const char *dir, const char *name);

/* Close o and delete its temporary; the final name is left untouched. */
void outfile_abort(struct outfile *o);

/* The name o's bytes go to until commit, for another program to write
 * or read (gnuplot): the temporary, or the target written through. */
const char *outfile_writing(const struct outfile *o);

/*
 * Delete every live temporary.  Async-signal-safe (only unlink(2)), so a
 * handler may call it before _exit.
 */
void outfile_unlink_all(void);

/* The number of live temporaries (for tests). */
int outfile_live(void);

/*
 * Test hook: make the next outfile_open or outfile_commit fail with errno
 * err (0 clears it), so that reporting paths for failures the test
 * machine cannot produce (EROFS as root) are still exercised.
 */
void outfile_inject_failure(int err);

#endif
