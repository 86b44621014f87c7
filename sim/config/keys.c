/*
 * keys.c - the table of scenario keys (keys.h), the walker that reads a
 * section's scalar keys from it, and the reference printed from it.
 *
 * Each section is an array of rows in the order its keys are listed in
 * messages ("valid keys: ..."); the walker reads them in that order.  A
 * row's default is what the scenario gets when the key is absent or its
 * value is wrong (the error is reported and reading goes on), so
 * struct scenario never holds an unset field.
 */
#include "keys.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "../../policies/registry.h"
#include "config.h"
#include "reader.h"

/* Row builders: st is the section's struct, f the field. */
#define K_NUM(k, st, f, b, d, doc_) \
	{.key = k, .type = CFG_T_NUM, .off = offsetof(st, f), .bound = b, \
	 .def = d, .doc = doc_}
#define K_INT(k, st, f, lo, hi, d, doc_) \
	{.key = k, .type = CFG_T_INT, .off = offsetof(st, f), \
	 .size = sizeof(((st *)0)->f), .imin = lo, .imax = hi, .def = d, \
	 .doc = doc_}
#define K_BOOL(k, st, f, d, doc_) \
	{.key = k, .type = CFG_T_BOOL, .off = offsetof(st, f), .def = d, \
	 .doc = doc_}
#define K_DOC(k, shape_, doc_) \
	{.key = k, .type = CFG_T_DOC, .shape = shape_, .doc = doc_}
#define K_REQ(k, shape_, doc_) \
	{.key = k, .type = CFG_T_DOC, .flags = CFG_REQUIRED, .shape = shape_, \
	 .doc = doc_}
#define K_HAND(k, shape_, def_, range_, doc_) \
	{.key = k, .type = CFG_T_DOC, .flags = CFG_HAND, .shape = shape_, \
	 .defdoc = def_, .rangedoc = range_, .doc = doc_}
#define SECTION(name, path_, doc_, rows) \
	const struct cfg_section name = {path_, doc_, rows, N_OF(rows)}

/* ------------------------------------------------------------------ */
/* The table                                                           */

static const struct cfg_key top_keys[] = {
	{.key = "name", .type = CFG_T_STR,
	 .off = offsetof(struct scenario, name),
	 .defdoc = "the file's base name",
	 .doc = "names the run; the default output directory is results/NAME"},
	K_HAND("seed", "integer", "1", "0..2^64-1",
	       "every random stream is seeded from it and its name"),
	K_NUM("horizon", struct scenario, horizon, CFG_NONNEG, 0,
	      "seconds of simulated time; 0 = run until all work is done"),
	K_BOOL("check", struct scenario, check, 0,
	       "run the invariant checker, as `run --check` does (exit 3 on a "
	       "violation)"),
	K_REQ("cluster", "mapping", "the agents"),
	K_DOC("master", "mapping", "the allocator and the offer cycle"),
	K_REQ("frameworks", "list", "the frameworks, each with its workload"),
	K_DOC("metrics", "mapping", "what the outputs record and keep"),
	{.key = "output", .type = CFG_T_STR,
	 .off = offsetof(struct scenario, output), .defdoc = "results/NAME",
	 .doc = "the output directory (relative to where offersim runs)"},
	K_DOC("roles", "mapping", "weights and quota per role name "
	      "(\"eng/web\" nests under \"eng\")"),
	K_DOC("events", "list", "a scripted timeline of operator and "
	      "framework actions"),
};
SECTION(cfg_sec_top, "", "The keys at the top of a scenario file.",
	top_keys);

static const struct cfg_key cluster_keys[] = {
	K_DOC("agents", "list", "agent groups (`cluster.agents[]`); required "
	      "unless from_trace is given"),
	K_DOC("from_trace", "mapping", "instead of agents, the machines of a "
	      "trace (`cluster.from_trace`)"),
};
SECTION(cfg_sec_cluster, "cluster", "The agents: groups of identical ones, "
	"or the machine table of a trace.", cluster_keys);

static const struct cfg_key agent_keys[] = {
	{.key = "name", .type = CFG_T_STR, .flags = CFG_REQUIRED,
	 .off = offsetof(struct agent_group, name),
	 .doc = "unique; with count > 1 the agents are NAME-0, NAME-1, ..."},
	K_INT("count", struct agent_group, count, 1, INT_MAX, 1,
	      "agents in the group"),
	K_REQ("resources", "mapping", "per agent, name: quantity (cpus, mem, "
	      "disk, gpus or any name), kept with three decimals"),
	K_DOC("attributes", "mapping", "name: value strings (rack, zone, ...) "
	      "for placement rules"),
	K_DOC("reserved", "mapping", "role: {resource: quantity}: part of "
	      "resources set aside for a role and its sub-roles"),
	K_BOOL("absent", struct agent_group, absent, 0,
	       "joins only with an add_agent event"),
	K_DOC("failures", "mapping", "when its agents fail and how long "
	      "repairs take (`cluster.agents[].failures`)"),
};
SECTION(cfg_sec_agents, "cluster.agents[]", "One group of identical agents.",
	agent_keys);

