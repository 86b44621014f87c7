/*
 * replay.c - record a window of the run and write replay.html (see
 * replay.h).
 *
 * The page is streamed: its head and style when the run starts, the
 * window's start state when the window opens, the events as each instant
 * ends, and the names, the counts and the viewer's script at the end.
 * Only the current instant is held in memory, so recording costs memory
 * in proportion to the busiest instant (at most the cap's worth), and the
 * page's size is bounded by the cap (about 30 bytes an event on two
 * resources).  The page is written through the one output writer: whole,
 * or absent.
 *
 * Known limits: the start state lists at most REPLAY_START_WAITING
 * waiting tasks per framework (the count is always exact); the viewer
 * lists only the waiting tasks it knows of.
 */
#include "replay.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../config/scenario.h"
#include "../core/diag.h"
#include "../core/err.h"
#include "../core/fmt.h"
#include "world.h"

/* The viewer: replay.css and replay.js as arrays of lines, made from
 * the source files by scripts/embed at build time. */
#include "replay_assets.h"

#define REPLAY_START_WAITING 200

/* ------------------------------------------------------------------ */
/* Writing                                                              */

static int grow(struct replay *r, size_t more)
{
	if (r->len + more <= r->cap)
		return 0;
	size_t cap = r->cap ? r->cap : 4096;
	while (cap < r->len + more)
		cap *= 2;
	char *b = realloc(r->buf, cap);
	if (!b)
		return -1;
	r->buf = b;
	r->cap = cap;
	return 0;
}

/* A line of at most this many bytes: a kind, six numbers and RES_MAX
 * resources of at most 20 digits each. */
#define LINE_MAX_BYTES (24 * (8 + RES_MAX))

static void put_lines(FILE *f, const char *const *lines)
{
	for (; *lines; lines++)
		fputs(*lines, f);
}

/* A JSON string for a <script> block: '<' escaped so that no name can
 * close it. */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == '<' || c == '>' || c == '&')
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Move the current instant into the page, or end the recording when it
 * would pass the cap. */
static void flush_instant(struct world *w)
{
	struct replay *r = &w->rp;
	if (r->inst_n == 0)
		return;
	if (r->written + r->inst_n > r->max) {
		/* The hooks stop here, so that a long run past the cap pays
		 * nothing more for its page. */
		r->closed = r->capped = 1;
		r->rec = r->armed = 0;
		r->first_out = r->inst;
		r->events_at_close = r->inst_event - 1;
		if (r->written == 0) {
			/* The first instant alone passes the cap (a pass
			 * over a large cluster): its first max events,
			 * rather than nothing. */
			fwrite(r->buf, 1, r->len, r->f);
			r->cut = 1;
			r->written = r->max;
			r->last = r->inst;
			r->events_at_close = w->events;
		}
	} else {
		fwrite(r->buf, 1, r->len, r->f);
		r->written += r->inst_n;
		r->last = r->inst;
	}
	r->len = 0;
	r->inst_n = 0;
}

/* Start an event line of kind k at now: a buffer of LINE_MAX_BYTES to
 * fill, or NULL (out of memory, or past the cap). */
static char *line_begin(struct world *w, struct fmtbuf *b, char k)
{
	struct replay *r = &w->rp;
	if (r->inst_n > 0 && w->now != r->inst)
		flush_instant(w);
	if (r->closed)
		return NULL;
	/* No room left for this event (flush_instant sorts out whether
	 * the instant is dropped or, when it is the first, cut). */
	if (r->written + r->inst_n >= r->max) {
		r->inst_n++;
		r->inst = w->now;
		return NULL;
	}
	if (grow(r, 2 * LINE_MAX_BYTES)) {
		w->failed = OS_ENOMEM;
		return NULL;
	}
	b->p = r->buf + r->len;
	b->end = r->buf + r->cap;
	/* The time once per instant, on a line of its own: most events
	 * share theirs with others. */
	if (r->inst_n == 0) {
		fmt_char(b, '@');
		fmt_i64(b, w->now);
		fmt_char(b, '\n');
		r->inst_event = w->events;
	}
	r->inst = w->now;
	r->inst_n++;
	fmt_char(b, k);
	return b->p;
}

static void line_num(struct fmtbuf *b, int64_t v)
{
	fmt_char(b, ' ');
	fmt_i64(b, v);
}

static void line_res(struct world *w, struct fmtbuf *b, const resq_t *v)
{
	for (int i = 0; i < w->nres; i++)
		line_num(b, v[i]);
}

