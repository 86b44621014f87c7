/*
 * grid.c - build, validate, record and run a grid of offersim runs (see
 * grid.h), plus the small process and command-line helpers that compare,
 * sweep and merge share.
 *
 * Children are started with fork/execv, never through a shell, so labels
 * and paths with spaces or quotes cannot break a command; the shell
 * quoting below is only for the command lines emitted for other runners.
 * The runner reaps with waitpid(-1) and ignores pids it did not start, so
 * it must not run alongside other child-spawning code in one process.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "grid.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../config/config.h"
#include "../core/diag.h"
#include "../core/err.h"
#include "../core/outfile.h"
#include "plot.h"
#include "progress.h"
#include "../config/scenario.h"

void grid_init(struct grid *g)
{
	memset(g, 0, sizeof *g);
}

static void free_strv(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void grid_release(struct grid *g)
{
	free(g->scenario);
	free(g->scenario_given);
	free(g->outdir);
	for (int a = 0; a < g->naxes; a++) {
		free(g->axes[a].key);
		free_strv(g->axes[a].values, g->axes[a].nvalues);
	}
	free(g->axes);
	free_strv(g->sets, g->nsets);
	free_strv(g->run_args, g->nrun_args);
	free_strv(g->base_sets, g->nbase_sets);
	for (int c = 0; c < g->nconfigs; c++) {
		free(g->configs[c].label);
		free(g->configs[c].values);
		free_strv(g->configs[c].src, g->configs[c].nsrc);
	}
	free(g->configs);
	free(g->seeds);
	free_strv(g->slos, g->nslos);
	grid_init(g);
}

static int set_str(char **dst, const char *s)
{
	char *d = strdup(s);
	if (!d)
		return OS_ENOMEM;
	free(*dst);
	*dst = d;
	return 0;
}

int grid_set_scenario(struct grid *g, const char *scenario)
{
	return set_str(&g->scenario, scenario);
}

int grid_set_outdir(struct grid *g, const char *dir)
{
	return set_str(&g->outdir, dir);
}

/* Append a copy of s to the string vector *v of *n. */
static int strv_push(char ***v, int *n, const char *s)
{
	char **nv = realloc(*v, (size_t)(*n + 1) * sizeof *nv);
	if (!nv)
		return OS_ENOMEM;
	*v = nv;
	if (!(nv[*n] = strdup(s)))
		return OS_ENOMEM;
	(*n)++;
	return 0;
}

int grid_add_set(struct grid *g, const char *kv)
{
	return strv_push(&g->sets, &g->nsets, kv);
}

int grid_add_slo(struct grid *g, const char *slo)
{
	return strv_push(&g->slos, &g->nslos, slo);
}

int grid_add_run_arg(struct grid *g, const char *arg)
{
	return strv_push(&g->run_args, &g->nrun_args, arg);
}

int grid_add_base_set(struct grid *g, const char *kv)
{
	return strv_push(&g->base_sets, &g->nbase_sets, kv);
}

const char *grid_scenario_shown(const struct grid *g)
{
	return g->scenario_given ? g->scenario_given : g->scenario;
}

int grid_add_seed(struct grid *g, unsigned long seed)
{
	int at = 0;
	while (at < g->nseeds && g->seeds[at] < seed)
		at++;
	if (at < g->nseeds && g->seeds[at] == seed)
		return 0;
	unsigned long *ns = realloc(g->seeds, (size_t)(g->nseeds + 1) * sizeof *ns);
	if (!ns)
		return OS_ENOMEM;
	memmove(ns + at + 1, ns + at, (size_t)(g->nseeds - at) * sizeof *ns);
	ns[at] = seed;
	g->seeds = ns;
	g->nseeds++;
	return 0;
}

int grid_set_seeds(struct grid *g, int n)
{
	for (int s = 1; s <= n; s++)
		if (grid_add_seed(g, (unsigned long)s))
			return OS_ENOMEM;
	return 0;
}

int grid_add_axis(struct grid *g, const char *key, const char *csv)
{
	for (int a = 0; a < g->naxes; a++)
		if (strcmp(g->axes[a].key, key) == 0)
			return OS_EINVAL;
	struct grid_axis *na = realloc(g->axes, (size_t)(g->naxes + 1) * sizeof *na);
	if (!na)
		return OS_ENOMEM;
	g->axes = na;
	struct grid_axis *ax = &na[g->naxes];
	memset(ax, 0, sizeof *ax);
	if (!(ax->key = strdup(key)))
		return OS_ENOMEM;
	g->naxes++;
	const char *p = csv;
	for (;;) {
		size_t n = strcspn(p, ",");
		if (n == 0)
			return OS_EINVAL;
		char *v = strndup(p, n);
		if (!v)
			return OS_ENOMEM;
		int rc = strv_push(&ax->values, &ax->nvalues, v);
		free(v);
		if (rc)
			return rc;
		if (!p[n])
			break;
		p += n + 1;
	}
	return 0;
}

