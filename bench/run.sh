#!/bin/sh
# bench/run.sh - `make bench`: one table, a row per workload, each beside a
# baseline measured in the same run.  `sh bench/run.sh [BUILD]`.
#
# Columns: workload, events (from summary.json; hold operations for the
# engine rows), tasks, offers made, wall and CPU seconds (user + system,
# from BUILD/bench-rusage, or GNU time without it), peak RSS, events per
# CPU second, the baseline and the ratio against it:
#   engine hold N   BUILD/bench-evq: the event queue in the hold model (pop
#                   one, push it at now + Exp(1 s)) with N pending, against
#                   a plain binary heap of (time, id) in the same process;
#                   ratio = queue speed / heap speed (target: >= 1).
#   kth POLICY      bench/kth.yaml on the full KTH SP2 log (27,992 jobs,
#                   default metrics, outputs written, no plots) against
#                   BUILD/bench-easy, a minimal textbook EASY in C on the
#                   same log: ratio = offersim CPU / textbook CPU (the
#                   lower bound; target for EASY: <= 2), and offersim's
#                   wall time over the same (the textbook runs on one
#                   thread, so its CPU is its wall time; offersim's CPU
#                   also counts its helper threads, which take work off
#                   the simulation's).  The EASY row also
#                   checks that both give every job the same start time
#                   and prints "starts equal: yes/no".  "kth easy + plots"
#                   is the same EASY run drawing its PNGs (target: wall
#                   time <= 1 s); it needs gnuplot.
#   million         bench/million.yaml, 1,000,000 tasks on 100 agents.
#   google P, D/T   bench/google-cell.yaml, P parts of the Google 2011
#                   trace on its 12,583-agent cell; T = the file's tuned
#                   knobs, D = Mesos defaults (refuse 5 s, a revive per job).
#   omega day       bench/omega-day.yaml, 10,000 agents, 60,100 jobs, Mesos
#                   defaults.
#   tasks 10m       bench/tasks-10m.yaml, ten million tasks.
#
# Environment:
#   TRACES_DIR      a folder holding swf/KTH-SP2-1996-2.1-cln.swf.gz (the
#                   Parallel Workloads Archive log); without it the KTH rows
#                   are skipped with a note.
#   GOOGLE2011_DIR  a copy of Google's clusterdata-2011 (the folder holding
#                   task_events/part-*.csv.gz); without it the Google rows
#                   are skipped.  GOOGLE2011_PARTS (default "2 14").
#   BENCH_FULL=1    adds the long rows: omega day, tasks 10m and Google with
#                   default knobs (seconds to tens of seconds each on a
#                   2-core machine: tasks 10m is the longest, about 20 s).
#                   With BENCH_REPS=3 the whole table takes about 3 minutes.
#   BENCH_REPS=N    runs each end-to-end row N times and reports medians
#                   (default 1; the engine rows are one run of bench-evq).
#   BENCH_SCALE     scales bench-evq's work (e.g. 0.1 for a quick look).
#
# Outputs go to a temporary directory under TMPDIR (default /tmp), removed
# at the end.  Peak RSS and CPU come from BUILD/bench-rusage (built by
# make bench), or from GNU time (/usr/bin/time, Debian package "time",
# to the hundredth of a second) when it is not built; without either
# those columns show "-".  Numbers vary with
# the machine and its load; CPU time varies less than wall time, and
# `make bench-check` (instruction counts) is the stable regression check.

set -eu

build=${1:-build}
cd "$(dirname "$0")/.."

status=0
reps=${BENCH_REPS:-1}
tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/offersim-bench.XXXXXX")
trap 'rm -rf "$tmpdir"' EXIT INT TERM
notes="$tmpdir/notes"
: >"$notes"

# CPU and peak RSS come from BUILD/bench-rusage (the child's rusage, to
# the microsecond), else from GNU time (to the hundredth of a second).
have_time=0
if [ -x "$build/bench-rusage" ]; then
	have_time=2
elif [ -x /usr/bin/time ] && /usr/bin/time -f %e true >/dev/null 2>&1; then
	have_time=1
fi

# The median of the numbers on stdin ("-" when there are none).
median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) print "-"; else print v[int((NR + 1) / 2)] }'
}

# row NAME EVENTS TASKS OFFERS WALL CPU RSS_KB BASELINE RATIO
row() {
	awk -v n="$1" -v ev="$2" -v tk="$3" -v of="$4" -v w="$5" -v c="$6" \
	    -v rss="$7" -v base="$8" -v ratio="$9" 'BEGIN {
		eps = (ev != "-" && c != "-" && c > 0) ? sprintf("%.2fM", ev / c / 1e6) : "-"
		if (w != "-") w = sprintf(w < 1 ? "%.3f" : "%.2f", w)
		if (c != "-") c = sprintf(c < 1 ? "%.3f" : "%.2f", c)
		if (rss != "-") rss = sprintf("%.0f", rss / 1024)
		printf "%-20s %11s %10s %12s %8s %8s %7s %9s  %-22s %s\n",
			n, ev, tk, of, w, c, rss, eps, base, ratio
	}'
}

