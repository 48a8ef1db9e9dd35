# Running the image: make run [HOST=qemu|bochs] [BACKEND=te|vmx] [CMDLINE='...'], make qemu-gdb.
HOST    ?= qemu
# BACKEND=NAME is the monitor's backend=NAME word, put before CMDLINE's.
RUN_WORDS = $(strip $(if $(BACKEND),backend=$(BACKEND)) $(CMDLINE))
GDBSOCK := $(abspath $(B))/qemu-gdb.sock

.PHONY: run run-native qemu-gdb deps-check
# Installs missing packages (scripts/install-deps says what and why) before running or testing.
deps-check:
	$(Q)scripts/install-deps --check >/dev/null 2>&1 || scripts/install-deps

run: export RUN_CMDLINE = $(RUN_WORDS)
run: deps-check
	$(Q)$(MAKE) -s --no-print-directory all
	$(Q)scripts/run-image --host $(HOST) $(if $(RUN_WORDS),--cmdline "$$RUN_CMDLINE") $(IMAGE)

# gdb: `gdb -x .gdbinit` in another terminal (loads the kernel's symbols, connects).
qemu-gdb: export RUN_CMDLINE = $(RUN_WORDS)
qemu-gdb: deps-check
	$(Q)$(MAKE) -s --no-print-directory all
	$(Q)sed 's|@SOCK@|$(GDBSOCK)|; s|@KERNEL@|$(abspath $(KERNEL))|' scripts/gdbinit.in > .gdbinit
	@echo "*** QEMU is stopped at the first instruction. In another terminal: gdb -x .gdbinit"
	$(Q)rm -f $(GDBSOCK)
	$(Q)scripts/run-image --gdb $(GDBSOCK) $(if $(RUN_WORDS),--cmdline "$$RUN_CMDLINE") $(IMAGE)