/* Keep only characters that are safe in a file name and a shell word. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._=,+-", *s))
			*s = '_';
}

/* The short name of an axis: its last key component, unless another axis
 * ends the same way, then the whole key. */
static const char *axis_name(const struct grid *g, int a)
{
	const char *key = g->axes[a].key;
	const char *dot = strrchr(key, '.');
	const char *last = dot ? dot + 1 : key;
	for (int b = 0; b < g->naxes; b++) {
		if (b == a)
			continue;
		const char *o = strrchr(g->axes[b].key, '.');
		if (strcmp(o ? o + 1 : g->axes[b].key, last) == 0)
			return key;
	}
	return last;
}

int grid_build(struct grid *g)
{
	int n = 1;
	for (int a = 0; a < g->naxes; a++)
		n *= g->axes[a].nvalues;
	g->configs = calloc((size_t)n, sizeof *g->configs);
	if (!g->configs)
		return OS_ENOMEM;
	g->nconfigs = n;
	for (int c = 0; c < n; c++) {
		struct grid_config *cf = &g->configs[c];
		cf->values = calloc((size_t)(g->naxes ? g->naxes : 1), sizeof *cf->values);
		if (!cf->values)
			return OS_ENOMEM;
		/* Mixed radix, first axis slowest. */
		int rest = c;
		for (int a = g->naxes - 1; a >= 0; a--) {
			cf->values[a] = g->axes[a].values[rest % g->axes[a].nvalues];
			rest /= g->axes[a].nvalues;
		}
		size_t len = 8;
		for (int a = 0; a < g->naxes; a++)
			len += strlen(axis_name(g, a)) + strlen(cf->values[a]) + 2;
		char *lab = malloc(len + 16);
		if (!lab)
			return OS_ENOMEM;
		cf->label = lab;
		lab[0] = '\0';
		for (int a = 0; a < g->naxes; a++)
			sprintf(lab + strlen(lab), "%s%s=%s", a ? "," : "",
				axis_name(g, a), cf->values[a]);
		if (g->naxes == 0)
			strcpy(lab, "base");
		sanitize(lab);
		/* Sanitizing can merge two labels; number the later ones. */
		for (int d = 0; d < c; d++)
			if (strcmp(g->configs[d].label, lab) == 0) {
				sprintf(lab + strlen(lab), "-%d", c + 1);
				break;
			}
		char src[PATH_MAX];
		snprintf(src, sizeof src, "%s/runs/%s", g->outdir ? g->outdir : ".", lab);
		if (strv_push(&cf->src, &cf->nsrc, src))
			return OS_ENOMEM;
	}
	return 0;
}

void grid_run_dir(const struct grid *g, int config, unsigned long seed,
		  char *buf, size_t size)
{
	snprintf(buf, size, "%s/seed-%lu", g->configs[config].src[0], seed);
}

const char *grid_find_run(const struct grid *g, int config,
			  unsigned long seed, char *buf, size_t size)
{
	const struct grid_config *cf = &g->configs[config];
	for (int s = 0; s < cf->nsrc; s++) {
		snprintf(buf, size, "%s/seed-%lu/summary.json", cf->src[s], seed);
		if (access(buf, R_OK) == 0) {
			snprintf(buf, size, "%s/seed-%lu", cf->src[s], seed);
			return buf;
		}
	}
	return NULL;
}

void grid_free_argv(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}

char **grid_run_argv(const struct grid *g, const char *exe, int config,
		     unsigned long seed)
{
	int n = 0, cap = 12 + 2 * (g->nbase_sets + g->nsets + g->naxes) + g->nrun_args;
	char **argv = calloc((size_t)cap, sizeof *argv);
	if (!argv)
		return NULL;
	char buf[PATH_MAX + 64];
#define ADD(s) do { if (!(argv[n++] = strdup(s))) goto oom; } while (0)
	ADD(exe);
	ADD("run");
	ADD(g->scenario);
	ADD("--seed");
	snprintf(buf, sizeof buf, "%lu", seed);
	ADD(buf);
	/* The tool's own defaults first, then the passthrough, the axis
	 * values last: a later --set wins. */
	for (int i = 0; i < g->nbase_sets; i++) {
		ADD("--set");
		ADD(g->base_sets[i]);
	}
	for (int i = 0; i < g->nsets; i++) {
		ADD("--set");
		ADD(g->sets[i]);
	}
	for (int a = 0; a < g->naxes; a++) {
		ADD("--set");
		snprintf(buf, sizeof buf, "%s=%s", g->axes[a].key,
			 g->configs[config].values[a]);
		ADD(buf);
	}
	ADD("-o");
	grid_run_dir(g, config, seed, buf, sizeof buf);
	ADD(buf);
	ADD("--no-plots");
	ADD("--quiet");
	if (g->force)
		ADD("--force");
	for (int i = 0; i < g->nrun_args; i++)
		ADD(g->run_args[i]);
#undef ADD
	return argv;
oom:
	grid_free_argv(argv);
	return NULL;
}

