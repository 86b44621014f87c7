/*
 * test_transforms.c - the transforms every workload source gets
 * (workloads/transform.c) and the cluster taken from a trace
 * (workloads/machines.c), on small fixtures whose answers are worked out
 * by hand in the comments: the time window, the filter, the job window
 * after a filter, time_scale, duration_scale, load_scale (the factor and
 * the offered load it reaches, in summary.json too), framework_by (which
 * records each part gets, and that the parts add up to the whole), user
 * ids, and the agent groups of each machine table.
 *
 * tests/data/xf-google.csv holds six task records (see xf-split.yaml for
 * the table); tests/data/xf-users.csv is a native CSV with users and
 * frameworks; tests/data/mc-*.csv are small machine tables.  One test runs
 * examples/google-2011-split.yaml on the real slice in traces/ and checks
 * what holds whatever the data: the parts add up to the whole, each equals
 * a filter on its band, and the offered load is the target.  Bad values of
 * the new scenario keys are in the bad-input corpus (tests/bad/xf-*.yaml,
 * checked by test_config.c).
 */
#include "../workloads/transform.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/config/config.h"
#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/config/scenario.h"
#include "../workloads/machines.h"
#include "../workloads/source.h"
#include "harness.h"
#include "simtest.h"

enum { R_CPUS, R_MEM };

#define SEC INT64_C(1000000)

static char fw_name[] = "g";

struct fixture {
	struct scenario sc;
	struct framework_spec fw;
	struct agent_group group;
	char path[256], format[32];
};

/* One framework reading path in format, on one agent of 1 cpu and 1 mem
 * (the capacity load_scale divides by). */
static void make(struct fixture *x, const char *path, const char *format)
{
	memset(x, 0, sizeof *x);
	x->sc.seed = 1;
	CU_ASSERT_EQUAL(res_intern(&x->sc.res, "cpus"), R_CPUS);
	CU_ASSERT_EQUAL(res_intern(&x->sc.res, "mem"), R_MEM);
	x->group.count = 1;
	x->group.res[R_CPUS] = 1000;
	x->group.res[R_MEM] = 1000;
	x->sc.groups = &x->group;
	x->sc.ngroups = 1;
	snprintf(x->path, sizeof x->path, "%s", path);
	snprintf(x->format, sizeof x->format, "%s", format);
	x->fw.name = fw_name;
	x->fw.wl.kind = WL_TRACE;
	x->fw.wl.trace = x->path;
	x->fw.wl.format = x->format;
	x->sc.fws = &x->fw;
	x->sc.nfws = 1;
}

static void make_google(struct fixture *x)
{
	make(x, "tests/data/xf-google.csv", "google2011");
}

/* Framework fw of sc read whole (st_read_workload); the first 16
 * records go into v[0..16).  Returns the count or the negative code. */
static long read_first(const struct scenario *sc, int fw, struct wl_task *v)
{
	struct wl_task *all;
	long n = st_read_workload(sc, fw, &all, NULL, NULL);
	for (long i = 0; i < n && i < 16; i++)
		v[i] = all[i];
	free(all);
	return n;
}

static long read_all(struct fixture *x, struct wl_task *v)
{
	return read_first(&x->sc, 0, v);
}

/* The submit times, durations (s) and job ids of what fx delivers must be
 * exactly these. */
static void expect(struct fixture *x, int n, const double *submit,
		   const double *dur, const int64_t *job)
{
	struct wl_task v[16];
	long got = read_all(x, v);
	CU_ASSERT_EQUAL(got, n);
	if (got != n) {
		fprintf(stderr, "\n  want %d records, got %ld\n", n, got);
		return;
	}
	for (int i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(v[i].submit, llround(submit[i] * 1e6));
		if (dur)
			CU_ASSERT_EQUAL(v[i].duration, llround(dur[i] * 1e6));
		if (job)
			CU_ASSERT_EQUAL(v[i].job_id, job[i]);
	}
}

/* ---- user ids -------------------------------------------------------- */

static int64_t uid(const char *s)
{
	return wl_user_id(s, strlen(s));
}

static void test_user_ids(void)
{
	const int64_t big = INT64_C(1) << 62;
	CU_ASSERT_EQUAL(uid("42"), 42);
	CU_ASSERT_EQUAL(uid("0"), 0);
	CU_ASSERT_EQUAL(uid("-1"), -1);
	CU_ASSERT_EQUAL(uid(""), -1);
	CU_ASSERT_EQUAL(uid("4611686018427387903"), big - 1);
	/* Names, and numbers too large to be ids, are hashed above 2^62. */
	const char *names[] = {
		"alice", "4611686018427387904", "-2", "7a",
		"/fk1fVcVxZ6iM6gHZzqbIyq56m5zrmHfpdcZ/zzkq4c=",
	};
	for (int i = 0; i < 5; i++) {
		CU_ASSERT(uid(names[i]) >= big);
		for (int j = 0; j < i; j++)
			CU_ASSERT(uid(names[i]) != uid(names[j]));
	}
	/* FNV-1a of "a" is 0xaf63dc4c8601ec8c: fixed across runs. */
	CU_ASSERT_EQUAL(uid("a"), (int64_t)((UINT64_C(0xaf63dc4c8601ec8c) &
					      (uint64_t)(big - 1)) |
					     (uint64_t)big));
}

