/*
 * diag.c - the one place that formats user-facing error messages.
 *
 * Messages follow the compiler convention file:line:col: error: message so
 * editors can jump to them.  The number printed is capped so a trace with a
 * million bad lines does not flood the terminal; the count keeps growing.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(struct diag *d, FILE *out)
{
	memset(d, 0, sizeof *d);
	d->out = out;
}

static FILE *diag_out(const struct diag *d)
{
	return d->out ? d->out : stderr;
}

static int diag_capped(const struct diag *d)
{
	if (d->capture)
		return 0;   /* the diag it is replayed into caps */
	int cap = d->max_errors > 0 ? d->max_errors : 20;
	return d->errors > cap;
}

static void diag_head(struct diag *d, const char *kind, const char *file,
		      int line, int col)
{
	FILE *o = diag_out(d);
	fputs(file ? file : "offersim", o);
	if (line > 0) {
		fprintf(o, ":%d", line);
		if (col > 0)
			fprintf(o, ":%d", col);
	}
	fprintf(o, ": %s: ", kind);
}

/* The text of fmt with ap, whole, for a capture hook (NULL when out of
 * memory: the hook then gets a placeholder). */
static char *vformat(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return NULL;
	char *m = malloc((size_t)n + 1);
	if (m)
		vsnprintf(m, (size_t)n + 1, fmt, ap);
	return m;
}

static void capture(struct diag *d, const char *kind, const char *file,
		    int line, int col, const char *srcline, const char *fmt,
		    va_list ap)
{
	char *m = vformat(fmt, ap);
	d->capture(d->capture_ctx, kind, file, line, col, srcline,
		   m ? m : "(message lost: out of memory)");
	free(m);
}

static void diag_vreport(struct diag *d, const char *kind, const char *file,
			 int line, int col, const char *srcline,
			 const char *fmt, va_list ap)
{
	if (d->capture) {
		capture(d, kind, file, line, col, srcline, fmt, ap);
		return;
	}
	if (d->sink) {
		char msg[1024];
		vsnprintf(msg, sizeof msg, fmt, ap);
		d->sink(d->sink_ctx, kind, file, line, col, msg);
		return;
	}
	FILE *o = diag_out(d);
	if (d->before)
		d->before(d->before_ctx);
	if (d->flush_first)
		fflush(d->flush_first);
	diag_head(d, kind, file, line, col);
	vfprintf(o, fmt, ap);
	fputc('\n', o);
	if (srcline && col > 0) {
		size_t n = strcspn(srcline, "\r\n");
		fprintf(o, "  %.*s\n  ", (int)n, srcline);
		for (int i = 1; i < col && (size_t)i <= n; i++)
			fputc(srcline[i - 1] == '\t' ? '\t' : ' ', o);
		fputs("^\n", o);
	}
}

void diag_error(struct diag *d, const char *file, int line, int col,
		const char *fmt, ...)
{
	va_list ap;
	d->errors++;
	if (diag_capped(d))
		return;
	va_start(ap, fmt);
	diag_vreport(d, "error", file, line, col, NULL, fmt, ap);
	va_end(ap);
}

void diag_error_src(struct diag *d, const char *file, int line, int col,
		    const char *srcline, const char *fmt, ...)
{
	va_list ap;
	d->errors++;
	if (diag_capped(d))
		return;
	va_start(ap, fmt);
	diag_vreport(d, "error", file, line, col, srcline, fmt, ap);
	va_end(ap);
}

void diag_warn(struct diag *d, const char *file, int line, int col,
	       const char *fmt, ...)
{
	va_list ap;
	d->warnings++;
	if (d->quiet_warnings && !d->capture)   /* the replay decides */
		return;
	va_start(ap, fmt);
	diag_vreport(d, "warning", file, line, col, NULL, fmt, ap);
	va_end(ap);
}

void diag_warn_src(struct diag *d, const char *file, int line, int col,
		   const char *srcline, const char *fmt, ...)
{
	va_list ap;
	d->warnings++;
	if (d->quiet_warnings && !d->capture)   /* the replay decides */
		return;
	va_start(ap, fmt);
	diag_vreport(d, "warning", file, line, col, srcline, fmt, ap);
	va_end(ap);
}

void diag_note(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	if (diag_capped(d))
		return;
	if (d->capture) {
		va_start(ap, fmt);
		capture(d, "note", NULL, 0, 0, NULL, fmt, ap);
		va_end(ap);
		return;
	}
	if (d->sink) {
		char msg[1024];
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		d->sink(d->sink_ctx, "note", NULL, 0, 0, msg);
		return;
	}
	FILE *o = diag_out(d);
	if (d->before)
		d->before(d->before_ctx);
	if (d->flush_first)
		fflush(d->flush_first);
	fputs("  note: ", o);
	va_start(ap, fmt);
	vfprintf(o, fmt, ap);
	va_end(ap);
	fputc('\n', o);
}

void diag_replay(struct diag *d, const char *kind, const char *file,
		 int line, int col, const char *srcline, const char *msg)
{
	if (!strcmp(kind, "note"))
		diag_note(d, "%s", msg);
	else if (!strcmp(kind, "warning"))
		diag_warn_src(d, file, line, col, srcline, "%s", msg);
	else
		diag_error_src(d, file, line, col, srcline, "%s", msg);
}

static int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return 1000;
	int prev[65], cur[65];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			int del = prev[j] + 1, ins = cur[j - 1] + 1;
			int m = sub < del ? sub : del;
			cur[j] = m < ins ? m : ins;
		}
		memcpy(prev, cur, sizeof(int) * (lb + 1));
	}
	return prev[lb];
}

const char *diag_suggest(const char *word, const char *const *candidates,
			 int n)
{
	const char *best = NULL;
	int bestd = 1000;
	for (int i = 0; i < n; i++) {
		int dist = edit_distance(word, candidates[i]);
		if (dist < bestd) {
			bestd = dist;
			best = candidates[i];
		}
	}
	/* A typo is at most a third of the word, and at least one edit. */
	int limit = (int)strlen(word) / 3;
	if (limit < 1)
		limit = 1;
	if (limit > 3)
		limit = 3;
	return bestd <= limit ? best : NULL;
}