int grid_validate(const struct grid *g, struct diag *d)
{
	int bad = 0;
	int nov = g->nsets + g->naxes;
	struct cfg_override *ov = calloc((size_t)(nov ? nov : 1), sizeof *ov);
	char **keys = calloc((size_t)(nov ? nov : 1), sizeof *keys);
	if (!ov || !keys) {
		free(ov);
		free(keys);
		diag_error(d, NULL, 0, 0, "out of memory");
		return 1;
	}
	for (int c = 0; c < g->nconfigs; c++) {
		int k = 0;
		for (int i = 0; i < g->nsets; i++, k++) {
			const char *eq = strchr(g->sets[i], '=');
			free(keys[k]);
			keys[k] = strndup(g->sets[i], (size_t)(eq - g->sets[i]));
			ov[k].path = keys[k] ? keys[k] : "";
			ov[k].value = eq + 1;
		}
		for (int a = 0; a < g->naxes; a++, k++) {
			ov[k].path = g->axes[a].key;
			ov[k].value = g->configs[c].values[a];
		}
		int before = diag_errors(d);
		struct scenario sc;
		if (cfg_load(g->scenario, ov, nov, &sc, d) == 0)
			scenario_release(&sc);
		if (diag_errors(d) > before) {
			bad++;
			/* Every configuration would repeat the same message
			 * for a mistake outside the varied values. */
			break;
		}
	}
	for (int k = 0; k < nov; k++)
		free(keys[k]);
	free(keys);
	free(ov);
	return bad;
}

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX];
	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
		return -1;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0777) && errno != EEXIST)
		return -1;
	return 0;
}

int grid_write_configs(const struct grid *g, FILE *err)
{
	char abs[PATH_MAX];
	const char *scen = realpath(g->scenario, abs) ? abs : g->scenario;
	for (int c = 0; c < g->nconfigs; c++) {
		const struct grid_config *cf = &g->configs[c];
		char path[PATH_MAX + 32];
		snprintf(path, sizeof path, "%s/config.txt", cf->src[0]);
		struct outfile o;
		int e = mkdir_p(cf->src[0]) == 0 ? outfile_open(&o, path, 0) : -errno;
		if (e) {
			if (err)
				fprintf(err, "offersim: error: cannot write %s: %s\n", path,
					strerror(-e));
			return OS_EIO;
		}
		FILE *f = o.f;
		fprintf(f, "# offersim grid configuration, read by `offersim merge`\n");
		fprintf(f, "index %d\nlabel %s\nscenario %s\n", c, cf->label, scen);
		/* The name as typed, so that merge's report shows what
		 * compare's or sweep's did rather than a machine path. */
		fprintf(f, "given %s\n", grid_scenario_shown(g));
		for (int i = 0; i < g->nsets; i++)
			fprintf(f, "set %s\n", g->sets[i]);
		for (int a = 0; a < g->naxes; a++)
			fprintf(f, "vary %s=%s\n", g->axes[a].key, cf->values[a]);
		for (int i = 0; i < g->nslos; i++)
			fprintf(f, "slo %s\n", g->slos[i]);
		if ((e = outfile_commit(&o)) != 0) {
			if (err)
				fprintf(err, "offersim: error: cannot write %s: %s\n", path,
					strerror(-e));
			return OS_EIO;
		}
	}
	return 0;
}

/* --- merge: rebuild a grid from config.txt files --- */

struct loaded {
	int index;
	char *label, *scenario, *given, *src;
	int nsets, nvary, nslos;
	char **sets, **vary, **slos;
};

static void loaded_free(struct loaded *l)
{
	free(l->label);
	free(l->scenario);
	free(l->given);
	free(l->src);
	free_strv(l->sets, l->nsets);
	free_strv(l->vary, l->nvary);
	free_strv(l->slos, l->nslos);
}

