/*
 * test_synth.c - the synthetic generator against theory: the arrival
 * processes (diurnal profile and sinusoid, bursty MMPP, empirical, fixed),
 * the class mix, per-class priorities and estimates, the stream names, and
 * the independence of one class's draws from another's parameters.
 *
 * Statistical checks compare a count with its exact expectation and allow
 * 4 standard errors, the error itself derived from the process: Poisson
 * counts have variance equal to their mean, a class count is binomial, and
 * the MMPP count has the variance of its index of dispersion (below).  At a
 * fixed seed the outcome is deterministic; the 4-SE margin is what makes
 * the check meaningful, since a correct generator would pass it for almost
 * every seed (about 6 in 100,000 per check) while a wrong rate in one bin
 * shows up as tens of standard errors.  Most workloads are built by hand,
 * so those tests depend only on the source interface and hist.h; the last
 * ones read tests/data/synth-classes.yaml to check the scenario keys, and
 * run examples/diurnal.yaml.
 */
#include "../workloads/source.h"

#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "../sim/config/config.h"
#include "../sim/core/diag.h"
#include "../sim/core/dist.h"
#include "../sim/core/hist.h"
#include "../sim/core/rng.h"
#include "../sim/config/scenario.h"
#include "harness.h"
#include "simtest.h"

enum { R_CPUS, R_MEM };

static char fw_name[] = "alpha";
static char cls_a[] = "short", cls_b[] = "long", cls_c[] = "huge";

static struct dist_spec dist(enum dist_kind k, double p0, double p1)
{
	struct dist_spec d;
	memset(&d, 0, sizeof d);
	d.kind = k;
	d.p[0] = p0;
	d.p[1] = p1;
	return d;
}

/* A workload of jobs one-task jobs arriving every second, 1 s long. */
static void base_spec(struct synth_spec *s, long jobs)
{
	memset(s, 0, sizeof *s);
	s->jobs = jobs;
	s->arrival = dist(DIST_CONSTANT, 1, 0);
	s->duration = dist(DIST_CONSTANT, 1, 0);
	s->tasks_per_job = dist(DIST_CONSTANT, 1, 0);
}

struct gen {
	struct scenario sc;
	struct framework_spec fw;
	struct diag d;
	struct wl_source *src;
};

/* g's scenario: one framework generating spec, resources cpus and mem. */
static void gen_make(struct gen *g, const struct synth_spec *spec,
		     uint64_t seed)
{
	memset(g, 0, sizeof *g);
	diag_init(&g->d, NULL);
	g->sc.seed = seed;
	CU_ASSERT_EQUAL(res_intern(&g->sc.res, "cpus"), R_CPUS);
	CU_ASSERT_EQUAL(res_intern(&g->sc.res, "mem"), R_MEM);
	g->fw.name = fw_name;
	g->fw.wl.kind = WL_SYNTHETIC;
	g->fw.wl.synth = *spec;
	g->sc.fws = &g->fw;
	g->sc.nfws = 1;
}

static void gen_open(struct gen *g, const struct synth_spec *spec,
		     uint64_t seed)
{
	gen_make(g, spec, seed);
	CU_ASSERT_EQUAL_FATAL(wl_open(&g->sc, 0, &g->d, &g->src), 0);
}

static int gen_next(struct gen *g, struct wl_task *t)
{
	int r = wl_next(g->src, t);
	CU_ASSERT(r >= 0);
	return r > 0;
}

static void gen_close(struct gen *g)
{
	wl_close(g->src);
}

/* All records of spec into a fresh array (free it); returns the count. */
static long read_all(const struct synth_spec *spec, uint64_t seed,
		     struct wl_task **out)
{
	struct gen g;
	gen_make(&g, spec, seed);
	long n = st_read_workload(&g.sc, 0, out, NULL, NULL);
	CU_ASSERT_FATAL(n >= 0);
	return n;
}

/* |got - want| <= 4 sd, with a message naming what when it is not. */
static int within_4sd(const char *what, int i, double got, double want,
		      double sd)
{
	if (fabs(got - want) <= 4 * sd)
		return 1;
	fprintf(stderr, "\n%s %d: %.0f, expected %.1f (sd %.1f, %.1f sd off)",
		what, i, got, want, sd, (got - want) / sd);
	return 0;
}

/* ---- arrival processes ------------------------------------------------ */

/* Submit times of the first job of each job, until time `until`. */
static long count_arrivals(const struct synth_spec *spec, uint64_t seed,
			   double until, double bin, long *counts, int nbins)
{
	struct gen g;
	struct wl_task t;
	long n = 0;
	simtime_t end = simtime_from_sec(until), prev = 0;
	int monotone = 1;
	gen_open(&g, spec, seed);
	while (gen_next(&g, &t) && t.submit < end) {
		if (t.task_id != 0)
			continue;
		monotone &= t.submit >= prev;
		prev = t.submit;
		double s = simtime_to_sec(t.submit);
		long k = (long)floor(s / bin) % nbins;
		counts[k]++;
		n++;
	}
	gen_close(&g);
	CU_ASSERT(monotone);
	return n;
}

