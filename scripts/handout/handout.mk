# scripts/handout/: solution markers (checked on every build) and `make handout LAB=N`;
# tests/labs/handout-tests checks in `make test` that each handout fails its lab and no other.
# the tool lives in build/host/: build/handout/ holds the trees it makes
HANDOUT := $(B)/host/handout
HANDOUT_OBJS := $(B)/host/scripts/handout/marker.o

$(HANDOUT): $(HANDOUT_OBJS) $(B)/host/scripts/handout/main.o
	$(call say,LINK,$@)
	$(Q)$(HOSTCC) -o $@ $^

# A malformed marker anywhere in the sources is a build error naming the file and line.
MARKED_SRCS := $(shell git ls-files -- '*.c' '*.h' '*.S' '*.ld' '*.mk' 2>/dev/null)
$(B)/markers.ok: $(HANDOUT) $(MARKED_SRCS)
	$(call say,MARKERS,$(words $(MARKED_SRCS)) files)
	$(Q)$(HANDOUT) --check $(MARKED_SRCS)
	$(Q)touch $@

all: $(B)/markers.ok

UNIT_OBJS_test_handout := $(HANDOUT_OBJS)

.PHONY: handout
handout: $(HANDOUT)
	$(Q)scripts/make-handout $(LAB)
TEST_SUITES += tests/labs/handout-tests
