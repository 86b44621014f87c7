/*
 * why.h - the reasons --explain gives (why.c): why the next task of a
 * framework is still waiting after an answer or a pass.
 *
 * Narration only: nothing here changes the run, and every entry point
 * returns at once unless the line it would print passes the narration
 * filter (world_explaining), so a run without --explain pays one test.
 */
#ifndef OFFERSIM_WHY_H
#define OFFERSIM_WHY_H

struct world;

/*
 * Say why the first waiting task of framework fw (in its queue's order)
 * has not started: its rigid job is incomplete or too big for what is
 * free, its role is at its quota limit, it fits free resources that are
 * filtered for fw (until when), it fits free resources that the next
 * pass will offer, it would fit but for an offer another framework
 * holds, or it fits nowhere (the largest free slot against its demand).  The line is printed when the task or the reason changed
 * since the framework's last such line, so a task that waits for many
 * passes for the same reason is told once.  Called by the framework
 * runtime after an answer and by the master after a pass that offered
 * fw nothing.
 */
void why_waiting(struct world *w, int fw);

#endif