/*
 * A 24-hour profile with two silent hours, shifted by half an hour: bin h
 * of the profile covers [h + 0.5, h + 1.5) hours of each day.  Clock hour
 * h then gets half of bin h-1 and half of bin h, so over D days its count
 * is Poisson with mean D * 1800 * (rate_{h-1} + rate_h), where rate_i =
 * mean_rate * profile[i] / mean(profile).  Clock hour 4 lies in bins 3 and
 * 4, both 0: it must get no arrival at all, which no smoothing
 * approximation of the rate would give.
 */
static void test_diurnal_profile(void)
{
	static double prof[24] = {
		1, 0.5, 0.25, 0, 0, 0.5, 1, 2, 3, 4, 4, 3.5,
		3, 3.5, 4, 3.5, 3, 2.5, 2, 2, 1.5, 1.5, 1, 1,
	};
	enum { DAYS = 100 };
	const double rate = 0.1;
	struct synth_spec s;
	base_spec(&s, 100000000);
	s.proc.kind = ARRIVAL_DIURNAL;
	s.proc.rate = rate;
	s.proc.period = 86400;
	s.proc.phase = 1800;
	s.proc.profile = prof;
	s.proc.nprofile = 24;
	long counts[24] = {0};
	long n = count_arrivals(&s, 11, DAYS * 86400.0, 3600, counts, 24);

	double mean_p = 0;
	for (int i = 0; i < 24; i++)
		mean_p += prof[i] / 24;
	int ok = 1;
	double total = 0;
	for (int h = 0; h < 24; h++) {
		double r0 = rate * prof[(h + 23) % 24] / mean_p;
		double r1 = rate * prof[h] / mean_p;
		double want = DAYS * 1800 * (r0 + r1);
		total += want;
		ok &= within_4sd("clock hour", h, (double)counts[h], want,
				 sqrt(want));
	}
	CU_ASSERT(ok);
	CU_ASSERT_EQUAL(counts[4], 0);
	CU_ASSERT(counts[3] > 0 && counts[5] > 0);
	/* The whole: rate * time, Poisson. */
	CU_ASSERT(within_4sd("total", 0, (double)n, total, sqrt(total)));
	CU_ASSERT_DOUBLE_EQUAL(total, rate * DAYS * 86400, 1e-6);
}

/*
 * rate(t) = r (1 + a cos(2 pi (t - phase) / P)): the count in [t0, t1) is
 * Poisson with mean r [(t1 - t0) + a P / (2 pi) (sin(2 pi (t1 - phase) / P)
 * - sin(2 pi (t0 - phase) / P))].  Ten-minute bins see the rate change
 * within the hour (up to 26% of r per hour at a = 0.8), so a rate held
 * constant per hour would fail here by many standard errors.
 */
static void test_diurnal_sinusoid(void)
{
	enum { DAYS = 100, BINS = 144 };
	const double r = 0.1, a = 0.8, P = 86400, phase = 14 * 3600;
	const double w = P / BINS;
	struct synth_spec s;
	base_spec(&s, 100000000);
	s.proc.kind = ARRIVAL_DIURNAL;
	s.proc.rate = r;
	s.proc.amplitude = a;
	s.proc.period = P;
	s.proc.phase = phase;
	long counts[BINS] = {0};
	long n = count_arrivals(&s, 12, DAYS * P, w, counts, BINS);

	const double k = 2 * 3.14159265358979323846 / P;
	int ok = 1, peak = 0;
	for (int i = 0; i < BINS; i++) {
		double t0 = i * w, t1 = t0 + w;
		double want = DAYS * r * (w + a / k * (sin(k * (t1 - phase)) -
						      sin(k * (t0 - phase))));
		ok &= within_4sd("10-minute bin", i, (double)counts[i], want,
				 sqrt(want));
		if (counts[i] > counts[peak])
			peak = i;
	}
	CU_ASSERT(ok);
	/* The busiest bins are around the phase, 14:00 (bin 84). */
	CU_ASSERT(peak >= 78 && peak <= 90);
	double total = r * DAYS * P;
	CU_ASSERT(within_4sd("total", 0, (double)n, total, sqrt(total)));
}

/*
 * Two-state MMPP: rates l0, l1 and mean sojourns s0, s1 (switching rates
 * k0 = 1/s0, k1 = 1/s1, k = k0 + k1).  Started stationary, its count N(t)
 * has mean L t with the long-run rate L = (l0 s0 + l1 s1) / (s0 + s1), and
 * variance L t I(t) with the index of dispersion
 *   I(t) = 1 + 2 (l0 - l1)^2 p0 p1 / (L k) * (1 - (1 - e^{-kt}) / (kt)),
 * p_i = s_i / (s0 + s1) (Heffes and Lucantoni 1986; it follows from the
 * covariance (l0 - l1)^2 p0 p1 e^{-ku} of the rate process).  The total
 * checks the rate against the stationary mix; the variance of the counts
 * in 100 s windows checks that the process is modulated at all (a Poisson
 * process of rate L has I = 1, this one about 36.5).  That variance is
 * estimated from about 3,600 windows, whose relative standard error is
 * about sqrt(2 / 3600) = 2.4%; 15% leaves room for the small correlation
 * between neighbouring windows.
 */