header() {
	printf "%-20s %11s %10s %12s %8s %8s %7s %9s  %-22s %s\n" \
		workload events tasks offers "wall s" "CPU s" "RSS MB" \
		"events/s" baseline ratio
}

# summary FILE KEY: the first integer after "KEY": in summary.json.
summary() {
	sed -n "s/.*\"$2\": *{*\"*[a-z]*\"*:* *\([0-9][0-9]*\).*/\1/p" "$1" \
		2>/dev/null | head -n 1
}

# sim ARGS...: ./offersim run ARGS, under bench-rusage or GNU time.
sim() {
	if [ "$have_time" = 2 ]; then
		"$build/bench-rusage" "$tmpdir/time.txt" ./offersim run "$@"
	elif [ "$have_time" = 1 ]; then
		/usr/bin/time -f "%U %S %M" -o "$tmpdir/time.txt" ./offersim run "$@"
	else
		./offersim run "$@"
	fi
}

# run_sim NAME BASELINE_CPU BASELINE_LABEL SCENARIO [OPTION...]: run the
# scenario BENCH_REPS times into $tmpdir/out, print its row.  The ratio
# is CPU, and wall time, over BASELINE_CPU when one is given.
run_sim() {
	name=$1 bcpu=$2 blabel=$3
	shift 3
	: >"$tmpdir/walls"
	: >"$tmpdir/cpus"
	: >"$tmpdir/rsss"
	i=0
	while [ "$i" -lt "$reps" ]; do
		rm -rf "$tmpdir/out"
		t0=$(date +%s.%N)
		# PNG is the default format; --plot-format png only restates it.
		plots=--no-plots
		[ "${with_plots:-0}" = 1 ] && plots=--quiet
		if ! sim "$@" -o "$tmpdir/out" "$plots" --quiet \
			2>"$tmpdir/stderr"; then
			echo "$name: offersim failed:" >&2
			cat "$tmpdir/stderr" >&2
			status=1
			return 0
		fi
		t1=$(date +%s.%N)
		echo "$t1 $t0" | awk '{ print $1 - $2 }' >>"$tmpdir/walls"
		if [ "$have_time" != 0 ]; then
			awk '{ print $1 + $2 }' "$tmpdir/time.txt" >>"$tmpdir/cpus"
			awk '{ print $3 }' "$tmpdir/time.txt" >>"$tmpdir/rsss"
		fi
		i=$((i + 1))
	done
	sum="$tmpdir/out/summary.json"
	ev=$(summary "$sum" events)
	tk=$(summary "$sum" submitted)
	of=$(summary "$sum" offers)
	w=$(median <"$tmpdir/walls")
	c=$(median <"$tmpdir/cpus")
	rss=$(median <"$tmpdir/rsss")
	ratio="-"
	if [ "$bcpu" != "-" ] && [ "$c" != "-" ]; then
		ratio=$(awk -v a="$c" -v w="$w" -v b="$bcpu" \
			'BEGIN { printf "%.1fx CPU, %.1fx wall", a / b, w / b }')
	fi
	row "$name" "${ev:--}" "${tk:--}" "${of:--}" "$w" "$c" "$rss" \
		"$blabel" "$ratio"
}

header

# ---- engine: the event queue against a plain heap ----------------------
if [ -x "$build/bench-evq" ]; then
	if "$build/bench-evq" ${BENCH_SCALE:+"$BENCH_SCALE"} >"$tmpdir/evq" 2>&1; then
		# lines: pending, queue Mev/s, heap Mev/s, operations
		awk '$1 ~ /^[0-9]+$/ { print $1, $2, $3, $4 }' "$tmpdir/evq" |
		while read -r pend mq mh ops; do
			cpu=$(awk -v o="$ops" -v m="$mq" 'BEGIN { print o / m / 1e6 }')
			ratio=$(awk -v a="$mq" -v b="$mh" 'BEGIN { printf "%.2fx speed", a / b }')
			row "engine hold $pend" "$ops" - - - "$cpu" - \
				"plain heap ${mh}M/s" "$ratio"
		done
	else
		cat "$tmpdir/evq" >&2
		echo "engine: bench-evq failed" >>"$notes"
		status=1
	fi
else
	echo "engine: $build/bench-evq is not built (make bench)" >>"$notes"
fi

