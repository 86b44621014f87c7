#!/bin/sh
# bench/check.sh - `make bench-check` and `make bench-baseline`: count the
# instructions offersim executes on three small workloads and compare them
# with bench/baseline.txt.
#
#   sh bench/check.sh            fail when a count rises more than 20%
#                                above bench/baseline.txt
#   sh bench/check.sh --update   rewrite bench/baseline.txt
#
# Instruction counts (callgrind's total Ir) are stable on a noisy or shared
# machine, where wall and CPU time are not, so this is the check CI runs
# (see .ci/run); `make bench` is for the times.  The workloads are small
# enough for valgrind's slowdown (under a minute in all):
#   seed       examples/seed-hadoop.yaml, the demo
#   kth-easy   bench/kth.yaml on the 2000-job KTH slice in traces/, EASY
#   mmc        examples/mmc.yaml with 20,000 jobs: the M/M/9 queue
#   omega      bench/omega-day.yaml cut to its first 2,500 batch jobs:
#              10,000 agents, periodic passes, the offer log off, so
#              nearly every offer goes through the fast path that
#              settles certain declines (sim/model/surely.c), which the
#              three above, small clusters with the log on, never take
# each with its default metrics and outputs, --no-plots.
#
# The counts belong to one compiler and one set of flags (the Makefile's
# -O2 -g); after a compiler upgrade, or when the simulator got faster on
# purpose, refresh the baseline with `make bench-baseline` and commit it.
# A count falling is never a failure: the report shows it as a change.
# Needs valgrind; OFFERSIM names the binary (default ./offersim).

set -eu

cd "$(dirname "$0")/.."
bin=${OFFERSIM:-./offersim}
baseline=bench/baseline.txt
limit=20         # percent above the baseline that fails
update=0
[ "${1:-}" = --update ] && update=1

if ! command -v valgrind >/dev/null 2>&1; then
	echo "bench-check: valgrind is not installed (apt-get install valgrind)" >&2
	exit 2
fi
if [ ! -x "$bin" ]; then
	echo "bench-check: $bin is not built (make offersim)" >&2
	exit 2
fi

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/offersim-bench-check.XXXXXX")
trap 'rm -rf "$tmpdir"' EXIT INT TERM

# ir NAME SCENARIO [OPTION...]: callgrind's total instruction count.
ir() {
	name=$1
	shift
	if ! valgrind --tool=callgrind --callgrind-out-file="$tmpdir/$name.cg" \
		"$bin" run "$@" --no-plots --quiet -o "$tmpdir/$name.out" \
		>"$tmpdir/$name.log" 2>&1; then
		echo "bench-check: $name failed:" >&2
		cat "$tmpdir/$name.log" >&2
		exit 1
	fi
	sed -n 's/^totals: *\([0-9][0-9]*\).*/\1/p' "$tmpdir/$name.cg" | head -n 1
}

{
	echo "seed $(ir seed examples/seed-hadoop.yaml)"
	echo "kth-easy $(ir kth-easy bench/kth.yaml --set frameworks.batch.policy=easy)"
	echo "mmc $(ir mmc examples/mmc.yaml --set frameworks.queue.workload.synthetic.jobs=20000)"
	echo "omega $(ir omega bench/omega-day.yaml --set frameworks.batch.workload.synthetic.jobs=2500)"
} >"$tmpdir/now.txt"

if [ "$update" = 1 ]; then
	{
		echo "# bench/baseline.txt - instructions (callgrind Ir) per workload of"
		echo "# bench/check.sh, written by \`make bench-baseline\`; \`make bench-check\`"
		echo "# fails when a count rises more than $limit% above these."
		cat "$tmpdir/now.txt"
	} >"$baseline"
	cat "$tmpdir/now.txt"
	echo "bench-check: $baseline rewritten"
	exit 0
fi

if [ ! -f "$baseline" ]; then
	echo "bench-check: no $baseline; write it with make bench-baseline" >&2
	exit 2
fi

printf '%-10s %16s %16s %8s\n' workload baseline now change
status=0
while read -r name count; do
	base=$(awk -v n="$name" '$1 == n { print $2 }' "$baseline")
	if [ -z "$base" ]; then
		printf '%-10s %16s %16s %8s\n' "$name" - "$count" new
		continue
	fi
	verdict=$(awk -v a="$count" -v b="$base" -v l="$limit" 'BEGIN {
		ch = (a - b) * 100 / b
		printf "%+.1f%%%s", ch, (ch > l ? "  FAIL" : "") }')
	printf '%-10s %16s %16s %s\n' "$name" "$base" "$count" "$verdict"
	case $verdict in *FAIL) status=1 ;; esac
done <"$tmpdir/now.txt"
if [ "$status" != 0 ]; then
	echo "bench-check: instructions rose more than $limit% above $baseline" >&2
fi
exit "$status"