static void test_users_set_by_readers(void)
{
	struct fixture x;
	struct wl_task v[16];
	make_google(&x);
	CU_ASSERT_EQUAL_FATAL(read_all(&x, v), 6);
	CU_ASSERT_EQUAL(v[0].user, uid("A"));
	CU_ASSERT_EQUAL(v[1].user, uid("B"));
	CU_ASSERT_EQUAL(v[4].user, uid("C"));
	CU_ASSERT_EQUAL(v[4].sched_class, 3);
	CU_ASSERT_EQUAL(v[4].priority, 11);

	make(&x, "tests/data/xf-users.csv", "csv");
	static char *own[] = {"a", "b", "c"};
	x.fw.wl.filter.fws = own;
	x.fw.wl.filter.nfws = 3;
	CU_ASSERT_EQUAL_FATAL(read_all(&x, v), 6);
	CU_ASSERT_EQUAL(v[0].user, uid("alice"));
	CU_ASSERT_EQUAL(v[2].user, uid("bob"));
	CU_ASSERT_EQUAL(v[3].user, 7);
	CU_ASSERT_EQUAL(v[5].user, -1);

	make(&x, "tests/data/tr-small.swf", "swf");
	CU_ASSERT_FATAL(read_all(&x, v) > 0);
	CU_ASSERT_EQUAL(v[0].user, 1);      /* field 12 */

	make(&x, "tests/data/tr-alibaba.csv", "alibaba2017");
	CU_ASSERT_FATAL(read_all(&x, v) > 0);
	CU_ASSERT_EQUAL(v[0].user, -1);
}

/* ---- windows and filter ---------------------------------------------- */

static void test_time_window(void)
{
	struct fixture x;
	make_google(&x);
	/* start/end in the trace's seconds: 602 <= submit < 620; then the
	 * rebase puts 602 at 0. */
	x.fw.wl.has_start = x.fw.wl.has_end = 1;
	x.fw.wl.start = 602;
	x.fw.wl.end = 620;
	static const double s1[] = {0, 0, 3, 8};
	static const int64_t j1[] = {11, 11, 12, 13};
	expect(&x, 4, s1, NULL, j1);

	/* The native CSV keeps its own times under a window. */
	make(&x, "tests/data/xf-users.csv", "csv");
	static char *all[] = {"a", "b", "c"};
	x.fw.wl.filter.fws = all;
	x.fw.wl.filter.nfws = 3;
	x.fw.wl.has_start = 1;
	x.fw.wl.start = 12;
	static const double s2[] = {12, 15, 20, 30};
	expect(&x, 4, s2, NULL, NULL);
	x.fw.wl.has_end = 1;
	x.fw.wl.end = 20;
	expect(&x, 2, s2, NULL, NULL);
}

static void test_filter(void)
{
	struct fixture x;
	make_google(&x);
	struct int_range nine_up = {9, INT64_MAX};
	x.fw.wl.filter.prio = &nine_up;
	x.fw.wl.filter.nprio = 1;
	/* Jobs 11 (priority 9) and 13 (11); the clock starts at 602. */
	static const double s1[] = {0, 0, 8};
	static const int64_t j1[] = {11, 11, 13};
	expect(&x, 3, s1, NULL, j1);

	make_google(&x);
	struct int_range cls[] = {{0, 0}, {3, 3}};
	x.fw.wl.filter.cls = cls;
	x.fw.wl.filter.ncls = 2;
	static const double s2[] = {0, 10, 20};
	static const int64_t j2[] = {10, 13, 14};
	expect(&x, 3, s2, NULL, j2);

	make_google(&x);
	int64_t users[] = {uid("A")};
	x.fw.wl.filter.users = users;
	x.fw.wl.filter.nusers = 1;
	static const double s3[] = {0, 5};
	static const int64_t j3[] = {10, 12};
	expect(&x, 2, s3, NULL, j3);
	/* Keys combine with AND: user A at priority 9 and up is nobody. */
	x.fw.wl.filter.prio = &nine_up;
	x.fw.wl.filter.nprio = 1;
	expect(&x, 0, NULL, NULL, NULL);

	/* The job window counts the jobs the filter kept: user B's second
	 * job is 14. */
	make_google(&x);
	int64_t b[] = {uid("B")};
	x.fw.wl.filter.users = b;
	x.fw.wl.filter.nusers = 1;
	x.fw.wl.skip = 1;
	static const double s4[] = {0};
	static const int64_t j4[] = {14};
	expect(&x, 1, s4, NULL, j4);
}

