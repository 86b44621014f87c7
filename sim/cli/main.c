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
 * input (out of memory, an output or standard output not writable: the
 * message gives the system's reason), 2 bad input (scenario, trace or
 * command line), reported as file:line:col: error: message, and 128+N
 * after signal N (SIGINT 130, SIGTERM 143, SIGHUP 129).
 * Command-line mistakes are reported as <command-line>:1:COL where COL is
 * the column of the offending word in the command as typed.
 *
 * Signals: SIGPIPE is ignored, so a closed pipe on standard output shows
 * up as a write error (EPIPE), reported with exit 1 like any other
 * failed write; nothing is cut short silently.  During `run`, the first
 * SIGINT, SIGTERM or SIGHUP asks the engine to stop before its next event
 * (sim_options.stop); the run then writes its partial outputs, marked
 * incomplete, and exits 128+N.  A second one, or the first during any
 * other command, deletes every temporary output file and exits at once.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "compare.h"
#include "../config/config.h"
#include "../core/diag.h"
#include "../core/err.h"
#include "../core/outfile.h"
#include "earlystop.h"
#include "grid.h"
#include "../model/engine.h"
#include "plot.h"
#include "progress.h"
#include "../../policies/registry.h"
#include "report.h"
#include "rundir.h"
#include "../config/scenario.h"
#include "sweep.h"
#include "trace.h"
#include "../core/version.h"

#define EXIT_INPUT 2
/* run --check found a broken invariant: the model's fault, not the input's
 * nor the system's. */
#define EXIT_CHECK 3

/* The first stopping signal of a run, read by the engine through
 * sim_options.stop; stop_polled is set while something reads it. */
static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t stop_polled;

static void on_signal(int sig)
{
	if (stop_polled && !stop_signal) {
		stop_signal = sig;
		return;
	}
	outfile_unlink_all();
	_exit(128 + sig);
}

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGINT: return "SIGINT";
	case SIGTERM: return "SIGTERM";
	case SIGHUP: return "SIGHUP";
	default: return "a signal";
	}
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Standard output is an output like any other: a failed write (EPIPE
 * from a closed pipe, ENOSPC) makes the command fail with the reason. */
static int check_stdout(int status)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return status;
	fprintf(stderr, "offersim: error: writing standard output: %s\n",
		strerror(errno ? errno : EIO));
	return status && status != EXIT_INPUT ? status : 1;
}

/*
 * The progress of one run: a bar on the terminal (stderr a TTY, not
 * --quiet, no --explain on the same screen), and, for compare and sweep,
 * the fraction done written as a line "0.4213" to the descriptor named by
 * OFFERSIM_PROGRESS_FD, which the parent reads to move its own bar within
 * a run (grid.c).  Both at most ten times a second.
 */
struct run_bar {
	FILE *tty;
	int fd;                   /* -1: none */
	double t0, last;
	int width;
};

static double mono_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Erase the bar (a message or the summary follows on a clean line). */
static void bar_erase(void *ctx)
{
	struct run_bar *b = ctx;
	if (!b->tty || !b->width)
		return;
	fprintf(b->tty, "\r%*s\r", b->width, "");
	fflush(b->tty);
	b->width = 0;
}

