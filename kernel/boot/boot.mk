# kernel/boot/: the boot sector and the loader, shared by every duplicata image.
BOOTSECT := $(B)/kernel/boot/bootsect.bin
LOADER   := $(B)/kernel/boot/loader.bin

$(B)/kernel/boot/bootsect.elf: $(B)/kernel/boot/bootsect.o kernel/boot/bootsect.ld
	$(call say,LD,$@)
	$(Q)$(LD) $(LDFLAGS32) -T kernel/boot/bootsect.ld -o $@ $<

$(B)/kernel/boot/loader.elf: $(B)/kernel/boot/loader.o $(LIB32_OBJS) kernel/boot/loader.ld
	$(call say,LD,$@)
	$(Q)$(LD) $(LDFLAGS32) -T kernel/boot/loader.ld -o $@ $(filter %.o,$^) $(LIBGCC32)

$(B)/kernel/boot/%.bin: $(B)/kernel/boot/%.elf
	$(call say,OBJCOPY,$@)
	$(Q)$(OBJCOPY) -O binary $< $@

# The loader is small: optimise it for size.
$(B)/kernel/boot/loader.o: CFLAGS32 += -Os

all: $(BOOTSECT) $(LOADER) $(B)/kernel/boot/bootsect.asm $(B)/kernel/boot/loader.asm
