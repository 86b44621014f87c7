/*
 * test_prefetch.c - a trace read ahead on a second thread
 * (workloads/prefetch.c) delivers what the reader delivers on the caller's
 * thread: the same records in the same order, the same statistics after
 * each, and every message at the same record, with the same counts.
 *
 * Each case is read twice through the reader of its format: once plain,
 * once behind the prefetcher with its thread forced on (so the test means
 * the same on a one-processor machine).  The readings are compared record
 * by record, including the call after the end (which must reach the
 * reader again, as without the thread), and then again stopped early, at
 * several points, where the prefetched reading must report only the
 * messages of the records taken even though its thread has read further.
 * The cases: the shipped slices, files with a bad line read strictly and
 * leniently, and a generated trace long enough to fill the ring of
 * batches many times over, with a bad line every few hundred, read with
 * and without quiet warnings, and once by a caller that pauses so that
 * the ring grows.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../sim/core/diag.h"
#include "../workloads/formats.h"
#include "../workloads/prefetch.h"
#include "../workloads/source.h"
#include "harness.h"
#include "simtest.h"

/* One call: its result, record, statistics and the length of the
 * messages so far once it returned. */
struct call {
	int r;
	struct wl_task t;
	struct wl_stats st;
	size_t mend;
};

/* One reading: every call, and the messages. */
struct reading {
	long n;                 /* calls made */
	struct call *c;
	char *msgs;
	size_t mlen;
	int errors, warnings, threaded;
	int ring;               /* batches the prefetcher's ring used */
};

/* A prefetched reading pauses this long after every nap_every-th record
 * (0: never), so that its reader fills the ring and the caller then
 * catches up with it. */
static long nap_every;
static long nap_us;

static void reading_free(struct reading *g)
{
	free(g->c);
	free(g->msgs);
}

/*
 * Read the workload of sc through its format's reader, prefetched or not,
 * stopping after `stop` records (0: read to the end, then call once more).
 */
static int read_one(const struct scenario *sc, int prefetched, int quiet,
		    long stop, struct reading *g)
{
	memset(g, 0, sizeof *g);
	FILE *m = open_memstream(&g->msgs, &g->mlen);
	if (!m)
		return -1;
	struct diag d;
	diag_init(&d, m);
	d.quiet_warnings = quiet;
	struct wl_source *src = NULL;
	int rebase = 0, r;
	if (prefetched) {
		struct prefetch *p = pf_new(&d);
		if (!p) {
			fclose(m);
			return -1;
		}
		r = wl_open_format(sc, 0, pf_diag(p), &src, &rebase);
		if (r == 0) {
			src = pf_start(p, src, PF_ALWAYS);
			g->threaded = pf_threaded(src);
		} else {
			pf_free(p);
		}
	} else {
		r = wl_open_format(sc, 0, &d, &src, &rebase);
	}
	long cap = 0;
	int ended = 0;
	while (r == 0) {
		if (g->n == cap) {
			cap = cap ? 2 * cap : 1024;
			struct call *c = realloc(g->c, sizeof *c * (size_t)cap);
			if (!c) {
				r = -1;
				break;
			}
			g->c = c;
		}
		struct call *c = &g->c[g->n++];
		memset(c, 0, sizeof *c);
		struct wl_task t;
		memset(&t, 0, sizeof t);
		int k = wl_next(src, &t);
		fflush(m);
		c->r = k;
		if (k > 0)
			c->t = t;
		wl_stats(src, &c->st);
		c->mend = g->mlen;
		if (prefetched && nap_every > 0 && k > 0 &&
		    g->n % nap_every == 1) {
			struct timespec ts = {nap_us / 1000000,
					      nap_us % 1000000 * 1000};
			nanosleep(&ts, NULL);
		}
		if (k <= 0 && ended++)
			break;   /* the call after the end made too */
		if (k > 0 && stop > 0 && g->n == stop)
			break;
	}
	if (prefetched && src)
		g->ring = pf_ring_size(src);
	wl_close(src);
	fflush(m);
	g->errors = d.errors;
	g->warnings = d.warnings;
	fclose(m);
	return r;
}

