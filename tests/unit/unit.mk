# Unit tests on the host (cmocka): tests/unit/test_NAME.c becomes build/tests/unit/test_NAME,
# linked with the host objects that the fragment owning the code lists in UNIT_OBJS_test_NAME
# (and the libraries it sets in UNIT_LDLIBS for that target).
UNIT_TESTS := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(wildcard tests/unit/test_*.c))

.SECONDEXPANSION:
$(B)/tests/unit/test_%: $(B)/host/tests/unit/test_%.o $$(UNIT_OBJS_test_$$*)
	$(call say,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) -o $@ $^ -lcmocka $(UNIT_LDLIBS)

.PHONY: unit
unit: $(UNIT_TESTS)

