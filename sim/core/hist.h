/*
 * hist.h - empirical distributions: a histogram read from a CSV file,
 * sampled through GSL's gsl_histogram_pdf.
 *
 * The file lists bins as `lower,upper,count` rows (format in hist.c and
 * docs/workloads.md).  A draw picks a bin with probability proportional to
 * its count and then a point uniformly inside it, which is what
 * gsl_histogram_pdf_sample() does; the mean and variance below are those of
 * that piecewise-uniform density, not of the raw data the histogram was
 * made from.
 */
#ifndef OFFERSIM_HIST_H
#define OFFERSIM_HIST_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

struct diag;
struct hist;

/*
 * Read the histogram at path.  Problems are reported through d as
 * "shown:LINE:COL: error: ..." (shown is the name to print, usually the
 * path as the user wrote it; NULL means path).  Returns 0 and sets *out,
 * or a negative code (err.h).
 */
int hist_load(const char *path, const char *shown, struct diag *d,
	      struct hist **out);

/*
 * A histogram from n bins [range[i], range[i+1]) with weights count[i]
 * (>= 0, at least one > 0, ranges increasing).  Returns NULL when out of
 * memory or when the input breaks those rules.
 */
struct hist *hist_new(const double *range, const double *count, size_t n);

/* hist_free(NULL) is a no-op. */
void hist_free(struct hist *h);

/* One draw: a bin by weight, then a uniform point inside it. */
double hist_sample(const struct hist *h, gsl_rng *r);

/* Moments of the piecewise-uniform density the samples follow. */
double hist_mean(const struct hist *h);
double hist_variance(const struct hist *h);

/* Number of bins (gaps in the file count as bins of weight 0). */
size_t hist_bins(const struct hist *h);

#endif
