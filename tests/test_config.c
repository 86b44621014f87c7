/*
 * test_config.c - the scenario reader: a good file loads with every default
 * filled in, --set overrides reach mappings and named list elements, and
 * every file of the bad-input corpus (tests/bad/) fails with the diagnostic
 * its first line promises (`# expect: FILE:LINE:COL: error: ...`), booleans
 * are spelt one way everywhere, and README.md's key reference is the one
 * `offersim validate --reference` prints.
 *
 * Diagnostics are captured with open_memstream so the tests can assert on
 * the exact text a user would see.  Inline cases are written to a private
 * temporary directory, removed at the end of each test.
 */
#include "../sim/config/config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../policies/policy.h"
#include "../sim/core/diag.h"
#include "../sim/config/get.h"
#include "../sim/config/scenario.h"
#include "../workloads/options.h"
#include "harness.h"
#include "simtest.h"

/* What good.yaml's lone framework weight draws (check_lone_weights). */
static const char GOOD_WEIGHT_WARNING[] =
	"tests/data/good.yaml:18:13: warning: framework 'hadoop' is alone in "
	"role 'analytics', so its weight 2 cannot matter (a framework's "
	"weight divides shares within its role); to weigh the role "
	"against others, set roles: {'analytics': {weight: 2}}\n"
	"      weight: 2\n"
	"              ^\n";

/* A load whose diagnostics end up in a string. */
struct loaded {
	struct scenario sc;
	int rc, errors;
	char *out;      /* everything the diag printed; free() it */
};

static void load(const char *path, const struct cfg_override *ov, int nov,
		 struct loaded *l)
{
	size_t len = 0;
	FILE *f = open_memstream(&l->out, &len);
	struct diag d;
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	diag_init(&d, f);
	l->rc = cfg_load(path, ov, nov, &l->sc, &d);
	l->errors = diag_errors(&d);
	fclose(f);
}

static void unload(struct loaded *l)
{
	scenario_release(&l->sc);
	free(l->out);
}

/* After a failed load the scenario must be all zero bytes. */
static int is_zeroed(const struct scenario *sc)
{
	static const struct scenario zero;
	return memcmp(sc, &zero, sizeof zero) == 0;
}