static void line_end(struct world *w, struct fmtbuf *b)
{
	fmt_char(b, '\n');
	w->rp.len = (size_t)(b->p - w->rp.buf);
}

/* ------------------------------------------------------------------ */
/* The page                                                             */

int replay_open(struct world *w, const char *dir)
{
	struct replay *r = &w->rp;
	r->first_out = -1;
	r->final = outfile_path(dir, "replay.html");
	if (!r->final)
		return OS_ENOMEM;
	/* A page of an earlier run must not pass for this one's. */
	unlink(r->final);
	if (!w->sc->replay)
		return 0;
	r->from = simtime_from_sec(w->sc->replay_from);
	r->to = w->sc->replay_to > 0 ? simtime_from_sec(w->sc->replay_to)
				     : SIMTIME_NEVER;
	r->max = w->sc->replay_max_events;
	int e = outfile_open(&r->out, r->final, 0);
	if (e) {
		diag_error(w->diag, r->final, 0, 0, "cannot write: %s",
			   strerror(-e));
		return e == -ENOMEM ? OS_ENOMEM : OS_EWRITE;
	}
	r->f = r->out.f;
	r->armed = 1;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width\">\n<title>replay: ",
	      r->f);
	for (const char *s = w->sc->name ? w->sc->name : ""; *s; s++)
		if (*s == '<')
			fputs("&lt;", r->f);
		else if (*s == '&')
			fputs("&amp;", r->f);
		else
			fputc(*s, r->f);
	fputs("</title>\n<style>\n", r->f);
	put_lines(r->f, replay_css);
	fputs("</style>\n</head>\n<body>\n<noscript>This page needs JavaScript "
	      "(it runs offline: nothing is fetched).</noscript>\n", r->f);
	r->check_at = r->from;
	return 0;
}

/* The window opens: the state the events start from. */
static void write_start(struct world *w)
{
	struct replay *r = &w->rp;
	FILE *f = r->f;
	int nres = w->nres;
	resq_t *used = calloc((size_t)(w->nagents > 0 ? w->nagents : 1) * (size_t)nres,
			      sizeof *used);
	if (!used) {
		w->failed = OS_ENOMEM;
		return;
	}
	fputs("<script type=\"text/plain\" id=\"rp-start\">\n", f);
	char line[LINE_MAX_BYTES];
	struct fmtbuf b;
	for (int i = 0; i < w->nfws; i++)
		for (uint32_t id = w->fws[i].run_head; id != POOL_NONE;
		     id = W_TASK(w, id)->run_next) {
			const struct task *t = W_TASK(w, id);
			res_add(used + (size_t)t->agent * (size_t)nres, t->res, nres);
			b = (struct fmtbuf){line, line + sizeof line};
			fmt_str(&b, "s");
			line_num(&b, i);
			line_num(&b, t->agent);
			line_num(&b, t->pt.job_id);
			line_num(&b, t->pt.task_id);
			line_res(w, &b, t->res);
			fmt_char(&b, '\n');
			fwrite(line, 1, (size_t)(b.p - line), f);
		}
	/* Agents present with nothing offered are the viewer's default:
	 * a large idle cluster costs no line. */
	for (int a = 0; a < w->nagents; a++) {
		const resq_t *u = used + (size_t)a * (size_t)nres;
		int plain = w->agents[a].present;
		for (int k = 0; k < nres && plain; k++)
			plain = w->agents[a].total[k] - w->agents[a].free[k] == u[k];
		if (plain)
			continue;
		b = (struct fmtbuf){line, line + sizeof line};
		fmt_str(&b, "a");
		line_num(&b, a);
		line_num(&b, w->agents[a].present);
		/* offered = total - free - used */
		for (int k = 0; k < nres; k++)
			line_num(&b, w->agents[a].total[k] - w->agents[a].free[k] - u[k]);
		fmt_char(&b, '\n');
		fwrite(line, 1, (size_t)(b.p - line), f);
	}
	free(used);
	for (int i = 0; i < w->nfws; i++) {
		const struct framework *fw = &w->fws[i];
		uint32_t heads[2] = {fw->held_head, fw->off_head};
		for (int l = 0; l < 2; l++)
			for (uint32_t id = heads[l]; id != POOL_NONE;
			     id = W_OFFER(w, id)->next) {
				const struct offer *o = W_OFFER(w, id);
				b = (struct fmtbuf){line, line + sizeof line};
				fmt_str(&b, "o");
				line_num(&b, (int64_t)o->number);
				line_num(&b, i);
				line_num(&b, o->agent);
				line_num(&b, (int64_t)o->pass);
				line_num(&b, o->made);
				line_res(w, &b, o->left);
				fmt_char(&b, '\n');
				fwrite(line, 1, (size_t)(b.p - line), f);
			}
		b = (struct fmtbuf){line, line + sizeof line};
		fmt_str(&b, "f");
		line_num(&b, i);
		line_num(&b, fw->q_len);
		line_res(w, &b, fw->allocated);
		fmt_char(&b, '\n');
		fwrite(line, 1, (size_t)(b.p - line), f);
	}
	/* Waiting tasks, in id order, a bounded number per framework. */
	int *listed = calloc((size_t)(w->nfws > 0 ? w->nfws : 1), sizeof *listed);
	if (!listed) {
		w->failed = OS_ENOMEM;
		return;
	}
	for (uint32_t id = 0; id < w->tasks.next_fresh; id++) {
		const struct task *t = W_TASK(w, id);
		if (t->state != TASK_WAITING ||
		    listed[t->fw] >= REPLAY_START_WAITING)
			continue;
		listed[t->fw]++;
		b = (struct fmtbuf){line, line + sizeof line};
		fmt_str(&b, "w");
		line_num(&b, t->fw);
		line_num(&b, t->pt.job_id);
		line_num(&b, t->pt.task_id);
		fmt_char(&b, '\n');
		fwrite(line, 1, (size_t)(b.p - line), f);
	}
	free(listed);
	b = (struct fmtbuf){line, line + sizeof line};
	fmt_str(&b, "n");
	line_num(&b, (int64_t)w->passes);
	line_num(&b, (int64_t)w->offers_made);
	fmt_char(&b, '\n');
	fwrite(line, 1, (size_t)(b.p - line), f);
	fputs("</script>\n<script type=\"text/plain\" id=\"rp-events\">\n", f);
}

