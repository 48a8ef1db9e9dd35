# tests/: unit tests on the host (tests/unit/) and suites of boot tests; `make test` runs all.
# A fragment adds a suite with TEST_SUITES += path/to/script (see tests/run-tests).
include tests/unit/unit.mk
TEST_SUITES += tests/boot/boot-tests

.PHONY: test test-unit
test: deps-check
	$(Q)$(MAKE) -s --no-print-directory all unit
	$(Q)tests/run-tests $(foreach s,$(TEST_SUITES),--suite $(s)) $(UNIT_TESTS)

test-unit: unit
	$(Q)tests/run-tests $(UNIT_TESTS)
