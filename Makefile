# duplicata: one non-recursive build; every output goes under build/.
# `make help` lists the targets. V=1 shows the commands.

B       := build
V       ?= 0
Q       := $(if $(filter 1,$(V)),,@)
say      = $(if $(filter 1,$(V)),,@printf '  %-8s %s\n' '$(1)' '$(2)';)

# --- i386 images: freestanding C11 (GNU dialect for inline asm), warnings are errors ---
CC      := gcc
LD      := ld
OBJCOPY := objcopy
OBJDUMP := objdump
CFLAGS32 := -m32 -march=i686 -std=gnu11 -O2 -g -ffreestanding -fno-builtin \
	-fno-pic -fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns \
	-mno-sse -mno-mmx -mno-80387 -mgeneral-regs-only \
	-Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Iinclude -I.
ASFLAGS32 := -m32 -g -fno-pic -fno-pie -Wall -Werror -Iinclude -I. -I$(B)/include -D__ASSEMBLER__
LDFLAGS32 := -m elf_i386 -nostdlib -no-pie --build-id=none -z noexecstack \
	--no-warn-rwx-segments --fatal-warnings
LIBGCC32 := $(shell $(CC) -m32 -print-libgcc-file-name 2>/dev/null)

# --- host programs (image tool, grader, unit tests) ---
HOSTCC     := gcc
HOSTCFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Iinclude -I.
HOSTLDLIBS :=

$(B)/%.o: %.c
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS32) -MMD -MP -c -o $@ $<

$(B)/%.o: %.S
	$(call say,AS,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ASFLAGS32) -MMD -MP -c -o $@ $<

$(B)/host/%.o: %.c
	$(call say,HOSTCC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -MMD -MP -c -o $@ $<

# listing beside an image: source interleaved with its disassembly
%.asm: %.elf
	$(call say,OBJDUMP,$@)
	$(Q)$(OBJDUMP) -S $< > $@

.PHONY: all
# Keep every intermediate file (objects of host tests included) between runs. The only
# .SECONDARY in the tree: one with a list of targets would end this one's effect.
.SECONDARY:
all:

include lib/lib.mk
include scripts/mkimage/mkimage.mk
include scripts/handout/handout.mk
include scripts/mutants/mutants.mk
include kernel/boot/boot.mk
include kernel/kernel.mk
include vmm/vmm.mk
include vmm/vmx/vmx.mk
include tests/guests/guests.mk
include guest-os/guest-os.mk
include scripts/run.mk
include tests/tests.mk
include slides/slides.mk
include labs/labs.mk
include grader/grader.mk
include scripts/bench/bench.mk

.PHONY: clean help deps
deps:
	$(Q)scripts/install-deps

clean:
	rm -rf $(B)

help:
	@echo "make              build everything (build/duplicata.img)"
	@echo "make run          boot the image in QEMU, serial console on this terminal"
	@echo "                  HOST=bochs: in Bochs; CMDLINE='...': boot command line"
	@echo "make qemu-gdb     QEMU stopped at the first instruction, gdbstub for 'gdb'"
	@echo "make grade        grade the labs (LAB=N, HOST=bochs, FORMAT=gradescope OUT=r.json)"
	@echo "make bench        nanobenchmarks, boot ratio, grader speed: build/bench/report.md"
	@echo "make handout LAB=N  the student tree of lab N: build/handout/labN/ and .tar.gz"
	@echo "make labs         the lab handouts as offline HTML pages, build/labs/"
	@echo "make mutants LAB=N  small changes to lab N's solution, each rebuilt and graded:"
	@echo "                  the share its tests notice (MUTANTS=k SEED=s: k of them), build/mutants/"
	@echo "make test         unit tests and boot tests; ends with 'N passed, N failed'"
	@echo "make deps         install the Debian/Ubuntu packages the project needs"
	@echo "make clean        remove build/"
	@echo "V=1               show the commands"

-include $(shell find $(B) -name '*.d' 2>/dev/null)
