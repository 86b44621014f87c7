/*
 * script.h - the scenario's timeline (script.c): operator events and the
 * actions of scripted frameworks, each at its time.
 *
 * Called only by the run loop: script_init once the world is built,
 * script_fire for each EV_SCRIPT.  It acts on the world through master.h,
 * framework.h and task.h, and nothing of the offer cycle calls it back.
 */
#ifndef OFFERSIM_SCRIPT_H
#define OFFERSIM_SCRIPT_H

struct world;

/* Queue the first timed event; 0 or OS_ENOMEM. */
int script_init(struct world *w);
/* Run every event due now, in file order, and queue the next. */
void script_fire(struct world *w);

#endif
