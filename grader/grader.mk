# grader/: the autograder, one hosted C program: build/grader. `make grade [LAB=N]` runs it.
# Its logic files are also linked into the unit tests tests/unit/test_grader_*.c.
GRADER_SRCS := $(filter-out grader/main.c,$(wildcard grader/*.c)) $(wildcard grader/labs/*.c)
GRADER_OBJS := $(patsubst %.c,$(B)/host/%.o,$(GRADER_SRCS)) \
	$(B)/host/lib/error.o $(patsubst %,$(B)/host/scripts/mkimage/%.o,msg header fileio image elfcheck)
GRADER      := $(B)/grader
GRADER_LIBS := -ljansson

$(B)/host/grader/%.o: HOSTCFLAGS += -I. -D_GNU_SOURCE

$(GRADER): $(GRADER_OBJS) $(B)/host/grader/main.o
	$(call say,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) -o $@ $^ $(GRADER_LIBS)

all: $(GRADER)

# make grade [LAB=N] [HOST=bochs] [FORMAT=gradescope OUT=results.json]
.PHONY: grade
grade: deps-check
	$(Q)$(MAKE) -s --no-print-directory all
	$(Q)$(GRADER) $(if $(LAB),--lab $(LAB)) --host $(HOST) -j $(or $(JOBS),2) \
		$(if $(FORMAT),--format $(FORMAT) --out $(or $(OUT),-))

# Unit tests of the parsers and writers (cmocka); they link every grader object but main.
UNIT_OBJS_test_grader_parse := $(GRADER_OBJS)

$(B)/host/tests/unit/test_grader_%.o: HOSTCFLAGS += -I. -D_GNU_SOURCE
$(B)/tests/unit/test_grader_%: UNIT_LDLIBS := -ljansson
UNIT_OBJS_test_grader_report := $(GRADER_OBJS)

# The grader's own tests: misbehaving fixture kernels, lab 0 on both hosts, reports,
# determinism, submissions and batches (tests/grader/grader-tests).
include tests/grader/fixtures/fixtures.mk
TEST_SUITES += tests/grader/grader-tests
