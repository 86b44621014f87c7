/*
 * swf_jobs.h - an SWF log read as plain job records, for the textbook
 * schedulers that check offersim from outside: bench/bench_easy.c (the
 * EASY lower bound of `make bench`) and tests/test_batch.c (the batch
 * reference).  It uses nothing of offersim's, so those schedulers stay
 * independent of the simulator they judge; they share only this reading
 * of the log, which follows what offersim's SWF reader does by default.
 */
#ifndef OFFERSIM_BENCH_SWF_JOBS_H
#define OFFERSIM_BENCH_SWF_JOBS_H

struct swf_job {
	long id;
	long submit, run, est;  /* seconds, submit rebased to the first job */
	long procs;
	long start;             /* -1 until the reader's scheduler starts it */
};

/*
 * Read the SWF log at path (plain or gzip) into a malloc'd array *out, in
 * file order: lines with a run time <= 0 or no processors are skipped,
 * procs = max(allocated, requested), est = the requested time or else the
 * run time, submits rebased to the first job's.  Comment (';'), blank and
 * short lines are passed over.  Returns the number of jobs, or -1 when the
 * file cannot be opened or memory runs out (nothing to free then).
 */
long swf_jobs_read(const char *path, struct swf_job **out);

#endif
