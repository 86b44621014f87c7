/*
 * sweep.h - `offersim sweep`: capacity planning.  Finds the smallest
 * integer value of one scenario key (an agent count, say) whose latency
 * SLOs all hold, by bisection over a range or over listed values, each
 * probe run with several seeds so that "holds" can mean "holds at the
 * pessimistic end of the 95% confidence interval".  A grid of listed
 * values can be emitted for GNU parallel or Slurm instead of run, and
 * finished by `offersim merge` (sweep_merge).
 */
#ifndef OFFERSIM_SWEEP_H
#define OFFERSIM_SWEEP_H

struct grid;

/* The subcommand; argv[1] is "sweep".  Returns the exit status: 0 found,
 * 1 a run failed or no probed value meets the SLOs, 2 bad input. */
int sweep_main(int argc, char **argv);

/*
 * `offersim merge` of the runs of a --values sweep (g was loaded from
 * their config.txt files, which record the SLOs): the same sweep.csv,
 * plots, report.html and printed answer as the sweep itself, into
 * outdir; plots is a PLOT_* mask (plot.h), 0 for none.  Returns the exit
 * status, as sweep_main's.
 */
int sweep_merge(const struct grid *g, const char *outdir, int plots, int quiet);

#endif