static void test_bursty(void)
{
	const double l0 = 10, l1 = 1, s0 = 5, s1 = 20;
	const double L = (l0 * s0 + l1 * s1) / (s0 + s1);
	const double k = 1 / s0 + 1 / s1;
	const double p0 = s0 / (s0 + s1), p1 = s1 / (s0 + s1);
	const double T = 1e6 / L, W = 100;
	enum { MAXW = 4000 };
	struct synth_spec s;
	base_spec(&s, 100000000);
	s.proc.kind = ARRIVAL_BURSTY;
	s.proc.rates[0] = l0;
	s.proc.rates[1] = l1;
	s.proc.sojourn[0] = s0;
	s.proc.sojourn[1] = s1;
	int nw = (int)(T / W);
	CU_ASSERT_FATAL(nw <= MAXW);
	static long counts[MAXW];
	memset(counts, 0, sizeof counts);
	long n = count_arrivals(&s, 13, nw * W, W, counts, nw);

	double c = 2 * (l0 - l1) * (l0 - l1) * p0 * p1 / (L * k);
	double idc_t = 1 + c * (1 - (1 - exp(-k * nw * W)) / (k * nw * W));
	double want = L * nw * W;
	CU_ASSERT(within_4sd("MMPP total", 0, (double)n, want,
			     sqrt(want * idc_t)));

	double mean = 0, var = 0;
	for (int i = 0; i < nw; i++)
		mean += (double)counts[i] / nw;
	for (int i = 0; i < nw; i++)
		var += (counts[i] - mean) * (counts[i] - mean) / (nw - 1);
	double idc_w = 1 + c * (1 - (1 - exp(-k * W)) / (k * W));
	double got = var / mean;
	if (fabs(got / idc_w - 1) > 0.15) {
		fprintf(stderr, "\nMMPP dispersion %.2f, theory %.2f", got,
			idc_w);
		CU_FAIL("MMPP index of dispersion off by more than 15%");
	}
}

/* The fixture tests/data/hist-gaps.csv, or a failed test. */
static struct hist *gaps_hist(void)
{
	struct hist *h = NULL;
	struct diag d;
	diag_init(&d, NULL);
	CU_ASSERT_EQUAL(hist_load("tests/data/hist-gaps.csv", NULL, &d, &h),
			0);
	return h;
}

/* Interarrival times from a histogram: their mean is the histogram's. */
static void test_empirical_arrivals(void)
{
	struct hist *h = gaps_hist();
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	struct synth_spec s;
	base_spec(&s, 1000001);
	s.arrival.kind = DIST_EMPIRICAL;
	s.arrival.hist = h;
	struct gen g;
	struct wl_task t;
	gen_open(&g, &s, 14);
	CU_ASSERT_FATAL(gen_next(&g, &t));
	simtime_t first = t.submit, last = first;
	long n = 0;
	int inside = 1;
	while (gen_next(&g, &t)) {
		simtime_t gap = t.submit - last;
		/* The file's bins span 0.5 s to 8 s, with a gap between. */
		inside &= gap >= 500000 && gap <= 8000000 &&
			  !(gap > 2000000 && gap < 4000000);
		last = t.submit;
		n++;
	}
	gen_close(&g);
	CU_ASSERT_EQUAL(first, 0);
	CU_ASSERT_EQUAL(n, 1000000);
	CU_ASSERT(inside);
	/* Bins [0.5,1) x 2, [1,2) x 5, [4,8) x 1 (hand-computed):
	 * mean (2 * 0.75 + 5 * 1.5 + 1 * 6) / 8 = 1.875 s. */
	CU_ASSERT_DOUBLE_EQUAL(hist_mean(h), 1.875, 1e-12);
	double mean = simtime_to_sec(last - first) / (double)n;
	double sd = sqrt(hist_variance(h) / (double)n);
	CU_ASSERT(within_4sd("empirical mean (us)", 0, mean * 1e6, 1.875e6,
			     sd * 1e6));
	CU_ASSERT(fabs(mean / 1.875 - 1) < 0.01);
	hist_free(h);
}

/* A constant interval adds up in integer microseconds: no drift. */
static void test_fixed_and_legacy_streams(void)
{
	struct synth_spec s;
	base_spec(&s, 100000);
	s.start = 5;
	s.arrival = dist(DIST_CONSTANT, 0.1, 0);
	s.duration = dist(DIST_LOGNORMAL, 1, 0.5);
	struct wl_task *t;
	long n = read_all(&s, 3, &t);
	CU_ASSERT_EQUAL_FATAL(n, 100000);
	int exact = 1, same = 1;
	/* Without classes the streams keep their original names, which is
	 * what keeps old scenarios' workloads identical. */
	gsl_rng *r = rng_stream_new(3, "duration/alpha");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	for (long i = 0; i < n; i++) {
		exact &= t[i].submit == 5000000 + 100000 * i;
		same &= t[i].duration ==
			simtime_from_sec(dist_sample(&s.duration, r));
		same &= t[i].sched_class == 0 && t[i].priority == 0 &&
			t[i].estimate == t[i].duration;
	}
	CU_ASSERT(exact);
	CU_ASSERT(same);
	CU_ASSERT_EQUAL(t[n - 1].submit, 5000000 + 100000 * (n - 1));
	gsl_rng_free(r);
	free(t);
}

/* ---- classes ---------------------------------------------------------- */

