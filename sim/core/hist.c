/*
 * hist.c - empirical distributions read from a histogram file, sampled with
 * gsl_histogram_pdf.
 *
 * The file is CSV, one bin per row:
 *
 *     # interarrival times, seconds
 *     lower,upper,count
 *     0,1,120
 *     1,2,300
 *     4,8,35.5
 *
 * Lines starting with # and blank lines are ignored, and so is a header
 * row that reads exactly `lower,upper,count`.  Bins are [lower, upper),
 * with 0 <= lower < upper, in increasing order and not overlapping; a gap
 * between two bins (2 to 4 above) is a bin of count 0, so gaps never draw.
 * Counts are weights: any non-negative numbers, at least one positive.
 * A bad row stops the read with `file:LINE:COL: error: ...`.
 *
 * GSL normalises the cumulative sums by floating division, so the last one
 * can miss 1 by an ulp; gsl_histogram_pdf_sample() then rejects a uniform
 * draw above it (an error, and a 0 sample).  Scaling the draw by the last
 * sum keeps every draw inside, at no cost in fidelity.
 */
#include "hist.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_histogram.h>

#include "diag.h"
#include "err.h"

struct hist {
	gsl_histogram_pdf *pdf;
	double mean, var;
};

void hist_free(struct hist *h)
{
	if (!h)
		return;
	if (h->pdf)
		gsl_histogram_pdf_free(h->pdf);
	free(h);
}

struct hist *hist_new(const double *range, const double *count, size_t n)
{
	double total = 0;
	if (n == 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!(count[i] >= 0) || !isfinite(count[i]) ||
		    !(range[i] < range[i + 1]) || !isfinite(range[i + 1]))
			return NULL;
		total += count[i];
	}
	if (!(total > 0) || !isfinite(total))
		return NULL;

	struct hist *h = calloc(1, sizeof *h);
	gsl_histogram *g = gsl_histogram_alloc(n);
	if (!h || !g)
		goto fail;
	if (gsl_histogram_set_ranges(g, range, n + 1))
		goto fail;
	for (size_t i = 0; i < n; i++)
		g->bin[i] = count[i];
	h->pdf = gsl_histogram_pdf_alloc(n);
	if (!h->pdf || gsl_histogram_pdf_init(h->pdf, g))
		goto fail;
	gsl_histogram_free(g);

	/* Piecewise uniform: mean of the bin midpoints, and the variance
	 * as the spread of the midpoints about the mean plus each bin's own
	 * width^2/12 (summed about the mean, which keeps its digits when
	 * the bins sit far from 0). */
	double m = 0, v = 0;
	for (size_t i = 0; i < n; i++)
		m += count[i] * (range[i] + range[i + 1]) / 2;
	m /= total;
	for (size_t i = 0; i < n; i++) {
		double mid = (range[i] + range[i + 1]) / 2 - m;
		double w = range[i + 1] - range[i];
		v += count[i] * (mid * mid + w * w / 12);
	}
	h->mean = m;
	h->var = v / total;
	return h;
fail:
	gsl_histogram_free(g);
	hist_free(h);
	return NULL;
}

double hist_sample(const struct hist *h, gsl_rng *r)
{
	const gsl_histogram_pdf *p = h->pdf;
	return gsl_histogram_pdf_sample(p, gsl_rng_uniform(r) * p->sum[p->n]);
}

double hist_mean(const struct hist *h)
{
	return h->mean;
}

double hist_variance(const struct hist *h)
{
	return h->var;
}

size_t hist_bins(const struct hist *h)
{
	return h->pdf->n;
}

/* ---- reading the file ---------------------------------------------- */

struct reader {
	const char *shown;
	struct diag *d;
	long line;
	double *range, *count;  /* range has one more entry than count */
	size_t n, cap;
};

static int push_bin(struct reader *rd, double lo, double hi, double c)
{
	if (rd->n + 2 > rd->cap) {
		size_t cap = rd->cap ? 2 * rd->cap : 64;
		double *r = realloc(rd->range, cap * sizeof *r);
		if (r)
			rd->range = r;
		double *k = realloc(rd->count, cap * sizeof *k);
		if (k)
			rd->count = k;
		if (!r || !k)
			return OS_ENOMEM;
		rd->cap = cap;
	}
	if (rd->n == 0)
		rd->range[0] = lo;
	rd->count[rd->n] = c;
	rd->range[++rd->n] = hi;
	return 0;
}

