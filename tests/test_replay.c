/*
 * test_replay.c - replay.html's recorded data against the run's other
 * outputs, and the viewer itself in a browser.
 *
 *   replay   reads the page's event stream (sim/model/replay.h) as text:
 *            on the seed example every pass, offer, answer, start and stop
 *            is there, matching summary.json, offers.csv and tasks.csv row
 *            by row; a window holds exactly the full run's events inside
 *            it, starting from the true state; the cap ends the page on a
 *            whole instant (or cuts the first, when it alone is too big)
 *            and says what it left out; metrics.replay
 *            off writes no page and leaves none of an earlier run, and
 *            report.html links to the page only when there is one; a run
 *            stopped early says so on it.
 *   viewer   drives the page in headless Chromium through
 *            scripts/check-replay (Selenium): no console errors, the
 *            slider moves under the mouse, the steps change the state,
 *            and the agents' totals at instants taken from tasks.csv are
 *            what tasks.csv says; a page with one event altered fails.
 *            It needs chromium, chromium-driver and python3-selenium, so
 *            it is optional: without them main prints SKIPPED and counts
 *            nothing (CI installs them and requires the suite).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "simtest.h"

#define SEED "examples/seed-hadoop.yaml"

struct ev {
	long long t;
	char k;
	int nf;
	long long f[24];
	const char *line;         /* into the page's text */
	size_t len;
};

struct page {
	char *html;
	size_t size;
	struct ev *v;
	long n;
	char *start;              /* the rp-start block's text (a copy) */
	char *meta;               /* the rp-meta block's text (a copy) */
};

/* The text of <script ... id="ID"> up to its </script>, copied. */
static char *block(const char *html, const char *id, const char **at)
{
	char key[64];
	snprintf(key, sizeof key, "id=\"%s\">\n", id);
	const char *p = strstr(html, key);
	if (!p)
		return NULL;
	p += strlen(key);
	const char *e = strstr(p, "</script>");
	if (!e)
		return NULL;
	if (at)
		*at = p;
	char *s = malloc((size_t)(e - p) + 1);
	if (s) {
		memcpy(s, p, (size_t)(e - p));
		s[e - p] = '\0';
	}
	return s;
}

static void page_free(struct page *pg)
{
	free(pg->html);
	free(pg->v);
	free(pg->start);
	free(pg->meta);
	memset(pg, 0, sizeof *pg);
}

/* Read dir/replay.html and parse its events; 0 or -1. */
static int page_read(const char *dir, struct page *pg)
{
	memset(pg, 0, sizeof *pg);
	pg->html = st_slurp(dir, "replay.html", &pg->size);
	if (!pg->html)
		return -1;
	const char *at;
	char *evs = block(pg->html, "rp-events", &at);
	pg->start = block(pg->html, "rp-start", NULL);
	pg->meta = block(pg->html, "rp-meta", NULL);
	if (!evs || !pg->start || !pg->meta) {
		free(evs);
		return -1;
	}
	long cap = 1;
	for (const char *p = evs; *p; p++)
		cap += *p == '\n';
	pg->v = calloc((size_t)cap, sizeof *pg->v);
	if (!pg->v) {
		free(evs);
		return -1;
	}
	long long now = -1;
	for (const char *p = evs; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (*p == '@') {
			/* An instant's time; the line itself is not an event. */
			now = strtoll(p + 1, NULL, 10);
			p += len + (nl ? 1 : 0);
			continue;
		}
		struct ev *e = &pg->v[pg->n++];
		char *q = (char *)p + 1;
		e->line = at + (p - evs);
		e->len = len;
		e->t = now;
		e->k = *p;
		while (*q == ' ' && e->nf < 24)
			e->f[e->nf++] = strtoll(q, &q, 10);
		p += len + (nl ? 1 : 0);
	}
	free(evs);
	return 0;
}

static long count(const struct page *pg, char k)
{
	long n = 0;
	for (long i = 0; i < pg->n; i++)
		n += pg->v[i].k == k;
	return n;
}

/* A number of the meta block: "key": N. */
static long long meta_num(const struct page *pg, const char *key)
{
	char k[64];
	snprintf(k, sizeof k, "\"%s\": ", key);
	const char *p = strstr(pg->meta, k);
	return p ? strtoll(p + strlen(k), NULL, 10) : -999;
}

