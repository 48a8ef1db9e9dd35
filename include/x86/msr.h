// msr.h: model-specific registers used by duplicata (Intel SDM vol. 4, table 2-2).
#ifndef X86_MSR_H
#define X86_MSR_H

#define MSR_IA32_TSC              0x010
#define MSR_IA32_APIC_BASE        0x01B
#define MSR_IA32_FEATURE_CONTROL  0x03A  // bit 0 lock, bit 2 VMX outside SMX
#define MSR_IA32_SYSENTER_CS      0x174
#define MSR_IA32_SYSENTER_ESP     0x175
#define MSR_IA32_SYSENTER_EIP     0x176
#define MSR_IA32_PAT              0x277
#define MSR_IA32_VMX_BASIC        0x480
#define MSR_IA32_VMX_PINBASED_CTLS   0x481
#define MSR_IA32_VMX_PROCBASED_CTLS  0x482
#define MSR_IA32_VMX_EXIT_CTLS       0x483
#define MSR_IA32_VMX_ENTRY_CTLS      0x484
#define MSR_IA32_VMX_MISC            0x485
#define MSR_IA32_VMX_CR0_FIXED0      0x486
#define MSR_IA32_VMX_CR0_FIXED1      0x487
#define MSR_IA32_VMX_CR4_FIXED0      0x488
#define MSR_IA32_VMX_CR4_FIXED1      0x489
#define MSR_IA32_VMX_PROCBASED_CTLS2 0x48B
#define MSR_IA32_VMX_EPT_VPID_CAP    0x48C
#define MSR_IA32_VMX_TRUE_PINBASED_CTLS  0x48D
#define MSR_IA32_VMX_TRUE_PROCBASED_CTLS 0x48E
#define MSR_IA32_VMX_TRUE_EXIT_CTLS      0x48F
#define MSR_IA32_VMX_TRUE_ENTRY_CTLS     0x490
#define MSR_EFER                  0xC0000080  // bit 12 SVME (AMD)
#define MSR_VM_HSAVE_PA           0xC0010117  // AMD: host save area for VMRUN

#endif
