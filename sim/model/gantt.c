/*
 * gantt.c - record where and when tasks ran, and draw it (see gantt.h).
 *
 * The SVG is written by hand: a fixed layout (names on the left, one row
 * per agent or group, the time axis below, a legend under it), no fonts
 * but the viewer's sans-serif, no script.  Each bar carries its data as
 * attributes (data-fw, data-job, data-task, data-agent, data-start,
 * data-end, in seconds) and a <title> tooltip, so a reader and the tests
 * can check every bar against tasks.csv.
 *
 * The time axis picks its unit from the window's span (s up to 5 min,
 * min up to 5 h, h up to 3 days, then days) and puts ticks at 1, 2 or 5
 * times a power of ten of that unit; it ends at the window's end, which
 * is the run's end unless metrics.gantt_to says otherwise.
 */
#include "gantt.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../config/scenario.h"
#include "../core/diag.h"
#include "../core/err.h"
#include "../core/fmt.h"
#include "../core/outfile.h"
#include "task.h"
#include "world.h"

void gantt_release(struct gantt *g)
{
	free(g->v);
	memset(g, 0, sizeof *g);
}

static int add_bar(struct world *w, const struct task *t, int running)
{
	struct gantt *g = &w->gantt;
	if (g->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 256;
		struct gantt_bar *v = realloc(g->v, cap * sizeof *v);
		if (!v)
			return OS_ENOMEM;
		g->v = v;
		g->cap = cap;
	}
	struct gantt_bar *b = &g->v[g->n++];
	b->start = t->pt.start;
	b->end = w->now;
	b->job = t->pt.job_id;
	b->task = t->pt.task_id;
	b->agent = t->agent;
	b->fw = t->fw;
	b->priority = t->pt.priority;
	b->running = running;
	return 0;
}

void gantt_task_stopped(struct world *w, const struct task *t)
{
	if (add_bar(w, t, 0))
		w->failed = OS_ENOMEM;
}

/* Ten colours that stay apart on screen and in print (Tableau 10). */
static const char *const palette[10] = {
	"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
};

static int colour_of(const struct world *w, const struct gantt_bar *b)
{
	long long k;
	switch (w->sc->gantt_color) {
	case GANTT_COLOR_JOB: k = b->job; break;
	case GANTT_COLOR_PRIORITY: k = b->priority; break;
	default: k = b->fw; break;
	}
	k %= 10;
	return (int)(k < 0 ? k + 10 : k);
}

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

/*
 * Numbers of the per-bar lines, through the integer formatter: a chart of
 * many bars spent most of a run's time in printf's floating-point path.
 * A coordinate is written with two decimals (rounded half away from zero),
 * a time in µs as seconds with six (exact) or three (rounded) decimals.
 */
static void put_fix2(FILE *f, double v)
{
	char buf[32];
	struct fmtbuf b = {buf, buf + sizeof buf};
	fmt_fixed(&b, (int64_t)llround(v * 100), 2);
	fwrite(buf, 1, (size_t)(b.p - buf), f);
}

static void put_i64(FILE *f, int64_t v)
{
	char buf[24];
	struct fmtbuf b = {buf, buf + sizeof buf};
	fmt_i64(&b, v);
	fwrite(buf, 1, (size_t)(b.p - buf), f);
}

static void put_sec(FILE *f, simtime_t t, int digits)
{
	char buf[32];
	struct fmtbuf b = {buf, buf + sizeof buf};
	if (digits == 6) {
		fmt_fixed(&b, t, 6);
	} else {
		int64_t ms = t >= 0 ? (t + 500) / 1000 : -((-t + 500) / 1000);
		fmt_fixed(&b, ms, 3);
	}
	fwrite(buf, 1, (size_t)(b.p - buf), f);
}

/* The axis unit for a span of seconds: its name and length in seconds. */
static void pick_unit(double span, const char **name, double *len)
{
	if (span <= 300) {
		*name = "s"; *len = 1;
	} else if (span <= 5 * 3600) {
		*name = "min"; *len = 60;
	} else if (span <= 3 * 86400) {
		*name = "h"; *len = 3600;
	} else {
		*name = "days"; *len = 86400;
	}
}