/* Agent i's name from the meta block. */
static void agent_name(const struct page *pg, long i, char *out, size_t size)
{
	const char *p = strstr(pg->meta, "\"agents\": [");
	out[0] = '\0';
	for (long k = 0; p && k <= i; k++)
		p = strstr(p + 1, "[\"");
	if (!p)
		return;
	p += 2;
	const char *q = strchr(p, '"');
	snprintf(out, size, "%.*s", (int)(q - p), p);
}

/* "12.300000" (tasks.csv, offers.csv) in µs. */
static long long usec(const char *s)
{
	if (!s || !*s)
		return -1;
	char *q;
	long long whole = strtoll(s, &q, 10), frac = 0;
	int digits = 0;
	if (*q == '.')
		for (q++; *q >= '0' && *q <= '9' && digits < 6; q++, digits++)
			frac = frac * 10 + (*q - '0');
	for (; digits < 6; digits++)
		frac *= 10;
	return whole * 1000000 + frac;
}

/* --- suite replay --- */

static void test_seed_counts(void)
{
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_run(SEED, NULL, 0, dir, sizeof dir), 0);
	struct page pg;
	CU_ASSERT_EQUAL_FATAL(page_read(dir, &pg), 0);
	struct st_csv *offers = st_csv_read(dir, "offers.csv");
	struct st_csv *tasks = st_csv_read(dir, "tasks.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(offers);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tasks);

	/* Passes and the whole of each count. */
	CU_ASSERT_EQUAL(count(&pg, 'P'), (long)st_summary(dir, "allocation_passes"));
	CU_ASSERT_EQUAL(count(&pg, 'O'), offers->nrows);
	CU_ASSERT_EQUAL(count(&pg, 'O'), (long)st_summary(dir, "offers.made"));
	long outcome[4] = {0};
	static const char *const names[4] = {"accepted", "declined", "rescinded", "outstanding"};
	for (long r = 0; r < offers->nrows; r++)
		for (int k = 0; k < 4; k++)
			outcome[k] += strcmp(st_csv_get(offers, r, "outcome"), names[k]) == 0;
	CU_ASSERT_EQUAL(count(&pg, 'A'), outcome[0]);
	CU_ASSERT_EQUAL(count(&pg, 'D'), outcome[1]);
	CU_ASSERT_EQUAL(count(&pg, 'R'), outcome[2]);
	CU_ASSERT(outcome[0] > 0 && outcome[1] > 0);
	long started = 0, finished = 0;
	for (long r = 0; r < tasks->nrows; r++) {
		started += st_csv_get(tasks, r, "start")[0] != '\0';
		finished += strcmp(st_csv_get(tasks, r, "state"), "finished") == 0;
	}
	CU_ASSERT_EQUAL(count(&pg, 'S'), started);
	CU_ASSERT_EQUAL(count(&pg, 'E'), finished);
	CU_ASSERT_EQUAL(count(&pg, 'W'), tasks->nrows);
	CU_ASSERT_EQUAL(count(&pg, 'L'), started);
	CU_ASSERT_EQUAL(meta_num(&pg, "events"), pg.n);
	CU_ASSERT_EQUAL(meta_num(&pg, "after"), 0);
	CU_ASSERT_EQUAL(meta_num(&pg, "before"), 0);
	CU_ASSERT_EQUAL(meta_num(&pg, "first_left_out"), -1);

	/* Row by row: each offer made and answered is its offers.csv row
	 * (time made, agent, cpus and mem offered, tasks launched), each
	 * start its tasks.csv row (agent, start). */
	long matched = 0, answered = 0, starts = 0;
	for (long i = 0; i < pg.n; i++) {
		const struct ev *e = &pg.v[i];
		char num[32], agent[48];
		if (e->k == 'O') {
			snprintf(num, sizeof num, "%lld", e->f[0]);
			const char *cols[] = {"offer"}, *vals[] = {num};
			long r = st_csv_find(offers, 0, cols, vals, 1);
			CU_ASSERT_FATAL(r >= 0);
			agent_name(&pg, e->f[2], agent, sizeof agent);
			matched += usec(st_csv_get(offers, r, "time")) == e->t &&
				   strcmp(st_csv_get(offers, r, "agent"), agent) == 0 &&
				   (long long)(st_csv_num(offers, r, "cpus") * 1000 + 0.5) == e->f[4] &&
				   (long long)(st_csv_num(offers, r, "mem") * 1000 + 0.5) == e->f[5];
		} else if (e->k == 'A' || e->k == 'D') {
			snprintf(num, sizeof num, "%lld", e->f[0]);
			const char *cols[] = {"offer"}, *vals[] = {num};
			long r = st_csv_find(offers, 0, cols, vals, 1);
			CU_ASSERT_FATAL(r >= 0);
			answered += usec(st_csv_get(offers, r, "answered")) == e->t &&
				    (long long)st_csv_num(offers, r, "tasks") == e->f[1] &&
				    !strcmp(st_csv_get(offers, r, "outcome"),
					    e->k == 'A' ? "accepted" : "declined");
			/* The seed's framework refuses for 5 s whatever it
			 * returns. */
			int returned = e->f[3] != 0 || e->f[4] != 0;
			CU_ASSERT_EQUAL(e->f[2], returned ? 5000000 : 0);
		} else if (e->k == 'S') {
			char job[32], task[32];
			snprintf(job, sizeof job, "%lld", e->f[2]);
			snprintf(task, sizeof task, "%lld", e->f[3]);
			const char *cols[] = {"job_id", "task_id"}, *vals[] = {job, task};
			long r = st_csv_find(tasks, 0, cols, vals, 2);
			CU_ASSERT_FATAL(r >= 0);
			agent_name(&pg, e->f[1], agent, sizeof agent);
			starts += usec(st_csv_get(tasks, r, "start")) == e->t &&
				  strcmp(st_csv_get(tasks, r, "agent"), agent) == 0;
		}
	}
	CU_ASSERT_EQUAL(matched, offers->nrows);
	CU_ASSERT_EQUAL(answered, outcome[0] + outcome[1]);
	CU_ASSERT_EQUAL(starts, started);
	/* Times never go back. */
	for (long i = 1; i < pg.n; i++)
		CU_ASSERT_FATAL(pg.v[i].t >= pg.v[i - 1].t);
	st_csv_free(offers);
	st_csv_free(tasks);
	page_free(&pg);
	st_cleanup(dir);
}