static const struct cfg_key failure_keys[] = {
	K_HAND("mtbf", "distribution", "none", "seconds",
	       "time to failure, drawn for each agent from the start and "
	       "again after each repair (stream failures/GROUP)"),
	K_HAND("mttr", "distribution", "required", "seconds",
	       "time to repair after each failure (stream repairs/GROUP)"),
	K_HAND("at", "list", "none", "seconds, ascending",
	       "times at which every agent of the group fails"),
};
SECTION(cfg_sec_failures, "cluster.agents[].failures", "Agent failures: a "
	"failed agent disconnects and is removed after the master's ping "
	"timeout (docs/allocator.md).", failure_keys);

static const struct cfg_key from_trace_keys[] = {
	K_HAND("trace", "path", "see description", "",
	       "the machine table, relative to the scenario (google2011: "
	       "also a trace directory holding machine_events/); for a "
	       "format whose header gives the machine, a framework's trace "
	       "of it"),
	K_HAND("format", "string", "required", "see docs/traces.md",
	       "the trace format of the machine table"),
	K_HAND("scale", "mapping", "the workload's", "",
	       "{cpus: C, mem: M}: capacities times these, for formats whose "
	       "tables are in relative units"),
	K_HAND("machines", "integer", "all", ">= 1",
	       "keep the first N machines (not when the header gives the "
	       "machine)"),
	K_HAND("nodes", "boolean", "false", "",
	       "when the header gives the machine: an agent per node rather "
	       "than one machine"),
	K_HAND("machine_events", "mapping", "none", "",
	       "{origin: S, repair: S}: one agent per machine, and the "
	       "table's failures replayed as fail_agent events at trace "
	       "second - origin, repaired after repair seconds (0: when the "
	       "table adds the machine again); alibaba2017, google2011 "
	       "(machine_events/)"),
};
SECTION(cfg_sec_from_trace, "cluster.from_trace", "Agent groups read from a "
	"trace's machine table (docs/traces.md).", from_trace_keys);

static const struct cfg_key master_keys[] = {
	{.key = "allocator", .type = CFG_T_POLICY,
	 .off = offsetof(struct scenario, allocator),
	 .pos_off = offsetof(struct scenario, allocator_pos) + 1,
	 .sdef = "drf", .policy = POLICY_ALLOCATOR,
	 .ref_off = offsetof(struct scenario, allocator_ref) + 1,
	 .rangedoc = "`offersim policies`, or a plug-in {so: FILE} / "
		     "{host: NAME}",
	 .doc = "who gets the next offer (docs/allocator.md, "
		"docs/plugins.md)"},
	K_DOC("allocator_options", "mapping", "options of the allocator, "
	      "name: value"),
	K_NUM("allocation_interval", struct scenario, allocation_interval,
	      CFG_NONNEG, 1, "seconds between allocation passes (Mesos 1); "
	      "0 = event-driven"),
	K_NUM("offer_timeout", struct scenario, offer_timeout, CFG_NONNEG, 0,
	      "rescind offers unanswered this long, seconds; 0 = never"),
	K_NUM("agent_ping_timeout", struct scenario, agent_ping_timeout,
	      CFG_POS, 15, "seconds between pings of an agent (Mesos 15)"),
	K_INT("max_agent_ping_timeouts", struct scenario,
	      max_agent_ping_timeouts, 1, 1000000, 5, "missed pings before a "
	      "disconnected agent is removed (Mesos 5)"),
	{.key = "agent_order", .type = CFG_T_CHOICE,
	 .off = offsetof(struct scenario, agent_order_id),
	 .choices = "shuffle|id", .def = 0,
	 .doc = "agents per pass: shuffled (Mesos) or by id"},
	K_DOC("min_allocatable_resources", "list", "resource maps; an offer "
	      "needs all of one (default [{cpus: 0.01}, {mem: 32}])"),
	K_BOOL("filter_gpu_resources", struct scenario, filter_gpu_resources, 1,
	       "agents with gpus are offered only to frameworks with "
	       "capabilities: [gpu_resources] (Mesos's default)"),
	K_DOC("fair_sharing_excluded_resource_names", "list", "resource names "
	      "left out of the sorters' shares, e.g. [gpus] (Mesos's flag; "
	      "default none)"),
};
SECTION(cfg_sec_master, "master", "The Mesos master: its allocator and the "
	"offer cycle.", master_keys);

static const struct cfg_key role_keys[] = {
	K_NUM("weight", struct role_spec, weight, CFG_POS, 1,
	      "the role's shares are divided by it"),
	K_DOC("quota", "mapping", "{guarantee: {...}, limit: {...}} "
	      "(`roles.NAME.quota`)"),
};
SECTION(cfg_sec_roles, "roles.NAME", "One role; roles only named by "
	"frameworks or reservations get weight 1 and no quota.", role_keys);

