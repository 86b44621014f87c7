/*
 * cpuslot.c - the process-wide count of helper threads against the spare
 * processors (cpuslot.h).
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "cpuslot.h"

#include <pthread.h>
#include <sched.h>
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
