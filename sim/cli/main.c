/*
 * main.c - the offersim command line.  Only this file exits.
 *
 *   offersim run SCENARIO [options]     simulate and write results
 *   offersim validate SCENARIO [--set]  check a scenario without running
 *   offersim policies                   list every policy
 *   offersim compare | sweep | merge    grids of runs (compare.c, sweep.c)
 *   offersim trace info|convert|sample  trace tools (trace.c)
 *
 * Exit status: 0 success, 1 a run failed for a reason other than its
 * input (out of memory, output not writable), 2 bad input (scenario,
 * trace or command line), reported as file:line:col: error: message.
 * Command-line mistakes are reported as <command-line>:1:COL where COL is
 * the column of the offending word in the command as typed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "compare.h"
#include "../config/config.h"
#include "../core/diag.h"
#include "../model/engine.h"
#include "plot.h"
#include "../../policies/registry.h"
#include "report.h"
#include "../config/scenario.h"
#include "sweep.h"
#include "trace.h"
#include "../core/version.h"

#define EXIT_INPUT 2

static const char usage_main[] =
	"usage: offersim COMMAND [ARGS]\n"
	"\n"
	"Discrete-event simulator of cluster scheduling through the Mesos offer cycle.\n"
	"\n"
	"commands:\n"
	"  run SCENARIO       simulate; summary on stdout, files in the output directory\n"
	"  validate SCENARIO  check a scenario without running it\n"
	"  policies           list allocators, framework policies and placement rules\n"
	"  compare SCENARIO   run a grid of configurations x seeds and tabulate them\n"
	"  sweep SCENARIO     find the smallest parameter value meeting latency SLOs\n"
	"  merge DIR...       tabulate grid runs made elsewhere (--emit-commands/-slurm)\n"
	"  trace info|convert|sample FILE   look into a trace, convert it to the native\n"
	"                     CSV, or cut a slice of it (offersim trace --help)\n"
	"\n"
	"  offersim COMMAND --help   options of a command\n"
	"  offersim --version\n";

static const char usage_run[] =
	"usage: offersim run SCENARIO [options]\n"
	"\n"
	"options:\n"
	"  -o, --output DIR   write results to DIR (default: the scenario's output,\n"
	"                     or results/<name>)\n"
	"  --seed N           override the scenario's seed\n"
	"  --set KEY=VALUE    override any scenario key, e.g. --set master.allocator=drf,\n"
	"                     --set frameworks.hadoop.policy=fifo (list items by name);\n"
	"                     may be repeated\n"
	"  --explain          narrate every pass, offer, launch, decline and finish\n"
	"  --no-plots         do not run gnuplot\n"
	"  --lenient          skip malformed trace lines (counted in summary.json as\n"
	"                     trace.skipped_lines) instead of stopping; the same as\n"
	"                     `lenient: true` in every trace workload\n"
	"  -q, --quiet        print nothing but errors\n"
	"  -h, --help         this help\n";

static const char usage_validate[] =
	"usage: offersim validate SCENARIO [--seed N] [--set KEY=VALUE]...\n"
	"       offersim validate --reference\n"
	"\n"
	"Reads and checks the scenario (and that its traces exist); prints\n"
	"'SCENARIO: ok' or the errors, file:line:col, and exits 2 on errors.\n"
	"--reference prints every scenario key (type, default, range, what it\n"
	"does) as Markdown, from the reader's own table.\n";

/* Column of argv[i] in the command line as typed (1-based). */
static int arg_col(char **argv, int i)
{
	int col = 1;
	for (int k = 0; k < i; k++)
		col += (int)strlen(argv[k]) + 1;
	return col;
}

static void cli_error(struct diag *d, char **argv, int i, const char *fmt,
		      ...) __attribute__((format(printf, 4, 5)));

static void cli_error(struct diag *d, char **argv, int i, const char *fmt,
		      ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(d, "<command-line>", 1, arg_col(argv, i), "%s", msg);
}

struct cli {
	const char *scenario;
	const char *outdir;
	struct cfg_override *ov;
	int nov;
	char *seed_text;
	int explain, no_plots, quiet, help, lenient;
};

