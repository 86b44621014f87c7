#!/bin/sh
# bench/run.sh - run the benchmarks: `sh bench/run.sh [BUILD]` (make bench).
#
# Three levels, because they answer different questions:
#   1. micro: every BUILD/bench-* binary (today bench-evq, the event queue
#      in the hold model against a plain binary heap): is the engine's core
#      data structure fast, and what does its design cost?
#   2. end to end: ./offersim on bench/million.yaml (one million tasks),
#      reporting wall time, events per second and peak RSS: does the whole
#      simulator stay fast and small on a large run?
#   3. large cluster, optional: bench/google-cell.yaml, the Google cluster
#      trace of 2011 on its 12,583-agent cell, for 2 and for 14 parts of the
#      task_events table (GOOGLE2011_PARTS="2 14" by default).  It runs only
#      when GOOGLE2011_DIR names a copy of the trace (the directory holding
#      task_events/part-NNNNN-of-00500.csv.gz); the parts are not shipped.
#      Peak RSS for two part counts shows whether memory follows the trace's
#      length (it should not; see README.md, Speed).
#
# Peak RSS comes from GNU time (/usr/bin/time, Debian package "time"); it
# is optional, and without it only wall time and events/s are reported.
# The end-to-end parts are skipped, with a message, when ./offersim has not
# been built.  BENCH_SCALE (e.g. 0.1) scales the micro benchmarks' work.
# Outputs go to a temporary directory under TMPDIR (default /tmp), removed
# at the end; the runs keep no per-offer log (offer_log: false).
# Numbers vary with the machine and its load; compare runs on one machine.

set -eu

build=${1:-build}
cd "$(dirname "$0")/.."

status=0

echo "== micro benchmarks"
found=0
for b in "$build"/bench-*; do
	[ -x "$b" ] || continue
	found=1
	echo "-- $(basename "$b")"
	"$b" ${BENCH_SCALE:+"$BENCH_SCALE"} || status=1
done
if [ "$found" -eq 0 ]; then
	echo "no $build/bench-* binaries; build them with: make bench" >&2
	status=1
fi

echo
echo "== end to end: bench/million.yaml (1,000,000 tasks)"
if [ ! -x ./offersim ]; then
	echo "skipped: ./offersim is not built (make offersim)"
	exit "$status"
fi

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/offersim-bench.XXXXXX")
trap 'rm -rf "$tmpdir"' EXIT INT TERM

# GNU time writes its report to a file of its own (-o), so the
# simulator's stderr stays readable if the run fails.
timer=""
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
	timer="/usr/bin/time -v -o $tmpdir/time.txt"
fi

# run_case SCENARIO [OPTION...]: run it into $tmpdir/out and report wall
# time, events (and tasks and simulated time) from summary.json, peak RSS.
run_case() {
	rm -rf "$tmpdir/out" "$tmpdir/time.txt"
	t0=$(date +%s.%N)
	# $timer is unquoted on purpose: empty, or the command and its options.
	# shellcheck disable=SC2086
	if ! $timer ./offersim run "$@" -o "$tmpdir/out" \
		--no-plots --quiet 2>"$tmpdir/stderr"; then
		echo "offersim failed:" >&2
		cat "$tmpdir/stderr" >&2
		exit 1
	fi
	t1=$(date +%s.%N)

	sum="$tmpdir/out/summary.json"
	events=$(sed -n 's/.*"events": *\([0-9][0-9]*\).*/\1/p' "$sum" \
		2>/dev/null | head -n 1)
	tasks=$(sed -n 's/.*"submitted": *\([0-9][0-9]*\).*/\1/p' "$sum" \
		2>/dev/null | head -n 1)
	simt=$(sed -n 's/.*"sim_time": *\([0-9.][0-9.]*\).*/\1/p' "$sum" \
		2>/dev/null | head -n 1)
	rss=""
	if [ -f "$tmpdir/time.txt" ]; then
		rss=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' \
			"$tmpdir/time.txt")
	fi

	awk -v t0="$t0" -v t1="$t1" -v ev="${events:-}" -v rss="${rss:-}" \
	    -v tasks="${tasks:-}" -v simt="${simt:-}" 'BEGIN {
		wall = t1 - t0
		printf "wall time     %.2f s\n", wall
		if (ev != "")
			printf "events        %d (%.2f M events/s)\n", ev, ev / wall / 1e6
		else
			print "events        unknown (no \"events\" in summary.json)"
		if (tasks != "" && simt != "")
			printf "tasks         %d over %.0f s of simulated time\n", tasks, simt
		if (rss != "")
			printf "peak RSS      %.1f MB\n", rss / 1024
		else
			print "peak RSS      unknown (install GNU time: apt-get install time)"
	}'
}

run_case bench/million.yaml

echo
echo "== large cluster: bench/google-cell.yaml (Google 2011, 12,583 agents)"
gdir=${GOOGLE2011_DIR:-}
if [ -z "$gdir" ]; then
	echo "skipped: set GOOGLE2011_DIR to a copy of Google's clusterdata-2011"
	echo "(the directory that holds task_events/part-*.csv.gz)"
	exit "$status"
fi
if [ ! -d "$gdir/task_events" ]; then
	echo "skipped: $gdir/task_events is not a directory" >&2
	exit 1
fi
for n in ${GOOGLE2011_PARTS:-2 14}; do
	# The first n parts, linked into a directory of their own: the reader
	# takes a directory's part-* files in name order as one stream.
	parts="$tmpdir/parts-$n"
	mkdir "$parts"
	have=0
	for p in "$gdir"/task_events/part-*; do
		[ -f "$p" ] || continue
		[ "$have" -lt "$n" ] || break
		ln -s "$(cd "$(dirname "$p")" && pwd)/$(basename "$p")" "$parts/"
		have=$((have + 1))
	done
	echo "-- $n parts of task_events"
	if [ "$have" -lt "$n" ]; then
		echo "skipped: only $have part files in $gdir/task_events"
		continue
	fi
	run_case bench/google-cell.yaml \
		--set "frameworks.borg.workload.trace=$parts"
done
exit "$status"
