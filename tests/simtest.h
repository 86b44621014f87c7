/*
 * simtest.h - helpers for tests that run whole scenarios: load a scenario
 * with overrides, run it into a fresh temporary directory, read figures
 * back from summary.json and rows from the CSV files.
 */
#ifndef OFFERSIM_SIMTEST_H
#define OFFERSIM_SIMTEST_H

#include <stddef.h>
#include <stdio.h>

/* Load and run; returns 0 on success.  dir receives a new temporary
 * directory (size >= 64) holding the outputs. */
int st_run(const char *scenario, const char *const *sets, int nsets,
	   char *dir, size_t dirsize);

/* The same with diagnostics written to err. */
int st_run_diag(const char *scenario, const char *const *sets, int nsets,
		char *dir, size_t dirsize, FILE *err);

/* A number from summary.json by dotted path ("wait.mean",
 * "frameworks.A.final_dominant_share"); NAN when absent. */
double st_summary(const char *dir, const char *path);

/* The whole file dir/name, NUL-terminated (free it), or NULL. */
char *st_slurp(const char *dir, const char *name, size_t *len);

/* Remove the directory made by st_run and its files. */
void st_cleanup(const char *dir);

#endif