static const struct cfg_key quota_keys[] = {
	K_DOC("guarantee", "mapping", "resource: quantity the role is "
	      "guaranteed"),
	K_DOC("limit", "mapping", "resource: quantity the role may hold at "
	      "most"),
};
SECTION(cfg_sec_quota, "roles.NAME.quota", "A role's quota (also the "
	"set_quota event's keys).", quota_keys);

static const struct cfg_key framework_keys[] = {
	{.key = "name", .type = CFG_T_STR, .flags = CFG_REQUIRED,
	 .off = offsetof(struct framework_spec, name),
	 .doc = "unique; events and --set name it"},
	{.key = "role", .type = CFG_T_ROLE,
	 .off = offsetof(struct framework_spec, role), .sdef = "*",
	 .doc = "the role it registers in"},
	K_NUM("weight", struct framework_spec, weight, CFG_POS, 1,
	      "DRF divides its share by it (within its role)"),
	{.key = "policy", .type = CFG_T_POLICY,
	 .off = offsetof(struct framework_spec, policy),
	 .pos_off = offsetof(struct framework_spec, policy_pos) + 1,
	 .sdef = "fifo", .policy = POLICY_FRAMEWORK,
	 .ref_off = offsetof(struct framework_spec, policy_ref) + 1,
	 .rangedoc = "`offersim policies`, or a plug-in {so: FILE} / "
		     "{host: NAME}",
	 .doc = "which waiting task next (docs/policies.md, "
		"docs/plugins.md)"},
	K_DOC("policy_options", "mapping", "options of the policy, name: "
	      "value"),
	{.key = "placement", .type = CFG_T_POLICY,
	 .off = offsetof(struct framework_spec, placement),
	 .pos_off = offsetof(struct framework_spec, placement_pos) + 1,
	 .sdef = "first_fit", .policy = POLICY_PLACEMENT,
	 .rangedoc = "`offersim policies`",
	 .doc = "which offered agent a task goes to"},
	K_NUM("refuse_seconds", struct framework_spec, refuse_seconds,
	      CFG_NONNEG, 5, "decline filter, seconds (Mesos 5); 0 = none"),
	K_NUM("decision_time", struct framework_spec, decision_time,
	      CFG_NONNEG, 0, "seconds the framework takes to answer an offer"),
	K_INT("max_tasks_per_offer", struct framework_spec,
	      max_tasks_per_offer, 0, INT_MAX, 0,
	      "tasks launched per offer at most; 0 = no cap"),
	K_REQ("workload", "mapping", "where its jobs come from "
	      "(`frameworks[].workload`); none when scripted"),
	/* The choices in the order of enum gang_mode. */
	{.key = "gang", .type = CFG_T_CHOICE,
	 .off = offsetof(struct framework_spec, gang),
	 .choices = "none|hold|decline", .def = GANG_NONE,
	 .doc = "rigid jobs: hold offers until the whole job fits, or "
		"decline them"},
	K_BOOL("scripted", struct framework_spec, scripted, 0,
	       "holds offers and acts only through events (needs horizon)"),
	K_BOOL("hoard", struct framework_spec, hoard, 0,
	       "keeps offers it cannot use (only offer_timeout takes them)"),
	K_DOC("capabilities", "list", "Mesos framework capabilities; "
	      "gpu_resources: may be offered agents with gpus"),
	K_BOOL("absent", struct framework_spec, absent, 0,
	       "registers only with an add_framework event"),
	K_BOOL("suppress_idle", struct framework_spec, suppress_idle, 1,
	       "suppressed while nothing waits, revives when work comes; "
	       "false: declines while idle"),
	K_NUM("min_revive_interval", struct framework_spec,
	      min_revive_interval, CFG_NONNEG, 0,
	      "seconds between revives at least (Marathon 5); 0 = any"),
	/* The choices in the order of enum retry_mode. */
	{.key = "retry", .type = CFG_T_CHOICE,
	 .off = offsetof(struct framework_spec, retry),
	 .choices = "at_once|backoff|never", .def = RETRY_AT_ONCE,
	 .doc = "a lost or failed task runs again as a new attempt: at "
		"once, after a backoff, or never"},
	K_NUM("retry_backoff", struct framework_spec, retry_backoff, CFG_POS,
	      10, "retry: backoff waits this x 2^(attempt - 1) seconds"),
	K_INT("max_attempts", struct framework_spec, max_attempts, 0,
	      INT_MAX, 0, "attempts per task at most, then its job fails; "
	      "0 = no cap"),
	K_BOOL("partition_aware", struct framework_spec, partition_aware, 0,
	       "a removed agent's tasks end unreachable, not lost"),
	K_NUM("failover_timeout", struct framework_spec, failover_timeout,
	      CFG_NONNEG, 0, "seconds its tasks outlive a disconnect of its "
	      "scheduler (Mesos 0), then they are killed"),
	K_DOC("disconnects", "mapping", "{mtbf: DIST, mttr: DIST}: its "
	      "scheduler disconnects after mtbf and is back mttr later "
	      "(streams disconnects/NAME, reconnects/NAME)"),
	K_NUM("task_failure_rate", struct framework_spec, task_failure_rate,
	      CFG_NONNEG, 0, "failures per second of running (stream "
	      "task-failures/NAME); 0 = none"),
	K_DOC("task_failure_rates", "list", "per class: the rate of a task "
	      "of class k (trace scheduling class, or synthetic class index) "
	      "is item k, for the classes listed; task_failure_rate for "
	      "the others"),
};
SECTION(cfg_sec_frameworks, "frameworks[]", "One framework: its scheduler "
	"policy, its offer behaviour and its workload.", framework_keys);

