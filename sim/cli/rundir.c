/*
 * rundir.c - run ids, manifests and the claim on an output directory
 * (see rundir.h).
 *
 * The hash is 64-bit FNV-1a: not cryptographic, only a fingerprint that
 * tells one run's inputs from another's; it is stable across machines, so
 * a compare directory copied elsewhere can still be resumed.
 */
#include "rundir.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../config/config.h"
#include "../core/outfile.h"
#include "../core/version.h"

/* Every name `offersim run` (with its plots and report) writes, the
 * manifest last.  metrics.c, plot.c and report.c own the names; a test
 * checks that a run writes nothing outside this list. */
const char *const rundir_names[] = {
	"tasks.csv", "utilization.csv", "shares.csv", "offers.csv", "jobs.csv",
	"summary.json", "queue.csv", "gantt.svg", "gantt.csv", "replay.html",
	"utilization.png", "wait_cdf.png", "shares.png", "gantt.png",
	"queue.png", "utilization.svg", "wait_cdf.svg", "shares.svg", "queue.svg",
	"report.html", RUNDIR_MANIFEST, NULL,
};

void rundir_hash_init(struct rundir_hash *rh)
{
	rh->h = 0xcbf29ce484222325ULL;
}

void rundir_hash_bytes(struct rundir_hash *rh, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		rh->h ^= s[i];
		rh->h *= 0x100000001b3ULL;
	}
}

void rundir_hash_override(struct rundir_hash *rh, const char *key,
			  const char *value)
{
	rundir_hash_bytes(rh, key, strlen(key));
	rundir_hash_bytes(rh, "=", 1);
	rundir_hash_bytes(rh, value, strlen(value));
	rundir_hash_bytes(rh, "\n", 1);
}

int rundir_hash_scenario(struct rundir_hash *rh, const char *scenario)
{
	rundir_hash_init(rh);
	rundir_hash_bytes(rh, OFFERSIM_VERSION, sizeof OFFERSIM_VERSION);
	FILE *f = fopen(scenario, "rb");
	if (!f)
		return -errno;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		rundir_hash_bytes(rh, buf, n);
	int e = ferror(f) ? EIO : 0;
	fclose(f);
	/* A separator, so that no override can pass for file bytes. */
	rundir_hash_bytes(rh, "", 1);
	return -e;
}

void rundir_hash_hex(const struct rundir_hash *rh, char out[RUNDIR_ID_LEN + 1])
{
	snprintf(out, RUNDIR_ID_LEN + 1, "%016llx", rh->h);
}

int rundir_id(const char *scenario, const struct cfg_override *ov, int nov,
	      int lenient, char out[RUNDIR_ID_LEN + 1])
{
	struct rundir_hash rh;
	int e = rundir_hash_scenario(&rh, scenario);
	if (e)
		return e;
	for (int i = 0; i < nov; i++)
		rundir_hash_override(&rh, ov[i].path, ov[i].value);
	if (lenient)
		rundir_hash_override(&rh, "--lenient", "true");
	rundir_hash_hex(&rh, out);
	return 0;
}

static void join(char *buf, size_t size, const char *dir, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
}

/* A name a manifest may list: a plain file name in the directory. */
static int plain_name(const char *s)
{
	return *s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..");
}

/* Calls fn for each "file NAME" line of DIR's manifest; the id and state
 * lines are copied out.  0 or -ENOENT. */
