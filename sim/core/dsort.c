/*
 * dsort.c - least-significant-digit radix sort of doubles (see dsort.h).
 *
 * Each value's bits become a key whose unsigned order is the numeric
 * order: a positive value gets its sign bit set, a negative one has all
 * its bits flipped.  Eight passes of a byte each, stable, over one
 * scratch array; a pass whose byte is the same in every key (the high
 * bytes of times in one range, say) is skipped, so typical metrics take
 * four or five.  Short arrays take an insertion sort.
 */
#include "dsort.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

static uint64_t key_of(double x)
{
	uint64_t u;
	memcpy(&u, &x, sizeof u);
	return u >> 63 ? ~u : u | UINT64_C(1) << 63;
}

static double value_of(uint64_t k)
{
	uint64_t u = k >> 63 ? k & ~(UINT64_C(1) << 63) : ~k;
	double x;
	memcpy(&x, &u, sizeof x);
	return x;
}

void dsort(double *v, size_t n)
{
	if (n < 64) {
		/* by key, so that -0 comes before 0 here too */
		for (size_t i = 1; i < n; i++) {
			double x = v[i];
			uint64_t k = key_of(x);
			size_t j = i;
			for (; j > 0 && key_of(v[j - 1]) > k; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	uint64_t *a = malloc(2 * n * sizeof *a);
	if (!a) {
		gsl_sort(v, 1, n);
		return;
	}
	uint64_t *b = a + n;
	size_t count[8][256] = {{0}};
	for (size_t i = 0; i < n; i++) {
		uint64_t k = key_of(v[i]);
		a[i] = k;
		for (int d = 0; d < 8; d++)
			count[d][(k >> (8 * d)) & 0xff]++;
	}
	for (int d = 0; d < 8; d++) {
		size_t *c = count[d];
		if (c[(a[0] >> (8 * d)) & 0xff] == n)
			continue;   /* every key has this byte: nothing moves */
		size_t sum = 0;
		for (int x = 0; x < 256; x++) {
			size_t t = c[x];
			c[x] = sum;
			sum += t;
		}
		for (size_t i = 0; i < n; i++)
			b[c[(a[i] >> (8 * d)) & 0xff]++] = a[i];
		uint64_t *t = a;
		a = b;
		b = t;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = value_of(a[i]);
	free(a < b ? a : b);
}