static void three_classes(struct synth_spec *s, struct synth_class *k)
{
	base_spec(s, 1);
	s->arrival = dist(DIST_EXPONENTIAL, 2, 0);
	memset(k, 0, 3 * sizeof *k);
	k[0].name = cls_a;
	k[0].weight = 1;
	k[0].duration = dist(DIST_LOGNORMAL, 1, 0.8);
	k[0].tasks_per_job = dist(DIST_UNIFORM, 1, 4);
	k[0].res[R_CPUS] = dist(DIST_UNIFORM, 0.5, 2);
	k[0].has_res[R_CPUS] = 1;
	k[0].priority = dist(DIST_CONSTANT, -3, 0);
	k[1].name = cls_b;
	k[1].weight = 2;
	k[1].duration = dist(DIST_EXPONENTIAL, 100, 0);
	k[1].tasks_per_job = dist(DIST_CONSTANT, 2, 0);
	k[1].res[R_MEM] = dist(DIST_CONSTANT, 512, 0);
	k[1].has_res[R_MEM] = 1;
	k[1].priority = dist(DIST_UNIFORM, 0, 10);
	k[1].estimate = dist(DIST_UNIFORM, 1, 5);
	k[1].has_estimate = 1;
	k[2].name = cls_c;
	k[2].weight = 5;
	k[2].duration = dist(DIST_CONSTANT, 7, 0);
	k[2].tasks_per_job = dist(DIST_CONSTANT, 1, 0);
	k[2].priority = dist(DIST_CONSTANT, 0, 0);
	s->classes = k;
	s->nclasses = 3;
}

/*
 * Weights 1, 2, 5: each job's class is a draw with probabilities 1/8,
 * 2/8, 5/8, so over J jobs class i's count is binomial(J, p_i).
 */
static void test_class_mix(void)
{
	enum { JOBS = 200000 };
	struct synth_spec s;
	struct synth_class k[3];
	three_classes(&s, k);
	s.jobs = JOBS;
	struct gen g;
	struct wl_task t;
	long jobs[3] = {0};
	gen_open(&g, &s, 21);
	while (gen_next(&g, &t)) {
		CU_ASSERT_FATAL(t.sched_class >= 0 && t.sched_class < 3);
		if (t.task_id == 0)
			jobs[t.sched_class]++;
	}
	gen_close(&g);
	const double p[3] = {1.0 / 8, 2.0 / 8, 5.0 / 8};
	int ok = 1;
	for (int i = 0; i < 3; i++)
		ok &= within_4sd("class", i, (double)jobs[i], JOBS * p[i],
				 sqrt(JOBS * p[i] * (1 - p[i])));
	CU_ASSERT(ok);
	CU_ASSERT_EQUAL(jobs[0] + jobs[1] + jobs[2], JOBS);
}

/*
 * What each class's records look like: its own tasks per job, resources,
 * priority (constant -3; uniform(0, 10) rounded per job, shared by the
 * job's tasks; constant 0) and estimate (the duration for classes without
 * a factor; duration x uniform(1, 5) for "long", whose mean factor must be
 * 3 within 4 standard errors, sd 4 / sqrt(12)).
 */
static void test_class_records(void)
{
	struct synth_spec s;
	struct synth_class k[3];
	three_classes(&s, k);
	s.jobs = 40000;
	struct wl_task *t;
	long n = read_all(&s, 22, &t);
	CU_ASSERT_FATAL(n > 0);
	int ok = 1, prio_seen[11] = {0};
	double fsum = 0;
	long nf = 0;
	for (long i = 0; i < n; i++) {
		const struct wl_task *x = &t[i];
		if (x->task_id > 0) {
			ok &= x->priority == t[i - 1].priority &&
			      x->sched_class == t[i - 1].sched_class;
		}
		switch (x->sched_class) {
		case 0:
			ok &= x->job_tasks >= 1 && x->job_tasks <= 4;
			ok &= x->res[R_CPUS] >= 500 && x->res[R_CPUS] <= 2000 &&
			      x->res[R_MEM] == 0;
			ok &= x->priority == -3 && x->estimate == x->duration;
			break;
		case 1:
			ok &= x->job_tasks == 2 && x->res[R_CPUS] == 0 &&
			      x->res[R_MEM] == 512000;
			ok &= x->priority >= 0 && x->priority <= 10;
			if (x->priority >= 0 && x->priority <= 10)
				prio_seen[x->priority] = 1;
			if (x->duration > 1000000) {
				double f = (double)x->estimate / x->duration;
				ok &= f >= 1 - 1e-6 && f <= 5 + 1e-6;
				fsum += f;
				nf++;
			}
			break;
		default:
			ok &= x->job_tasks == 1 && x->duration == 7000000 &&
			      x->priority == 0 && x->estimate == x->duration;
			break;
		}
	}
	CU_ASSERT(ok);
	for (int p = 0; p <= 10; p++)
		CU_ASSERT(prio_seen[p]);
	CU_ASSERT_FATAL(nf > 1000);
	CU_ASSERT(within_4sd("mean estimate factor x 1000", 0,
			     1000 * fsum / nf, 3000,
			     1000 * 4 / sqrt(12) / sqrt((double)nf)));
	free(t);
}

/*
 * Changing class "long"'s duration distribution must leave everything
 * else as it was: the arrival times, every job's class and size, and
 * every record of the other classes byte for byte.  Each class's draws
 * also come from the stream its name gives.
 */