static int same_line(const struct ev *a, const struct ev *b)
{
	return a->len == b->len && memcmp(a->line, b->line, a->len) == 0;
}

static void test_window(void)
{
	char full[ST_DIR], win[ST_DIR];
	static const char *const sets[] = {"metrics.replay_from=20", "metrics.replay_to=40"};
	CU_ASSERT_EQUAL_FATAL(st_run(SEED, NULL, 0, full, sizeof full), 0);
	CU_ASSERT_EQUAL_FATAL(st_run(SEED, sets, 2, win, sizeof win), 0);
	struct page pf, pw;
	CU_ASSERT_EQUAL_FATAL(page_read(full, &pf), 0);
	CU_ASSERT_EQUAL_FATAL(page_read(win, &pw), 0);
	/* Exactly the full run's events from 20 s to 40 s, in order. */
	long k = 0, after = -1;
	for (long i = 0; i < pf.n; i++) {
		if (pf.v[i].t < 20000000) {
			continue;
		} else if (pf.v[i].t > 40000000) {
			if (after < 0)
				after = i;
		} else {
			CU_ASSERT_FATAL(k < pw.n);
			CU_ASSERT(same_line(&pf.v[i], &pw.v[k]));
			k++;
		}
	}
	CU_ASSERT(k > 0);
	CU_ASSERT_EQUAL(k, pw.n);
	/* What was left out, in engine events: some on each side, fewer
	 * than the run's, the rest from the first event after 40 s. */
	long long nb = meta_num(&pw, "before"), na = meta_num(&pw, "after");
	CU_ASSERT(nb > 0 && na > 0 && nb + na < (long long)st_summary(win, "events"));
	CU_ASSERT_FATAL(after > 0);
	CU_ASSERT(meta_num(&pw, "first_left_out") > 40000000 &&
		  meta_num(&pw, "first_left_out") <= pf.v[after].t);
	CU_ASSERT_PTR_NOT_NULL(strstr(pw.meta, "\"capped\": false"));
	/* The start state: the tasks running when the window opened (at its
	 * first event, before it), as tasks.csv has them. */
	long long t0 = meta_num(&pw, "opened_at");
	CU_ASSERT(t0 >= 20000000 && t0 == pw.v[0].t);
	struct st_csv *tasks = st_csv_read(win, "tasks.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(tasks);
	long want = 0, listed = 0;
	for (long r = 0; r < tasks->nrows; r++) {
		long long s = usec(st_csv_get(tasks, r, "start"));
		long long e = usec(st_csv_get(tasks, r, "end"));
		if (s < 0 || s >= t0 || e < t0)
			continue;
		want++;
		/* "s FW AGENT JOB TASK": find this task's line. */
		for (const char *p = pw.start; (p = strstr(p, "s 0 ")) != NULL; p++) {
			long long a, j, t;
			if ((p == pw.start || p[-1] == '\n') &&
			    sscanf(p, "s 0 %lld %lld %lld", &a, &j, &t) == 3 &&
			    j == atoll(st_csv_get(tasks, r, "job_id")) &&
			    t == atoll(st_csv_get(tasks, r, "task_id"))) {
				char name[48];
				agent_name(&pw, a, name, sizeof name);
				listed += strcmp(name, st_csv_get(tasks, r, "agent")) == 0;
				break;
			}
		}
	}
	long lines = 0;
	for (const char *p = pw.start; *p; p++)
		lines += (p == pw.start || p[-1] == '\n') && *p == 's';
	CU_ASSERT(want > 0);
	CU_ASSERT_EQUAL(listed, want);
	CU_ASSERT_EQUAL(lines, want);
	st_csv_free(tasks);
	page_free(&pf);
	page_free(&pw);
	st_cleanup(full);
	st_cleanup(win);
}

static void test_cap(void)
{
	char full[ST_DIR], cap[ST_DIR];
	static const char *const sets[] = {"metrics.replay_max_events=100"};
	CU_ASSERT_EQUAL_FATAL(st_run(SEED, NULL, 0, full, sizeof full), 0);
	CU_ASSERT_EQUAL_FATAL(st_run(SEED, sets, 1, cap, sizeof cap), 0);
	struct page pf, pc;
	CU_ASSERT_EQUAL_FATAL(page_read(full, &pf), 0);
	CU_ASSERT_EQUAL_FATAL(page_read(cap, &pc), 0);
	CU_ASSERT(pc.n > 0 && pc.n <= 100);
	CU_ASSERT_FATAL(pf.n > pc.n);
	/* A prefix of the full run that ends on a whole instant. */
	for (long i = 0; i < pc.n; i++)
		CU_ASSERT(same_line(&pf.v[i], &pc.v[i]));
	CU_ASSERT(pf.v[pc.n].t > pc.v[pc.n - 1].t);
	CU_ASSERT_PTR_NOT_NULL(strstr(pc.meta, "\"capped\": true"));
	CU_ASSERT_PTR_NOT_NULL(strstr(pc.meta, "\"cut\": false"));
	CU_ASSERT(meta_num(&pc, "after") > 0);
	CU_ASSERT_EQUAL(meta_num(&pc, "first_left_out"), pf.v[pc.n].t);
	CU_ASSERT_EQUAL(meta_num(&pc, "max_events"), 100);
	/* The page is the cap's size, not the run's: smaller than the full
	 * one by at least the events it left out, at 8 bytes or more each. */
	CU_ASSERT(pc.size + 8 * (size_t)(pf.n - pc.n) < pf.size);
	page_free(&pc);
	st_cleanup(cap);

	/* A cap smaller than the first instant: that instant is cut after
	 * the cap's events, and the page says so. */
	static const char *const tiny[] = {"metrics.replay_max_events=5"};
	CU_ASSERT_EQUAL_FATAL(st_run(SEED, tiny, 1, cap, sizeof cap), 0);
	CU_ASSERT_EQUAL_FATAL(page_read(cap, &pc), 0);
	CU_ASSERT_EQUAL(pc.n, 5);
	for (long i = 0; i < pc.n; i++)
		CU_ASSERT(same_line(&pf.v[i], &pc.v[i]));
	CU_ASSERT(pf.v[5].t == pc.v[4].t);   /* the instant went on */
	CU_ASSERT_PTR_NOT_NULL(strstr(pc.meta, "\"cut\": true"));
	CU_ASSERT_EQUAL(meta_num(&pc, "first_left_out"), 0);
	page_free(&pf);
	page_free(&pc);
	st_cleanup(full);
	st_cleanup(cap);
}

static int exists(const char *dir, const char *name)
{
	char path[ST_DIR + 32];
	struct stat st;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &st) == 0;
}

