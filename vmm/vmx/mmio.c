// mmio.c: memory-mapped devices under EPT, done as KVM does them: the device's page holds a
// trap in the EPT (write without read, eptmap.c), so every access to it exits as an EPT
// misconfiguration (SDM 3C §29.3.3.1) with its guest-physical address. The exit does not say
// what the access was (no instruction length or information for this reason, §28.2.4), so
// the monitor reads the guest's instruction through the guest's own page tables, decodes it
// with the shared decoder (vmm/decode.h), does the load or store against the device, and
// moves the guest past it. The device is the debug device's window (vmm/dev/debug.h).
#include "kernel/panic.h"
#include "lib/error.h"
#include "vmm/decode.h"
#include "vmm/vmx/vmx.h"
#include "x86/insn.h"
#include "x86/paging.h"
#include "x86/seg.h"

// Reads the bytes of the instruction at the guest's cs:eip, as many as lie in RAM (at most
// INSN_MAX_LEN). Returns how many, or -E_FAULT when the first does not translate.
// Hint: eip is linear: with the guest's paging on, gpt_translate (vmm/shadow/shadow.h) takes
// it to guest-physical from v->sregs, which the backend's sync brings up to date (the guest
// may have turned paging on since the last exit); gmem_read reads RAM a page at a time
// (lab 9 handout, exercise 3).
static int
mmio_fetch(struct vcpu *v, uint8_t *bytes)
{
	// LAB9-SOLUTION-BEGIN
	uint32_t gpa, pferr, n = 0;

	v->vm->backend->sync(v);
	uint32_t at = v->sregs.seg[SREG_CS].base + v->regs.eip;
	while (n < INSN_MAX_LEN) {
		uint32_t chunk = PAGE_SIZE - ((at + n) & (PAGE_SIZE - 1));
		if (chunk > INSN_MAX_LEN - n)
			chunk = INSN_MAX_LEN - n;
		if (gpt_translate(v, at + n, false, false, &gpa, &pferr, NULL) < 0 ||
		    gmem_read(&v->vm->mem, gpa, bytes + n, chunk) < 0)
			break;
		n += chunk;
	}
	return n > 0 ? (int)n : -E_FAULT;
	// LAB9-STUB
	// panic("mmio_fetch: not implemented (eip 0x%08x, bytes %p)", (unsigned)v->regs.eip,
	//       (void *)bytes);
	// LAB9-SOLUTION-END
}

// The register operand reg (REG_*) of size bytes, in the low bytes of the value (a device
// takes only those): with size 1, registers 4-7 are AH, CH, DH and BH, the second byte of
// EAX..EBX (SDM 2A §3.1.1.1, table 3-1).
// Hint: v->regs.gpr; shift and mask (lab 9 handout, exercise 3).
static uint32_t
mmio_reg_get(const struct vcpu *v, int reg, int size)
{
	// LAB9-SOLUTION-BEGIN
	if (size == 1)
		return v->regs.gpr[reg & 3] >> (reg & 4 ? 8 : 0) & 0xFF;
	return v->regs.gpr[reg];
	// LAB9-STUB
	// panic("mmio_reg_get: not implemented (register %d of %d bytes, eip 0x%08x)", reg,
	//       size, (unsigned)v->regs.eip);
	// LAB9-SOLUTION-END
}

// Writes val to the register operand reg of size bytes, the rest of the register kept.
// Hint: as mmio_reg_get; a 4-byte write replaces the whole register.
static void
mmio_reg_set(struct vcpu *v, int reg, int size, uint32_t val)
{
	// LAB9-SOLUTION-BEGIN
	uint32_t *r = &v->regs.gpr[size == 1 ? reg & 3 : reg];
	int shift = size == 1 && (reg & 4) ? 8 : 0;
	uint32_t mask = (size == 4 ? 0xFFFFFFFFu : (1u << 8 * size) - 1) << shift;

	*r = (*r & ~mask) | ((val << shift) & mask);
	// LAB9-STUB
	// panic("mmio_reg_set: not implemented (register %d of %d bytes = 0x%x, eip 0x%08x)",
	//       reg, size, (unsigned)val, (unsigned)v->regs.eip);
	// LAB9-SOLUTION-END
}

