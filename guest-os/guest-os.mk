# guest-os/: the guest OS (labs 1-3): its kernel, its user programs linked into it, and
# build/guest-os.img (the same boot sector and loader as every duplicata image).
GUEST_B      := $(B)/guest-os
GUEST_KERNEL := $(GUEST_B)/kernel.elf
GUEST_IMAGE  := $(B)/guest-os.img

# The user programs, in the order `help` lists them: the only list of them.
GUEST_PROGS := sh hello ps stress privtest sensitive bench fault chaos reach cpuid

# --- user programs: each its own ELF, linked at USER_BASE with ulib and lib/ ---
GUEST_ULIB := $(GUEST_B)/user/ulib.o $(LIB32_OBJS)

$(GUEST_B)/%.ld: guest-os/%.lds guest-os/kernel/layout.h
	$(call say,CPP,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -E -P -x c -D__ASSEMBLER__ -Iinclude -I. $< -o $@

$(GUEST_B)/user/%.elf: $(GUEST_B)/user/%.o $(GUEST_ULIB) $(GUEST_B)/user/user.ld
	$(call say,LD,$@)
	$(Q)$(LD) $(LDFLAGS32) -T $(GUEST_B)/user/user.ld -o $@ $(filter %.o,$^) $(LIBGCC32)

$(GUEST_B)/user/sh.elf: $(GUEST_B)/user/lineedit.o

# What the kernel embeds: the programs without their symbols and debugging information.
$(GUEST_B)/progs/%.elf: $(GUEST_B)/user/%.elf
	$(call say,STRIP,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(OBJCOPY) --strip-all $< $@

# --- the kernel ---
GUEST_KOBJS := $(patsubst %,$(B)/%.o,$(basename $(wildcard guest-os/kernel/*.c guest-os/kernel/*.S)))

guest_comma := ,
guest_space := $() $()
$(GUEST_B)/kernel/embed.o: $(patsubst %,$(GUEST_B)/progs/%.elf,$(GUEST_PROGS))
$(GUEST_B)/kernel/embed.o: ASFLAGS32 += -DPROGRAMS=$(subst $(guest_space),$(guest_comma),$(GUEST_PROGS)) \
	-Wa,-I,$(GUEST_B)/progs

$(GUEST_KERNEL): $(GUEST_KOBJS) $(LIB32_OBJS) $(GUEST_B)/kernel/kernel.ld
	$(call say,LD,$@)
	$(Q)$(LD) $(LDFLAGS32) -T $(GUEST_B)/kernel/kernel.ld -o $@ $(filter %.o,$^) $(LIBGCC32)

$(GUEST_IMAGE): $(BOOTSECT) $(LOADER) $(GUEST_KERNEL) $(MKIMAGE)
	$(call say,MKIMAGE,$@)
	$(Q)$(MKIMAGE) create -o $@ --boot $(BOOTSECT) --loader $(LOADER) --kernel $(GUEST_KERNEL)

all: $(GUEST_IMAGE) $(GUEST_B)/kernel.asm

# make run-native [HOST=bochs] [CMDLINE='run=hello,ps']: the guest OS alone, interactive.
# `exit` at the prompt stops QEMU with status 33 (isa-debug-exit's "success"): not an error.
run-native: export RUN_CMDLINE = $(CMDLINE)
run-native: deps-check
	$(Q)$(MAKE) -s --no-print-directory $(GUEST_IMAGE)
	$(Q)scripts/run-image --host $(HOST) $(if $(CMDLINE),--cmdline "$$RUN_CMDLINE") \
		$(GUEST_IMAGE) || [ $$? = 33 ]

# --- tests: the pure parts on the host, and the boot suite ---
$(B)/host/guest-os/%.o: HOSTCFLAGS += -I.
$(B)/host/tests/unit/test_guest_%.o: HOSTCFLAGS += -I.
UNIT_OBJS_test_guest_frame    := $(B)/host/guest-os/kernel/frame.o $(LIB_HOST_OBJS)
UNIT_OBJS_test_guest_elf      := $(B)/host/guest-os/kernel/elf.o $(LIB_HOST_OBJS)
UNIT_OBJS_test_guest_runq     := $(B)/host/guest-os/kernel/runq.o $(LIB_HOST_OBJS)
UNIT_OBJS_test_guest_lineedit := $(B)/host/guest-os/user/lineedit.o $(LIB_HOST_OBJS)

TEST_SUITES += tests/guest/guest-tests
