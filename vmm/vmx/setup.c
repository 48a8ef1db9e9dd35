// setup.c: filling in a new VMCS: the controls, the host state the CPU loads at each VM
// exit, and the guest state the boot loader hands over (SDM 3C ch. 25; the checks the CPU
// makes on them at VM entry are in §27.2 and §27.3).
#include "boot/image.h"
#include "kernel/panic.h"
#include "kernel/seg.h"
#include "kernel/vm.h"
#include "lib/error.h"
#include "lib/string.h"
#include "vmm/vmx/vmx.h"
#include "x86/insn.h"
#include "x86/msr.h"
#include "x86/regs.h"
#include "x86/trap.h"
#include "x86/x86.h"

// The boot sector's flat selectors (kernel/boot/bootsect.S), with which a guest starts.
#define LOADER_CS SEL(1, 0)
#define LOADER_DS SEL(2, 0)

// Access rights as the VMCS holds them: the access byte, then the flags at bits 15:12.
#define AR(access, flags) ((access) | (flags) << 12)
#define AR_FLAT_CODE AR(SEG_P | SEG_S | SEG_X | SEG_RW | SEG_A, SEG_FLAG_G | SEG_FLAG_DB)
#define AR_FLAT_DATA AR(SEG_P | SEG_S | SEG_RW | SEG_A, SEG_FLAG_G | SEG_FLAG_DB)

_Static_assert(GUEST_GS_SELECTOR == GUEST_ES_SELECTOR + VMCS_SEG_STRIDE * SREG_GS &&
	       GUEST_CS_AR_BYTES == GUEST_ES_AR_BYTES + VMCS_SEG_STRIDE * SREG_CS,
	       "VMCS segment fields follow the SREG_ order of x86/insn.h");

extern char vmx_exit[];                     // entry.S: where every VM exit lands