static void test_class_independence(void)
{
	struct synth_spec s1, s2;
	struct synth_class k1[3], k2[3];
	three_classes(&s1, k1);
	three_classes(&s2, k2);
	s1.jobs = s2.jobs = 5000;
	k2[1].duration = dist(DIST_GAMMA, 2, 300);
	struct wl_task *a, *b;
	long na = read_all(&s1, 31, &a);
	long nb = read_all(&s2, 31, &b);
	CU_ASSERT_EQUAL_FATAL(na, nb);
	int frame = 1, others = 1;
	long changed = 0, nlong = 0;
	for (long i = 0; i < na; i++) {
		frame &= a[i].job_id == b[i].job_id &&
			 a[i].task_id == b[i].task_id &&
			 a[i].submit == b[i].submit &&
			 a[i].sched_class == b[i].sched_class &&
			 a[i].job_tasks == b[i].job_tasks &&
			 a[i].priority == b[i].priority;
		if (a[i].sched_class == 1) {
			nlong++;
			changed += a[i].duration != b[i].duration;
		} else {
			others &= memcmp(&a[i], &b[i], sizeof a[i]) == 0;
		}
	}
	CU_ASSERT(frame);
	CU_ASSERT(others);
	CU_ASSERT(nlong > 1000);
	CU_ASSERT_EQUAL(changed, nlong);

	/* Class "short"'s durations, in order, are the draws of the stream
	 * "duration/alpha/short". */
	gsl_rng *r = rng_stream_new(31, "duration/alpha/short");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	int same = 1;
	for (long i = 0; i < na; i++)
		if (a[i].sched_class == 0)
			same &= a[i].duration == simtime_from_sec(
					dist_sample(&k1[0].duration, r));
	CU_ASSERT(same);
	gsl_rng_free(r);
	free(a);
	free(b);
}

/* ---- histogram files -------------------------------------------------- */

/* Bins [0,1) x 3, [1,2) x 5, [2,4) x 2, [4,8) x 1, by hand:
 * mean = (1.5 + 7.5 + 6 + 6) / 11 = 21/11; E[X^2] = sum of count *
 * (l^2 + l u + u^2) / 3 over 11 = 206/33; variance 206/33 - (21/11)^2 =
 * 943/363. */
static void test_hist_closed_form(void)
{
	const double range[] = {0, 1, 2, 4, 8}, count[] = {3, 5, 2, 1};
	struct hist *h = hist_new(range, count, 4);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_DOUBLE_EQUAL(hist_mean(h), 21.0 / 11, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(hist_variance(h), 943.0 / 363, 1e-12);
	struct dist_spec d = dist(DIST_EMPIRICAL, 0, 0);
	d.hist = h;
	CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), 21.0 / 11, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(dist_variance(&d), 943.0 / 363, 1e-12);
	hist_free(h);

	/* All weights 0, or ranges not increasing: refused. */
	const double zero[] = {0, 0, 0, 0}, back[] = {0, 2, 1, 4, 8};
	CU_ASSERT_PTR_NULL(hist_new(range, zero, 4));
	CU_ASSERT_PTR_NULL(hist_new(back, count, 4));
	hist_free(NULL);
}

/* The shipped fixture: comments, the header and a gap filled with 0. */
static void test_hist_file(void)
{
	struct hist *h = gaps_hist();
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(hist_bins(h), 4);   /* [2,4) is the gap */
	/* (2 (0.5^2 + 0.5 + 1) + 5 (1 + 2 + 4) + (16 + 32 + 64)) / 24
	 * = (3.5 + 35 + 112) / 24; less 1.875^2. */
	CU_ASSERT_DOUBLE_EQUAL(hist_variance(h),
			       150.5 / 24 - 1.875 * 1.875, 1e-12);
	hist_free(h);
}

/* Each tests/data/hist-bad-*.csv starts with the diagnostic it must give
 * (`# expect: FILE:LINE:COL: error: ...`). */
static void test_hist_bad_files(void)
{
	glob_t gl;
	CU_ASSERT_EQUAL_FATAL(glob("tests/data/hist-bad-*.csv", 0, NULL, &gl),
			      0);
	CU_ASSERT(gl.gl_pathc >= 5);
	char *const *files = gl.gl_pathv;
	for (size_t i = 0; i < gl.gl_pathc; i++) {
		char want[512] = "", *buf = NULL;
		size_t size = 0;
		FILE *f = fopen(files[i], "r");
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		CU_ASSERT_PTR_NOT_NULL(fgets(want, sizeof want, f));
		fclose(f);
		CU_ASSERT_EQUAL_FATAL(strncmp(want, "# expect: ", 10), 0);
		want[strcspn(want, "\n")] = '\0';

		FILE *mem = open_memstream(&buf, &size);
		CU_ASSERT_PTR_NOT_NULL_FATAL(mem);
		struct diag d;
		diag_init(&d, mem);
		struct hist *h = NULL;
		int rc = hist_load(files[i], NULL, &d, &h);
		fclose(mem);
		CU_ASSERT(rc < 0);
		CU_ASSERT_PTR_NULL(h);
		CU_ASSERT_EQUAL(diag_errors(&d), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(buf, want + 10));
		if (!strstr(buf, want + 10))
			fprintf(stderr, "\n%s\n  want: %s\n  got:  %s",
				files[i], want + 10, buf);
		free(buf);
	}
	globfree(&gl);
}

