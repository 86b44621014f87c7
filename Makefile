# offersim - top-level build.
#
#   make            build ./offersim (objects under build/)
#   make check      install missing packages (as root), build, run every test,
#                   check-headers and check-includes
#   make check-headers   every header compiles on its own (-Werror)
#   make check-includes  the rooms' include rules (scripts/check-includes)
#   make demo       install missing packages, build, run the seed example
#   make bench      the benchmark table, each row against an in-run baseline
#                   (not part of check); TRACES_DIR, GOOGLE2011_DIR and
#                   BENCH_FULL=1 add rows (bench/run.sh)
#   make bench-python     the cost of Python over C (bench/python.py)
#   make bench-check      instruction counts (callgrind) on three small runs,
#                   failing 20% above bench/baseline.txt (bench/check.sh);
#                   make bench-baseline rewrites that file
#   make fuzz       build the libFuzzer harnesses of fuzz/ with clang and run
#                   each for FUZZ_SECONDS (default 60; see fuzz/README.md)
#   make install PREFIX=/usr/local    (PYTHON=1: the Python package too,
#                   under PYTHONDIR, default $(PREFIX)/lib/python3/dist-packages)
#   make python     the Python package with its library, importable from
#                   build/python (PYTHONPATH=build/python)
#   make check-python    the Python package's tests (PY=python3)
#   make reference  rewrite README.md's scenario reference from the key table
#   make SANITIZE=address,undefined check
#   make WERROR=1   warnings are errors (CI)
#
# Dependencies come from pkg-config: gsl, yaml-0.1, zlib (gzip output),
# libisal (gzip input: ISA-L inflates several times faster than zlib), and
# cunit for tests.

