/*
 * simtest.c - see simtest.h.  The summary reader is not a JSON parser: it
 * follows the dotted path key by key through the text, which is enough for
 * the fixed layout offersim writes and keeps the tests dependency-free.
 * The CSV reader is as small: offersim's outputs never quote a field.
 */
#include "simtest.h"

#include <CUnit/CUnit.h>

#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include <CUnit/CUnit.h>

#include "../sim/config/config.h"
#include "../sim/core/diag.h"
#include "../sim/model/engine.h"
#include "../sim/config/scenario.h"
#include "../workloads/source.h"

int st_run(const char *scenario, const char *const *sets, int nsets,
	   char *dir, size_t dirsize)
{
	return st_run_diag(scenario, sets, nsets, dir, dirsize, stderr);
}

int st_load(const char *scenario, const char *const *sets, int nsets,
	    struct scenario *sc, struct diag *d)
{
	struct cfg_override ov[16];
	char keys[16][128];
	if (nsets > 16)
		return -1;
	for (int i = 0; i < nsets; i++) {
		const char *eq = strchr(sets[i], '=');
		if (!eq)
			return -1;
		snprintf(keys[i], sizeof keys[i], "%.*s", (int)(eq - sets[i]), sets[i]);
		ov[i].path = keys[i];
		ov[i].value = eq + 1;
	}
	return cfg_load(scenario, ov, nsets, sc, d);
}

int st_run_diag(const char *scenario, const char *const *sets, int nsets,
		char *dir, size_t dirsize, FILE *err)
{
	if (st_mkdtemp(dir, dirsize, "test"))
		return -1;
	struct diag d;
	diag_init(&d, err);
	struct scenario sc;
	if (st_load(scenario, sets, nsets, &sc, &d))
		return -1;
	struct sim_options o = {.outdir = dir};
	int rc = sim_run(&sc, &o, &d);
	scenario_release(&sc);
	return rc;
}

int st_run_quiet(const char *scenario, const char *const *sets, int nsets,
		 char *dir, size_t dirsize)
{
	FILE *quiet = fopen("/dev/null", "w");
	if (!quiet)
		return -1;
	int rc = st_run_diag(scenario, sets, nsets, dir, dirsize, quiet);
	fclose(quiet);
	return rc;
}

