# offersim - top-level build.
#
#   make            build ./offersim (objects under build/)
#   make check      install missing packages (as root), build, run every test
#   make demo       install missing packages, build, run the seed example
#   make bench      engine and end-to-end benchmarks (not part of check);
#                   GOOGLE2011_DIR=DIR adds the Google 2011 cell (bench/run.sh)
#   make install PREFIX=/usr/local
#   make SANITIZE=address,undefined check
#   make WERROR=1   warnings are errors (CI)
#
# Dependencies come from pkg-config: gsl, yaml-0.1, zlib, and cunit for tests.

PREFIX  ?= /usr/local
CC      ?= cc
PKGS     = gsl yaml-0.1 zlib
BUILD   ?= build

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wformat=2 -Wvla
ifeq ($(WERROR),1)
WARN += -Werror
endif

OPT ?= -O2 -g
CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
	-DOFFERSIM_DATADIR='"$(PREFIX)/share/offersim"' \
	-DOFFERSIM_SRCDIR='"$(CURDIR)"' $(CFLAGS)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lgsl -lgslcblas -lyaml -lz) -lm $(LDLIBS)
ifneq ($(SANITIZE),)
CFLAGS_ALL += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
endif

LIB_SRC  = $(filter-out sim/cli/main.c,$(wildcard sim/*/*.c)) \
	   $(wildcard policies/*.c) $(wildcard workloads/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC = $(wildcard tests/*.c)
TEST_OBJ = $(TEST_SRC:%.c=$(BUILD)/%.o)
# bench/bench_NAME.c builds $(BUILD)/bench-NAME.
BENCH_SRC = $(wildcard bench/bench_*.c)
BENCH_BIN = $(BENCH_SRC:bench/bench_%.c=$(BUILD)/bench-%)

all: offersim

# A change of compiler, flags or sanitizers rebuilds everything: every
# object depends on a stamp file holding the flags it was built with, and
# the stamp is rewritten only when they differ (so an unchanged build stays
# a no-op).
FLAGS_NOW = $(CC) $(CFLAGS_ALL) $(LDFLAGS) $(LDLIBS_ALL)
$(BUILD)/flags.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(subst ','\'',$(FLAGS_NOW))' | cmp -s - $@ || echo '$(subst ','\'',$(FLAGS_NOW))' > $@
FORCE:

offersim: $(BUILD)/sim/cli/main.o $(BUILD)/liboffersim.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/liboffersim.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c $(BUILD)/flags.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/run-tests: $(TEST_OBJ) $(BUILD)/liboffersim.a
	$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs cunit 2>/dev/null || echo -lcunit) $(LDLIBS_ALL)

$(BUILD)/bench-%: bench/bench_%.c $(BUILD)/liboffersim.a $(BUILD)/flags.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS) -o $@ $(filter-out %.stamp,$^) $(LDLIBS_ALL)

deps:
	@sh scripts/install-deps

check: deps
	$(MAKE) offersim $(BUILD)/run-tests
	./$(BUILD)/run-tests

# The showcase: the seed example (results and plots), then the DRF and
# random allocators crossed with FIFO, SJF and SRTF on the same cluster
# over five seeds, with the table on stdout and a report to open.
demo: deps
	$(MAKE) offersim
	./offersim run examples/seed-hadoop.yaml -o results/seed-hadoop
	./offersim compare examples/seed-mapreduce.yaml \
		--vary master.allocator=drf,random \
		--vary frameworks.hadoop.policy=fifo,sjf,srtf --seeds 5 -o results/demo
	@echo
	@echo "open results/demo/report.html (the comparison) and results/seed-hadoop/report.html"

bench: deps
	$(MAKE) offersim $(BENCH_BIN)
	sh bench/run.sh $(BUILD)

install: offersim
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/offersim/plots
	install -m 755 offersim $(DESTDIR)$(PREFIX)/bin/offersim
	install -m 644 plots/*.gp $(DESTDIR)$(PREFIX)/share/offersim/plots/

clean:
	rm -rf $(BUILD) offersim

.PHONY: FORCE all deps check demo bench install clean
-include $(LIB_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BUILD)/sim/cli/main.d