static void test_csv_framework_filter(void)
{
	struct fixture x;
	make(&x, "tests/data/xf-users.csv", "csv");
	/* Without a filter, the framework's own name: no rows for "g". */
	expect(&x, 0, NULL, NULL, NULL);
	static char *ac[] = {"a", "c"};
	x.fw.wl.filter.fws = ac;
	x.fw.wl.filter.nfws = 2;
	static const double s[] = {10, 10, 15, 20};
	static const int64_t j[] = {1, 1, 3, 4};
	expect(&x, 4, s, NULL, j);

	/* A trace without the column cannot be filtered by it. */
	make(&x, "tests/data/wl-basic.csv", "csv");
	x.fw.wl.filter.fws = ac;
	x.fw.wl.filter.nfws = 2;
	x.fw.wl.filter.fws_pos = (struct src_pos){7, 9};
	x.sc.file = fw_name;
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	struct diag d;
	diag_init(&d, mem);
	struct wl_source *src;
	CU_ASSERT(wl_open(&x.sc, 0, &d, &src) < 0);
	fclose(mem);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "g:7:9: error: filter by "
				      "framework needs a 'framework' column"));
	free(buf);
}

/* ---- scales ---------------------------------------------------------- */

static void test_time_and_duration_scale(void)
{
	struct fixture x;
	make_google(&x);
	x.fw.wl.time_scale = 2;
	x.fw.wl.duration_scale = 0.5;
	static const double s[] = {0, 4, 4, 10, 20, 40};
	/* Job 11's tasks share a submit time; the reader releases task 1
	 * first, as it finishes first. */
	static const double d[] = {5, 5, 10, 15, 2.5, 20};
	expect(&x, 6, s, d, NULL);

	/* Scaled submit times round to the microsecond: 602 - 600 = 2 s
	 * times 1/3 is 0.666667 s. */
	make_google(&x);
	x.fw.wl.time_scale = 1.0 / 3;
	x.fw.wl.has_end = 1;
	x.fw.wl.end = 603;
	static const double s2[] = {0, 0.666667, 0.666667};
	expect(&x, 3, s2, NULL, NULL);
}

/*
 * load_scale by hand.  Work: durations 10+20+10+30+5+40 = 115 s, each task
 * 0.5 cpus and 0.25 mem, so W_cpus = 57.5 and W_mem = 28.75; capacity 1
 * and 1; arrivals span 620 - 600 = 20 s.  L_cpus = 57.5 / 20 = 2.875,
 * L_mem = 1.4375.  Target 0.5 of the most loaded (cpus): factor 5.75;
 * of mem: 2.875.
 */
static void test_load_scale(void)
{
	struct fixture x;
	make_google(&x);
	struct diag d;
	diag_init(&d, stderr);
	struct wl_scan s;
	CU_ASSERT_EQUAL_FATAL(wl_scan(&x.sc, 0, WL_SPLIT_NONE, &d, &s), 0);
	CU_ASSERT_EQUAL(s.records, 6);
	CU_ASSERT_EQUAL(s.first, 0);
	CU_ASSERT_EQUAL(s.last, 20 * SEC);
	CU_ASSERT_DOUBLE_EQUAL(s.work[R_CPUS], 57.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(s.work[R_MEM], 28.75, 1e-12);
	double load[RES_MAX];
	CU_ASSERT_EQUAL(wl_offered_load(&x.sc, s.work, s.last - s.first, NULL,
					load), R_CPUS);
	CU_ASSERT_DOUBLE_EQUAL(load[R_CPUS], 2.875, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(load[R_MEM], 1.4375, 1e-12);
	wl_scan_release(&s);

	x.fw.wl.load_scale = 0.5;
	static const double s1[] = {0, 11.5, 11.5, 28.75, 57.5, 115};
	static const double d1[] = {10, 10, 20, 30, 5, 40};
	expect(&x, 6, s1, d1, NULL);

	static char mem[] = "mem";
	x.fw.wl.load_resource = mem;
	static const double s2[] = {0, 5.75, 5.75, 14.375, 28.75, 57.5};
	expect(&x, 6, s2, NULL, NULL);

	/* duration_scale changes the work the factor is computed from:
	 * half the work, half the factor. */
	x.fw.wl.load_resource = NULL;
	x.fw.wl.duration_scale = 0.5;
	static const double s3[] = {0, 5.75, 5.75, 14.375, 28.75, 57.5};
	expect(&x, 6, s3, NULL, NULL);
}

static void test_load_scale_errors(void)
{
	struct fixture x;
	make_google(&x);
	x.sc.file = fw_name;
	x.fw.wl.load_scale = 0.5;
	x.fw.wl.load_pos = (struct src_pos){12, 19};
	x.fw.wl.limit = 1;      /* job 10 alone: one record, no span */
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	struct diag d;
	diag_init(&d, mem);
	struct wl_source *src;
	CU_ASSERT(wl_open(&x.sc, 0, &d, &src) < 0);
	x.fw.wl.limit = 0;
	/* Nothing asked of gpus: nothing to scale. */
	CU_ASSERT_EQUAL(res_intern(&x.sc.res, "gpus"), 2);
	x.group.res[2] = 1000;
	static char gpus[] = "gpus";
	x.fw.wl.load_resource = gpus;
	CU_ASSERT(wl_open(&x.sc, 0, &d, &src) < 0);
	fclose(mem);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "g:12:19: error: load_scale: the "
				      "workload of 'g' has 1 record, all "
				      "submitted at one instant"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "g:12:19: error: load_scale: the "
				      "workload of 'g' offers no load of "
				      "gpus"));
	CU_ASSERT_EQUAL(diag_errors(&d), 2);
	free(buf);
}

