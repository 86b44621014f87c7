/*
 * plotprep.c - the plot scripts' per-row arithmetic, done before gnuplot
 * starts (see plot.h, plot_prepare).
 *
 * Most of a plotted run's wall time was gnuplot evaluating `using`
 * expressions: every expression it evaluates per row sets and restores a
 * signal handler (two system calls), and the Gantt and wait scripts also
 * read their file several times to gather counts.  So for wait_cdf, gantt,
 * queue and shares the simulator reads the CSV once, computes what the
 * script's expressions would for each row, in the same order of the same
 * IEEE operations, and writes the results with 17 significant digits, which
 * read back as the same doubles.  The counts the script's `stats` passes
 * would find are appended to the -e expression.  gnuplot is then handed
 * only plain columns and draws the same points, so the pictures are the
 * same bytes: test_plots draws each plot both ways and compares them.
 *
 * What the scripts read, and how gnuplot reads it, is mirrored here:
 * lines that are empty or start with '#' are not data; a field is the text
 * between commas; numbers are read with strtod.  Anything this file does
 * not expect (no data rows, a missing column, a line too short) returns 0,
 * and the script then reads the CSV itself, as it does when run by hand.
 */
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/gantt.h"

/* Room for row n of an array of elem-byte rows at *p, *room of them:
 * doubled when full.  0, or -1 out of memory (the array as it was). */
static int grow(void *p, long *room, long n, size_t elem)
{
	if (n < *room)
		return 0;
	long nroom = *room ? 2 * *room : 4096;
	void *q = realloc(*(void **)p, (size_t)nroom * elem);
	if (!q)
		return -1;
	*(void **)p = q;
	*room = nroom;
	return 0;
}

/* A line gnuplot reads as data: not empty, not a comment. */
static int is_data(const char *line)
{
	const char *p = line + strspn(line, " \t");
	return *p && *p != '#' && *p != '\n' && *p != '\r';
}

/* v with 17 significant digits, as gnuplot will read it back exactly. */
static void put_num(FILE *out, double v)
{
	if (v == 0 && !signbit(v))
		fputc('0', out);
	else
		fprintf(out, "%.17g", v);
}

/* Append "; name=v" to expr as a real (a decimal point or an exponent,
 * so gnuplot does not take an integral value for an integer and divide
 * by it as one), as the script's stats would have set it. */
static void add_real(char *expr, size_t size, const char *name, double v)
{
	size_t k = strlen(expr);
	char num[40];
	snprintf(num, sizeof num, "%.17g", v);
	if (!strpbrk(num, ".en"))
		strcat(num, ".0");
	snprintf(expr + k, size - k, "; %s=%s", name, num);
}

static void add_int(char *expr, size_t size, const char *name, long v)
{
	size_t k = strlen(expr);
	snprintf(expr + k, size - k, "; %s=%ld", name, v);
}

/* The column named name in a header row split into f[0..n-1], or -1. */
static int column_of(char **f, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(f[i], name))
			return i;
	return -1;
}

#define MAXF 64
#define MAXFW 64

/*
 * wait_cdf.gp: curve k (1..nfw) counts the finished tasks of framework
 * k, the frameworks in the order they first finish a task; curve 0 all
 * finished tasks.  A row that does not count is (0, 0), so that each
 * curve has a point per row, as the script's own expressions give it.
 * One block per curve (k = 1..nfw, then 0), blocks apart by two empty
 * lines, with no header (gnuplot's skip is for the top of the file only,
 * and a header inside would be a point that breaks the curve).
 */