char *st_slurp(const char *dir, const char *name, size_t *len)
{
	char path[1024];
	if (dir)
		snprintf(path, sizeof path, "%s/%s", dir, name);
	else
		snprintf(path, sizeof path, "%s", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *nb = realloc(buf, cap * 2 + 1);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	if (buf)
		buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

double st_summary(const char *dir, const char *path)
{
	char *text = st_slurp(dir, "summary.json", NULL);
	if (!text)
		return NAN;
	const char *at = text;
	char key[128];
	const char *p = path;
	double v = NAN;
	while (*p) {
		size_t n = strcspn(p, ".");
		snprintf(key, sizeof key, "\"%.*s\":", (int)n, p);
		at = strstr(at, key);
		if (!at)
			goto out;
		at += strlen(key);
		p += n;
		if (*p == '.')
			p++;
	}
	char *end;
	v = strtod(at, &end);
	if (end == at)
		v = NAN;
out:
	free(text);
	return v;
}

void st_cleanup(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	char path[1024];
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			st_cleanup(path);
		else
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

/* ---- temporary files ---- */

static int tmp_name(char *out, size_t size, const char *tag)
{
	const char *root = getenv("TMPDIR");
	if (!root || !*root)
		root = "/tmp";
	int n = snprintf(out, size, "%s/offersim-%s-XXXXXX", root, tag);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

int st_mkdtemp(char *dir, size_t size, const char *tag)
{
	if (tmp_name(dir, size, tag) || !mkdtemp(dir))
		return -1;
	return 0;
}

int st_mkstemp(char *path, size_t size, const char *tag)
{
	if (tmp_name(path, size, tag))
		return -1;
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* ---- output CSV files ---- */

/* Cut line at commas into at most max cells; returns the count. */
static int split_line(char *line, char **cell, int max)
{
	int n = 0;
	for (char *p = line; n < max;) {
		cell[n++] = p;
		p = strchr(p, ',');
		if (!p)
			break;
		*p++ = '\0';
	}
	return n;
}

struct st_csv *st_csv_read(const char *dir, const char *name)
{
	char *buf = st_slurp(dir, name, NULL);
	if (!buf || !*buf) {
		free(buf);
		return NULL;
	}
	struct st_csv *t = calloc(1, sizeof *t);
	long lines = 0;
	for (const char *p = buf; *p; p++)
		lines += *p == '\n';
	if (!t)
		goto fail;
	t->buf = buf;
	char *save = NULL;
	char *line = strtok_r(buf, "\r\n", &save);
	if (!line)
		goto fail;
	int ncols = 1;
	for (const char *p = line; *p; p++)
		ncols += *p == ',';
	t->name = calloc((size_t)ncols, sizeof *t->name);
	t->cell = calloc((size_t)(lines + 1) * (size_t)ncols, sizeof *t->cell);
	if (!t->name || !t->cell)
		goto fail;
	t->ncols = split_line(line, t->name, ncols);
	while ((line = strtok_r(NULL, "\r\n", &save)))
		split_line(line, t->cell + t->nrows++ * ncols, ncols);
	return t;
fail:
	if (t)
		st_csv_free(t);
	else
		free(buf);
	return NULL;
}

void st_csv_free(struct st_csv *t)
{
	if (!t)
		return;
	free(t->buf);
	free(t->name);
	free(t->cell);
	free(t);
}

int st_csv_col(const struct st_csv *t, const char *name)
{
	for (int c = 0; c < t->ncols; c++)
		if (strcmp(t->name[c], name) == 0)
			return c;
	return -1;
}

const char *st_csv_get(const struct st_csv *t, long r, const char *col)
{
	int c = st_csv_col(t, col);
	if (c < 0 || r < 0 || r >= t->nrows)
		return NULL;
	return t->cell[r * t->ncols + c];
}

double st_csv_num(const struct st_csv *t, long r, const char *col)
{
	const char *v = st_csv_get(t, r, col);
	if (!v || !*v)
		return NAN;
	return atof(v);
}

long st_csv_find(const struct st_csv *t, long from, const char *const *cols,
		 const char *const *vals, int n)
{
	int c[16];
	if (n > 16)
		return -1;
	for (int i = 0; i < n; i++)
		if ((c[i] = st_csv_col(t, cols[i])) < 0)
			return -1;
	for (long r = from < 0 ? 0 : from; r < t->nrows; r++) {
		int i = 0;
		while (i < n) {
			const char *v = t->cell[r * t->ncols + c[i]];
			if (!v || strcmp(v, vals[i]) != 0)
				break;
			i++;
		}
		if (i == n)
			return r;
	}
	return -1;
}

long st_attempt_row(const struct st_csv *t, const char *key, long id,
		    int attempt)
{
	char a[24], b[24];
	snprintf(a, sizeof a, "%ld", id);
	snprintf(b, sizeof b, "%d", attempt);
	const char *cols[] = { key, "attempt" }, *vals[] = { a, b };
	return st_csv_find(t, 0, cols, vals, 2);
}

void st_check_attempt(const struct st_csv *t, const char *key, long id,
		      int attempt, const char *agent, double start, double end,
		      const char *state)
{
	long r = st_attempt_row(t, key, id, attempt);
	CU_ASSERT_FATAL(r >= 0);
	CU_ASSERT_STRING_EQUAL(st_csv_get(t, r, "agent"), agent);
	CU_ASSERT_DOUBLE_EQUAL(st_csv_num(t, r, "start"), start, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(st_csv_num(t, r, "end"), end, 1e-9);
	CU_ASSERT_STRING_EQUAL(st_csv_get(t, r, "state"), state);
}

/* ---- workload sources ---- */

long st_read_workload(const struct scenario *sc, int fw, struct wl_task **out,
		      char **msgs, long *skipped)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mem);
	struct diag d;
	diag_init(&d, mem);
	struct wl_source *s = NULL;
	long n = 0, cap = 16;
	struct wl_task *v = malloc(sizeof *v * (size_t)cap);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	int r = wl_open(sc, fw, &d, &s);
	if (r == 0) {
		for (;;) {
			if (n == cap) {
				cap *= 2;
				struct wl_task *nv = realloc(v, sizeof *v * (size_t)cap);
				CU_ASSERT_PTR_NOT_NULL_FATAL(nv);
				v = nv;
			}
			r = wl_next(s, &v[n]);
			if (r <= 0)
				break;
			if (n > 0)
				CU_ASSERT(v[n].submit >= v[n - 1].submit);
			n++;
		}
		if (r < 0) {
			/* The reader stays failed: no record after an error. */
			struct wl_task t;
			CU_ASSERT(wl_next(s, &t) < 0);
		}
		if (skipped) {
			struct wl_stats st;
			wl_stats(s, &st);
			*skipped = st.skipped_lines;
		}
		wl_close(s);
	} else {
		CU_ASSERT_PTR_NULL(s);
	}
	/* Lenient or not, a failure is an error and warnings are not. */
	CU_ASSERT_EQUAL(r < 0, diag_errors(&d) > 0);
	fclose(mem);
	if (msgs)
		*msgs = buf;
	else
		free(buf);
	if (out)
		*out = v;
	else
		free(v);
	return r < 0 ? r : n;
}

void st_trace_make(struct st_trace *x, const char *path, const char *format,
		   const char *res)
{
	static char name[] = "trace";
	memset(x, 0, sizeof *x);
	x->sc.seed = 1;
	char names[128];
	snprintf(names, sizeof names, "%s", res);
	int i = 0;
	char *save = NULL;
	for (char *r = strtok_r(names, ",", &save); r; r = strtok_r(NULL, ",", &save))
		CU_ASSERT_EQUAL(res_intern(&x->sc.res, r), i++);
	snprintf(x->path, sizeof x->path, "%s", path);
	snprintf(x->format, sizeof x->format, "%s", format);
	x->fw.name = name;
	x->fw.wl.kind = WL_TRACE;
	x->fw.wl.trace = x->path;
	x->fw.wl.format = x->format;
	x->fw.wl.opts = x->opts;
	x->sc.fws = &x->fw;
	x->sc.nfws = 1;
}

void st_trace_opt(struct st_trace *x, const char *key, const char *val,
		  int line, int col)
{
	CU_ASSERT_FATAL(x->fw.wl.nopts < 4);
	int i = x->fw.wl.nopts++;
	snprintf(x->keys[i], sizeof x->keys[i], "%s", key);
	snprintf(x->vals[i], sizeof x->vals[i], "%s", val);
	x->opts[i].key = x->keys[i];
	x->opts[i].value = x->vals[i];
	x->opts[i].pos.line = line;
	x->opts[i].pos.col = col;
}

/* ---- the command line ---- */

static unsigned nskips;

void st_skip(const char *what)
{
	const char *ci = getenv("CI");
	if (ci && strcmp(ci, "true") == 0) {
		printf("\n    NOT SKIPPED under CI: %s ", what);
		CU_FAIL("a check was skipped where every tool must be installed");
		return;
	}
	nskips++;
	printf("\n    SKIP: %s ", what);
}

unsigned st_skips(void)
{
	return nskips;
}

int st_have_offersim(void)
{
	if (access("./offersim", X_OK) == 0)
		return 1;
	st_skip("./offersim not built (make check builds it)");
	return 0;
}

static int run_shell(const char *cmd)
{
	int st = system(cmd);
	return st == -1 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

int st_sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	return run_shell(cmd);
}

int st_capture(char **out, char **err, const char *fmt, ...)
{
	char args[3072], dir[ST_DIR], cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	*out = *err = NULL;
	if (st_mkdtemp(dir, sizeof dir, "capture"))
		return -1;
	snprintf(cmd, sizeof cmd, "%s > %s/out.txt 2> %s/err.txt", args, dir, dir);
	int st = run_shell(cmd);
	*out = st_slurp(dir, "out.txt", NULL);
	*err = st_slurp(dir, "err.txt", NULL);
	st_cleanup(dir);
	return st;
}

/* ---- fixture directories ---- */

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **st_list(const char *dir, const char *suffix, size_t *count)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	size_t n = 0, cap = 16, sl = strlen(suffix);
	char **names = malloc(cap * sizeof *names);
	if (names)
		names[0] = NULL;
	struct dirent *e;
	while (names && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len <= sl || strcmp(e->d_name + len - sl, suffix) != 0)
			continue;
		if (n + 1 == cap) {
			char **p = realloc(names, 2 * cap * sizeof *p);
			if (!p) {
				st_list_free(names);
				names = NULL;
				break;
			}
			names = p;
			cap *= 2;
		}
		names[n] = strdup(e->d_name);
		names[++n] = NULL;
	}
	closedir(d);
	if (!names)
		return NULL;
	names[n] = NULL;
	qsort(names, n, sizeof *names, cmp_name);
	if (count)
		*count = n;
	return names;
}

void st_list_free(char **names)
{
	if (!names)
		return;
	for (char **p = names; *p; p++)
		free(*p);
	free(names);
}
