# kernel/ (the host kernel) and vmm/ (its program) link into build/kernel.elf; with the boot
# sector and the loader, build/duplicata.img.
KERNEL_SRCS := $(wildcard kernel/*.c kernel/*.S) $(wildcard vmm/*.c vmm/*.S)
KERNEL_OBJS := $(patsubst %,$(B)/%.o,$(basename $(KERNEL_SRCS)))
KERNEL      := $(B)/kernel.elf
IMAGE       := $(B)/duplicata.img
CMDLINE     ?=

$(KERNEL): $(KERNEL_OBJS) $(LIB32_OBJS) kernel/kernel.ld
	$(call say,LD,$@)
	$(Q)$(LD) $(LDFLAGS32) -T kernel/kernel.ld -o $@ $(filter %.o,$^) $(LIBGCC32)

$(IMAGE): $(BOOTSECT) $(LOADER) $(KERNEL) $(MKIMAGE)
	$(call say,MKIMAGE,$@)
	$(Q)$(MKIMAGE) create -o $@ --boot $(BOOTSECT) --loader $(LOADER) --kernel $(KERNEL)

# Pure logic of the kernel, unit-tested on the host.
UNIT_OBJS_test_memmap := $(B)/host/kernel/memmap.o
UNIT_OBJS_test_frame  := $(B)/host/kernel/frame.o $(B)/host/kernel/memmap.o $(LIB_HOST_OBJS)

all: $(IMAGE) $(B)/kernel.asm
