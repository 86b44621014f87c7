/*
 * simtest.c - see simtest.h.  The summary reader is not a JSON parser: it
 * follows the dotted path key by key through the text, which is enough for
 * the fixed layout offersim writes and keeps the tests dependency-free.
 */
#include "simtest.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../sim/config/config.h"
#include "../sim/core/diag.h"
#include "../sim/model/engine.h"
#include "../sim/config/scenario.h"

int st_run(const char *scenario, const char *const *sets, int nsets,
	   char *dir, size_t dirsize)
{
	return st_run_diag(scenario, sets, nsets, dir, dirsize, stderr);
}

int st_run_diag(const char *scenario, const char *const *sets, int nsets,
		char *dir, size_t dirsize, FILE *err)
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
	snprintf(dir, dirsize, "/tmp/offersim-test-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	struct diag d;
	diag_init(&d, err);
	struct scenario sc;
	if (cfg_load(scenario, ov, nsets, &sc, &d))
		return -1;
	struct sim_options o = {.outdir = dir};
	int rc = sim_run(&sc, &o, &d);
	scenario_release(&sc);
	return rc;
}

char *st_slurp(const char *dir, const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
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
	char path[512];
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}
