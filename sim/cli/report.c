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
	size_t n;
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
	sb_puts(&r->body, "\" src=\"data:image/png;base64,");
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

/* "12.345" or "n/a" */
static const char *num(char *buf, size_t size, double x)
{
	if (isnan(x))
		snprintf(buf, size, "n/a");
	else
		snprintf(buf, size, "%.6g", x);
	return buf;
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
	char title[512];
	const char *name = jr_string(jr_get(s, "scenario"));
	snprintf(title, sizeof title, "offersim run: %s", name ? name : scenario);
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

	report_heading(r, "Summary");
	static const char *const head[] = {"", "mean", "p50", "p90", "p95", "p99", "max"};
	static const char *const stat[] = {"mean", "p50", "p90", "p95", "p99", "max"};
	char cellbuf[2][7][32];
	const char *cells[14];
	for (int row = 0; row < 2; row++) {
		const char *what = row ? "response" : "wait";
		cells[row * 7] = row ? "response (s)" : "wait (s)";
		for (int k = 0; k < 6; k++) {
			char key[64];
			snprintf(key, sizeof key, "%s.%s", what, stat[k]);
			cells[row * 7 + k + 1] = num(cellbuf[row][k], sizeof cellbuf[row][k],
						     jr_number(s, key));
		}
	}
	report_table(r, 2, 7, head, cells, NULL);

	/* Everything else as name/value rows, in the file's order. */
	const char *kv[64];
	char kvbuf[32][32];
	int nk = 0;
	static const char *const scalars[] = {
		"sim_time", "makespan", "events", "allocation_passes",
		"tasks.submitted", "tasks.finished", "tasks.rejected", "tasks.waiting",
		"tasks.running", "slowdown.mean", "bounded_slowdown.mean",
		"offers.made", "offers.accepted", "offers.declined", "offers.rescinded",
	};
	for (size_t i = 0; i < sizeof scalars / sizeof scalars[0] && nk < 30; i++) {
		kv[2 * nk] = scalars[i];
		kv[2 * nk + 1] = num(kvbuf[nk], sizeof kvbuf[nk], jr_number(s, scalars[i]));
		nk++;
	}
	const struct jr_value *u = jr_get(s, "utilization");
	char ukey[16][64];
	for (int i = 0; i < jr_count(u) && i < 16 && nk < 32; i++) {
		snprintf(ukey[i], sizeof ukey[i], "utilization.%s", jr_key(u, i));
		kv[2 * nk] = ukey[i];
		kv[2 * nk + 1] = num(kvbuf[nk], sizeof kvbuf[nk], jr_number(jr_at(u, i), ""));
		nk++;
	}
	static const char *const kvhead[] = {"metric", "value"};
	report_table(r, nk, 2, kvhead, kv, NULL);

	const struct jr_value *fws = jr_get(s, "frameworks");
	int nf = jr_count(fws);
	if (nf > 0) {
		report_heading(r, "Frameworks");
		static const char *const fhead[] = {
			"framework", "policy", "finished", "wait mean (s)", "wait p95 (s)",
			"response mean (s)", "bounded slowdown", "final dominant share",
		};
		enum { FC = 8 };
		const char **fc = calloc((size_t)nf * FC, sizeof *fc);
		char (*fb)[32] = calloc((size_t)nf * FC, sizeof *fb);
		if (fc && fb) {
			static const char *const fkeys[] = {
				"tasks.finished", "wait.mean", "wait.p95", "response.mean",
				"bounded_slowdown.mean", "final_dominant_share",
			};
			for (int i = 0; i < nf; i++) {
				const struct jr_value *fw = jr_at(fws, i);
				fc[i * FC] = jr_key(fws, i);
				fc[i * FC + 1] = jr_string(jr_get(fw, "policy"));
				for (int k = 0; k < 6; k++)
					fc[i * FC + 2 + k] = num(fb[i * FC + 2 + k], 32,
								 jr_number(fw, fkeys[k]));
			}
			report_table(r, nf, FC, fhead, fc, NULL);
		}
		free(fc);
		free(fb);
	}

	static const char *const pngs[][2] = {
		{"utilization.png", "resources in use over time"},
		{"wait_cdf.png", "wait-time CDF"},
		{"shares.png", "dominant share per framework over time"},
		{"queue.png", "waiting tasks and jobs per framework over time"},
	};
	int first = 1;
	for (size_t i = 0; i < sizeof pngs / sizeof pngs[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, pngs[i][0]);
		if (access(path, R_OK) != 0 ||
		    (run_id && !rundir_lists(dir, run_id, pngs[i][0])))
			continue;
		if (first)
			report_heading(r, "Plots");
		first = 0;
		report_image(r, path, pngs[i][1]);
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
