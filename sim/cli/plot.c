/*
 * plot.c - run gnuplot on the scripts in plots/ (see plot.h).
 *
 * gnuplot is started with fork/exec, never through a shell, so output
 * directories with spaces or quotes cannot break the command; values are
 * passed with -e as gnuplot string literals with quotes escaped.
 */
#include "plot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../core/outfile.h"

#ifndef OFFERSIM_SRCDIR
#define OFFERSIM_SRCDIR "."
#endif
#ifndef OFFERSIM_DATADIR
#define OFFERSIM_DATADIR "/usr/local/share/offersim"
#endif

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int plot_available(void)
{
	const char *path = getenv("PATH");
	if (!path)
		return 0;
	char buf[4096];
	while (*path) {
		size_t n = strcspn(path, ":");
		if (n > 0 && n + 9 < sizeof buf) {
			memcpy(buf, path, n);
			strcpy(buf + n, "/gnuplot");
			if (access(buf, X_OK) == 0)
				return 1;
		}
		path += n;
		if (*path == ':')
			path++;
	}
	return 0;
}

/* dir/utilization.gp is readable: dir holds the plot scripts. */
static int has_scripts(const char *dir, char *buf, size_t size)
{
	int k = snprintf(buf, size, "%s/utilization.gp", dir);
	return k > 0 && (size_t)k < size && access(buf, R_OK) == 0;
}

/*
 * Where the scripts are: OFFERSIM_PLOTS, then beside the running binary
 * (PREFIX/bin/offersim finds PREFIX/share/offersim/plots, and a binary at
 * the top of the build tree finds plots/ next to it), so an install under
 * any prefix works whatever prefix it was compiled with; then the
 * compiled-in data and source directories, then ./plots.
 */
const char *plot_script_dir(void)
{
	static char found[8192 + 64];
	char exe[4096], cand[2][4096 + 32];
	int ncand = 0;
	const char *env = getenv("OFFERSIM_PLOTS");
	if (env && *env)
		return is_dir(env) ? env : NULL;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(cand[0], sizeof cand[0], "%s/../share/offersim/plots", exe);
			snprintf(cand[1], sizeof cand[1], "%s/plots", exe);
			ncand = 2;
		}
	}
	for (int i = 0; i < ncand; i++)
		if (has_scripts(cand[i], found, sizeof found)) {
			snprintf(found, sizeof found, "%s", cand[i]);
			return found;
		}
	const char *cands[] = {OFFERSIM_DATADIR "/plots", OFFERSIM_SRCDIR "/plots",
			       "plots"};
	for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
		if (has_scripts(cands[i], found, sizeof found)) {
			snprintf(found, sizeof found, "%s", cands[i]);
			return found;
		}
	}
	return NULL;
}

void plot_quote_append(char *dst, size_t size, const char *text)
{
	size_t k = strlen(dst);
	if (k + 3 >= size)
		return;
	dst[k++] = '\'';
	for (; *text && k + 3 < size; text++) {
		if (*text == '\'')
			dst[k++] = '\'';
		dst[k++] = *text;
	}
	dst[k++] = '\'';
	dst[k] = '\0';
}

int plot_gnuplot(const char *script, const char *expr, const char *label,
		 FILE *err)
{
	char errfile[] = "/tmp/offersim-gnuplot-XXXXXX";
	int efd = mkstemp(errfile);
	fflush(NULL);   /* the child must not repeat buffered output */
	pid_t pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);
		if (devnull >= 0) {
			dup2(devnull, 0);
			dup2(devnull, 1);
		}
		if (efd >= 0)
			dup2(efd, 2);
		execlp("gnuplot", "gnuplot", "-e", expr, script, (char *)NULL);
		_exit(127);
	}
	int status = 0, ok = 0;
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	if (!ok && efd >= 0 && err) {
		/* Show gnuplot's own complaint, briefly. */
		char msg[512];
		ssize_t n = pread(efd, msg, sizeof msg - 1, 0);
		if (n > 0) {
			msg[n] = '\0';
			msg[strcspn(msg, "\n")] = '\0';
			fprintf(err, "offersim: warning: gnuplot %s: %s\n", label, msg);
		}
	}
	if (efd >= 0) {
		close(efd);
		unlink(errfile);
	}
	return ok ? 0 : -1;
}

static int run_gnuplot(const char *script, const char *in, const char *out,
		       const char *title, const char *label, FILE *err)
{
	char expr[9200] = "infile=";
	plot_quote_append(expr, sizeof expr, in);
	strcat(expr, "; outfile=");
	plot_quote_append(expr, sizeof expr, out);
	strcat(expr, "; title=");
	plot_quote_append(expr, sizeof expr, title);
	return plot_gnuplot(script, expr, label, err);
}

int plot_run(const char *dir, const char *title, FILE *err)
{
	if (!plot_available()) {
		if (err)
			fprintf(err, "offersim: warning: gnuplot not found; data files written, plots skipped\n");
		return 0;
	}
	const char *sd = plot_script_dir();
	if (!sd) {
		if (err)
			fprintf(err, "offersim: warning: plot scripts not found (set OFFERSIM_PLOTS); plots skipped\n");
		return 0;
	}
	static const char *const plots[][2] = {
		{"utilization", "utilization.csv"},
		{"wait_cdf", "tasks.csv"},
		{"shares", "shares.csv"},
		{"gantt", "gantt.csv"},
		{"queue", "queue.csv"},
	};
	int made = 0;
	for (size_t i = 0; i < sizeof plots / sizeof plots[0]; i++) {
		char script[4200], in[4200], fin[4200];
		snprintf(script, sizeof script, "%s/%s.gp", sd, plots[i][0]);
		snprintf(in, sizeof in, "%s/%s", dir, plots[i][1]);
		snprintf(fin, sizeof fin, "%s/%s.png", dir, plots[i][0]);
		unlink(fin);
		/* gnuplot draws into the registered temporary; commit renames. */
		struct outfile o;
		int ok = outfile_open(&o, fin, 0) == 0;
		if (ok && run_gnuplot(script, in, o.tmp ? o.tmp : fin, title,
				      plots[i][0], err) != 0) {
			outfile_abort(&o);
			ok = 0;
		}
		if (ok && outfile_commit(&o) == 0) {
			made++;
		} else if (err) {
			fprintf(err, "offersim: warning: could not draw %s\n", fin);
		}
	}
	return made;
}
