/*
 * replay.h - replay.html: the run recorded as a stream of events and
 * embedded, with a hand-written viewer (replay.js, replay.css), in one
 * self-contained page that steps through it offline.
 *
 * The model reports each change the viewer shows, at the place it
 * happens: an allocation pass, an offer made or grown, an offer answered
 * (with what it returned and the filter that went in), a task started or
 * stopped on an agent, a task entering or leaving its framework's queue,
 * an agent joining or leaving.  Each call site tests `w->rp.rec` first,
 * which is set only while the window is being recorded, so a run with
 * metrics.replay off, or outside the window, or past the cap, pays one
 * predictable branch per hook and nothing else; while recording, one
 * short text line per event.
 *
 * What is recorded is a window, metrics.replay_from .. replay_to, capped
 * at metrics.replay_max_events events.  When the window opens (before the
 * first event at or after replay_from) the state of the world is written
 * first (agents' used and offered resources, offers in hand, queue
 * lengths, frameworks' allocations), so the viewer starts from a true
 * state and applies the events to it.  Events are buffered one instant
 * at a time and an instant is written only whole: past the cap, the
 * recording ends at the last instant that fits, and the page says up to
 * when it shows the run and how many events it left out.  Only when the
 * first instant alone has more events than the cap (one pass over a
 * cluster of many thousand agents) is it cut, after its first max
 * events, and the page says so.  The page's size therefore follows the
 * cap, never the run (plus a line per agent and per task running when
 * the window opens).
 *
 * Event lines (resources in thousandths, ids as array indexes of the
 * page's agents and frameworks), each instant opened by a line "@T", its
 * time in microseconds:
 *
 *   P pass                           an allocation pass starts
 *   O offer fw agent pass R...       an offer is made
 *   G offer R...                     an offer grows (a second stage)
 *   A|D|R|B offer launched filter R  accepted, declined, rescinded or
 *                                    given back; R is what returned to
 *                                    the agent, filter the filter's
 *                                    length in microseconds (0: none)
 *   S fw agent job task R...         a task starts on an agent
 *   E fw agent job task R...         a task stops (end, preemption,
 *                                    kill, loss)
 *   W fw job task / L fw job task    a task enters / leaves the queue
 *   J agent / K agent                an agent joins / leaves
 */
#ifndef OFFERSIM_REPLAY_H
#define OFFERSIM_REPLAY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../core/outfile.h"
#include "../core/res.h"
#include "../core/simtime.h"

struct world;
struct task;
struct offer;

struct replay {
	int rec;                  /* the hooks are called: the window is
				     open and the recording not ended */
	int armed;                /* the engine calls replay_check: the
				     page is open and the recording not
				     ended */
	int opened;               /* the window's start state is written */
	int closed;               /* recording ended: window end or cap */
	int capped;               /* ... because of the cap */
	int cut;                  /* ... inside the first instant, which
				     alone had more events than the cap */
	simtime_t from, to;       /* window, µs; to SIMTIME_NEVER: run end */
	simtime_t check_at;       /* sim_step calls replay_check from here */
	long max;                 /* events cap */
	struct outfile out;
	FILE *f;                  /* out.f while open */
	char *final;
	/* The current instant's lines, written when time moves on. */
	char *buf;
	size_t len, cap;
	simtime_t inst;
	long inst_n;
	long written;             /* events in the page */
	uint64_t events_before;   /* engine events before the window */
	uint64_t events_at_close; /* engine events when recording ended */
	uint64_t inst_event;      /* engine event of the instant's first line */
	simtime_t first_out;      /* time of the first event left out, or -1 */
	simtime_t opened_at;
	simtime_t last;           /* time of the last written event */
};

/* Open replay.html's temporary in dir when metrics.replay is on (else
 * nothing is recorded and no page written). */
int replay_open(struct world *w, const char *dir);

/* Before an event at time t: opens or closes the window.  The engine
 * calls it only when w->rp.armed and t >= w->rp.check_at. */
void replay_check(struct world *w, simtime_t t);

/* The hooks (call only when w->rp.rec). */
void replay_pass(struct world *w);
void replay_offer_made(struct world *w, const struct offer *o);
void replay_offer_grew(struct world *w, const struct offer *o,
		       const resq_t *more);
/* outcome 'A', 'D', 'R' or 'B'; o->left is still what goes back. */
void replay_offer_done(struct world *w, const struct offer *o, char outcome,
		       simtime_t filter);
void replay_task(struct world *w, const struct task *t, char what);
void replay_queue(struct world *w, const struct task *t, int delta);
void replay_agent(struct world *w, int agent, int present);

/* After the last event: the rest of the page, then rename into place. */
int replay_finish(struct world *w);
/* Drop the temporary and any earlier page (a failed run). */
void replay_abort(struct world *w);
void replay_release(struct world *w);

#endif
