/*
 * world.c - what every module of the model shares on a world besides its
 * state (world.h): the narration of --explain.  It calls nothing, so
 * every module may call it without making a loop.
 */
#include "world.h"

#include <stdarg.h>
#include <stdio.h>

static void say(const struct world *w, const char *fmt, va_list ap)
{
	fprintf(w->opt.explain, "[%10.3f] ", simtime_to_sec(w->now));
	vfprintf(w->opt.explain, fmt, ap);
	fputc('\n', w->opt.explain);
}

void world_explain(const struct world *w, const char *fmt, ...)
{
	if (!world_explaining(w, EX_NONE, EX_NONE, EX_NONE))
		return;
	va_list ap;
	va_start(ap, fmt);
	say(w, fmt, ap);
	va_end(ap);
}

void world_explain_of(const struct world *w, int fw, int agent,
		      long long job, const char *fmt, ...)
{
	if (!world_explaining(w, fw, agent, job))
		return;
	va_list ap;
	va_start(ap, fmt);
	say(w, fmt, ap);
	va_end(ap);
}
