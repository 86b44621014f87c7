/*
 * test_report.c - the HTML reports of run, compare and sweep, read the way
 * a person would: each must open without a network and show every plot.
 *
 * Two suites share one set of freshly made reports (a run, a comparison
 * and a sweep, made through ./offersim into a temporary directory):
 *
 *   report   reads the HTML itself: no URL in any attribute or style rule
 *            but data: and #fragments (URLs in plain text are fine; the
 *            run report's <a href="replay.html"> is its one link), every
 *            PNG data URI decodes to a whole PNG (signature, IHDR first,
 *            every chunk CRC, IEND last), every inline <svg> has content,
 *            the page ends with </html>, and as many images as PNG files.
 *            Copies with one defect each prove that each check can fail.
 *   browser  opens the reports in headless Chromium through
 *            scripts/check-report, which checks what the browser made of
 *            them: every image decoded, every svg drawn, nothing fetched.
 *            It needs chromium, so it is optional: without it main does
 *            not register the suite (nothing is counted as passed) and
 *            prints a SKIPPED line with the reason.
 *
 * The browser cannot see damage after a PNG's header (the image still
 * decodes partly), which is why the CRC check exists; the CRC check
 * cannot see what the browser does, which is why both exist.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zlib.h>

#include "harness.h"
#include "simtest.h"

#include "../sim/cli/plot.h"

/* --- the static check --- */

struct html_check {
	int images;        /* <img> elements */
	int pngs;          /* of them, PNG data URIs that are whole PNGs */
	int svgs;          /* outermost inline <svg> elements */
	int problems;
	char first[256];   /* the first problem found */
};

static void problem(struct html_check *hc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct html_check *hc, const char *fmt, ...)
{
	if (!hc->problems++) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(hc->first, sizeof hc->first, fmt, ap);
		va_end(ap);
	}
}

static int b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decode n base64 characters (with padding) into out (n / 4 * 3 bytes);
 * returns the length, or -1 when s is not base64. */
static long b64_decode(const char *s, size_t n, unsigned char *out)
{
	if (n % 4)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < n; i += 4) {
		int v[4], pad = 0;
		for (int j = 0; j < 4; j++) {
			if (s[i + j] == '=' && i + 4 == n && j >= 2) {
				v[j] = 0;
				pad++;
			} else if ((v[j] = b64_value((unsigned char)s[i + j])) < 0 || pad) {
				return -1;
			}
		}
		unsigned long w = (unsigned long)v[0] << 18 | (unsigned long)v[1] << 12 |
				  (unsigned long)v[2] << 6 | (unsigned long)v[3];
		out[k++] = (unsigned char)(w >> 16);
		if (pad < 2)
			out[k++] = (unsigned char)(w >> 8);
		if (pad < 1)
			out[k++] = (unsigned char)w;
	}
	return (long)k;
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | p[3];
}

/* NULL when b[0..n) is a whole PNG (RFC 2083: the signature, IHDR first
 * with a non-zero size, each chunk's CRC-32 over its type and data, IEND
 * last and at the very end), else what is wrong. */
static const char *png_whole(const unsigned char *b, size_t n)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	if (n < 8 || memcmp(b, sig, 8) != 0)
		return "no PNG signature";
	size_t at = 8;
	int first = 1;
	while (at + 12 <= n) {
		unsigned long len = be32(b + at);
		if (len > n - at - 12)
			return "a chunk runs past the end";
		const unsigned char *type = b + at + 4;
		uLong crc = crc32(0L, Z_NULL, 0);
		crc = crc32(crc, type, (uInt)(len + 4));
		if (crc != be32(type + 4 + len))
			return "a chunk's CRC is wrong";
		if (first && (memcmp(type, "IHDR", 4) != 0 || len != 13 ||
			      be32(type + 4) == 0 || be32(type + 8) == 0))
			return "the first chunk is not a valid IHDR";
		first = 0;
		at += 12 + len;
		if (memcmp(type, "IEND", 4) == 0)
			return at == n ? NULL : "bytes after IEND";
	}
	return "no IEND chunk";
}

/* A URL that stays inside the page. */
static int local_url(const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\t' || *v == '\n')) {
		v++;
		n--;
	}
	return n == 0 || *v == '#' || (n >= 5 && strncasecmp(v, "data:", 5) == 0);
}

