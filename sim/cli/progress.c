/*
 * progress.c - the progress bar of run, compare, sweep and the trace tools (see
 * progress.h).  Plain text and carriage returns only, no terminal control
 * sequences, so it works on any terminal and in Emacs shells.
 */
#include "progress.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

enum { BAR_WIDTH = 30 };

FILE *progress_stream(int quiet)
{
	return !quiet && isatty(2) ? stderr : NULL;
}

int progress_draw(FILE *f, const char *what, double frac, const char *tail)
{
	if (!(frac >= 0))
		frac = 0;
	if (frac > 1)
		frac = 1;
	int fill = (int)(frac * BAR_WIDTH);
	char bar[BAR_WIDTH + 1];
	for (int k = 0; k < BAR_WIDTH; k++)
		bar[k] = k < fill ? '#' : '.';
	bar[BAR_WIDTH] = '\0';
	int n = fprintf(f, "\r%s [%s] %s            ", what ? what : "", bar,
			tail ? tail : "");
	fflush(f);
	return n > 1 ? n - 1 : 0;
}

static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void progress_init(struct progress *p, FILE *out, const char *what,
		   const char *unit, long long total)
{
	memset(p, 0, sizeof *p);
	p->out = out;
	p->what = what;
	p->unit = unit ? unit : "records";
	p->total = total;
	if (out)
		p->t0 = p->last = now_sec();
}

/* 12.3 MB, in the unit that keeps 1-3 digits before the point. */
static void fmt_bytes(char *buf, size_t size, long long b)
{
	static const char *const units[] = {"B", "kB", "MB", "GB", "TB"};
	double v = (double)b;
	int u = 0;
	while (v >= 1000 && u < 4) {
		v /= 1000;
		u++;
	}
	snprintf(buf, size, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

void progress_update(struct progress *p, long long done, long long count)
{
	if (!p->out)
		return;
	double t = now_sec();
	if (t - p->last < 0.1)
		return;
	p->last = t;
	char d[32], tot[32], tail[160];
	fmt_bytes(d, sizeof d, done);
	fmt_bytes(tot, sizeof tot, p->total);
	double rate = t > p->t0 ? (double)count / (t - p->t0) : 0;
	snprintf(tail, sizeof tail, "%s of %s, %lld %s, %.2f M/s", d, tot,
		 count, p->unit, rate / 1e6);
	int w = progress_draw(p->out, p->what, p->total > 0
			      ? (double)done / (double)p->total : 0, tail);
	if (w > p->width)
		p->width = w;
}

void progress_end(struct progress *p)
{
	if (!p->out || !p->width)
		return;
	fprintf(p->out, "\r%*s\r", p->width, "");
	fflush(p->out);
	p->width = 0;
}
