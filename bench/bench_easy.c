/*
 * bench_easy.c - a minimal textbook EASY backfilling scheduler, the lower
 * bound that `make bench` measures offersim's EASY replay of an SWF log
 * against.
 *
 * It is written from the textbook definition (Lifka 1995; Mu'alem and
 * Feitelson 2001) with plain arrays and nothing of offersim's, in the
 * model offersim's batch mode promises to equal (docs/policies.md): one
 * machine of PROCS processors, a job is one request for its processors,
 * time jumps from event to event (submits and actual ends), and at each
 * instant all ends and submits are applied, then one pass runs over the
 * queue in submit order: start jobs from the head while they fit; give the
 * first that does not fit a reservation at the shadow time (the earliest
 * expected end of running jobs, start + requested time or now when
 * overdue, by which enough processors are free; "extra" is what is free
 * then beyond the head's need); a later job starts now if it fits now and
 * either ends by the shadow time or uses only extra processors.
 *
 * The log is read as offersim reads SWF by default (swf_jobs.c, shared
 * with the batch reference of tests/test_batch.c and nothing of
 * offersim's): run time <= 0 or processors <= 0 skipped, processors =
 * max(allocated, requested), the estimate is the requested time or else
 * the run time, submit times rebased to the first job.  Jobs larger than
 * the machine never start.
 *
 * Usage: bench-easy LOG.swf[.gz] PROCS [JOBS.csv]
 * prints one line, `jobs=N cpu=SECONDS starts_equal=yes|no|-`, where cpu
 * is the process CPU time of reading the log and scheduling it (the best
 * of three schedules, the log read once) and starts_equal compares every
 * job's start with the start column of offersim's jobs.csv.  Exit 1 when
 * the starts differ, 2 on bad usage or input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "swf_jobs.h"

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int by_submit(const void *a, const void *b)
{
	const struct swf_job *x = a, *y = b;
	if (x->submit != y->submit)
		return x->submit < y->submit ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Read the log as the batch reference of the tests does (swf_jobs.c),
 * then in submit order. */
static long read_log(const char *path, struct swf_job **out)
{
	long n = swf_jobs_read(path, out);
	if (n > 0)
		qsort(*out, (size_t)n, sizeof **out, by_submit);
	return n;
}

static long exp_end(const struct swf_job *j, long now)
{
	long e = j->start + j->est;
	return e > now ? e : now;
}

/* Running jobs number at most PROCS (each holds a processor), so plain
 * arrays and an insertion sort per blocked pass are the textbook's cost. */
static void schedule(struct swf_job *j, long n, long machine, long *q, long *run,
		     long *order)
{
	long nq = 0, nr = 0, a = 0, freep = machine;
	for (long i = 0; i < n; i++)
		j[i].start = -1;
	while (a < n || nr > 0) {
		long now = a < n ? j[a].submit : -1;
		for (long r = 0; r < nr; r++) {
			long e = j[run[r]].start + j[run[r]].run;
			if (now < 0 || e < now)
				now = e;
		}
		long m = 0;
		for (long r = 0; r < nr; r++) {
			if (j[run[r]].start + j[run[r]].run == now)
				freep += j[run[r]].procs;
			else
				run[m++] = run[r];
		}
		nr = m;
		for (; a < n && j[a].submit == now; a++)
			if (j[a].procs <= machine)
				q[nq++] = a;

		long k = 0;
		for (; k < nq && j[q[k]].procs <= freep; k++) {
			j[q[k]].start = now;
			freep -= j[q[k]].procs;
			run[nr++] = q[k];
			q[k] = -1;
		}
		if (k < nq) {
			long need = j[q[k]].procs;
			/* running jobs by expected end */
			for (long r = 0; r < nr; r++) {
				long x = run[r], e = exp_end(&j[x], now), s = r;
				for (; s > 0 && exp_end(&j[order[s - 1]], now) > e; s--)
					order[s] = order[s - 1];
				order[s] = x;
			}
			long shadow = -1, avail = freep, r = 0;
			for (; r < nr && shadow < 0; r++) {
				avail += j[order[r]].procs;
				if (avail >= need)
					shadow = exp_end(&j[order[r]], now);
			}
			/* every job ended by the shadow time counts */
			for (; shadow >= 0 && r < nr &&
			       exp_end(&j[order[r]], now) <= shadow; r++)
				avail += j[order[r]].procs;
			long extra = avail - need;
			for (long b = k + 1; b < nq; b++) {
				struct swf_job *x = &j[q[b]];
				if (x->procs > freep)
					continue;
				if (shadow >= 0 && now + x->est > shadow) {
					if (x->procs > extra)
						continue;
					extra -= x->procs;
				}
				x->start = now;
				freep -= x->procs;
				run[nr++] = q[b];
				q[b] = -1;
			}
		}
		m = 0;
		for (long i = 0; i < nq; i++)
			if (q[i] >= 0)
				q[m++] = q[i];
		nq = m;
	}
}