/* ---- framework_by through the scenario reader ------------------------ */

struct loaded {
	struct scenario sc;
	int rc;
	char *out;
};

static void load(const char *path, const char *const *sets, int nsets,
		 struct loaded *l)
{
	size_t len = 0;
	FILE *f = open_memstream(&l->out, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	struct diag d;
	diag_init(&d, f);
	d.quiet_warnings = 1;
	l->rc = st_load(path, sets, nsets, &l->sc, &d);
	fclose(f);
}

static void expect_part(struct loaded *l, int i, const char *name, int n,
			const double *submit, const int64_t *job)
{
	struct wl_task v[16];
	CU_ASSERT_FATAL(i < l->sc.nfws);
	CU_ASSERT_STRING_EQUAL(l->sc.fws[i].name, name);
	CU_ASSERT_STRING_EQUAL(l->sc.fws[i].wl.origin, "g");
	long got = read_first(&l->sc, i, v);
	CU_ASSERT_EQUAL(got, n);
	if (got != n) {
		fprintf(stderr, "\n  %s: want %d records, got %ld\n", name, n,
			got);
		return;
	}
	for (int k = 0; k < n; k++) {
		CU_ASSERT_EQUAL(v[k].submit, llround(submit[k] * 1e6));
		CU_ASSERT_EQUAL(v[k].job_id, job[k]);
	}
}

/*
 * Users by demand (duration x dominant share, each task's dominant share
 * being 0.5 of the 1-cpu agent): B (20 + 10 + 40) x 0.5 = 35, A (10 + 30)
 * x 0.5 = 20, C 5 x 0.5 = 2.5.  Every part keeps the entry's clock (600
 * s = 0).
 */
static void test_split_by_user(void)
{
	struct loaded l;
	const char *top1[] = {"frameworks.g.workload.framework_by="
			      "{key: user, top: 1}"};
	load("tests/data/xf-split.yaml", top1, 1, &l);
	CU_ASSERT_EQUAL_FATAL(l.rc, 0);
	CU_ASSERT_EQUAL_FATAL(l.sc.nfws, 2);
	static const double sb[] = {2, 2, 20}, so[] = {0, 5, 10};
	static const int64_t jb[] = {11, 11, 14}, jo[] = {10, 12, 13};
	expect_part(&l, 0, "g/user1", 3, sb, jb);
	expect_part(&l, 1, "g/other", 3, so, jo);
	CU_ASSERT_EQUAL(l.sc.fws[0].wl.split.quiet, 0);
	CU_ASSERT_EQUAL(l.sc.fws[1].wl.split.quiet, 1);
	scenario_release(&l.sc);
	free(l.out);

	/* Top 3 covers every user: no "other". */
	const char *top3[] = {"frameworks.g.workload.framework_by="
			      "{key: user, top: 3}"};
	load("tests/data/xf-split.yaml", top3, 1, &l);
	CU_ASSERT_EQUAL_FATAL(l.rc, 0);
	CU_ASSERT_EQUAL_FATAL(l.sc.nfws, 3);
	static const double sa[] = {0, 5}, sc[] = {10};
	static const int64_t ja[] = {10, 12}, jc[] = {13};
	expect_part(&l, 0, "g/user1", 3, sb, jb);
	expect_part(&l, 1, "g/user2", 2, sa, ja);
	expect_part(&l, 2, "g/user3", 1, sc, jc);
	scenario_release(&l.sc);
	free(l.out);
}

static void test_split_by_class_and_band(void)
{
	struct loaded l;
	const char *cls[] = {"frameworks.g.workload.framework_by=class"};
	load("tests/data/xf-split.yaml", cls, 1, &l);
	CU_ASSERT_EQUAL_FATAL(l.rc, 0);
	CU_ASSERT_EQUAL_FATAL(l.sc.nfws, 4);
	static const double s0[] = {0, 20}, s1[] = {5}, s2[] = {2, 2}, s3[] = {10};
	static const int64_t j0[] = {10, 14}, j1[] = {12}, j2[] = {11, 11},
		j3[] = {13};
	expect_part(&l, 0, "g/class0", 2, s0, j0);
	expect_part(&l, 1, "g/class1", 1, s1, j1);
	expect_part(&l, 2, "g/class2", 2, s2, j2);
	expect_part(&l, 3, "g/class3", 1, s3, j3);
	scenario_release(&l.sc);
	free(l.out);

	/* Google's priority bands (free 0-1, middle 2-8, production 9-11),
	 * with a job window taken before the split: the first four jobs. */
	const char *band[] = {
		"frameworks.g.workload.framework_by={key: priority, bands: "
		"{free: '0..1', middle: '2..8', production: '9..'}}",
		"frameworks.g.workload.limit=4",
	};
	load("tests/data/xf-split.yaml", band, 2, &l);
	CU_ASSERT_EQUAL_FATAL(l.rc, 0);
	CU_ASSERT_EQUAL_FATAL(l.sc.nfws, 3);
	static const double sf[] = {0}, sm[] = {5}, sp[] = {2, 2, 10};
	static const int64_t jf[] = {10}, jm[] = {12}, jp[] = {11, 11, 13};
	expect_part(&l, 0, "g/free", 1, sf, jf);
	expect_part(&l, 1, "g/middle", 1, sm, jm);
	expect_part(&l, 2, "g/production", 3, sp, jp);
	scenario_release(&l.sc);
	free(l.out);

	/* Events may name the parts, not the entry they replaced. */
	const char *ev[] = {
		"frameworks.g.workload.framework_by=class",
		"horizon=100",
		"events=[{at: 1, action: suppress, framework: g}]",
	};
	load("tests/data/xf-split.yaml", ev, 3, &l);
	CU_ASSERT(l.rc < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(l.out, "no framework named 'g'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(l.out, "note: framework_by split 'g' "
				      "into frameworks named g/..."));
	free(l.out);
}

/*
 * load_scale on a split entry: the factor is the entry's (5.75, from the
 * hand computation above), so the parts together offer exactly the
 * target, and the run's summary says so.
 */
static void test_split_load_scale_run(void)
{
	struct loaded l;
	const char *sets[] = {
		"frameworks.g.workload.framework_by={key: user, top: 1}",
		"frameworks.g.workload.load_scale=0.5",
	};
	load("tests/data/xf-split.yaml", sets, 2, &l);
	CU_ASSERT_EQUAL_FATAL(l.rc, 0);
	CU_ASSERT_EQUAL_FATAL(l.sc.nfws, 2);
	CU_ASSERT_DOUBLE_EQUAL(l.sc.fws[0].wl.load_factor, 5.75, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(l.sc.fws[1].wl.load_factor, 5.75, 1e-12);
	static const double sb[] = {11.5, 11.5, 115}, so[] = {0, 28.75, 57.5};
	static const int64_t jb[] = {11, 11, 14}, jo[] = {10, 12, 13};
	expect_part(&l, 0, "g/user1", 3, sb, jb);
	expect_part(&l, 1, "g/other", 3, so, jo);
	scenario_release(&l.sc);
	free(l.out);

	char dir[ST_DIR];
	FILE *err = fopen("/dev/null", "w");
	CU_ASSERT_EQUAL_FATAL(st_run_diag("tests/data/xf-split.yaml", sets, 2,
					  dir, sizeof dir, err), 0);
	fclose(err);
	/* Over the 115 s of arrivals: cpus 57.5 / 115 = 0.5, mem half. */
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "offered_load.cpus"), 0.5, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "offered_load.mem"), 0.25, 1e-9);
	/* user B has 70 of the 115 task-seconds: 35 / 115 of the cpus. */
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "frameworks.g/user1."
					  "offered_load.cpus"), 35.0 / 115,
			       1e-9);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "frameworks.g/other."
					  "offered_load.cpus"), 22.5 / 115,
			       1e-9);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "frameworks.g/other.load_scale."
					  "time_factor"), 5.75, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "tasks.submitted"), 6, 0);
	st_cleanup(dir);
}

