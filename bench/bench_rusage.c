/*
 * bench_rusage.c - run a command and write what it cost: user and system
 * CPU seconds to the microsecond and peak RSS, for `make bench`.
 *
 * GNU time prints CPU seconds with two decimals, which is no measure of a
 * run of a few hundredths of a second: the EASY replay of the KTH log
 * takes 0.06 to 0.08 s, and its ratio against the textbook lower bound
 * (about 0.025 s) moved by 0.4 with each hundredth.  This reads the same
 * numbers from the child's rusage, unrounded.
 *
 * Usage: bench-rusage OUT COMMAND [ARG...]
 * runs COMMAND (searched in PATH), waits for it and writes one line to
 * OUT, "USER SYS MAXRSS_KB" (seconds with six decimals, kilobytes).  The
 * exit status is the command's (128 + N for signal N, 127 when it cannot
 * be run); OUT is written only when the command ran, so a failed run
 * leaves no figures that look complete.  2 on bad usage.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static double tv_sec(struct timeval t)
{
	return (double)t.tv_sec + (double)t.tv_usec * 1e-6;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s OUT COMMAND [ARG...]\n", argv[0]);
		return 2;
	}
	/* The figures replace an older run's: gone before the command
	 * starts, so that a failure cannot leave them standing. */
	if (unlink(argv[1]) != 0 && errno != ENOENT) {
		fprintf(stderr, "bench-rusage: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "bench-rusage: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "bench-rusage: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "bench-rusage: wait: %s\n", strerror(errno));
			return 1;
		}
	}
	/* The only child, so its own figures (POSIX getrusage; wait4
	 * would give the same). */
	struct rusage ru;
	if (getrusage(RUSAGE_CHILDREN, &ru) != 0) {
		fprintf(stderr, "bench-rusage: getrusage: %s\n", strerror(errno));
		return 1;
	}
	int rc = WIFEXITED(st) ? WEXITSTATUS(st)
	       : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
	if (rc == 127)
		return rc;
	FILE *f = fopen(argv[1], "w");
	if (!f || fprintf(f, "%.6f %.6f %ld\n", tv_sec(ru.ru_utime),
			  tv_sec(ru.ru_stime), ru.ru_maxrss) < 0 ||
	    fclose(f) != 0) {
		fprintf(stderr, "bench-rusage: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return rc;
}
