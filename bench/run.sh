#!/bin/sh
# bench/run.sh - run the benchmarks: `sh bench/run.sh [BUILD]` (make bench).
#
# Two levels, because they answer different questions:
#   1. micro: every BUILD/bench-* binary (today bench-evq, the event queue
#      in the hold model against a plain binary heap): is the engine's core
#      data structure fast, and what does its design cost?
#   2. end to end: ./offersim on bench/million.yaml (one million tasks),
#      reporting wall time, events per second and peak RSS: does the whole
#      simulator stay fast and small on a large run?
#
# Peak RSS comes from GNU time (/usr/bin/time, Debian package "time"); it
# is optional, and without it only wall time and events/s are reported.
# The end-to-end part is skipped, with a message, when ./offersim has not
# been built.  BENCH_SCALE (e.g. 0.1) scales the micro benchmarks' work.
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

t0=$(date +%s.%N)
# $timer is unquoted on purpose: empty, or the command and its options.
# shellcheck disable=SC2086
if ! $timer ./offersim run bench/million.yaml -o "$tmpdir/out" \
	--no-plots --quiet 2>"$tmpdir/stderr"; then
	echo "offersim failed:" >&2
	cat "$tmpdir/stderr" >&2
	exit 1
fi
t1=$(date +%s.%N)

events=$(sed -n 's/.*"events": *\([0-9][0-9]*\).*/\1/p' \
	"$tmpdir/out/summary.json" 2>/dev/null | head -n 1)
rss=""
if [ -f "$tmpdir/time.txt" ]; then
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' \
		"$tmpdir/time.txt")
fi

awk -v t0="$t0" -v t1="$t1" -v ev="${events:-}" -v rss="${rss:-}" 'BEGIN {
	wall = t1 - t0
	printf "wall time     %.2f s\n", wall
	if (ev != "")
		printf "events        %d (%.2f M events/s)\n", ev, ev / wall / 1e6
	else
		print "events        unknown (no \"events\" in summary.json)"
	if (rss != "")
		printf "peak RSS      %.1f MB\n", rss / 1024
	else
		print "peak RSS      unknown (install GNU time: apt-get install time)"
}'
exit "$status"