static void test_split_errors(void)
{
	static const struct {
		const char *set, *want;
	} cases[] = {
		{"frameworks.g.workload.framework_by=group",
		 "framework_by cannot split by 'group'"},
		{"frameworks.g.workload.framework_by={key: class, top: 2}",
		 "'top' applies to framework_by: user"},
		{"frameworks.g.workload.framework_by={key: user, bands: {a: 1}}",
		 "'bands' apply to framework_by: class or priority"},
		{"frameworks.g.workload.framework_by={key: priority, bands: "
		 "{a: '0..4', b: '4..9'}}", "band 'b' overlaps band 'a'"},
		{"frameworks.g.workload.framework_by={key: priority, bands: "
		 "{'a.b': 1}}", "band name 'a.b' must be 1-40 letters"},
		{"frameworks.g.workload.framework_by={key: priority, bands: "
		 "{a: 'x..2'}}", "band 'a' must be an integer or a range"},
		{"frameworks.g.workload.framework_by={top: 2}",
		 "missing required key 'key' in framework_by"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct loaded l;
		load("tests/data/xf-split.yaml", &cases[i].set, 1, &l);
		CU_ASSERT(l.rc < 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(l.out, cases[i].want));
		if (!strstr(l.out, cases[i].want))
			fprintf(stderr, "\n  want: %s\n  got:  %s",
				cases[i].want, l.out);
		free(l.out);
	}
	/* A format without users cannot be split by user. */
	struct loaded l;
	const char *sets[] = {
		"frameworks.g.workload.trace=tr-alibaba.csv",
		"frameworks.g.workload.format=alibaba2017",
		"frameworks.g.workload.framework_by=user",
	};
	load("tests/data/xf-split.yaml", sets, 3, &l);
	CU_ASSERT(l.rc < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(l.out, "framework_by: user: the workload "
				      "of 'g' names no users (its format has "
				      "none)"));
	free(l.out);
}

/* A synthetic entry split by priority (all 0): one part, whose draws
 * are the entry's (named streams follow the entry's name). */
static void test_split_synthetic(void)
{
	struct loaded l, m;
	const char *plain[] = {
		"frameworks.g.workload={synthetic: {jobs: 20, arrival: "
		"{dist: exponential, mean: 2}, duration: {dist: exponential, "
		"mean: 3}, resources: {cpus: 0.5}}}",
	};
	const char *split[] = {
		"frameworks.g.workload={synthetic: {jobs: 20, arrival: "
		"{dist: exponential, mean: 2}, duration: {dist: exponential, "
		"mean: 3}, resources: {cpus: 0.5}}, framework_by: priority, "
		"limit: 10}",
	};
	load("tests/data/xf-split.yaml", plain, 1, &l);
	load("tests/data/xf-split.yaml", split, 1, &m);
	CU_ASSERT_EQUAL_FATAL(l.rc, 0);
	CU_ASSERT_EQUAL_FATAL(m.rc, 0);
	CU_ASSERT_EQUAL_FATAL(m.sc.nfws, 1);
	CU_ASSERT_STRING_EQUAL(m.sc.fws[0].name, "g/prio0");
	struct wl_task a[16], b[16];
	CU_ASSERT_EQUAL(read_first(&l.sc, 0, a), 20);
	CU_ASSERT_EQUAL(read_first(&m.sc, 0, b), 10);   /* limit: 10 jobs */
	for (int i = 0; i < 10; i++) {
		CU_ASSERT_EQUAL(a[i].submit, b[i].submit);
		CU_ASSERT_EQUAL(a[i].duration, b[i].duration);
	}
	scenario_release(&l.sc);
	scenario_release(&m.sc);
	free(l.out);
	free(m.out);
}

/*
 * The shipped example on the real ten-minute Google slice: the three
 * priority bands add up to the unsplit workload, each band holds what a
 * filter on the same range keeps, the cluster is the 60 machines asked
 * for, and the run offers the 90% of memory load_scale aims at.
 */
static void test_google_slice_split(void)
{
	static const char *const ex = "examples/google-2011-split.yaml";
	static const char *const bands[] = {"0..1", "2..8", "9..11"};
	static const char *const names[] = {
		"borg/free", "borg/middle", "borg/production",
	};
	struct loaded l;
	struct diag d;
	diag_init(&d, stderr);
	d.quiet_warnings = 1;
	load(ex, NULL, 0, &l);
	CU_ASSERT_EQUAL_FATAL(l.rc, 0);
	CU_ASSERT_EQUAL_FATAL(l.sc.nfws, 3);
	int agents = 0;
	for (int g = 0; g < l.sc.ngroups; g++)
		agents += l.sc.groups[g].count;
	CU_ASSERT_EQUAL(agents, 60);
	long parts[3], sum = 0;
	for (int i = 0; i < 3; i++) {
		CU_ASSERT_STRING_EQUAL(l.sc.fws[i].name, names[i]);
		parts[i] = st_read_workload(&l.sc, i, NULL, NULL, NULL);
		CU_ASSERT_FATAL(parts[i] >= 0);
		sum += parts[i];
	}
	/* A scan reads the entry's whole stream, whatever the part. */
	struct wl_scan whole;
	CU_ASSERT_EQUAL(wl_scan(&l.sc, 1, WL_SPLIT_NONE, &d, &whole), 0);
	long all = whole.records;
	wl_scan_release(&whole);
	scenario_release(&l.sc);
	free(l.out);
	CU_ASSERT_EQUAL(all, 2974);
	CU_ASSERT_EQUAL(sum, all);

	for (int i = 0; i < 3; i++) {
		char set[192];
		snprintf(set, sizeof set, "frameworks.borg.workload={trace: "
			 "../traces/google-2011-10min.csv.gz, format: "
			 "google2011, filter: {priority: '%s'}}", bands[i]);
		const char *sets[] = {set};
		load(ex, sets, 1, &l);
		CU_ASSERT_EQUAL_FATAL(l.rc, 0);
		struct wl_scan sc;
		CU_ASSERT_EQUAL(wl_scan(&l.sc, 0, WL_SPLIT_NONE, &d, &sc), 0);
		CU_ASSERT_EQUAL(sc.records, parts[i]);
		wl_scan_release(&sc);
		scenario_release(&l.sc);
		free(l.out);
	}

	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_run_quiet(ex, NULL, 0, dir, sizeof dir), 0);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "offered_load.mem"), 0.9, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(st_summary(dir, "tasks.submitted"), all, 0);
	double share = 0;
	for (int i = 0; i < 3; i++) {
		char key[96];
		snprintf(key, sizeof key, "frameworks.%s.offered_load.mem",
			 names[i]);
		share += st_summary(dir, key);
	}
	CU_ASSERT_DOUBLE_EQUAL(share, 0.9, 1e-6);
	st_cleanup(dir);
}