static int read_config(const char *src, struct loaded *l)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/config.txt", src);
	FILE *f = fopen(path, "r");
	if (!f)
		return OS_ENOENT;
	memset(l, 0, sizeof *l);
	l->index = -1;
	char line[8192];
	int rc = 0;
	while (!rc && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		char *sp = strchr(line, ' ');
		if (!sp) {
			rc = OS_EPARSE;
			break;
		}
		*sp++ = '\0';
		if (strcmp(line, "index") == 0)
			l->index = atoi(sp);
		else if (strcmp(line, "label") == 0)
			rc = set_str(&l->label, sp);
		else if (strcmp(line, "scenario") == 0)
			rc = set_str(&l->scenario, sp);
		else if (strcmp(line, "given") == 0)
			rc = set_str(&l->given, sp);
		else if (strcmp(line, "slo") == 0)
			rc = strv_push(&l->slos, &l->nslos, sp);
		else if (strcmp(line, "set") == 0)
			rc = strv_push(&l->sets, &l->nsets, sp);
		else if (strcmp(line, "vary") == 0 && strchr(sp, '='))
			rc = strv_push(&l->vary, &l->nvary, sp);
		else
			rc = OS_EPARSE;
	}
	fclose(f);
	if (!rc && (!l->label || l->index < 0))
		rc = OS_EPARSE;
	if (!rc)
		rc = set_str(&l->src, src);
	if (rc)
		loaded_free(l);
	return rc;
}

static int cmp_loaded(const void *a, const void *b)
{
	const struct loaded *x = a, *y = b;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	int c = strcmp(x->label, y->label);
	return c ? c : strcmp(x->src, y->src);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect the configurations under one runs/ directory. */
static int scan_runs(const char *runs, struct loaded **ls, int *n, FILE *err)
{
	DIR *dp = opendir(runs);
	if (!dp) {
		if (err)
			fprintf(err, "offersim: cannot read %s: %s\n", runs, strerror(errno));
		return OS_ENOENT;
	}
	char **names = NULL;
	int nn = 0, rc = 0;
	struct dirent *e;
	while (!rc && (e = readdir(dp)))
		if (e->d_name[0] != '.')
			rc = strv_push(&names, &nn, e->d_name);
	closedir(dp);
	if (nn)
		qsort(names, (size_t)nn, sizeof *names, cmp_name);
	for (int i = 0; !rc && i < nn; i++) {
		char src[PATH_MAX];
		if (snprintf(src, sizeof src, "%s/%s", runs, names[i]) >= (int)sizeof src)
			continue;
		struct loaded l;
		int r = read_config(src, &l);
		if (r == OS_ENOENT)
			continue;
		if (r) {
			if (err)
				fprintf(err, "offersim: %s/config.txt: error: malformed\n", src);
			rc = r;
			break;
		}
		struct loaded *nl = realloc(*ls, (size_t)(*n + 1) * sizeof *nl);
		if (!nl) {
			loaded_free(&l);
			rc = OS_ENOMEM;
			break;
		}
		*ls = nl;
		nl[(*n)++] = l;
	}
	free_strv(names, nn);
	return rc;
}

/* Add every seed-S under src that holds a summary.json. */
static int scan_seeds(struct grid *g, const char *src)
{
	DIR *dp = opendir(src);
	if (!dp)
		return 0;
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(dp))) {
		char *end;
		if (strncmp(e->d_name, "seed-", 5) != 0)
			continue;
		unsigned long s = strtoul(e->d_name + 5, &end, 10);
		if (*end || end == e->d_name + 5)
			continue;
		char p[PATH_MAX];
		snprintf(p, sizeof p, "%s/%s/summary.json", src, e->d_name);
		if (access(p, R_OK) == 0)
			rc = grid_add_seed(g, s);
	}
	closedir(dp);
	return rc;
}

