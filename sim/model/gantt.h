/*
 * gantt.h - the Gantt chart of a run: one bar per stretch of time a task
 * ran on an agent, drawn as gantt.svg, with the bars in gantt.csv for
 * other tools (plots/gantt.gp draws gantt.png from it).
 *
 * The task runtime reports every stretch when it stops (task end,
 * preemption, kill: gantt_task_stopped); the tasks still running at the
 * end are added by gantt_finish.  A bar costs 48 bytes until the end of
 * the run, so a run of a million task starts keeps about 48 MB; that is
 * the known limit of drawing the whole run (tasks.csv streams instead).
 *
 * Rows are agents in id order; past GANTT_MAX_ROWS agents, consecutive
 * agents share a row (a group) and their bars overlap, drawn half
 * transparent so that crowded stretches look darker.  Past
 * GANTT_MAX_BARS bars in the window the SVG shows each row's occupancy
 * per time bin instead of bars and says so on the chart.
 */
#ifndef OFFERSIM_GANTT_H
#define OFFERSIM_GANTT_H

#include <stddef.h>
#include <stdint.h>

#include "../core/simtime.h"

#define GANTT_MAX_ROWS 64
#define GANTT_MAX_BARS 20000

struct world;
struct task;

struct gantt_bar {
	simtime_t start, end;
	int64_t job, task;
	int agent;
	int fw;
	int priority;
	int running;              /* still running at the run's end */
};

struct gantt {
	struct gantt_bar *v;
	size_t n, cap;
};

/* A zeroed world has an empty chart; release frees the bars. */
void gantt_release(struct gantt *g);

/* Task t stops running on its agent now (t->agent and t->pt.start still
 * set): one bar from its latest start to now. */
void gantt_task_stopped(struct world *w, const struct task *t);

/*
 * After the last event: add the bars of the tasks still running, then
 * write gantt.svg and gantt.csv into dir (temporary names, renamed when
 * whole).  The window is metrics.gantt_from .. metrics.gantt_to (0 = the
 * run's end); bars are coloured by metrics.gantt_color.  Returns 0 or < 0.
 */
int gantt_finish(struct world *w, const char *dir);

/* Remove the files gantt_finish writes (a failed run). */
void gantt_abort(const char *dir);

#endif
