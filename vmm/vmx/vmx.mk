# vmm/vmx/: the VT-x backend, linked into the kernel. entry.S takes the offsets of struct
# vcpu_regs and the encoding of HOST_RSP from build/include/vmx-offsets.h, generated from
# vmm/vmx/offsets.c the way kernel.mk makes asm-offsets.h. The pure parts (capabilities and
# controls, names, EPT tables) are unit-tested on the host.
VMX_SRCS := $(filter-out vmm/vmx/offsets.c,$(wildcard vmm/vmx/*.c vmm/vmx/*.S))
VMX_OBJS := $(patsubst %,$(B)/%.o,$(basename $(VMX_SRCS)))
$(KERNEL): $(VMX_OBJS)

VMX_OFFSETS := $(B)/include/vmx-offsets.h
$(VMX_OFFSETS): vmm/vmx/offsets.c vmm/vm.h include/x86/vmx.h include/x86/insn.h
	$(call say,GEN,$@)
	$(Q)mkdir -p $(@D) $(B)/vmm/vmx
	$(Q)$(CC) $(CFLAGS32) -S -o $(B)/vmm/vmx/offsets.s $<
	$(Q)(echo '// Generated from vmm/vmx/offsets.c: do not edit.'; \
	  sed -n 's/^.*->\([A-Z_][A-Z_0-9]*\) \([0-9]*\).*$$/#define \1 \2/p' \
	  $(B)/vmm/vmx/offsets.s) > $@
$(B)/vmm/vmx/entry.o: $(VMX_OFFSETS)

VMX_HOST := $(B)/host/vmm/vmx
UNIT_OBJS_test_vmx_cap   := $(VMX_HOST)/cap.o $(LIB_HOST_OBJS)
UNIT_OBJS_test_vmx_names := $(VMX_HOST)/names.o $(LIB_HOST_OBJS)
UNIT_OBJS_test_vmx_ept   := $(VMX_HOST)/ept.o $(LIB_HOST_OBJS) $(PANIC_HOST_OBJS)

# build/vmx-probe.img: the monitor with tests/vmx/probe.c as its guest, a tiny kernel that
# checks from inside what the guest OS never asks of the backend (CPUID, VMCALL, MSRs, CR
# bits, injected faults). The boot tests run it in Bochs.
VMX_PROBE       := $(B)/tests/vmx/probe.elf
VMX_PROBE_IMAGE := $(B)/vmx-probe.img
$(VMX_PROBE): $(B)/tests/vmx/probe.o $(LIB32_OBJS)
	$(call say,LD,$@)
	$(Q)$(LD) $(LDFLAGS32) -N -Ttext 0x100000 -e probe_start -o $@ $^ $(LIBGCC32)

$(VMX_PROBE_IMAGE): $(BOOTSECT) $(LOADER) $(KERNEL) $(MKIMAGE) $(VMX_PROBE)
	$(call say,MKIMAGE,$@)
	$(Q)$(MKIMAGE) create -o $@ --boot $(BOOTSECT) --loader $(LOADER) --kernel $(KERNEL) \
		--module guest-os=$(VMX_PROBE)

all: $(VMX_PROBE_IMAGE)
