/*
 * world.c - what every module of the model shares on a world besides its
 * state (world.h): the narration of --explain.  It calls nothing, so
 * every module may call it without making a loop.
 */
#include "world.h"

#include <stdarg.h>
#include <stdio.h>

void world_explain(const struct world *w, const char *fmt, ...)
{
	if (!w->opt.explain)
		return;
	va_list ap;
	fprintf(w->opt.explain, "[%10.3f] ", simtime_to_sec(w->now));
	va_start(ap, fmt);
	vfprintf(w->opt.explain, fmt, ap);
	va_end(ap);
	fputc('\n', w->opt.explain);
}
