/*
 * numfmt.h - numbers as a reader of a report wants them: plain digits,
 * thousands grouped, a time in the unit its size calls for.
 *
 * Reports, comparison tables and sweep summaries all print through these
 * functions, so one rule decides how every figure a person reads looks
 * (the CSV and JSON files keep full precision for programs).  The rule:
 *
 *   - NaN prints "n/a"; never an exponent, whatever the size.
 *   - Decimals follow the magnitude a = |x| (nf_decimals): a >= 1000 none,
 *     a >= 100 one, a >= 10 two, a >= 0.01 three (and zero itself three),
 *     below that enough for three significant digits, at most nine.
 *   - The integer part is grouped by threes with commas from 10,000 on
 *     ("2,069,600"; "4096" stays as it is, like a year or a port).
 *   - A duration in seconds takes the largest unit it fills to at least 2
 *     (nf_time_unit): s below 120 s, min below 2 h, h below 2 days, then
 *     d; "23.95 d" rather than "2069600 s".  A column of durations takes
 *     the unit of its largest value, so its cells compare digit for digit.
 *
 * Buffers of NF_BUF bytes hold any result.
 */
#ifndef OFFERSIM_NUMFMT_H
#define OFFERSIM_NUMFMT_H

#include <stddef.h>

#define NF_BUF 48

/* A unit of time: its name ("s", "min", "h", "d") and its length in s. */
struct nf_unit {
	const char *name;
	double seconds;
};

/* The unit for durations up to span seconds (the rule above); seconds
 * for NaN, zero or negative spans. */
struct nf_unit nf_time_unit(double span);

/* The decimals the rule gives a value of this size. */
int nf_decimals(double x);

/* Flags of nf_fixed. */
enum { NF_SIGN = 1 };   /* a '+' before positive values (differences) */

/* x with dec decimals, grouped as above; "n/a" for NaN.  Returns buf
 * (size bytes, NF_BUF is always enough). */
char *nf_fixed(char *buf, size_t size, double x, int dec, int flags);

/* x with the decimals of its own size: nf_fixed(x, nf_decimals(x)). */
char *nf_plain(char *buf, size_t size, double x);

/* A duration in the unit of its own size, with the unit: "23.95 d". */
char *nf_seconds(char *buf, size_t size, double s);

/* A duration in a given unit (a column's), without the unit name. */
char *nf_in_unit(char *buf, size_t size, double s, struct nf_unit u);

#endif