/* ---- cluster from a trace -------------------------------------------- */

/* tests/data/xf-split.yaml with cluster {from_trace: FT} (paths in FT
 * relative to tests/data), and a framework reading tr-small.swf in format
 * fw_format, or a synthetic one when fw_format is NULL. */
static void load_cluster(const char *ft, const char *fw_format,
			 struct loaded *l)
{
	char cluster[512], wl[256];
	snprintf(cluster, sizeof cluster, "cluster={from_trace: %s}", ft);
	if (fw_format)
		snprintf(wl, sizeof wl, "frameworks.g.workload={trace: "
			 "tr-small.swf, format: %s}", fw_format);
	else
		snprintf(wl, sizeof wl, "frameworks.g.workload={synthetic: "
			 "{jobs: 1, arrival: 1, duration: 1}}");
	const char *sets[] = {cluster, wl};
	load("tests/data/xf-split.yaml", sets, 2, l);
}

struct want_group {
	const char *name;
	int count;
	double res[3];
};

static void expect_groups(struct loaded *l, const char *const *res, int nres,
			  const struct want_group *w, int n)
{
	if (l->rc)
		fprintf(stderr, "\n%s", l->out);
	CU_ASSERT_EQUAL_FATAL(l->rc, 0);
	CU_ASSERT_EQUAL(l->sc.res.n, nres);
	for (int r = 0; r < nres && r < l->sc.res.n; r++)
		CU_ASSERT_STRING_EQUAL(l->sc.res.name[r], res[r]);
	CU_ASSERT_EQUAL_FATAL(l->sc.ngroups, n);
	for (int g = 0; g < n; g++) {
		const struct agent_group *ag = &l->sc.groups[g];
		CU_ASSERT_STRING_EQUAL(ag->name, w[g].name);
		CU_ASSERT_EQUAL(ag->count, w[g].count);
		for (int r = 0; r < nres; r++)
			CU_ASSERT_EQUAL(ag->res[r], llround(w[g].res[r] * 1000));
	}
	scenario_release(&l->sc);
	free(l->out);
}

