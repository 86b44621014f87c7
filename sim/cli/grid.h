/*
 * grid.h - a grid of simulation runs: every combination of the values of
 * some scenario keys (the axes), each run once per seed, each run a child
 * `offersim run` process.
 *
 * compare, sweep and merge are built on it.  Every configuration gets the
 * same seeds (common random numbers), so differences between
 * configurations are not drowned in seed-to-seed noise and can be paired.
 * Runs are separate processes rather than threads: a run that fails (or
 * crashes) cannot take the others down, and the very same command lines
 * can be emitted for GNU parallel or a Slurm job array instead.
 *
 * Layout of an output directory DIR:
 *   DIR/runs/<label>/config.txt     the configuration (read back by merge)
 *   DIR/runs/<label>/seed-<S>/      one `offersim run` output directory
 *
 * Also here: the shared command-line helpers of compare/sweep/merge, a
 * POSIX shell quoter and a gnuplot launcher taking named variables.
 */
#ifndef OFFERSIM_GRID_H
#define OFFERSIM_GRID_H

#include <stddef.h>
#include <stdio.h>

struct diag;

struct grid_axis {
	char *key;         /* dotted scenario key, as for --set */
	int nvalues;
	char **values;
};

struct grid_config {
	char *label;       /* directory-safe, unique within the grid */
	char **values;     /* [naxes], pointers into the axes' values */
	int nsrc;
	char **src;        /* runs/<label> directories holding its seeds */
};

struct grid {
	char *scenario;          /* as given on the command line; for merge
				  * the absolute path config.txt recorded */
	char *scenario_given;    /* merge: the scenario as first typed, shown
				  * in reports; NULL means scenario */
	char *outdir;            /* DIR */
	int naxes;
	struct grid_axis *axes;
	int nsets;
	char **sets;             /* passthrough "KEY=VALUE" for every run */
	int nconfigs;
	struct grid_config *configs;
	int nseeds;
	unsigned long *seeds;    /* ascending */
	int nslos;
	char **slos;             /* a sweep's SLOs as typed ("wait.p95<=60"),
				  * recorded so merge can redo the sweep;
				  * none for a comparison */
	int force;               /* runs get --force: each replaces what its
				  * directory holds (sweep, compare --resume) */
	int nrun_args;
	char **run_args;         /* extra `offersim run` arguments, after
				  * the others (a sweep's stop conditions);
				  * not recorded in config.txt */
	int nbase_sets;
	char **base_sets;        /* "KEY=VALUE" the tool itself gives every
				  * run, passed before the passthrough sets
				  * so that the user's --set wins (a sweep
				  * leaving out outputs it never reads); not
				  * recorded in config.txt */
};

void grid_init(struct grid *g);
void grid_release(struct grid *g);

/* Copy-in setters; return 0 or OS_ENOMEM. */
int grid_set_scenario(struct grid *g, const char *scenario);
int grid_set_outdir(struct grid *g, const char *dir);
int grid_add_set(struct grid *g, const char *key_eq_value);
int grid_add_slo(struct grid *g, const char *slo);
int grid_add_run_arg(struct grid *g, const char *arg);
int grid_add_base_set(struct grid *g, const char *key_eq_value);
/* Seeds 1..n. */
int grid_set_seeds(struct grid *g, int n);
int grid_add_seed(struct grid *g, unsigned long seed);

/*
 * Add an axis with the comma-separated values in csv ("first_fit,best_fit").
 * Returns 0, OS_EINVAL for an empty value or a key already used, or
 * OS_ENOMEM.
 */
int grid_add_axis(struct grid *g, const char *key, const char *csv);

/* Build the configurations: the cartesian product of the axes, first axis
 * slowest, and their labels ("placement=best_fit,count=4").  With no axes
 * there is one configuration labelled "base". */
int grid_build(struct grid *g);

/* The run directory DIR/runs/<label>/seed-<S> into buf. */
void grid_run_dir(const struct grid *g, int config, unsigned long seed,
		  char *buf, size_t size);

/*
 * The argv of one run: exe run SCENARIO --seed S --set ... -o DIR --no-plots
 * --quiet [--force] (NULL-terminated, free with grid_free_argv), the
 * --set words in the order base sets, passthrough sets, axis values (a
 * later --set wins).  NULL on ENOMEM.
 */
char **grid_run_argv(const struct grid *g, const char *exe, int config,
		     unsigned long seed);
void grid_free_argv(char **argv);

/*
 * Load every configuration's scenario in-process (no run) so that a bad
 * key or value is reported once, as file:line:col, before any child
 * starts.  Returns the number of configurations with errors.
 */
int grid_validate(const struct grid *g, struct diag *d);

/* The scenario as the user typed it, for reports. */
const char *grid_scenario_shown(const struct grid *g);

/*
 * Create DIR/runs/<label>/ and write config.txt for every configuration:
 * its index, label, the scenario (absolute, and as given), the --set
 * overrides, the varied values and the sweep's SLOs.  Returns 0 or < 0
 * with a message on err.
 */
int grid_write_configs(const struct grid *g, FILE *err);

