#!/bin/sh
# python/tests/run.sh - the Python package's tests (unittest), run by
# `make check` against the tree's own build: PY names the interpreter
# (default python3), the first argument the build directory.
#
# Without python3 the tests are skipped, loudly; OFFERSIM_TEST_REQUIRE
# containing "python" (CI) makes that, and a missing pandas, a failure.
# Under a sanitizer build the instrumented library can only be loaded
# with its runtimes preloaded, so they are, with leak checking off (the
# interpreter itself keeps memory to the end).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
case "$build" in /*) ;; *) build="$top/$build" ;; esac
py=${PY:-python3}
if ! command -v "$py" >/dev/null 2>&1; then
	case "${OFFERSIM_TEST_REQUIRE:-}" in
	*python*) echo "python: $py not found" >&2; exit 1 ;;
	esac
	echo "python: SKIPPED the Python package's tests ($py not found; Debian: python3, python3-pandas)"
	exit 0
fi
OFFERSIM_LIB="$build/liboffersim.so"
OFFERSIM_BIN="$top/offersim"
PYTHONPATH="$top/python${PYTHONPATH:+:$PYTHONPATH}"
PYTHONDONTWRITEBYTECODE=1
export OFFERSIM_LIB OFFERSIM_BIN PYTHONPATH PYTHONDONTWRITEBYTECODE
if [ -n "${SANITIZE:-}" ]; then
	pre=""
	for rt in asan ubsan; do
		case "$SANITIZE" in
		*address*) [ $rt = asan ] && pre="$pre $(${CC:-cc} -print-file-name=libasan.so)" ;;
		esac
		case "$SANITIZE" in
		*undefined*) [ $rt = ubsan ] && pre="$pre $(${CC:-cc} -print-file-name=libubsan.so)" ;;
		esac
	done
	LD_PRELOAD="${pre# }"
	# Last, as the last setting of an option wins (CI sets detect_leaks=1).
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	export LD_PRELOAD ASAN_OPTIONS
fi
cd "$top"
exec "$py" -m unittest discover -s python/tests -t python/tests