static const struct cfg_key workload_keys[] = {
	K_HAND("trace", "path", "", "", "a trace file (or directory, for "
	       "formats that take one), relative to the scenario"),
	K_HAND("format", "string", "csv", "see docs/traces.md",
	       "the trace format (plain or .gz)"),
	K_INT("skip", struct workload_spec, skip, 0, LONG_MAX, 0,
	      "skip the first N jobs"),
	K_INT("limit", struct workload_spec, limit, 0, LONG_MAX, 0,
	      "then take N jobs; 0 = all"),
	K_DOC("synthetic", "mapping", "instead of a trace, a generator "
	      "(`frameworks[].workload.synthetic`)"),
	K_DOC("options", "mapping", "format-specific options, checked by "
	      "the reader (docs/traces.md)"),
	{.key = "lenient", .type = CFG_T_BOOL, .flags = CFG_TRACE_ONLY,
	 .off = offsetof(struct workload_spec, lenient), .def = 0,
	 .doc = "skip malformed trace lines, counted in summary.json"},
	K_HAND("start", "number", "", "|x| <= 9e12",
	       "keep records submitted at or after this, trace seconds"),
	K_HAND("end", "number", "", "> start",
	       "keep records submitted before this, trace seconds"),
	K_NUM("time_scale", struct workload_spec, time_scale, CFG_POS, 1,
	      "submit times times this (durations unchanged)"),
	K_NUM("duration_scale", struct workload_spec, duration_scale, CFG_POS,
	      1, "durations and estimates times this"),
	{.key = "load_scale", .type = CFG_T_NUM,
	 .off = offsetof(struct workload_spec, load_scale),
	 .pos_off = offsetof(struct workload_spec, load_pos) + 1,
	 .bound = CFG_POS, .def = 0, .defdoc = "off",
	 .doc = "the time scale that offers this load (0.8 = 80%); not with "
		"time_scale"},
	K_HAND("load_resource", "string", "the most loaded", "a resource",
	       "the resource load_scale measures"),
	K_DOC("filter", "mapping", "the records kept "
	      "(`frameworks[].workload.filter`)"),
	K_DOC("framework_by", "string or mapping", "one framework per part "
	      "(`frameworks[].workload.framework_by`)"),
};
SECTION(cfg_sec_workload, "frameworks[].workload", "A trace or a synthetic "
	"generator, then the transforms every source takes, in this order: "
	"filter, start/end, skip/limit, framework_by, duration_scale, "
	"time_scale or load_scale.", workload_keys);

static const struct cfg_key synth_keys[] = {
	{.key = "jobs", .type = CFG_T_INT, .flags = CFG_REQUIRED,
	 .off = offsetof(struct synth_spec, jobs),
	 .size = sizeof(((struct synth_spec *)0)->jobs), .imin = 1,
	 .imax = LONG_MAX, .def = 1, .doc = "jobs to generate"},
	K_REQ("arrival", "number, distribution or mapping",
	      "interarrival time in seconds, or an arrival process "
	      "(`...synthetic.arrival`)"),
	K_DOC("duration", "distribution", "task duration, seconds; required "
	      "unless every class gives one"),
	K_DOC("tasks_per_job", "distribution", "rounded, 1 to 1048576 "
	      "(default 1)"),
	K_DOC("resources", "mapping", "per task, resource: distribution "
	      "(absent resources are 0)"),
	K_NUM("start", struct synth_spec, start, CFG_NONNEG, 0,
	      "first arrival, seconds"),
	K_DOC("priority", "integer or distribution", "per job, rounded "
	      "(default 0)"),
	K_DOC("estimate", "mapping", "{factor: DISTRIBUTION}: the user's "
	      "estimate is the duration times a draw"),
	K_DOC("classes", "list", "job classes, each overriding the keys above "
	      "(`...synthetic.classes[]`)"),
};
SECTION(cfg_sec_synth, "frameworks[].workload.synthetic", "A generated "
	"workload (docs/workloads.md); a number is a constant distribution.",
	synth_keys);

