/*
 * gantt.h - the Gantt chart of a run: one bar per stretch of time a task
 * ran on an agent, drawn as gantt.svg, with the bars in gantt.csv for
 * other tools (plots/gantt.gp draws gantt.png from it).
 *
 * The task runtime reports every stretch when it stops (task end,
 * preemption, kill: gantt_task_stopped); the tasks still running at the
 * end are added by gantt_finish.  gantt.csv is written as the run goes:
 * a bar waits only until its lane is known (below), then its row is
 * written, so memory follows the bars of the tasks in flight, not the
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
 * Lanes: a row's bars in order of start (then end, then arrival), each in
 * the lowest lane free at its start, so a row has as many lanes as it ever
 * ran tasks at once (up to 16; past that a bar shares the lane that frees
 * first).  A bar's lane is known once every bar that starts before it has
 * ended, that is once the oldest running task started no earlier; until
 * then its row waits, in arrival order, with the rows behind it.  Known
 * limit: a task that runs for most of the run holds back the rows of the
 * bars that end meanwhile, 64 bytes each in memory.
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
	int lane;                 /* -1 until known */
	int running;              /* still running at the run's end */
};

struct fmtout;

/* A bar waiting for its lane, by (start, end, number). */
struct gantt_key {
	simtime_t start, end;
	uint64_t k;
};

struct gantt {
	int open;                 /* gantt_open ran and gantt.csv is open */
	int per_row, rows;        /* agents per row, rows */
	double from, to;          /* the window as far as known at the start
				     (to: metrics.gantt_to, or infinity) */
	struct outfile csv;       /* gantt.csv, written as bars are placed */
	struct fmtout *out;
	/* Bars of the window not yet written, in arrival order: pend[k] is
	 * bar number base + k; those before head are written. */
	struct gantt_bar *pend;
	size_t head, n, cap;
	uint64_t base, arrived;
	/* The bars whose lane is unknown, a min-heap. */
	struct gantt_key *heap;
	size_t hn, hcap;
	size_t since_place;       /* arrivals since the last placement */
	simtime_t *lane_end;      /* per row, G_MAX_LANES each */
	int *lanes;               /* per row: lanes used */
	uint64_t written;         /* bars of the window written */
	/* For the SVG: the first GANTT_MAX_BARS + 1 bars kept, or, past
	 * that, every bar's start, end and row in the scratch file. */
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
