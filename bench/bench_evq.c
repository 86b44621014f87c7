/*
 * bench_evq.c - throughput of the event queue alone, in the hold model.
 *
 * The hold model is the classic priority-queue benchmark for discrete-event
 * simulation: keep N events pending, then repeat "pop the earliest, push it
 * back at its time plus a random increment".  The queue size stays N, and
 * the increments decide how deep each push sinks, much as a simulation's
 * task durations do.  We measure it at 1k, 100k and 1M pending events, the
 * range between a small demo and a large trace replay.
 *
 * Beside sim/core/evq.c runs a textbook array binary heap of (double time, int
 * id) records with no phase or insertion-counter tie-break.  It shows what
 * evq's intrusive design (a node pointer in every slot, one node read per
 * pop to skip lazily cancelled entries) and its exact (time, phase, seq)
 * order cost against the simplest heap one could write.  Both queues see the same
 * increments, so the popped times are the same sequence whatever the tie
 * order; their sums are compared as a check that both really did the work.
 *
 * Increments come from a precomputed table filled by a fixed-seed xorshift
 * generator, so the timed loop measures the queue, not log() and the RNG,
 * and every run does exactly the same operations.
 *
 * Usage: bench-evq [SCALE]   SCALE multiplies the operation counts (0.1 for
 * a quick look); the default takes a few seconds.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../sim/core/evq.h"

/* A power of two, so the table index is a mask; large enough that the
 * increments do not repeat in step with the heap's shape. */
#define INC_TABLE_SIZE (1u << 16)

struct inc {
	simtime_t dt;        /* increment, microseconds */
	uint32_t phase;
};

static struct inc inc_table[INC_TABLE_SIZE];

/* Marsaglia's xorshift64*: tiny, fixed-seed, the same on every machine. */
static uint64_t rng_state = UINT64_C(0x9E3779B97F4A7C15);

static uint64_t xorshift64s(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(0x2545F4914F6CDD1D);
}

/* Uniform in (0, 1]: 53 random bits, never 0, so log() is finite. */
static double uniform01(void)
{
	return ((double)(xorshift64s() >> 11) + 1.0) * 0x1.0p-53;
}

/*
 * Exponential increments with a mean of one second, in integer
 * microseconds like the simulator's clock.  Exponential is the usual hold
 * model choice and matches the synthetic workloads' durations.
 */
static void fill_inc_table(void)
{
	for (size_t i = 0; i < INC_TABLE_SIZE; i++) {
		inc_table[i].dt = (simtime_t)llround(-log(uniform01()) * 1e6);
		inc_table[i].phase = (uint32_t)(xorshift64s() % EVQ_PHASES);
	}
}

/* CPU time of this process, not wall time: on a shared machine the
 * scheduler's slices would otherwise decide the ratio. */
static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Initial event times: spread like N increments from time 0. */
static simtime_t initial_time(size_t i)
{
	return inc_table[(i * 7919u) & (INC_TABLE_SIZE - 1)].dt;
}

struct result {
	double mops;         /* millions of hold operations per second */
	uint64_t checksum;   /* sum of popped times, microseconds */
	int ok;
};

/* ---- the engine's queue ------------------------------------------------ */

static struct result run_evq(size_t n, size_t ops)
{
	struct result r = {0, 0, 0};
	struct evq q;
	struct evq_node *nodes = malloc(n * sizeof *nodes);
	if (!nodes)
		return r;
	evq_init(&q);
	if (evq_reserve(&q, n) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		evq_node_init(&nodes[i], 0, (uint32_t)i);
		if (evq_push(&q, &nodes[i], initial_time(i),
			     inc_table[i & (INC_TABLE_SIZE - 1)].phase) != 0)
			goto out;
	}