static const struct cfg_key class_keys[] = {
	{.key = "name", .type = CFG_T_STR, .flags = CFG_REQUIRED,
	 .off = offsetof(struct synth_class, name),
	 .doc = "unique in the framework: letters, digits, '_', '-', '.'"},
	K_NUM("weight", struct synth_class, weight, CFG_POS, 1,
	      "how often its jobs come, against the other classes"),
	K_DOC("duration", "distribution", "as in synthetic"),
	K_DOC("tasks_per_job", "distribution", "as in synthetic"),
	K_DOC("resources", "mapping", "as in synthetic, merged name by name"),
	K_DOC("priority", "integer or distribution", "as in synthetic"),
	K_DOC("estimate", "mapping", "as in synthetic"),
};
SECTION(cfg_sec_class, "frameworks[].workload.synthetic.classes[]", "One job "
	"class; the keys it does not give come from the synthetic workload.",
	class_keys);

/* The arrival process's keys depend on the process: read by hand. */
static const struct cfg_key arrival_keys[] = {
	K_HAND("process", "string", "", "poisson, diurnal, bursty, fixed, "
	       "empirical", "the arrival process"),
	K_HAND("rate", "number", "", "> 0", "poisson: jobs per second; "
	       "diurnal: the mean rate over the period"),
	K_HAND("mean", "number", "", "> 0",
	       "poisson: seconds between jobs (instead of rate)"),
	K_HAND("amplitude", "number", "", "0..1",
	       "diurnal: of the sinusoid (or give profile)"),
	K_HAND("profile", "list", "", "numbers >= 0, one > 0",
	       "diurnal: relative rates of equal bins of the period"),
	K_HAND("period", "number", "86400", "> 0", "diurnal: seconds"),
	K_HAND("phase", "number", "0", "", "diurnal: seconds"),
	K_HAND("rates", "list", "", "2 numbers >= 0",
	       "bursty: jobs per second in each of the two states"),
	K_HAND("sojourn", "list", "", "2 numbers > 0",
	       "bursty: mean seconds in each state"),
	K_HAND("interval", "number", "", ">= 0",
	       "fixed: seconds between jobs"),
	K_HAND("file", "path", "", "", "empirical: a histogram of "
	       "interarrival times (rows of lower,upper,count)"),
};
SECTION(cfg_sec_arrival, "frameworks[].workload.synthetic.arrival", "An "
	"arrival process, {process: NAME, ...}; a number or {dist: ...} is an "
	"interarrival distribution instead.", arrival_keys);

static const struct cfg_key dist_keys[] = {
	K_HAND("dist", "string", "", "constant, uniform, exponential, "
	       "lognormal, pareto, weibull, gamma, normal, empirical",
	       "the distribution"),
	K_HAND("value", "number", "", ">= 0", "constant"),
	K_HAND("min, max", "number", "", ">= 0, min <= max", "uniform"),
	K_HAND("mean", "number", "", "> 0 (normal: >= 0)",
	       "exponential, normal"),
	K_HAND("mu, sigma", "number", "", "sigma > 0",
	       "lognormal, of the underlying normal"),
	K_HAND("shape, scale", "number", "", "> 0", "pareto (scale = the "
	       "minimum), weibull, gamma"),
	K_HAND("stddev", "number", "", "> 0", "normal, truncated at 0"),
	K_HAND("file", "path", "", "", "empirical: a histogram CSV"),
};
SECTION(cfg_sec_dist, "distributions", "Wherever a distribution is taken, "
	"a plain number is a constant; otherwise {dist: NAME, ...}.",
	dist_keys);

static const struct cfg_key estimate_keys[] = {
	K_HAND("factor", "distribution", "required", "",
	       "the estimate is the duration times a draw of it"),
};
SECTION(cfg_sec_estimate, "frameworks[].workload.synthetic.estimate", "The "
	"user's run-time estimate, for backfilling policies.", estimate_keys);

static const struct cfg_key filter_keys[] = {
	K_DOC("user", "scalar or list", "user ids or names as the trace "
	      "writes them"),
	K_DOC("priority", "scalar or list", "integers or ranges such as "
	      "2..8 (9.. and ..1 are open)"),
	K_DOC("class", "scalar or list", "integers or ranges"),
	K_DOC("framework", "scalar or list", "names of a csv trace's "
	      "framework column"),
};
SECTION(cfg_sec_filter, "frameworks[].workload.filter", "A record is kept "
	"when it matches every key given (within a key, any value).",
	filter_keys);

static const struct cfg_key split_keys[] = {
	K_HAND("key", "string", "required", "user, class, priority",
	       "what to split by (framework_by: KEY is short for {key: KEY})"),
	K_HAND("top", "integer", "4", "1..1000", "user: the top N users by "
	       "demand get a framework each, the rest one called other"),
	K_HAND("bands", "mapping", "", "", "class, priority: NAME: RANGE, "
	       "one framework per band (default: per value found)"),
};
SECTION(cfg_sec_split, "frameworks[].workload.framework_by", "The entry "
	"becomes one framework per part, named ENTRY/PART.", split_keys);