int grid_load(struct grid *g, char *const *dirs, int ndirs, FILE *err)
{
	struct loaded *ls = NULL;
	int n = 0, rc = 0;
	for (int d = 0; !rc && d < ndirs; d++) {
		char runs[PATH_MAX];
		struct stat st;
		snprintf(runs, sizeof runs, "%s/runs", dirs[d]);
		if (stat(runs, &st) || !S_ISDIR(st.st_mode))
			snprintf(runs, sizeof runs, "%s", dirs[d]);
		rc = scan_runs(runs, &ls, &n, err);
	}
	if (!rc && n == 0) {
		if (err)
			fprintf(err, "offersim: no run configurations (runs/*/config.txt) found\n");
		rc = OS_ENOENT;
	}
	if (rc)
		goto out;
	qsort(ls, (size_t)n, sizeof *ls, cmp_loaded);
	if (!g->scenario && ls[0].scenario)
		rc = grid_set_scenario(g, ls[0].scenario);
	if (!rc && ls[0].given && !(g->scenario_given = strdup(ls[0].given)))
		rc = OS_ENOMEM;
	for (int i = 0; !rc && i < ls[0].nsets; i++)
		rc = grid_add_set(g, ls[0].sets[i]);
	for (int i = 0; !rc && i < ls[0].nslos; i++)
		rc = grid_add_slo(g, ls[0].slos[i]);
	/* Axes in the order of the first configuration's vary lines. */
	for (int i = 0; !rc && i < ls[0].nvary; i++) {
		const char *eq = strchr(ls[0].vary[i], '=');
		char *key = strndup(ls[0].vary[i], (size_t)(eq - ls[0].vary[i]));
		rc = key ? grid_add_axis(g, key, eq + 1) : OS_ENOMEM;
		free(key);
	}
	for (int i = 0; !rc && i < n; i++) {
		struct loaded *l = &ls[i];
		if (l->nvary != g->naxes) {
			if (err)
				fprintf(err, "offersim: %s/config.txt: error: varies %d keys, "
					"the first configuration %d\n", l->src, l->nvary, g->naxes);
			rc = OS_EINVAL;
			break;
		}
		/* One sweep judges every value by the same SLOs. */
		int same = l->nslos == g->nslos;
		for (int k = 0; same && k < l->nslos; k++)
			same = strcmp(l->slos[k], g->slos[k]) == 0;
		if (!same) {
			if (err)
				fprintf(err, "offersim: %s/config.txt: error: records other "
					"SLOs than %s/config.txt\n", l->src, ls[0].src);
			rc = OS_EINVAL;
			break;
		}
		int c = 0;
		while (c < g->nconfigs && strcmp(g->configs[c].label, l->label) != 0)
			c++;
		if (c == g->nconfigs) {
			struct grid_config *nc = realloc(g->configs,
							 (size_t)(c + 1) * sizeof *nc);
			if (!nc) {
				rc = OS_ENOMEM;
				break;
			}
			g->configs = nc;
			memset(&nc[c], 0, sizeof nc[c]);
			g->nconfigs++;
			nc[c].label = strdup(l->label);
			nc[c].values = calloc((size_t)(g->naxes ? g->naxes : 1),
					      sizeof *nc[c].values);
			if (!nc[c].label || !nc[c].values) {
				rc = OS_ENOMEM;
				break;
			}
			for (int a = 0; a < g->naxes; a++) {
				struct grid_axis *ax = &g->axes[a];
				const char *eq = strchr(l->vary[a], '=');
				if (strncmp(l->vary[a], ax->key, (size_t)(eq - l->vary[a])) ||
				    strlen(ax->key) != (size_t)(eq - l->vary[a])) {
					if (err)
						fprintf(err, "offersim: %s/config.txt: error: varies "
							"other keys than the first configuration\n",
							l->src);
					rc = OS_EINVAL;
					break;
				}
				int v = 0;
				while (v < ax->nvalues && strcmp(ax->values[v], eq + 1) != 0)
					v++;
				if (v == ax->nvalues &&
				    (rc = strv_push(&ax->values, &ax->nvalues, eq + 1)))
					break;
				nc[c].values[a] = NULL; /* pointers fixed below */
			}
		}
		if (!rc)
			rc = strv_push(&g->configs[c].src, &g->configs[c].nsrc, l->src);
		if (!rc)
			rc = scan_seeds(g, l->src);
	}
	/* Axis value arrays may have moved while growing: point now. */
	for (int c = 0; !rc && c < g->nconfigs; c++) {
		const struct loaded *l = NULL;
		for (int i = 0; i < n && !l; i++)
			if (strcmp(ls[i].label, g->configs[c].label) == 0)
				l = &ls[i];
		for (int a = 0; a < g->naxes; a++) {
			const char *val = strchr(l->vary[a], '=') + 1;
			for (int v = 0; v < g->axes[a].nvalues; v++)
				if (strcmp(g->axes[a].values[v], val) == 0)
					g->configs[c].values[a] = g->axes[a].values[v];
		}
	}
out:
	for (int i = 0; i < n; i++)
		loaded_free(&ls[i]);
	free(ls);
	return rc;
}

/* --- running children --- */

const char *grid_self_exe(const char *argv0)
{
	static char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n > 0) {
		buf[n] = '\0';
		return buf;
	}
	return argv0;
}

int grid_ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void draw_progress(FILE *f, const char *what, int done, int n,
			  double part, double elapsed)
{
	char tail[64];
	double x = done + part;   /* runs done, the running ones in part */
	int k = snprintf(tail, sizeof tail, "%d/%d runs", done, n);
	if (x > 0 && done < n && k > 0 && (size_t)k < sizeof tail) {
		long eta = (long)(elapsed / x * (n - x) + 0.5);
		snprintf(tail + k, sizeof tail - (size_t)k, ", ETA %ld:%02ld",
			 eta / 60, eta % 60);
	}
	progress_draw(f, what, n ? x / n : 1, tail);
}