/* url(...) other than data: and @import in CSS text; 0 when none. */
static int css_external(const char *s, size_t n, char *what, size_t size)
{
	for (size_t i = 0; i < n; i++) {
		if (n - i >= 7 && strncasecmp(s + i, "@import", 7) == 0) {
			snprintf(what, size, "@import");
			return 1;
		}
		if (n - i < 4 || strncasecmp(s + i, "url(", 4) != 0)
			continue;
		size_t j = i + 4;
		while (j < n && (s[j] == ' ' || s[j] == '"' || s[j] == '\''))
			j++;
		size_t k = j;
		while (k < n && s[k] != ')' && s[k] != '"' && s[k] != '\'')
			k++;
		if (!local_url(s + j, k - j)) {
			snprintf(what, size, "url(%.*s)", (int)(k - j < 60 ? k - j : 60), s + j);
			return 1;
		}
	}
	return 0;
}

static int is_url_attr(const char *name, size_t n)
{
	static const char *const attrs[] = {
		"src", "href", "srcset", "action", "formaction", "poster", "data",
		"background", "cite", "longdesc", "manifest", "ping", "xlink:href",
		"codebase", "archive",
	};
	for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
		if (strlen(attrs[i]) == n && strncasecmp(name, attrs[i], n) == 0)
			return 1;
	return 0;
}

static void check_img_src(struct html_check *hc, const char *v, size_t n)
{
	static const char png[] = "data:image/png;base64,";
	if (n < sizeof png - 1 || strncmp(v, png, sizeof png - 1) != 0)
		return; /* other data: images are counted, not decoded */
	v += sizeof png - 1;
	n -= sizeof png - 1;
	unsigned char *bytes = malloc(n / 4 * 3 + 1);
	if (!bytes) {
		problem(hc, "out of memory");
		return;
	}
	long len = b64_decode(v, n, bytes);
	const char *why = len < 0 ? "its data URI is not base64"
				  : png_whole(bytes, (size_t)len);
	if (why)
		problem(hc, "img %d: %s", hc->images, why);
	else
		hc->pngs++;
	free(bytes);
}

/*
 * Walk the tags of html[0..len).  Report text is escaped, so every '<'
 * outside a comment, style or script starts a tag; whatever lies between
 * tags is plain text and may say anything.
 */