static const struct cfg_key event_keys[] = {
	{.key = "at", .type = CFG_T_NUM, .flags = CFG_REQUIRED,
	 .off = offsetof(struct sc_event, at), .bound = CFG_NONNEG, .def = 0,
	 .doc = "seconds of simulated time"},
	K_HAND("action", "string", "required", "add_agent, remove_agent, "
	       "add_framework, remove_framework, set_weight, set_quota, "
	       "suppress, revive, decline, accept, return, fail_agent, "
	       "repair_agent, disconnect_framework, reconnect_framework",
	       "what happens"),
	K_HAND("agent", "string", "", "", "add_agent, remove_agent, "
	       "decline, accept, return, fail_agent, repair_agent: an agent, "
	       "NAME or NAME-i"),
	K_HAND("framework", "string", "", "", "every framework action; "
	       "decline, accept, return need a scripted one"),
	K_HAND("role", "role name", "", "", "set_weight, set_quota"),
	K_HAND("weight", "number", "1", "> 0", "set_weight"),
	K_DOC("guarantee", "mapping", "set_quota: as in a role's quota"),
	K_DOC("limit", "mapping", "set_quota: as in a role's quota"),
	{.key = "refuse_seconds", .type = CFG_T_NUM,
	 .off = offsetof(struct sc_event, refuse_seconds),
	 .bound = CFG_NONNEG, .def = -1, .defdoc = "the framework's",
	 .doc = "decline: the filter's length"},
	K_DOC("resources", "mapping", "accept: one task's resources "
	      "(default: the whole offer)"),
	K_NUM("duration", struct sc_event, duration, CFG_NONNEG, 0,
	      "accept: the task's run time, seconds; 0 = forever; "
	      "fail_agent, disconnect_framework: back after it; 0 = at a "
	      "repair_agent, reconnect_framework"),
	K_BOOL("rescind", struct sc_event, rescind, 1,
	       "set_quota: rescind outstanding offers, agent by agent, until "
	       "they hold the guarantee (Mesos's quota handler); false sets "
	       "the quota alone, as Mesos's allocator tests do"),
};
SECTION(cfg_sec_events, "events[]", "One scripted action; events at one "
	"instant keep their file order (docs/allocator.md).", event_keys);

static const struct cfg_key metrics_keys[] = {
	K_NUM("sample_interval", struct scenario, sample_interval, CFG_POS, 10,
	      "deprecated: affects only summary.json's events count "
	      "(README, Outputs)"),
	K_INT("max_rows", struct scenario, max_rows, 0, LONG_MAX, 10000,
	      "rows per utilization.csv and shares.csv (0 or >= 4); past it "
	      "adjacent steps merge into their time-weighted mean; 0 = no "
	      "limit"),
	K_NUM("bounded_slowdown_threshold", struct scenario,
	      bounded_slowdown_threshold, CFG_POS, 10,
	      "tau of the bounded slowdown, seconds (tasks and jobs)"),
	/* false and true are indexes 0 and 1, the values they stand for;
	 * load_metrics resolves auto (2) for the cluster's size. */
	{.key = "offer_log", .type = CFG_T_CHOICE,
	 .off = offsetof(struct scenario, offer_log),
	 .choices = "false|true|auto", .def = 2,
	 .doc = "a row per offer in offers.csv; false keeps only the header; "
		"auto: rows on clusters of up to 1,000 agents"},
	K_INT("exact_percentiles", struct scenario, exact_percentiles, 0,
	      LONG_MAX, 65536, "values per figure kept for exact percentiles, "
	      "then a histogram within 0.78%; 0 = always exact"),
	{.key = "gantt_color", .type = CFG_T_CHOICE,
	 .off = offsetof(struct scenario, gantt_color),
	 .choices = "framework|job|priority", .def = GANTT_COLOR_FRAMEWORK,
	 .doc = "what a bar's colour in gantt.svg tells"},
	K_NUM("gantt_from", struct scenario, gantt_from, CFG_NONNEG, 0,
	      "gantt.svg and gantt.csv start here, seconds"),
	K_NUM("gantt_to", struct scenario, gantt_to, CFG_NONNEG, 0,
	      "gantt.svg and gantt.csv end here, seconds; 0 = the run's end"),
	K_BOOL("replay", struct scenario, replay, 1,
	       "write replay.html, the offline replay viewer"),
	K_NUM("replay_from", struct scenario, replay_from, CFG_NONNEG, 0,
	      "replay.html records from here, seconds"),
	K_NUM("replay_to", struct scenario, replay_to, CFG_NONNEG, 0,
	      "replay.html records up to here, seconds; 0 = the run's end"),
	K_INT("replay_max_events", struct scenario, replay_max_events, 1,
	      SC_REPLAY_MAX_EVENTS, 20000, "events replay.html records at most "
	      "(about 30 bytes each); past it the page ends at the last "
	      "instant that fits and says what it left out"),
};
SECTION(cfg_sec_metrics, "metrics", "What the outputs record and keep.",
	metrics_keys);