static void test_off_and_link(void)
{
	if (!st_have_offersim())
		return;
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_mkdtemp(dir, sizeof dir, "replay"), 0);
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim run " SEED " -q --no-plots -o %s/r > /dev/null", dir), 0);
	char sub[ST_DIR + 8];
	snprintf(sub, sizeof sub, "%s/r", dir);
	CU_ASSERT(exists(sub, "replay.html"));
	char *rep = st_slurp(sub, "report.html", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rep);
	CU_ASSERT_PTR_NOT_NULL(strstr(rep, "<a href=\"replay.html\">"));
	free(rep);
	/* Off: no page, the earlier run's is gone, the report has no link. */
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim run " SEED " -q --no-plots --set metrics.replay=false"
				    " --force -o %s/r > /dev/null", dir), 0);
	CU_ASSERT(!exists(sub, "replay.html"));
	rep = st_slurp(sub, "report.html", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rep);
	CU_ASSERT_PTR_NULL(strstr(rep, "replay.html"));
	free(rep);
	char *man = st_slurp(sub, "manifest.txt", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(man);
	CU_ASSERT_PTR_NULL(strstr(man, "replay.html"));
	free(man);
	/* A run stopped early says so on its page, as its other files do. */
	CU_ASSERT_EQUAL_FATAL(st_sh("./offersim run " SEED " -q --no-plots --stop-if-missed"
				    " 'wait.mean<=1' -o %s/s > /dev/null", dir), 0);
	snprintf(sub, sizeof sub, "%s/s", dir);
	rep = st_slurp(sub, "replay.html", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rep);
	CU_ASSERT_PTR_NOT_NULL(strstr(rep, "\"stopped\": \"a stop condition on wait.mean\""));
	free(rep);
	/* A bad value is an input error with its place. */
	char *out = NULL, *err = NULL;
	int rc = st_capture(&out, &err, "./offersim validate " SEED
			    " --set metrics.replay_max_events=0");
	CU_ASSERT_EQUAL(rc, 2);
	CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "replay_max_events"));
	free(out);
	free(err);
	st_cleanup(dir);
}

