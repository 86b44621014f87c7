/*
 * numfmt.c - the one formatting rule for figures people read (see
 * numfmt.h for the rule itself).
 *
 * printf's %g switches to an exponent above six digits, which is how a
 * makespan of three weeks showed as "2.0696e+06 s"; %f alone gives
 * 2069600.000000.  Here the digits come from %.*f and the grouping is
 * done on the text, so the value shown is exactly printf's rounding.
 */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

struct nf_unit nf_time_unit(double span)
{
	static const struct nf_unit units[] = {
		{"d", 86400}, {"h", 3600}, {"min", 60},
	};
	/* A unit is used once the span fills two of it, so nothing reads
	 * "1.02 h" where "61.2 min" says the same in a smaller unit. */
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (span >= 2 * units[i].seconds)
			return units[i];
	return (struct nf_unit){"s", 1};
}

int nf_decimals(double x)
{
	double a = fabs(x);
	if (isnan(a) || isinf(a) || a >= 1000)
		return 0;
	if (a >= 100)
		return 1;
	if (a >= 10)
		return 2;
	if (a >= 0.01 || a == 0)
		return 3;
	/* Three significant digits: 0.00123 has its first at decimal 3. */
	int d = 2 - (int)floor(log10(a));
	return d > 9 ? 9 : d;
}

char *nf_fixed(char *buf, size_t size, double x, int dec, int flags)
{
	if (isnan(x)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	if (isinf(x)) {
		snprintf(buf, size, "%s", x > 0 ? "inf" : "-inf");
		return buf;
	}
	char digits[400];
	/* Far beyond any simulated figure; kept exact but ungrouped. */
	if (fabs(x) >= 1e300) {
		snprintf(buf, size, "%.0f", x);
		return buf;
	}
	snprintf(digits, sizeof digits, "%.*f", dec < 0 ? 0 : dec > 9 ? 9 : dec, x);
	const char *p = digits;
	int neg = *p == '-';
	if (neg)
		p++;
	/* "-0.000" is a rounding artefact of a tiny negative value. */
	if (neg && strspn(p, "0.") == strlen(p))
		neg = 0;
	size_t intlen = strcspn(p, ".");
	char out[NF_BUF * 9];
	size_t k = 0;
	if (neg)
		out[k++] = '-';
	else if ((flags & NF_SIGN))
		out[k++] = '+';
	int group = intlen > 4;
	for (size_t i = 0; i < intlen && k + 2 < sizeof out; i++) {
		if (group && i > 0 && (intlen - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = p[i];
	}
	snprintf(out + k, sizeof out - k, "%s", p + intlen);
	snprintf(buf, size, "%s", out);
	return buf;
}

char *nf_plain(char *buf, size_t size, double x)
{
	return nf_fixed(buf, size, x, nf_decimals(x), 0);
}

char *nf_in_unit(char *buf, size_t size, double s, struct nf_unit u)
{
	double v = s / u.seconds;
	return nf_fixed(buf, size, v, nf_decimals(v), 0);
}

char *nf_seconds(char *buf, size_t size, double s)
{
	if (isnan(s)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	struct nf_unit u = nf_time_unit(fabs(s));
	char v[NF_BUF];
	nf_in_unit(v, sizeof v, s, u);
	snprintf(buf, size, "%s %s", v, u.name);
	return buf;
}
