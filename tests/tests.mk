# tests/: unit tests on the host and boot tests in QEMU and Bochs; `make test` runs them all.
include tests/unit/unit.mk

.PHONY: test test-unit test-boot
test: deps-check
	$(Q)$(MAKE) -s --no-print-directory all unit
	$(Q)tests/run-tests $(UNIT_TESTS)

test-unit: unit
	$(Q)tests/run-tests --unit-only $(UNIT_TESTS)

test-boot: all
	$(Q)tests/boot/boot-tests
