/*
 * dsort.c - least-significant-digit radix sort of doubles (see dsort.h).
 *
 * Each value's bits become a key whose unsigned order is the numeric
 * order: a positive value gets its sign bit set, a negative one has all
 * its bits flipped.  Eight passes of a byte each, stable, over one
 * scratch array; a pass whose byte is the same in every key (the high
 * bytes of times in one range, say) is skipped, so typical metrics take
 * four or five.  The keys live in the array itself and one scratch array
 * of the same length.  Short arrays take an insertion sort.
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

/* Key i of an array of keys held as bytes: v's room holds keys for a
 * while, and bytes may alias any object. */
static uint64_t get_key(const unsigned char *a, size_t i)
{
	uint64_t k;
	memcpy(&k, a + 8 * i, sizeof k);
	return k;
}

static void put_key(unsigned char *a, size_t i, uint64_t k)
{
	memcpy(a + 8 * i, &k, sizeof k);
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
	/* The keys take v's own room and one scratch array: the run's end
	 * sorts several long metrics, and each fresh page is a fault. */
	unsigned char *own = (unsigned char *)v;
	unsigned char *scratch = malloc(n * sizeof(uint64_t));
	if (!scratch) {
		gsl_sort(v, 1, n);
		return;
	}
	size_t count[8][256] = {{0}};
	for (size_t i = 0; i < n; i++) {
		uint64_t k = key_of(v[i]);
		put_key(own, i, k);
		for (int d = 0; d < 8; d++)
			count[d][(k >> (8 * d)) & 0xff]++;
	}
	unsigned char *a = own, *b = scratch;
	for (int d = 0; d < 8; d++) {
		size_t *c = count[d];
		if (c[(get_key(a, 0) >> (8 * d)) & 0xff] == n)
			continue;   /* every key has this byte: nothing moves */
		size_t sum = 0;
		for (int x = 0; x < 256; x++) {
			size_t t = c[x];
			c[x] = sum;
			sum += t;
		}
		for (size_t i = 0; i < n; i++) {
			uint64_t k = get_key(a, i);
			put_key(b, c[(k >> (8 * d)) & 0xff]++, k);
		}
		unsigned char *t = a;
		a = b;
		b = t;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = value_of(get_key(a, i));
	free(scratch);
}