/* The ring of the last prefetched reading of same_both_ways. */
static int last_ring;

/* Read both ways and compare; the records read plainly, or -1. */
static long same_both_ways(const struct scenario *sc, int quiet, long stop,
			   const char *what)
{
	struct reading a, b;
	int ra = read_one(sc, 0, quiet, stop, &a);
	int rb = read_one(sc, 1, quiet, stop, &b);
	long n = ra == 0 ? a.n : -1;
	CU_ASSERT_EQUAL(ra, 0);
	CU_ASSERT_EQUAL(rb, 0);
	CU_ASSERT(b.threaded);
	CU_ASSERT_EQUAL(a.n, b.n);
	long first_bad = -1;
	for (long i = 0; i < a.n && i < b.n && first_bad < 0; i++) {
		const struct call *x = &a.c[i], *y = &b.c[i];
		if (x->r != y->r || memcmp(&x->t, &y->t, sizeof x->t) ||
		    x->st.skipped_lines != y->st.skipped_lines ||
		    x->st.bytes_read != y->st.bytes_read || x->mend != y->mend)
			first_bad = i;
	}
	CU_ASSERT_EQUAL(first_bad, -1);
	CU_ASSERT_EQUAL(a.mlen, b.mlen);
	CU_ASSERT(a.mlen == b.mlen && !memcmp(a.msgs, b.msgs, a.mlen));
	CU_ASSERT_EQUAL(a.errors, b.errors);
	CU_ASSERT_EQUAL(a.warnings, b.warnings);
	last_ring = b.ring;
	if (first_bad >= 0 || a.n != b.n || a.mlen != b.mlen)
		fprintf(stderr, "\n  %s (stop %ld): plain %ld calls, %zu bytes of "
			"messages; prefetched %ld, %zu; first difference at "
			"call %ld\n", what, stop, a.n, a.mlen, b.n, b.mlen,
			first_bad);
	reading_free(&a);
	reading_free(&b);
	return n;
}

static void both_ways_stopping(const struct scenario *sc, int quiet,
			       const char *what)
{
	long n = same_both_ways(sc, quiet, 0, what);
	CU_ASSERT(n > 0);
	const long stops[] = {1, 2, 3, 700, 5000, 20000};
	for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
		if (stops[i] < n)
			same_both_ways(sc, quiet, stops[i], what);
}

