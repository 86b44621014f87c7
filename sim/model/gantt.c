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
 *
 * Lanes are given when a task starts (gantt_task_started, rule in
 * gantt.h), from what has happened only, so a bar's row is written the
 * moment the task stops: nothing waits, and memory follows the lanes of
 * the rows, not the tasks in flight or the length of the run.  The row
 * goes through the row pipe (sim/core/rowpipe.h) as a record, formatted
 * by fmt_bar_row, on a second processor when there is one.  Past
 * GANTT_MAX_BARS bars the SVG draws occupancy instead, from each bar's
 * times and row in a scratch file; the same record carries those, so
 * they are written there on that processor too, and so are the bars the
 * SVG keeps before that.
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
#include "../core/rowpipe.h"
#include "task.h"
#include "world.h"

#define G_MAX_LANES 16

/* A bar's start, end and row in the scratch file of the occupancy. */
struct spilled {
	simtime_t start, end;
	int64_t row;
};

static const char *const out_names[2] = {"gantt.svg", "gantt.csv"};

void gantt_release(struct gantt *g)
{
	if (g->open)
		outfile_abort(&g->csv);
	if (g->spill)
		fclose(g->spill);
	free(g->spill_out);
	free(g->out);
	free(g->lane_busy);
	free(g->lanes);
	free(g->keep);
	free(g->dir);
	memset(g, 0, sizeof *g);
}

int gantt_open(struct world *w, const char *dir)
{
	struct gantt *g = &w->gantt;
	int na = w->nagents > 0 ? w->nagents : 1;
	g->per_row = (na + GANTT_MAX_ROWS - 1) / GANTT_MAX_ROWS;
	g->rows = (na + g->per_row - 1) / g->per_row;
	g->from = w->sc->gantt_from;
	g->to = w->sc->gantt_to > 0 ? w->sc->gantt_to : INFINITY;
	g->dir = strdup(dir);
	g->out = malloc(sizeof *g->out);
	g->lane_busy = calloc((size_t)g->rows * G_MAX_LANES, sizeof *g->lane_busy);
	g->lanes = calloc((size_t)g->rows, sizeof *g->lanes);
	g->keep = malloc((GANTT_MAX_BARS + 1) * sizeof *g->keep);
	if (!g->dir || !g->out || !g->lane_busy || !g->lanes || !g->keep)
		return OS_ENOMEM;
	for (int k = 0; k < 2; k++) {
		/* An earlier run's chart must not pass for this one's. */
		char *fin = outfile_path(dir, out_names[k]);
		if (!fin)
			return OS_ENOMEM;
		unlink(fin);
		int e = k == 1 ? outfile_open(&g->csv, fin, 0) : 0;
		if (e) {
			diag_error(w->diag, fin, 0, 0, "cannot write: %s",
				   strerror(-e));
			free(fin);
			return e == -ENOMEM ? OS_ENOMEM : OS_EWRITE;
		}
		free(fin);
	}
	g->open = 1;
	g->out->f = g->csv.f;
	g->out->n = 0;
	fputs("row,lane,agent,framework,job_id,task_id,priority,start,end,colour,running\n",
	      g->csv.f);
	return 0;
}

/*
 * Whether a bar is in the window.  The window's end is the run's end
 * unless metrics.gantt_to comes first, and no bar ends after the run, so
 * a bar's start and end decide it already against metrics.gantt_to alone
 * (the same doubles and the same comparisons as against the final end).
 */
static int in_window_at(double from, double to, simtime_t start, simtime_t end)
{
	if (to < from)
		to = from;
	double s = simtime_to_sec(start), e = simtime_to_sec(end);
	if (s == e)
		return s >= from && s <= to;
	return s < to && e > from;
}

static void put_csv_row(struct gantt *g, const struct world *w,
			const struct gantt_bar *b);

/* A bar's times and row into the scratch file, in blocks (a write error
 * shows when the file is read back).  Once the file is open, this runs
 * where the bar's row of gantt.csv is formatted (fmt_bar_row), so on the
 * row pipe's thread when there is one. */