/*
 * Rebuild a grid from finished directories: each of dirs[] is a compare
 * output directory (holding runs/) or a runs/ directory itself.  Reads
 * every runs/<label>/config.txt and collects the seeds with a summary.json
 * (the union over configurations).  Configurations with the same label in
 * several directories are one configuration.  The SLOs are the first
 * configuration's; a configuration recording other ones is an error.
 * Returns 0, or < 0 with a message on err; outdir is left for the caller
 * to set.
 */
int grid_load(struct grid *g, char *const *dirs, int ndirs, FILE *err);

/* Where run directory of (config, seed) holds a result; for merge, where
 * runs may be spread over several directories: NULL when none has it. */
const char *grid_find_run(const struct grid *g, int config,
			  unsigned long seed, char *buf, size_t size);

/*
 * Run argvs[0..n) as child processes, at most jobs at a time, stdout to
 * /dev/null, stderr inherited.  status[i] receives the exit status, or
 * 128 + signal, or 127 when exec failed.  When progress is non-NULL a
 * one-line bar with an ETA, prefixed by what, is redrawn on it after each
 * finished run and ten times a second while they run, from the fraction
 * each running child reports on a pipe (OFFERSIM_PROGRESS_FD, main.c).  Returns the number of runs that did not exit 0, or
 * < 0 when no child could be started.
 */
int grid_exec(char **const *argvs, int n, int jobs, int *status,
	      FILE *progress, const char *what);

/* The path of the running executable (/proc/self/exe), else argv0. */
const char *grid_self_exe(const char *argv0);

/* Online CPUs, at least 1. */
int grid_ncpus(void);

/* Append s to out as one POSIX shell word ('...' with ' as '\''), unless
 * it has only safe characters.  Returns the length written, like snprintf. */
size_t grid_shell_quote(char *out, size_t size, const char *s);

/*
 * Run gnuplot on plots/<script> with -e "name1='value1'; ..." (values are
 * quoted as gnuplot strings; a name ending in '#' is passed as a number
 * without quotes and without the '#'), plus plotdir (where the script
 * and terminal.gp are) and fmt, "svg" when outfile ends in .svg, else
 * "png".  outfile is written through a temporary name.  Returns 0 when
 * the picture was made; on failure one warning line on err (may be NULL).
 */
int grid_gnuplot(const char *script, const char *outfile,
		 const char *const *names, const char *const *values, int nvars,
		 FILE *err);

/* --- command-line helpers shared by run, compare, sweep and merge --- */

/* Column of argv[i] in the command as typed (1-based). */
int grid_arg_col(char **argv, int i);

struct grid_opt {
	const char *name;   /* "--seeds" */
	const char *alias;  /* "-j", or NULL */
	int has_arg;
};

/*
 * Parse argv[*i]: returns the index into opts of the option found (its
 * argument, if it takes one, in *val: "--x=v" or the next word), -1 for a
 * positional word (in *val), or -2 after reporting an error as
 * <command-line>:1:COL.  Advances *i past what it consumed.
 */
int grid_getopt(int argc, char **argv, int *i, const struct grid_opt *opts,
		int nopts, const char **val, struct diag *d);

/* Parse a positive integer option value; 0 and reports when it is not. */
int grid_parse_count(const char *val, char **argv, int i, const char *opt,
		     int *out, struct diag *d);

#define GRID_MAX_OPTS 32

/*
 * The command line of a grid command (compare, sweep): one positional
 * SCENARIO and the options they all take, --seeds N, -j/--jobs N,
 * -o/--output DIR, --set KEY=VALUE (repeatable), --no-plots,
 * --plot-format png|svg|both, -q/--quiet
 * and -h/--help, are parsed into the public fields; the command's own
 * options are handed back one at a time by grid_args_next.  Strings point
 * into argv.  Every error is reported on d as <command-line>:1:COL and
 * parsing goes on, so one run of the command reports them all.
 */
struct grid_args {
	const char *scenario;    /* the first positional word, or NULL */
	const char *outdir;      /* the last -o, or NULL */
	int nseeds;              /* 5 unless --seeds */
	int jobs;                /* grid_ncpus() unless -j */
	int nsets;
	const char **sets;       /* [nsets] "KEY=VALUE", in command-line order */
	int no_plots, quiet, help;
	int plot_formats;        /* PLOT_PNG unless --plot-format (plot.h) */

	/* parse state */
	int argc, i;
	char **argv;
	int nown;
	struct grid_opt opts[GRID_MAX_OPTS];   /* own options, then common */
	struct diag *d;
};

/* Start parsing argv[2..argc); own[0..nown) are the command's options.
 * Returns 0, OS_ENOMEM, or OS_EINVAL when own[] is too long. */
int grid_args_init(struct grid_args *a, int argc, char **argv,
		   const struct grid_opt *own, int nown, struct diag *d);

/*
 * The next of the command's own options: its index in own[], its value in
 * *val (NULL for an option without one) and in *at the argv index to point
 * a diagnostic at (the last word it consumed); -1 when argv is exhausted.
 */
int grid_args_next(struct grid_args *a, const char **val, int *at);

void grid_args_release(struct grid_args *a);

/* After command-line errors: the one line that points at the command's
 * help ("Try 'offersim CMD --help'."; cmd NULL for offersim itself), on
 * stderr, in place of the whole usage, so the message stays in view. */
void grid_cli_try_help(const char *cmd);

void grid_cli_error(struct diag *d, char **argv, int i, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
