# Running the image: make run [HOST=qemu|bochs] [CMDLINE='...'], make qemu-gdb.
HOST    ?= qemu
GDBSOCK := $(abspath $(B))/qemu-gdb.sock

.PHONY: run run-native qemu-gdb deps-check
# Installs missing packages (scripts/install-deps says what and why) before running or testing.
deps-check:
	$(Q)scripts/install-deps --check >/dev/null 2>&1 || scripts/install-deps

run: export RUN_CMDLINE = $(CMDLINE)
run: deps-check
	$(Q)$(MAKE) -s --no-print-directory all
	$(Q)scripts/run-image --host $(HOST) $(if $(CMDLINE),--cmdline "$$RUN_CMDLINE") $(IMAGE)

# gdb: `gdb -x .gdbinit` in another terminal (loads the kernel's symbols, connects).
qemu-gdb: export RUN_CMDLINE = $(CMDLINE)
qemu-gdb: deps-check
	$(Q)$(MAKE) -s --no-print-directory all
	$(Q)sed 's|@SOCK@|$(GDBSOCK)|; s|@KERNEL@|$(abspath $(KERNEL))|' scripts/gdbinit.in > .gdbinit
	@echo "*** QEMU is stopped at the first instruction. In another terminal: gdb -x .gdbinit"
	$(Q)rm -f $(GDBSOCK)
	$(Q)scripts/run-image --gdb $(GDBSOCK) $(if $(CMDLINE),--cmdline "$$RUN_CMDLINE") $(IMAGE)