void replay_check(struct world *w, simtime_t t)
{
	struct replay *r = &w->rp;
	if (!r->f || r->closed)
		return;
	if (!r->opened) {
		r->opened = 1;
		r->rec = 1;
		r->opened_at = t;
		r->events_before = w->events;
		write_start(w);
		r->check_at = r->to == SIMTIME_NEVER ? SIMTIME_NEVER : r->to + 1;
		return;
	}
	/* Past the window's end: the instant before is whole. */
	flush_instant(w);
	if (r->closed)
		return;     /* the cap came first */
	r->closed = 1;
	r->rec = r->armed = 0;
	r->first_out = t;
	r->events_at_close = w->events;
	r->check_at = SIMTIME_NEVER;
}

/* ------------------------------------------------------------------ */
/* Hooks                                                                */

void replay_pass(struct world *w)
{
	struct fmtbuf b;
	if (!line_begin(w, &b, 'P'))
		return;
	line_num(&b, (int64_t)w->passes);
	line_end(w, &b);
}

void replay_offer_made(struct world *w, const struct offer *o)
{
	struct fmtbuf b;
	if (!line_begin(w, &b, 'O'))
		return;
	line_num(&b, (int64_t)o->number);
	line_num(&b, o->fw);
	line_num(&b, o->agent);
	line_num(&b, (int64_t)o->pass);
	line_res(w, &b, o->res);
	line_end(w, &b);
}

void replay_offer_grew(struct world *w, const struct offer *o,
		       const resq_t *more)
{
	struct fmtbuf b;
	if (!line_begin(w, &b, 'G'))
		return;
	line_num(&b, (int64_t)o->number);
	line_res(w, &b, more);
	line_end(w, &b);
}

void replay_offer_done(struct world *w, const struct offer *o, char outcome,
		       simtime_t filter)
{
	struct fmtbuf b;
	if (!line_begin(w, &b, outcome))
		return;
	line_num(&b, (int64_t)o->number);
	line_num(&b, o->launched);
	line_num(&b, res_is_zero(o->left, w->nres) ? 0 : filter);
	line_res(w, &b, o->left);
	line_end(w, &b);
}

void replay_task(struct world *w, const struct task *t, char what)
{
	struct fmtbuf b;
	if (!line_begin(w, &b, what))
		return;
	line_num(&b, t->fw);
	line_num(&b, t->agent);
	line_num(&b, t->pt.job_id);
	line_num(&b, t->pt.task_id);
	line_res(w, &b, t->res);
	line_end(w, &b);
}