	uint64_t sum = 0;
	double t0 = now_sec();
	for (size_t k = 0; k < ops; k++) {
		struct evq_node *e = evq_pop(&q);
		const struct inc *in = &inc_table[k & (INC_TABLE_SIZE - 1)];
		sum += (uint64_t)e->time;
		/* Cannot fail: the node just left, so there is room. */
		(void)evq_push(&q, e, e->time + in->dt, in->phase);
	}
	double t1 = now_sec();

	r.mops = (double)ops / (t1 - t0) / 1e6;
	r.checksum = sum;
	r.ok = 1;
out:
	evq_release(&q);
	free(nodes);
	return r;
}

/* ---- baseline: a textbook binary heap of values ------------------------ */

struct bent {
	double time;
	int id;
};

struct bheap {
	struct bent *a;
	size_t n;
};

static void bheap_push(struct bheap *h, double time, int id)
{
	size_t i = h->n++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (h->a[p].time <= time)
			break;
		h->a[i] = h->a[p];
		i = p;
	}
	h->a[i].time = time;
	h->a[i].id = id;
}

static struct bent bheap_pop(struct bheap *h)
{
	struct bent top = h->a[0];
	struct bent last = h->a[--h->n];
	size_t n = h->n, i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && h->a[c + 1].time < h->a[c].time)
			c++;
		if (last.time <= h->a[c].time)
			break;
		h->a[i] = h->a[c];
		i = c;
	}
	if (n)
		h->a[i] = last;
	return top;
}

static struct result run_baseline(size_t n, size_t ops)
{
	struct result r = {0, 0, 0};
	struct bheap h = {malloc(n * sizeof(struct bent)), 0};
	if (!h.a)
		return r;
	for (size_t i = 0; i < n; i++)
		bheap_push(&h, (double)initial_time(i), (int)i);

	uint64_t sum = 0;
	double t0 = now_sec();
	for (size_t k = 0; k < ops; k++) {
		struct bent e = bheap_pop(&h);
		const struct inc *in = &inc_table[k & (INC_TABLE_SIZE - 1)];
		sum += (uint64_t)e.time;
		bheap_push(&h, e.time + (double)in->dt, e.id);
	}
	double t1 = now_sec();

	r.mops = (double)ops / (t1 - t0) / 1e6;
	r.checksum = sum;
	r.ok = 1;
	free(h.a);
	return r;
}

int main(int argc, char **argv)
{
	static const struct {
		size_t pending, ops;
	} cases[] = {
		{1000, 10000000},
		{100000, 5000000},
		{1000000, 3000000},
	};
	double scale = 1.0;
	if (argc > 1) {
		char *end;
		scale = strtod(argv[1], &end);
		if (*end || !(scale > 0 && scale <= 100)) {
			fprintf(stderr, "usage: %s [SCALE]  (0 < SCALE <= 100)\n",
				argv[0]);
			return 2;
		}
	}

	fill_inc_table();
	int status = 0;
	printf("event queue, hold model (pop + push at time + Exp(1 s))\n");
	printf("%10s %12s %14s %16s\n", "pending", "evq Mev/s",
	       "baseline Mev/s", "operations");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t ops = (size_t)((double)cases[i].ops * scale);
		if (ops < 1)
			ops = 1;
		struct result a = run_evq(cases[i].pending, ops);
		struct result b = run_baseline(cases[i].pending, ops);
		if (!a.ok || !b.ok) {
			fprintf(stderr, "bench-evq: out of memory at %zu pending\n",
				cases[i].pending);
			return 1;
		}
		printf("%10zu %12.2f %14.2f %16zu\n", cases[i].pending, a.mops,
		       b.mops, ops);
		/* Same increments, same pop order of times: the sums agree
		 * unless one of the heaps is wrong. */
		if (a.checksum != b.checksum) {
			fprintf(stderr, "bench-evq: checksum mismatch at %zu "
				"pending: evq %llu, baseline %llu\n",
				cases[i].pending,
				(unsigned long long)a.checksum,
				(unsigned long long)b.checksum);
			status = 1;
		}
	}
	return status;
}
