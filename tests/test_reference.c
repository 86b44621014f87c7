/*
 * test_reference.c - the fast offer paths against the plain per-offer
 * reference mode, byte for byte (suite `reference`).
 *
 * The master and the frameworks take shortcuts on the offers that nothing
 * is launched from (fused declines, filter rows left unread after a
 * revive; sim/model/master.c).  The environment variable
 * OFFERSIM_REFERENCE, read once per run by the engine and meant for tests
 * only, turns them off.  Every shortcut must leave every output exactly as
 * the reference leaves it, so this suite runs
 *
 *  - the whole scenario corpus (the YAML files of examples/, of each
 *    directory under tests/scenarios/ and of tests/data/) with the offer log on, the heavy examples cut
 *    short by an override, the small ones under --explain too, and again
 *    with the log and replay.html off (offers certain to be declined are
 *    then settled when made, sim/model/surely.c; the page records every
 *    offer until its cap, which no small run reaches, and that recording
 *    turns the settling off), and
 *  - a randomized differential test: small random scenarios (a few agent
 *    shapes, some with many agents of one shape, reservations, several
 *    frameworks with roles, weights, quota, policies, placements,
 *    refuse_seconds below, at and above the interval, decision times,
 *    idle behaviours, suppress and revive events, event-driven and
 *    periodic passes, both agent orders), each with the log on, and
 *    with the log and replay.html off,
 *
 * both ways, and compares every output file, the diagnostics and the
 * narration.  It also checks, through two counters of the world, that
 * the fast path does settle offers in such runs, since the comparison
 * alone would pass just as well with the fast path switched off.  The random scenarios come from a fixed-seed generator in
 * this file, so the suite is the same on every run.
 */
#include <dirent.h>
#include <glob.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "harness.h"
#include "simtest.h"
#include "../sim/config/config.h"
#include "../sim/config/scenario.h"
#include "../sim/core/diag.h"
#include "../sim/model/engine.h"
#include "../sim/model/world.h"

/* What one run left behind: its exit code, diagnostics and narration
 * (the outputs stay in its directory). */
struct outcome {
	int rc;
	char *diag;
	size_t ndiag;
	char *explain;
	size_t nexplain;
};

static void outcome_free(struct outcome *o)
{
	free(o->diag);
	free(o->explain);
}

/* Run scenario into dir (made empty first) in the given mode. */
static void run_mode(const char *scenario, const char *const *sets,
		     int nsets, const char *dir, int reference, int explain,
		     struct outcome *out)
{
	struct cfg_override ov[8];
	char keys[8][128];
	memset(out, 0, sizeof *out);
	CU_ASSERT_FATAL(nsets <= 8);
	for (int i = 0; i < nsets; i++) {
		const char *eq = strchr(sets[i], '=');
		CU_ASSERT_FATAL(eq != NULL);
		snprintf(keys[i], sizeof keys[i], "%.*s", (int)(eq - sets[i]),
			 sets[i]);
		ov[i].path = keys[i];
		ov[i].value = eq + 1;
	}
	mkdir(dir, 0700);
	if (reference)
		setenv("OFFERSIM_REFERENCE", "1", 1);
	else
		unsetenv("OFFERSIM_REFERENCE");
	FILE *df = open_memstream(&out->diag, &out->ndiag);
	FILE *ef = explain ? open_memstream(&out->explain, &out->nexplain)
			   : NULL;
	CU_ASSERT_FATAL(df != NULL);
	struct diag d;
	diag_init(&d, df);
	struct scenario sc;
	out->rc = cfg_load(scenario, ov, nsets, &sc, &d);
	if (out->rc == 0) {
		struct sim_options o = {.outdir = dir, .explain = ef};
		out->rc = sim_run(&sc, &o, &d);
		scenario_release(&sc);
	}
	unsetenv("OFFERSIM_REFERENCE");
	fclose(df);
	if (ef)
		fclose(ef);
}