static void html_check(const char *html, size_t len, struct html_check *hc)
{
	memset(hc, 0, sizeof *hc);
	const char *p = html, *end = html + len;
	static const char tail[] = "</html>\n";
	if (len < sizeof tail - 1 || strcmp(end - (sizeof tail - 1), tail) != 0)
		problem(hc, "the page does not end with </html>: cut short?");
	int svg_depth = 0;
	while ((p = memchr(p, '<', (size_t)(end - p)))) {
		if (end - p >= 4 && strncmp(p, "<!--", 4) == 0) {
			const char *q = strstr(p + 4, "-->");
			p = q ? q + 3 : end;
			continue;
		}
		p++;
		int closing = p < end && *p == '/';
		if (closing || (p < end && (*p == '!' || *p == '?'))) {
			const char *name = p + (closing ? 1 : 0);
			if (closing && end - name >= 3 && strncasecmp(name, "svg", 3) == 0 &&
			    svg_depth > 0)
				svg_depth--;
			const char *q = memchr(p, '>', (size_t)(end - p));
			p = q ? q + 1 : end;
			continue;
		}
		const char *name = p;
		while (p < end && !strchr(" \t\r\n/>", *p))
			p++;
		size_t nlen = (size_t)(p - name);
		int is_img = nlen == 3 && strncasecmp(name, "img", 3) == 0;
		int is_svg = nlen == 3 && strncasecmp(name, "svg", 3) == 0;
		int raw = (nlen == 5 && strncasecmp(name, "style", 5) == 0) ||
			  (nlen == 6 && strncasecmp(name, "script", 6) == 0);
		int has_src = 0, self_closed = 0;
		if (is_img)
			hc->images++;
		/* Attributes: name, name=value, name="value", name='value'. */
		while (p < end && *p != '>') {
			if (strchr(" \t\r\n", *p)) {
				p++;
				continue;
			}
			if (*p == '/') {
				self_closed = 1;
				p++;
				continue;
			}
			self_closed = 0;
			const char *an = p;
			while (p < end && !strchr(" \t\r\n=/>", *p))
				p++;
			size_t alen = (size_t)(p - an);
			const char *v = p;
			size_t vlen = 0;
			if (p < end && *p == '=') {
				p++;
				if (p < end && (*p == '"' || *p == '\'')) {
					const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
					v = p + 1;
					vlen = q ? (size_t)(q - v) : (size_t)(end - v);
					p = q ? q + 1 : end;
				} else {
					v = p;
					while (p < end && !strchr(" \t\r\n>", *p))
						p++;
					vlen = (size_t)(p - v);
				}
			}
			char what[80];
			/* The one link a run report has: to the replay
			 * viewer beside it, followed by the reader, never
			 * loaded by the page. */
			int sibling = nlen == 1 && (*name == 'a' || *name == 'A') &&
				      alen == 4 && strncasecmp(an, "href", 4) == 0 &&
				      vlen == 11 && strncmp(v, "replay.html", 11) == 0;
			if (is_url_attr(an, alen) && !local_url(v, vlen) && !sibling)
				problem(hc, "external reference <%.*s %.*s=\"%.*s\">", (int)nlen, name,
					(int)alen, an, (int)(vlen < 60 ? vlen : 60), v);
			else if (alen == 5 && strncasecmp(an, "style", 5) == 0 &&
				 css_external(v, vlen, what, sizeof what))
				problem(hc, "external reference in a style attribute: %s", what);
			if (is_img && alen == 3 && strncasecmp(an, "src", 3) == 0) {
				has_src = 1;
				check_img_src(hc, v, vlen);
			}
		}
		if (p < end)
			p++;
		if (is_img && !has_src)
			problem(hc, "img %d has no src", hc->images);
		if (is_svg) {
			if (!svg_depth++)
				hc->svgs++;
			/* Empty: closed at once, or the next tag closes it. */
			const char *q = memchr(p, '<', (size_t)(end - p));
			if (self_closed || (q && end - q >= 5 && strncasecmp(q, "</svg", 5) == 0))
				problem(hc, "svg %d is empty", hc->svgs);
			if (self_closed)
				svg_depth--;
		}
		if (raw) {
			/* Up to the matching end tag; CSS can reference URLs. */
			const char *q = p;
			while ((q = memchr(q, '<', (size_t)(end - q))) && end - q >= 2 + (long)nlen &&
			       !(q[1] == '/' && strncasecmp(q + 2, name, nlen) == 0))
				q++;
			if (!q)
				q = end;
			char what[80];
			if (css_external(p, (size_t)(q - p), what, sizeof what))
				problem(hc, "external reference in <%.*s>: %s", (int)nlen, name, what);
			p = q;
		}
	}
}

static int check_text(const char *html, struct html_check *hc)
{
	html_check(html, strlen(html), hc);
	return hc->problems;
}

/* --- the reports under test --- */

static char g_dir[ST_DIR];   /* holds run/, cmp/, sweep/ once made */
static int g_made;       /* 1 made, -1 failed */

static void remove_reports(void)
{
	if (g_made && g_dir[0])
		st_cleanup(g_dir);
}

/* The three reports, made on first use; NULL (after a failed assertion)
 * when they cannot be. */
static const char *reports(void)
{
	if (g_made)
		return g_made > 0 ? g_dir : NULL;
	g_made = -1;
	if (access("./offersim", X_OK) != 0) {
		CU_FAIL("./offersim not built (make check builds it)");
		return NULL;
	}
	if (st_mkdtemp(g_dir, sizeof g_dir, "report")) {
		CU_FAIL("mkdtemp");
		return NULL;
	}
	g_made = 1;
	atexit(remove_reports);
	int rc = st_sh("./offersim run tests/data/synth-small.yaml -o %s/run -q", g_dir);
	rc |= st_sh("./offersim compare tests/data/synth-small.yaml "
		 "--vary frameworks.alpha.placement=first_fit,best_fit --seeds 2 -j 2 "
		 "-o %s/cmp -q", g_dir);
	rc |= st_sh("./offersim sweep tests/data/mmc.yaml --param cluster.agents.slot.count "
		 "--values 9,10 --slo 'wait.mean<=1' "
		 "--set frameworks.q.workload.synthetic.jobs=200 --seeds 2 -j 2 "
		 "-o %s/sweep -q", g_dir);
	CU_ASSERT_EQUAL(rc, 0);
	if (rc)
		g_made = -1;
	return g_made > 0 ? g_dir : NULL;
}

