# scripts/mkimage/: the host tool that writes the boot disk image (build/duplicata.img).
# The logic files are also linked into the unit test tests/unit/test_mkimage.c.
MKIMAGE_LOGIC := msg elfcheck image header fileio cmd
MKIMAGE_OBJS  := $(patsubst %,$(B)/host/scripts/mkimage/%.o,$(MKIMAGE_LOGIC))
MKIMAGE       := $(B)/mkimage

$(MKIMAGE): $(MKIMAGE_OBJS) $(B)/host/scripts/mkimage/main.o
	$(call say,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) -o $@ $^ $(HOSTLDLIBS)

all: $(MKIMAGE)

UNIT_OBJS_test_mkimage := $(MKIMAGE_OBJS)