// Does the decoded instruction in against the debug device's window, at offset off of it:
// mov to or from memory (88, 89, 8A, 8B), mov of al/eax to or from an address in the
// instruction (A0-A3), mov of an immediate (C6, C7), movzx (0F B6, 0F B7): the CPU exited
// on a memory access, so their operand is memory. Returns 0, or -E_NOTSUP for any other
// instruction.
// Hint: bit 0 of 88-8B, A0-A3 and C6-C7 says byte (0) or in->opsize (1); in->reg is the
// register operand, in->imm the immediate; debug_mmio_read and debug_mmio_write
// (vmm/dev/debug.h) do the access (lab 9 handout, exercise 3).
static int
mmio_emulate(struct vcpu *v, const struct insn *in, uint32_t off)
{
	// LAB9-SOLUTION-BEGIN
	struct debug_ports *d = &v->vm->board.debug;
	int size = in->opcode & 1 ? in->opsize : 1;

	if (in->opcode == 0x0FB6 || in->opcode == 0x0FB7)
		size = in->opcode == 0x0FB6 ? 1 : 2;
	switch (in->opcode) {
	case 0xA0: case 0xA1:
		mmio_reg_set(v, REG_EAX, size, debug_mmio_read(d, off, size));
		return 0;
	case 0xA2: case 0xA3:
		debug_mmio_write(d, off, size, mmio_reg_get(v, REG_EAX, size));
		return 0;
	case 0x88: case 0x89:
		debug_mmio_write(d, off, size, mmio_reg_get(v, in->reg, size));
		return 0;
	case 0xC6: case 0xC7:
		debug_mmio_write(d, off, size, in->imm);
		return 0;
	case 0x8A: case 0x8B:
		mmio_reg_set(v, in->reg, size, debug_mmio_read(d, off, size));
		return 0;
	case 0x0FB6: case 0x0FB7:
		mmio_reg_set(v, in->reg, in->opsize, debug_mmio_read(d, off, size));
		return 0;
	}
	return -E_NOTSUP;
	// LAB9-STUB
	// panic("mmio_emulate: not implemented (opcode 0x%x at offset 0x%x, vcpu %p)",
	//       (unsigned)in->opcode, (unsigned)off, (void *)v);
	// LAB9-SOLUTION-END
}

// Moves the guest past an instruction of len bytes, which ends an sti or mov-ss interrupt
// shadow, as vmx_skip does for the exits that give their length.
static void
mmio_skip(struct vcpu *v, int len)
{
	struct vmx_vcpu *x = vmx(v);
	uint32_t shadow = INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS;

	v->regs.eip += len;
	if (x->interruptibility & shadow) {
		x->interruptibility &= ~shadow;
		vmcs_write(GUEST_INTERRUPTIBILITY_INFO, x->interruptibility);
	}
}

// The VM stops: the access at gpa by the instruction in bytes (n of them) cannot be done.
static enum run_result
mmio_refuse(struct vcpu *v, uint64_t gpa, const uint8_t *bytes, int n, const char *why)
{
	vm_stop(v->vm, "MMIO at guest-physical 0x%llx by eip 0x%08x (bytes %02x %02x %02x %02x): "
		"%s", (unsigned long long)gpa, (unsigned)v->regs.eip, n > 0 ? bytes[0] : 0,
		n > 1 ? bytes[1] : 0, n > 2 ? bytes[2] : 0, n > 3 ? bytes[3] : 0, why);
	return RUN_STOP;
}

// Hint: the trap is the debug device's page alone (DEBUG_MMIO_BASE); mmio_fetch, then
// decode_insn for a code segment of 4 bytes (2 if its D bit is clear), mmio_emulate, and
// mmio_skip by the decoded length (lab 9 handout, exercise 3).
enum run_result
vmx_exit_mmio(struct vcpu *v, uint64_t gpa)
{
	uint8_t bytes[INSN_MAX_LEN] = { 0 };
	struct insn in;

	// LAB9-SOLUTION-BEGIN
	stats_count(&v->vm->stats, STAT_EPT_MISCONFIG);
	if ((gpa & ~(uint64_t)(PAGE_SIZE - 1)) != DEBUG_MMIO_BASE)
		return mmio_refuse(v, gpa, bytes, 0, "no device there (a malformed EPT entry?)");
	int n = mmio_fetch(v, bytes);
	if (n < 0)
		return mmio_refuse(v, gpa, bytes, 0, "its instruction is in no RAM");
	int code = v->sregs.seg[SREG_CS].attr & SEG_FLAG_DB << 12 ? 4 : 2;
	int len = decode_insn(&in, bytes, n, code);
	if (len < 0 || mmio_emulate(v, &in, (uint32_t)gpa - DEBUG_MMIO_BASE) < 0)
		return mmio_refuse(v, gpa, bytes, n, "not a load or store the monitor emulates");
	mmio_skip(v, len);
	return v->vm->state == VM_RUNNING ? RUN_AGAIN : RUN_STOP;
	// LAB9-STUB
	// (void)bytes, (void)in, (void)mmio_fetch, (void)mmio_emulate, (void)mmio_skip;
	// (void)mmio_refuse, (void)mmio_reg_get, (void)mmio_reg_set;
	// panic("vmx_exit_mmio: not implemented (guest-physical 0x%llx, eip 0x%08x)",
	//       (unsigned long long)gpa, (unsigned)v->regs.eip);
	// LAB9-SOLUTION-END
}