static void test_good_defaults(void)
{
	struct loaded l;
	load("tests/data/good.yaml", NULL, 0, &l);
	CU_ASSERT_EQUAL_FATAL(l.rc, 0);
	CU_ASSERT_EQUAL(l.errors, 0);
	/* hadoop's weight 2 is alone in its role: valid, but said. */
	CU_ASSERT_STRING_EQUAL(l.out, GOOD_WEIGHT_WARNING);
	const struct scenario *sc = &l.sc;

	CU_ASSERT_STRING_EQUAL(sc->file, "tests/data/good.yaml");
	CU_ASSERT_STRING_EQUAL(sc->dir, "tests/data");
	CU_ASSERT_STRING_EQUAL(sc->name, "good");
	CU_ASSERT_STRING_EQUAL(sc->output, "results/good");
	CU_ASSERT_EQUAL(sc->seed, 42);
	CU_ASSERT_DOUBLE_EQUAL(sc->horizon, 0, 0);

	/* Resources in order of first appearance across agent groups. */
	CU_ASSERT_EQUAL_FATAL(sc->res.n, 3);
	CU_ASSERT_STRING_EQUAL(sc->res.name[0], "cpus");
	CU_ASSERT_STRING_EQUAL(sc->res.name[1], "mem");
	CU_ASSERT_STRING_EQUAL(sc->res.name[2], "gpus");

	CU_ASSERT_EQUAL_FATAL(sc->ngroups, 2);
	const struct agent_group *g = sc->groups;
	CU_ASSERT_STRING_EQUAL(g[0].name, "small");
	CU_ASSERT_EQUAL(g[0].count, 1);
	CU_ASSERT_EQUAL(g[0].res[0], 2000);
	CU_ASSERT_EQUAL(g[0].res[1], 4096000);
	CU_ASSERT_EQUAL(g[0].res[2], 0);
	CU_ASSERT_EQUAL(g[0].nattrs, 0);
	CU_ASSERT_EQUAL(g[0].pos.line, 7);
	CU_ASSERT_STRING_EQUAL(g[1].name, "large");
	CU_ASSERT_EQUAL(g[1].count, 3);
	CU_ASSERT_EQUAL(g[1].res[0], 4500);
	CU_ASSERT_EQUAL(g[1].res[2], 1000);
	CU_ASSERT_EQUAL_FATAL(g[1].nattrs, 2);
	CU_ASSERT_STRING_EQUAL(g[1].attrs[0].key, "rack");
	CU_ASSERT_STRING_EQUAL(g[1].attrs[0].value, "r2");
	CU_ASSERT_STRING_EQUAL(g[1].attrs[1].key, "zone");
	CU_ASSERT_STRING_EQUAL(g[1].attrs[1].value, "eu-1");
	CU_ASSERT_EQUAL(g[1].attrs[0].pos.line, 11);

	CU_ASSERT_STRING_EQUAL(sc->allocator, "drf");
	CU_ASSERT_EQUAL(sc->allocator_pos.line, 13);
	CU_ASSERT_EQUAL(sc->allocator_pos.col, 14);
	CU_ASSERT_EQUAL_FATAL(sc->nallocator_opts, 1);
	CU_ASSERT_STRING_EQUAL(sc->allocator_opts[0].key, "shuffle");
	CU_ASSERT_STRING_EQUAL(sc->allocator_opts[0].value, "yes");
	CU_ASSERT_DOUBLE_EQUAL(sc->allocation_interval, 1, 0);
	CU_ASSERT_DOUBLE_EQUAL(sc->offer_timeout, 0, 0);
	CU_ASSERT_DOUBLE_EQUAL(sc->sample_interval, 10, 0);
	CU_ASSERT_DOUBLE_EQUAL(sc->bounded_slowdown_threshold, 10, 0);

	CU_ASSERT_EQUAL_FATAL(sc->nfws, 2);
	const struct framework_spec *h = &sc->fws[0], *s = &sc->fws[1];
	CU_ASSERT_STRING_EQUAL(h->name, "hadoop");
	CU_ASSERT_STRING_EQUAL(h->role, "analytics");
	CU_ASSERT_DOUBLE_EQUAL(h->weight, 2, 0);
	CU_ASSERT_STRING_EQUAL(h->policy, "fifo");
	CU_ASSERT_STRING_EQUAL(h->placement, "first_fit");
	CU_ASSERT_EQUAL_FATAL(h->npolicy_opts, 1);
	CU_ASSERT_STRING_EQUAL(h->policy_opts[0].key, "strict");
	CU_ASSERT_STRING_EQUAL(h->policy_opts[0].value, "true");
	CU_ASSERT_EQUAL(h->max_tasks_per_offer, 3);
	CU_ASSERT_EQUAL(h->pos.line, 16);
	CU_ASSERT_EQUAL(h->wl.kind, WL_TRACE);
	/* Relative to the scenario's directory, not the current one. */
	CU_ASSERT_STRING_EQUAL(h->wl.trace, "tests/data/tiny.csv");
	CU_ASSERT_STRING_EQUAL(h->wl.format, "csv");
	CU_ASSERT_EQUAL(h->wl.skip, 1);
	CU_ASSERT_EQUAL(h->wl.limit, 0);
	CU_ASSERT_EQUAL(h->wl.pos.line, 22);

	CU_ASSERT_STRING_EQUAL(s->name, "synth");
	CU_ASSERT_STRING_EQUAL(s->role, "*");
	CU_ASSERT_DOUBLE_EQUAL(s->weight, 1, 0);
	CU_ASSERT_STRING_EQUAL(s->policy, "fifo");
	CU_ASSERT_STRING_EQUAL(s->placement, "first_fit");
	CU_ASSERT_EQUAL(s->policy_pos.line, 0);   /* defaulted */
	CU_ASSERT_DOUBLE_EQUAL(s->refuse_seconds, 5, 0);
	CU_ASSERT_DOUBLE_EQUAL(s->decision_time, 0, 0);
	CU_ASSERT_EQUAL(s->max_tasks_per_offer, 0);
	CU_ASSERT_EQUAL(s->npolicy_opts, 0);
	CU_ASSERT_EQUAL(s->wl.kind, WL_SYNTHETIC);
	CU_ASSERT_PTR_NULL(s->wl.trace);
	const struct synth_spec *y = &s->wl.synth;
	CU_ASSERT_EQUAL(y->jobs, 100);
	CU_ASSERT_EQUAL(y->arrival.kind, DIST_EXPONENTIAL);
	CU_ASSERT_DOUBLE_EQUAL(y->arrival.p[0], 2.0, 0);
	CU_ASSERT_EQUAL(y->arrival.pos.line, 28);
	CU_ASSERT_EQUAL(y->duration.kind, DIST_LOGNORMAL);
	CU_ASSERT_DOUBLE_EQUAL(y->duration.p[0], 3.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(y->duration.p[1], 1.0, 0);
	CU_ASSERT_EQUAL(y->tasks_per_job.kind, DIST_CONSTANT);
	CU_ASSERT_DOUBLE_EQUAL(y->tasks_per_job.p[0], 1, 0);
	CU_ASSERT_DOUBLE_EQUAL(y->start, 0, 0);
	CU_ASSERT(y->has_res[0] && y->has_res[1] && !y->has_res[2]);
	CU_ASSERT_EQUAL(y->res[0].kind, DIST_CONSTANT);
	CU_ASSERT_DOUBLE_EQUAL(y->res[0].p[0], 1, 0);
	CU_ASSERT_EQUAL(y->res[1].kind, DIST_UNIFORM);
	CU_ASSERT_DOUBLE_EQUAL(y->res[1].p[0], 256, 0);
	CU_ASSERT_DOUBLE_EQUAL(y->res[1].p[1], 1024, 0);
	unload(&l);
}

static void test_overrides(void)
{
	static const struct cfg_override ov[] = {
		{"cluster.agents.small.count", "4"},
		{"frameworks.synth.workload.synthetic.arrival.mean", "1.5"},
		{"frameworks.synth.policy_options.depth", "'3'"},
		{"metrics.sample_interval", "5"},   /* section not in file */
		{"master.allocation_interval", "0"},
		{"seed", "7"},
		{"name", "other"},
		{"frameworks.hadoop.workload.skip", "0"},
	};
	struct loaded l;
	load("tests/data/good.yaml", ov, (int)(sizeof ov / sizeof ov[0]), &l);
	CU_ASSERT_EQUAL_FATAL(l.rc, 0);
	CU_ASSERT_STRING_EQUAL(l.out, GOOD_WEIGHT_WARNING);
	const struct scenario *sc = &l.sc;
	CU_ASSERT_EQUAL(sc->groups[0].count, 4);
	CU_ASSERT_EQUAL(sc->groups[1].count, 3);
	CU_ASSERT_DOUBLE_EQUAL(sc->fws[1].wl.synth.arrival.p[0], 1.5, 0);
	CU_ASSERT_EQUAL_FATAL(sc->fws[1].npolicy_opts, 1);
	CU_ASSERT_STRING_EQUAL(sc->fws[1].policy_opts[0].key, "depth");
	CU_ASSERT_STRING_EQUAL(sc->fws[1].policy_opts[0].value, "3");
	CU_ASSERT_EQUAL(sc->fws[1].policy_opts[0].pos.line, 0);
	CU_ASSERT_DOUBLE_EQUAL(sc->sample_interval, 5, 0);
	CU_ASSERT_DOUBLE_EQUAL(sc->allocation_interval, 0, 0);
	CU_ASSERT_EQUAL(sc->seed, 7);
	CU_ASSERT_STRING_EQUAL(sc->name, "other");
	CU_ASSERT_STRING_EQUAL(sc->output, "results/other");
	CU_ASSERT_EQUAL(sc->fws[0].wl.skip, 0);
	unload(&l);
}

/* An absolute trace path is kept as it is; a mapping can be --set too. */
static void test_override_absolute_trace(void)
{
	char abs[PATH_MAX];
	CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(abs, sizeof abs - 32));
	strcat(abs, "/tests/data/tiny.csv");
	struct cfg_override ov[] = {
		{"frameworks.hadoop.workload.trace", abs},
		{"frameworks.synth.workload.synthetic.duration",
		 "{dist: gamma, shape: 2, scale: 3}"},
	};
	struct loaded l;
	load("tests/data/good.yaml", ov, 2, &l);
	CU_ASSERT_EQUAL_FATAL(l.rc, 0);
	CU_ASSERT_STRING_EQUAL(l.sc.fws[0].wl.trace, abs);
	const struct dist_spec *ds = &l.sc.fws[1].wl.synth.duration;
	CU_ASSERT_EQUAL(ds->kind, DIST_GAMMA);
	CU_ASSERT_DOUBLE_EQUAL(ds->p[0], 2, 0);
	CU_ASSERT_DOUBLE_EQUAL(ds->p[1], 3, 0);
	unload(&l);
}