/*
 * A child's progress: with a bar to draw, each child gets a pipe, named
 * to it by OFFERSIM_PROGRESS_FD, on which its run writes the fraction it
 * has done, a line "0.4213" at most ten times a second (main.c).  The
 * parent reads the last line of each and moves the bar by their sum, so
 * the bar moves within runs, not only when one ends.
 */
struct child {
	pid_t pid;
	int fd;                   /* read end, or -1 */
	double part;
	char buf[64];
	size_t len;
};

/* Read what child c wrote; closes its pipe at end of file. */
static void child_read(struct child *c)
{
	char tmp[256];
	for (;;) {
		ssize_t k = read(c->fd, tmp, sizeof tmp);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0 || errno != EAGAIN) {
				close(c->fd);
				c->fd = -1;
			}
			return;
		}
		for (ssize_t i = 0; i < k; i++) {
			if (tmp[i] != '\n') {
				if (c->len + 1 < sizeof c->buf)
					c->buf[c->len++] = tmp[i];
				continue;
			}
			c->buf[c->len] = '\0';
			double x = strtod(c->buf, NULL);
			if (x >= 0 && x <= 1)
				c->part = x;
			c->len = 0;
		}
	}
}

/* Start argv with stdout on /dev/null and, when pipes is set, a progress
 * pipe; the child's pid, or -1 (fork failed). */
