# scripts/mkimage/: the host tool that writes the boot disk image (build/duplicata.img).
# The logic files are also linked into the unit tests tests/unit/test_mkimage_*.c, with the
# inputs they share (tests/unit/mkimage_fixture.c).
MKIMAGE_LOGIC := msg elfcheck image header fileio cmd
MKIMAGE_OBJS  := $(patsubst %,$(B)/host/scripts/mkimage/%.o,$(MKIMAGE_LOGIC))
MKIMAGE       := $(B)/mkimage

$(MKIMAGE): $(MKIMAGE_OBJS) $(B)/host/scripts/mkimage/main.o
	$(call say,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) -o $@ $^ $(HOSTLDLIBS)

all: $(MKIMAGE)

MKIMAGE_TEST_OBJS := $(MKIMAGE_OBJS) $(B)/host/tests/unit/mkimage_fixture.o
UNIT_OBJS_test_mkimage_elf    := $(MKIMAGE_TEST_OBJS)
UNIT_OBJS_test_mkimage_image  := $(MKIMAGE_TEST_OBJS)
UNIT_OBJS_test_mkimage_header := $(MKIMAGE_TEST_OBJS)
UNIT_OBJS_test_mkimage_cli    := $(MKIMAGE_TEST_OBJS)