/* Compare with jobs.csv (framework,job_id,tasks,submit,start,...): the
 * number of jobs whose start differs, or -1 when it cannot be read. */
static long compare_starts(const char *csv, const struct swf_job *j, long n,
			   long *seen)
{
	FILE *f = fopen(csv, "r");
	if (!f)
		return -1;
	/* job ids index the log; a table from id to job */
	long maxid = 0;
	for (long i = 0; i < n; i++)
		if (j[i].id > maxid)
			maxid = j[i].id;
	long *at = malloc(sizeof *at * (size_t)(maxid + 1));
	if (!at) {
		fclose(f);
		return -1;
	}
	for (long i = 0; i <= maxid; i++)
		at[i] = -1;
	for (long i = 0; i < n; i++)
		at[j[i].id] = i;
	char line[4096];
	long bad = 0;
	*seen = 0;
	if (!fgets(line, sizeof line, f))
		bad = -1;
	while (bad >= 0 && fgets(line, sizeof line, f)) {
		char *fld[5];
		int nf = 0;
		for (char *p = line; nf < 5 && p; nf++) {
			fld[nf] = p;
			p = strchr(p, ',');
			if (p)
				*p++ = '\0';
		}
		if (nf < 5)
			continue;
		long id = atol(fld[1]);
		double start = *fld[4] && *fld[4] != '\n' ? atof(fld[4]) : -1;
		(*seen)++;
		if (id < 0 || id > maxid || at[id] < 0 ||
		    start != (double)j[at[id]].start) {
			if (bad < 3)
				fprintf(stderr, "bench-easy: job %ld starts at %.6f in %s, at %ld here\n",
					id, start, csv,
					id >= 0 && id <= maxid && at[id] >= 0 ? j[at[id]].start : -9);
			bad++;
		}
	}
	free(at);
	fclose(f);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4 || atol(argv[2]) <= 0) {
		fprintf(stderr, "usage: %s LOG.swf[.gz] PROCS [JOBS.csv]\n", argv[0]);
		return 2;
	}
	long machine = atol(argv[2]);
	double t0 = cpu_now();
	struct swf_job *j;
	long n = read_log(argv[1], &j);
	if (n < 0) {
		fprintf(stderr, "%s: cannot read the log\n", argv[1]);
		return 2;
	}
	double t_read = cpu_now() - t0;
	long *q = malloc(sizeof *q * (size_t)(n + 1));
	long *run = malloc(sizeof *run * (size_t)(machine + 1));
	long *order = malloc(sizeof *order * (size_t)(machine + 1));
	if (!q || !run || !order) {
		fprintf(stderr, "bench-easy: out of memory\n");
		return 2;
	}
	double best = -1;
	for (int rep = 0; rep < 3; rep++) {
		double s0 = cpu_now();
		schedule(j, n, machine, q, run, order);
		double s = cpu_now() - s0;
		if (best < 0 || s < best)
			best = s;
	}
	const char *eq = "-";
	int status = 0;
	if (argc == 4) {
		long seen = 0, bad = compare_starts(argv[3], j, n, &seen);
		if (bad < 0) {
			fprintf(stderr, "%s: cannot read\n", argv[3]);
			return 2;
		}
		eq = bad == 0 && seen == n ? "yes" : "no";
		status = bad == 0 && seen == n ? 0 : 1;
	}
	printf("jobs=%ld cpu=%.4f starts_equal=%s\n", n, t_read + best, eq);
	free(q);
	free(run);
	free(order);
	free(j);
	return status;
}
