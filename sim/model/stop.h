/*
 * stop.h - lower bounds on a running simulation's final wait and response
 * figures (stop.c), for the stop conditions of engine.h.  Called by the
 * run loop only; reads the task table and the frameworks' metrics and
 * calls back into nothing.
 */
#ifndef OFFERSIM_STOP_H
#define OFFERSIM_STOP_H

struct world;
struct sim_bounds;

/* Whether sim_bounds hold in this run (no horizon, timeline events or
 * scripted frameworks). */
int stop_applies(const struct world *w);
/* The bounds now; 0 or OS_ENOMEM.  Release them with
 * stop_bounds_release. */
int stop_bounds(struct world *w, struct sim_bounds *b);
void stop_bounds_release(struct sim_bounds *b);

#endif