static const char *const run_options[] = {
	"--output", "--seed", "--set", "--explain", "--no-plots", "--quiet", "--help",
	"--lenient",
};

static int parse_args(int argc, char **argv, int first, int allow_run_opts,
		      struct cli *c, struct diag *d)
{
	c->ov = calloc((size_t)argc + 1, sizeof *c->ov);
	if (!c->ov)
		return -1;
	for (int i = first; i < argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			c->help = 1;
		} else if (strcmp(a, "--set") == 0 || strncmp(a, "--set=", 6) == 0) {
			if (a[5] == '=')
				val = a + 6;
			else if (i + 1 < argc)
				val = argv[++i];
			if (!val) {
				cli_error(d, argv, i, "%s needs KEY=VALUE", a);
				continue;
			}
			const char *eq = strchr(val, '=');
			if (!eq || eq == val) {
				cli_error(d, argv, i, "--set needs KEY=VALUE, got '%s'", val);
				continue;
			}
			/* Split in place: the key is the part before '='. */
			char *key = strndup(val, (size_t)(eq - val));
			if (!key)
				return -1;
			c->ov[c->nov].path = key;
			c->ov[c->nov].value = eq + 1;
			c->nov++;
		} else if (strcmp(a, "--seed") == 0 || strncmp(a, "--seed=", 7) == 0) {
			val = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);
			if (!val || !*val || strspn(val, "0123456789") != strlen(val)) {
				cli_error(d, argv, i, "--seed needs a non-negative integer, got '%s'",
					  val ? val : "");
				continue;
			}
			c->seed_text = (char *)val;
		} else if (allow_run_opts && (strcmp(a, "-o") == 0 ||
					      strcmp(a, "--output") == 0 ||
					      strncmp(a, "--output=", 9) == 0)) {
			val = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
			if (!val || !*val) {
				cli_error(d, argv, i, "%s needs a directory", a);
				continue;
			}
			c->outdir = val;
		} else if (allow_run_opts && strcmp(a, "--explain") == 0) {
			c->explain = 1;
		} else if (allow_run_opts && strcmp(a, "--no-plots") == 0) {
			c->no_plots = 1;
		} else if (allow_run_opts && strcmp(a, "--lenient") == 0) {
			c->lenient = 1;
		} else if (allow_run_opts && (strcmp(a, "-q") == 0 ||
					      strcmp(a, "--quiet") == 0)) {
			c->quiet = 1;
		} else if (a[0] == '-' && a[1]) {
			const char *s = diag_suggest(a, run_options,
						     (int)(sizeof run_options / sizeof run_options[0]));
			if (s) {
				cli_error(d, argv, i, "unknown option '%s' (did you mean '%s'?)",
					  a, s);
			} else {
				cli_error(d, argv, i, "unknown option '%s'", a);
			}
		} else if (!c->scenario) {
			c->scenario = a;
		} else {
			cli_error(d, argv, i, "unexpected argument '%s' (one scenario per run)", a);
		}
	}
	if (c->seed_text) {
		c->ov[c->nov].path = strdup("seed");
		c->ov[c->nov].value = c->seed_text;
		if (!c->ov[c->nov].path)
			return -1;
		c->nov++;
	}
	return 0;
}

static void cli_release(struct cli *c)
{
	for (int i = 0; i < c->nov; i++)
		free((char *)c->ov[i].path);
	free(c->ov);
}

static int cmd_policies(void)
{
	for (int k = 0; k < POLICY_KINDS; k++) {
		static const char *const heads[] = {"allocators", "framework policies",
						    "placement rules"};
		printf("%s%s:\n", k ? "\n" : "", heads[k]);
		for (int i = 0; i < policy_count((enum policy_kind)k); i++)
			printf("  %-14s %s\n", policy_name((enum policy_kind)k, i),
			       policy_summary((enum policy_kind)k, i));
	}
	return 0;
}