static void test_slices(void)
{
	static const struct {
		const char *path, *format;
	} cases[] = {
		{"traces/kth-sp2-2000.swf.gz", "swf"},
		{"traces/google-2011-10min.csv.gz", "google2011"},
		{"traces/alibaba-2017-1min.csv", "alibaba2017"},
		{"traces/alibaba-gpu-2023-3000pods.csv", "alibaba_gpu2023"},
		{"traces/mapreduce-small.csv", "csv"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (access(cases[i].path, R_OK)) {
			CU_FAIL("a shipped slice is missing");
			continue;
		}
		struct st_trace x;
		st_trace_make(&x, cases[i].path, cases[i].format,
			      "cpus,mem,gpus");
		both_ways_stopping(&x.sc, 0, cases[i].path);
	}
}

/* Bad lines, strict (the error ends the stream at its record) and
 * lenient (warnings with their lines, then the rest). */
static void test_bad_lines(void)
{
	static const struct {
		const char *path, *format;
	} cases[] = {
		{"tests/data/huge-google.csv", "google2011"},
		{"tests/data/huge.swf", "swf"},
		{"tests/data/huge.csv", "csv"},
		{"tests/data/huge-alibaba.csv", "alibaba2017"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (int lenient = 0; lenient < 2; lenient++)
			for (int quiet = 0; quiet < 2; quiet++) {
				struct st_trace x;
				st_trace_make(&x, cases[i].path,
					      cases[i].format, "cpus,mem,gpus");
				x.fw.wl.lenient = lenient;
				same_both_ways(&x.sc, quiet, 0, cases[i].path);
			}
}

/*
 * 60,000 rows, far more than the ring holds (so the reader waits for room
 * and the ring wraps), a malformed row every 331 (more than the reader
 * shows: the later ones are counted silently), read leniently.
 */
/* A generated trace of 60,000 records, many times the ring, with a bad
 * line every 331. */
static void write_long_trace(const char *path)
{
	FILE *f = fopen(path, "w");
	CU_ASSERT_FATAL(f != NULL);
	fprintf(f, "job_id,task_id,submit,duration,cpus,mem\n");
	for (long i = 1; i <= 60000; i++) {
		if (i % 331 == 0)
			fprintf(f, "%ld,0,%ld,oops,1,10\n", i, i / 7);
		else
			fprintf(f, "%ld,0,%ld,%ld,%ld,%ld\n", i, i / 7,
				1 + i % 97, 1 + i % 3, 10 * (1 + i % 5));
	}
	fclose(f);
}

static void test_long_trace(void)
{
	char path[ST_DIR];
	CU_ASSERT_FATAL(st_mkstemp(path, sizeof path, "prefetch") == 0);
	write_long_trace(path);
	for (int quiet = 0; quiet < 2; quiet++) {
		struct st_trace x;
		st_trace_make(&x, path, "csv", "cpus,mem");
		x.fw.wl.lenient = 1;
		both_ways_stopping(&x.sc, quiet, "generated trace");
		/* Strict: the first bad row ends it: 330 records, the error,
		 * and the call after. */
		st_trace_make(&x, path, "csv", "cpus,mem");
		CU_ASSERT_EQUAL(same_both_ways(&x.sc, quiet, 0, "strict"), 332);
	}
	unlink(path);
}

/*
 * The ring grows when the reader filled it and the caller then waited:
 * the caller pauses every 6,000 records, long enough for the reader to
 * fill what the ring has, then takes records faster than they are parsed.
 * It doubles from 4 batches where it wraps, with full batches on both
 * sides of the seam; records, statistics and messages stay the same.
 */
static void test_ring_grows(void)
{
	char path[ST_DIR];
	CU_ASSERT_FATAL(st_mkstemp(path, sizeof path, "prefetch") == 0);
	write_long_trace(path);
	struct st_trace x;
	st_trace_make(&x, path, "csv", "cpus,mem");
	x.fw.wl.lenient = 1;
	nap_every = 6000;
	nap_us = 20000;
	last_ring = 0;
	CU_ASSERT(same_both_ways(&x.sc, 0, 0, "paused caller") > 59000);
	CU_ASSERT(last_ring > 4 && last_ring <= 32);
	nap_every = 0;
	unlink(path);
}

/* The processors this process may run on, less the caller's. */
static int spare_cpus(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		return CPU_COUNT(&set) - 1;
	return (int)sysconf(_SC_NPROCESSORS_ONLN) - 1;
}

/*
 * wl_open_ahead gives what wl_open gives.  Of three sources open at once,
 * as many read on a thread as there are spare processors (none on one
 * processor, one on two); a source closed gives its processor back.
 */
static void test_open_ahead(void)
{
	struct st_trace x;
	st_trace_make(&x, "traces/kth-sp2-2000.swf.gz", "swf", "cpus,mem");
	struct diag d;
	diag_init(&d, NULL);
	struct wl_source *a, *b[3];
	CU_ASSERT_FATAL(wl_open(&x.sc, 0, &d, &a) == 0);
	for (int k = 0; k < 3; k++)
		CU_ASSERT_FATAL(wl_open_ahead(&x.sc, 0, &d, &b[k]) == 0);
	int spare = spare_cpus(), ahead = 0;
	for (int k = 0; k < 3; k++)
		ahead += wl_reads_ahead(b[k]);
	CU_ASSERT_EQUAL(ahead, spare < 3 ? spare : 3);
	CU_ASSERT(!wl_reads_ahead(a));
	long n = 0, diff = 0;
	for (;;) {
		struct wl_task s, t[3];
		memset(&s, 0, sizeof s);
		int ra = wl_next(a, &s), rb[3];
		for (int k = 0; k < 3; k++) {
			memset(&t[k], 0, sizeof t[k]);
			rb[k] = wl_next(b[k], &t[k]);
			diff += ra != rb[k] ||
				(ra > 0 && memcmp(&s, &t[k], sizeof s));
		}
		if (ra <= 0)
			break;
		n++;
	}
	CU_ASSERT_EQUAL(n, 2000);
	CU_ASSERT_EQUAL(diff, 0);
	for (int k = 0; k < 3; k++) {
		simtime_t oa = -1, ob = -2;
		CU_ASSERT(wl_origin(a, &oa) && wl_origin(b[k], &ob) && oa == ob);
		/* At the end the thread is gone and its processor free. */
		CU_ASSERT(!wl_reads_ahead(b[k]));
		wl_close(b[k]);
	}
	wl_close(a);
	/* All given back: a new source reads ahead again where it can. */
	struct wl_source *c;
	CU_ASSERT_FATAL(wl_open_ahead(&x.sc, 0, &d, &c) == 0);
	CU_ASSERT_EQUAL(wl_reads_ahead(c), spare > 0);
	wl_close(c);
}

/*
 * `offersim run` with the trace read ahead and its rows formatted on a
 * spare processor (the default) and with --one-thread writes the same
 * bytes in every output file but the manifest's, and prints the same (but
 * for the directory's name): the shipped KTH slice under EASY, with its
 * offer log, and a Google slice read leniently with a horizon that stops
 * the run long before its trace ends.
 */
static void test_run_both_ways(void)
{
	if (!st_have_offersim()) {
		st_skip("./offersim not built; the run both ways not tested");
		return;
	}
	static const char *const runs[] = {
		"tests/data/batch-kth.yaml --set frameworks.batch.policy=easy "
		"--set metrics.offer_log=true",
		"bench/google-cell.yaml --set horizon=120 "
		"--set frameworks.borg.workload.lenient=true",
	};
	static const char *const files[] = {
		"summary.json", "tasks.csv", "jobs.csv", "utilization.csv",
		"shares.csv", "queue.csv", "gantt.csv", "offers.csv",
		"gantt.svg", ".stdout", ".stderr",
	};
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		char dir[ST_DIR];
		CU_ASSERT_FATAL(st_mkdtemp(dir, sizeof dir, "prefetch-run") == 0);
		/* The summary on stdout names the run's directory. */
		CU_ASSERT_EQUAL(st_sh("./offersim run %s --no-plots -o %s/a "
				      "2> %s/a.stderr | sed 's|%s/a|DIR|' > %s/a.stdout",
				      runs[i], dir, dir, dir, dir), 0);
		CU_ASSERT_EQUAL(st_sh("./offersim run %s --one-thread "
				      "--no-plots -o %s/b 2> %s/b.stderr | "
				      "sed 's|%s/b|DIR|' > %s/b.stdout",
				      runs[i], dir, dir, dir, dir), 0);
		for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
			char pa[ST_DIR + 64], pb[ST_DIR + 64];
			const char *sep = files[k][0] == '.' ? "" : "/";
			snprintf(pa, sizeof pa, "%s/a%s%s", dir, sep, files[k]);
			snprintf(pb, sizeof pb, "%s/b%s%s", dir, sep, files[k]);
			size_t na = 0, nb = 0;
			char *a = st_slurp(NULL, pa, &na);
			char *b = st_slurp(NULL, pb, &nb);
			CU_ASSERT(a != NULL);
			CU_ASSERT(a && b && na == nb && !memcmp(a, b, na));
			if (a && b && (na != nb || memcmp(a, b, na)))
				fprintf(stderr, "\n  %s: %s differs\n", runs[i],
					files[k]);
			free(a);
			free(b);
		}
		st_cleanup(dir);
	}
}

static const struct test_case prefetch_cases[] = {
	{"the shipped slices, whole and stopped early", test_slices},
	{"bad lines, strict and lenient, quiet or not", test_bad_lines},
	{"a trace longer than the ring, with bad lines", test_long_trace},
	{"a caller that waits after the reader filled the ring: it grows",
	 test_ring_grows},
	{"wl_open_ahead: what wl_open delivers, a thread per spare processor",
	 test_open_ahead},
	{"offersim run: the same outputs with and without the thread",
	 test_run_both_ways},
	{NULL, NULL},
};

const struct test_suite suite_prefetch = {"prefetch", prefetch_cases};
