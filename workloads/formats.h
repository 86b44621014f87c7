/*
 * formats.h - the one table of trace formats: what each reader can do, for
 * everything that needs to know (the workload opener in source.c, the line
 * scanner of `offersim trace sample`, the machine tables of
 * `cluster: {from_trace: ...}`, the trace tools and the scenario reader).
 *
 * Each trace reader (csv.c, swf.c, google2011.c, alibaba2017.c,
 * alibaba_gpu2023.c) exports one `const struct wl_format wl_format_NAME`,
 * and formats.c lists them; nobody else compares format names.  A new
 * format is its file plus one line of that list (see docs/traces.md).
 * The synthetic generator is not a trace format and is not in the table.
 *
 * Each open function has wl_open()'s contract: it returns 0 and sets
 * *out, or a negative code after reporting through d.  The transforms
 * (filter, windows, the rebase to time 0, scales) are applied by
 * transform.c, not by the formats; a reader sets every field of struct
 * wl_task it knows, and user = -1 when its format has no users.
 */
#ifndef OFFERSIM_WL_FORMATS_H
#define OFFERSIM_WL_FORMATS_H

struct scenario;
struct workload_spec;
struct diag;
struct res_names;
struct wl_source;
struct wl_scan_format;      /* scanner.h: classify the lines of a file */
struct wl_machine_format;   /* machines.h: read a machine table */
struct wl_sniff;            /* below: the first lines of a file */

typedef int wl_open_fn(const struct scenario *sc, int fw, struct diag *d,
		       struct wl_source **out);

struct wl_format {
	const char *name;           /* `format:` of a workload, --format */
	const char *summary;        /* one line: what files it reads */
	/*
	 * The endings of its files' names (".swf"), NULL-terminated; each
	 * with ".gz" after it too.  An ending that one format alone claims
	 * tells the trace tools the format of a file given without
	 * --format; one that several claim (".csv") tells nothing.
	 */
	const char *const *exts;
	int takes_dir;              /* `trace:` may name a directory of
				       part files */
	int rebase;                 /* the clock starts at the first
				       delivered record (source.c) */
	int frameworks;             /* rows may name their framework, so
				       `filter: {framework: ...}` applies */
	/* The resources its records can demand, NULL-terminated ("cpus",
	 * "mem", ...), for tools that read a trace without a scenario. */
	const char *const *res;
	/*
	 * Optional: add to *rn the resources the file at path names itself
	 * (the native CSV header's resource columns).  Returns 0, or a
	 * negative code after reporting through d.  NULL: res is all.
	 */
	int (*file_res)(const char *path, struct res_names *rn,
			struct diag *d);
	wl_open_fn *open;           /* never NULL */
	/* `trace sample`'s line classifier; NULL: cannot be sampled. */
	const struct wl_scan_format *scan;
	/* The machine table `from_trace` reads; NULL: none. */
	const struct wl_machine_format *machines;
	/*
	 * Optional: 1 when the first lines of a file (struct wl_sniff) look
	 * like this format's, else 0.  Used only to suggest the right format
	 * after a trace failed to read in another one, so it may guess; it
	 * should claim its own files and few others'.  NULL: never claims.
	 */
	int (*sniff)(const struct wl_sniff *s);
};

/* The formats, in the table's order; i in [0, wl_format_count()). */
int wl_format_count(void);
const struct wl_format *wl_format_at(int i);

/* The format called name, or NULL. */
const struct wl_format *wl_format_find(const char *name);

/* The format of a workload that names none: the first row (csv). */
const struct wl_format *wl_format_default(void);

/* What wl_format_names() may ask of a format. */
enum {
	WL_FMT_SCAN = 1,            /* has a line scanner */
	WL_FMT_MACHINES = 2,        /* has a machine table */
	WL_FMT_MACHINE_HEADER = 4,  /* its machine is in the trace's header */
	WL_FMT_DIR = 8,             /* takes a directory */
};

/*
 * Fill names[0..max) with the names of the formats that have every
 * feature in need (0: all of them), in table order; returns how many.
 */
int wl_format_names(const char **names, int max, unsigned need);

/*
 * The names of wl_format_names(need) joined into buf ("a, b, c"; with
 * last between the last two when not NULL: "a, b or c"); returns buf.
 */
char *wl_format_list(char *buf, unsigned long size, unsigned need,
		     const char *last);

/*
 * The format a trace file is in, told by its name alone: the one format
 * that takes directories for a directory, else the one format claiming
 * the file name's ending; NULL when that is none or several.
 */
const struct wl_format *wl_format_detect(const char *path, int is_dir);

/*
 * The one format other than not whose sniff hook claims the file at path
 * (plain or gzip; a directory or an unreadable file: NULL), or NULL when
 * none or several do, or when not itself claims it.
 */
const struct wl_format *wl_format_sniff(const char *path,
					const struct wl_format *not);

/*
 * After the trace at path failed to read in format cur (before its first
 * record): a note on d naming the format its first lines look like
 * (wl_format_sniff), or nothing when there is no such format.
 */
void wl_format_note(const char *path, const struct wl_format *cur,
		    struct diag *d);

/* ---- private to workloads/ ----------------------------------------------- */

/* What a sniff hook sees: the first lines of the file that are not blank,
 * without their ends of line, each cut at WL_SNIFF_LEN - 1 bytes. */
#define WL_SNIFF_LINES 8
#define WL_SNIFF_LEN 512
struct wl_sniff {
	char line[WL_SNIFF_LINES][WL_SNIFF_LEN];
	int n;
};

/*
 * Field i of line, split at sep (at runs of spaces and tabs when sep is
 * 0), trimmed, into buf; 1 when the line has a field i, else 0.  The
 * number of fields: wl_sniff_fields().
 */
int wl_sniff_field(const char *line, char sep, int i, char *buf,
		   unsigned long size);
int wl_sniff_fields(const char *line, char sep);
/* Whether s is a decimal integer (an optional '-', then digits). */
int wl_sniff_is_int(const char *s);
/* Whether one of line's fields (split at sep) is name. */
int wl_sniff_has_field(const char *line, char sep, const char *name);

wl_open_fn wl_synth_open;   /* synth.c: the synthetic generator */

/*
 * source.c: open fw's reader (or generator) alone, without transforms;
 * *rebase is set to whether its format starts the clock at the first
 * record.
 */
int wl_open_format(const struct scenario *sc, int fw, struct diag *d,
		   struct wl_source **out, int *rebase);

/* source.c: wl_format_note() for the trace of workload wl, in the format
 * it names (or the default); nothing for a synthetic workload. */
void wl_workload_format_note(const struct workload_spec *wl, struct diag *d);

#endif