static int cmd_run(int argc, char **argv, int validate_only)
{
	struct diag d;
	diag_init(&d, stderr);
	struct cli c = {0};
	if (validate_only && argc == 3 && !strcmp(argv[2], "--reference"))
		return cfg_reference(stdout) || fflush(stdout) ? 1 : 0;
	if (parse_args(argc, argv, 2, !validate_only, &c, &d)) {
		fputs("offersim: out of memory\n", stderr);
		cli_release(&c);
		return 1;
	}
	if (c.help) {
		fputs(validate_only ? usage_validate : usage_run, stdout);
		cli_release(&c);
		return 0;
	}
	if (!c.scenario && !diag_errors(&d))
		diag_error(&d, "<command-line>", 1, arg_col(argv, argc),
			   "missing scenario file (offersim %s SCENARIO)", argv[1]);
	if (diag_errors(&d)) {
		fputs(validate_only ? usage_validate : usage_run, stderr);
		cli_release(&c);
		return EXIT_INPUT;
	}
	struct scenario sc;
	int rc = cfg_load(c.scenario, c.ov, c.nov, &sc, &d);
	if (rc || diag_errors(&d)) {
		if (!rc)
			scenario_release(&sc);
		cli_release(&c);
		fprintf(stderr, "offersim: %d error%s in %s\n", diag_errors(&d),
			diag_errors(&d) == 1 ? "" : "s", c.scenario);
		return EXIT_INPUT;
	}
	if (validate_only) {
		printf("%s: ok (%d agent group%s, %d framework%s, resources", c.scenario,
		       sc.ngroups, sc.ngroups == 1 ? "" : "s", sc.nfws,
		       sc.nfws == 1 ? "" : "s");
		for (int r = 0; r < sc.res.n; r++)
			printf(" %s", sc.res.name[r]);
		puts(")");
		scenario_release(&sc);
		cli_release(&c);
		return 0;
	}
	if (c.lenient)
		for (int i = 0; i < sc.nfws; i++)
			if (sc.fws[i].wl.kind == WL_TRACE)
				sc.fws[i].wl.lenient = 1;
	struct sim_options o = {
		.outdir = c.outdir,
		.explain = c.explain ? stdout : NULL,
		.summary = c.quiet ? NULL : stdout,
		.quiet = c.quiet,
	};
	if (c.quiet)
		d.quiet_warnings = 1;
	rc = sim_run(&sc, &o, &d);
	const char *dir = c.outdir ? c.outdir : sc.output;
	int status = 0;
	if (rc) {
		status = diag_errors(&d) && rc != -1 ? EXIT_INPUT : 1;
		fprintf(stderr, "offersim: run failed; no results written to %s\n", dir);
	} else {
		if (!c.no_plots)
			plot_run(dir, sc.name, c.quiet ? NULL : stderr);
		report_run(dir, c.scenario, c.ov, c.nov, !c.no_plots,
			   c.quiet ? NULL : stderr);
		if (!c.quiet)
			printf("  results   %s/\n", dir);
	}
	scenario_release(&sc);
	cli_release(&c);
	return status;
}

int main(int argc, char **argv)
{
	gsl_set_error_handler_off();
	if (argc < 2) {
		fputs(usage_main, stderr);
		return EXIT_INPUT;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage_main, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("offersim %s\n", OFFERSIM_VERSION);
		return 0;
	}
	if (strcmp(cmd, "run") == 0)
		return cmd_run(argc, argv, 0);
	if (strcmp(cmd, "validate") == 0)
		return cmd_run(argc, argv, 1);
	if (strcmp(cmd, "policies") == 0)
		return cmd_policies();
	if (strcmp(cmd, "compare") == 0)
		return compare_main(argc, argv);
	if (strcmp(cmd, "sweep") == 0)
		return sweep_main(argc, argv);
	if (strcmp(cmd, "merge") == 0)
		return merge_main(argc, argv);
	if (strcmp(cmd, "trace") == 0)
		return trace_main(argc, argv);
	static const char *const cmds[] = {"run", "validate", "policies", "help",
					   "compare", "sweep", "merge", "trace"};
	struct diag d;
	diag_init(&d, stderr);
	const char *s = diag_suggest(cmd, cmds, 8);
	if (s)
		diag_error(&d, "<command-line>", 1, arg_col(argv, 1),
			   "unknown command '%s' (did you mean '%s'?)", cmd, s);
	else
		diag_error(&d, "<command-line>", 1, arg_col(argv, 1),
			   "unknown command '%s'", cmd);
	fputs(usage_main, stderr);
	return EXIT_INPUT;
}