static int same_bytes(const char *a, size_t na, const char *b, size_t nb)
{
	return na == nb && (na == 0 || memcmp(a, b, na) == 0);
}

/* Every file of dir a is in dir b with the same bytes, and b has no
 * other; the first difference is named on stderr.  Returns the number
 * of files compared, or -1 on a difference. */
static int compare_dirs(const char *what, const char *a, const char *b)
{
	DIR *d = opendir(a);
	if (!d)
		return 0;
	int n = 0, bad = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && !bad) {
		if (e->d_name[0] == '.')
			continue;
		size_t na = 0, nb = 0;
		char *x = st_slurp(a, e->d_name, &na);
		char *y = st_slurp(b, e->d_name, &nb);
		if (!x || !y || !same_bytes(x, na, y, nb)) {
			fprintf(stderr, "\n  %s: %s differs from the reference mode\n",
				what, e->d_name);
			bad = 1;
		}
		free(x);
		free(y);
		n++;
	}
	closedir(d);
	int m = 0;
	if ((d = opendir(b)) != NULL) {
		while ((e = readdir(d)) != NULL)
			m += e->d_name[0] != '.';
		closedir(d);
	}
	if (!bad && m != n) {
		fprintf(stderr, "\n  %s: %d files, %d in the reference mode\n",
			what, n, m);
		bad = 1;
	}
	return bad ? -1 : n;
}

static char scratch[ST_DIR];

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	char path[600];
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

/* Runs that succeeded, and output files compared, so far: a corpus
 * that failed to load everywhere would otherwise compare equal. */
static int nran, nfiles;

/* Run scenario both ways; 1 when everything is the same. */
static int both_ways(const char *scenario, const char *const *sets,
		     int nsets, int explain)
{
	char fast[ST_DIR + 16], ref[ST_DIR + 16];
	snprintf(fast, sizeof fast, "%s/fast", scratch);
	snprintf(ref, sizeof ref, "%s/ref", scratch);
	remove_dir(fast);
	remove_dir(ref);
	struct outcome o1, o2;
	run_mode(scenario, sets, nsets, fast, 0, explain, &o1);
	run_mode(scenario, sets, nsets, ref, 1, explain, &o2);
	int ok = o1.rc == o2.rc &&
		 same_bytes(o1.diag, o1.ndiag, o2.diag, o2.ndiag) &&
		 same_bytes(o1.explain, o1.nexplain, o2.explain, o2.nexplain);
	if (!ok)
		fprintf(stderr, "\n  %s: exit code, diagnostics or narration differ from the reference mode\n",
			scenario);
	int nf = ok ? compare_dirs(scenario, fast, ref) : 0;
	if (nf < 0)
		ok = 0;
	else if (o1.rc == 0) {
		nran++;
		nfiles += nf;
	}
	outcome_free(&o1);
	outcome_free(&o2);
	remove_dir(fast);
	remove_dir(ref);
	return ok;
}

/* A scratch directory per test, removed at its end. */
static void scratch_make(void)
{
	CU_ASSERT_FATAL(st_mkdtemp(scratch, sizeof scratch, "ref") == 0);
}

static void scratch_remove(void)
{
	remove_dir(scratch);
}

/* ------------------------------------------------------------------ */
/* The corpus                                                           */

/* Overrides that keep the heavy examples short; the rest run whole. */
static const struct {
	const char *file;
	const char *set;
} cuts[] = {
	{"examples/mmc.yaml", "frameworks.queue.workload.synthetic.jobs=3000"},
	{"tests/data/mmc.yaml", "frameworks.q.workload.synthetic.jobs=3000"},
	{"examples/google-2011.yaml", "horizon=120"},
	{"examples/google-2011-split.yaml", "horizon=120"},
	{"examples/alibaba-gpu.yaml", "horizon=3000"},
	{"examples/diurnal.yaml", "horizon=20000"},
};

