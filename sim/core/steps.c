/*
 * steps.c - step functions as CSV rows, with thinning (see steps.h).
 *
 * The current step (start time and values) is held until the next change
 * ends it.  Without a limit an ended step is written at once.  With one,
 * ended steps go into a buffer of cap = max_rows - 2 (rounded down to an
 * even count) entries, each the merge of `group` steps; the steps are
 * first gathered into an accumulator of up to `group` steps.  When the
 * buffer fills, neighbouring entries merge pairwise and group doubles, so
 * at the end there are fewer than cap entries, one partly filled
 * accumulator and the end row: at most max_rows rows.  Entries keep
 * means in double precision: an unmerged step's mean is its exact value,
 * and merging two means weights them by their durations.
 */
#include "steps.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fmt.h"

struct steps_entry {
	int64_t t, d;            /* start and duration, microseconds */
};

struct steps {
	FILE *f;
	int ncol;
	char *line;
	size_t linesize;
	uint64_t rows;
	int err;                 /* the file was in error after a write */
	int64_t cur_t;           /* the current step */
	int64_t *cur;
	/* thinning (cap > 0) */
	size_t cap, n;
	uint64_t group;
	struct steps_entry *e;   /* [cap] */
	double *mean;            /* [cap][ncol] */
	struct steps_entry acc;  /* the accumulator */
	uint64_t acc_n;
	double *acc_mean;        /* [ncol] */
};

static void write_row(struct steps *s, int64_t t, const int64_t *v)
{
	struct fmtbuf b = {s->line, s->line + s->linesize};
	fmt_fixed(&b, t, 6);
	for (int k = 0; k < s->ncol; k++) {
		fmt_char(&b, ',');
		fmt_fixed(&b, v[k], 6);
	}
	fmt_char(&b, '\n');
	fwrite(s->line, 1, (size_t)(b.p - s->line), s->f);
	s->rows++;
	/* Asked after a write only, not on every change: ferror takes the
	 * FILE's lock once a second thread runs (rowpipe.h, prefetch.h),
	 * and a change with no row cannot put the file in error. */
	s->err |= ferror(s->f) != 0;
}

static void write_mean_row(struct steps *s, int64_t t, const double *mean)
{
	struct fmtbuf b = {s->line, s->line + s->linesize};
	fmt_fixed(&b, t, 6);
	for (int k = 0; k < s->ncol; k++) {
		fmt_char(&b, ',');
		fmt_fixed(&b, (int64_t)llround(mean[k]), 6);
	}
	fmt_char(&b, '\n');
	fwrite(s->line, 1, (size_t)(b.p - s->line), s->f);
	s->rows++;
}

struct steps *steps_new(FILE *f, int ncol, long max_rows, int64_t t0)
{
	struct steps *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->f = f;
	s->ncol = ncol;
	s->cur_t = t0;
	s->group = 1;
	/* "-" and 20 digits, point and 6 decimals, comma: 29 per value */
	s->linesize = 32 + 32 * (size_t)ncol;
	s->line = malloc(s->linesize);
	s->cur = calloc((size_t)(ncol ? ncol : 1), sizeof *s->cur);
	if (max_rows > 0) {
		size_t cap = (size_t)(max_rows < 4 ? 4 : max_rows) - 2;
		s->cap = cap & ~(size_t)1;
		s->e = malloc(s->cap * sizeof *s->e);
		s->mean = malloc(s->cap * (size_t)(ncol ? ncol : 1) * sizeof *s->mean);
		s->acc_mean = calloc((size_t)(ncol ? ncol : 1), sizeof *s->acc_mean);
	}
	if (!s->line || !s->cur || (s->cap && (!s->e || !s->mean || !s->acc_mean))) {
		steps_free(s);
		return NULL;
	}
	return s;
}

/* Merge b (mean mb over db) into a (ma over da): the time-weighted mean. */
static void merge_into(double *ma, int64_t da, const double *mb, int64_t db,
		       int ncol)
{
	double wa = (double)da, wb = (double)db;
	for (int k = 0; k < ncol; k++)
		ma[k] = (ma[k] * wa + mb[k] * wb) / (wa + wb);
}

static void push_acc(struct steps *s)
{
	size_t nc = (size_t)s->ncol;
	s->e[s->n] = s->acc;
	memcpy(&s->mean[s->n * nc], s->acc_mean, nc * sizeof *s->mean);
	s->n++;
	s->acc_n = 0;
	if (s->n < s->cap)
		return;
	for (size_t i = 0; i < s->n / 2; i++) {
		struct steps_entry a = s->e[2 * i], b = s->e[2 * i + 1];
		double *ma = &s->mean[2 * i * nc];
		merge_into(ma, a.d, &s->mean[(2 * i + 1) * nc], b.d, s->ncol);
		memmove(&s->mean[i * nc], ma, nc * sizeof *s->mean);
		s->e[i].t = a.t;
		s->e[i].d = a.d + b.d;
	}
	s->n /= 2;
	s->group *= 2;
}

/* The current step, of duration d > 0, has ended. */
static void step_ended(struct steps *s, int64_t d)
{
	if (!s->cap) {
		write_row(s, s->cur_t, s->cur);
		return;
	}
	if (s->acc_n == 0) {
		s->acc.t = s->cur_t;
		s->acc.d = d;
		for (int k = 0; k < s->ncol; k++)
			s->acc_mean[k] = (double)s->cur[k];
	} else {
		double wa = (double)s->acc.d, wb = (double)d;
		for (int k = 0; k < s->ncol; k++)
			s->acc_mean[k] = (s->acc_mean[k] * wa + (double)s->cur[k] * wb) /
					 (wa + wb);
		s->acc.d += d;
	}
	if (++s->acc_n == s->group)
		push_acc(s);
}

int steps_set(struct steps *s, int64_t t, const int64_t *v)
{
	size_t bytes = (size_t)s->ncol * sizeof *v;
	/* A loop, not memcmp: a row is a few values, and this runs every
	 * time the clock moves. */
	int k = 0;
	while (k < s->ncol && v[k] == s->cur[k])
		k++;
	if (k == s->ncol)
		return 0;
	if (t > s->cur_t)
		step_ended(s, t - s->cur_t);
	s->cur_t = t;
	memcpy(s->cur, v, bytes);
	return s->err ? OS_EIO : 0;
}

int steps_finish(struct steps *s, int64_t t_end)
{
	if (t_end > s->cur_t) {
		step_ended(s, t_end - s->cur_t);
		s->cur_t = t_end;
	}
	if (s->cap) {
		if (s->acc_n > 0)
			push_acc(s);   /* may merge: still within the bound */
		for (size_t i = 0; i < s->n; i++)
			write_mean_row(s, s->e[i].t, &s->mean[i * (size_t)s->ncol]);
		s->n = 0;
	}
	write_row(s, s->cur_t, s->cur);
	return ferror(s->f) ? OS_EIO : 0;
}

uint64_t steps_rows(const struct steps *s)
{
	return s->rows;
}

void steps_free(struct steps *s)
{
	if (!s)
		return;
	free(s->line);
	free(s->cur);
	free(s->e);
	free(s->mean);
	free(s->acc_mean);
	free(s);
}
