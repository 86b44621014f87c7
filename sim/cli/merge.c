/*
 * merge.c - `offersim merge`: the analysis of runs made elsewhere (GNU
 * parallel, a Slurm array, or split over several machines).
 *
 * merge rebuilds the grid from the runs' config.txt files and hands it to
 * the command that laid it out: sweep_merge when the runs record a
 * sweep's SLOs, compare_outputs otherwise.  It is a module of its own so
 * that compare and sweep need not know each other.
 */
#include "compare.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/diag.h"
#include "grid.h"
#include "plot.h"
#include "sweep.h"

#define EXIT_INPUT 2

static const char usage_merge[] =
	"usage: offersim merge [-o OUT] DIR... [--comparison] [--no-plots] [--quiet]\n"
	"\n"
	"Collects finished runs (DIR/runs/<config>/seed-<S>, as laid out by\n"
	"compare, sweep --values, --emit-commands or --emit-slurm) from one or more\n"
	"directories and writes the same outputs as the command that laid them out,\n"
	"to OUT (default: the first DIR): comparison.csv, comparison.md, plots and\n"
	"report.html as compare; sweep.csv, plots, report.html and the answer as\n"
	"sweep.  --comparison tabulates a sweep's runs as a comparison instead.\n";

static const struct grid_opt merge_opts[] = {
	{"--output", "-o", 1},
	{"--no-plots", NULL, 0},
	{"--quiet", "-q", 0},
	{"--help", "-h", 0},
	{"--comparison", NULL, 0},
};

int merge_main(int argc, char **argv)
{
	struct diag d;
	diag_init(&d, stderr);
	const char *out = NULL;
	int no_plots = 0, quiet = 0, help = 0, ndirs = 0, as_comparison = 0;
	char **dirs = calloc((size_t)argc, sizeof *dirs);
	if (!dirs)
		return 1;
	for (int i = 2; i < argc;) {
		const char *val;
		int k = grid_getopt(argc, argv, &i, merge_opts,
				    (int)(sizeof merge_opts / sizeof merge_opts[0]), &val, &d);
		if (k == -1)
			dirs[ndirs++] = (char *)val;
		else if (k == 0)
			out = val;
		else if (k == 1)
			no_plots = 1;
		else if (k == 2)
			quiet = 1;
		else if (k == 3)
			help = 1;
		else if (k == 4)
			as_comparison = 1;
	}
	int status = 0;
	struct grid g;
	grid_init(&g);
	if (help) {
		fputs(usage_merge, stdout);
		goto done;
	}
	if (!ndirs && !diag_errors(&d))
		diag_error(&d, "<command-line>", 1, grid_arg_col(argv, argc),
			   "missing directory (offersim merge DIR...)");
	if (diag_errors(&d)) {
		grid_cli_try_help("merge");
		status = EXIT_INPUT;
		goto done;
	}
	if (!out)
		out = dirs[0];
	if (grid_load(&g, dirs, ndirs, stderr)) {
		status = EXIT_INPUT;
		goto done;
	}
	if (mkdir(out, 0777) && errno != EEXIST) {
		fprintf(stderr, "offersim: cannot create %s: %s\n", out, strerror(errno));
		status = 1;
		goto done;
	}
	if (grid_set_outdir(&g, out))
		status = 1;
	else if (g.nslos && !as_comparison)
		status = sweep_merge(&g, out, no_plots ? 0 : PLOT_PNG, quiet);
	else if (compare_outputs(&g, out, no_plots ? 0 : PLOT_PNG, quiet ? NULL : stdout,
				 stderr))
		status = 1;
done:
	grid_release(&g);
	free(dirs);
	return status;
}