static int plots_drawn(void)
{
	return plot_available() && plot_script_dir();
}

/* PNG files in dir. */
static int count_pngs(const char *dir)
{
	char cmd[ST_DIR + 64];
	snprintf(cmd, sizeof cmd, "ls '%s' | grep -c '\\.png$'", dir);
	FILE *f = popen(cmd, "r");
	int n = -1;
	if (f) {
		if (fscanf(f, "%d", &n) != 1)
			n = -1;
		pclose(f);
	}
	return n;
}

static char *slurp_report(const char *sub)
{
	char dir[ST_DIR + 32];
	snprintf(dir, sizeof dir, "%s/%s", g_dir, sub);
	return st_slurp(dir, "report.html", NULL);
}

/* --- suite report --- */

static void test_static(void)
{
	if (!reports())
		return;
	/* Plots per report with gnuplot: run 4 (utilization, wait CDF,
	 * shares, queue) and the Gantt chart as an inline SVG (its PNG,
	 * gantt.png, stays beside the report); compare 16 (13 metric bars: wait mean/p95/p99, response,
	 * bounded slowdown, 2 utilizations, makespan, fairness, job wait
	 * mean/p95, job response, job bounded slowdown; the CDF; 2
	 * timelines); sweep 1 (one SLO). */
	static const struct {
		const char *sub;
		int plots, svgs;
	} want[] = {{"run", 4, 1}, {"cmp", 16, 0}, {"sweep", 1, 0}};
	int drawn = plots_drawn();
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char *html = slurp_report(want[i].sub);
		CU_ASSERT_PTR_NOT_NULL(html);
		if (!html)
			continue;
		struct html_check hc;
		check_text(html, &hc);
		if (hc.problems)
			printf("\n    %s/report.html: %s ", want[i].sub, hc.first);
		CU_ASSERT_EQUAL(hc.problems, 0);
		char dir[ST_DIR + 32];
		snprintf(dir, sizeof dir, "%s/%s", g_dir, want[i].sub);
		CU_ASSERT_EQUAL(hc.images, drawn ? want[i].plots : 0);
		CU_ASSERT_EQUAL(hc.pngs, hc.images);
		CU_ASSERT_EQUAL(count_pngs(dir), hc.images + (drawn ? want[i].svgs : 0));
		CU_ASSERT_EQUAL(hc.svgs, want[i].svgs);
		free(html);
	}
	if (!drawn)
		st_skip("gnuplot not available; reports without images checked");
}

/* html with the first occurrence of what replaced by with (free it). */
static char *replaced(const char *html, const char *what, const char *with)
{
	const char *at = strstr(html, what);
	if (!at)
		return NULL;
	size_t n = strlen(html), a = strlen(what), b = strlen(with);
	char *out = malloc(n - a + b + 1);
	if (!out)
		return NULL;
	memcpy(out, html, (size_t)(at - html));
	memcpy(out + (at - html), with, b);
	strcpy(out + (at - html) + b, at + a);
	return out;
}

/* Change one base64 character in the middle of the first image's data to
 * another valid one: still base64, still a PNG signature, wrong inside. */
static char *corrupt_middle(const char *html)
{
	const char *at = strstr(html, "base64,");
	if (!at)
		return NULL;
	at += 7;
	size_t n = strcspn(at, "\"");
	char *out = strdup(html);
	if (out) {
		char *c = out + (at - html) + n / 2;
		*c = *c == 'A' ? 'B' : 'A';
	}
	return out;
}

static void expect_problem(const char *html, const char *label, const char *needle)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	struct html_check hc;
	int n = check_text(html, &hc);
	CU_ASSERT(n > 0);
	CU_ASSERT(strstr(hc.first, needle) != NULL);
	if (!n || !strstr(hc.first, needle))
		printf("\n    %s: expected '%s', got '%s' ", label, needle, n ? hc.first : "no problem");
}