static void test_corpus(void)
{
	static const char *const globs[] = {
		"examples/*.yaml", "tests/scenarios/*/*.yaml", "tests/data/*.yaml",
	};
	int runs = 0;
	nran = nfiles = 0;
	scratch_make();
	for (size_t g = 0; g < sizeof globs / sizeof globs[0]; g++) {
		glob_t gl;
		if (glob(globs[g], 0, NULL, &gl) != 0)
			continue;
		for (size_t i = 0; i < gl.gl_pathc; i++) {
			const char *s = gl.gl_pathv[i];
			const char *sets[3] = {"metrics.offer_log=true", NULL, NULL};
			int nsets = 1;
			for (size_t k = 0; k < sizeof cuts / sizeof cuts[0]; k++)
				if (strcmp(cuts[k].file, s) == 0)
					sets[nsets++] = cuts[k].set;
			/* The narration of every step, where it is small. */
			int explain = g > 0 && nsets == 1;
			CU_ASSERT(both_ways(s, sets, nsets, explain));
			/* Offers settled when made (sim/model/surely.c) need
			 * the log, the narration and replay.html's recording
			 * off (a small run never reaches the page's cap, so
			 * it would record every offer): again so. */
			sets[0] = "metrics.offer_log=false";
			sets[nsets] = "metrics.replay=false";
			CU_ASSERT(both_ways(s, sets, nsets + 1, 0));
			runs++;
		}
		globfree(&gl);
	}
	scratch_remove();
	CU_ASSERT(runs >= 40);
	/* The corpus holds five scenarios meant to fail (draws beyond the
	 * bounds: tests/data/synth-*-huge.yaml, and the like); each of the
	 * others ran twice (offer log on, then log and replay off). */
	CU_ASSERT(nran >= 2 * (runs - 5));
	CU_ASSERT(nfiles >= 5 * nran);
	fprintf(stderr, "(%d runs of %d scenarios, %d files) ", nran, runs, nfiles);
}

/* ------------------------------------------------------------------ */
/* Random scenarios                                                     */

static uint64_t rs;