void replay_queue(struct world *w, const struct task *t, int delta)
{
	struct fmtbuf b;
	if (!line_begin(w, &b, delta > 0 ? 'W' : 'L'))
		return;
	line_num(&b, t->fw);
	line_num(&b, t->pt.job_id);
	line_num(&b, t->pt.task_id);
	line_end(w, &b);
}

void replay_agent(struct world *w, int agent, int present)
{
	struct fmtbuf b;
	if (!line_begin(w, &b, present ? 'J' : 'K'))
		return;
	line_num(&b, agent);
	line_end(w, &b);
}

/* ------------------------------------------------------------------ */
/* The end                                                              */

static void write_meta(struct world *w)
{
	struct replay *r = &w->rp;
	FILE *f = r->f;
	fputs("<script type=\"application/json\" id=\"rp-meta\">\n{\"name\": ", f);
	json_str(f, w->sc->name ? w->sc->name : "");
	fputs(",\n \"resources\": [", f);
	for (int k = 0; k < w->nres; k++) {
		fputs(k ? ", " : "", f);
		json_str(f, w->sc->res.name[k]);
	}
	fputs("],\n \"scale\": ", f);
	fprintf(f, "%d", RES_SCALE);
	fputs(",\n \"frameworks\": [", f);
	for (int i = 0; i < w->nfws; i++) {
		fputs(i ? ", " : "", f);
		json_str(f, w->fws[i].name);
	}
	fputs("],\n \"agents\": [", f);
	for (int a = 0; a < w->nagents; a++) {
		fputs(a ? ",\n  " : "\n  ", f);
		fputc('[', f);
		json_str(f, w->agents[a].name);
		for (int k = 0; k < w->nres; k++)
			fprintf(f, ", %lld", (long long)w->agents[a].total[k]);
		fputc(']', f);
	}
	/* A run stopped early (a signal, a stop condition) says so here as
	 * its other files do in their last line. */
	fputs("],\n \"stopped\": ", f);
	if (w->met.stopped) {
		json_str(f, w->met.stopped);
	} else if (w->stopped) {
		char why[192];
		snprintf(why, sizeof why, "a stop condition on %s", w->stop_metric);
		json_str(f, why);
	} else {
		fputs("null", f);
	}
	fprintf(f, ",\n \"from\": %lld,\n \"to\": %lld,\n \"run_end\": %lld,\n",
		(long long)r->from,
		(long long)(r->to == SIMTIME_NEVER ? -1 : r->to),
		(long long)w->now);
	fprintf(f, " \"opened_at\": %lld,\n \"last\": %lld,\n",
		(long long)(r->opened ? r->opened_at : -1),
		(long long)(r->written ? r->last : -1));
	fprintf(f, " \"events\": %ld,\n \"max_events\": %ld,\n \"capped\": %s,\n \"cut\": %s,\n",
		r->written, r->max, r->capped ? "true" : "false",
		r->cut ? "true" : "false");
	/* What was left out, in the engine's events (arrivals, passes,
	 * answers, task ends...), which the run counts anyway. */
	fprintf(f, " \"before\": %llu,\n \"after\": %llu,\n \"first_left_out\": %lld\n}\n</script>\n",
		(unsigned long long)r->events_before,
		(unsigned long long)(r->closed ? w->events - r->events_at_close : 0),
		(long long)r->first_out);
}

int replay_finish(struct world *w)
{
	struct replay *r = &w->rp;
	if (!r->f)
		return 0;
	if (!r->opened) {
		/* The window starts after the run's end: an empty recording
		 * of the state at the end. */
		r->opened = 1;
		r->opened_at = w->now;
		write_start(w);
	}
	flush_instant(w);
	fputs("</script>\n", r->f);
	write_meta(w);
	fputs("<script>\n", r->f);
	put_lines(r->f, replay_js);
	fputs("</script>\n</body>\n</html>\n", r->f);
	r->f = NULL;
	r->rec = 0;
	int e = outfile_commit(&r->out);
	if (e) {
		diag_error(w->diag, r->final, 0, 0, "cannot write: %s",
			   strerror(-e));
		return OS_EWRITE;
	}
	return w->failed;
}

void replay_abort(struct world *w)
{
	struct replay *r = &w->rp;
	if (r->f) {
		outfile_abort(&r->out);
		r->f = NULL;
	}
	r->rec = 0;
	if (r->final)
		unlink(r->final);
}

void replay_release(struct world *w)
{
	struct replay *r = &w->rp;
	if (r->f)
		outfile_abort(&r->out);
	free(r->final);
	free(r->buf);
	memset(r, 0, sizeof *r);
}
