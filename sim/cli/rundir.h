/*
 * rundir.h - a run owns its output directory.
 *
 * Every `offersim run` computes a run id, a hash of what determines its
 * results: the offersim version, the bytes of the scenario file and the
 * command-line overrides in order (--set, then --seed, then --lenient).
 * The id and the list of files the run wrote go into DIR/manifest.txt:
 *
 *   offersim-run 1
 *   id 3f1c9a0d5e7b2468
 *   state running | complete | incomplete REASON | failed
 *   file tasks.csv
 *   ...
 *
 * A directory holding another run's files (a manifest with another id,
 * or, with no manifest, any of the names offersim writes) is refused
 * unless the caller forces it; forcing deletes exactly the files of
 * rundir_names and those the old manifest lists, never anything else.
 * Claiming also deletes the old outputs of the same run, so a run that
 * then fails or is killed leaves nothing that looks complete.  A report
 * embeds only the plots the manifest lists under its own id.
 *
 * Known limit: the id hashes the scenario file, not the traces it names;
 * a changed trace under the same name counts as the same run.
 */
#ifndef OFFERSIM_RUNDIR_H
#define OFFERSIM_RUNDIR_H

#include <stdio.h>

struct cfg_override;

#define RUNDIR_MANIFEST "manifest.txt"
#define RUNDIR_ID_LEN 16

/* The names a run may write into its directory, NULL-terminated. */
extern const char *const rundir_names[];

/* An incremental run id: start, feed, then print. */
struct rundir_hash {
	unsigned long long h;
};
void rundir_hash_init(struct rundir_hash *rh);
void rundir_hash_bytes(struct rundir_hash *rh, const void *p, size_t n);
/* One override, hashed as "KEY=VALUE\n". */
void rundir_hash_override(struct rundir_hash *rh, const char *key,
			  const char *value);
/* Start with the version and the scenario file's bytes; 0, or a negative
 * errno when the file cannot be read. */
int rundir_hash_scenario(struct rundir_hash *rh, const char *scenario);
void rundir_hash_hex(const struct rundir_hash *rh, char out[RUNDIR_ID_LEN + 1]);

/* The id of `offersim run scenario` with these overrides (seed last, as
 * the command line appends it); 0 or a negative errno. */
int rundir_id(const char *scenario, const struct cfg_override *ov, int nov,
	      int lenient, char out[RUNDIR_ID_LEN + 1]);

/* What DIR/manifest.txt says: 0 and its id and state line (state may be
 * NULL), or -ENOENT without a readable manifest. */
int rundir_read(const char *dir, char id[RUNDIR_ID_LEN + 1], char *state,
		size_t state_size);

/* Does DIR's manifest list file under id? */
int rundir_lists(const char *dir, const char *id, const char *file);

enum { RUNDIR_OTHER = 1 };

/*
 * Take DIR for the run id: create it, refuse it (RUNDIR_OTHER) when it
 * holds another run's files and force is 0, else delete the old outputs
 * and write a manifest in state "running".  0, RUNDIR_OTHER, or a
 * negative errno (the failing path is copied into where, if not NULL).
 */
int rundir_claim(const char *dir, const char *id, int force, char *where,
		 size_t where_size);

/*
 * Rewrite the manifest: the state line and the files of files[] that
 * exist in DIR (NULL-terminated).  0 or a negative errno.
 */
int rundir_write(const char *dir, const char *id, const char *state,
		 const char *const *files);

#endif
