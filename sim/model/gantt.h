/*
 * gantt.h - the Gantt chart of a run: one bar per stretch of time a task
 * ran on an agent, drawn as gantt.svg, with the bars in gantt.csv for
 * other tools (plots/gantt.gp draws gantt.png from it).
 *
 * The task runtime reports every stretch when it stops (task end,
 * preemption, kill: gantt_task_stopped); the tasks still running at the
 * end are added by gantt_finish.  gantt.csv is written as the run goes,
 * each bar's row when its task stops (its lane is known from its start,
 * below), so memory follows the rows' lanes, not the tasks or the
 * length of the run.  The SVG keeps up to GANTT_MAX_BARS bars to draw
 * them; past that it draws occupancy, from the bars' times spilled to an
 * unlinked scratch file in the output directory (24 bytes a bar on disk).
 *
 * Rows are agents in id order; past GANTT_MAX_ROWS agents, consecutive
 * agents share a row (a group) and their bars overlap, drawn half
 * transparent so that crowded stretches look darker.  Past
 * GANTT_MAX_BARS bars in the window the SVG shows each row's occupancy
 * per time bin instead of bars and says so on the chart.
 *
 * Lanes: a task takes its lane when it starts, the lowest lane of its
 * row that no running task holds (tasks that start at the same instant
 * in the order they start), so a row has as many lanes as it ever ran
 * tasks at once (up to 16; past that a task shares the lane held by the
 * fewest running tasks, the lowest of those).  The lane depends only on
 * what has happened, so a bar's row is written the moment its task
 * stops.  A task outside the window holds its lane while it runs like
 * any other, so a window that opens late may start with a lane or two
 * left empty in a row.
 */
#ifndef OFFERSIM_GANTT_H
#define OFFERSIM_GANTT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../core/outfile.h"
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
	int lane;
	int running;              /* still running at the run's end */
};

struct fmtout;

struct gantt {
	int open;                 /* gantt_open ran and gantt.csv is open */
	int per_row, rows;        /* agents per row, rows */
	double from, to;          /* the window as far as known at the start
				     (to: metrics.gantt_to, or infinity) */
	struct outfile csv;       /* gantt.csv, written as tasks stop */
	struct fmtout *out;
	int *lane_busy;           /* per row, G_MAX_LANES each: the running
				     tasks holding the lane */
	int *lanes;               /* per row: lanes used */
	uint64_t written;         /* bars of the window written */
	/* For the SVG: the first GANTT_MAX_BARS + 1 bars kept, or, past
	 * that, every bar's start, end and row in the scratch file; both
	 * written by the bars' row records (gantt.c), read after a drain. */
	struct gantt_bar *keep;
	size_t nkeep;
	FILE *spill;
	struct fmtout *spill_out; /* its block writer */
	char *dir;
};

/* A zeroed world has an empty chart; release frees it and deletes an
 * unfinished gantt.csv's temporary. */
void gantt_release(struct gantt *g);

/* Open gantt.csv's temporary in dir and write its header (the run's
 * start).  Returns 0 or < 0 after reporting to w's diagnostics. */
int gantt_open(struct world *w, const char *dir);

/* Task t starts running on its agent now (t->agent set): it takes its
 * lane (t->gantt_lane; -1 when no chart is written). */
void gantt_task_started(struct world *w, struct task *t);

/* Task t stops running on its agent now (t->agent and t->pt.start still
 * set): one bar from its latest start to now. */
void gantt_task_stopped(struct world *w, const struct task *t);

/*
 * After the last event: add the bars of the tasks still running, write
 * the rows still held, then write gantt.svg into dir and rename both
 * files into place (gantt.svg through a temporary name as well).  The
 * window is metrics.gantt_from .. metrics.gantt_to (0 = the run's end);
 * bars are coloured by metrics.gantt_color.  Returns 0 or < 0.
 */
int gantt_finish(struct world *w, const char *dir);

/* A failed run: delete gantt.csv's temporary and the files gantt_finish
 * writes. */
void gantt_abort(struct world *w, const char *dir);

#endif