PREFIX  ?= /usr/local
CC      ?= cc
PKGS     = gsl yaml-0.1 zlib libisal
BUILD   ?= build
PY      ?= python3
PYTHONDIR ?= $(PREFIX)/lib/python3/dist-packages
PY_SRC   = $(wildcard python/offersim/*.py)

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wformat=2 -Wvla
ifeq ($(WERROR),1)
WARN += -Werror
endif

OPT ?= -O2 -g
# -fPIC: the same objects make liboffersim.a and liboffersim.so.
CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -pthread -fPIC $(OPT) $(WARN) \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lgsl -lgslcblas -lyaml -lz -lisal) -lm -ldl -pthread $(LDLIBS)
ifneq ($(SANITIZE),)
CFLAGS_ALL += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
endif

LIB_SRC  = $(filter-out sim/cli/main.c,$(wildcard sim/*/*.c)) \
	   $(wildcard policies/*.c) $(wildcard workloads/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC = $(wildcard tests/*.c)
# The tests' batch reference reads SWF logs through the loader it shares
# with bench-easy (bench/swf_jobs.h).
TEST_OBJ = $(TEST_SRC:%.c=$(BUILD)/%.o) $(BUILD)/bench/swf_jobs.o
# bench/bench_NAME.c builds $(BUILD)/bench-NAME.
BENCH_SRC = $(wildcard bench/bench_*.c)
BENCH_BIN = $(BENCH_SRC:bench/bench_%.c=$(BUILD)/bench-%)

all: offersim $(BUILD)/liboffersim.so $(BUILD)/offersim.pc

# A change of compiler, flags or sanitizers rebuilds everything: every
# object depends on a stamp file holding the flags it was built with, and
# the stamp is rewritten only when they differ (so an unchanged build stays
# a no-op).
FLAGS_NOW = $(CC) $(CFLAGS_ALL) $(LDFLAGS) $(LDLIBS_ALL)
$(BUILD)/flags.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(subst ','\'',$(FLAGS_NOW))' | cmp -s - $@ || echo '$(subst ','\'',$(FLAGS_NOW))' > $@
FORCE:

# Where plot scripts are looked for after the binary's own prefix: only
# sim/cli/plot.c reads these, so only it is rebuilt when PREFIX changes
# (an install into another prefix used to rebuild every object, twice).
PATH_DEFS = -DOFFERSIM_DATADIR='"$(PREFIX)/share/offersim"' \
	-DOFFERSIM_SRCDIR='"$(CURDIR)"'
$(BUILD)/path.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(subst ','\'',$(PATH_DEFS))' | cmp -s - $@ || echo '$(subst ','\'',$(PATH_DEFS))' > $@
$(BUILD)/sim/cli/plot.o: CFLAGS_ALL += $(PATH_DEFS)
$(BUILD)/sim/cli/plot.o: $(BUILD)/path.stamp

offersim: $(BUILD)/sim/cli/main.o $(BUILD)/liboffersim.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/liboffersim.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/liboffersim.so: $(LIB_OBJ)
	$(CC) $(LDFLAGS) -shared -Wl,-soname,liboffersim.so.1 -o $@ $^ $(LDLIBS_ALL)

# The pkg-config file, with the prefix it is installed under.
$(BUILD)/offersim.pc: offersim.pc.in $(BUILD)/flags.stamp $(BUILD)/path.stamp
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@PKGS@|$(PKGS)|' offersim.pc.in > $@

# The replay viewer's script and style, embedded as C strings (scripts/embed)
# in a header only replay.c includes.
REPLAY_ASSETS = sim/model/replay.js sim/model/replay.css
$(BUILD)/gen/replay_assets.h: $(REPLAY_ASSETS) scripts/embed
	@mkdir -p $(dir $@)
	sh scripts/embed $@ replay_js=sim/model/replay.js replay_css=sim/model/replay.css
$(BUILD)/sim/model/replay.o: $(BUILD)/gen/replay_assets.h
$(BUILD)/sim/model/replay.o: CFLAGS_ALL += -iquote $(BUILD)/gen

$(BUILD)/%.o: %.c $(BUILD)/flags.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

# Plug-ins (include/offersim_policy.h): the example of examples/policies/
# and the test plug-ins of tests/plugins/, as shared objects under
# $(BUILD)/plugins/ for tests/test_plugin.c.
PLUGIN_SO = $(BUILD)/plugins/ljf.so \
	$(patsubst tests/plugins/%.c,$(BUILD)/plugins/%.so,$(wildcard tests/plugins/*.c))

$(BUILD)/run-tests: $(TEST_OBJ) $(BUILD)/liboffersim.a | $(PLUGIN_SO)
	$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs cunit 2>/dev/null || echo -lcunit) $(LDLIBS_ALL)

PLUGIN_CC = $(CC) $(CFLAGS_ALL) -shared $(LDFLAGS) -o $@ $<

plugins: $(PLUGIN_SO)

$(BUILD)/plugins/ljf.so: examples/policies/ljf.c include/offersim_policy.h $(BUILD)/flags.stamp
	@mkdir -p $(dir $@)
	$(PLUGIN_CC) -Iinclude
$(BUILD)/plugins/%.so: tests/plugins/%.c include/offersim_policy.h $(BUILD)/flags.stamp
	@mkdir -p $(dir $@)
	$(PLUGIN_CC)

$(BUILD)/bench-%: bench/bench_%.c $(BUILD)/liboffersim.a $(BUILD)/flags.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS) -o $@ $(filter-out %.stamp %.h,$^) $(LDLIBS_ALL)

$(BUILD)/bench-easy: bench/swf_jobs.c bench/swf_jobs.h

deps:
	@sh scripts/install-deps

check: deps
	$(MAKE) offersim $(BUILD)/run-tests $(BUILD)/liboffersim.so check-headers
	sh scripts/check-includes
	OFFERSIM_CHECK=1 OFFERSIM_TEST_PLUGINS=$(BUILD)/plugins ./$(BUILD)/run-tests
	OFFERSIM_CHECK=1 SANITIZE="$(SANITIZE)" CC="$(CC)" PY="$(PY)" sh python/tests/run.sh $(BUILD)
	+OFFERSIM_CHECK=1 SANITIZE="$(SANITIZE)" sh scripts/doc-test
	+SANITIZE="$(SANITIZE)" CC="$(CC)" sh tests/install/check.sh

# Every header compiles alone: a .c including it, compiled with the
# project's warnings as errors, so no header leans on what its users
# happened to include first.  The typedef keeps a header of macros only
# from being an empty translation unit (an error under -Wpedantic).  A stamp per header (with its dependencies
# from -MMD) keeps a second run to the headers that changed.
HEADERS = $(wildcard sim/*/*.h policies/*.h workloads/*.h tests/*.h include/*.h)
HEADER_OK = $(HEADERS:%.h=$(BUILD)/headers/%.ok)

check-headers: $(HEADER_OK)

$(BUILD)/headers/%.ok: %.h $(BUILD)/flags.stamp
	@mkdir -p $(dir $@)
	@printf '#include "%s"\ntypedef int header_alone;\n' '$<' > $(@:.ok=.c)
	$(CC) $(CFLAGS_ALL) -Werror -iquote . -fsyntax-only -MMD -MP \
		-MT $@ -MF $(@:.ok=.d) $(@:.ok=.c)
	@touch $@

check-includes:
	sh scripts/check-includes

# The showcase: the seed example (results and plots), then the DRF and
# random allocators crossed with FIFO, SJF and SRTF on the same cluster
# over five seeds, with the table on stdout and a report to open.
demo: deps
	$(MAKE) offersim
	./offersim run examples/seed-hadoop.yaml -o results/seed-hadoop
	./offersim compare examples/seed-mapreduce.yaml \
		--vary master.allocator=drf,random \
		--vary frameworks.hadoop.policy=fifo,sjf,srtf --seeds 5 --resume -o results/demo
	@echo
	@echo "open results/demo/report.html (the comparison) and results/seed-hadoop/report.html"

bench: deps
	$(MAKE) offersim $(BENCH_BIN)
	sh bench/run.sh $(BUILD)

# What Python costs over the C library: the KTH replay through the CLI,
# the Python API, a Python policy and the environment (bench/python.py;
# TRACES_DIR adds the full KTH log).
bench-python: offersim $(BUILD)/liboffersim.so
	OFFERSIM_LIB=$(BUILD)/liboffersim.so $(PY) bench/python.py

bench-check: offersim
	sh bench/check.sh

bench-baseline: offersim
	sh bench/check.sh --update

# Fuzzing (fuzz/README.md): the library is rebuilt with clang, libFuzzer's
# coverage and ASan/UBSan under $(FUZZ_BUILD), one harness per target; the
# trace harness is compiled once per format, plain and gzip.  The seed
# corpora are made from examples/, tests/ and traces/ by scripts/fuzz-corpus
# and are never committed.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_BUILD   ?= $(BUILD)/fuzz
FUZZ_FORMATS  = csv swf google2011 alibaba2017 alibaba_gpu2023
FUZZ_TARGETS  = scenario json timeline \
	$(foreach f,$(FUZZ_FORMATS),trace-$(f) trace-$(f)-gz)
FUZZ_BINS     = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz-%)
FUZZ_FLAGS    = -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

fuzz: offersim
	$(MAKE) fuzz-build
	sh scripts/fuzz-run $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The library under the fuzzer's instrumentation, in its own build tree
# (its flags stamp keeps it apart from the ordinary build's).
fuzz-build:
	$(MAKE) BUILD=$(FUZZ_BUILD) FUZZ_BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
		SANITIZE=address,undefined \
		CFLAGS='-fsanitize=fuzzer-no-link $(CFLAGS)' fuzz-bins

fuzz-bins: $(FUZZ_BINS)

FUZZ_DEPS = fuzz/common.c fuzz/common.h $(FUZZ_BUILD)/liboffersim.a
FUZZ_LINK = $(FUZZ_CC) $(CFLAGS_ALL) $(FUZZ_FLAGS) -o $@ $(filter %.c,$^) \
	$(FUZZ_BUILD)/liboffersim.a $(LDLIBS_ALL)

$(FUZZ_BUILD)/fuzz-scenario: fuzz/fuzz_scenario.c $(FUZZ_DEPS)
	$(FUZZ_LINK)
$(FUZZ_BUILD)/fuzz-json: fuzz/fuzz_json.c $(FUZZ_DEPS)
	$(FUZZ_LINK)
$(FUZZ_BUILD)/fuzz-timeline: fuzz/fuzz_timeline.c $(FUZZ_DEPS)
	$(FUZZ_LINK)
$(FUZZ_BUILD)/fuzz-trace-%-gz: fuzz/fuzz_trace.c $(FUZZ_DEPS)
	$(FUZZ_LINK) -DFZ_FORMAT='"$*"' -DFZ_GZIP=1
$(FUZZ_BUILD)/fuzz-trace-%: fuzz/fuzz_trace.c $(FUZZ_DEPS)
	$(FUZZ_LINK) -DFZ_FORMAT='"$*"'

# README.md's generated region is what `offersim validate --reference`
# prints (a test in the config suite fails when the two differ).
REF_BEGIN = <!-- begin: generated by offersim validate --reference (make reference) -->
REF_END = <!-- end: generated -->
reference: offersim
	./offersim validate --reference > $(BUILD)/reference.md
	awk -v gen=$(BUILD)/reference.md -v b='$(REF_BEGIN)' -v e='$(REF_END)' \
		'$$0 == b { print; while ((getline l < gen) > 0) print l; skip = 1; next } \
		 $$0 == e { skip = 0 } !skip' README.md > $(BUILD)/README.md.new
	mv $(BUILD)/README.md.new README.md

# The binary finds its plot scripts beside itself (../share/offersim/plots
# from bin/), so an install under any PREFIX works whatever prefix the
# objects were compiled with.
install: offersim $(BUILD)/liboffersim.so $(BUILD)/offersim.pc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/offersim/plots \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include \
		$(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/doc/offersim \
		$(DESTDIR)$(PREFIX)/share/offersim/examples
	install -m 755 offersim $(DESTDIR)$(PREFIX)/bin/offersim
	install -m 644 plots/*.gp $(DESTDIR)$(PREFIX)/share/offersim/plots/
	install -m 644 $(BUILD)/liboffersim.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(BUILD)/liboffersim.so $(DESTDIR)$(PREFIX)/lib/liboffersim.so.1
	ln -sf liboffersim.so.1 $(DESTDIR)$(PREFIX)/lib/liboffersim.so
	install -m 644 $(BUILD)/offersim.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/
	install -m 644 include/offersim.h include/offersim_policy.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 man/offersim.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 README.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/offersim/
	install -m 644 examples/*.yaml $(DESTDIR)$(PREFIX)/share/offersim/examples/
	install -d $(DESTDIR)$(PREFIX)/share/offersim/examples/policies
	install -m 644 examples/policies/ljf.c examples/policies/ljf.yaml \
		examples/policies/ljf-jobs.csv examples/policies/Makefile \
		$(DESTDIR)$(PREFIX)/share/offersim/examples/policies/
ifeq ($(PYTHON),1)
	install -d $(DESTDIR)$(PYTHONDIR)/offersim
	install -m 644 $(PY_SRC) $(DESTDIR)$(PYTHONDIR)/offersim/
endif

# The Python package beside its library, so that PYTHONPATH=build/python
# is all an interpreter needs (the package looks for liboffersim.so in its
# own directory first).
python: $(BUILD)/liboffersim.so $(PY_SRC)
	rm -rf $(BUILD)/python
	install -d $(BUILD)/python/offersim
	install -m 644 $(PY_SRC) $(BUILD)/python/offersim/
	install -m 755 $(BUILD)/liboffersim.so $(BUILD)/python/offersim/

check-python: offersim $(BUILD)/liboffersim.so
	SANITIZE="$(SANITIZE)" CC="$(CC)" PY="$(PY)" sh python/tests/run.sh $(BUILD)

# Install into a temporary prefix and use it from outside the tree.
check-install:
	+SANITIZE="$(SANITIZE)" CC="$(CC)" sh tests/install/check.sh

clean:
	rm -rf $(BUILD) offersim

.PHONY: FORCE all plugins deps check check-headers check-includes check-install python check-python demo bench bench-python bench-check bench-baseline fuzz fuzz-build fuzz-bins reference install \
	clean
-include $(LIB_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BUILD)/sim/cli/main.d \
	$(HEADER_OK:.ok=.d)
