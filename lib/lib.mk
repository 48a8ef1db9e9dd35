# lib/: the freestanding libc subset, built once for the i386 images and once for host tests.
LIB_SRCS := lib/string.c lib/fmt.c lib/fmt_conv.c lib/error.c lib/cmdline.c
LIB32_OBJS := $(patsubst %.c,$(B)/%.o,$(LIB_SRCS))
LIB_HOST_OBJS := $(patsubst %.c,$(B)/host/%.o,$(LIB_SRCS))

# Host objects replace the C library's memcpy, strlen, snprintf... in the whole test program,
# so gcc must neither assume their meaning nor turn our loops back into calls to themselves.
$(B)/host/lib/%.o: HOSTCFLAGS += -fno-builtin -fno-tree-loop-distribute-patterns

# The tests must call our functions, not results gcc folded at compile time.
LIB_TESTS := test_string test_fmt test_error test_cmdline
$(patsubst %,$(B)/host/tests/unit/%.o,$(LIB_TESTS)): HOSTCFLAGS += -fno-builtin

# Every lib test links all of lib/, so cmocka itself runs on our memcpy and snprintf too.
$(foreach t,$(LIB_TESTS),$(eval UNIT_OBJS_$(t) := $$(LIB_HOST_OBJS)))

all: $(LIB32_OBJS)