static uint64_t rnd(void)
{
	/* splitmix64: a fixed sequence, for a suite that repeats. */
	uint64_t z = (rs += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static int pick(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

static const char *one(const char *const *v, int n)
{
	return v[pick(n)];
}

#define ONE(v) one(v, (int)(sizeof v / sizeof v[0]))

/* A random scenario's end, for both generators: now and then an
 * operator's suppress of one of its nfw frameworks and the revive after
 * it, then the metrics; closes f (0, or -1 when the write failed). */
static int write_end(FILE *f, int nfw)
{
	if (pick(4) == 0) {
		int fw = pick(nfw), at = 5 + pick(30);
		fprintf(f, "events:\n  - {at: %d, action: suppress, framework: f%d}\n",
			at, fw);
		fprintf(f, "  - {at: %d, action: revive, framework: f%d}\n",
			at + 1 + pick(20), fw);
	}
	fprintf(f, "metrics:\n  sample_interval: 5\n  offer_log: true\n");
	return fclose(f) == 0 ? 0 : -1;
}

/* Write a random scenario to path; returns 0 on success. */
static int write_random(const char *path, int k)
{
	static const char *const roles[] = {"*", "a", "b", "a/x", "a/y"};
	static const char *const pols[] = {"fifo", "fifo", "sjf", "priority",
					   "easy", "conservative", "fcfs",
					   "srtf"};
	static const char *const places[] = {"first_fit", "first_fit",
					     "best_fit", "worst_fit", "spread",
					     "random", "tetris"};
	static const char *const refuse[] = {"0", "0.5", "1", "2", "5"};
	static const char *const interval[] = {"0", "0.5", "1", "1", "2"};
	static const char *const bypass[] = {"fifo", "sjf", "fcfs"};
	static const char *const periodic[] = {"0.5", "1", "1", "2"};
	/* Every other case meets the conditions under which the master
	 * settles certain declines when made (sim/model/surely.c: periodic
	 * passes, no offer timeout, policies that answer by fit, no
	 * preemption), so that path meets roles, weights, quota,
	 * reservations, filters and idle behaviours. */
	int fast = k % 2;
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "name: random-%d\nseed: %d\nhorizon: %d\n", k,
		1 + pick(1000), 60 + pick(240));
	fprintf(f, "cluster:\n  agents:\n");
	int ngroups = 1 + pick(3);
	int resv = pick(4) == 0;
	for (int g = 0; g < ngroups; g++) {
		/* The first shape holds any task the frameworks ask for
		 * (at most 3 cpus and 2 GB), so few cases are rejected. */
		int cpus = g == 0 ? 3 + pick(6) : 1 + pick(8);
		int mem = 1024 * (g == 0 ? 2 + pick(7) : 1 + pick(8));
		/* Now and then many agents of one shape: passes whose
		 * offers are mostly certain declines (surely.c). */
		int count = pick(4) == 0 ? 20 + pick(40) : 1 + pick(8);
		fprintf(f, "    - {name: g%d, count: %d, resources: {cpus: %d, mem: %d}",
			g, count, cpus, mem);
		if (resv && g == 0 && cpus > 1)
			fprintf(f, ", reserved: {a: {cpus: 1, mem: 512}}");
		fprintf(f, "}\n");
	}
	fprintf(f, "master:\n  allocator: %s\n  allocation_interval: %s\n",
		pick(4) ? "drf" : "random",
		fast ? ONE(periodic) : ONE(interval));
	fprintf(f, "  agent_order: %s\n", pick(2) ? "shuffle" : "id");
	if (pick(6) == 0 && !fast)
		fprintf(f, "  offer_timeout: %d\n", 2 + pick(10));
	if (pick(5) == 0)
		fprintf(f, "  min_allocatable_resources: [{cpus: 2}, {mem: 4096}]\n");
	int quota = pick(3) == 0;
	fprintf(f, "roles:\n  a: {weight: %d%s}\n  b: {weight: 1}\n",
		1 + pick(3),
		quota ? ", quota: {guarantee: {cpus: 2, mem: 2048}, limit: {cpus: 6, mem: 16384}}"
		      : "");
	fprintf(f, "frameworks:\n");
	int nfw = 1 + pick(4);
	for (int i = 0; i < nfw; i++) {
		const char *pol = fast ? ONE(bypass) : ONE(pols);
		/* The fast cases lean to frameworks that stay in the sort
		 * while idle, and to filters that outlast the interval:
		 * those make a missing or extra filter show. */
		int idle = fast && pick(2) ? 1 : pick(3);
		int tasks = 1 + pick(4);
		fprintf(f, "  - name: f%d\n    role: \"%s\"\n    weight: %d\n",
			i, ONE(roles), 1 + pick(3));
		fprintf(f, "    policy: %s\n    placement: %s\n", pol,
			ONE(places));
		fprintf(f, "    refuse_seconds: %s\n",
			fast && pick(2) ? "5" : ONE(refuse));
		if (idle == 1)
			fprintf(f, "    suppress_idle: false\n");
		else if (idle == 2)
			fprintf(f, "    min_revive_interval: %d\n", 1 + pick(5));
		if (pick(fast ? 8 : 4) == 0)
			fprintf(f, "    decision_time: 0.%d\n", 1 + pick(9));
		if (pick(5) == 0)
			fprintf(f, "    max_tasks_per_offer: %d\n", 1 + pick(3));
		if (pick(8) == 0)
			fprintf(f, "    hoard: true\n");
		else if (tasks > 1 && pick(5) == 0 && strcmp(pol, "srtf") &&
			 strcmp(pol, "priority"))   /* these preempt */
			fprintf(f, "    gang: %s\n", pick(2) ? "hold" : "decline");
		fprintf(f, "    workload:\n      synthetic:\n");
		fprintf(f, "        jobs: %d\n", 5 + pick(40));
		fprintf(f, "        start: %d\n", pick(20));
		fprintf(f, "        arrival: {dist: exponential, mean: %d.%d}\n",
			pick(3), 1 + pick(9));
		fprintf(f, "        duration: {dist: exponential, mean: %d}\n",
			1 + pick(30));
		fprintf(f, "        tasks_per_job: {dist: constant, value: %d}\n",
			tasks);
		fprintf(f, "        resources: {cpus: %d, mem: %d}\n",
			1 + pick(3), 256 * (1 + pick(8)));
		fprintf(f, "        priority: {dist: uniform, min: 0, max: 5}\n");
	}
	return write_end(f, nfw);
}

#define NRANDOM 200

/*
 * Random scenarios built for the bulk tail of a pass (master.c,
 * pass_rest_declined): a large group of agents of one shape, frameworks
 * that suppress when idle and revive for each job (so a pass after a
 * revive offers every free agent, and when one framework alone wants
 * offers its first offers hold its queue and the rest are certain
 * declines), first fit mostly, filters shorter and longer than the
 * interval, now and then a second framework that stays in the sort, a
 * few agents of another shape, GPU agents not every framework may take,
 * agents that fail and come back, reservations (which keep the tail off),
 * min_allocatable_resources, and an operator's suppress and revive.
 * Filters up to a minute long and revives held back by
 * min_revive_interval keep the tail's filters (the decline stamps of
 * master.c) alive while tasks end and agents change under them.
 */
static int write_tail(const char *path, int k)
{
	static const char *const pols[] = {"fifo", "fifo", "sjf", "fcfs"};
	static const char *const places[] = {"first_fit", "first_fit",
					     "first_fit", "best_fit"};
	static const char *const refuse[] = {"0.5", "1", "2", "5", "5", "20",
					     "60"};
	static const char *const periodic[] = {"0.5", "1", "1", "2"};
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "name: tail-%d\nseed: %d\nhorizon: %d\n", k,
		1 + pick(1000), 60 + pick(200));
	fprintf(f, "cluster:\n  agents:\n");
	int resv = pick(6) == 0, gpus = pick(4) == 0;
	fprintf(f, "    - name: big\n      count: %d\n      resources: {cpus: %d, mem: %d}\n",
		64 + pick(400), 2 + pick(4), 4096 * (1 + pick(3)));
	if (resv)
		fprintf(f, "      reserved: {a: {cpus: 1, mem: 1024}}\n");
	if (pick(2))
		fprintf(f, "      failures:\n        mtbf: {dist: exponential, mean: %d}\n        mttr: {dist: exponential, mean: %d}\n",
			100 + pick(900), 2 + pick(30));
	if (pick(3) == 0)
		fprintf(f, "    - {name: small, count: %d, resources: {cpus: 1, mem: 1024}}\n",
			1 + pick(40));
	if (gpus)
		fprintf(f, "    - {name: gpu, count: %d, resources: {cpus: 4, mem: 8192, gpus: 1}}\n",
			1 + pick(70));
	fprintf(f, "master:\n  allocator: %s\n  allocation_interval: %s\n",
		pick(6) ? "drf" : "random", ONE(periodic));
	fprintf(f, "  agent_order: %s\n", pick(3) ? "shuffle" : "id");
	if (pick(6) == 0)
		fprintf(f, "  min_allocatable_resources: [{cpus: 2}, {mem: 4096}]\n");
	fprintf(f, "roles:\n  a: {weight: %d}\n", 1 + pick(3));
	fprintf(f, "frameworks:\n");
	int nfw = 1 + pick(3);
	int stays = pick(4) == 0 ? pick(nfw) : -1;   /* never suppresses */
	for (int i = 0; i < nfw; i++) {
		fprintf(f, "  - name: f%d\n    role: \"%s\"\n", i,
			pick(3) ? "*" : "a");
		fprintf(f, "    policy: %s\n    placement: %s\n", ONE(pols),
			ONE(places));
		fprintf(f, "    refuse_seconds: %s\n", ONE(refuse));
		if (i == stays)
			fprintf(f, "    suppress_idle: false\n");
		else if (pick(2) == 0)
			fprintf(f, "    min_revive_interval: %d\n", 1 + pick(10));
		if (gpus && pick(2))
			fprintf(f, "    capabilities: [gpu_resources]\n");
		if (pick(5) == 0)
			fprintf(f, "    max_tasks_per_offer: %d\n", 1 + pick(3));
		fprintf(f, "    workload:\n      synthetic:\n");
		fprintf(f, "        jobs: %d\n", 10 + pick(60));
		fprintf(f, "        start: %d\n", pick(10));
		fprintf(f, "        arrival: {dist: exponential, mean: %d.%d}\n",
			pick(4), 1 + pick(9));
		fprintf(f, "        duration: {dist: exponential, mean: %d}\n",
			5 + pick(60));
		fprintf(f, "        tasks_per_job: {dist: uniform, min: 1, max: %d}\n",
			1 + pick(30));
		fprintf(f, "        resources: {cpus: 1, mem: %d}\n",
			512 * (1 + pick(4)));
	}
	return write_end(f, nfw);
}

#define NTAIL 100

static void test_random(void)
{
	char path[ST_DIR + 16];
	scratch_make();
	snprintf(path, sizeof path, "%s/gen.yaml", scratch);
	rs = 20261201;
	nran = nfiles = 0;
	int ok = 0, valid = 0;
	for (int k = 0; k < NRANDOM + NTAIL; k++) {
		CU_ASSERT_FATAL((k < NRANDOM ? write_random(path, k)
					     : write_tail(path, k)) == 0);
		int same = both_ways(path, NULL, 0, k % 4 == 0);
		/* The log off and replay.html's recording too, as on large
		 * clusters (past the page's cap): offers certain to be
		 * declined are then settled when made (surely.c). */
		static const char *const nolog[] = {"metrics.offer_log=false",
						    "metrics.replay=false"};
		same = both_ways(path, nolog, 2, 0) && same;
		if (!same) {
			/* Keep the case for a look. */
			char keep[ST_DIR + 32];
			snprintf(keep, sizeof keep, "%s-case-%d.yaml", scratch, k);
			rename(path, keep);
			fprintf(stderr, "\n  random case %d kept as %s\n", k, keep);
		}
		ok += same;
		/* Count the cases the config accepted, so a generator that
		 * writes only invalid scenarios cannot pass unnoticed. */
		struct diag d;
		FILE *devnull = fopen("/dev/null", "w");
		diag_init(&d, devnull);
		struct scenario sc;
		if (cfg_load(path, NULL, 0, &sc, &d) == 0) {
			valid++;
			scenario_release(&sc);
		}
		if (devnull)
			fclose(devnull);
	}
	scratch_remove();
	CU_ASSERT_EQUAL(ok, NRANDOM + NTAIL);
	CU_ASSERT(valid >= (NRANDOM + NTAIL) * 9 / 10);
	CU_ASSERT(nran >= 2 * (NRANDOM + NTAIL) * 9 / 10);
	fprintf(stderr, "(%d runs of %d scenarios) ", nran, NRANDOM + NTAIL);
}

/* Lines of dir/name, or -1. */
static long count_lines(const char *dir, const char *name)
{
	size_t n = 0;
	char *b = st_slurp(dir, name, &n);
	if (!b)
		return -1;
	long k = 0;
	for (size_t i = 0; i < n; i++)
		k += b[i] == '\n';
	free(b);
	return k;
}

/* metrics.offer_log: auto (the default) writes the rows up to
 * SC_OFFER_LOG_AUTO_AGENTS agents and only the header above; true and
 * false hold whatever the size.  The counts are there in every case. */
static void test_offer_log_auto(void)
{
	char count[64], dir[128];
	const struct {
		int agents;
		const char *log;     /* NULL: the default */
		int rows;
	} cases[] = {
		{SC_OFFER_LOG_AUTO_AGENTS, NULL, 1},
		{SC_OFFER_LOG_AUTO_AGENTS + 1, NULL, 0},
		{SC_OFFER_LOG_AUTO_AGENTS + 1, "metrics.offer_log=auto", 0},
		{SC_OFFER_LOG_AUTO_AGENTS + 1, "metrics.offer_log=true", 1},
		{SC_OFFER_LOG_AUTO_AGENTS, "metrics.offer_log=false", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(count, sizeof count, "cluster.agents.n.count=%d",
			 cases[i].agents);
		const char *sets[2] = {count, cases[i].log};
		CU_ASSERT_EQUAL_FATAL(st_run("tests/data/many-agents.yaml", sets,
					     cases[i].log ? 2 : 1, dir,
					     sizeof dir), 0);
		double made = st_summary(dir, "offers.made");
		long lines = count_lines(dir, "offers.csv");
		CU_ASSERT(made > cases[i].agents);
		long want = cases[i].rows ? 1 + (long)made : 1;
		CU_ASSERT_EQUAL(lines, want);
		st_cleanup(dir);
	}
}

/* How many offers scenario's run settled through surely.c, when made
 * (*at_once) and in bulk tails (*tail), read off the world before it is
 * freed. */
static void count_settled(const char *scenario, const char *const *sets,
			  int nsets, int reference, uint64_t *at_once,
			  uint64_t *tail)
{
	char dir[ST_DIR];
	CU_ASSERT_FATAL(st_mkdtemp(dir, sizeof dir, "settled") == 0);
	if (reference)
		setenv("OFFERSIM_REFERENCE", "1", 1);
	struct diag d;
	diag_init(&d, stderr);
	struct scenario sc;
	CU_ASSERT_FATAL(st_load(scenario, sets, nsets, &sc, &d) == 0);
	struct sim_options o = {.outdir = dir, .quiet = 1};
	struct sim *s = NULL;
	CU_ASSERT_FATAL(sim_start(&sc, &o, &d, &s) == 0);
	while (sim_step(s))
		;
	CU_ASSERT_EQUAL(sim_finish(s), 0);
	*at_once = sim_world(s)->sure_settled;
	*tail = sim_world(s)->sure_tail_settled;
	sim_free(s);
	scenario_release(&sc);
	unsetenv("OFFERSIM_REFERENCE");
	st_cleanup(dir);
}

/*
 * The comparisons above prove the fast path harmless only where it runs,
 * and nothing in the outputs shows whether it did: check that it settles
 * offers, both when made and in bulk tails, in the runs the corpus and
 * the random test count on (log and replay.html off), and none in the
 * reference mode or while replay.html records.
 */
static void test_fast_path_runs(void)
{
	const char *off[2] = {"metrics.offer_log=false", "metrics.replay=false"};
	uint64_t once = 0, tail = 0;
	count_settled("tests/data/stamp-wake.yaml", off, 2, 0, &once, &tail);
	CU_ASSERT(once > 0);
	CU_ASSERT(tail > 0);
	count_settled("tests/data/many-agents.yaml", off, 2, 0, &once, &tail);
	CU_ASSERT(tail > 0);
	count_settled("tests/data/stamp-wake.yaml", off, 2, 1, &once, &tail);
	CU_ASSERT_EQUAL(once + tail, 0);
	count_settled("tests/data/stamp-wake.yaml", off, 1, 0, &once, &tail);
	CU_ASSERT_EQUAL(once + tail, 0);
}

static const struct test_case cases[] = {
	{"offer_log: auto follows the cluster's size", test_offer_log_auto},
	{"the fast path settles offers where it may", test_fast_path_runs},
	{"corpus, fast and reference modes byte for byte", test_corpus},
	{"random scenarios, fast and reference modes", test_random},
	{NULL, NULL},
};

const struct test_suite suite_reference = {"reference", cases};