/* ---- the scenario reader ---------------------------------------------- */

static int load_quiet(const char *path, const struct cfg_override *ov,
		      int nov, struct scenario *sc)
{
	struct diag d;
	diag_init(&d, NULL);
	return cfg_load(path, ov, nov, sc, &d);
}

/* Classes start from the workload's settings and override what they name;
 * resources merge name by name. */
static void test_config_classes(void)
{
	struct scenario sc;
	CU_ASSERT_EQUAL_FATAL(load_quiet("tests/data/synth-classes.yaml", NULL,
					 0, &sc), 0);
	int cpus = res_find(&sc.res, "cpus"), mem = res_find(&sc.res, "mem");
	int gpus = res_find(&sc.res, "gpus");
	CU_ASSERT_FATAL(cpus >= 0 && mem >= 0 && gpus >= 0);
	const struct synth_spec *y = &sc.fws[0].wl.synth;
	CU_ASSERT_EQUAL_FATAL(y->nclasses, 2);
	const struct synth_class *a = &y->classes[0], *b = &y->classes[1];
	CU_ASSERT_STRING_EQUAL(a->name, "small");
	CU_ASSERT_DOUBLE_EQUAL(a->weight, 3, 0);
	CU_ASSERT_EQUAL(a->duration.kind, DIST_EXPONENTIAL);
	CU_ASSERT_DOUBLE_EQUAL(a->duration.p[0], 30, 0);
	CU_ASSERT_EQUAL(a->tasks_per_job.kind, DIST_CONSTANT);
	CU_ASSERT_DOUBLE_EQUAL(a->tasks_per_job.p[0], 1, 0);
	CU_ASSERT(a->has_res[cpus] && a->has_res[mem] && !a->has_res[gpus]);
	CU_ASSERT_DOUBLE_EQUAL(a->res[mem].p[0], 512, 0);
	CU_ASSERT_EQUAL(a->priority.kind, DIST_CONSTANT);
	CU_ASSERT_DOUBLE_EQUAL(a->priority.p[0], -2, 0);
	CU_ASSERT(!a->has_estimate);

	CU_ASSERT_STRING_EQUAL(b->name, "big");
	CU_ASSERT_DOUBLE_EQUAL(b->weight, 1, 0);
	CU_ASSERT_EQUAL(b->duration.kind, DIST_EMPIRICAL);
	CU_ASSERT_PTR_NOT_NULL(b->duration.hist);
	CU_ASSERT_DOUBLE_EQUAL(dist_mean(&b->duration), 1.875, 1e-12);
	CU_ASSERT_EQUAL(b->tasks_per_job.kind, DIST_UNIFORM);
	CU_ASSERT(b->has_res[cpus] && b->has_res[mem] && b->has_res[gpus]);
	CU_ASSERT_DOUBLE_EQUAL(b->res[cpus].p[0], 1, 0);
	CU_ASSERT_DOUBLE_EQUAL(b->res[mem].p[0], 4096, 0);
	CU_ASSERT_DOUBLE_EQUAL(b->res[gpus].p[0], 1, 0);
	CU_ASSERT_EQUAL(b->priority.kind, DIST_UNIFORM);
	CU_ASSERT(b->has_estimate);
	CU_ASSERT_EQUAL(b->estimate.kind, DIST_UNIFORM);
	CU_ASSERT_DOUBLE_EQUAL(b->estimate.p[1], 5, 0);

	CU_ASSERT_EQUAL(y->proc.kind, ARRIVAL_DIURNAL);
	CU_ASSERT_DOUBLE_EQUAL(y->proc.rate, 0.01, 0);
	CU_ASSERT_EQUAL_FATAL(y->proc.nprofile, 4);
	CU_ASSERT_DOUBLE_EQUAL(y->proc.profile[3], 4, 0);
	CU_ASSERT_DOUBLE_EQUAL(y->proc.period, 3600, 0);
	CU_ASSERT_DOUBLE_EQUAL(y->proc.phase, 600, 0);
	CU_ASSERT_DOUBLE_EQUAL(y->start, 60, 0);

	const struct synth_spec *z = &sc.fws[1].wl.synth;
	CU_ASSERT_EQUAL(z->nclasses, 0);
	CU_ASSERT_EQUAL(z->proc.kind, ARRIVAL_BURSTY);
	CU_ASSERT_DOUBLE_EQUAL(z->proc.rates[1], 0.1, 0);
	CU_ASSERT_DOUBLE_EQUAL(z->proc.sojourn[1], 300, 0);

	/* The generated records carry their class and its settings. */
	struct wl_source *src;
	struct diag d;
	struct wl_task t;
	diag_init(&d, NULL);
	CU_ASSERT_EQUAL_FATAL(wl_open(&sc, 0, &d, &src), 0);
	long jobs = 0;
	int ok = 1;
	simtime_t prev = 0;
	while (wl_next(src, &t) > 0) {
		ok &= t.submit >= prev && t.submit > 60000000;
		prev = t.submit;
		jobs += t.task_id == 0;
		if (t.sched_class == 0)
			ok &= t.priority == -2 && t.res[gpus] == 0 &&
			      t.job_tasks == 1;
		else
			ok &= t.sched_class == 1 && t.priority >= 5 &&
			      t.priority <= 9 && t.res[gpus] == 1000 &&
			      t.res[mem] == 4096000 && t.duration >= 500000 &&
			      t.duration <= 8000000 && t.job_tasks >= 2;
	}
	wl_close(src);
	CU_ASSERT(ok);
	CU_ASSERT_EQUAL(jobs, 50);
	scenario_release(&sc);
}