/* Each bad override alone: the load fails with this text. */
static void expect_override_error(const char *path, const char *value,
				  const char *want)
{
	struct cfg_override ov = {path, value};
	struct loaded l;
	load("tests/data/good.yaml", &ov, 1, &l);
	CU_ASSERT(l.rc < 0);
	CU_ASSERT(l.errors >= 1);
	CU_ASSERT(is_zeroed(&l.sc));
	CU_ASSERT_PTR_NOT_NULL(strstr(l.out, want));
	if (!strstr(l.out, want))
		fprintf(stderr, "\n--set %s=%s\n  want: %s\n  got:  %s", path,
			value, want, l.out);
	unload(&l);
}

static void test_override_errors(void)
{
	expect_override_error("frameworks.hdp.policy", "fifo",
			      "--set: error: no framework named 'hdp' "
			      "(did you mean 'hadoop'?)");
	expect_override_error("cluster.agents.tiny.count", "2",
			      "--set: error: no agent group named 'tiny'");
	expect_override_error("master.allocator.x", "1",
			      "--set: error: cannot set 'master.allocator.x'");
	expect_override_error("frameworks..policy", "fifo",
			      "--set: error: malformed key path");
	/* Overridden values are validated like file contents. */
	expect_override_error("cluster.agents.large.count", "0",
			      "--set: error: 'count' must be a positive "
			      "integer, got 0");
	expect_override_error("seed", "-3",
			      "--set: error: 'seed' must be a non-negative "
			      "integer");
	expect_override_error("master.allocaton_interval", "2",
			      "--set: error: unknown key 'allocaton_interval' "
			      "in master (did you mean "
			      "'allocation_interval'?)");
	expect_override_error("frameworks.hadoop.policy", "nosuch",
			      "--set: error: unknown framework policy "
			      "'nosuch'");
	expect_override_error("name", "[1", "--set: error: YAML syntax:");
}

