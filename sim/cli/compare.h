/*
 * compare.h - `offersim compare` and `offersim merge`: run (or collect) a
 * grid of configurations x seeds and tabulate the headline metrics
 * (headline.h) with confidence intervals, paired differences, plots and
 * an HTML report.
 *
 * Both commands end in the same analysis of the finished run directories,
 * so merging runs made elsewhere (GNU parallel, a Slurm array) gives the
 * same comparison.csv, byte for byte, as running them here.  When the
 * runs record a sweep's SLOs, merge (merge.c) hands them to sweep_merge
 * instead.
 */
#ifndef OFFERSIM_COMPARE_H
#define OFFERSIM_COMPARE_H

#include <stdio.h>

struct grid;

/* The subcommands (merge_main is in merge.c); argv[1] is the command name.  Return the exit status:
 * 0, 1 when a run or an output failed, 2 for bad input. */
int compare_main(int argc, char **argv);
int merge_main(int argc, char **argv);

/*
 * Analyse the finished runs of g and write comparison.csv,
 * comparison.md, the plots (in the formats of the PLOT_* mask plots, none
 * when it is 0, as after --no-plots) and report.html into outdir.
 * The Markdown table also goes to out when out is not NULL.  Returns 0,
 * or < 0 with a message on err.
 */
int compare_outputs(const struct grid *g, const char *outdir, int plots,
		    FILE *out, FILE *err);

/*
 * Instead of running the grid g (whose config.txt files are written),
 * write its `offersim run` command lines to cmds_file and/or a Slurm
 * job-array script with its command list to slurm_dir (either may be
 * NULL), and unless quiet say on stdout how to run them and merge.  The
 * commands start argv0 as typed (a bare name is looked up on PATH).
 * Returns 0, or 1 after a message on stderr.
 */
int compare_emit(const struct grid *g, const char *argv0, const char *cmds_file,
		 const char *slurm_dir, int quiet);

#endif