static void on_progress(void *ctx, const struct sim_progress *p)
{
	struct run_bar *b = ctx;
	double t = mono_sec();
	if (!p->final && t - b->last < 0.1)
		return;
	b->last = t;
	if (b->fd >= 0) {
		char line[32];
		int n = snprintf(line, sizeof line, "%.4f\n", p->done);
		/* Non-blocking: a parent that reads late misses a line. */
		if (n > 0 && write(b->fd, line, (size_t)n) < 0) {
			/* nothing to do: the bar is only a bar */
		}
	}
	if (!b->tty)
		return;
	if (p->final) {
		bar_erase(b);
		return;
	}
	char tail[160], of[64] = "";
	if (p->horizon >= 0)
		snprintf(of, sizeof of, " of %.0f s", p->horizon);
	else if (p->arrivals_done)
		snprintf(of, sizeof of, ", all arrivals in");
	else
		snprintf(of, sizeof of, ", workload %.0f%% read", 100 * p->input);
	double rate = t > b->t0 ? (double)p->events / (t - b->t0) : 0;
	snprintf(tail, sizeof tail, "sim %.1f s%s, %.2f M events/s", p->now, of,
		 rate / 1e6);
	int w = progress_draw(b->tty, "offersim run", p->done, tail);
	if (w > b->width)
		b->width = w;
}

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
	"  --explain          narrate every pass, offer, launch, decline and finish,\n"
	"                     and why the next task of a framework still waits\n"
	"  --from S, --to S   narrate only simulated seconds S.. and ..S (inclusive)\n"
	"  --framework NAME, --agent NAME, --job ID\n"
	"                     narrate only the lines about that framework, agent or\n"
	"                     job (under --framework and --agent a pass's shares\n"
	"                     stay: they concern everyone); each of these five\n"
	"                     implies --explain\n"
	"  --check            check the model's invariants after every event (no\n"
	"                     agent over-committed, resources conserved, one state\n"
	"                     per task, summary equal to the CSVs); exit 3 if one\n"
	"                     breaks\n"
	"  --no-plots         do not run gnuplot\n"
	"  --plot-format F    png (the default), svg or both: the plots' format;\n"
	"                     report.html embeds the SVG when there is one\n"
	"  --force            DIR holds another run's outputs: replace them (only the\n"
	"                     files offersim writes, listed in DIR/manifest.txt)\n"
	"  --one-thread       run on one thread, as on one processor: by default a\n"
	"                     trace is read ahead and the row files formatted on a\n"
	"                     second one (the results are the same); for many runs\n"
	"                     at once\n"
	"  --lenient          skip malformed trace lines (counted in summary.json as\n"
	"                     trace.skipped_lines) instead of stopping; the same as\n"
	"                     `lenient: true` in every trace workload\n"
	"  --stop-if-missed SLO  end the run as soon as SLO ('wait.p95<=60') is\n"
	"                     certainly missed (its lower bound is past the target);\n"
	"                     summary.json then records \"stopped\"; wait and response\n"
	"                     figures only (see docs/compare.md); may be repeated\n"
	"  -q, --quiet        print nothing but errors\n"
	"  -h, --help         this help\n"
	"\n"
	"Exit status: 0 done, 1 a write or the system failed (the reason is given),\n"
	"2 bad input, 128+N after signal N (partial results, marked incomplete).\n";

static const char usage_validate[] =
	"usage: offersim validate SCENARIO [--seed N] [--set KEY=VALUE]...\n"
	"       offersim validate --reference\n"
	"\n"
	"Reads and checks the scenario (and that its traces exist); prints\n"
	"'SCENARIO: ok' or the errors, file:line:col, and exits 2 on errors.\n"
	"--reference prints every scenario key (type, default, range, what it\n"
	"does) as Markdown, from the reader's own table.\n";


struct cli {
	const char *scenario;
	const char *outdir;
	struct cfg_override *ov;
	int nov;
	char *seed_text;
	int explain, check, no_plots, quiet, help, lenient, force;
	int one_thread;             /* --one-thread */
	int plot_formats;           /* PLOT_PNG | PLOT_SVG (plot.h) */
	struct sim_explain only;    /* --from, --to, --framework, --agent, --job */
	int only_set;
	int outdir_at;              /* argv index of the -o value, or 0 */
	const char **stops;       /* --stop-if-missed SLOs, as typed */
	int *stop_at;             /* their argv indexes */
	int nstops;
};

static const char *const run_options[] = {
	"--output", "--seed", "--set", "--explain", "--check", "--no-plots", "--quiet", "--help",
	"--lenient", "--force", "--stop-if-missed", "--plot-format", "--from", "--to",
	"--framework", "--agent", "--job", "--one-thread",
};