static void test_static_catches(void)
{
	if (!reports())
		return;
	char *html = slurp_report("run");
	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	char *t;

	/* Plain-text URLs are text, not references. */
	t = replaced(html, "</h1>", "</h1>\n<p>See https://example.org/ and http://x.test/.</p>");
	struct html_check hc;
	CU_ASSERT(t && check_text(t, &hc) == 0);
	free(t);

	t = replaced(html, "</h1>", "</h1><img alt=\"x\" src=\"https://example.org/x.png\">");
	expect_problem(t, "external img", "external reference <img src=\"https://example.org/x.png\">");
	free(t);
	t = replaced(html, "</h1>", "</h1><a href=\"other.html\">x</a>");
	expect_problem(t, "a link other than replay.html", "external reference <a href=\"other.html\">");
	free(t);
	t = replaced(html, "</h1>", "</h1><img alt=\"x\" src=\"replay.html\">");
	expect_problem(t, "replay.html loaded, not linked", "external reference <img src=\"replay.html\">");
	free(t);
	t = replaced(html, "</h1>", "</h1><link rel=stylesheet href=//cdn.example.org/s.css>");
	expect_problem(t, "protocol-relative link", "external reference <link href=");
	free(t);
	t = replaced(html, "</style>", "body{background:url('http://example.org/b.png')}</style>");
	expect_problem(t, "css url", "external reference in <style>: url(http://example.org/b.png)");
	free(t);
	t = replaced(html, "</style>", "@import \"s.css\";</style>");
	expect_problem(t, "css import", "@import");
	free(t);
	t = replaced(html, "</h1>", "</h1><p style=\"background: url(x.png)\">x</p>");
	expect_problem(t, "style attribute", "style attribute: url(x.png)");
	free(t);
	t = replaced(html, "</h1>", "</h1><svg width=\"10\" height=\"10\"></svg>");
	expect_problem(t, "empty svg", "svg 1 is empty");
	free(t);
	t = replaced(html, "</h1>", "</h1><svg width=\"10\" height=\"10\"><rect width=\"4\" "
		     "height=\"4\"/></svg>");
	/* The run report's own svg is its Gantt chart. */
	CU_ASSERT(t && check_text(t, &hc) == 0 && hc.svgs == 2);
	free(t);

	if (plots_drawn()) {
		t = corrupt_middle(html);
		expect_problem(t, "corrupted PNG", "img 1: a chunk");
		free(t);
		t = replaced(html, "base64,iVBORw0KGgo", "base64,AAAAAAAAAAA");
		expect_problem(t, "PNG signature", "img 1: no PNG signature");
		free(t);
		t = replaced(html, "base64,iVBOR", "base64,iV!OR");
		expect_problem(t, "bad base64", "img 1: its data URI is not base64");
		free(t);
		/* Cut in the middle of the second image. */
		t = strdup(html);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t);
		char *second = strstr(strstr(t, "base64,") + 7, "base64,");
		CU_ASSERT_PTR_NOT_NULL_FATAL(second);
		second[7 + strcspn(second + 7, "\"") / 2] = '\0';
		expect_problem(t, "truncated", "does not end with </html>");
		check_text(t, &hc);
		CU_ASSERT(hc.problems >= 2);   /* and the cut image */
		free(t);
	} else {
		st_skip("gnuplot not available; image corruption not tested");
	}
	free(html);
}

/* --- suite browser --- */

/* Run scripts/check-report on files; its output (one line per file) in
 * out, its exit status returned. */
static int check_report(char *out, size_t size, const char *files)
{
	char log[ST_DIR + 32];
	snprintf(log, sizeof log, "%s/check.out", g_dir);
	int rc = st_sh("sh scripts/check-report %s > %s 2>&1", files, log);
	char *text = st_slurp(g_dir, "check.out", NULL);
	snprintf(out, size, "%s", text ? text : "");
	free(text);
	return rc;
}

const char *browser_missing(void);

const char *browser_missing(void)
{
	if (system("sh scripts/check-report --which > /dev/null 2>&1") == 0)
		return NULL;
	return "chromium not found (apt-get install chromium)";
}

static void write_file(const char *sub, const char *text)
{
	char path[ST_DIR + 32];
	snprintf(path, sizeof path, "%s/%s", g_dir, sub);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	CU_ASSERT_EQUAL(fclose(f), 0);
}

