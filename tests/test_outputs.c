/*
 * test_outputs.c - outputs that never lie: the outfile module (whole or
 * absent, written through FIFOs and devices, temporaries deleted on
 * demand), a run owning its directory (refusal, --force, no stale plot
 * or report), compare --resume, a run stopped by SIGINT, and write
 * failures reported with exit 1 and the system's reason.
 *
 * What is tested for each failure: ENOSPC for real through /dev/full (on
 * standard output and on a -o file), EPIPE for real through a pipe closed
 * by its reader, EROFS and a commit-time ENOSPC through outfile's
 * injection hook, since a read-only file system cannot be had as root in
 * a test.  Tests through the binary need ./offersim (make check builds
 * it) and scratch directories under /tmp, removed at the end.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "simtest.h"
#include "../sim/cli/report.h"
#include "../sim/cli/rundir.h"
#include "../sim/core/outfile.h"

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Run a shell command; returns its exit status. */
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int st = system(cmd);
	return st == -1 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* The whole file as a string (static buffer), or "" when unreadable. */
static const char *slurp(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *slurp(const char *fmt, ...)
{
	static char buf[1 << 16];
	char path[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	buf[0] = '\0';
	FILE *f = fopen(path, "r");
	if (!f)
		return buf;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int exists(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int exists(const char *fmt, ...)
{
	char path[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	return access(path, F_OK) == 0;
}

/* How many names in dir end in suffix. */
static int count_suffix(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	size_t k = strlen(suffix);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		n += l >= k && strcmp(e->d_name + l - k, suffix) == 0;
	}
	closedir(d);
	return n;
}

static char scratch[ST_DIR];

static void remove_scratch(void)
{
	if (scratch[0])
		sh("rm -rf '%s'", scratch);
}

/* A fresh scratch directory for this file's tests, made once. */
static const char *tmpdir(void)
{
	if (!scratch[0]) {
		if (st_mkdtemp(scratch, sizeof scratch, "outputs")) {
			scratch[0] = '\0';
			return NULL;
		}
		atexit(remove_scratch);
	}
	return scratch;
}

static int have_offersim(void)
{
	if (access("./offersim", X_OK) == 0)
		return 1;
	CU_FAIL("./offersim not built (make check builds it)");
	return 0;
}

/* --- the outfile module --- */

static void test_commit_abort(void)
{
	const char *t = tmpdir();
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	char path[256], tmp[256];
	snprintf(path, sizeof path, "%s/a.txt", t);
	snprintf(tmp, sizeof tmp, "%s/.a.txt.tmp", t);
	struct outfile o;
	CU_ASSERT_EQUAL_FATAL(outfile_open(&o, path, 0), 0);
	fputs("hello\n", o.f);
	CU_ASSERT(exists("%s", tmp));
	CU_ASSERT(!exists("%s", path));
	CU_ASSERT_EQUAL(outfile_live(), 1);
	CU_ASSERT_EQUAL(outfile_commit(&o), 0);
	CU_ASSERT(!exists("%s", tmp));
	CU_ASSERT_STRING_EQUAL(slurp("%s", path), "hello\n");
	CU_ASSERT_EQUAL(outfile_live(), 0);

	/* An aborted rewrite leaves the old file as it was. */
	CU_ASSERT_EQUAL_FATAL(outfile_open(&o, path, 0), 0);
	fputs("half", o.f);
	outfile_abort(&o);
	CU_ASSERT(!exists("%s", tmp));
	CU_ASSERT_STRING_EQUAL(slurp("%s", path), "hello\n");
	CU_ASSERT_EQUAL(outfile_live(), 0);
}

static void test_unlink_all(void)
{
	const char *t = tmpdir();
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	char p1[256], p2[256];
	snprintf(p1, sizeof p1, "%s/one.csv", t);
	snprintf(p2, sizeof p2, "%s/two.csv", t);
	struct outfile a, b;
	CU_ASSERT_EQUAL_FATAL(outfile_open(&a, p1, 0), 0);
	CU_ASSERT_EQUAL_FATAL(outfile_open(&b, p2, 0), 0);
	CU_ASSERT_EQUAL(outfile_live(), 2);
	CU_ASSERT(exists("%s/.one.csv.tmp", t) && exists("%s/.two.csv.tmp", t));
	outfile_unlink_all();   /* what the second signal does */
	CU_ASSERT(!exists("%s/.one.csv.tmp", t));
	CU_ASSERT(!exists("%s/.two.csv.tmp", t));
	outfile_abort(&a);
	outfile_abort(&b);
	CU_ASSERT_EQUAL(outfile_live(), 0);
	CU_ASSERT(!exists("%s", p1) && !exists("%s", p2));
}

/*
 * /dev/shm is a file system of regular files: a run directory there gets
 * temporaries and renames like any other (it was once written through as
 * if it were a device, and a sweep there crashed handing gnuplot a
 * temporary name that did not exist).  outfile_writing names what the
 * bytes go to either way.  And a whole sweep with -o under /dev/shm ends
 * with its report and no scratch file.
 */
static void test_dev_shm(void)
{
	struct stat st;
	if (stat("/dev/shm", &st) != 0 || !S_ISDIR(st.st_mode) ||
	    access("/dev/shm", W_OK) != 0) {
		st_skip("outputs under /dev/shm (no writable /dev/shm here)");
		return;
	}
	char dir[] = "/dev/shm/offersim-test-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	char path[128], tmp[128];
	snprintf(path, sizeof path, "%s/a.csv", dir);
	snprintf(tmp, sizeof tmp, "%s/.a.csv.tmp", dir);
	struct outfile o;
	CU_ASSERT_EQUAL_FATAL(outfile_open(&o, path, 0), 0);
	CU_ASSERT_PTR_NOT_NULL(o.tmp);
	CU_ASSERT_STRING_EQUAL(outfile_writing(&o), tmp);
	fputs("x\n", o.f);
	CU_ASSERT(exists("%s", tmp));
	CU_ASSERT(!exists("%s", path));
	CU_ASSERT_EQUAL(outfile_commit(&o), 0);
	CU_ASSERT(!exists("%s", tmp));
	CU_ASSERT_STRING_EQUAL(slurp("%s", path), "x\n");
	/* Written through, the target itself is what is being written. */
	CU_ASSERT_EQUAL_FATAL(outfile_open(&o, "/dev/null", 0), 0);
	CU_ASSERT_STRING_EQUAL(outfile_writing(&o), "/dev/null");
	outfile_abort(&o);
	if (st_have_offersim()) {
		int rc = st_sh("./offersim sweep examples/mmc.yaml --param "
			       "cluster.agents.slot.count --values 14,18 --slo "
			       "'wait.p95<=0.5' --set "
			       "frameworks.queue.workload.synthetic.jobs=2000 "
			       "--seeds 2 -o %s/sweep >/dev/null 2>&1", dir);
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT(exists("%s/sweep/report.html", dir));
		CU_ASSERT(exists("%s/sweep/sweep.csv", dir));
		CU_ASSERT(!exists("%s/sweep/sweep.dat", dir));
	}
	CU_ASSERT_EQUAL(st_sh("rm -rf %s", dir), 0);
}

static void test_through(void)
{
	const char *t = tmpdir();
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	struct outfile o;
	struct stat st;
	/* A character device stays one. */
	CU_ASSERT_EQUAL_FATAL(outfile_open(&o, "/dev/null", 0), 0);
	CU_ASSERT_PTR_NULL(o.tmp);
	fputs("x\n", o.f);
	CU_ASSERT_EQUAL(outfile_commit(&o), 0);
	CU_ASSERT(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));

	/* A FIFO, and a symlink to it, are written through. */
	char fifo[256], link[256];
	snprintf(fifo, sizeof fifo, "%s/fifo", t);
	snprintf(link, sizeof link, "%s/fifo-link", t);
	CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
	CU_ASSERT_EQUAL_FATAL(symlink(fifo, link), 0);
	int rd = open(fifo, O_RDONLY | O_NONBLOCK);   /* a reader, so open does not block */
	CU_ASSERT_FATAL(rd >= 0);
	CU_ASSERT_EQUAL_FATAL(outfile_open(&o, link, 0), 0);
	CU_ASSERT_PTR_NULL(o.tmp);
	fputs("through\n", o.f);
	CU_ASSERT_EQUAL(outfile_commit(&o), 0);
	char buf[64] = "";
	ssize_t n = read(rd, buf, sizeof buf - 1);
	CU_ASSERT_EQUAL(n, 8);
	CU_ASSERT_NSTRING_EQUAL(buf, "through\n", 8);
	close(rd);
	CU_ASSERT(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
	CU_ASSERT(stat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));

	/* A symlink to a regular file stays a symlink; its target changes. */
	char target[256], slink[256];
	snprintf(target, sizeof target, "%s/target.txt", t);
	snprintf(slink, sizeof slink, "%s/target-link", t);
	FILE *f = fopen(target, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("old\n", f);
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(symlink(target, slink), 0);
	CU_ASSERT_EQUAL_FATAL(outfile_open(&o, slink, 0), 0);
	fputs("new\n", o.f);
	CU_ASSERT_EQUAL(outfile_commit(&o), 0);
	CU_ASSERT(lstat(slink, &st) == 0 && S_ISLNK(st.st_mode));
	CU_ASSERT_STRING_EQUAL(slurp("%s", target), "new\n");
	CU_ASSERT_EQUAL(count_suffix(t, ".tmp"), 0);
}

static void test_failures(void)
{
	const char *t = tmpdir();
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	struct outfile o;
	/* ENOSPC for real: the error of the buffered writes comes back. */
	CU_ASSERT_EQUAL_FATAL(outfile_open(&o, "/dev/full", 0), 0);
	for (int i = 0; i < 10000; i++)
		fprintf(o.f, "row %d\n", i);
	CU_ASSERT_EQUAL(outfile_commit(&o), -ENOSPC);

	char path[256];
	snprintf(path, sizeof path, "%s/ro.txt", t);
	outfile_inject_failure(EROFS);
	CU_ASSERT_EQUAL(outfile_open(&o, path, 0), -EROFS);
	CU_ASSERT_STRING_EQUAL(strerror(EROFS), "Read-only file system");
	CU_ASSERT(!exists("%s", path));
	CU_ASSERT_EQUAL(outfile_live(), 0);

	/* A failure at commit removes the temporary, creates nothing. */
	CU_ASSERT_EQUAL_FATAL(outfile_open(&o, path, 0), 0);
	fputs("data\n", o.f);
	outfile_inject_failure(ENOSPC);
	CU_ASSERT_EQUAL(outfile_commit(&o), -ENOSPC);
	CU_ASSERT(!exists("%s", path));
	CU_ASSERT(!exists("%s/.ro.txt.tmp", t));
	CU_ASSERT_EQUAL(outfile_live(), 0);

	/* A directory that does not exist: ENOENT, nothing registered. */
	snprintf(path, sizeof path, "%s/no/such/dir.txt", t);
	CU_ASSERT_EQUAL(outfile_open(&o, path, 0), -ENOENT);
	CU_ASSERT_EQUAL(outfile_live(), 0);
}

/* --- a run owns its directory --- */

static void test_refuse_force(void)
{
	const char *t = tmpdir();
	if (!t || !have_offersim())
		return;
	const char *sc = "tests/data/synth-small.yaml";
	CU_ASSERT_EQUAL_FATAL(sh("./offersim run %s --no-plots -q -o %s/own", sc, t), 0);
	CU_ASSERT(strstr(slurp("%s/own/manifest.txt", t), "state complete\n") != NULL);
	CU_ASSERT(strstr(slurp("%s/own/manifest.txt", t), "file summary.json\n") != NULL);
	/* The same run again is the same run: allowed. */
	CU_ASSERT_EQUAL(sh("./offersim run %s --no-plots -q -o %s/own", sc, t), 0);
	/* Another seed is another run: refused, and nothing is touched. */
	CU_ASSERT_EQUAL(sh("./offersim run %s --seed 99 --no-plots -q -o %s/own 2>%s/err",
			   sc, t, t), 2);
	CU_ASSERT(strstr(slurp("%s/err", t),
			 "holds the outputs of another run; use --force to replace them") != NULL);
	CU_ASSERT(strstr(slurp("%s/own/summary.json", t), "\"seed\": 3,") != NULL);
	/* --force replaces offersim's files only. */
	sh("echo mine > %s/own/notes.txt; echo mine > %s/own/tasks.csv.bak", t, t);
	CU_ASSERT_EQUAL(sh("./offersim run %s --seed 99 --no-plots -q --force -o %s/own",
			   sc, t), 0);
	CU_ASSERT(strstr(slurp("%s/own/summary.json", t), "\"seed\": 99,") != NULL);
	CU_ASSERT_STRING_EQUAL(slurp("%s/own/notes.txt", t), "mine\n");
	CU_ASSERT_STRING_EQUAL(slurp("%s/own/tasks.csv.bak", t), "mine\n");
	/* A directory of an older offersim (outputs, no manifest) is another's. */
	CU_ASSERT_EQUAL(sh("mkdir -p %s/old && echo x > %s/old/summary.json", t, t), 0);
	CU_ASSERT_EQUAL(sh("./offersim run %s --no-plots -q -o %s/old 2>/dev/null", sc, t), 2);
	CU_ASSERT_STRING_EQUAL(slurp("%s/old/summary.json", t), "x\n");
}

/* Every name a run writes is in rundir_names, which --force deletes. */
static void test_names_listed(void)
{
	const char *t = tmpdir();
	if (!t || !have_offersim())
		return;
	CU_ASSERT_EQUAL_FATAL(sh("./offersim run tests/data/synth-small.yaml -q -o %s/names",
				 t), 0);
	char dir[256];
	snprintf(dir, sizeof dir, "%s/names", t);
	DIR *d = opendir(dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		int found = 0;
		for (int i = 0; rundir_names[i]; i++)
			found |= strcmp(rundir_names[i], e->d_name) == 0;
		CU_ASSERT(found);
		if (!found)
			printf("\n    not in rundir_names: %s ", e->d_name);
		n++;
	}
	closedir(d);
	CU_ASSERT(n >= 7);
}

static int gnuplot_here(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* run X -o D with plots, then another seed with --no-plots --force: the
 * new report must not show the old pictures. */
static void test_stale_plots(void)
{
	const char *t = tmpdir();
	if (!t || !have_offersim())
		return;
	const char *sc = "tests/data/synth-small.yaml";
	if (gnuplot_here()) {
		CU_ASSERT_EQUAL_FATAL(sh("./offersim run %s -q -o %s/plots", sc, t), 0);
		CU_ASSERT(exists("%s/plots/utilization.png", t));
		CU_ASSERT(strstr(slurp("%s/plots/report.html", t), "data:image/png") != NULL);
		CU_ASSERT_EQUAL(sh("./offersim run %s --seed 99 --no-plots --force -q -o %s/plots",
				   sc, t), 0);
		char dir[256];
		snprintf(dir, sizeof dir, "%s/plots", t);
		CU_ASSERT_EQUAL(count_suffix(dir, ".png"), 0);
		CU_ASSERT(strstr(slurp("%s/plots/report.html", t), "data:image/png") == NULL);
	} else {
		st_skip("gnuplot missing: the two-run stale-plot case");
	}
	/* A picture the manifest does not list under this run's id is never
	 * embedded, whatever put it there; listed, it is (the control). */
	CU_ASSERT_EQUAL_FATAL(sh("./offersim run %s --no-plots -q -o %s/stray", sc, t), 0);
	char dir[256], id[RUNDIR_ID_LEN + 1];
	snprintf(dir, sizeof dir, "%s/stray", t);
	CU_ASSERT_EQUAL_FATAL(rundir_read(dir, id, NULL, 0), 0);
	CU_ASSERT_EQUAL_FATAL(sh("printf 'not really a png' > %s/utilization.png", dir), 0);
	CU_ASSERT_EQUAL(report_run(dir, sc, NULL, 0, 1, id, NULL), 0);
	CU_ASSERT(strstr(slurp("%s/report.html", dir), "data:image/png") == NULL);
	CU_ASSERT_EQUAL_FATAL(sh("echo 'file utilization.png' >> %s/manifest.txt", dir), 0);
	CU_ASSERT_EQUAL(report_run(dir, sc, NULL, 0, 1, id, NULL), 0);
	CU_ASSERT(strstr(slurp("%s/report.html", dir), "data:image/png") != NULL);
	/* Another run's summary.json gets no report at all. */
	CU_ASSERT(report_run(dir, sc, NULL, 0, 1, "0000000000000000", NULL) < 0);
}

/* --- compare: refuse, or --resume --- */

static void test_stale_compare(void)
{
	const char *t = tmpdir();
	if (!t || !have_offersim())
		return;
	const char *base = "./offersim compare tests/data/synth-small.yaml "
			   "--vary master.allocator=drf,random --no-plots";
	CU_ASSERT_EQUAL_FATAL(sh("%s --seeds 2 -q -o %s/cmp", base, t), 0);
	CU_ASSERT_EQUAL(sh("%s --seeds 2 -q -o %s/cmp 2>%s/err", base, t, t), 2);
	CU_ASSERT(strstr(slurp("%s/err", t), "holds the runs of an earlier compare; use --resume")
		  != NULL);
	/* A third seed: the four runs there are kept, two are made. */
	CU_ASSERT_EQUAL(sh("%s --seeds 3 --resume -o %s/cmp >%s/out", base, t, t), 0);
	CU_ASSERT(strstr(slurp("%s/out", t), "resume: 4 of 6 runs kept, 2 to run") != NULL);
	CU_ASSERT(exists("%s/cmp/runs/allocator=random/seed-3/summary.json", t));
	/* A missing summary.json is run again. */
	CU_ASSERT_EQUAL(sh("rm %s/cmp/runs/allocator=drf/seed-2/summary.json", t), 0);
	CU_ASSERT_EQUAL(sh("%s --seeds 3 --resume -o %s/cmp >%s/out", base, t, t), 0);
	CU_ASSERT(strstr(slurp("%s/out", t), "resume: 5 of 6 runs kept, 1 to run") != NULL);
	CU_ASSERT(exists("%s/cmp/runs/allocator=drf/seed-2/summary.json", t));
	/* Another --set changes every run id: everything is run again. */
	CU_ASSERT_EQUAL(sh("%s --seeds 3 --resume --set master.allocation_interval=2 "
			   "-o %s/cmp >%s/out", base, t, t), 0);
	CU_ASSERT(strstr(slurp("%s/out", t), "resume: 0 of 6 runs kept, 6 to run") != NULL);

	/* sweep runs every probe it uses, so a second sweep with other
	 * settings replaces the first one's runs instead of failing. */
	const char *sw = "./offersim sweep tests/data/synth-small.yaml --param "
			 "cluster.agents.small.count --range 1:2 --slo 'wait.mean<=1000' "
			 "--seeds 1 --no-plots -q";
	CU_ASSERT_EQUAL(sh("%s -o %s/sw", sw, t), 0);
	CU_ASSERT_EQUAL(sh("%s --set master.allocation_interval=2 -o %s/sw", sw, t), 0);
	CU_ASSERT(strstr(slurp("%s/sw/runs/count=1/seed-1/manifest.txt", t), "state complete")
		  != NULL);
}

/* --- signals --- */

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void test_sigint(void)
{
	const char *t = tmpdir();
	if (!t || !have_offersim())
		return;
	char dir[256], out[300];
	snprintf(dir, sizeof dir, "%s/sig", t);
	snprintf(out, sizeof out, "%s/sig.stdout", t);
	/* An earlier complete run there, whose report must not survive. */
	CU_ASSERT_EQUAL_FATAL(sh("./offersim run examples/mmc.yaml --no-plots -q -o %s "
				 "--set frameworks.queue.workload.synthetic.jobs=100", dir), 0);
	CU_ASSERT_FATAL(exists("%s/report.html", dir));
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl("./offersim", "offersim", "run", "examples/mmc.yaml", "--no-plots",
		      "--force", "-o", dir,
		      "--set", "frameworks.queue.workload.synthetic.jobs=5000000", (char *)NULL);
		_exit(127);
	}
	/* Started: its temporaries exist and it is into the simulation. */
	int started = 0;
	for (int i = 0; i < 400 && !started; i++) {
		sleep_ms(10);
		started = exists("%s/.tasks.csv.tmp", dir);
	}
	CU_ASSERT(started);
	sleep_ms(200);
	CU_ASSERT(!exists("%s/report.html", dir));
	kill(pid, SIGINT);
	int st = 0;
	CU_ASSERT_EQUAL(waitpid(pid, &st, 0), pid);
	CU_ASSERT(WIFEXITED(st));
	CU_ASSERT_EQUAL(WEXITSTATUS(st), 130);
	const char *sum = slurp("%s/summary.json", dir);
	CU_ASSERT(strstr(sum, "\"complete\": false") != NULL);
	CU_ASSERT(strstr(sum, "\"reason\": \"SIGINT\"") != NULL);
	CU_ASSERT(strstr(sum, "\"sim_time\": ") != NULL);
	static const char *const csvs[] = {"tasks.csv", "utilization.csv", "shares.csv",
					   "offers.csv", "jobs.csv"};
	for (int i = 0; i < 5; i++) {
		/* The marker is the file's last line. */
		char path[400], tail[256] = "";
		snprintf(path, sizeof path, "%s/%s", dir, csvs[i]);
		FILE *f = fopen(path, "r");
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		if (fseek(f, -(long)(sizeof tail - 1), SEEK_END) != 0)
			rewind(f);
		size_t n = fread(tail, 1, sizeof tail - 1, f);
		tail[n] = '\0';
		fclose(f);
		const char *last = strstr(tail, "\n# incomplete: SIGINT at ");
		CU_ASSERT(last != NULL);
		if (last)
			CU_ASSERT(strchr(last + 1, '\n') == tail + n - 1);
	}
	CU_ASSERT_EQUAL(count_suffix(dir, ".tmp"), 0);
	CU_ASSERT(!exists("%s/report.html", dir));
	CU_ASSERT(strstr(slurp("%s/manifest.txt", dir), "state incomplete SIGINT\n") != NULL);
	CU_ASSERT(strstr(slurp("%s", out), "stopped by SIGINT") != NULL);
}

/* --- standard output and write failures --- */

static void test_stdout_errors(void)
{
	const char *t = tmpdir();
	if (!t || !have_offersim())
		return;
	/* EPIPE: the narration is far larger than a pipe's buffer. */
	CU_ASSERT_EQUAL(sh("(./offersim run examples/mmc.yaml --explain --no-plots -o %s/pipe "
			   "--set frameworks.queue.workload.synthetic.jobs=3000 2>%s/pipe.err; "
			   "echo $? > %s/pipe.status) | head -1 > /dev/null", t, t, t), 0);
	CU_ASSERT_STRING_EQUAL(slurp("%s/pipe.status", t), "1\n");
	CU_ASSERT(strstr(slurp("%s/pipe.err", t),
			 "offersim: error: writing standard output: Broken pipe") != NULL);
	/* ENOSPC on standard output, then on a -o file. */
	CU_ASSERT_EQUAL(sh("./offersim run tests/data/synth-small.yaml --no-plots -o %s/full "
			   ">/dev/full 2>%s/full.err", t, t), 1);
	CU_ASSERT(strstr(slurp("%s/full.err", t),
			 "writing standard output: No space left on device") != NULL);
	CU_ASSERT_EQUAL(sh("./offersim trace convert tests/data/tr-small.swf -q -o /dev/full "
			   "2>%s/conv.err", t), 1);
	CU_ASSERT(strstr(slurp("%s/conv.err", t), "No space left on device") != NULL);
	CU_ASSERT_EQUAL(sh("./offersim policies > /dev/full 2>/dev/null"), 1);
	/* -o /dev/stdout and -o - write to standard output, replacing nothing. */
	CU_ASSERT_EQUAL(sh("./offersim trace convert tests/data/tr-small.swf -q -o %s/conv.csv",
			   t), 0);
	CU_ASSERT_EQUAL(sh("./offersim trace convert tests/data/tr-small.swf -q -o /dev/stdout "
			   "> %s/conv-stdout.csv", t), 0);
	CU_ASSERT_EQUAL(sh("./offersim trace convert tests/data/tr-small.swf -q -o - "
			   "> %s/conv-dash.csv", t), 0);
	CU_ASSERT_EQUAL(sh("cmp -s %s/conv.csv %s/conv-stdout.csv", t, t), 0);
	CU_ASSERT_EQUAL(sh("cmp -s %s/conv.csv %s/conv-dash.csv", t, t), 0);
	struct stat st;
	CU_ASSERT(lstat("/dev/stdout", &st) == 0 && S_ISLNK(st.st_mode));
	/* A FIFO stays a FIFO, and its reader gets the bytes. */
	CU_ASSERT_EQUAL(sh("mkfifo %s/conv.fifo && (cat %s/conv.fifo > %s/conv-fifo.csv &) && "
			   "./offersim trace convert tests/data/tr-small.swf -q -o %s/conv.fifo",
			   t, t, t, t), 0);
	sleep_ms(100);
	CU_ASSERT_EQUAL(sh("cmp -s %s/conv.csv %s/conv-fifo.csv", t, t), 0);
	CU_ASSERT_EQUAL(sh("test -p %s/conv.fifo", t), 0);
}

static const struct test_case outputs_cases[] = {
	{"outputs: commit renames, abort leaves the old file", test_commit_abort},
	{"outputs: unlink_all deletes every live temporary", test_unlink_all},
	{"outputs: FIFOs, devices and symlinks are written through", test_through},
	{"outputs: /dev/shm is a file system, not a device", test_dev_shm},
	{"outputs: ENOSPC, EROFS and ENOENT come back as errno", test_failures},
	{"outputs: a run refuses another's directory; --force clears only its files",
	 test_refuse_force},
	{"outputs: every file a run writes is one --force knows", test_names_listed},
	{"outputs: a report never embeds a stale plot", test_stale_plots},
	{"outputs: compare refuses old runs; --resume reruns only what changed",
	 test_stale_compare},
	{"outputs: SIGINT mid-run leaves marked partial files, no .tmp, exit 130",
	 test_sigint},
	{"outputs: EPIPE and ENOSPC exit 1 with the reason; -o /dev/stdout, - and a FIFO",
	 test_stdout_errors},
	{NULL, NULL},
};

const struct test_suite suite_outputs = {"outputs", outputs_cases};