/* A number of seconds >= 0 (--from, --to): 0, or -1 when malformed. */
static int parse_secs(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = s && *s ? strtod(s, &end) : -1;
	if (!s || !*s || *end || errno || !(v >= 0) || v > 9e12)
		return -1;
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, int first, int allow_run_opts,
		      struct cli *c, struct diag *d)
{
	c->ov = calloc((size_t)argc + 1, sizeof *c->ov);
	c->stops = calloc((size_t)argc + 1, sizeof *c->stops);
	c->stop_at = calloc((size_t)argc + 1, sizeof *c->stop_at);
	if (!c->ov || !c->stops || !c->stop_at)
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
				grid_cli_error(d, argv, i, "%s needs KEY=VALUE", a);
				continue;
			}
			const char *eq = strchr(val, '=');
			if (!eq || eq == val) {
				grid_cli_error(d, argv, i, "--set needs KEY=VALUE, got '%s'", val);
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
				grid_cli_error(d, argv, i, "--seed needs a non-negative integer, got '%s'",
					  val ? val : "");
				continue;
			}
			c->seed_text = (char *)val;
		} else if (allow_run_opts && (strcmp(a, "-o") == 0 ||
					      strcmp(a, "--output") == 0 ||
					      strncmp(a, "--output=", 9) == 0)) {
			val = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
			if (!val || !*val) {
				grid_cli_error(d, argv, i, "%s needs a directory", a);
				continue;
			}
			c->outdir = val;
			c->outdir_at = i;
		} else if (allow_run_opts && strcmp(a, "--force") == 0) {
			c->force = 1;
		} else if (allow_run_opts && strcmp(a, "--stop-if-missed") == 0) {
			if (i + 1 >= argc) {
				grid_cli_error(d, argv, i, "--stop-if-missed needs an SLO such as 'wait.p95<=60'");
				continue;
			}
			c->stop_at[c->nstops] = i + 1;
			c->stops[c->nstops++] = argv[++i];
		} else if (allow_run_opts && strcmp(a, "--explain") == 0) {
			c->explain = 1;
		} else if (allow_run_opts && strcmp(a, "--check") == 0) {
			c->check = 1;
		} else if (allow_run_opts && (!strcmp(a, "--from") || !strcmp(a, "--to"))) {
			val = i + 1 < argc ? argv[++i] : NULL;
			double *to = a[2] == 'f' ? &c->only.from : &c->only.to;
			if (parse_secs(val, to)) {
				grid_cli_error(d, argv, i, "%s needs a number of seconds >= 0, got '%s'",
					       a, val ? val : "");
				continue;
			}
			c->explain = c->only_set = 1;
			if (c->only.to >= 0 && c->only.from > c->only.to)
				grid_cli_error(d, argv, i, "--from %g is after --to %g",
					       c->only.from, c->only.to);
		} else if (allow_run_opts && (!strcmp(a, "--framework") || !strcmp(a, "--agent"))) {
			val = i + 1 < argc ? argv[++i] : NULL;
			if (!val || !*val) {
				grid_cli_error(d, argv, i, "%s needs a name", a);
				continue;
			}
			if (a[2] == 'f') {
				c->only.framework = val;
				c->only.framework_col = grid_arg_col(argv, i);
			} else {
				c->only.agent = val;
				c->only.agent_col = grid_arg_col(argv, i);
			}
			c->explain = c->only_set = 1;
		} else if (allow_run_opts && strcmp(a, "--job") == 0) {
			val = i + 1 < argc ? argv[++i] : NULL;
			char *end = NULL;
			errno = 0;
			long long j = val && *val ? strtoll(val, &end, 10) : 0;
			if (!val || !*val || *end || errno) {
				grid_cli_error(d, argv, i, "--job needs a job id (an integer), got '%s'",
					       val ? val : "");
				continue;
			}
			c->only.job = j;
			c->only.has_job = 1;
			c->explain = c->only_set = 1;
		} else if (allow_run_opts && strcmp(a, "--no-plots") == 0) {
			c->no_plots = 1;
		} else if (allow_run_opts && (strcmp(a, "--plot-format") == 0 ||
					      strncmp(a, "--plot-format=", 14) == 0)) {
			val = a[13] == '=' ? a + 14 : (i + 1 < argc ? argv[++i] : NULL);
			int m = val ? plot_format_parse(val) : -1;
			if (m < 0) {
				grid_cli_error(d, argv, i, "--plot-format needs png, svg or both, got '%s'",
					       val ? val : "");
				continue;
			}
			c->plot_formats = m;
		} else if (allow_run_opts && strcmp(a, "--one-thread") == 0) {
			c->one_thread = 1;
		} else if (allow_run_opts && strcmp(a, "--lenient") == 0) {
			c->lenient = 1;
		} else if (allow_run_opts && (strcmp(a, "-q") == 0 ||
					      strcmp(a, "--quiet") == 0)) {
			c->quiet = 1;
		} else if (a[0] == '-' && a[1]) {
			const char *s = diag_suggest(a, run_options,
						     (int)(sizeof run_options / sizeof run_options[0]));
			if (s) {
				grid_cli_error(d, argv, i, "unknown option '%s' (did you mean '%s'?)",
					  a, s);
			} else {
				grid_cli_error(d, argv, i, "unknown option '%s'", a);
			}
		} else if (!c->scenario) {
			c->scenario = a;
		} else {
			grid_cli_error(d, argv, i, "unexpected argument '%s' (one scenario per run)", a);
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
	free(c->stops);
	free(c->stop_at);
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
	c.only.to = -1;
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
		diag_error(&d, "<command-line>", 1, grid_arg_col(argv, argc),
			   "missing scenario file (offersim %s SCENARIO)", argv[1]);
	if (diag_errors(&d)) {
		grid_cli_try_help(validate_only ? "validate" : "run");
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
	struct es_slo *slos = calloc((size_t)c.nstops + 1, sizeof *slos);
	if (!slos) {
		fputs("offersim: out of memory\n", stderr);
		scenario_release(&sc);
		cli_release(&c);
		return 1;
	}
	for (int i = 0; i < c.nstops; i++)
		if (es_parse(c.stops[i], &sc, &slos[i]))
			grid_cli_error(&d, argv, c.stop_at[i], "--stop-if-missed needs METRIC<=NUMBER "
				  "where METRIC is [frameworks.NAME.]wait or response .mean, "
				  ".p50, .p90, .p95, .p99 or .max; got '%s'", c.stops[i]);
	if (diag_errors(&d)) {
		free(slos);
		scenario_release(&sc);
		cli_release(&c);
		return EXIT_INPUT;
	}
	const char *dir = c.outdir ? c.outdir : sc.output;
	char id[RUNDIR_ID_LEN + 1], where[4200] = "";
	rc = rundir_id(c.scenario, c.ov, c.nov, c.lenient, id);
	if (rc == 0)
		rc = rundir_claim(dir, id, c.force, where, sizeof where);
	if (rc == RUNDIR_OTHER) {
		diag_error(&d, "<command-line>", 1,
			   grid_arg_col(argv, c.outdir_at ? c.outdir_at : argc),
			   "%s holds the outputs of another run; use --force to replace them",
			   dir);
		free(slos);
		scenario_release(&sc);
		cli_release(&c);
		return EXIT_INPUT;
	}
	if (rc) {
		fprintf(stderr, "offersim: error: %s: %s\n", where[0] ? where : c.scenario,
			strerror(-rc));
		free(slos);
		scenario_release(&sc);
		cli_release(&c);
		return 1;
	}
	struct es_set stops = {.slo = slos, .n = c.nstops};
	struct sim_stop stop = {.check = es_check, .ctx = &stops};
	struct sim_options o = {
		.outdir = c.outdir,
		.explain = c.explain ? stdout : NULL,
		.check = c.check,
		.explain_only = c.only_set ? &c.only : NULL,
		.summary = c.quiet ? NULL : stdout,
		.quiet = c.quiet,
		.stop = &stop_signal,
		.stop_reason = signal_name,
		.stop_when = c.nstops ? &stop : NULL,
		.one_thread = c.one_thread,
	};
	struct run_bar bar = {.tty = c.explain ? NULL : progress_stream(c.quiet),
			      .fd = -1};
	const char *pfd = getenv("OFFERSIM_PROGRESS_FD");
	if (pfd && *pfd && strspn(pfd, "0123456789") == strlen(pfd) &&
	    fcntl(atoi(pfd), F_GETFD) != -1) {
		bar.fd = atoi(pfd);
		fcntl(bar.fd, F_SETFL, fcntl(bar.fd, F_GETFL) | O_NONBLOCK);
	}
	bar.t0 = mono_sec();
	if (bar.tty || bar.fd >= 0) {
		o.progress = on_progress;
		o.progress_ctx = &bar;
		d.before = bar_erase;
		d.before_ctx = &bar;
	}
	if (c.quiet)
		d.quiet_warnings = 1;
	/* The narration and the summary are buffered; a warning flushes
	 * them first, so it never lands inside one of their lines. */
	d.flush_first = stdout;
	stop_polled = 1;
	rc = sim_run(&sc, &o, &d);
	if (!rc && stops.stopped && !c.quiet)
		printf("  stopped   at %.3f s: %s is at least %.6g, past %s\n", stops.at,
		       slos[stops.which].metric, stops.bound, slos[stops.which].text);
	free(slos);
	int status = 0;
	if (rc) {
		status = rc == OS_ECHECK ? EXIT_CHECK
		       : rc == OS_EWRITE || rc == OS_ENOMEM || !diag_errors(&d) ? 1
										 : EXIT_INPUT;
		rundir_write(dir, id, "failed", rundir_names);
		fprintf(stderr, "offersim: run failed; no results written to %s\n", dir);
	} else if (stop_signal) {
		char state[64];
		snprintf(state, sizeof state, "incomplete %s", signal_name(stop_signal));
		if (rundir_write(dir, id, state, rundir_names))
			status = 1;
		fprintf(stderr, "offersim: stopped by %s; partial results in %s/\n",
			signal_name(stop_signal), dir);
	} else {
		/* The manifest grows with each step, so a report embeds only
		 * what this run drew, and a step cut short shows. */
		int e = rundir_write(dir, id, "complete", rundir_names);
		if (!e && !c.no_plots && !stop_signal) {
			plot_run(dir, c.plot_formats ? c.plot_formats : PLOT_PNG,
				 c.quiet ? NULL : stderr);
			e = rundir_write(dir, id, "complete", rundir_names);
		}
		if (!e && !stop_signal) {
			report_run(dir, c.scenario, c.ov, c.nov, !c.no_plots, id,
				   c.quiet ? NULL : stderr);
			e = rundir_write(dir, id, "complete", rundir_names);
		}
		if (e) {
			fprintf(stderr, "offersim: error: %s/%s: %s\n", dir, RUNDIR_MANIFEST,
				strerror(-e));
			status = 1;
		}
		if (!c.quiet)
			printf("  results   %s/\n", dir);
	}
	if (stop_signal)
		status = 128 + stop_signal;
	scenario_release(&sc);
	cli_release(&c);
	return status;
}

static int dispatch(int argc, char **argv);

int main(int argc, char **argv)
{
	gsl_set_error_handler_off();
	install_signals();
	return check_stdout(dispatch(argc, argv));
}

static int dispatch(int argc, char **argv)
{
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
		diag_error(&d, "<command-line>", 1, grid_arg_col(argv, 1),
			   "unknown command '%s' (did you mean '%s'?)", cmd, s);
	else
		diag_error(&d, "<command-line>", 1, grid_arg_col(argv, 1),
			   "unknown command '%s'", cmd);
	grid_cli_try_help(NULL);
	return EXIT_INPUT;
}
