/*
 * machines.h - a cluster taken from a trace (`cluster: {from_trace: ...}`):
 * the machine tables the public traces publish, read into groups of
 * identical agents for the scenario reader.  Which formats have one, and
 * how to read it, is their row of the format table (formats.h: the
 * machines member, read in the format's own file):
 *
 *   google2011       the machine capacity distribution: a CSV with a
 *                    header naming cpu, memory (normalized to the largest
 *                    machine) and number_of_machines; or a trace directory
 *                    holding machine_events/ (its part-* files): the
 *                    machines ADDed at time 0, and their events
 *   alibaba2017      server_event.csv: every machine with an `add` event,
 *                    with its cores and normalized memory
 *   alibaba_gpu2023  the node list (openb_node_list_*.csv): cpu_milli,
 *                    memory_mib, gpu and model per node
 *   swf              the header of an SWF log: MaxProcs (and MaxNodes)
 *
 * Machines of the same shape (after scaling and rounding to offersim's 3
 * decimals) form one group, in order of first appearance.  Files are
 * streamed; memory grows with the distinct shapes only, except for
 * alibaba2017 and Google's machine_events, whose events must be told
 * apart by machine id (one id per machine: a few thousand, 12,583 in the
 * Google cell).
 */
#ifndef OFFERSIM_WL_MACHINES_H
#define OFFERSIM_WL_MACHINES_H

#include "../sim/core/res.h"

struct diag;

struct wl_machine_group {
	char name[48];
	int count;
	resq_t res[RES_MAX];    /* indexed by the res_names given */
};

struct wl_machine_opts {
	const char *format;     /* a format with a machine table
				   (wl_format_names(WL_FMT_MACHINES)) */
	const char *path;
	double scale_cpus;      /* google2011: cpus per 1.0 of normalized cpu */
	double scale_mem;       /* google2011, alibaba2017: mem per 1.0 */
	long machines;          /* > 0: keep this many machines in all, in
				   the file's proportions; 0 = all */
	int nodes;              /* swf: MaxNodes agents of MaxProcs/MaxNodes
				   cpus, instead of one of MaxProcs */
	int per_machine;        /* one group per machine, named by its id,
				   and the table's machine events kept
				   (formats whose table has them) */
	struct wl_machine_stats *stats;  /* filled when not NULL, by the
				   readers that count (google2011's
				   machine_events) */
};

/*
 * What a reader of machine events met (`offersim trace info`, and the
 * warnings a run prints).  Counts of rows of the table; times are trace
 * seconds.  A reader that does not count leaves it zeroed with
 * counted = 0.
 */
struct wl_machine_stats {
	int counted;            /* 1: the reader filled this */
	long rows;              /* data rows read */
	long at_start;          /* machines added at time 0 with a capacity */
	long added;             /* machines first added after time 0 */
	long removes;           /* REMOVE events of known machines */
	long readds;            /* ADD events of a machine seen before */
	long updates;           /* UPDATE events */
	long cap_changes;       /* UPDATE or re-ADD with another capacity */
	long no_capacity;       /* machines left out: no capacity given */
	long unknown;           /* events of machines never added */
	long after_window;      /* events at 2^63 - 1 (after the trace) */
	double first, last;     /* the first and last event after time 0;
				   -1 when none */
};

/* A machine event of a table read per machine: when (trace seconds),
 * which machine (its group's index), what. */
enum wl_mevent_kind { WL_ME_ADD, WL_ME_FAIL, WL_ME_REMOVE };
struct wl_machine_event {
	double at;
	int group;
	int kind;
	long line;
};

/*
 * Read the machines of o->path.  The resources the format describes
 * (cpus, mem, gpus) are added to rn.  Returns the number of groups (>= 1)
 * and sets *out (free it), or a negative code after reporting through d
 * (FILE:LINE:COL for a bad line).
 */
int wl_machines_read(const struct wl_machine_opts *o, struct res_names *rn,
		     struct diag *d, struct wl_machine_group **out);
/* The same, and with o->per_machine the table's machine events in *ev
 * (free it; *nev of them, in file order; NULL and 0 when none). */
int wl_machines_read_events(const struct wl_machine_opts *o,
			    struct res_names *rn, struct diag *d,
			    struct wl_machine_group **out,
			    struct wl_machine_event **ev, int *nev);

struct wl_machine_groups;  /* machreader.h: the groups being built */
struct tr_file;

/* Which capacities `scale:` multiplies (struct wl_machine_format). */
enum {
	WL_MSCALE_CPUS = 1,
	WL_MSCALE_MEM = 2,
};

/*
 * A format's machine table (struct wl_format's machines), read by
 * wl_machines_read().
 */
struct wl_machine_format {
	/*
	 * Add the machines of o->path to gs (machreader.h), interning the
	 * resources they have in rn.  f is open on o->path, except for a
	 * from_header format, for which it only carries the path and the
	 * diag; the caller closes it.  Returns >= 0, or a negative code
	 * after reporting through f->d.
	 */
	int (*read)(const struct wl_machine_opts *o, struct tr_file *f,
		    struct res_names *rn, struct wl_machine_groups *gs);
	/* The capacities in normalized units, which `scale:` multiplies
	 * (by default by the workload's own scale option); 0: real units. */
	unsigned scale;
	/*
	 * The machine is described by the trace's own header (swf), not by
	 * a table: `trace:` defaults to the workload's trace, `machines:`
	 * does not apply and `nodes:` does.
	 */
	int from_header;
	/*
	 * o->path may be a directory (google2011: a trace directory holding
	 * machine_events/); then, as for from_header, f only carries the
	 * path and the diag, and the reader opens the files itself.
	 */
	int takes_dir;
};

/*
 * Scale counts c[0..n) to a total of want (> 0) by largest remainder:
 * each gets floor(c * want / total), and the units left go to the largest
 * fractional parts, earlier entries first on ties.  Exact and
 * deterministic; entries may drop to 0.
 */
void wl_apportion(int *c, int n, long want);

#endif
