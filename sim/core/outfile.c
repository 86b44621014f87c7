/*
 * outfile.c - whole-or-absent output files (see outfile.h).
 *
 * The registry is a singly linked list threaded through the callers'
 * structs.  It changes only with every signal blocked, so a handler that
 * walks it (outfile_unlink_all) always sees a consistent list; walking it
 * only reads pointers and calls unlink(2), which is async-signal-safe.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "outfile.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct outfile *volatile live_head;
static int injected;

void outfile_inject_failure(int err)
{
	injected = err;
}

static int take_injected(void)
{
	int e = injected;
	injected = 0;
	return e;
}

static void registry_add(struct outfile *o)
{
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	o->next = live_head;
	live_head = o;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void registry_remove(struct outfile *o)
{
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	struct outfile *volatile *p = &live_head;
	while (*p && *p != o)
		p = &(*p)->next;
	if (*p)
		*p = o->next;
	o->next = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void outfile_unlink_all(void)
{
	for (struct outfile *o = live_head; o; o = o->next)
		if (o->tmp)
			unlink(o->tmp);
}

int outfile_live(void)
{
	int n = 0;
	for (struct outfile *o = live_head; o; o = o->next)
		n++;
	return n;
}

/* dir/.base.tmp for dir/base (base alone when there is no slash). */
static char *tmp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
	const char *base = path + dirlen;
	size_t n = strlen(path) + 6;
	char *t = malloc(n);
	if (t)
		snprintf(t, n, "%.*s.%s.tmp", (int)dirlen, path, base);
	return t;
}

static void release(struct outfile *o)
{
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
}

int outfile_open(struct outfile *o, const char *path, int flags)
{
	memset(o, 0, sizeof *o);
	int e = take_injected();
	if (e)
		return -e;
	if (!(o->path = strdup(path)))
		return -ENOMEM;
	o->sync = (flags & OUTFILE_SYNC) != 0;
	if ((flags & OUTFILE_DASH) && strcmp(path, "-") == 0) {
		o->is_stdout = 1;
		o->f = stdout;
		return 0;
	}
	/* A FIFO, a device or a socket (or a symlink to one) is where the
	 * user wants the bytes to go: replacing it by a regular file would
	 * be wrong.  So is anything under /dev or /proc: /dev/stdout
	 * redirected to a file resolves to that file, and renaming over it
	 * would cut the shell's descriptor off from what was written.
	 * /dev/shm is the exception: a tmpfs of regular files, which a run
	 * directory there must get like any other. */
	struct stat st;
	int found = stat(path, &st) == 0;
	int special = (strncmp(path, "/dev/", 5) == 0 &&
		       strncmp(path, "/dev/shm/", 9) != 0) ||
		      strncmp(path, "/proc/", 6) == 0;
	if ((found && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) || special) {
		if (!(o->f = fopen(path, "w"))) {
			e = errno;
			release(o);
			return -e;
		}
		return 0;
	}
	/* A symlink to a regular file stays a symlink: the temporary goes
	 * next to its target, and the rename replaces the target. */
	struct stat lst;
	if (found && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
		char *real = realpath(path, NULL);
		if (!real) {
			e = errno;
			release(o);
			return -e;
		}
		free(o->path);
		o->path = real;
	}
	if (!(o->tmp = tmp_name(o->path))) {
		release(o);
		return -ENOMEM;
	}
	/* Registered before it exists, so a signal arriving between the
	 * fopen and the registration cannot leave it behind. */
	registry_add(o);
	if (!(o->f = fopen(o->tmp, "w"))) {
		e = errno;
		registry_remove(o);
		release(o);
		return -e;
	}
	return 0;
}

int outfile_commit(struct outfile *o)
{
	int e = 0;
	errno = 0;
	/* A buffered write that failed fails again here, with its errno. */
	if (fflush(o->f) != 0 || ferror(o->f))
		e = errno ? errno : EIO;
	if (!e)
		e = take_injected();
	if (o->is_stdout) {
		release(o);
		return -e;
	}
	if (!e && o->tmp && o->sync && fsync(fileno(o->f)) != 0 && errno != EINVAL)
		e = errno;
	if (fclose(o->f) != 0 && !e)
		e = errno;
	o->f = NULL;
	if (o->tmp) {
		if (!e && rename(o->tmp, o->path) != 0)
			e = errno;
		if (e)
			unlink(o->tmp);
		registry_remove(o);
	}
	release(o);
	return -e;
}

char *outfile_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

const char *outfile_writing(const struct outfile *o)
{
	return o->tmp ? o->tmp : o->path;
}

void outfile_abort(struct outfile *o)
{
	if (o->f && !o->is_stdout)
		fclose(o->f);
	else if (o->f)
		fflush(o->f);
	o->f = NULL;
	if (o->tmp) {
		unlink(o->tmp);
		registry_remove(o);
	}
	release(o);
}
