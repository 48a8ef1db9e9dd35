// regs.h: control-register, EFLAGS and CPUID bits (Intel SDM vol. 3A §2.3, §2.5; vol. 1 §3.4.3).
#ifndef X86_REGS_H
#define X86_REGS_H

// CR0 (SDM 3A §2.5)
#define CR0_PE  0x00000001  // protection enable
#define CR0_MP  0x00000002  // monitor coprocessor
#define CR0_EM  0x00000004  // x87 emulation
#define CR0_TS  0x00000008  // task switched
#define CR0_ET  0x00000010  // extension type (always 1)
#define CR0_NE  0x00000020  // numeric error
#define CR0_WP  0x00010000  // write protect: supervisor writes honour read-only pages
#define CR0_AM  0x00040000  // alignment mask
#define CR0_NW  0x20000000  // not write-through
#define CR0_CD  0x40000000  // cache disable
#define CR0_PG  0x80000000  // paging

// CR4 (SDM 3A §2.5)
#define CR4_VME  0x00000001  // virtual-8086 mode extensions
#define CR4_PVI  0x00000002  // protected-mode virtual interrupts
#define CR4_TSD  0x00000004  // time stamp disable
#define CR4_DE   0x00000008  // debugging extensions
#define CR4_PSE  0x00000010  // 4 MiB pages (non-PAE)
#define CR4_PAE  0x00000020  // physical address extension
#define CR4_MCE  0x00000040  // machine-check enable
#define CR4_PGE  0x00000080  // global pages
#define CR4_OSFXSR 0x00000200
#define CR4_UMIP 0x00000800  // user-mode instruction prevention (sgdt & co. #GP at CPL > 0)
#define CR4_VMXE 0x00002000  // VMX enable

// EFLAGS (SDM 1 §3.4.3)
#define FL_CF    0x00000001  // carry
#define FL_1     0x00000002  // always 1
#define FL_PF    0x00000004
#define FL_AF    0x00000010
#define FL_ZF    0x00000040
#define FL_SF    0x00000080
#define FL_TF    0x00000100  // trap (single step)
#define FL_IF    0x00000200  // interrupt enable
#define FL_DF    0x00000400
#define FL_OF    0x00000800
#define FL_IOPL  0x00003000  // I/O privilege level (2 bits)
#define FL_NT    0x00004000  // nested task
#define FL_RF    0x00010000  // resume
#define FL_VM    0x00020000  // virtual-8086 mode
#define FL_AC    0x00040000
#define FL_VIF   0x00080000
#define FL_VIP   0x00100000
#define FL_ID    0x00200000  // CPUID available when this bit can be toggled

// CPUID leaf 1 (SDM 2A, CPUID, tables 3-10 and 3-11)
#define CPUID1_EDX_PSE  (1u << 3)
#define CPUID1_EDX_TSC  (1u << 4)
#define CPUID1_EDX_MSR  (1u << 5)
#define CPUID1_EDX_PAE  (1u << 6)
#define CPUID1_EDX_APIC (1u << 9)
#define CPUID1_EDX_PGE  (1u << 13)
#define CPUID1_ECX_VMX  (1u << 5)
#define CPUID1_ECX_HYPERVISOR (1u << 31)

#endif