/* A round tick step (1, 2 or 5 x 10^k) giving at most about 10 ticks. */
static double tick_step(double span)
{
	if (!(span > 0))
		return 1;
	double raw = span / 10;
	double p = pow(10, floor(log10(raw)));
	double m = raw / p;
	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/* Layout, in SVG user units (pixels). */
#define G_LEFT 130.0
#define G_RIGHT 30.0
#define G_TOP 50.0
#define G_WIDTH 1000.0
#define G_BINS 400

#define G_MAX_LANES 16

/* Each row is split into lanes, one per task running at once, so that
 * an agent's concurrent tasks sit one above the other: as many lanes as
 * the row ever ran tasks at once, up to G_MAX_LANES (past it, bars share
 * the lane that frees first and overlap). */
struct layout {
	double from, to;          /* window, s */
	double plot_w, lane_h;
	int rows, per_row;        /* agents per row */
	double *row_y, *row_h;    /* per row */
	int *lanes;               /* per row */
	int *lane;                /* per bar (index into the chart's bars) */
};

static double xpos(const struct layout *l, double s)
{
	if (s < l->from)
		s = l->from;
	if (s > l->to)
		s = l->to;
	double span = l->to - l->from;
	return G_LEFT + (span > 0 ? (s - l->from) / span * l->plot_w : 0);
}

static int in_window(const struct layout *l, const struct gantt_bar *b)
{
	double s = simtime_to_sec(b->start), e = simtime_to_sec(b->end);
	if (s == e)
		return s >= l->from && s <= l->to;
	return s < l->to && e > l->from;
}

struct bar_key {
	simtime_t start, end;
	int agent;
	size_t i;                 /* index into the chart's bars */
};

static int by_row_start(const void *pa, const void *pb)
{
	const struct bar_key *a = pa, *b = pb;
	if (a->agent != b->agent)
		return a->agent < b->agent ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	/* Record order last: every tie is broken, whatever qsort does. */
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Lanes: per row, bars by start, each in the lowest lane free by then. */
static int assign_lanes(const struct world *w, struct layout *l)
{
	const struct gantt *g = &w->gantt;
	struct bar_key *ord = malloc((g->n ? g->n : 1) * sizeof *ord);
	l->lane = calloc(g->n ? g->n : 1, sizeof *l->lane);
	l->lanes = calloc((size_t)l->rows, sizeof *l->lanes);
	l->row_y = calloc((size_t)l->rows, sizeof *l->row_y);
	l->row_h = calloc((size_t)l->rows, sizeof *l->row_h);
	if (!ord || !l->lane || !l->lanes || !l->row_y || !l->row_h) {
		free(ord);
		return OS_ENOMEM;
	}
	size_t n = 0;
	for (size_t i = 0; i < g->n; i++)
		if (in_window(l, &g->v[i]))
			ord[n++] = (struct bar_key){g->v[i].start, g->v[i].end,
						    g->v[i].agent, i};
	/* Rows group consecutive agents, so agent order is row order. */
	qsort(ord, n, sizeof *ord, by_row_start);
	simtime_t lane_end[G_MAX_LANES];
	int cur = -1;
	for (size_t k = 0; k < n; k++) {
		const struct gantt_bar *b = &g->v[ord[k].i];
		int r = b->agent / l->per_row;
		if (r != cur) {
			cur = r;
			for (int j = 0; j < G_MAX_LANES; j++)
				lane_end[j] = INT64_MIN;
		}
		int best = 0;
		for (int j = 0; j < G_MAX_LANES; j++) {
			if (lane_end[j] <= b->start) {
				best = j;
				break;
			}
			if (lane_end[j] < lane_end[best])
				best = j;
		}
		if (b->end > lane_end[best])
			lane_end[best] = b->end;
		l->lane[ord[k].i] = best;
		if (best + 1 > l->lanes[r])
			l->lanes[r] = best + 1;
	}
	free(ord);
	int total = 0;
	for (int r = 0; r < l->rows; r++) {
		if (l->lanes[r] == 0)
			l->lanes[r] = 1;
		total += l->lanes[r];
	}
	l->lane_h = fmin(18, fmax(4, 360.0 / total));
	double y = G_TOP;
	for (int r = 0; r < l->rows; r++) {
		l->row_y[r] = y;
		l->row_h[r] = l->lanes[r] * l->lane_h + 6;
		y += l->row_h[r];
	}
	return 0;
}

static void layout_release(struct layout *l)
{
	free(l->lane);
	free(l->lanes);
	free(l->row_y);
	free(l->row_h);
}

static void row_label(const struct world *w, const struct layout *l, int r,
		      char *buf, size_t size)
{
	int a0 = r * l->per_row, a1 = a0 + l->per_row - 1;
	if (a1 >= w->nagents)
		a1 = w->nagents - 1;
	if (a0 == a1)
		snprintf(buf, size, "%s", w->agents[a0].name);
	else
		snprintf(buf, size, "%s..%s", w->agents[a0].name,
			 w->agents[a1].name);
}

/* A bar's framework, job, task, agent, start and end, each after its
 * lead text: once as the rect's data-* attributes (for scripts reading
 * the chart), once as its tooltip (for people). */
static const char *const bar_attrs[6] = {
	" stroke=\"#ffffff\" stroke-width=\"0.5\" data-fw=\"", "\" data-job=\"",
	"\" data-task=\"", "\" data-agent=\"", "\" data-start=\"", "\" data-end=\"",
};
static const char *const bar_title[6] = {
	"", " job ", " task ", " on ", ": ", " to ",
};

static void put_bar_fields(FILE *f, const struct world *w,
			   const struct gantt_bar *b, const char *const lead[6],
			   int digits)
{
	fputs(lead[0], f);
	xml_text(f, w->fws[b->fw].name);
	fputs(lead[1], f);
	put_i64(f, b->job);
	fputs(lead[2], f);
	put_i64(f, b->task);
	fputs(lead[3], f);
	xml_text(f, w->agents[b->agent].name);
	fputs(lead[4], f);
	put_sec(f, b->start, digits);
	fputs(lead[5], f);
	put_sec(f, b->end, digits);
}

static void write_bars(FILE *f, const struct world *w, const struct layout *l)
{
	const struct gantt *g = &w->gantt;
	const char *op = l->per_row > 1 ? " fill-opacity=\"0.5\"" : "";
	for (size_t i = 0; i < g->n; i++) {
		const struct gantt_bar *b = &g->v[i];
		if (!in_window(l, b))
			continue;
		double s = simtime_to_sec(b->start), e = simtime_to_sec(b->end);
		double x0 = xpos(l, s), x1 = xpos(l, e);
		int r = b->agent / l->per_row;
		double y = l->row_y[r] + 3 + l->lane[i] * l->lane_h;
		fputs("<rect x=\"", f);
		put_fix2(f, x0);
		fputs("\" y=\"", f);
		put_fix2(f, y);
		fputs("\" width=\"", f);
		put_fix2(f, x1 - x0 > 0.5 ? x1 - x0 : 0.5);
		fputs("\" height=\"", f);
		put_fix2(f, l->lane_h);
		fprintf(f, "\" fill=\"%s\"%s", palette[colour_of(w, b)], op);
		put_bar_fields(f, w, b, bar_attrs, 6);
		fputs(b->running ? "\" data-running=\"1\"><title>" : "\"><title>", f);
		put_bar_fields(f, w, b, bar_title, 3);
		fputs(b->running ? " s (still running)</title></rect>\n" : " s</title></rect>\n", f);
	}
}

/* Too many bars: each row's busy task-seconds per time bin, as a shade
 * relative to the busiest bin of the chart. */
static int write_occupancy(FILE *f, const struct world *w,
			   const struct layout *l)
{
	double *busy = calloc((size_t)l->rows * G_BINS, sizeof *busy);
	if (!busy)
		return OS_ENOMEM;
	double span = l->to - l->from, bw = span / G_BINS, top = 0;
	const struct gantt *g = &w->gantt;
	for (size_t i = 0; i < g->n && bw > 0; i++) {
		const struct gantt_bar *b = &g->v[i];
		double s = fmax(simtime_to_sec(b->start), l->from);
		double e = fmin(simtime_to_sec(b->end), l->to);
		if (e <= s)
			continue;
		double *row = busy + (size_t)(b->agent / l->per_row) * G_BINS;
		int k0 = (int)((s - l->from) / bw), k1 = (int)((e - l->from) / bw);
		if (k1 >= G_BINS)
			k1 = G_BINS - 1;
		for (int k = k0; k <= k1; k++) {
			double lo = l->from + k * bw, hi = lo + bw;
			double o = fmin(e, hi) - fmax(s, lo);
			if (o > 0)
				row[k] += o;
		}
	}
	for (size_t i = 0; i < (size_t)l->rows * G_BINS; i++)
		top = fmax(top, busy[i]);
	for (int r = 0; r < l->rows; r++)
		for (int k = 0; k < G_BINS && top > 0; k++) {
			double v = busy[(size_t)r * G_BINS + k];
			if (v <= 0)
				continue;
			fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\" fill-opacity=\"%.3f\"/>\n",
				G_LEFT + k * l->plot_w / G_BINS,
				l->row_y[r] + 3,
				l->plot_w / G_BINS, l->row_h[r] - 6, palette[0],
				0.1 + 0.9 * v / top);
		}
	free(busy);
	return 0;
}

static int write_svg(FILE *f, const struct world *w, const struct layout *l,
		     size_t nbars)
{
	int rc = 0;
	double axis_y = l->row_y[l->rows - 1] + l->row_h[l->rows - 1];
	int nleg = w->sc->gantt_color == GANTT_COLOR_FRAMEWORK ? w->nfws : 0;
	int leg_rows = (nleg + 5) / 6;
	double height = axis_y + 70 + leg_rows * 20;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n",
		G_WIDTH, height, G_WIDTH, height);
	fputs("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n", f);
	fputs("<text x=\"10\" y=\"22\" font-size=\"15\">", f);
	xml_text(f, w->sc->name ? w->sc->name : "");
	static const char *const by[] = {"framework", "job", "priority"};
	fprintf(f, ": tasks on agents, coloured by %s", by[w->sc->gantt_color]);
	fputs("</text>\n", f);
	fprintf(f, "<text x=\"10\" y=\"40\" fill=\"#555555\">%zu bar%s (a bar is a stretch a task ran on an agent)",
		nbars, nbars == 1 ? "" : "s");
	if (l->per_row > 1)
		fprintf(f, "; %d agents per row, bars overlap", l->per_row);
	if (nbars > GANTT_MAX_BARS)
		fprintf(f, "; more than %d: drawn as occupancy per row and time bin",
			GANTT_MAX_BARS);
	fputs("</text>\n", f);
	/* Row bands and labels. */
	for (int r = 0; r < l->rows; r++) {
		char name[128];
		row_label(w, l, r, name, sizeof name);
		double y = l->row_y[r], h = l->row_h[r];
		if (r % 2 == 0)
			fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#eeeeee\"/>\n",
				G_LEFT, y, l->plot_w, h);
		if (h >= 9 || r % (int)ceil(9 / h) == 0) {
			fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"%.0f\">",
				G_LEFT - 6, y + h / 2, h >= 14 ? 12.0 : 9.0);
			xml_text(f, name);
			fputs("</text>\n", f);
		}
	}
	/* Ticks and grid lines. */
	const char *unit;
	double ulen;
	double span = l->to - l->from;
	pick_unit(span, &unit, &ulen);
	double step = tick_step(span / ulen) * ulen;
	for (double t = ceil(l->from / step - 1e-9) * step; t <= l->to + 1e-9;
	     t += step) {
		double x = xpos(l, t);
		fprintf(f, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#cccccc\"/>\n",
			x, G_TOP, x, axis_y + 5);
		double v = t / ulen;
		fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">%g</text>\n",
			x, axis_y + 18, fabs(v) < 1e-9 ? 0.0 : v);
	}
	fprintf(f, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#333333\"/>\n",
		G_LEFT, axis_y, G_LEFT + l->plot_w, axis_y);
	fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">time (%s); the chart ends at %g %s</text>\n",
		G_LEFT + l->plot_w / 2, axis_y + 38, unit, l->to / ulen, unit);
	if (nbars > GANTT_MAX_BARS)
		rc = write_occupancy(f, w, l);
	else
		write_bars(f, w, l);
	for (int i = 0; i < nleg; i++) {
		double x = G_LEFT + (i % 6) * 140, y = axis_y + 52 + (i / 6) * 20;
		fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"14\" height=\"12\" fill=\"%s\"/>\n",
			x, y, palette[i % 10]);
		fprintf(f, "<text x=\"%.2f\" y=\"%.2f\">", x + 20, y + 11);
		xml_text(f, w->fws[i].name);
		fputs("</text>\n", f);
	}
	fputs("</svg>\n", f);
	return rc;
}