static void test_missing_file(void)
{
	struct loaded l;
	load("tests/data/no-such-file.yaml", NULL, 0, &l);
	CU_ASSERT(l.rc < 0);
	CU_ASSERT(is_zeroed(&l.sc));
	CU_ASSERT_PTR_NOT_NULL(strstr(l.out, "tests/data/no-such-file.yaml: "
					     "error: cannot open scenario "
					     "file"));
	unload(&l);
}

/* Writes text to DIR/name.yaml in a fresh directory, loads and removes. */
static void load_text(const char *text, const struct cfg_override *ov,
		      int nov, struct loaded *l)
{
	char dir[ST_DIR], path[ST_DIR + 16];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "cfg"), 0);
	snprintf(path, sizeof path, "%s/case.yaml", dir);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
	load(path, ov, nov, l);
	unlink(path);
	rmdir(dir);
}

#define AGENTS "cluster:\n  agents:\n" \
	"    - {name: a, resources: {cpus: 2, mem: 100}}\n"
#define SYNTH_FW(dur) "frameworks:\n  - name: f\n    workload:\n" \
	"      synthetic: {jobs: 3, arrival: 1, duration: " dur "}\n"

/* Several mistakes, one run: every one is reported. */
static void test_many_errors(void)
{
	struct loaded l;
	load_text("nme: x\n"
		  "cluster:\n  agents:\n"
		  "    - {name: a, count: 0, resources: {cpus: -1}}\n"
		  "master: {allocation_interval: -2, offer_timeout: soon}\n"
		  SYNTH_FW("{dist: normal, mean: 1}"), NULL, 0, &l);
	CU_ASSERT(l.rc < 0);
	CU_ASSERT_EQUAL(l.errors, 6);
	CU_ASSERT_PTR_NOT_NULL(strstr(l.out, ":1:1: error: unknown key "
					     "'nme' in the scenario (did you "
					     "mean 'name'?)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(l.out, ":4:24: error: 'count'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(l.out, ":4:45: error: 'cpus' must not "
					     "be negative"));
	CU_ASSERT_PTR_NOT_NULL(strstr(l.out, ":5:31: error: "
					     "'allocation_interval'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(l.out, "'offer_timeout' must be a "
					     "number, got 'soon'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(l.out, "needs 'stddev'"));
	CU_ASSERT(is_zeroed(&l.sc));
	unload(&l);
}

/* Every distribution kind, parameters in the documented order. */
static void test_dist_kinds(void)
{
	static const struct {
		const char *text;
		enum dist_kind kind;
		double p0, p1;
	} cases[] = {
		{"7", DIST_CONSTANT, 7, 0},
		{"{dist: constant, value: 2}", DIST_CONSTANT, 2, 0},
		{"{dist: uniform, min: 1, max: 4}", DIST_UNIFORM, 1, 4},
		{"{dist: exponential, mean: 3}", DIST_EXPONENTIAL, 3, 0},
		{"{dist: lognormal, mu: -1, sigma: 0.5}", DIST_LOGNORMAL,
		 -1, 0.5},
		{"{dist: pareto, shape: 1.5, scale: 2}", DIST_PARETO, 1.5, 2},
		{"{dist: weibull, shape: 2, scale: 9}", DIST_WEIBULL, 2, 9},
		{"{dist: gamma, shape: 4, scale: 0.25}", DIST_GAMMA, 4, 0.25},
		{"{dist: normal, mean: 10, stddev: 2}", DIST_NORMAL, 10, 2},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cfg_override ov = {
			"frameworks.f.workload.synthetic.duration",
			cases[i].text,
		};
		struct loaded l;
		load_text(AGENTS SYNTH_FW("1"), &ov, 1, &l);
		CU_ASSERT_EQUAL(l.rc, 0);
		if (l.rc == 0) {
			const struct dist_spec *d =
				&l.sc.fws[0].wl.synth.duration;
			CU_ASSERT_EQUAL(d->kind, cases[i].kind);
			CU_ASSERT_DOUBLE_EQUAL(d->p[0], cases[i].p0, 0);
			CU_ASSERT_DOUBLE_EQUAL(d->p[1], cases[i].p1, 0);
		} else {
			fprintf(stderr, "\n%s: %s", cases[i].text, l.out);
		}
		unload(&l);
	}
}

/* Anchors and aliases work; recursive ones and alias bombs are errors. */
static void test_aliases(void)
{
	struct loaded l;
	load_text("cluster:\n  agents:\n"
		  "    - {name: a, resources: &r {cpus: 2, mem: 100}}\n"
		  "    - {name: b, count: 2, resources: *r}\n"
		  SYNTH_FW("1"), NULL, 0, &l);
	CU_ASSERT_EQUAL(l.rc, 0);
	if (l.rc == 0)
		CU_ASSERT_EQUAL(l.sc.groups[1].res[1], 100000);
	unload(&l);

	load_text("a: &a [*a]\n", NULL, 0, &l);
	CU_ASSERT(l.rc < 0);
	unload(&l);

	load_text("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		  "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		  "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		  "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		  "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		  "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
		  NULL, 0, &l);
	CU_ASSERT(l.rc < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(l.out, "nodes once aliases are "
					     "expanded"));
	unload(&l);
}

/* Odd documents fail cleanly rather than crash or leak. */
static void test_odd_documents(void)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"- just\n- a list\n", ":1:1: error: a scenario must be a "
		 "mapping"},
		{AGENTS SYNTH_FW("1") "---\nname: two\n", ":9:1: error: only "
		 "one YAML document"},
		{"? [a, b]\n: c\n", ":1:3: error: mapping keys must be"},
		{"name: \"a\\0b\"\n", "NUL character"},
		{"cluster: {agents: [{name: a, resources: {cpus: 1}}]}\n"
		 "frameworks: []\n", "'frameworks' must list at least one"},
		{AGENTS SYNTH_FW("{dist: uniform, min: 5, max: 1}"),
		 "'min' of 'duration' (5) must not exceed 'max' (1)"},
		{AGENTS "frameworks:\n  - name: f\n    workload:\n"
		 "      synthetic: {jobs: 3, arrival: 1, duration: 1,"
		 " tasks_per_job: 0}\n", "'tasks_per_job' must be at least 1"},
		{AGENTS "frameworks:\n  - name: f\n    workload:\n"
		 "      synthetic: {jobs: 3, arrival: 1, duration: 1}\n"
		 "      options: {a: 1}\n", "'options' applies only to trace "
		 "workloads"},
		{"name: \xc3(\n", ":1:8: error: YAML syntax: invalid"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct loaded l;
		load_text(cases[i].text, NULL, 0, &l);
		CU_ASSERT(l.rc < 0);
		CU_ASSERT(is_zeroed(&l.sc));
		CU_ASSERT_PTR_NOT_NULL(strstr(l.out, cases[i].want));
		if (!strstr(l.out, cases[i].want))
			fprintf(stderr, "\ncase %zu want: %s\n  got: %s", i,
				cases[i].want, l.out);
		unload(&l);
	}
}

/* The expected diagnostic from a corpus file's first line, or NULL. */
static char *expected_of(const char *path)
{
	static const char tag[] = "# expect: ";
	char line[1024];
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *got = fgets(line, sizeof line, f);
	fclose(f);
	if (!got || strncmp(line, tag, sizeof tag - 1))
		return NULL;
	line[strcspn(line, "\r\n")] = '\0';
	return strdup(line + sizeof tag - 1);
}

/*
 * Deep nesting is rejected while the YAML is parsed (libyaml's event
 * API), not after libyaml has built the whole document: 10^5 nested flow
 * sequences used to take 30-40 s before the depth check ran.  The file
 * (in $TMPDIR) must fail in well under a second.
 */
static void test_deep_yaml(void)
{
	char path[256];
	CU_ASSERT_EQUAL_FATAL(st_mkstemp(path, sizeof path, "deep"), 0);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	enum { LEVELS = 100000 };
	fputs("name: deep\nx: ", f);
	for (int i = 0; i < LEVELS; i++)
		fputc('[', f);
	for (int i = 0; i < LEVELS; i++)
		fputc(']', f);
	fputc('\n', f);
	CU_ASSERT_EQUAL(fclose(f), 0);

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct loaded l;
	load(path, NULL, 0, &l);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) +
		      (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	CU_ASSERT(l.rc < 0);
	CU_ASSERT_EQUAL(l.errors, 1);
	/* Level 66 (the root mapping is 1, "x:"'s sequences 2 on) is the
	 * first beyond the limit: column 4 + 64. */
	CU_ASSERT_PTR_NOT_NULL(strstr(l.out, ":2:68: error: nesting deeper "
				      "than 64 levels"));
	CU_ASSERT(secs < 1.0);
	if (secs >= 1.0 || !strstr(l.out, "nesting deeper"))
		fprintf(stderr, "\n  %.3f s: %.200s", secs, l.out);
	unload(&l);
	unlink(path);
}

static void test_bad_corpus(void)
{
	size_t n = 0;
	char **names = st_list("tests/bad", ".yaml", &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(names);

	int checked = 0;
	for (size_t i = 0; i < n; i++) {
		char path[512];
		snprintf(path, sizeof path, "tests/bad/%s", names[i]);
		char *want = expected_of(path);
		CU_ASSERT_PTR_NOT_NULL(want);
		if (!want) {
			fprintf(stderr, "\n%s: first line is not '# expect: '",
				path);
			continue;
		}
		struct loaded l;
		load(path, NULL, 0, &l);
		CU_ASSERT(l.rc < 0);
		CU_ASSERT(l.errors >= 1);
		CU_ASSERT(is_zeroed(&l.sc));
		/* The expectation names the file as passed to cfg_load. */
		CU_ASSERT_EQUAL(strncmp(want, path, strlen(path)), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(l.out, want));
		if (l.rc >= 0 || !strstr(l.out, want))
			fprintf(stderr, "\n%s\n  want: %s\n  got:  %s", path,
				want, l.out);
		checked++;
		free(want);
		unload(&l);
	}
	st_list_free(names);
	CU_ASSERT(checked >= 14);
}

/*
 * One spelling of booleans for scenario keys, policy options and trace
 * format options: true or false.  yes/on/1 were accepted by the option
 * getters once; now each place rejects them and names the spellings.
 */
static void test_bool_rule(void)
{
	int b = -1;
	CU_ASSERT(cfg_parse_bool("true", &b) && b == 1);
	CU_ASSERT(cfg_parse_bool("false", &b) && b == 0);
	static const char *const no[] = {"yes", "no", "on", "off", "1", "0",
					 "True", "TRUE", "", " true"};
	for (int i = 0; i < (int)(sizeof no / sizeof no[0]); i++)
		CU_ASSERT(!cfg_parse_bool(no[i], &b));
	double x;
	CU_ASSERT(cfg_parse_num("1e3", &x) && x == 1000);
	CU_ASSERT(!cfg_parse_num("0x10", &x));
	CU_ASSERT(!cfg_parse_num("inf", &x));

	/* A scenario key (offer_log also takes auto, by the same rule). */
	struct loaded l;
	struct cfg_override ov[] = {{"metrics.offer_log", "yes"}};
	load("tests/data/good.yaml", ov, 1, &l);
	CU_ASSERT(l.rc < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(l.out, "--set: error: 'offer_log' must "
				      "be false, true or auto, got 'yes'"));
	unload(&l);
	struct cfg_override ok[] = {{"metrics.offer_log", "false"}};
	load("tests/data/good.yaml", ok, 1, &l);
	CU_ASSERT_EQUAL(l.rc, 0);
	CU_ASSERT_EQUAL(l.sc.offer_log, 0);
	unload(&l);

	/* A policy option. */
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	struct diag d;
	diag_init(&d, f);
	struct kv kv[] = {{"strict", "on", {3, 14}, 0},
			  {"preemptive", "true", {4, 18}, 0}};
	struct policy_params p = {.kv = kv, .n = 2, .file = "s.yaml",
				  .diag = &d, .owner = "f"};
	CU_ASSERT_EQUAL(pp_bool(&p, "strict", 0), 0);
	CU_ASSERT_EQUAL(pp_bool(&p, "preemptive", 0), 1);
	/* A trace-format option. */
	struct kv wkv[] = {{"keep_zero_runtime", "1", {7, 9}, 0}};
	struct wl_opts o;
	memset(&o, 0, sizeof o);
	o.kv = wkv;
	o.n = 1;
	o.file = "s.yaml";
	o.format = "swf";
	o.d = &d;
	CU_ASSERT_EQUAL(wl_opt_bool(&o, "keep_zero_runtime", 0), 0);
	fclose(f);
	CU_ASSERT_EQUAL(diag_errors(&d), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "s.yaml:3:14: error: option "
				      "'strict' must be true or false, got "
				      "'on'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "s.yaml:7:9: error: option "
				      "'keep_zero_runtime' of format swf must "
				      "be true or false, got '1'"));
	free(out);
}

/* README.md's generated region, between its begin and end lines, or NULL. */
static char *readme_region(void)
{
	static const char begin[] = "<!-- begin: generated by offersim "
				    "validate --reference (make reference) "
				    "-->\n";
	static const char end[] = "<!-- end: generated -->\n";
	FILE *f = fopen("README.md", "r");
	char *buf = NULL, *out = NULL;
	size_t cap = 0;
	if (!f)
		return NULL;
	ssize_t n = getdelim(&buf, &cap, '\0', f);
	fclose(f);
	char *b = n > 0 ? strstr(buf, begin) : NULL;
	char *e = b ? strstr(b, end) : NULL;
	if (e) {
		b += sizeof begin - 1;
		out = strndup(b, (size_t)(e - b));
	}
	free(buf);
	return out;
}

/*
 * README.md's key reference is what `offersim validate --reference`
 * prints from the reader's table: a key added, or a default or doc
 * changed, without `make reference` fails here.
 */
static void test_reference_in_readme(void)
{
	char *gen = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&gen, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(cfg_reference(f), 0);
	fclose(f);
	/* The table really is the reader's: a few rows as they read. */
	CU_ASSERT_PTR_NOT_NULL(strstr(gen, "| `refuse_seconds` | number | 5 | "
				      ">= 0 |"));
	CU_ASSERT_PTR_NOT_NULL(strstr(gen, "| `agent_order` | shuffle or id "
				      "| `shuffle` |"));
	CU_ASSERT_PTR_NOT_NULL(strstr(gen, "| `count` | integer | 1 | >= 1 |"));
	char *doc = readme_region();
	CU_ASSERT_PTR_NOT_NULL(doc);
	if (doc) {
		int same = !strcmp(doc, gen);
		CU_ASSERT(same);
		if (!same) {
			size_t i = 0;
			while (doc[i] && doc[i] == gen[i])
				i++;
			fprintf(stderr, "\nREADME.md's scenario reference differs "
				"from `offersim validate --reference` at byte "
				"%zu (run `make reference`):\n  README: %.60s\n"
				"  table:  %.60s\n", i, doc + i, gen + i);
		}
	}
	free(doc);
	free(gen);
}

/* The diagnostics of a scenario given as text (cfg_load_string). */
static char *load_text_msgs(const char *text, int *errors)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	struct diag d;
	diag_init(&d, f);
	struct scenario sc;
	if (cfg_load_string("w.yaml", text, NULL, 0, &sc, &d) == 0)
		scenario_release(&sc);
	*errors = diag_errors(&d);
	fclose(f);
	return out;
}