static void spill(struct fmtout *out, simtime_t start, simtime_t end,
		  int64_t row)
{
	struct spilled x = {start, end, row};
	struct fmtbuf o = fmt_out_row(out, sizeof x);
	fmt_mem(&o, (const char *)&x, sizeof x);
	fmt_out_end(out, &o);
}

/* The kept bars' times and rows into the scratch file, when the bar one
 * too many to draw came: a record on the row pipe (after the records that
 * filled the bars in), so on its thread when there is one. */
struct spill_all_rec {
	const struct gantt_bar *keep;
	size_t n;
	int per_row;
};

static void fmt_spill_all(struct fmtout *out, const void *rec)
{
	const struct spill_all_rec *a = rec;
	for (size_t i = 0; i < a->n; i++)
		spill(out, a->keep[i].start, a->keep[i].end,
		      a->keep[i].agent / a->per_row);
}

/* What the SVG needs of the bar just put (put_csv_row): the bar itself,
 * while there are few, which its row record fills in; or its times and
 * row in the scratch file, which the record writes once the file is
 * open.  Past GANTT_MAX_BARS the file is opened and the kept bars go
 * there.  Neither the bars nor the file are touched here: the records do
 * it, where the rows are formatted, so a run's first touch of the bars'
 * memory (a page fault per 4 KB) is not on the simulation's thread. */
static int keep_for_svg(struct world *w)
{
	struct gantt *g = &w->gantt;
	if (g->spill || g->nkeep <= GANTT_MAX_BARS)
		return 0;
	/* One too many to draw: the SVG will show occupancy, which needs
	 * only times and rows, so those go to disk from now on.  The
	 * scratch file is unlinked at once: it can never be left behind. */
	char *p = outfile_path(g->dir, ".gantt-bars.tmp");
	if (!p)
		return OS_ENOMEM;
	g->spill = fopen(p, "w+b");
	if (g->spill)
		unlink(p);
	else
		diag_error(w->diag, p, 0, 0, "cannot write: %s", strerror(errno));
	free(p);
	if (!g->spill)
		return OS_EWRITE;
	if (!(g->spill_out = malloc(sizeof *g->spill_out)))
		return OS_ENOMEM;
	g->spill_out->f = g->spill;
	g->spill_out->n = 0;
	struct spill_all_rec *a = rowpipe_put(w->rows, fmt_spill_all,
					      g->spill_out, sizeof *a);
	a->keep = g->keep;
	a->n = g->nkeep;
	a->per_row = g->per_row;
	rowpipe_done(w->rows);
	g->nkeep = 0;
	return 0;
}

/*
 * The lowest lane of t's row that no running task holds, or, with all
 * of them held, the one held by the fewest (the lowest of those).  Only
 * the tasks running now decide, so the lane is final at once.
 */
void gantt_task_started(struct world *w, struct task *t)
{
	struct gantt *g = &w->gantt;
	if (!g->open) {
		t->gantt_lane = -1;
		return;
	}
	int *busy = g->lane_busy + (size_t)(t->agent / g->per_row) * G_MAX_LANES;
	int best = 0;
	for (int j = 0; j < G_MAX_LANES; j++) {
		if (!busy[j]) {
			best = j;
			break;
		}
		if (busy[j] < busy[best])
			best = j;
	}
	busy[best]++;
	t->gantt_lane = best;
}

/* Task t's stretch ends now: its lane is free of it, and its bar, when
 * it overlaps the window, is written. */