/*
 * mc-google.csv: 3 machines (1, 1), 5 + 1 of (0.5, 0.5) in two rows, none
 * of (0.5, 0.25), 2 of (0.25, 0.25).  With scale cpus 100, mem 64.  Then
 * cut to 5 machines: 3, 6, 2 of 11 give 1.36, 2.73, 0.91; floors 1, 2, 0
 * and the two units left go to the largest remainders, 0.91 and 0.73.
 */
static void test_cluster_google(void)
{
	static const char *const res[] = {"cpus", "mem"};
	struct loaded l;
	load_cluster("{format: google2011, trace: mc-google.csv, scale: "
		     "{cpus: 100, mem: 64}}", NULL, &l);
	static const struct want_group all[] = {
		{"machine1", 3, {100, 64}},
		{"machine2", 6, {50, 32}},
		{"machine3", 2, {25, 16}},
	};
	expect_groups(&l, res, 2, all, 3);

	load_cluster("{format: google2011, trace: mc-google.csv, scale: "
		     "{cpus: 100, mem: 64}, machines: 5}", NULL, &l);
	static const struct want_group five[] = {
		{"machine1", 1, {100, 64}},
		{"machine2", 3, {50, 32}},
		{"machine3", 1, {25, 16}},
	};
	expect_groups(&l, res, 2, five, 3);

	/* The default scale is the one a google2011 workload reads with. */
	const char *sets[] = {
		"cluster={from_trace: {format: google2011, trace: "
		"mc-google.csv}}",
		"frameworks.g.workload.options={scale: {cpus: 10, mem: 2}}",
	};
	load("tests/data/xf-split.yaml", sets, 2, &l);
	static const struct want_group scaled[] = {
		{"machine1", 3, {10, 2}},
		{"machine2", 6, {5, 1}},
		{"machine3", 2, {2.5, 0.5}},
	};
	expect_groups(&l, res, 2, scaled, 3);
}

/* mc-alibaba.csv: add events of machines 1-3 (64 cores, 0.5) and 4 (32,
 * 1.0); a second add of 2, a softerror and a remove change nothing. */
static void test_cluster_alibaba(void)
{
	static const char *const res[] = {"cpus", "mem"};
	struct loaded l;
	load_cluster("{format: alibaba2017, trace: mc-alibaba.csv, scale: "
		     "{mem: 100}}", NULL, &l);
	static const struct want_group w[] = {
		{"server1", 3, {64, 50}},
		{"server2", 1, {32, 100}},
	};
	expect_groups(&l, res, 2, w, 2);
}