static int scan(const char *dir, char id[RUNDIR_ID_LEN + 1], char *state,
		size_t state_size, void (*fn)(const char *dir, const char *name, void *arg),
		void *arg)
{
	char path[4200], line[1024];
	join(path, sizeof path, dir, RUNDIR_MANIFEST);
	FILE *f = fopen(path, "r");
	if (!f)
		return -ENOENT;
	int ok = fgets(line, sizeof line, f) && strncmp(line, "offersim-run ", 13) == 0;
	id[0] = '\0';
	if (state && state_size)
		state[0] = '\0';
	while (ok && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "id ", 3) == 0) {
			size_t k = strlen(line + 3);
			k = k < RUNDIR_ID_LEN ? k : RUNDIR_ID_LEN;
			memcpy(id, line + 3, k);
			id[k] = '\0';
		} else if (strncmp(line, "state ", 6) == 0 && state && state_size)
			snprintf(state, state_size, "%s", line + 6);
		else if (strncmp(line, "file ", 5) == 0 && fn && plain_name(line + 5))
			fn(dir, line + 5, arg);
	}
	fclose(f);
	return ok && id[0] ? 0 : -ENOENT;
}

int rundir_read(const char *dir, char id[RUNDIR_ID_LEN + 1], char *state,
		size_t state_size)
{
	return scan(dir, id, state, state_size, NULL, NULL);
}

struct lists_arg {
	const char *file;
	int found;
};

static void lists_one(const char *dir, const char *name, void *arg)
{
	struct lists_arg *a = arg;
	(void)dir;
	a->found |= strcmp(name, a->file) == 0;
}

int rundir_lists(const char *dir, const char *id, const char *file)
{
	char have[RUNDIR_ID_LEN + 1];
	struct lists_arg a = {file, 0};
	if (scan(dir, have, NULL, 0, lists_one, &a) || strcmp(have, id))
		return 0;
	return a.found;
}

/* Delete NAME and .NAME.tmp in dir, if they are regular files. */
static void remove_output(const char *dir, const char *name, void *arg)
{
	char path[4200], tmp[4300];
	struct stat st;
	(void)arg;
	join(path, sizeof path, dir, name);
	snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		unlink(path);
	if (lstat(tmp, &st) == 0 && S_ISREG(st.st_mode))
		unlink(tmp);
}

/* mkdir -p */
static int make_dirs(const char *path)
{
	char p[4200];
	snprintf(p, sizeof p, "%s", path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (mkdir(p, 0777) && errno != EEXIST)
		return -errno;
	return 0;
}

int rundir_claim(const char *dir, const char *id, int force, char *where,
		 size_t where_size)
{
	char old[RUNDIR_ID_LEN + 1], path[4200];
	int e = make_dirs(dir);
	if (e) {
		if (where)
			snprintf(where, where_size, "%s", dir);
		return e;
	}
	int other = 0;
	if (rundir_read(dir, old, NULL, 0) == 0) {
		other = strcmp(old, id) != 0;
	} else {
		/* No manifest: an older offersim, or files of a run that
		 * never finished; any output name present is another's. */
		for (int i = 0; rundir_names[i] && !other; i++) {
			join(path, sizeof path, dir, rundir_names[i]);
			other = access(path, F_OK) == 0;
		}
	}
	if (other && !force)
		return RUNDIR_OTHER;
	scan(dir, old, NULL, 0, remove_output, NULL);
	for (int i = 0; rundir_names[i]; i++)
		remove_output(dir, rundir_names[i], NULL);
	static const char *const none[] = {NULL};
	e = rundir_write(dir, id, "running", none);
	if (e && where)
		snprintf(where, where_size, "%s/%s", dir, RUNDIR_MANIFEST);
	return e;
}

int rundir_write(const char *dir, const char *id, const char *state,
		 const char *const *files)
{
	char path[4200];
	join(path, sizeof path, dir, RUNDIR_MANIFEST);
	struct outfile o;
	int e = outfile_open(&o, path, 0);
	if (e)
		return e;
	fprintf(o.f, "offersim-run 1\nid %s\nstate %s\n", id, state);
	for (int i = 0; files[i]; i++) {
		char p[4200];
		if (strcmp(files[i], RUNDIR_MANIFEST) == 0)
			continue;
		join(p, sizeof p, dir, files[i]);
		if (access(p, F_OK) == 0)
			fprintf(o.f, "file %s\n", files[i]);
	}
	return outfile_commit(&o);
}
