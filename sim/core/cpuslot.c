/*
 * cpuslot.c - the process-wide count of helper threads against the spare
 * processors, and their start and stop (cpuslot.h).
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "cpuslot.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

int cpuslot_spare(void)
{
	cpu_set_t set;
	int n;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		n = CPU_COUNT(&set);
	else
		n = (int)sysconf(_SC_NPROCESSORS_ONLN);
	return n > 1 ? n - 1 : 0;
}

static pthread_mutex_t slots_mu = PTHREAD_MUTEX_INITIALIZER;
static int slots_used[CPUSLOT_KINDS];

int cpuslot_take(enum cpuslot_kind k)
{
	pthread_mutex_lock(&slots_mu);
	int ok = slots_used[k] < cpuslot_spare();
	if (ok)
		slots_used[k]++;
	pthread_mutex_unlock(&slots_mu);
	return ok;
}

void cpuslot_give(enum cpuslot_kind k)
{
	pthread_mutex_lock(&slots_mu);
	slots_used[k]--;
	pthread_mutex_unlock(&slots_mu);
}

int helper_start(struct helper *h, void *(*fn)(void *), void *arg)
{
	if (pthread_mutex_init(&h->mu, NULL))
		return -1;
	if (pthread_cond_init(&h->more, NULL))
		goto no_more;
	if (pthread_cond_init(&h->room, NULL))
		goto no_room;
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&h->th, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc == 0)
		return 0;
	pthread_cond_destroy(&h->room);
no_room:
	pthread_cond_destroy(&h->more);
no_more:
	pthread_mutex_destroy(&h->mu);
	return -1;
}

void helper_join(struct helper *h)
{
	pthread_join(h->th, NULL);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->more);
	pthread_cond_destroy(&h->room);
}
