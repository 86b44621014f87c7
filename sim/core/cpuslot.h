/*
 * cpuslot.h - the spare processors a run's helper threads may hold, and
 * how such a thread starts and stops.
 *
 * offersim runs a simulation on the caller's thread and may hand two
 * kinds of work to threads of their own: reading a trace ahead
 * (workloads/prefetch.c) and formatting the row files (rowpipe.c).  Each
 * such thread first takes a slot of its kind here.  Each kind has as many
 * slots in the whole process as processors it may run on beyond the
 * simulation's own: those of its affinity (taskset, a Slurm task's cpus),
 * else those online, less one.  So on two processors there is one reader
 * thread and one formatter, and on one processor none, rather than
 * threads crowding the processor the simulation needs.  A helper that
 * cannot take a slot does its work in line.
 *
 * A reader and a formatter may share a spare processor: the formatter's
 * work is light beside the simulation's, and on two processors the two
 * threads together beat either alone (KTH EASY 0.17 s against 0.20 s,
 * 14 Google parts 3.9 s against 4.6 s, in alternated runs).
 */
#ifndef OFFERSIM_CPUSLOT_H
#define OFFERSIM_CPUSLOT_H

#include <pthread.h>

/* The processors beyond the caller's (0 or more). */
int cpuslot_spare(void);

enum cpuslot_kind { CPUSLOT_READER, CPUSLOT_ROWS, CPUSLOT_KINDS };

/* Take a slot of a kind: 1 when one was free (give it back with
 * cpuslot_give), 0 when all are held. */
int cpuslot_take(enum cpuslot_kind k);
void cpuslot_give(enum cpuslot_kind k);

/* A helper thread and what it meets its caller under: one mutex, a
 * condition the helper waits on for more work and one the caller waits
 * on for room (or for the helper to finish). */
struct helper {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t more, room;
};

/* Set up h and run fn(arg) on a new thread with every signal blocked, so
 * that a ^C or a SIGTERM reaches the caller's thread as before.  0, or
 * -1 with nothing left to undo. */
int helper_start(struct helper *h, void *(*fn)(void *), void *arg);

/* Wait for a helper that was told to stop, and free what helper_start
 * set up. */
void helper_join(struct helper *h);

#endif