/* A choice is stored as an int; enum fields must be as wide. */
_Static_assert(sizeof(enum gang_mode) == sizeof(int),
	       "gang is read as an int choice");
_Static_assert(sizeof(enum gantt_color) == sizeof(int),
	       "gantt_color is read as an int choice");
_Static_assert(GANG_NONE == 0 && GANG_HOLD == 1 && GANG_DECLINE == 2,
	       "gang's choices are listed in enum order");

const struct cfg_section *const cfg_sections[] = {
	&cfg_sec_top, &cfg_sec_cluster, &cfg_sec_agents, &cfg_sec_failures,
	&cfg_sec_from_trace,
	&cfg_sec_master, &cfg_sec_roles, &cfg_sec_quota, &cfg_sec_frameworks,
	&cfg_sec_workload, &cfg_sec_synth, &cfg_sec_class, &cfg_sec_arrival,
	&cfg_sec_estimate, &cfg_sec_dist, &cfg_sec_filter, &cfg_sec_split,
	&cfg_sec_events, &cfg_sec_metrics,
};
const int cfg_nsections = N_OF(cfg_sections);

/* ------------------------------------------------------------------ */
/* The walker                                                          */

/* Index of s in "a|b|c", or -1. */
static int choice_index(const char *choices, const char *s)
{
	size_t n = strlen(s);
	int i = 0;
	for (const char *p = choices;; i++) {
		size_t k = strcspn(p, "|");
		if (k == n && !strncmp(p, s, n))
			return i;
		if (!p[k])
			return -1;
		p += k + 1;
	}
}

/* Choice i of "a|b|c" into buf. */
static const char *choice_name(const char *choices, int i, char *buf,
			       size_t size)
{
	const char *p = choices;
	for (; i > 0 && strchr(p, '|'); i--)
		p = strchr(p, '|') + 1;
	snprintf(buf, size, "%.*s", (int)strcspn(p, "|"), p);
	return buf;
}

