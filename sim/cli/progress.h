/*
 * progress.h - a one-line progress bar on a terminal, redrawn in place.
 *
 * Long commands show how far they are: `run` its simulated time against
 * the horizon or the workload read (main.c), compare and sweep their runs
 * done plus what the running ones report (grid.c), the trace tools bytes
 * of the input read.  The bar goes to
 * stderr only when it is a terminal and the command is not --quiet
 * (progress_stream()), so logs and pipes never receive carriage returns.
 */
#ifndef OFFERSIM_PROGRESS_H
#define OFFERSIM_PROGRESS_H

#include <stdio.h>

/* stderr when it is a terminal and quiet is 0, else NULL (no bar). */
FILE *progress_stream(int quiet);

/*
 * Draw "\r<what> [#####.....] <tail>" on f: frac (0..1) of the bar
 * filled, tail a short status text.  The line is padded so that a shorter
 * redraw hides a longer one.  Returns the width of the line drawn.
 */
int progress_draw(FILE *f, const char *what, double frac, const char *tail);

/* A bar over a known number of bytes (the trace tools). */
struct progress {
	FILE *out;                  /* NULL: every call does nothing */
	const char *what;
	const char *unit;           /* what count counts: "records", ... */
	long long total;            /* bytes; 0 when unknown */
	double t0, last;
	int width;                  /* of the widest line drawn; 0 = none */
};

void progress_init(struct progress *p, FILE *out, const char *what,
		   const char *unit, long long total);

/*
 * done bytes of total read, count units handled so far.  The bar is
 * redrawn at most 10 times a second; each call reads the clock, so a
 * caller handling millions of records calls every few hundred.
 */
void progress_update(struct progress *p, long long done, long long count);

/* Erase the bar (the command's own output follows on a clean line). */
void progress_end(struct progress *p);

#endif