static int prep_wait(FILE *in, FILE *out, double wscale, char *expr, size_t size)
{
	char *line = NULL, *f[MAXF];
	size_t cap = 0;
	int rc = 0;
	char *fw[MAXFW];
	int nfw = 0, nf;
	long nfin = 0, nzero = 0, nrows = 0, room = 0;
	double wmax = 0;
	/* Per data row: the curve it counts in (0: none) and its wait. */
	struct row { int k; double w; } *rows = NULL;
	if (getline(&line, &cap, in) < 0)
		goto out;
	nf = plot_csv_fields(line, f, MAXF);
	int cfw = column_of(f, nf, "framework"), cw = column_of(f, nf, "wait"),
	    cs = column_of(f, nf, "state");
	if (cfw != 0 || cw < 0 || cs < 0)
		goto out;
	int need = (cw > cs ? cw : cs) + 1;
	while (getline(&line, &cap, in) >= 0) {
		if (!is_data(line))
			continue;
		if ((nf = plot_csv_fields(line, f, MAXF)) < need)
			goto out;
		if (grow(&rows, &room, nrows, sizeof *rows) < 0)
			goto out;
		struct row *r = &rows[nrows++];
		r->k = 0;
		r->w = 0;
		if (strcmp(f[cs], "finished"))
			continue;
		char *end;
		r->w = strtod(f[cw], &end);
		if (end == f[cw] || *end)
			goto out;
		nfin++;
		nzero += r->w == 0;
		if (r->w > wmax)
			wmax = r->w;
		int k = 0;
		while (k < nfw && strcmp(fw[k], f[cfw]))
			k++;
		if (k == nfw) {
			if (nfw == MAXFW || !(fw[nfw] = strdup(f[cfw])))
				goto out;
			nfw++;
		}
		r->k = k + 1;
	}
	if (nrows == 0)
		goto out;
	for (int k = 1; k <= nfw + 1; k++) {
		int curve = k <= nfw ? k : 0;
		if (k > 1)
			fputs("\n\n", out);
		for (long i = 0; i < nrows; i++) {
			int in_curve = rows[i].k && (curve == 0 || rows[i].k == curve);
			if (in_curve) {
				put_num(out, rows[i].w / wscale);
				fputs(",1\n", out);
			} else {
				fputs("0,0\n", out);
			}
		}
	}
	/* The names go in as " a b c ", as the script collects them. */
	size_t k = strlen(expr);
	snprintf(expr + k, size - k, "; fws=");
	char names[PLOT_EXPR_MAX / 2] = " ";
	for (int i = 0; i < nfw; i++) {
		size_t n = strlen(names);
		snprintf(names + n, sizeof names - n, "%s ", fw[i]);
	}
	plot_quote_append(expr, size, names);
	add_int(expr, size, "nfin", nfin);
	add_int(expr, size, "nzero", nzero);
	/* The script starts wmax at 0.0 and keeps the largest wait read. */
	add_real(expr, size, "wmax", wmax);
	rc = strlen(expr) + 1 < size && strlen(names) + 1 < sizeof names ? 1 : 0;
out:
	for (int i = 0; i < nfw; i++)
		free(fw[i]);
	free(rows);
	free(line);
	return rc;
}

/*
 * gantt.gp: per bar the box's centre and half sizes and its colour,
 *   ((start+end)/2/unit, row + 0.05 + (lane + 0.5)*h, (end-start)/2/unit,
 *    h/2, colour+1)  with h = 0.9/nlanes,
 * after a header line; and the script's stats: nrows and nlanes (one
 * more than the largest row and lane), t0 and t1 (the first start, the
 * last end) and each row's label, the agent of its first bar.
 */