void
vmcs_ctls_init(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx(v);

	vmcs_write(PIN_BASED_VM_EXEC_CONTROL, x->ctls.pin);
	vmcs_write(CPU_BASED_VM_EXEC_CONTROL, x->ctls.cpu);
	// §25.6.2: without "activate secondary controls" they count as 0, and a CPU may lack
	// the field (shadow paging does not need it).
	if (x->ctls.cpu & CPU_SECONDARY_CONTROLS)
		vmcs_write(SECONDARY_VM_EXEC_CONTROL, x->ctls.cpu2);
	vmcs_write(VM_EXIT_CONTROLS, x->ctls.exit);
	vmcs_write(VM_ENTRY_CONTROLS, x->ctls.entry);
	// §25.6.3: a 1 in the exception bitmap makes that vector exit; for #PF, when the error
	// code ANDed with the mask equals the match: with both 0, every #PF. The guest handles
	// its own exceptions, but under shadow paging its page faults are the monitor's first.
	vmcs_write(EXCEPTION_BITMAP, v->vm->mmu == VM_MMU_SHADOW ? 1u << T_PF : 0);
	vmcs_write(PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmcs_write(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmcs_write(CR3_TARGET_COUNT, 0);
	vmcs_write(VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write(VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write(VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write(VM_ENTRY_INTR_INFO, 0);
	// §25.6.6: a bit set in a guest/host mask is the monitor's: the guest reads it from the
	// read shadow, and a write that would change it exits. The monitor owns the bits VMX
	// fixes (CR0.NE, CR4.VMXE...), so the guest sees the values it wrote; paging.c says
	// which others.
	x->cr0_mask = vmx_cr0_owned(v);
	x->cr4_mask = vmx_cr4_owned(v);
	vmcs_write(CR0_GUEST_HOST_MASK, x->cr0_mask);
	vmcs_write(CR4_GUEST_HOST_MASK, x->cr4_mask);
}

// Hint: the host-state area (SDM 3C §25.5) is what a VM exit loads: this kernel's control
// registers and the monitor's own CR3, its selectors (§27.2.3: on a 32-bit host SS and TR
// may not be 0), the bases of its FS, GS, TR, GDTR and IDTR, its SYSENTER MSRs; RIP is
// vmx_exit (entry.S), RSP is written there at each entry (lab 8 handout, exercise 2).
void
vmcs_host_init(void)
{
	// LAB8-SOLUTION-BEGIN
	struct pseudo_desc gdtr, idtr;

	sgdt(&gdtr);
	sidt(&idtr);
	vmcs_write(HOST_CR0, rcr0());
	vmcs_write(HOST_CR3, kernel_aspace.root);
	vmcs_write(HOST_CR4, rcr4());
	vmcs_write(HOST_CS_SELECTOR, KCODE_SEL);
	vmcs_write(HOST_SS_SELECTOR, KDATA_SEL);        // §27.2.3: not 0 on a 32-bit host
	vmcs_write(HOST_DS_SELECTOR, KDATA_SEL);
	vmcs_write(HOST_ES_SELECTOR, KDATA_SEL);
	vmcs_write(HOST_FS_SELECTOR, 0);
	vmcs_write(HOST_GS_SELECTOR, 0);
	vmcs_write(HOST_TR_SELECTOR, TSS_SEL);          // not 0 either
	vmcs_write(HOST_FS_BASE, 0);
	vmcs_write(HOST_GS_BASE, 0);
	vmcs_write(HOST_TR_BASE, (uint32_t)&tss);
	vmcs_write(HOST_GDTR_BASE, gdtr.base);          // the limits become 0xFFFF (§28.5.2)
	vmcs_write(HOST_IDTR_BASE, idtr.base);
	vmcs_write(HOST_IA32_SYSENTER_CS, (uint32_t)rdmsr(MSR_IA32_SYSENTER_CS));
	vmcs_write(HOST_IA32_SYSENTER_ESP, (uint32_t)rdmsr(MSR_IA32_SYSENTER_ESP));
	vmcs_write(HOST_IA32_SYSENTER_EIP, (uint32_t)rdmsr(MSR_IA32_SYSENTER_EIP));
	vmcs_write(HOST_RIP, (uint32_t)vmx_exit);       // HOST_RSP: vmx_enter, at each entry
	// LAB8-STUB
	// panic("vmcs_host_init: not implemented (HOST_RIP would be vmx_exit, 0x%08x)",
	//       (unsigned)vmx_exit);
	// LAB8-SOLUTION-END
}

static void
guest_seg(int sreg, uint16_t sel, uint32_t ar)
{
	vmcs_write(GUEST_ES_SELECTOR + VMCS_SEG_STRIDE * sreg, sel);
	vmcs_write(GUEST_ES_BASE + VMCS_SEG_STRIDE * sreg, 0);
	vmcs_write(GUEST_ES_LIMIT + VMCS_SEG_STRIDE * sreg, 0xFFFFFFFF);
	vmcs_write(GUEST_ES_AR_BYTES + VMCS_SEG_STRIDE * sreg, ar);
}

// The system registers: no LDT (unusable), a TR the CPU accepts (§27.3.1.2: a busy 32-bit
// TSS; the guest loads its own), empty GDT and IDT: a fault before the guest's own lidt
// ends in a triple fault, reported.
static void
guest_tables_init(void)
{
	vmcs_write(GUEST_LDTR_SELECTOR, 0);
	vmcs_write(GUEST_LDTR_BASE, 0);
	vmcs_write(GUEST_LDTR_LIMIT, 0);
	vmcs_write(GUEST_LDTR_AR_BYTES, VMX_AR_UNUSABLE);
	vmcs_write(GUEST_TR_SELECTOR, 0);
	vmcs_write(GUEST_TR_BASE, 0);
	vmcs_write(GUEST_TR_LIMIT, 0xFFFF);
	vmcs_write(GUEST_TR_AR_BYTES, VMX_AR_TSS32_BUSY);
	vmcs_write(GUEST_GDTR_BASE, 0);
	vmcs_write(GUEST_GDTR_LIMIT, 0);
	vmcs_write(GUEST_IDTR_BASE, 0);
	vmcs_write(GUEST_IDTR_LIMIT, 0);
}

void
vmcs_guest_init(struct vcpu *v, uint32_t eip, uint32_t eax, uint32_t ebx)
{
	for (int s = 0; s < SREG_COUNT; s++)
		guest_seg(s, s == SREG_CS ? LOADER_CS : LOADER_DS,
			  s == SREG_CS ? AR_FLAT_CODE : AR_FLAT_DATA);
	guest_tables_init();
	v->sregs.cr0 = CR0_PE | CR0_ET;         // what the guest sees (the read shadows)
	v->sregs.cr4 = 0;
	vmcs_write(CR0_READ_SHADOW, v->sregs.cr0);
	vmcs_write(CR4_READ_SHADOW, v->sregs.cr4);
	vmcs_write(GUEST_CR0, vmx_cr0_real(v, v->sregs.cr0));
	vmcs_write(GUEST_CR4, vmx_cr4_real(v, v->sregs.cr4));
	vmcs_write(GUEST_CR3, 0);                // the shadow's root under shadow paging
	vmcs_write(GUEST_DR7, 0x400);            // DR7's reset value
	vmcs_write64(GUEST_IA32_DEBUGCTL, 0);
	vmcs_write(GUEST_SYSENTER_CS, 0);
	vmcs_write(GUEST_SYSENTER_ESP, 0);
	vmcs_write(GUEST_SYSENTER_EIP, 0);
	vmcs_write(GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_write(GUEST_ACTIVITY_STATE, 0);     // active
	vmcs_write(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmcs_write64(VMCS_LINK_POINTER, ~0ull);  // no shadow VMCS (§27.3.1.5)
	memset(&v->regs, 0, sizeof v->regs);
	v->regs.gpr[REG_EAX] = eax;
	v->regs.gpr[REG_EBX] = ebx;
	v->regs.gpr[REG_ESP] = BOOT_STACK_TOP;
	v->regs.eip = eip;
	v->regs.eflags = FL_1;                   // IF clear
}

// Deliberate mistakes for the negative tests, each one field the CPU checks at VM entry.
static const struct {
	const char *what;
	enum vmcs_field field;
	uint32_t value;
} breaks[] = {
	{ "cs", GUEST_CS_AR_BYTES, AR(SEG_P | SEG_S | SEG_A, SEG_FLAG_G | SEG_FLAG_DB) },
	{ "host", HOST_TR_SELECTOR, 0 },
	{ "ctl", CR3_TARGET_COUNT, 5 },
};

int
vmcs_break(const char *what)
{
	for (unsigned i = 0; i < sizeof breaks / sizeof breaks[0]; i++)
		if (strcmp(breaks[i].what, what) == 0) {
			vmcs_write(breaks[i].field, breaks[i].value);
			return 0;
		}
	return -E_INVAL;
}