static pid_t child_start(char **argv, int pipes, struct child *c)
{
	int pfd[2] = {-1, -1};
	c->fd = -1;
	c->part = 0;
	c->len = 0;
	if (pipes && pipe(pfd) == 0) {
		fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
		fcntl(pfd[0], F_SETFL, fcntl(pfd[0], F_GETFL) | O_NONBLOCK);
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int dn = open("/dev/null", O_RDWR);
		if (dn >= 0) {
			dup2(dn, 0);
			dup2(dn, 1);
		}
		if (pfd[1] >= 0) {
			char num[16];
			snprintf(num, sizeof num, "%d", pfd[1]);
			setenv("OFFERSIM_PROGRESS_FD", num, 1);
		} else {
			unsetenv("OFFERSIM_PROGRESS_FD");
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (pfd[1] >= 0)
		close(pfd[1]);
	if (pid < 0) {
		if (pfd[0] >= 0)
			close(pfd[0]);
		return -1;
	}
	c->fd = pfd[0];
	c->pid = pid;
	return pid;
}

int grid_exec(char **const *argvs, int n, int jobs, int *status,
	      FILE *progress, const char *what)
{
	if (jobs < 1)
		jobs = 1;
	struct child *ch = calloc((size_t)(n ? n : 1), sizeof *ch);
	if (!ch)
		return OS_ENOMEM;
	int next = 0, running = 0, done = 0, failed = 0, started = 0;
	double t0 = now_sec(), drawn = 0;
	if (progress)
		draw_progress(progress, what, 0, n, 0, 0);
	while (done < n) {
		while (running < jobs && next < n) {
			if (child_start(argvs[next], progress != NULL, &ch[next]) < 0) {
				/* Out of processes: wait for one, or give up. */
				if (running)
					break;
				for (; next < n; next++, done++, failed++)
					status[next] = 127;
				break;
			}
			next++;
			running++;
			started++;
		}
		if (!running)
			break;
		int st;
		pid_t pid = waitpid(-1, &st, progress ? WNOHANG : 0);
		if (pid == 0) {
			/* Nothing ended yet: read the children's progress for
			 * a tenth of a second, then redraw. */
			struct pollfd pf[64];
			int np = 0;
			for (int i = 0; i < next && np < 64; i++)
				if (ch[i].pid && ch[i].fd >= 0)
					pf[np++] = (struct pollfd){.fd = ch[i].fd, .events = POLLIN};
			if (np == 0 || poll(pf, (nfds_t)np, 100) <= 0) {
				if (np == 0) {
					struct timespec ts = {0, 20000000};
					nanosleep(&ts, NULL);
				}
			}
			double part = 0;
			for (int i = 0; i < next; i++) {
				if (ch[i].pid && ch[i].fd >= 0)
					child_read(&ch[i]);
				if (ch[i].pid)
					part += ch[i].part;
			}
			double t = now_sec();
			if (t - drawn >= 0.1) {
				drawn = t;
				draw_progress(progress, what, done, n, part, t - t0);
			}
			continue;
		}
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < next; i++) {
			if (ch[i].pid != pid)
				continue;
			ch[i].pid = 0;
			if (ch[i].fd >= 0) {
				close(ch[i].fd);
				ch[i].fd = -1;
			}
			status[i] = WIFEXITED(st) ? WEXITSTATUS(st)
				  : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
			if (status[i])
				failed++;
			running--;
			done++;
			if (progress) {
				double part = 0;
				for (int j = 0; j < next; j++)
					if (ch[j].pid)
						part += ch[j].part;
				draw_progress(progress, what, done, n, part, now_sec() - t0);
			}
			break;
		}
	}
	if (progress) {
		fputc('\n', progress);
		fflush(progress);
	}
	for (int i = 0; i < n; i++)
		if (ch[i].fd >= 0)
			close(ch[i].fd);
	free(ch);
	return started ? failed : OS_EIO;
}

size_t grid_shell_quote(char *out, size_t size, const char *s)
{
	size_t k = 0;
#define PUT(c) do { if (k + 1 < size) out[k] = (c); k++; } while (0)
	int safe = *s != '\0';
	for (const char *p = s; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._=,+-/:@%", *p))
			safe = 0;
	if (safe) {
		for (const char *p = s; *p; p++)
			PUT(*p);
	} else {
		PUT('\'');
		for (const char *p = s; *p; p++) {
			if (*p == '\'') {
				PUT('\'');
				PUT('\\');
				PUT('\'');
			}
			PUT(*p);
		}
		PUT('\'');
	}
#undef PUT
	if (size)
		out[k < size ? k : size - 1] = '\0';
	return k;
}

/* --- gnuplot --- */

int grid_gnuplot(const char *script, const char *outfile,
		 const char *const *names, const char *const *values, int nvars,
		 FILE *err)
{
	const char *sd = plot_script_dir();
	if (!sd || !plot_available())
		return -1;
	char spath[PATH_MAX];
	snprintf(spath, sizeof spath, "%s/%s", sd, script);
	/* gnuplot writes the picture into the registered temporary (the
	 * outfile's own stream stays empty), which commit renames. */
	struct outfile o;
	if (outfile_open(&o, outfile, 0))
		return -1;
	const char *tmp = outfile_writing(&o);
	size_t esize = 16384;
	char *expr = malloc(esize);
	if (!expr) {
		outfile_abort(&o);
		return -1;
	}
	expr[0] = '\0';
	strcat(expr, "outfile=");
	plot_quote_append(expr, esize, tmp);
	size_t ol = strlen(outfile);
	strcat(expr, "; fmt=");
	plot_quote_append(expr, esize, ol > 4 && !strcmp(outfile + ol - 4, ".svg") ? "svg" : "png");
	strcat(expr, "; plotdir=");
	plot_quote_append(expr, esize, sd);
	for (int i = 0; i < nvars; i++) {
		size_t nl = strlen(names[i]);
		int numeric = nl && names[i][nl - 1] == '#';
		size_t k = strlen(expr);
		snprintf(expr + k, esize - k, "; %.*s=", (int)(numeric ? nl - 1 : nl),
			 names[i]);
		if (numeric) {
			k = strlen(expr);
			snprintf(expr + k, esize - k, "%s", values[i]);
		} else {
			plot_quote_append(expr, esize, values[i]);
		}
	}
	int ok = plot_gnuplot(spath, expr, script, err) == 0;
	free(expr);
	if (ok && outfile_commit(&o) == 0)
		return 0;
	if (!ok)
		outfile_abort(&o);
	if (err)
		fprintf(err, "offersim: warning: could not draw %s\n", outfile);
	return -1;
}

/* --- command line --- */

int grid_arg_col(char **argv, int i)
{
	int col = 1;
	for (int k = 0; k < i; k++)
		col += (int)strlen(argv[k]) + 1;
	return col;
}

void grid_cli_try_help(const char *cmd)
{
	fprintf(stderr, "Try 'offersim %s%s--help'.\n", cmd ? cmd : "",
		cmd ? " " : "");
}

void grid_cli_error(struct diag *d, char **argv, int i, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(d, "<command-line>", 1, grid_arg_col(argv, i), "%s", msg);
}

int grid_getopt(int argc, char **argv, int *i, const struct grid_opt *opts,
		int nopts, const char **val, struct diag *d)
{
	const char *a = argv[*i];
	int at = *i;
	*val = NULL;
	(*i)++;
	if (a[0] != '-' || !a[1]) {
		*val = a;
		return -1;
	}
	for (int k = 0; k < nopts; k++) {
		size_t nl = strlen(opts[k].name);
		int exact = strcmp(a, opts[k].name) == 0 ||
			    (opts[k].alias && strcmp(a, opts[k].alias) == 0);
		int inl = opts[k].has_arg && strncmp(a, opts[k].name, nl) == 0 &&
			  a[nl] == '=';
		if (!exact && !inl)
			continue;
		if (!opts[k].has_arg)
			return k;
		if (inl) {
			*val = a + nl + 1;
		} else if (*i < argc) {
			*val = argv[(*i)++];
		} else {
			grid_cli_error(d, argv, at, "%s needs a value", a);
			return -2;
		}
		return k;
	}
	const char *names[64];
	int nn = 0;
	for (int k = 0; k < nopts && nn < 64; k++)
		names[nn++] = opts[k].name;
	char word[128];
	snprintf(word, sizeof word, "%.*s", (int)strcspn(a, "="), a);
	const char *s = diag_suggest(word, names, nn);
	if (s)
		grid_cli_error(d, argv, at, "unknown option '%s' (did you mean '%s'?)", a, s);
	else
		grid_cli_error(d, argv, at, "unknown option '%s'", a);
	return -2;
}

int grid_parse_count(const char *val, char **argv, int i, const char *opt,
		     int *out, struct diag *d)
{
	char *end;
	errno = 0;
	long v = strtol(val, &end, 10);
	if (!*val || *end || errno || v < 1 || v > 1000000) {
		grid_cli_error(d, argv, i, "%s needs a positive integer, got '%s'", opt, val);
		return 0;
	}
	*out = (int)v;
	return 1;
}

/* The options every grid command takes; grid_args_next handles them. */
enum { GA_SEEDS, GA_JOBS, GA_OUT, GA_SET, GA_NOPLOTS, GA_PLOTFMT, GA_QUIET, GA_HELP, GA_N };

static const struct grid_opt common_opts[GA_N] = {
	[GA_SEEDS] = {"--seeds", NULL, 1},
	[GA_JOBS] = {"--jobs", "-j", 1},
	[GA_OUT] = {"--output", "-o", 1},
	[GA_SET] = {"--set", NULL, 1},
	[GA_NOPLOTS] = {"--no-plots", NULL, 0},
	[GA_PLOTFMT] = {"--plot-format", NULL, 1},
	[GA_QUIET] = {"--quiet", "-q", 0},
	[GA_HELP] = {"--help", "-h", 0},
};

int grid_args_init(struct grid_args *a, int argc, char **argv,
		   const struct grid_opt *own, int nown, struct diag *d)
{
	memset(a, 0, sizeof *a);
	if (nown < 0 || nown + GA_N > GRID_MAX_OPTS)
		return OS_EINVAL;
	/* Own options first: "did you mean" picks the first of equally near
	 * names, and the commands listed their own options first. */
	memcpy(a->opts, own, (size_t)nown * sizeof *own);
	memcpy(a->opts + nown, common_opts, sizeof common_opts);
	a->nown = nown;
	a->argc = argc;
	a->argv = argv;
	a->i = 2;
	a->d = d;
	a->nseeds = 5;
	a->plot_formats = PLOT_PNG;
	a->jobs = grid_ncpus();
	a->sets = calloc((size_t)(argc > 0 ? argc : 1), sizeof *a->sets);
	return a->sets ? 0 : OS_ENOMEM;
}

int grid_args_next(struct grid_args *a, const char **val, int *at)
{
	while (a->i < a->argc) {
		int k = grid_getopt(a->argc, a->argv, &a->i, a->opts, a->nown + GA_N,
				    val, a->d);
		if (k == -2)
			continue;
		/* Point diagnostics at the value, the last word consumed. */
		*at = a->i - 1;
		if (k == -1) {
			if (a->scenario)
				grid_cli_error(a->d, a->argv, *at,
					       "unexpected argument '%s' (one scenario)", *val);
			else
				a->scenario = *val;
			continue;
		}
		if (k < a->nown)
			return k;
		switch (k - a->nown) {
		case GA_SEEDS:
			grid_parse_count(*val, a->argv, *at, "--seeds", &a->nseeds, a->d);
			break;
		case GA_JOBS:
			grid_parse_count(*val, a->argv, *at, "-j", &a->jobs, a->d);
			break;
		case GA_OUT:
			a->outdir = *val;
			break;
		case GA_SET:
			if ((*val)[0] == '=' || !strchr(*val, '='))
				grid_cli_error(a->d, a->argv, *at,
					       "--set needs KEY=VALUE, got '%s'", *val);
			else
				a->sets[a->nsets++] = *val;
			break;
		case GA_NOPLOTS: a->no_plots = 1; break;
		case GA_PLOTFMT:
			if ((a->plot_formats = plot_format_parse(*val)) < 0) {
				grid_cli_error(a->d, a->argv, *at,
					       "--plot-format needs png, svg or both, got '%s'", *val);
				a->plot_formats = PLOT_PNG;
			}
			break;
		case GA_QUIET: a->quiet = 1; break;
		case GA_HELP: a->help = 1; break;
		}
	}
	*val = NULL;
	*at = a->argc;
	return -1;
}

void grid_args_release(struct grid_args *a)
{
	free(a->sets);
	a->sets = NULL;
	a->nsets = 0;
}
