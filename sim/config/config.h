/*
 * config.h - read a scenario YAML file into a validated struct scenario.
 *
 * Every error is reported through the diag as file:line:col: error: ...
 * and reading continues so that several mistakes show in one run.  Unknown
 * keys are errors with a "did you mean" suggestion.  Overrides given on the
 * command line (--set key.path=value) are applied to the parsed document
 * before validation, so they are checked exactly like file contents; a list
 * element is addressed by its name (frameworks.hadoop.policy=sjf,
 * cluster.agents.small.count=4).
 */
#ifndef OFFERSIM_CONFIG_H
#define OFFERSIM_CONFIG_H

#include <stdio.h>

struct scenario;
struct diag;

struct cfg_override {
	const char *path;           /* dotted key path */
	const char *value;          /* scalar text, parsed as YAML scalar */
};

/*
 * Load path into *sc.  Returns 0, or a negative code when there were
 * errors (all reported through d); *sc is then released and zeroed.
 * noverrides may be 0.  Policy and allocator names are checked against the
 * policy tables; resources named by workloads must exist on some agent.
 */
int cfg_load(const char *path, const struct cfg_override *ov, int noverrides,
	     struct scenario *sc, struct diag *d);

/*
 * The same for a document held in memory: text is the YAML, name stands
 * for the file in diagnostics, and relative paths in the scenario (traces,
 * output) resolve against name's directory as they would for a file.
 */
int cfg_load_string(const char *name, const char *text,
		    const struct cfg_override *ov, int noverrides,
		    struct scenario *sc, struct diag *d);

/*
 * The scenario reference, every key with its type, default, range and a
 * line of doc, as Markdown generated from the reader's key table
 * (keys.h): what `offersim validate --reference` prints and README.md's
 * scenario reference holds.  Returns 0, or -1 when writing failed.
 */
int cfg_reference(FILE *f);

#endif
