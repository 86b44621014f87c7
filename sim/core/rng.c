/*
 * rng.c - stream seeds from (seed, name) with FNV-1a and a final mix.
 *
 * FNV-1a over the name then SplitMix64 over (hash ^ seed) spreads nearby
 * seeds and similar names to unrelated generator seeds.  MT19937 is seeded
 * with 32 bits (gsl_rng_set uses the low 32 bits for mt19937).
 *
 * rng_shuffle is the allocator's per-pass agent shuffle.  It must leave
 * the stream and the permutation exactly as gsl_rng_uniform_int would, so
 * it repeats that function's documented rule (GSL's gsl_rng.h): with
 * range = max - min of the generator, scale = range / n, draw
 * k = (get() - min) / scale until k < n.  For a 32-bit generator such as
 * MT19937 (min 0, max 2^32 - 1) every operand fits 32 bits, so the two
 * divisions are 32-bit ones, and the generator's get is called directly
 * rather than through the library call per draw; other generators take
 * the library's own function.  tests/test_dist.c compares the two on many
 * sizes and on the stream's next draws.
 */
#include "rng.h"

unsigned long rng_stream_seed(uint64_t seed, const char *name)
{
	uint64_t h = UINT64_C(1469598103934665603);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		h ^= *p;
		h *= UINT64_C(1099511628211);
	}
	uint64_t z = h ^ (seed * UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	z ^= z >> 31;
	unsigned long s = (unsigned long)(z & 0xffffffffUL);
	return s ? s : 1;   /* mt19937 treats 0 as its default seed */
}

gsl_rng *rng_stream_new(uint64_t seed, const char *name)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	if (r)
		gsl_rng_set(r, rng_stream_seed(seed, name));
	return r;
}

void rng_shuffle_plain(gsl_rng *r, int *a, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = (int)gsl_rng_uniform_int(r, (unsigned long)i + 1);
		int t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

void rng_shuffle(gsl_rng *r, int *a, int n)
{
	const gsl_rng_type *type = r->type;
	if (type->min != 0 || type->max != 0xffffffffUL) {
		rng_shuffle_plain(r, a, n);
		return;
	}
	unsigned long (*get)(void *) = type->get;
	void *state = r->state;
	for (int i = n - 1; i > 0; i--) {
		uint32_t m = (uint32_t)i + 1;
		uint32_t scale = UINT32_C(0xffffffff) / m;
		uint32_t k;
		do
			k = (uint32_t)get(state) / scale;
		while (k >= m);
		int t = a[i];
		a[i] = a[k];
		a[k] = t;
	}
}
