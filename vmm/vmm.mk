# vmm/: the monitor. kernel/kernel.mk links vmm/*.c into build/kernel.elf; this fragment adds
# the virtual devices of vmm/dev/, shadow paging (vmm/shadow/) and the backends (vmm/te/...)
# to that link, and lists what the unit tests of the monitor's pure parts (devices, decoder,
# counters, CPUID view) link on the host.
VMM_SUB_SRCS := $(wildcard vmm/dev/*.c vmm/shadow/*.c vmm/te/*.c)
VMM_SUB_OBJS := $(patsubst %.c,$(B)/%.o,$(VMM_SUB_SRCS))

# A second prerequisite list for the kernel: its recipe links every .o in $^.
$(KERNEL): $(VMM_SUB_OBJS)

VMM_HOST := $(B)/host/vmm
UNIT_OBJS_test_iobus  := $(VMM_HOST)/dev/iobus.o $(LIB_HOST_OBJS)
# The devices' stubs panic in a lab's handout: tests/unit/panic_host.c fails the test then.
PANIC_HOST_OBJS       := $(B)/host/tests/unit/panic_host.o
VPIC_HOST_OBJS        := $(VMM_HOST)/dev/vpic.o $(VMM_HOST)/dev/iobus.o $(PANIC_HOST_OBJS) \
	$(LIB_HOST_OBJS)
# The vpic's tests share the programmed pair (tests/unit/vpic_fixture.c).
VPIC_TEST_OBJS        := $(VPIC_HOST_OBJS) $(B)/host/tests/unit/vpic_fixture.o
UNIT_OBJS_test_vpic_init     := $(VPIC_TEST_OBJS)
UNIT_OBJS_test_vpic_priority := $(VPIC_TEST_OBJS)
UNIT_OBJS_test_vpic_ocw      := $(VPIC_TEST_OBJS)
UNIT_OBJS_test_vpit   := $(VMM_HOST)/dev/vpit.o $(VPIC_HOST_OBJS)
UNIT_OBJS_test_vuart  := $(VMM_HOST)/dev/vuart.o $(VPIC_HOST_OBJS)
BOARD_HOST_OBJS := $(patsubst %,$(VMM_HOST)/dev/%.o,board debug vpit vuart) $(VPIC_HOST_OBJS)
UNIT_OBJS_test_board  := $(BOARD_HOST_OBJS)
UNIT_OBJS_test_debug  := $(BOARD_HOST_OBJS)
# The decoder's tests share one decode helper (tests/unit/decode_fixture.c).
DECODE_TEST_OBJS := $(VMM_HOST)/decode.o $(VMM_HOST)/decode_map.o \
	$(B)/host/tests/unit/decode_fixture.o $(LIB_HOST_OBJS)
UNIT_OBJS_test_decode_table      := $(DECODE_TEST_OBJS)
UNIT_OBJS_test_decode_operands   := $(DECODE_TEST_OBJS)
UNIT_OBJS_test_decode_addressing := $(DECODE_TEST_OBJS)
UNIT_OBJS_test_decode_errors     := $(DECODE_TEST_OBJS)
UNIT_OBJS_test_stats  := $(VMM_HOST)/stats.o $(LIB_HOST_OBJS)
UNIT_OBJS_test_cpuid  := $(VMM_HOST)/cpuid.o $(LIB_HOST_OBJS)
# The te emulators and shadow paging on the host, against a mock vCPU: tests/unit/te_fakes.c
# stands in for the kernel (frames, address spaces) and for vm.c (stop, port I/O).
TE_HOST_OBJS := $(patsubst %,$(VMM_HOST)/te/%.o,emulate io system return reflect mem gdt) \
	$(VMM_HOST)/shadow/gpt.o $(VMM_HOST)/shadow/shadow.o \
	$(B)/host/tests/unit/te_fakes.o $(B)/host/tests/unit/te_fixture.o $(PANIC_HOST_OBJS) \
	$(VMM_HOST)/gmem.o \
	$(VMM_HOST)/stats.o $(VMM_HOST)/decode.o $(VMM_HOST)/decode_map.o $(LIB_HOST_OBJS)
UNIT_OBJS_test_te_emulate := $(TE_HOST_OBJS)
UNIT_OBJS_test_shadow     := $(TE_HOST_OBJS)
UNIT_OBJS_test_te_reflect := $(TE_HOST_OBJS)