if [ ! -x ./offersim ]; then
	echo "end to end: skipped, ./offersim is not built (make offersim)" >>"$notes"
	cat "$notes"
	exit 1
fi

# ---- KTH: offersim's batch policies against a textbook EASY ------------
kth=${TRACES_DIR:+$TRACES_DIR/swf/KTH-SP2-1996-2.1-cln.swf.gz}
if [ -z "$kth" ]; then
	echo "kth: skipped; set TRACES_DIR to the folder holding swf/KTH-SP2-1996-2.1-cln.swf.gz" >>"$notes"
elif [ ! -f "$kth" ]; then
	echo "kth: skipped; no $kth" >>"$notes"
elif [ ! -x "$build/bench-easy" ]; then
	echo "kth: skipped; $build/bench-easy is not built (make bench)" >>"$notes"
else
	base=$("$build/bench-easy" "$kth" 100 | sed -n 's/.*cpu=\([0-9.]*\).*/\1/p')
	for pol in fcfs easy conservative; do
		run_sim "kth $pol" "$base" "textbook EASY ${base}s" bench/kth.yaml \
			--set "frameworks.batch.policy=$pol" \
			--set "frameworks.batch.workload.trace=$kth"
		if [ "$pol" = easy ] && [ -f "$tmpdir/out/jobs.csv" ]; then
			eq=$("$build/bench-easy" "$kth" 100 "$tmpdir/out/jobs.csv" \
				2>"$tmpdir/easy.err" | sed -n 's/.*starts_equal=//p') || status=1
			echo "kth easy: starts equal: ${eq:-no} (offersim's EASY against the textbook EASY, every job)" >>"$notes"
			[ "$eq" = yes ] || { status=1; cat "$tmpdir/easy.err" >>"$notes"; }
		fi
	done
	# The same EASY run with its five PNGs drawn (gnuplot, two at a
	# time): the target is on wall time.
	if command -v gnuplot >/dev/null 2>&1; then
		with_plots=1 run_sim "kth easy + plots" "$base" "textbook EASY ${base}s" \
			bench/kth.yaml --set "frameworks.batch.policy=easy" \
			--set "frameworks.batch.workload.trace=$kth"
	else
		echo "kth easy + plots: skipped; no gnuplot" >>"$notes"
	fi
fi

# ---- synthetic ---------------------------------------------------------
run_sim "million" - - bench/million.yaml
if [ "${BENCH_FULL:-0}" = 1 ]; then
	run_sim "omega day" - - bench/omega-day.yaml
	run_sim "tasks 10m" - - bench/tasks-10m.yaml
else
	echo "omega day, tasks 10m: skipped; BENCH_FULL=1 runs them (about 2 s and 20 s)" >>"$notes"
fi

# ---- Google 2011 on its cell -------------------------------------------
gdir=${GOOGLE2011_DIR:-}
if [ -z "$gdir" ]; then
	echo "google: skipped; set GOOGLE2011_DIR to a copy of clusterdata-2011 (the folder holding task_events/)" >>"$notes"
elif [ ! -d "$gdir/task_events" ]; then
	echo "google: skipped; $gdir/task_events is not a directory" >>"$notes"
	status=1
else
	for n in ${GOOGLE2011_PARTS:-2 14}; do
		# The first n parts, linked into a directory of their own: the
		# reader takes a directory's part-* files in name order.
		parts="$tmpdir/parts-$n"
		mkdir "$parts"
		have=0
		for p in "$gdir"/task_events/part-*; do
			[ -f "$p" ] || continue
			[ "$have" -lt "$n" ] || break
			ln -s "$(cd "$(dirname "$p")" && pwd)/$(basename "$p")" "$parts/"
			have=$((have + 1))
		done
		if [ "$have" -lt "$n" ]; then
			echo "google $n: skipped; only $have part files in $gdir/task_events" >>"$notes"
			continue
		fi
		run_sim "google $n tuned" - - bench/google-cell.yaml \
			--set "frameworks.borg.workload.trace=$parts"
		if [ "${BENCH_FULL:-0}" = 1 ]; then
			# Mesos defaults: refuse 5 s, a revive for every job.
			run_sim "google $n defaults" - - bench/google-cell.yaml \
				--set "frameworks.borg.workload.trace=$parts" \
				--set frameworks.borg.refuse_seconds=5 \
				--set frameworks.borg.min_revive_interval=0
		else
			echo "google $n defaults: skipped; BENCH_FULL=1 runs it" >>"$notes"
		fi
	done
fi

if [ "$have_time" = 0 ]; then
	echo "CPU and RSS: unknown without bench-rusage or GNU time (apt-get install time)" >>"$notes"
fi
[ "$reps" = 1 ] || echo "end-to-end rows: medians of $reps runs" >>"$notes"
echo
cat "$notes"
exit "$status"