static int prep_gantt(FILE *in, FILE *out, double unit, char *expr, size_t size)
{
	char *line = NULL, *f[MAXF];
	size_t cap = 0;
	int rc = 0, nf;
	struct bar { double row, lane, s, e, c; } *bars = NULL;
	long nbars = 0, room = 0;
	char *lab[GANTT_MAX_ROWS] = {0};
	double rmax = -INFINITY, lmax = -INFINITY, t0 = INFINITY, t1 = -INFINITY;
	if (getline(&line, &cap, in) < 0)
		goto out;
	nf = plot_csv_fields(line, f, MAXF);
	int crow = column_of(f, nf, "row"), clane = column_of(f, nf, "lane"),
	    cag = column_of(f, nf, "agent"), cs = column_of(f, nf, "start"),
	    ce = column_of(f, nf, "end"), cc = column_of(f, nf, "colour");
	/* The script reads columns 1, 2, 3, 8, 9 and 10. */
	if (crow != 0 || clane != 1 || cag != 2 || cs != 7 || ce != 8 || cc != 9)
		goto out;
	while (getline(&line, &cap, in) >= 0) {
		if (!is_data(line))
			continue;
		if ((nf = plot_csv_fields(line, f, MAXF)) < 10)
			goto out;
		double v[5];
		int col[5] = {0, 1, 7, 8, 9};
		for (int i = 0; i < 5; i++) {
			char *end;
			v[i] = strtod(f[col[i]], &end);
			if (end == f[col[i]] || *end)
				goto out;
		}
		long r = (long)v[0];
		if (v[0] != (double)r || r < 0 || r >= GANTT_MAX_ROWS)
			goto out;
		if (!lab[r] && !(lab[r] = strdup(f[cag])))
			goto out;
		if (grow(&bars, &room, nbars, sizeof *bars) < 0)
			goto out;
		bars[nbars++] = (struct bar){v[0], v[1], v[2], v[3], v[4]};
		rmax = fmax(rmax, v[0]);
		lmax = fmax(lmax, v[1]);
		t0 = fmin(t0, v[2]);
		t1 = fmax(t1, v[3]);
	}
	if (nbars == 0)
		goto out;
	double nrows = rmax + 1, nlanes = lmax + 1, h = 0.9 / nlanes;
	fputs("x,y,dx,dy,colour\n", out);
	for (long i = 0; i < nbars; i++) {
		const struct bar *b = &bars[i];
		put_num(out, (b->s + b->e) / 2 / unit);
		fputc(',', out);
		put_num(out, b->row + 0.05 + (b->lane + 0.5) * h);
		fputc(',', out);
		put_num(out, (b->e - b->s) / 2 / unit);
		fputc(',', out);
		put_num(out, h / 2);
		fputc(',', out);
		put_num(out, b->c + 1);
		fputc('\n', out);
	}
	add_real(expr, size, "nrows", nrows);
	add_real(expr, size, "nlanes", nlanes);
	add_real(expr, size, "t0", t0);
	add_real(expr, size, "t1", t1);
	size_t k = strlen(expr);
	snprintf(expr + k, size - k, "; array lab[%ld] = [", (long)nrows);
	for (long r = 0; r < (long)nrows; r++) {
		k = strlen(expr);
		snprintf(expr + k, size - k, "%s", r ? ", " : "");
		plot_quote_append(expr, size, lab[r] ? lab[r] : "");
	}
	k = strlen(expr);
	snprintf(expr + k, size - k, "]");
	rc = strlen(expr) + 2 < size ? 1 : 0;
out:
	for (int i = 0; i < GANTT_MAX_ROWS; i++)
		free(lab[i]);
	free(bars);
	free(line);
	return rc;
}

/*
 * queue.gp, shares.gp: the same file with its first column (time in
 * seconds) divided by the time unit, the scripts' ($1/unit).
 */
static int prep_time(FILE *in, FILE *out, double unit)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;
	long rows = 0;
	if ((n = getline(&line, &cap, in)) < 0)
		goto out;
	fwrite(line, 1, (size_t)n, out);
	while ((n = getline(&line, &cap, in)) >= 0) {
		if (!is_data(line)) {
			fwrite(line, 1, (size_t)n, out);
			continue;
		}
		char *comma = strchr(line, ','), *end;
		if (!comma)
			goto out;
		*comma = '\0';
		double t = strtod(line, &end);
		if (end == line || *end)
			goto out;
		put_num(out, t / unit);
		fputc(',', out);
		fwrite(comma + 1, 1, (size_t)(line + n - comma - 1), out);
		rows++;
	}
	rc = rows > 0;
out:
	free(line);
	return rc;
}

int plot_prepare(const char *plot, const char *csv, FILE *out, double tscale,
		 double wscale, char *expr, size_t size)
{
	FILE *in = fopen(csv, "r");
	if (!in)
		return 0;
	int rc = 0;
	size_t k0 = strlen(expr);
	if (!strcmp(plot, "wait_cdf"))
		rc = prep_wait(in, out, wscale, expr, size);
	else if (!strcmp(plot, "gantt"))
		rc = prep_gantt(in, out, tscale, expr, size);
	else if (!strcmp(plot, "queue") || !strcmp(plot, "shares"))
		rc = prep_time(in, out, tscale);
	fclose(in);
	if (rc == 1 && (fflush(out) != 0 || ferror(out)))
		rc = 0;
	if (rc == 1)
		add_int(expr, size, "prepared", 1);
	if (rc != 1)
		expr[k0] = '\0';
	return rc;
}
