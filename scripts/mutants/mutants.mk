# scripts/mutants/: `make mutants LAB=N`: small changes (mutants) to lab N's solution regions,
# each rebuilt and graded in a copy of the tree; at least 90 % of those that build must lose
# points (DESIGN.md §3). build/mutate finds and writes the mutants, scripts/mutants/mutants
# runs them; tests/mutants/mutants-tests is the short run in `make test`.
MUTATE      := $(B)/mutate
MUTATE_OBJS := $(patsubst %,$(B)/host/scripts/mutants/%.o,lex expr stmt ops asm site apply) \
	$(HANDOUT_OBJS)

$(MUTATE): $(MUTATE_OBJS) $(B)/host/scripts/mutants/main.o
	$(call say,LINK,$@)
	$(Q)$(HOSTCC) -o $@ $^

all: $(MUTATE)

# The tests of build/mutate share code put in a region (tests/unit/mutate_fixture.c).
$(foreach t,lex ops sites apply,$(eval UNIT_OBJS_test_mutate_$(t) := \
	$$(MUTATE_OBJS) $(B)/host/tests/unit/mutate_fixture.o))

# make mutants LAB=N [MUTANTS=k] [SEED=s] [JOBS=j] [REPORT_ONLY=1]: build/mutants/labN.txt
.PHONY: mutants
mutants: deps-check
	$(Q)$(MAKE) -s --no-print-directory all
	$(Q)scripts/mutants/mutants $(if $(MUTANTS),--mutants $(MUTANTS)) $(if $(SEED),--seed $(SEED)) \
		$(if $(JOBS),--jobs $(JOBS)) $(if $(REPORT_ONLY),--report-only) $(LAB)

TEST_SUITES += tests/mutants/mutants-tests
