# kernel/ (the host kernel) and vmm/ (its program) link into build/kernel.elf; with the boot
# sector and the loader, build/duplicata.img.
KERNEL_SRCS := $(filter-out kernel/asm-offsets.c,$(wildcard kernel/*.c kernel/*.S)) \
	$(wildcard vmm/*.c vmm/*.S)
KERNEL_OBJS := $(patsubst %,$(B)/%.o,$(basename $(KERNEL_SRCS)))
KERNEL      := $(B)/kernel.elf
IMAGE       := $(B)/duplicata.img
CMDLINE     ?=

ASM_OFFSETS := $(B)/include/asm-offsets.h
$(ASM_OFFSETS): kernel/asm-offsets.c kernel/trap.h
	$(call say,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS32) -S -o $(B)/kernel/asm-offsets.s $<
	$(Q)(echo '// Generated from kernel/asm-offsets.c: do not edit.'; \
	  sed -n 's/^.*->\([A-Z_][A-Z_0-9]*\) \([0-9]*\).*$$/#define \1 \2/p' \
	  $(B)/kernel/asm-offsets.s) > $@
$(filter %.o,$(patsubst %.S,$(B)/%.o,$(filter %.S,$(KERNEL_SRCS)))): $(ASM_OFFSETS)

$(KERNEL): $(KERNEL_OBJS) $(LIB32_OBJS) kernel/kernel.ld
	$(call say,LD,$@)
	$(Q)$(LD) $(LDFLAGS32) -T kernel/kernel.ld -o $@ $(filter %.o,$^) $(LIBGCC32)

# The monitor's image carries the guest OS as a module (guest-os/guest-os.mk builds it).
$(IMAGE): $(BOOTSECT) $(LOADER) $(KERNEL) $(MKIMAGE) $(B)/guest-os/kernel.elf
	$(call say,MKIMAGE,$@)
	$(Q)$(MKIMAGE) create -o $@ --boot $(BOOTSECT) --loader $(LOADER) --kernel $(KERNEL) \
		--module guest-os=$(B)/guest-os/kernel.elf

# Pure logic of the kernel, unit-tested on the host.
UNIT_OBJS_test_memmap := $(B)/host/kernel/memmap.o
UNIT_OBJS_test_frame  := $(B)/host/kernel/frame.o $(B)/host/kernel/memmap.o $(LIB_HOST_OBJS)

all: $(IMAGE) $(B)/kernel.asm
UNIT_OBJS_test_gload  := $(B)/host/vmm/gmem.o $(B)/host/vmm/gload.o $(LIB_HOST_OBJS)