/* A framework weight warns only where it cannot matter: alone in its
 * role (the default role too), not beside another framework of the role,
 * and not at the default weight. */
static void test_lone_weight_warning(void)
{
	static const char head[] =
		"cluster:\n  agents:\n    - {name: a, count: 1, resources: {cpus: 2}}\n"
		"frameworks:\n";
	static const char wl[] =
		"    workload: {synthetic: {jobs: 1, arrival: 1, duration: 1, "
		"resources: {cpus: 1}}}\n";
	char text[1024];
	int errors;

	snprintf(text, sizeof text, "%s  - name: x\n    weight: 3\n%s", head, wl);
	char *out = load_text_msgs(text, &errors);
	CU_ASSERT_EQUAL(errors, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "w.yaml:6:13: warning: framework 'x' is "
				      "alone in role '*', so its weight 3 cannot "
				      "matter"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "set roles: {'*': {weight: 3}}"));
	free(out);

	snprintf(text, sizeof text, "%s  - name: x\n    role: r\n    weight: 3\n%s"
		 "  - name: y\n    role: r\n%s", head, wl, wl);
	out = load_text_msgs(text, &errors);
	CU_ASSERT_EQUAL(errors, 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	free(out);

	snprintf(text, sizeof text, "%s  - name: x\n    role: r\n%s"
		 "roles: {r: {weight: 3}}\n", head, wl);
	out = load_text_msgs(text, &errors);
	CU_ASSERT_EQUAL(errors, 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	free(out);
}

static const struct test_case cases[] = {
	{"good_scenario_defaults", test_good_defaults},
	{"overrides", test_overrides},
	{"lone framework weight warns", test_lone_weight_warning},
	{"override_absolute_trace_and_mapping", test_override_absolute_trace},
	{"override_errors", test_override_errors},
	{"missing_scenario_file", test_missing_file},
	{"many_errors_one_run", test_many_errors},
	{"dist_kinds", test_dist_kinds},
	{"aliases", test_aliases},
	{"odd_documents", test_odd_documents},
	{"bad_input_corpus", test_bad_corpus},
	{"deep YAML rejected while parsing, within 1 s", test_deep_yaml},
	{"bool_rule", test_bool_rule},
	{"reference_in_readme", test_reference_in_readme},
	{NULL, NULL},
};

const struct test_suite suite_config = {"config", cases};