/* "a|b|c" as "a, b or c". */
static const char *choice_list(const char *choices, char *buf, size_t size)
{
	size_t used = 0;
	int n = 1;
	for (const char *p = choices; *p; p++)
		n += *p == '|';
	buf[0] = '\0';
	for (int i = 0; i < n && used < size; i++) {
		char one[64];
		int w = snprintf(buf + used, size - used, "%s%s",
				 i == 0 ? "" : i == n - 1 ? " or " : ", ",
				 choice_name(choices, i, one, sizeof one));
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

static void read_one(struct cfg *c, const struct node *map,
		     const struct node *at, const struct cfg_key *k,
		     char *base)
{
	const struct node *v = map ? node_get(map, k->key) : NULL;
	void *f = base + k->off;
	if (k->pos_off)
		*(struct src_pos *)(void *)(base + k->pos_off - 1) =
			node_pos(v);
	switch (k->type) {
	case CFG_T_NUM: {
		double x;
		if (!v || !cfg_num_of(c, v, k->key, k->bound, &x))
			x = k->def;
		*(double *)f = x;
		break;
	}
	case CFG_T_INT: {
		long long x;
		if (!v || !cfg_int_of(c, v, k->key, k->imin, k->imax, &x))
			x = (long long)k->def;
		if (k->size == sizeof(int))
			*(int *)f = (int)x;
		else
			*(long *)f = (long)x;
		break;
	}
	case CFG_T_BOOL: {
		int x;
		if (!v || !cfg_bool_of(c, v, k->key, &x))
			x = (int)k->def;
		*(int *)f = x;
		break;
	}
	case CFG_T_STR:
	case CFG_T_ROLE: {
		const char *s = v ? cfg_str_of(c, v, k->key) : NULL;
		if (!s)
			s = k->sdef;
		*(char **)f = s ? cfg_strdup(c, s) : NULL;
		if (k->type == CFG_T_ROLE && v && *(char **)f)
			cfg_check_role_name(c, v, *(char **)f);
		break;
	}
	case CFG_T_CHOICE: {
		const char *s = v ? cfg_str_of(c, v, k->key) : NULL;
		int i = s ? choice_index(k->choices, s) : -1;
		char list[128];
		if (s && i < 0)
			cfg_err(c, v, "'%s' must be %s, got '%s'", k->key,
				choice_list(k->choices, list, sizeof list), s);
		*(int *)f = i >= 0 ? i : (int)k->def;
		break;
	}
	case CFG_T_POLICY: {
		struct src_pos pos;
		struct policy_ref *ref = k->ref_off
			? (struct policy_ref *)((char *)base + k->ref_off - 1)
			: NULL;
		*(char **)f = cfg_get_policy(c, map, at, k->key,
					     (enum policy_kind)k->policy,
					     k->sdef, &pos, ref);
		break;
	}
	case CFG_T_DOC:
		break;
	}
}

void cfg_read_keys(struct cfg *c, const struct node *map,
		   const struct node *at, const struct cfg_section *s,
		   void *base, unsigned skip)
{
	for (int i = 0; i < s->nkeys; i++) {
		const struct cfg_key *k = &s->keys[i];
		if (k->type == CFG_T_DOC || (k->flags & (CFG_HAND | skip)))
			continue;
		read_one(c, map, at, k, base);
	}
}

void cfg_check_section(struct cfg *c, const struct node *map,
		       const char *where, const struct cfg_section *s)
{
	const char *names[32];
	int n = 0;
	for (int i = 0; i < s->nkeys && n < N_OF(names); i++)
		names[n++] = s->keys[i].key;
	cfg_check_keys(c, map, where, names, n);
}

/* ------------------------------------------------------------------ */
/* The reference                                                       */

/* s with '|' escaped, as a Markdown table cell. */
static void cell(FILE *f, const char *s)
{
	fputs("| ", f);
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc(' ', f);
}

static const char *type_of(const struct cfg_key *k, char *buf, size_t size)
{
	char list[128];
	if (k->shape)
		return k->shape;
	switch (k->type) {
	case CFG_T_NUM: return "number";
	case CFG_T_INT: return "integer";
	case CFG_T_BOOL: return "boolean";
	case CFG_T_STR: return "string";
	case CFG_T_ROLE: return "role name";
	case CFG_T_POLICY:
		snprintf(buf, size, "%s name",
			 policy_kind_name((enum policy_kind)k->policy));
		return buf;
	case CFG_T_CHOICE:
		snprintf(buf, size, "%s",
			 choice_list(k->choices, list, sizeof list));
		return buf;
	case CFG_T_DOC: break;
	}
	return "";
}

static const char *default_of(const struct cfg_key *k, char *buf,
			      size_t size)
{
	if (k->defdoc)
		return k->defdoc;
	if (k->flags & CFG_REQUIRED)
		return "required";
	switch (k->type) {
	case CFG_T_NUM:
	case CFG_T_INT:
		snprintf(buf, size, "%g", k->def);
		return buf;
	case CFG_T_BOOL:
		return k->def ? "true" : "false";
	case CFG_T_STR:
	case CFG_T_ROLE:
	case CFG_T_POLICY:
		if (!k->sdef)
			return "";
		snprintf(buf, size, "`%s`", k->sdef);
		return buf;
	case CFG_T_CHOICE:
		choice_name(k->choices, (int)k->def, buf + 1, size - 2);
		buf[0] = '`';
		strcat(buf, "`");
		return buf;
	case CFG_T_DOC: break;
	}
	return "";
}

static const char *range_of(const struct cfg_key *k, char *buf, size_t size)
{
	if (k->rangedoc)
		return k->rangedoc;
	switch (k->type) {
	case CFG_T_NUM:
		return k->bound == CFG_POS ? "> 0" :
		       k->bound == CFG_NONNEG ? ">= 0" : "";
	case CFG_T_INT:
		if (k->imax == INT_MAX || k->imax == LONG_MAX)
			snprintf(buf, size, ">= %lld", k->imin);
		else
			snprintf(buf, size, "%lld..%lld", k->imin, k->imax);
		return buf;
	default:
		return "";
	}
}

int cfg_reference(FILE *f)
{
	fputs("Generated from the reader's own table by `offersim validate "
	      "--reference`.\nA key that is absent takes its default.  Numbers "
	      "are decimal (2, -0.5, 1e6);\nbooleans are `true` or `false`, in "
	      "scenario keys, policy options and format options alike.\n", f);
	for (int i = 0; i < cfg_nsections; i++) {
		const struct cfg_section *s = cfg_sections[i];
		if (*s->path)
			fprintf(f, "\n#### `%s`\n\n%s\n\n", s->path, s->doc);
		else
			fprintf(f, "\n#### Top level\n\n%s\n\n", s->doc);
		fputs("| Key | Type | Default | Range | Description |\n"
		      "| --- | --- | --- | --- | --- |\n", f);
		for (int j = 0; j < s->nkeys; j++) {
			const struct cfg_key *k = &s->keys[j];
			char key[64], t[160], d[64], r[64];
			snprintf(key, sizeof key, "`%s`", k->key);
			cell(f, key);
			cell(f, type_of(k, t, sizeof t));
			cell(f, default_of(k, d, sizeof d));
			cell(f, range_of(k, r, sizeof r));
			cell(f, k->doc);
			fputs("|\n", f);
		}
	}
	return ferror(f) ? -1 : 0;
}