static void test_browser_reports(void)
{
	if (!reports())
		return;
	static const char *const subs[] = {"run", "cmp", "sweep"};
	char files[3 * ST_DIR + 64] = "", out[4096];
	for (int i = 0; i < 3; i++) {
		size_t k = strlen(files);
		snprintf(files + k, sizeof files - k, " %s/%s/report.html", g_dir, subs[i]);
	}
	int rc = check_report(out, sizeof out, files);
	CU_ASSERT_EQUAL(rc, 0);
	/* The browser saw the images the static check counted. */
	for (int i = 0; i < 3; i++) {
		char *html = slurp_report(subs[i]);
		struct html_check hc;
		CU_ASSERT_PTR_NOT_NULL_FATAL(html);
		check_text(html, &hc);
		free(html);
		char line[ST_DIR + 64];
		snprintf(line, sizeof line, "%s/%s/report.html: PASS images=%d svgs=%d\n",
			 g_dir, subs[i], hc.images, hc.svgs);
		CU_ASSERT(strstr(out, line) != NULL);
	}
	if (rc)
		printf("\n%s", out);
}

static void test_browser_broken_image(void)
{
	if (!reports())
		return;
	if (!plots_drawn()) {
		st_skip("gnuplot not available; no image to break");
		return;
	}
	char *html = slurp_report("run");
	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	/* The second image's data URI no longer holds a PNG. */
	char *t = strdup(html);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	char *second = strstr(strstr(t, "base64,") + 7, "base64,");
	CU_ASSERT_PTR_NOT_NULL_FATAL(second);
	memcpy(second + 7, "AAAAAAAAAAA", 11);
	write_file("broken.html", t);
	free(t);
	free(html);
	char out[4096], files[ST_DIR + 32];
	snprintf(files, sizeof files, "%s/broken.html", g_dir);
	CU_ASSERT_EQUAL(check_report(out, sizeof out, files), 1);
	CU_ASSERT(strstr(out, "broken.html: FAIL images=4 svgs=1: img 2 broken "
			 "(wait-time distribution)\n") != NULL);
	if (!strstr(out, "img 2 broken"))
		printf("\n%s", out);
}

static void test_browser_other_failures(void)
{
	if (!reports())
		return;
	char *html = slurp_report("run");
	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	/* Two defects on one page (one browser start): both are named. */
	char *t = replaced(html, "</h1>", "</h1><svg width=\"10\" height=\"10\"></svg>"
			   "<img alt=\"net\" src=\"https://example.org/x.png\">");
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	write_file("defects.html", t);
	free(t);
	free(html);
	/* Not a report at all: no title, so the check says so. */
	write_file("empty.html", "");
	char out[4096], files[3 * ST_DIR + 64];
	snprintf(files, sizeof files, "%s/defects.html %s/empty.html %s/missing.html",
		 g_dir, g_dir, g_dir);
	CU_ASSERT_EQUAL(check_report(out, sizeof out, files), 1);
	int n = plots_drawn() ? 4 : 0;
	char want[ST_DIR + 64];
	snprintf(want, sizeof want, "defects.html: FAIL images=%d svgs=2: img 1 broken (net); "
		 "svg 1 empty; external reference <img src=\"https://example.org/x.png\">; "
		 "fetched https://example.org/x.png\n", n + 1);
	CU_ASSERT(strstr(out, want) != NULL);
	CU_ASSERT(strstr(out, "empty.html: FAIL images=0 svgs=0: no title") != NULL);
	CU_ASSERT(strstr(out, "missing.html: FAIL: cannot read it") != NULL);
	CU_ASSERT(strstr(out, ": PASS") == NULL);
	if (!strstr(out, want))
		printf("\n%s", out);
}

static const struct test_case report_cases[] = {
	{"report: run, compare, sweep self-contained, every PNG whole", test_static},
	{"report: the static check catches each defect", test_static_catches},
	{NULL, NULL},
};

const struct test_suite suite_report = {"report", report_cases};

static const struct test_case browser_cases[] = {
	{"browser: run, compare, sweep reports load with every image", test_browser_reports},
	{"browser: a corrupted image data URI fails", test_browser_broken_image},
	{"browser: an empty svg, an external image, a non-report fail", test_browser_other_failures},
	{NULL, NULL},
};

const struct test_suite suite_browser = {"browser", browser_cases};
