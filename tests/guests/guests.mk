# tests/guests/: the labs' test guests, small kernels that need only what the labs up to
# theirs provide (tguest.h). Each is linked at 4 MiB (away from the monitor's own code at
# 1 MiB, so that a breakpoint on a guest address stops only the guest) with the runtime and
# lib/, and packed as the monitor's guest in an image of its own: build/labN.img, which its
# lab grades.
TGUEST_OBJS := $(B)/tests/guests/tg_trap.o $(B)/tests/guests/tguest.o
define tguest_link
	$(call say,LD,$@)
	$(Q)$(LD) $(LDFLAGS32) -N -Ttext 0x400000 -e tg_start -o $@ $^ $(LIBGCC32)
endef

LAB4_GUEST := $(B)/tests/guests/lab4.elf
LAB4_GUEST_OBJS := $(patsubst %,$(B)/tests/guests/%.o,lab4 lab4-io lab4-sys lab4-events)
$(LAB4_GUEST): $(LAB4_GUEST_OBJS) $(TGUEST_OBJS) $(LIB32_OBJS)
	$(tguest_link)

LAB5_GUEST := $(B)/tests/guests/lab5.elf
LAB5_GUEST_OBJS := $(patsubst %,$(B)/tests/guests/%.o,lab5 lab5-pic lab5-pit lab5-uart lab5-irq)
$(LAB5_GUEST): $(LAB5_GUEST_OBJS) $(TGUEST_OBJS) $(LIB32_OBJS)
	$(tguest_link)

LAB6_GUEST := $(B)/tests/guests/lab6.elf
LAB6_GUEST_OBJS := $(patsubst %,$(B)/tests/guests/%.o,lab6 lab6-walk lab6-tlb)
$(LAB6_GUEST): $(LAB6_GUEST_OBJS) $(TGUEST_OBJS) $(LIB32_OBJS)
	$(tguest_link)

LAB8_GUEST := $(B)/tests/guests/lab8.elf
LAB8_GUEST_OBJS := $(patsubst %,$(B)/tests/guests/%.o,lab8 lab8-exits lab8-events)
$(LAB8_GUEST): $(LAB8_GUEST_OBJS) $(TGUEST_OBJS) $(LIB32_OBJS)
	$(tguest_link)

LAB9_GUEST := $(B)/tests/guests/lab9.elf
LAB9_GUEST_OBJS := $(patsubst %,$(B)/tests/guests/%.o,lab9 lab9-mmio)
$(LAB9_GUEST): $(LAB9_GUEST_OBJS) $(TGUEST_OBJS) $(LIB32_OBJS)
	$(tguest_link)

# build/lab9.img: lab 9 grades both the guest OS (the default module) and its test guest
# (the monitor's guest=lab9).
$(B)/lab9.img: $(BOOTSECT) $(LOADER) $(KERNEL) $(MKIMAGE) $(LAB9_GUEST) $(B)/guest-os/kernel.elf
	$(call say,MKIMAGE,$@)
	$(Q)$(MKIMAGE) create -o $@ --boot $(BOOTSECT) --loader $(LOADER) --kernel $(KERNEL) \
		--module guest-os=$(B)/guest-os/kernel.elf --module lab9=$(LAB9_GUEST)

# build/labN.img: the monitor with a test guest.
$(B)/lab%.img: $(BOOTSECT) $(LOADER) $(KERNEL) $(MKIMAGE) $(B)/tests/guests/lab%.elf
	$(call say,MKIMAGE,$@)
	$(Q)$(MKIMAGE) create -o $@ --boot $(BOOTSECT) --loader $(LOADER) --kernel $(KERNEL) \
		--module guest-os=$(B)/tests/guests/lab$*.elf

all: $(B)/lab4.img $(LAB4_GUEST:.elf=.asm) $(B)/lab5.img $(LAB5_GUEST:.elf=.asm) \
	$(B)/lab6.img $(LAB6_GUEST:.elf=.asm) $(B)/lab8.img $(LAB8_GUEST:.elf=.asm)
all: $(B)/lab9.img $(LAB9_GUEST:.elf=.asm)