/* Every arrival form a --set can give, and what it is stored as. */
static void test_config_arrival_forms(void)
{
	static const char key[] = "frameworks.batch.workload.synthetic.arrival";
	static const struct {
		const char *value;
		int kind;               /* enum arrival_kind */
		enum dist_kind gap;     /* renewals */
		double p0;
	} cases[] = {
		{"{process: poisson, rate: 0.5}", ARRIVAL_RENEWAL,
		 DIST_EXPONENTIAL, 2},
		{"{process: poisson, mean: 4}", ARRIVAL_RENEWAL,
		 DIST_EXPONENTIAL, 4},
		{"{process: fixed, interval: 2.5}", ARRIVAL_RENEWAL,
		 DIST_CONSTANT, 2.5},
		{"{process: empirical, file: hist-gaps.csv}", ARRIVAL_RENEWAL,
		 DIST_EMPIRICAL, 0},
		{"{dist: gamma, shape: 2, scale: 3}", ARRIVAL_RENEWAL,
		 DIST_GAMMA, 2},
		{"{process: diurnal, rate: 0.2, amplitude: 0.5}",
		 ARRIVAL_DIURNAL, DIST_CONSTANT, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cfg_override ov = {key, cases[i].value};
		struct scenario sc;
		int rc = load_quiet("tests/data/synth-classes.yaml", &ov, 1,
				    &sc);
		CU_ASSERT_EQUAL(rc, 0);
		if (rc) {
			fprintf(stderr, "\n%s: did not load", cases[i].value);
			continue;
		}
		const struct synth_spec *y = &sc.fws[1].wl.synth;
		CU_ASSERT_EQUAL(y->proc.kind, cases[i].kind);
		if (cases[i].kind == ARRIVAL_RENEWAL) {
			CU_ASSERT_EQUAL(y->arrival.kind, cases[i].gap);
			CU_ASSERT_DOUBLE_EQUAL(y->arrival.p[0], cases[i].p0,
					       1e-15);
			CU_ASSERT((y->arrival.hist != NULL) ==
				  (cases[i].gap == DIST_EMPIRICAL));
		} else {
			CU_ASSERT_DOUBLE_EQUAL(y->proc.rate, 0.2, 0);
			CU_ASSERT_DOUBLE_EQUAL(y->proc.amplitude, 0.5, 0);
			CU_ASSERT_DOUBLE_EQUAL(y->proc.period, 86400, 0);
			CU_ASSERT_DOUBLE_EQUAL(y->proc.phase, 0, 0);
			CU_ASSERT_EQUAL(y->proc.nprofile, 0);
		}
		scenario_release(&sc);
	}

	/* A class is addressed by name in --set, like any list element. */
	struct cfg_override w = {"frameworks.web.workload.synthetic.classes."
				 "big.weight", "4"};
	struct scenario sc;
	CU_ASSERT_EQUAL_FATAL(load_quiet("tests/data/synth-classes.yaml", &w, 1,
					 &sc), 0);
	CU_ASSERT_DOUBLE_EQUAL(sc.fws[0].wl.synth.classes[1].weight, 4, 0);
	scenario_release(&sc);
}

/* Poisson by rate, by mean and the older {dist: exponential} form are one
 * process with one stream: the same jobs, to the microsecond. */
static void test_poisson_forms_agree(void)
{
	static const char key[] = "frameworks.batch.workload.synthetic.arrival";
	static const char *const forms[] = {
		"{process: poisson, rate: 0.5}",
		"{process: poisson, mean: 2}",
		"{dist: exponential, mean: 2}",
	};
	simtime_t first[3][20];
	for (int i = 0; i < 3; i++) {
		struct cfg_override ov = {key, forms[i]};
		struct scenario sc;
		struct wl_source *src;
		struct wl_task t;
		struct diag d;
		diag_init(&d, NULL);
		CU_ASSERT_EQUAL_FATAL(load_quiet("tests/data/synth-classes.yaml",
						 &ov, 1, &sc), 0);
		CU_ASSERT_EQUAL_FATAL(wl_open(&sc, 1, &d, &src), 0);
		for (int j = 0; j < 20; j++) {
			CU_ASSERT_EQUAL_FATAL(wl_next(src, &t), 1);
			first[i][j] = t.submit;
		}
		wl_close(src);
		scenario_release(&sc);
	}
	CU_ASSERT_EQUAL(first[0][0], 0);
	CU_ASSERT(first[0][19] > first[0][1]);
	CU_ASSERT_EQUAL(memcmp(first[0], first[1], 20 * sizeof first[0][0]),
			0);
	CU_ASSERT_EQUAL(memcmp(first[0], first[2], 20 * sizeof first[0][0]),
			0);
}

/* The shipped example runs, and every task it generates finishes. */
/*
 * Draws beyond the bounds (simtime.h, res.h): a lognormal duration with mu
 * 700 (about e^700 s) and a Pareto demand with shape 0.01 used to reach
 * the engine as overflowed integers and abort in a BUG; now the run stops
 * with an error at the distribution's place in the scenario.
 */
static void test_draws_out_of_bounds(void)
{
	static const struct {
		const char *path, *want;
	} cases[] = {
		{"tests/data/synth-lognormal-huge.yaml",
		 "tests/data/synth-lognormal-huge.yaml:13:19: error: a draw of "
		 "'duration' for job 1 of framework 'f' is "},
		{"tests/data/synth-pareto-huge.yaml",
		 "tests/data/synth-pareto-huge.yaml:14:27: error: a draw of "
		 "'cpus' for job 1 of framework 'f' is "},
		/* More tasks in one job than WL_JOB_TASKS_MAX allows. */
		{"tests/data/synth-tasks-huge.yaml",
		 "tests/data/synth-tasks-huge.yaml:15:24: error: a draw of "
		 "'tasks_per_job' for job 1 of framework 'f' is "},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *buf = NULL;
		size_t size = 0;
		FILE *err = open_memstream(&buf, &size);
		CU_ASSERT_PTR_NOT_NULL_FATAL(err);
		char dir[128] = "";
		int rc = st_run_diag(cases[i].path, NULL, 0, dir, sizeof dir,
				     err);
		fclose(err);
		CU_ASSERT(rc != 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(buf, cases[i].want));
		if (!strstr(buf, cases[i].want))
			fprintf(stderr, "\n  want: %s\n  got:  %s",
				cases[i].want, buf);
		free(buf);
		if (dir[0])
			st_cleanup(dir);
	}
}

/*
 * Tasks that need more than any agent has are rejected on arrival and
 * reported in one warning per framework, with their count and the first
 * of them, not in one line each.
 */
static void test_oversized_one_warning(void)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *err = open_memstream(&buf, &size);
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	char dir[128] = "";
	int rc = st_run_diag("tests/data/oversized.yaml", NULL, 0, dir,
			     sizeof dir, err);
	fclose(err);
	CU_ASSERT_EQUAL(rc, 0);
	double rejected = dir[0] ? st_summary(dir, "tasks.rejected") : -1;
	CU_ASSERT(rejected >= 2);
	int warnings = 0;
	for (const char *p = buf; (p = strstr(p, "warning:")); p++)
		warnings++;
	CU_ASSERT_EQUAL(warnings, 1);
	char want[128];
	snprintf(want, sizeof want, "warning: %.0f tasks of 'f' needed more "
		 "than any agent has and were rejected; the first: task ",
		 rejected);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, want));
	if (!strstr(buf, want))
		fprintf(stderr, "\n  want: %s\n  got:  %s", want, buf);
	free(buf);
	if (dir[0])
		st_cleanup(dir);
}