static int add_bar(struct world *w, const struct task *t, int running)
{
	struct gantt *g = &w->gantt;
	if (!g->open || t->gantt_lane < 0)
		return 0;
	int r = t->agent / g->per_row;
	int *busy = &g->lane_busy[(size_t)r * G_MAX_LANES + (size_t)t->gantt_lane];
	BUG_ON(*busy <= 0);
	--*busy;
	if (!in_window_at(g->from, g->to, t->pt.start, w->now))
		return 0;
	struct gantt_bar b = {
		.start = t->pt.start, .end = w->now,
		.job = t->pt.job_id, .task = t->pt.task_id,
		.agent = t->agent, .fw = t->fw, .priority = t->pt.priority,
		.lane = t->gantt_lane, .running = running,
	};
	if (b.lane + 1 > g->lanes[r])
		g->lanes[r] = b.lane + 1;
	put_csv_row(g, w, &b);
	g->written++;
	return keep_for_svg(w);
}

void gantt_task_stopped(struct world *w, const struct task *t)
{
	int rc = add_bar(w, t, 0);
	if (rc)
		w->failed = rc;
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

/* Each row is split into lanes, one per task running at once, so that
 * an agent's concurrent tasks sit one above the other: as many lanes as
 * the row ever ran tasks at once, up to G_MAX_LANES (past it, bars share
 * the lane that frees first and overlap). */
struct layout {
	double from, to;          /* window, s */
	double plot_w, lane_h;
	int rows, per_row;        /* agents per row */
	double *row_y, *row_h;    /* per row */
	const int *lanes;         /* per row */
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

/* Rows' heights from their lanes (every bar written by now). */
static int layout_rows(struct gantt *g, struct layout *l)
{
	l->row_y = calloc((size_t)l->rows, sizeof *l->row_y);
	l->row_h = calloc((size_t)l->rows, sizeof *l->row_h);
	if (!l->row_y || !l->row_h)
		return OS_ENOMEM;
	l->lanes = g->lanes;
	int total = 0;
	for (int r = 0; r < l->rows; r++) {
		if (g->lanes[r] == 0)
			g->lanes[r] = 1;
		total += g->lanes[r];
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
	for (size_t i = 0; i < g->nkeep; i++) {
		const struct gantt_bar *b = &g->keep[i];
		double s = simtime_to_sec(b->start), e = simtime_to_sec(b->end);
		double x0 = xpos(l, s), x1 = xpos(l, e);
		int r = b->agent / l->per_row;
		double y = l->row_y[r] + 3 + b->lane * l->lane_h;
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
static int write_occupancy(FILE *f, struct world *w,
			   const struct layout *l)
{
	double *busy = calloc((size_t)l->rows * G_BINS, sizeof *busy);
	if (!busy)
		return OS_ENOMEM;
	double span = l->to - l->from, bw = span / G_BINS, top = 0;
	const struct gantt *g = &w->gantt;
	/* The bars in the order they were written, from the scratch file,
	 * a block at a time, once the row pipe has written the last. */
	rowpipe_drain(w->rows);
	fmt_out_flush(g->spill_out);
	/* Before rewind, which clears the error indicator. */
	int bad = fflush(g->spill) != 0 || ferror(g->spill);
	rewind(g->spill);
	struct spilled blk[1024];
	size_t nblk = 0, at = 0;
	for (;;) {
		if (at == nblk) {
			nblk = bw > 0 ? fread(blk, sizeof blk[0], 1024, g->spill) : 0;
			at = 0;
			if (nblk == 0)
				break;
		}
		const struct spilled *x = &blk[at++];
		double s = fmax(simtime_to_sec(x->start), l->from);
		double e = fmin(simtime_to_sec(x->end), l->to);
		if (e <= s)
			continue;
		double *row = busy + (size_t)x->row * G_BINS;
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
	if (bad || ferror(g->spill)) {
		diag_error(w->diag, g->dir, 0, 0,
			   "cannot read back the chart's bars: %s",
			   strerror(errno));
		free(busy);
		return OS_EWRITE;
	}
	for (size_t i = 0; i < (size_t)l->rows * G_BINS; i++)
		top = fmax(top, busy[i]);
	for (int r = 0; r < l->rows; r++)
		for (int k = 0; k < G_BINS && top > 0; k++) {
			double v = busy[(size_t)r * G_BINS + k];
			if (v <= 0)
				continue;
			/* printf's "%.2f" and "%.3f", by fmt_double: a
			 * chart of many rows spent most of its time here. */
			char line[256];
			struct fmtbuf b = {line, line + sizeof line};
			fmt_str(&b, "<rect x=\"");
			fmt_double(&b, G_LEFT + k * l->plot_w / G_BINS, 2);
			fmt_str(&b, "\" y=\"");
			fmt_double(&b, l->row_y[r] + 3, 2);
			fmt_str(&b, "\" width=\"");
			fmt_double(&b, l->plot_w / G_BINS, 2);
			fmt_str(&b, "\" height=\"");
			fmt_double(&b, l->row_h[r] - 6, 2);
			fmt_str(&b, "\" fill=\"");
			fmt_str(&b, palette[0]);
			fmt_str(&b, "\" fill-opacity=\"");
			fmt_double(&b, 0.1 + 0.9 * v / top, 3);
			fmt_str(&b, "\"/>\n");
			fwrite(line, 1, (size_t)(b.p - line), f);
		}
	free(busy);
	return 0;
}

static int write_svg(FILE *f, struct world *w, const struct layout *l,
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
	if (nbars > GANTT_MAX_BARS) {
		rc = write_occupancy(f, w, l);
	} else {
		/* The bars' records have filled them in. */
		rowpipe_drain(w->rows);
		write_bars(f, w, l);
	}
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

/* What a row of gantt.csv says: formatted by fmt_bar_row, possibly on
 * the row pipe's thread (rowpipe.h), from the record alone. */
struct bar_rowrec {
	const char *agent, *fw;
	struct fmtout *spill;     /* the occupancy's scratch file, or NULL */
	struct gantt_bar *keep;   /* where the SVG keeps the bar, or NULL */
	int64_t job, task;
	simtime_t start, end;
	int row, lane, priority, colour, running;
	int agent_ix, fw_ix;
};

/* A bar's row of gantt.csv, through the integer formatter into the
 * block writer (names too long for a block go straight to stdio). */
static void fmt_bar_row(struct fmtout *out, const void *rec)
{
	const struct bar_rowrec *b = rec;
	if (b->spill)
		spill(b->spill, b->start, b->end, b->row);
	if (b->keep)
		*b->keep = (struct gantt_bar){
			.start = b->start, .end = b->end,
			.job = b->job, .task = b->task,
			.agent = b->agent_ix, .fw = b->fw_ix,
			.priority = b->priority, .lane = b->lane,
			.running = b->running,
		};
	size_t max = 160 + strlen(b->agent) + strlen(b->fw);
	if (max > FMTOUT_BLOCK) {
		FILE *f = out->f;
		fmt_out_flush(out);
		fprintf(f, "%d,%d,%s,%s,", b->row, b->lane, b->agent, b->fw);
		put_i64(f, b->job);
		fputc(',', f);
		put_i64(f, b->task);
		fputc(',', f);
		put_i64(f, b->priority);
		fputc(',', f);
		put_sec(f, b->start, 6);
		fputc(',', f);
		put_sec(f, b->end, 6);
		fprintf(f, ",%d,%d\n", b->colour, b->running);
		return;
	}
	struct fmtbuf o = fmt_out_row(out, max);
	fmt_i64(&o, b->row);
	fmt_char(&o, ',');
	fmt_i64(&o, b->lane);
	fmt_char(&o, ',');
	fmt_str(&o, b->agent);
	fmt_char(&o, ',');
	fmt_str(&o, b->fw);
	fmt_char(&o, ',');
	fmt_i64(&o, b->job);
	fmt_char(&o, ',');
	fmt_i64(&o, b->task);
	fmt_char(&o, ',');
	fmt_i64(&o, b->priority);
	fmt_char(&o, ',');
	fmt_fixed(&o, b->start, 6);
	fmt_char(&o, ',');
	fmt_fixed(&o, b->end, 6);
	fmt_char(&o, ',');
	fmt_i64(&o, b->colour);
	fmt_char(&o, ',');
	fmt_i64(&o, b->running);
	fmt_char(&o, '\n');
	fmt_out_end(out, &o);
}

static void put_csv_row(struct gantt *g, const struct world *w,
			const struct gantt_bar *b)
{
	struct bar_rowrec *r = rowpipe_put(w->rows, fmt_bar_row, g->out,
					   sizeof *r);
	r->agent = w->agents[b->agent].name;
	r->fw = w->fws[b->fw].name;
	r->spill = g->spill ? g->spill_out : NULL;
	r->keep = !g->spill && g->nkeep <= GANTT_MAX_BARS ? &g->keep[g->nkeep++]
							   : NULL;
	r->agent_ix = b->agent;
	r->fw_ix = b->fw;
	r->job = b->job;
	r->task = b->task;
	r->start = b->start;
	r->end = b->end;
	r->row = b->agent / g->per_row;
	r->lane = b->lane;
	r->priority = b->priority;
	r->colour = colour_of(w, b);
	r->running = b->running;
	rowpipe_done(w->rows);
}

static int write_error(struct world *w, const char *path, int e)
{
	diag_error(w->diag, path, 0, 0, "cannot write: %s", strerror(-e));
	return e == -ENOMEM ? OS_ENOMEM : OS_EWRITE;
}

int gantt_finish(struct world *w, const char *dir)
{
	struct gantt *g = &w->gantt;
	if (!g->open)
		return 0;
	int rc = 0;
	for (int i = 0; i < w->nfws && !rc; i++)
		for (uint32_t id = w->fws[i].run_head; id != POOL_NONE && !rc;
		     id = W_TASK(w, id)->run_next)
			rc = add_bar(w, W_TASK(w, id), 1);
	if (rc)
		return rc;
	struct layout l = {0};
	l.from = w->sc->gantt_from;
	l.to = simtime_to_sec(w->now);
	if (w->sc->gantt_to > 0 && w->sc->gantt_to < l.to)
		l.to = w->sc->gantt_to;
	if (l.to < l.from)
		l.to = l.from;
	l.per_row = g->per_row;
	l.rows = g->rows;
	l.plot_w = G_WIDTH - G_LEFT - G_RIGHT;
	size_t nbars = (size_t)g->written;

	rc = layout_rows(g, &l);
	/* gantt.svg, written whole or not at all, through the one output
	 * writer (its registry lets a signal delete the temporary). */
	char *fin = rc ? NULL : outfile_path(dir, out_names[0]);
	if (!rc && !fin)
		rc = OS_ENOMEM;
	if (!rc) {
		struct outfile o;
		int e = outfile_open(&o, fin, 0);
		if (e) {
			rc = write_error(w, fin, e);
		} else {
			if (w->nagents > 0)
				rc = write_svg(o.f, w, &l, nbars);
			if (rc)
				outfile_abort(&o);
			else if ((e = outfile_commit(&o)) != 0)
				rc = write_error(w, fin, e);
		}
	}
	free(fin);
	layout_release(&l);
	if (rc)
		return rc;
	/* gantt.csv: every row is in; its temporary goes into place. */
	rowpipe_drain(w->rows);
	fmt_out_flush(g->out);
	g->open = 0;
	int e = outfile_commit(&g->csv);
	if (e) {
		char *p = outfile_path(dir, out_names[1]);
		rc = write_error(w, p ? p : dir, e);
		free(p);
	}
	return rc;
}

void gantt_abort(struct world *w, const char *dir)
{
	struct gantt *g = &w->gantt;
	/* No row may be formatted into a file being closed. */
	rowpipe_drain(w->rows);
	if (g->open) {
		outfile_abort(&g->csv);
		g->open = 0;
	}
	/* A failed run leaves no chart: an earlier run's chart must not
	 * pass for this one's. */
	for (int k = 0; dir && k < 2; k++) {
		char *fin = outfile_path(dir, out_names[k]);
		if (fin)
			unlink(fin);
		free(fin);
	}
}
