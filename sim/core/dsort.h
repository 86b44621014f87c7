/*
 * dsort.h - sort doubles ascending, as gsl_sort does, in linear time.
 *
 * The end of every run sorts each exact metric (waits, responses,
 * slowdowns of every task and job) for its percentiles, and gsl_sort's
 * heapsort was a twentieth of a run on the KTH log.  dsort is a radix
 * sort on the values' bits, mapped so that unsigned order is numeric
 * order; the result is the same array gsl_sort leaves for any input
 * without NaN (equal values are bit-identical except 0 and -0, which
 * dsort puts -0 first).  Without memory for its scratch copy it falls
 * back to gsl_sort, so it cannot fail.
 */
#ifndef OFFERSIM_DSORT_H
#define OFFERSIM_DSORT_H

#include <stddef.h>

void dsort(double *v, size_t n);

#endif