/* Strip blanks around [*s, *e). */
static void trim(char **s, char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

/* One row; 0 or a negative code after reporting. */
static int parse_row(struct reader *rd, char *line)
{
	static const char *const field[3] = {"lower", "upper", "count"};
	double v[3];
	char *p = line;
	int nf = 0;
	for (;;) {
		char *end = strchr(p, ',');
		char *e = end ? end : p + strlen(p);
		char *s = p;
		int col = (int)(p - line) + 1;
		trim(&s, &e);
		if (nf == 3) {
			diag_error(rd->d, rd->shown, (int)rd->line, col,
				   "too many fields: a bin is "
				   "lower,upper,count");
			return OS_EPARSE;
		}
		col = (int)(s - line) + 1;
		char save = *e, *stop;
		*e = '\0';
		double x = strtod(s, &stop);
		int ok = stop != s && !*stop && isfinite(x);
		*e = save;
		if (!ok) {
			diag_error(rd->d, rd->shown, (int)rd->line, col,
				   "'%s' must be a number, got '%.*s'",
				   field[nf], (int)(e - s), s);
			return OS_EPARSE;
		}
		if (x < 0) {
			diag_error(rd->d, rd->shown, (int)rd->line, col,
				   "'%s' must not be negative, got %.*s",
				   field[nf], (int)(e - s), s);
			return OS_EPARSE;
		}
		if (nf == 1 && !(x > v[0])) {
			diag_error(rd->d, rd->shown, (int)rd->line, col,
				   "'upper' (%.*s) must be greater than "
				   "'lower' (%g)", (int)(e - s), s, v[0]);
			return OS_EPARSE;
		}
		v[nf++] = x;
		if (!end)
			break;
		p = end + 1;
	}
	if (nf < 3) {
		diag_error(rd->d, rd->shown, (int)rd->line,
			   (int)strlen(line) + 1, "missing '%s': a bin is "
			   "lower,upper,count", field[nf]);
		return OS_EPARSE;
	}
	if (rd->n > 0) {
		double prev = rd->range[rd->n];
		if (v[0] < prev) {
			diag_error(rd->d, rd->shown, (int)rd->line, 1,
				   "bin [%g, %g) starts before the previous "
				   "bin ends (%g): bins must be in increasing "
				   "order and must not overlap", v[0], v[1],
				   prev);
			return OS_EPARSE;
		}
		if (v[0] > prev && push_bin(rd, prev, v[0], 0))
			goto nomem;
	}
	if (push_bin(rd, v[0], v[1], v[2]))
		goto nomem;
	return 0;
nomem:
	diag_error(rd->d, rd->shown, (int)rd->line, 0, "out of memory");
	return OS_ENOMEM;
}

int hist_load(const char *path, const char *shown, struct diag *d,
	      struct hist **out)
{
	struct reader rd = {.shown = shown ? shown : path, .d = d};
	char *line = NULL;
	size_t cap = 0;
	int rc = 0, header_ok = 1;
	double total = 0;
	*out = NULL;
	FILE *f = fopen(path, "r");
	if (!f) {
		int e = errno;
		diag_error(d, rd.shown, 0, 0, "cannot open histogram file: %s",
			   strerror(e));
		return e == ENOENT ? OS_ENOENT : OS_EIO;
	}
	ssize_t len;
	while ((len = getline(&line, &cap, f)) >= 0) {
		rd.line++;
		while (len > 0 && (line[len - 1] == '\n' ||
				   line[len - 1] == '\r'))
			line[--len] = '\0';
		if ((size_t)len != strlen(line)) {
			diag_error(d, rd.shown, (int)rd.line, 0,
				   "line contains a NUL byte");
			rc = OS_EPARSE;
			break;
		}
		char *s = line, *e = line + len;
		trim(&s, &e);
		if (s == e || *s == '#')
			continue;
		/* The header may only come before the first bin. */
		if (header_ok && !strcmp(s, "lower,upper,count")) {
			header_ok = 0;
			continue;
		}
		header_ok = 0;
		if ((rc = parse_row(&rd, line)))
			break;
		total += rd.count[rd.n - 1];
	}
	if (!rc && ferror(f)) {
		diag_error(d, rd.shown, 0, 0, "cannot read histogram file: %s",
			   strerror(errno));
		rc = OS_EIO;
	}
	fclose(f);
	free(line);
	if (!rc && rd.n == 0) {
		diag_error(d, rd.shown, 0, 0, "histogram file has no bins "
			   "(rows of lower,upper,count)");
		rc = OS_EPARSE;
	} else if (!rc && !(total > 0)) {
		diag_error(d, rd.shown, 0, 0, "every count in the histogram "
			   "is 0: nothing to draw from");
		rc = OS_EPARSE;
	} else if (!rc && !isfinite(total)) {
		diag_error(d, rd.shown, 0, 0, "the counts of the histogram "
			   "add up to more than a double holds");
		rc = OS_ERANGE;
	}
	if (!rc) {
		*out = hist_new(rd.range, rd.count, rd.n);
		if (!*out) {
			diag_error(d, rd.shown, 0, 0, "out of memory reading "
				   "the histogram");
			rc = OS_ENOMEM;
		}
	}
	free(rd.range);
	free(rd.count);
	return rc;
}