static const struct test_case replay_cases[] = {
	{"replay: the seed's passes, offers, answers and tasks, row by row", test_seed_counts},
	{"replay: a window holds the full run's events in it, from the true state", test_window},
	{"replay: the cap ends on a whole instant and counts the rest", test_cap},
	{"replay: metrics.replay off leaves no page; report.html links to it", test_off_and_link},
	{NULL, NULL},
};

const struct test_suite suite_replay = {"replay", replay_cases};

/* --- suite viewer --- */

const char *viewer_missing(void);

const char *viewer_missing(void)
{
	static char why[256];
	char *out = NULL, *err = NULL;
	int rc = st_capture(&out, &err, "scripts/check-replay --which");
	if (rc == 0) {
		free(out);
		free(err);
		return NULL;
	}
	const char *s = out && strstr(out, "SKIPPED: ") ? strstr(out, "SKIPPED: ") + 9
			: "scripts/check-replay cannot run (python3 at /usr/bin)";
	snprintf(why, sizeof why, "%.*s", (int)strcspn(s, "\n"), s);
	free(out);
	free(err);
	return why;
}

static void test_viewer(void)
{
	char dir[ST_DIR];
	CU_ASSERT_EQUAL_FATAL(st_run(SEED, NULL, 0, dir, sizeof dir), 0);
	char *out = NULL, *err = NULL;
	int rc = st_capture(&out, &err, "scripts/check-replay %s traces/mapreduce-small.csv", dir);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "\nall passed\n"));
	CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "ok: the slider moves under the mouse"));
	CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "ok: no errors or warnings in the console"));
	CU_ASSERT_PTR_NULL(out && strstr(out, "FAIL"));
	if (rc)
		printf("\n%s%s", out ? out : "", err ? err : "");
	free(out);
	free(err);

	/* One start moved to another agent: the page still loads, but its
	 * agents no longer add up to tasks.csv, and the check says so. */
	char *html = st_slurp(dir, "replay.html", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	char *s = strstr(strstr(html, "\n@0\n"), "\nS 0 0 ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	s[5] = '2';
	char path[ST_DIR + 32];
	snprintf(path, sizeof path, "%s/replay.html", dir);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(html, f);
	CU_ASSERT_EQUAL(fclose(f), 0);
	free(html);
	rc = st_capture(&out, &err, "scripts/check-replay %s traces/mapreduce-small.csv", dir);
	CU_ASSERT_EQUAL(rc, 1);
	CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "FAIL: at 0.000000 s: 6 tasks on the agents"));
	CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "ok: no errors or warnings in the console"));
	free(out);
	free(err);
	st_cleanup(dir);
}

static const struct test_case viewer_cases[] = {
	{"viewer: loads clean, slider and steps move, agents add up to tasks.csv", test_viewer},
	{NULL, NULL},
};

const struct test_suite suite_viewer = {"viewer", viewer_cases};
