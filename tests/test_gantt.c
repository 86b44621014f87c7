/*
 * test_gantt.c - gantt.svg and queue.csv against what the run did: the
 * bars of a hand-computed case one by one, the seed example's bars against
 * tasks.csv (all of them, and a time window), the row cap on a large
 * cluster, the lanes of rows that several agents share (recomputed from
 * gantt.csv), the occupancy cells of a chart past 20,000 bars (also
 * recomputed from gantt.csv), and queue.csv's steps on the hand case.
 *
 * The SVG is read through its bars' data attributes (data-fw, data-job,
 * data-task, data-agent, data-start, data-end), which is also how a reader
 * can check a chart.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "simtest.h"

struct bar {
	char fw[32], agent[48];
	long long job, task;
	double start, end, y;
};

/* The value of attribute name in the tag from p to its '>', copied to
 * out; 0 when absent. */
static int attr(const char *p, const char *end, const char *name, char *out,
		size_t size)
{
	char key[48];
	snprintf(key, sizeof key, " %s=\"", name);
	const char *a = strstr(p, key);
	if (!a || a > end)
		return 0;
	a += strlen(key);
	const char *q = strchr(a, '"');
	if (!q || (size_t)(q - a) >= size)
		return 0;
	memcpy(out, a, (size_t)(q - a));
	out[q - a] = '\0';
	return 1;
}

/* Every bar of the chart in dir; returns how many (at most max). */
static int read_bars(const char *dir, struct bar *v, int max)
{
	char *svg = st_slurp(dir, "gantt.svg", NULL);
	if (!svg)
		return -1;
	int n = 0;
	for (const char *p = svg; (p = strstr(p, "<rect ")) != NULL; p++) {
		const char *end = strchr(p, '>');
		char buf[64];
		if (!end || !attr(p, end, "data-task", buf, sizeof buf))
			continue;
		if (n == max) {
			n++;
			break;
		}
		struct bar *b = &v[n++];
		b->task = atoll(buf);
		attr(p, end, "data-job", buf, sizeof buf);
		b->job = atoll(buf);
		attr(p, end, "data-start", buf, sizeof buf);
		b->start = atof(buf);
		attr(p, end, "data-end", buf, sizeof buf);
		b->end = atof(buf);
		attr(p, end, "y", buf, sizeof buf);
		b->y = atof(buf);
		if (!attr(p, end, "data-fw", b->fw, sizeof b->fw))
			b->fw[0] = '\0';
		if (!attr(p, end, "data-agent", b->agent, sizeof b->agent))
			b->agent[0] = '\0';
	}
	free(svg);
	return n;
}

static const struct bar *find_bar(const struct bar *v, int n, long long job,
				  long long task)
{
	for (int i = 0; i < n; i++)
		if (v[i].job == job && v[i].task == task)
			return &v[i];
	return NULL;
}