static void test_example_runs(void)
{
	static const char *const sets[] = {"metrics.offer_log=false"};
	char dir[128];
	CU_ASSERT_EQUAL_FATAL(st_run("examples/diurnal.yaml", sets, 1, dir,
				     sizeof dir), 0);
	double submitted = st_summary(dir, "tasks.submitted");
	double finished = st_summary(dir, "tasks.finished");

	struct scenario sc;
	struct wl_source *src;
	struct wl_task t;
	struct diag d;
	long n = 0;
	diag_init(&d, NULL);
	CU_ASSERT_EQUAL_FATAL(load_quiet("examples/diurnal.yaml", NULL, 0,
					 &sc), 0);
	CU_ASSERT_EQUAL_FATAL(wl_open(&sc, 0, &d, &src), 0);
	while (wl_next(src, &t) > 0)
		n++;
	wl_close(src);
	scenario_release(&sc);
	CU_ASSERT(n > 2000);
	CU_ASSERT_DOUBLE_EQUAL(submitted, (double)n, 0);
	CU_ASSERT_DOUBLE_EQUAL(finished, (double)n, 0);
	st_cleanup(dir);
}

static const struct test_case cases[] = {
	{"diurnal 24-value profile, hourly counts", test_diurnal_profile},
	{"diurnal sinusoid, 10-minute counts", test_diurnal_sinusoid},
	{"bursty MMPP rate and dispersion", test_bursty},
	{"empirical arrivals", test_empirical_arrivals},
	{"fixed interval and original stream names",
	 test_fixed_and_legacy_streams},
	{"class mix follows the weights", test_class_mix},
	{"class records", test_class_records},
	{"class independence", test_class_independence},
	{"histogram closed form", test_hist_closed_form},
	{"histogram file", test_hist_file},
	{"histogram bad files", test_hist_bad_files},
	{"scenario: classes and defaults", test_config_classes},
	{"scenario: arrival forms", test_config_arrival_forms},
	{"scenario: poisson forms agree", test_poisson_forms_agree},
	{"examples/diurnal.yaml runs", test_example_runs},
	{"draws out of bounds stop the run at the distribution", test_draws_out_of_bounds},
	{"oversized tasks: one warning with the count", test_oversized_one_warning},
	{NULL, NULL},
};

const struct test_suite suite_synth = { "synth", cases };