/* gantt.csv: the bars of the window, one row each. */
static void write_csv(FILE *f, const struct world *w, const struct layout *l)
{
	fputs("row,lane,agent,framework,job_id,task_id,priority,start,end,colour,running\n", f);
	const struct gantt *g = &w->gantt;
	for (size_t i = 0; i < g->n; i++) {
		const struct gantt_bar *b = &g->v[i];
		if (!in_window(l, b))
			continue;
		fprintf(f, "%d,%d,%s,%s,", b->agent / l->per_row, l->lane[i],
			w->agents[b->agent].name, w->fws[b->fw].name);
		put_i64(f, b->job);
		fputc(',', f);
		put_i64(f, b->task);
		fputc(',', f);
		put_i64(f, b->priority);
		fputc(',', f);
		put_sec(f, b->start, 6);
		fputc(',', f);
		put_sec(f, b->end, 6);
		fprintf(f, ",%d,%d\n", colour_of(w, b), b->running);
	}
}

static const char *const out_names[2] = {"gantt.svg", "gantt.csv"};

int gantt_finish(struct world *w, const char *dir)
{
	for (int i = 0; i < w->nfws; i++)
		for (uint32_t id = w->fws[i].run_head; id != POOL_NONE;
		     id = W_TASK(w, id)->run_next)
			if (add_bar(w, W_TASK(w, id), 1))
				return OS_ENOMEM;
	struct layout l = {0};
	l.from = w->sc->gantt_from;
	l.to = simtime_to_sec(w->now);
	if (w->sc->gantt_to > 0 && w->sc->gantt_to < l.to)
		l.to = w->sc->gantt_to;
	if (l.to < l.from)
		l.to = l.from;
	int na = w->nagents > 0 ? w->nagents : 1;
	l.per_row = (na + GANTT_MAX_ROWS - 1) / GANTT_MAX_ROWS;
	l.rows = (na + l.per_row - 1) / l.per_row;
	l.plot_w = G_WIDTH - G_LEFT - G_RIGHT;
	size_t nbars = 0;
	for (size_t i = 0; i < w->gantt.n; i++)
		nbars += in_window(&l, &w->gantt.v[i]);

	int rc = assign_lanes(w, &l);
	for (int k = 0; k < 2 && rc == 0; k++) {
		/* Written whole or not at all, through the one output writer
		 * (its registry lets a signal delete the temporary). */
		char *fin = outfile_path(dir, out_names[k]);
		if (!fin) {
			rc = OS_ENOMEM;
			break;
		}
		struct outfile o;
		int e = outfile_open(&o, fin, 0);
		if (e) {
			diag_error(w->diag, fin, 0, 0, "cannot write: %s",
				   strerror(-e));
			rc = e == -ENOMEM ? OS_ENOMEM : OS_EWRITE;
		} else {
			if (w->nagents > 0 && k == 0)
				rc = write_svg(o.f, w, &l, nbars);
			else if (k == 1)
				write_csv(o.f, w, &l);
			if (rc) {
				outfile_abort(&o);
			} else if ((e = outfile_commit(&o)) != 0) {
				diag_error(w->diag, fin, 0, 0, "cannot write: %s",
					   strerror(-e));
				rc = OS_EWRITE;
			}
		}
		free(fin);
	}
	layout_release(&l);
	return rc;
}

void gantt_abort(const char *dir)
{
	/* A failed run leaves no chart: its temporaries were aborted where
	 * they failed; an earlier run's chart must not pass for this one's. */
	for (int k = 0; k < 2; k++) {
		char *fin = outfile_path(dir, out_names[k]);
		if (fin)
			unlink(fin);
		free(fin);
	}
}