/* tests/data/gantt/hand.yaml works the schedule out by hand. */
static void test_hand_bars(void)
{
	char dir[64];
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/gantt/hand.yaml", NULL, 0, dir, sizeof dir), 0);
	struct bar v[16];
	int n = read_bars(dir, v, 16);
	CU_ASSERT_EQUAL(n, 5);
	static const struct {
		long long job, task;
		const char *agent;
		double start, end;
	} want[] = {
		{1, 0, "b", 0, 4}, {1, 1, "a", 0, 3}, {2, 0, "a", 3, 5},
		{2, 1, "b", 4, 5}, {3, 0, "a", 5, 6},
	};
	double ya = -1, yb = -1;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct bar *b = find_bar(v, n, want[i].job, want[i].task);
		CU_ASSERT_PTR_NOT_NULL_FATAL(b);
		CU_ASSERT_STRING_EQUAL(b->fw, "f");
		CU_ASSERT_STRING_EQUAL(b->agent, want[i].agent);
		CU_ASSERT_DOUBLE_EQUAL(b->start, want[i].start, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(b->end, want[i].end, 1e-9);
		/* One row per agent: every bar of an agent at its height
		 * (one task at a time here, so one lane), a above b. */
		double *y = strcmp(want[i].agent, "a") == 0 ? &ya : &yb;
		if (*y < 0)
			*y = b->y;
		CU_ASSERT_DOUBLE_EQUAL(b->y, *y, 1e-9);
	}
	CU_ASSERT(ya >= 0 && yb > ya);
	char *svg = st_slurp(dir, "gantt.svg", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
	/* The axis is in seconds and ends at the run's end. */
	CU_ASSERT_PTR_NOT_NULL(strstr(svg, "time (s); the chart ends at 6 s"));
	free(svg);
	st_cleanup(dir);
}

static void test_hand_queue(void)
{
	char dir[64];
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/gantt/hand.yaml", NULL, 0, dir, sizeof dir), 0);
	char *q = st_slurp(dir, "queue.csv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_STRING_EQUAL(q,
		"time,f.tasks,f.jobs\n"
		"0.000000,0,0\n"
		"1.000000,2,1\n"
		"2.000000,3,2\n"
		"3.000000,2,2\n"
		"4.000000,1,1\n"
		"5.000000,0,0\n"
		"6.000000,0,0\n");
	free(q);
	st_cleanup(dir);
}

struct row {
	char fw[32], agent[48];
	long long job, task;
	double start, end;
	int started;
};

/* tasks.csv: framework,job_id,task_id,attempt,agent,submit,start,end,... */
static int read_tasks(const char *dir, struct row *v, int max)
{
	char *csv = st_slurp(dir, "tasks.csv", NULL);
	if (!csv)
		return -1;
	int n = 0;
	char *save = NULL;
	strtok_r(csv, "\n", &save);   /* the header */
	for (char *l; (l = strtok_r(NULL, "\n", &save)) != NULL && n < max;) {
		struct row *r = &v[n++];
		char *f[9] = {0};
		int k = 0;
		for (char *p = l; k < 9; k++) {
			f[k] = p;
			p = strchr(p, ',');
			if (!p)
				break;
			*p++ = '\0';
		}
		snprintf(r->fw, sizeof r->fw, "%s", f[0]);
		r->job = atoll(f[1]);
		r->task = atoll(f[2]);
		snprintf(r->agent, sizeof r->agent, "%s", f[4] ? f[4] : "");
		r->started = f[6] && *f[6];
		r->start = r->started ? atof(f[6]) : -1;
		r->end = f[7] && *f[7] ? atof(f[7]) : -1;
	}
	free(csv);
	return n;
}

/* The seed example (no preemption, so one bar per task that started):
 * every bar is a task of tasks.csv on its agent with its times, and the
 * bars in a window are the tasks that ran in it. */
static void test_seed_against_tasks(void)
{
	static struct bar v[512];
	static struct row t[512];
	for (int pass = 0; pass < 2; pass++) {
		char dir[64];
		const char *win[] = {"metrics.gantt_from=20", "metrics.gantt_to=40"};
		CU_ASSERT_EQUAL_FATAL(st_run("examples/seed-hadoop.yaml", win,
					     pass ? 2 : 0, dir, sizeof dir), 0);
		int nb = read_bars(dir, v, 512), nt = read_tasks(dir, t, 512);
		CU_ASSERT_FATAL(nb > 0 && nb < 512 && nt > 0 && nt < 512);
		int want = 0;
		for (int i = 0; i < nt; i++) {
			if (!t[i].started)
				continue;
			if (pass && !(t[i].start < 40 && t[i].end > 20))
				continue;
			want++;
			const struct bar *b = find_bar(v, nb, t[i].job, t[i].task);
			CU_ASSERT_PTR_NOT_NULL_FATAL(b);
			CU_ASSERT_STRING_EQUAL(b->fw, t[i].fw);
			CU_ASSERT_STRING_EQUAL(b->agent, t[i].agent);
			CU_ASSERT_DOUBLE_EQUAL(b->start, t[i].start, 1e-6);
			CU_ASSERT_DOUBLE_EQUAL(b->end, t[i].end, 1e-6);
		}
		CU_ASSERT_EQUAL(nb, want);
		CU_ASSERT(pass ? want < nt : want == 84);
		char *svg = st_slurp(dir, "gantt.svg", NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
		CU_ASSERT_PTR_NOT_NULL(strstr(svg, pass ? "the chart ends at 40 s"
						       : "the chart ends at 116.4 s"));
		free(svg);
		st_cleanup(dir);
	}
}

/* 1000 agents: at most 64 rows, each naming the agents it groups. */
static void test_row_cap(void)
{
	char dir[64];
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/many-agents.yaml", NULL, 0, dir, sizeof dir), 0);
	char *csv = st_slurp(dir, "gantt.csv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	CU_ASSERT_PTR_NOT_NULL(strstr(csv, "\n"));
	free(csv);
	char *svg = st_slurp(dir, "gantt.svg", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
	int labels = 0;
	for (const char *p = svg; (p = strstr(p, "text-anchor=\"end\"")) != NULL; p++)
		labels++;
	CU_ASSERT(labels > 0 && labels <= 64);
	CU_ASSERT_PTR_NOT_NULL(strstr(svg, "16 agents per row"));
	free(svg);
	st_cleanup(dir);
}


struct lbar {
	int row, lane, running;
	long long start, end;     /* µs */
	int order;                /* line in gantt.csv */
};

static long long usec(const char *s)
{
	/* "%.6f" seconds, read exactly */
	long long whole = atoll(s);
	const char *dot = strchr(s, '.');
	long long frac = dot ? atoll(dot + 1) : 0;
	return whole * 1000000 + (s[0] == '-' ? -frac : frac);
}

static int by_start(const void *pa, const void *pb)
{
	const struct lbar *a = pa, *b = pb;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return a->order - b->order;
}

/*
 * tests/data/gantt/lanes.yaml, 4 agents a row: every bar of gantt.csv in
 * a lane the rule of gantt.h gives it, recomputed here from the file.  A
 * row is replayed in order of start: at each instant the bars that ended
 * by then free their lanes (task ends come before launches at an
 * instant, evq.h), then the bars that start then take lanes one by one,
 * each the lowest lane no running bar holds, or with all 16 held the
 * one held by the fewest.  Bars starting at one instant start in an
 * order the file does not tell, but the lanes they take together do not
 * depend on it, so the group's lanes must be that multiset.  Each row has
 * exactly as many lanes as the most bars it holds at one instant; rows
 * come in the order the bars ended.
 */
static void test_lanes_shared_rows(void)
{
	char dir[64];
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/gantt/lanes.yaml", NULL, 0, dir, sizeof dir), 0);
	char *csv = st_slurp(dir, "gantt.csv", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	size_t cap = 8192, n = 0;
	struct lbar *v = malloc(cap * sizeof *v);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	char *save = NULL;
	strtok_r(csv, "\n", &save);
	int ordered = 1;
	long long last_end = -1;
	for (char *l; (l = strtok_r(NULL, "\n", &save)) != NULL && n < cap;) {
		/* row,lane,agent,framework,job_id,task_id,priority,start,end,colour,running */
		char *f[11] = {0};
		int k = 0;
		for (char *p = l; p && k < 11; k++) {
			f[k] = p;
			p = strchr(p, ',');
			if (p)
				*p++ = '\0';
		}
		CU_ASSERT_FATAL(k == 11);
		struct lbar *b = &v[n];
		b->row = atoi(f[0]);
		b->lane = atoi(f[1]);
		b->start = usec(f[7]);
		b->end = usec(f[8]);
		b->running = atoi(f[10]);
		b->order = (int)n++;
		if (!b->running) {
			ordered &= b->end >= last_end;
			last_end = b->end;
		}
	}
	free(csv);
	CU_ASSERT(n > 5000 && n < cap);
	CU_ASSERT(ordered);
	int want_lane = (int)n;   /* bars whose lane is not the rule's */
	qsort(v, n, sizeof *v, by_start);
	int cur = -1, lanes = 0, most = 0, rows = 0, full = 0, shared = 0;
	size_t row_from = 0;
	for (size_t i = 0; i <= n;) {
		if (i == n || v[i].row != cur) {
			if (cur >= 0) {
				/* as many lanes as bars at once, up to 16 */
				CU_ASSERT_EQUAL(lanes, most < 16 ? most : 16);
				rows++;
				full += most >= 16;
			}
			if (i == n)
				break;
			cur = v[i].row;
			row_from = i;
			lanes = most = 0;
		}
		/* The group of bars of this row starting at v[i].start. */
		size_t g = i;
		while (g < n && v[g].row == cur && v[g].start == v[i].start)
			g++;
		/* Lanes held at that instant: the row's earlier bars that end
		 * after it. */
		int busy[16] = {0};
		for (size_t j = row_from; j < i; j++)
			if (v[j].end > v[i].start && v[j].lane >= 0 && v[j].lane < 16)
				busy[v[j].lane]++;
		int want[16] = {0};
		for (size_t k = i; k < g; k++) {
			int best = 0;
			for (int j = 0; j < 16; j++) {
				if (!busy[j]) {
					best = j;
					break;
				}
				if (busy[j] < busy[best])
					best = j;
			}
			shared += busy[best] > 0;
			busy[best]++;
			want[best]++;
			if (best + 1 > lanes)
				lanes = best + 1;
		}
		for (size_t k = i; k < g; k++)
			if (v[k].lane >= 0 && v[k].lane < 16 && want[v[k].lane] > 0) {
				want[v[k].lane]--;
				want_lane--;
			}
		/* bars of this row running at the group's instant */
		int at_once = (int)(g - i);
		for (size_t j = row_from; j < i; j++)
			at_once += v[j].end > v[i].start;
		if (at_once > most)
			most = at_once;
		i = g;
	}
	CU_ASSERT_EQUAL(want_lane, 0);
	CU_ASSERT_EQUAL(rows, 50);
	CU_ASSERT(full < rows);   /* some rows need fewer than 16 lanes */
	CU_ASSERT(shared > 0);    /* and some bars share a lane */
	free(v);
	st_cleanup(dir);
}

/*
 * tests/data/gantt/occupancy.yaml, past 20,000 bars: every shaded cell of
 * gantt.svg recomputed from gantt.csv (the same bars, in the same order,
 * read from the text instead of the chart's scratch file), its busy
 * task-seconds per row and bin as the chart's rule says, printed with
 * printf: the same text, cell for cell.
 */
static void test_occupancy_from_csv(void)
{
	char dir[64];
	CU_ASSERT_EQUAL_FATAL(st_run("tests/data/gantt/occupancy.yaml", NULL, 0, dir, sizeof dir), 0);
	char *csv = st_slurp(dir, "gantt.csv", NULL);
	char *svg = st_slurp(dir, "gantt.svg", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
	CU_ASSERT_PTR_NOT_NULL(strstr(svg, "21000 bars"));
	CU_ASSERT_PTR_NOT_NULL(strstr(svg, "drawn as occupancy"));
	enum { ROWS = 30, BINS = 400 };
	static long long st[21000], en[21000];
	static int row[21000];
	int n = 0;
	long long last = 0;
	char *save = NULL;
	strtok_r(csv, "\n", &save);
	for (char *l; (l = strtok_r(NULL, "\n", &save)) != NULL && n < 21000; n++) {
		char *f[11] = {0};
		int k = 0;
		for (char *p = l; p && k < 11; k++) {
			f[k] = p;
			p = strchr(p, ',');
			if (p)
				*p++ = '\0';
		}
		row[n] = atoi(f[0]);
		st[n] = usec(f[7]);
		en[n] = usec(f[8]);
		if (en[n] > last)
			last = en[n];
	}
	CU_ASSERT_EQUAL_FATAL(n, 21000);
	/* The run ends with its last task here: the window is 0 .. last. */
	double from = 0, to = (double)last / 1e6, bw = (to - from) / BINS;
	static double busy[ROWS * BINS];
	for (int i = 0; i < n; i++) {
		double s = fmax((double)st[i] / 1e6, from);
		double e = fmin((double)en[i] / 1e6, to);
		if (e <= s)
			continue;
		int k0 = (int)((s - from) / bw), k1 = (int)((e - from) / bw);
		if (k1 >= BINS)
			k1 = BINS - 1;
		for (int k = k0; k <= k1; k++) {
			double lo = from + k * bw, hi = lo + bw;
			double o = fmin(e, hi) - fmax(s, lo);
			if (o > 0)
				busy[row[i] * BINS + k] += o;
		}
	}
	double top = 0;
	for (int i = 0; i < ROWS * BINS; i++)
		top = fmax(top, busy[i]);
	/* The cells in the SVG's order (rows, then bins), each one's x,
	 * width and shade compared; y and height follow the row layout. */
	const char *p = strstr(svg, "fill=\"#4e79a7\" fill-opacity=");
	int cells = 0, same = 0;
	const double plot_w = 1000.0 - 130.0 - 30.0;
	for (int r = 0; r < ROWS; r++)
		for (int k = 0; k < BINS; k++) {
			double v = busy[r * BINS + k];
			if (v <= 0)
				continue;
			cells++;
			char want[128];
			snprintf(want, sizeof want, "<rect x=\"%.2f\" y=\"",
				 130.0 + k * plot_w / BINS);
			const char *rect = p ? p : svg;
			while (rect > svg && strncmp(rect, "<rect", 5))
				rect--;
			char shade[64];
			snprintf(shade, sizeof shade, "fill-opacity=\"%.3f\"/>",
				 0.1 + 0.9 * v / top);
			const char *eol = p ? strchr(p, '\n') : NULL;
			if (p && eol && !strncmp(rect, want, strlen(want)) &&
			    strstr(p, shade) && strstr(p, shade) < eol)
				same++;
			p = p ? strstr(p + 1, "fill=\"#4e79a7\" fill-opacity=") : NULL;
		}
	CU_ASSERT(cells > 1000);
	CU_ASSERT_EQUAL(same, cells);
	CU_ASSERT_PTR_NULL(p);    /* no cell more than recomputed */
	free(csv);
	free(svg);
	st_cleanup(dir);
}

static const struct test_case cases[] = {
	{"hand case: each bar's agent, start and end", test_hand_bars},
	{"hand case: queue.csv steps", test_hand_queue},
	{"seed example: bars equal tasks.csv, whole run and a window",
	 test_seed_against_tasks},
	{"1000 agents: at most 64 rows", test_row_cap},
	{"agents sharing rows: every lane by the rule, lanes = most at once",
	 test_lanes_shared_rows},
	{"past 20,000 bars: every occupancy cell as recomputed from gantt.csv",
	 test_occupancy_from_csv},
	{NULL, NULL},
};

const struct test_suite suite_gantt = {"gantt", cases};
