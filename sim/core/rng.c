/*
 * rng.c - stream seeds from (seed, name) with FNV-1a and a final mix.
 *
 * FNV-1a over the name then SplitMix64 over (hash ^ seed) spreads nearby
 * seeds and similar names to unrelated generator seeds.  MT19937 is seeded
 * with 32 bits (gsl_rng_set uses the low 32 bits for mt19937).
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