/* mc-gpu.csv: 2 G2 (96 cpus, 384 GiB, 8 GPUs), a T4 of 104/512/2 and one
 * of 96/384/4, 2 CPU-only nodes. */
static void test_cluster_gpu(void)
{
	static const char *const res[] = {"cpus", "mem", "gpus"};
	struct loaded l;
	load_cluster("{format: alibaba_gpu2023, trace: mc-gpu.csv}", NULL, &l);
	static const struct want_group w[] = {
		{"G2", 2, {96, 393216, 8}},
		{"T4", 1, {104, 524288, 2}},
		{"cpu", 2, {32, 262144, 0}},
		{"T4_2", 1, {96, 393216, 4}},
	};
	expect_groups(&l, res, 3, w, 4);
}

/* tr-small.swf's header: MaxNodes 32, MaxProcs 64.  The trace defaults
 * to the swf framework's. */
static void test_cluster_swf(void)
{
	static const char *const res[] = {"cpus"};
	struct loaded l;
	load_cluster("{format: swf}", "swf", &l);
	static const struct want_group one[] = {{"machine", 1, {64}}};
	expect_groups(&l, res, 1, one, 1);
	load_cluster("{format: swf, nodes: true}", "swf", &l);
	static const struct want_group nodes[] = {{"node", 32, {2}}};
	expect_groups(&l, res, 1, nodes, 1);
}

static void test_cluster_errors(void)
{
	static const struct {
		const char *ft, *want;
	} cases[] = {
		{"{format: google2012, trace: mc-google.csv}",
		 "from_trace reads no format 'google2012' (did you mean "
		 "'google2011'?)"},
		{"{format: google2011}", "missing required key 'trace' in "
		 "from_trace"},
		{"{format: alibaba_gpu2023, trace: mc-gpu.csv, scale: "
		 "{cpus: 2}}", "'scale' does not apply to format "
		 "alibaba_gpu2023"},
		{"{format: google2011, trace: nothing.csv}",
		 "cannot read machine table"},
		{"{format: google2011, trace: mc-gpu.csv}",
		 "mc-gpu.csv:1:1: error: missing required column 'cpu' in the "
		 "machine table header"},
		{"{format: google2011, trace: mc-bad.csv}",
		 "mc-bad.csv:3:13: error: 'number_of_machines' (field 4) must "
		 "be a non-negative integer, got '2.5'"},
		{"{format: alibaba2017, trace: tr-alibaba.csv}",
		 "tr-alibaba.csv:1:124: error: expected 7 fields, got 8"},
		{"{format: google2011, trace: mc-google.csv, machines: 0}",
		 "'machines' must be a positive integer"},
		{"{format: swf}", "missing required key 'trace' in from_trace "
		 "(and no framework reads an swf trace)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct loaded l;
		load_cluster(cases[i].ft, NULL, &l);
		CU_ASSERT(l.rc < 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(l.out, cases[i].want));
		if (!strstr(l.out, cases[i].want))
			fprintf(stderr, "\n  want: %s\n  got:  %s",
				cases[i].want, l.out);
		free(l.out);
	}
}

static void test_apportion(void)
{
	int c[] = {795, 3, 5, 1001, 6732, 3863, 52, 1, 5, 126};
	wl_apportion(c, 10, 100);
	/* Google's 12,583 machines to 100: 6.32, 0.02, 0.04, 7.96, 53.50,
	 * 30.70, 0.41, 0.01, 0.04, 1.00; floors sum to 97, and the 3 left go
	 * to 0.96, 0.70 and 0.50. */
	static const int want[] = {6, 0, 0, 8, 54, 31, 0, 0, 0, 1};
	for (int i = 0; i < 10; i++)
		CU_ASSERT_EQUAL(c[i], want[i]);
}

static const struct test_case cases[] = {
	{"user ids", test_user_ids},
	{"users set by the readers", test_users_set_by_readers},
	{"time window", test_time_window},
	{"filter and job window", test_filter},
	{"csv framework filter", test_csv_framework_filter},
	{"time and duration scale", test_time_and_duration_scale},
	{"load_scale", test_load_scale},
	{"load_scale errors", test_load_scale_errors},
	{"framework_by user", test_split_by_user},
	{"framework_by class and bands", test_split_by_class_and_band},
	{"framework_by with load_scale, run", test_split_load_scale_run},
	{"framework_by errors", test_split_errors},
	{"framework_by synthetic", test_split_synthetic},
	{"framework_by on the Google slice", test_google_slice_split},
	{"cluster from google2011", test_cluster_google},
	{"cluster from alibaba2017", test_cluster_alibaba},
	{"cluster from alibaba_gpu2023", test_cluster_gpu},
	{"cluster from swf", test_cluster_swf},
	{"cluster from_trace errors", test_cluster_errors},
	{"apportion machines", test_apportion},
	{NULL, NULL},
};

const struct test_suite suite_transforms = {"transforms", cases};
