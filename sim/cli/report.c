/*
 * report.c - HTML reports with embedded plots (see report.h).
 *
 * The page is accumulated in memory (a few megabytes at most, mostly the
 * base64 of the PNGs) and written at the end under a temporary name, so a
 * failed report never replaces a good one with half a page.  The base64
 * encoder is our own: it is twenty lines and avoids a dependency.
 */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../config/config.h"
#include "../core/err.h"
#include "../core/outfile.h"
#include "../core/json_read.h"
#include "../core/numfmt.h"
#include "plot.h"
#include "rundir.h"
#include "../core/version.h"

struct sbuf {
	char *s;
	size_t n, cap;
	int oom;
};

struct report {
	char *title;
	struct sbuf notes, body;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *ns = realloc(b->s, cap);
		if (!ns) {
			b->oom = 1;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void sb_puts(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_esc(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		size_t run = strcspn(s, "<>&\"'");
		sb_add(b, s, run);
		s += run;
		switch (*s) {
		case '<': sb_puts(b, "&lt;"); break;
		case '>': sb_puts(b, "&gt;"); break;
		case '&': sb_puts(b, "&amp;"); break;
		case '"': sb_puts(b, "&quot;"); break;
		case '\'': sb_puts(b, "&#39;"); break;
		default: return; /* end of string */
		}
	}
}

struct report *report_new(const char *title)
{
	struct report *r = calloc(1, sizeof *r);
	if (r && !(r->title = strdup(title))) {
		free(r);
		r = NULL;
	}
	return r;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	free(r->title);
	free(r->notes.s);
	free(r->body.s);
	free(r);
}

void report_note(struct report *r, const char *text)
{
	sb_puts(&r->notes, "<p class=\"note\">");
	sb_esc(&r->notes, text);
	sb_puts(&r->notes, "</p>\n");
}

void report_heading(struct report *r, const char *text)
{
	sb_puts(&r->body, "<h2>");
	sb_esc(&r->body, text);
	sb_puts(&r->body, "</h2>\n");
}

void report_heading3(struct report *r, const char *text)
{
	sb_puts(&r->body, "<h3>");
	sb_esc(&r->body, text);
	sb_puts(&r->body, "</h3>\n");
}

void report_para(struct report *r, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	sb_puts(&r->body, "<p>");
	sb_esc(&r->body, buf);
	sb_puts(&r->body, "</p>\n");
}

void report_table(struct report *r, int nrows, int ncols,
		  const char *const *head, const char *const *cells,
		  const unsigned char *strong)
{
	struct sbuf *b = &r->body;
	sb_puts(b, "<table>\n<tr>");
	for (int c = 0; c < ncols; c++) {
		sb_puts(b, "<th>");
		sb_esc(b, head[c]);
		sb_puts(b, "</th>");
	}
	sb_puts(b, "</tr>\n");
	for (int i = 0; i < nrows; i++) {
		sb_puts(b, "<tr>");
		for (int c = 0; c < ncols; c++) {
			int st = strong && strong[i * ncols + c];
			sb_puts(b, c ? "<td class=\"num\">" : "<td>");
			if (st)
				sb_puts(b, "<strong>");
			sb_esc(b, cells[i * ncols + c] ? cells[i * ncols + c] : "");
			if (st)
				sb_puts(b, "</strong>");
			sb_puts(b, "</td>");
		}
		sb_puts(b, "</tr>\n");
	}
	sb_puts(b, "</table>\n");
}

void report_pre(struct report *r, const char *text)
{
	sb_puts(&r->body, "<pre>");
	sb_esc(&r->body, text);
	sb_puts(&r->body, "</pre>\n");
}

void report_overrides(struct report *r, const char *const *sets, int n)
{
	if (n <= 0)
		return;
	char text[4096];
	size_t len = 0;
	text[0] = '\0';
	for (int i = 0; i < n && len < sizeof text; i++) {
		int k = snprintf(text + len, sizeof text - len, "--set %s\n", sets[i]);
		if (k < 0)
			break;
		len += (size_t)k;
	}
	report_para(r, "Overrides for every run:");
	report_pre(r, text);
}

/* The whole file, NUL-terminated; NULL when unreadable. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 65536, n = 0;
	unsigned char *buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n - 1, f);
		if (n < cap - 1)
			break;
		cap *= 2;
		unsigned char *nb = realloc(buf, cap);
		if (!nb) {
			free(buf);
			buf = NULL;
		} else {
			buf = nb;
		}
	}
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

int report_file(struct report *r, const char *caption, const char *path)
{
	size_t n;
	unsigned char *text = slurp(path, &n);
	sb_puts(&r->body, "<p>");
	sb_esc(&r->body, caption);
	sb_puts(&r->body, "</p>\n");
	if (!text) {
		report_para(r, "(%s could not be read: %s)", path, strerror(errno));
		return OS_EIO;
	}
	report_pre(r, (const char *)text);
	free(text);
	return 0;
}

size_t report_base64(const unsigned char *in, size_t n, char *out)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t k = 0, i = 0;
	for (; i + 2 < n; i += 3) {
		unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8 | in[i + 2];
		out[k++] = tab[v >> 18 & 63];
		out[k++] = tab[v >> 12 & 63];
		out[k++] = tab[v >> 6 & 63];
		out[k++] = tab[v & 63];
	}
	if (i < n) {
		unsigned long v = (unsigned long)in[i] << 16;
		if (i + 1 < n)
			v |= (unsigned long)in[i + 1] << 8;
		out[k++] = tab[v >> 18 & 63];
		out[k++] = tab[v >> 12 & 63];
		out[k++] = i + 1 < n ? tab[v >> 6 & 63] : '=';
		out[k++] = '=';
	}
	out[k] = '\0';
	return k;
}

int report_image(struct report *r, const char *png, const char *alt)
{
	size_t n, len = strlen(png);
	int svg = len > 4 && strcmp(png + len - 4, ".svg") == 0;
	unsigned char *data = slurp(png, &n);
	if (!data)
		return OS_ENOENT;
	char *b64 = malloc(4 * ((n + 2) / 3) + 1);
	if (!b64) {
		free(data);
		r->body.oom = 1;
		return OS_ENOMEM;
	}
	size_t k = report_base64(data, n, b64);
	free(data);
	sb_puts(&r->body, "<figure><img alt=\"");
	sb_esc(&r->body, alt);
	/* An SVG goes in as an image too, not inline: gnuplot names its
	 * elements with the same ids in every picture, and inline copies
	 * would then share (and break) each other's references. */
	sb_puts(&r->body, svg ? "\" src=\"data:image/svg+xml;base64,"
			      : "\" src=\"data:image/png;base64,");
	sb_add(&r->body, b64, k);
	sb_puts(&r->body, "\"><figcaption>");
	sb_esc(&r->body, alt);
	sb_puts(&r->body, "</figcaption></figure>\n");
	free(b64);
	return 0;
}

static const char style[] =
	"<style>\n"
	"body{font-family:sans-serif;max-width:1100px;margin:1em auto;padding:0 1em;color:#222}\n"
	"table{border-collapse:collapse;margin:.5em 0}\n"
	"th,td{border:1px solid #ccc;padding:.25em .6em}\n"
	"th{background:#f0f0f0}td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"td{white-space:nowrap}\n"
	"pre{background:#f7f7f7;border:1px solid #ddd;padding:.6em;overflow-x:auto}\n"
	".note{background:#fff4d6;border:1px solid #e0c060;padding:.5em}\n"
	"figure{margin:1em 0}img{max-width:100%}\n"
	"</style>\n";

int report_write(struct report *r, const char *dir)
{
	if (r->notes.oom || r->body.oom)
		return OS_ENOMEM;
	char fin[4200];
	snprintf(fin, sizeof fin, "%s/report.html", dir);
	struct sbuf head = {0};
	sb_puts(&head, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	sb_esc(&head, r->title);
	sb_puts(&head, "</title>\n");
	sb_puts(&head, style);
	sb_puts(&head, "</head>\n<body>\n<h1>");
	sb_esc(&head, r->title);
	sb_puts(&head, "</h1>\n");
	if (head.oom) {
		free(head.s);
		return OS_ENOMEM;
	}
	struct outfile o;
	if (outfile_open(&o, fin, 0)) {
		free(head.s);
		return OS_EIO;
	}
	FILE *f = o.f;
	fputs(head.s, f);
	free(head.s);
	if (r->notes.s)
		fputs(r->notes.s, f);
	if (r->body.s)
		fputs(r->body.s, f);
	fprintf(f, "<p><small>offersim %s</small></p>\n</body>\n</html>\n",
		OFFERSIM_VERSION);
	return outfile_commit(&o) ? OS_EIO : 0;
}

const char *report_plot_note(int plots_wanted)
{
	if (!plots_wanted)
		return "Plots were not drawn (--no-plots), so this report has none.";
	if (!plot_available())
		return "gnuplot was not found on PATH, so this report has no plots. "
		       "Install gnuplot and run again to get them.";
	if (!plot_script_dir())
		return "The gnuplot scripts were not found (set OFFERSIM_PLOTS), "
		       "so this report has no plots.";
	return NULL;
}

/* --- the run report --- */

/* Cells of the run report's tables, each formatted by numfmt.h's rule. */
#define CELL_LEN 128

struct cells {
	char buf[96][CELL_LEN];
	int n;
};

/* A copy of text that lives as long as c (cut to CELL_LEN - 1 bytes). */
static const char *cell_text(struct cells *c, const char *text)
{
	if (c->n >= 96)
		return "";
	char *b = c->buf[c->n++];
	size_t n = text ? strlen(text) : 0;
	if (n >= CELL_LEN)
		n = CELL_LEN - 1;
	if (n)
		memcpy(b, text, n);
	b[n] = '\0';
	return b;
}

static const char *cell_num(struct cells *c, double x)
{
	char b[NF_BUF];
	return cell_text(c, nf_plain(b, sizeof b, x));
}

static const char *cell_count(struct cells *c, double x)
{
	char b[NF_BUF];
	return cell_text(c, nf_fixed(b, sizeof b, x, 0, 0));
}

static const char *cell_secs(struct cells *c, double x)
{
	char b[NF_BUF];
	return cell_text(c, nf_seconds(b, sizeof b, x));
}

/* A distribution's row (mean, p50 ... max) in the unit of its largest
 * value, which the row's label names; cells a summary lacks stay empty. */
static void dist_row(struct cells *c, const char **row, const struct jr_value *s,
		     const char *key, const char *label)
{
	static const char *const stat[] = {"mean", "p50", "p90", "p95", "p99", "max"};
	char k[96], lab[96];
	double v[6], big = 0;
	for (int i = 0; i < 6; i++) {
		snprintf(k, sizeof k, "%s.%s", key, stat[i]);
		v[i] = jr_number(s, k);
		if (!isnan(v[i]) && fabs(v[i]) > big)
			big = fabs(v[i]);
	}
	struct nf_unit u = nf_time_unit(big);
	snprintf(lab, sizeof lab, "%s (%s)", label, u.name);
	row[0] = cell_text(c, lab);
	for (int i = 0; i < 6; i++) {
		char b[NF_BUF];
		row[1 + i] = cell_text(c, isnan(v[i]) ? "" : nf_in_unit(b, sizeof b, v[i], u));
	}
}

/* The summary tables: times, counts, the cluster, the offers. */
static void run_summary(struct report *r, const struct jr_value *s)
{
	struct cells c = {0};
	report_heading(r, "Summary");
	static const char *const dhead[] = {"", "mean", "p50", "p90", "p95", "p99", "max"};
	const char *d[4 * 7];
	int nd = 0;
	dist_row(&c, d + 7 * nd++, s, "wait", "task wait");
	dist_row(&c, d + 7 * nd++, s, "response", "task response");
	if (jr_get(s, "jobs")) {
		dist_row(&c, d + 7 * nd++, s, "jobs.wait", "job wait");
		dist_row(&c, d + 7 * nd++, s, "jobs.response", "job response");
	}
	report_para(r, "Waits (submit to start) and responses (submit to end), per task "
		    "and per job (a job waits until its first task starts and ends with its last).");
	report_table(r, nd, 7, dhead, d, NULL);

	c.n = 0;
	static const char *const chead[] = {"", "submitted", "finished", "rejected",
					    "waiting", "running"};
	static const char *const ckey[] = {"submitted", "finished", "rejected", "waiting",
					   "running"};
	const char *t[2 * 6];
	int nt = 0;
	for (int row = 0; row < 2; row++) {
		const char *grp = row ? "jobs" : "tasks";
		if (!jr_get(s, grp))
			continue;
		t[6 * nt] = grp;
		for (int k = 0; k < 5; k++) {
			char key[64];
			snprintf(key, sizeof key, "%s.%s", grp, ckey[k]);
			t[6 * nt + 1 + k] = cell_count(&c, jr_number(s, key));
		}
		nt++;
	}
	report_table(r, nt, 6, chead, t, NULL);

	c.n = 0;
	const char *kv[2 * 16];
	int nk = 0;
#define KV(name, cell) (kv[2 * nk] = (name), kv[2 * nk + 1] = (cell), nk++)
	KV("simulated time", cell_secs(&c, jr_number(s, "sim_time")));
	KV("makespan (last task end)", cell_secs(&c, jr_number(s, "makespan")));
	char span[2 * NF_BUF + 8], a[NF_BUF], b[NF_BUF];
	snprintf(span, sizeof span, "%s to %s", nf_seconds(a, sizeof a, jr_number(s, "span.first_submit")),
		 nf_seconds(b, sizeof b, jr_number(s, "span.last_end")));
	KV("span (first submit to last end)", cell_text(&c, span));
	KV("events", cell_count(&c, jr_number(s, "events")));
	KV("allocation passes", cell_count(&c, jr_number(s, "allocation_passes")));
	KV("slowdown mean", cell_num(&c, jr_number(s, "slowdown.mean")));
	char bsd[96];
	snprintf(bsd, sizeof bsd, "bounded slowdown mean (tau %s)",
		 nf_seconds(a, sizeof a, jr_number(s, "bounded_slowdown_threshold")));
	KV(cell_text(&c, bsd), cell_num(&c, jr_number(s, "bounded_slowdown.mean")));
	if (jr_get(s, "jobs"))
		KV("job bounded slowdown mean", cell_num(&c, jr_number(s, "jobs.bounded_slowdown.mean")));
	KV("preemptions", cell_count(&c, jr_number(s, "preemptions")));
#undef KV
	static const char *const kvhead[] = {"figure", "value"};
	report_table(r, nk, 2, kvhead, kv, NULL);

	/* Per resource: held over the whole run, over the span, and the
	 * load the arrivals offered (demand-seconds over capacity-seconds
	 * of the arrival span: above 1, work queues up). */
	const struct jr_value *u = jr_get(s, "utilization");
	int nr = jr_count(u) < 16 ? jr_count(u) : 16;
	if (nr > 0) {
		c.n = 0;
		const char *rt[16 * 4];
		for (int i = 0; i < nr; i++) {
			const char *res = jr_key(u, i);
			char key[96];
			rt[4 * i] = cell_text(&c, res);
			rt[4 * i + 1] = cell_num(&c, jr_number(jr_at(u, i), ""));
			snprintf(key, sizeof key, "span_utilization.%s", res);
			rt[4 * i + 2] = cell_num(&c, jr_number(s, key));
			snprintf(key, sizeof key, "offered_load.%s", res);
			rt[4 * i + 3] = cell_num(&c, jr_number(s, key));
		}
		static const char *const rhead[] = {"resource", "utilization (whole run)",
						    "span utilization", "offered load"};
		report_para(r, "Utilization is the fraction in use, over the whole run and over "
			    "the span from the first submit to the last end; offered load is "
			    "the work that arrived over what the cluster could do while it "
			    "arrived (above 1, work queues up).");
		report_table(r, nr, 4, rhead, rt, NULL);
	}

	c.n = 0;
	static const char *const ohead[] = {"offers", "made", "accepted", "declined",
					    "rescinded"};
	const char *o[5] = {"all frameworks"};
	static const char *const okey[] = {"offers.made", "offers.accepted",
					   "offers.declined", "offers.rescinded"};
	for (int k = 0; k < 4; k++)
		o[1 + k] = cell_count(&c, jr_number(s, okey[k]));
	report_table(r, 1, 5, ohead, o, NULL);
}

static void run_frameworks(struct report *r, const struct jr_value *s)
{
	const struct jr_value *fws = jr_get(s, "frameworks");
	int nf = jr_count(fws);
	if (nf <= 0)
		return;
	report_heading(r, "Frameworks");
	/* One unit for each time column, from its largest value. */
	static const char *const fkeys[] = {
		"tasks.finished", "wait.mean", "wait.p95", "response.mean",
		"bounded_slowdown.mean", "final_dominant_share",
	};
	static const int secs[] = {0, 1, 1, 1, 0, 0};
	static const char *const names[] = {
		"finished", "wait mean", "wait p95", "response mean", "bounded slowdown",
		"final dominant share",
	};
	enum { FC = 8 };
	struct nf_unit unit[6];
	char head[FC][64];
	const char *hp[FC] = {"framework", "policy"};
	for (int k = 0; k < 6; k++) {
		double big = 0;
		for (int i = 0; i < nf; i++) {
			double x = jr_number(jr_at(fws, i), fkeys[k]);
			if (!isnan(x) && fabs(x) > big)
				big = fabs(x);
		}
		unit[k] = nf_time_unit(secs[k] ? big : 0);
		if (secs[k])
			snprintf(head[2 + k], sizeof head[0], "%s (%s)", names[k], unit[k].name);
		else
			snprintf(head[2 + k], sizeof head[0], "%s", names[k]);
		hp[2 + k] = head[2 + k];
	}
	const char **fc = calloc((size_t)nf * FC, sizeof *fc);
	char (*fb)[NF_BUF] = calloc((size_t)nf * FC, sizeof *fb);
	if (fc && fb) {
		for (int i = 0; i < nf; i++) {
			const struct jr_value *fw = jr_at(fws, i);
			fc[i * FC] = jr_key(fws, i);
			fc[i * FC + 1] = jr_string(jr_get(fw, "policy"));
			for (int k = 0; k < 6; k++) {
				double x = jr_number(fw, fkeys[k]);
				char *b = fb[i * FC + 2 + k];
				fc[i * FC + 2 + k] = k == 0 ? nf_fixed(b, NF_BUF, x, 0, 0)
					: secs[k] ? nf_in_unit(b, NF_BUF, x, unit[k])
						  : nf_plain(b, NF_BUF, x);
			}
		}
		report_table(r, nf, FC, hp, fc, NULL);
	}
	free(fc);
	free(fb);
}

/* dir/base.svg, else dir/base.png, when readable and (with a run id)
 * listed in the manifest under it; 0 when neither is. */
static int run_picture(const char *dir, const char *base, const char *run_id,
		       char *path, size_t size)
{
	static const char *const ext[] = {"svg", "png"};
	for (int i = 0; i < 2; i++) {
		char name[256];
		snprintf(name, sizeof name, "%s.%s", base, ext[i]);
		snprintf(path, size, "%s/%s", dir, name);
		if (access(path, R_OK) == 0 && (!run_id || rundir_lists(dir, run_id, name)))
			return 1;
	}
	return 0;
}

int report_run(const char *dir, const char *scenario,
	       const struct cfg_override *ov, int nov, int plots_wanted,
	       const char *run_id, FILE *err)
{
	char path[4200], jerr[256];
	snprintf(path, sizeof path, "%s/summary.json", dir);
	if (run_id && !rundir_lists(dir, run_id, "summary.json")) {
		if (err)
			fprintf(err, "offersim: warning: %s is not this run's; no report written\n",
				path);
		return OS_EIO;
	}
	struct jr_value *s = jr_parse_file(path, jerr, sizeof jerr);
	if (!s) {
		if (err)
			fprintf(err, "offersim: warning: %s: %s; no report written\n", path, jerr);
		return OS_EIO;
	}
	char title[1100], what[1024];
	plot_run_title(s, what, sizeof what);
	snprintf(title, sizeof title, "offersim run: %s", what);
	struct report *r = report_new(title);
	if (!r) {
		jr_free(s);
		return OS_ENOMEM;
	}
	const char *note = report_plot_note(plots_wanted);
	if (note)
		report_note(r, note);
	report_para(r, "offersim %s, scenario %s, seed %.0f, allocator %s.",
		    OFFERSIM_VERSION, scenario, jr_number(s, "seed"),
		    jr_string(jr_get(s, "allocator")) ? jr_string(jr_get(s, "allocator")) : "?");

	run_summary(r, s);
	run_frameworks(r, s);

	static const char *const pics[][2] = {
		{"utilization", "resources in use over time"},
		{"wait_cdf", "wait-time distribution"},
		{"shares", "dominant share per framework over time"},
		{"queue", "waiting tasks and jobs per framework over time"},
	};
	int first = 1;
	for (size_t i = 0; i < sizeof pics / sizeof pics[0]; i++) {
		if (!run_picture(dir, pics[i][0], run_id, path, sizeof path))
			continue;
		if (first)
			report_heading(r, "Plots");
		first = 0;
		report_image(r, path, pics[i][1]);
	}

	/* The Gantt chart inline, as the run drew it: its bars keep their
	 * tooltips (gantt.png is the same chart for other uses). */
	snprintf(path, sizeof path, "%s/gantt.svg", dir);
	size_t svglen;
	unsigned char *svg = run_id && !rundir_lists(dir, run_id, "gantt.svg")
				     ? NULL : slurp(path, &svglen);
	if (svg) {
		report_heading(r, "Gantt chart");
		sb_puts(&r->body, "<figure>");
		/* HTML needs no namespace on an inline svg, and the page
		 * names no URL at all (the checks see to that). */
		static const char ns[] = " xmlns=\"http://www.w3.org/2000/svg\"";
		const char *text = (const char *)svg;
		const char *at = strstr(text, ns);
		if (at) {
			sb_add(&r->body, text, (size_t)(at - text));
			sb_puts(&r->body, at + sizeof ns - 1);
		} else {
			sb_add(&r->body, text, svglen);
		}
		sb_puts(&r->body, "<figcaption>tasks on agents over time</figcaption></figure>\n");
		free(svg);
	}

	/* The replay viewer is a page of its own (it carries a script and
	 * the run's events); the report only links to it, by the sibling
	 * name the checks allow. */
	snprintf(path, sizeof path, "%s/replay.html", dir);
	if (access(path, R_OK) == 0 &&
	    (!run_id || rundir_lists(dir, run_id, "replay.html"))) {
		report_heading(r, "Replay");
		sb_puts(&r->body, "<p><a href=\"replay.html\">replay.html</a>: step "
			"through the run offline, pass by pass and offer by offer.</p>\n");
	}

	report_heading(r, "Scenario");
	if (nov > 0) {
		struct sbuf b = {0};
		for (int i = 0; i < nov; i++) {
			sb_puts(&b, "--set ");
			sb_puts(&b, ov[i].path);
			sb_puts(&b, "=");
			sb_puts(&b, ov[i].value);
			sb_puts(&b, "\n");
		}
		if (b.s) {
			report_para(r, "Overrides given on the command line:");
			report_pre(r, b.s);
		}
		free(b.s);
	}
	report_file(r, scenario, scenario);
	jr_free(s);
	int rc = report_write(r, dir);
	report_free(r);
	if (rc && err)
		fprintf(err, "offersim: warning: could not write %s/report.html\n", dir);
	return rc;
}
