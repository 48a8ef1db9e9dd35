// vmx.h: Intel VT-x as the manual lays it out (Intel SDM vol. 3C, chapters 24-31, appendices
// A-C): VMCS field encodings, VM-execution/exit/entry control bits, exit reasons and their
// qualifications, VM-instruction errors, EPT entries, and the capability MSRs' bits.
#ifndef X86_VMX_H
#define X86_VMX_H

// --- VMCS field encodings (SDM 3C §25.11.2, appendix B) ---
//
//   14 13  12  11 10   9                   1   0
//  +-----+----+------+-----------------------+----+
//  |width| 0  | type |        index          |high|
//  +-----+----+------+-----------------------+----+
//  width: 0 16-bit, 1 64-bit, 2 32-bit, 3 natural (32 bits on this host)
//  type:  0 control, 1 VM-exit information (read-only), 2 guest state, 3 host state
//  high:  for a 64-bit field, 1 names its upper 32 bits (a 32-bit host writes both halves)
#define VMCS_ENC_HIGH          0x0001
#define VMCS_ENC_INDEX(e)      (((e) >> 1) & 0x1FF)
#define VMCS_ENC_TYPE(e)       (((e) >> 10) & 3)
#define VMCS_ENC_RESERVED      0x1000
#define VMCS_ENC_WIDTH(e)      (((e) >> 13) & 3)
#define VMCS_TYPE_CONTROL      0
#define VMCS_TYPE_EXIT_INFO    1
#define VMCS_TYPE_GUEST        2
#define VMCS_TYPE_HOST         3
#define VMCS_WIDTH_16          0
#define VMCS_WIDTH_64          1
#define VMCS_WIDTH_32          2
#define VMCS_WIDTH_NATURAL     3

// X(name, encoding, type): one list per width, in the manual's order. The enum below and
// the name table of vmcs_field_name are generated from these lists; a unit test checks that
// each encoding's width and type bits agree with the list and the type it is given.
#define VMCS_FIELDS_16(X)                                                        \
	X(VIRTUAL_PROCESSOR_ID,        0x0000, VMCS_TYPE_CONTROL)                \
	X(GUEST_ES_SELECTOR,           0x0800, VMCS_TYPE_GUEST)                  \
	X(GUEST_CS_SELECTOR,           0x0802, VMCS_TYPE_GUEST)                  \
	X(GUEST_SS_SELECTOR,           0x0804, VMCS_TYPE_GUEST)                  \
	X(GUEST_DS_SELECTOR,           0x0806, VMCS_TYPE_GUEST)                  \
	X(GUEST_FS_SELECTOR,           0x0808, VMCS_TYPE_GUEST)                  \
	X(GUEST_GS_SELECTOR,           0x080A, VMCS_TYPE_GUEST)                  \
	X(GUEST_LDTR_SELECTOR,         0x080C, VMCS_TYPE_GUEST)                  \
	X(GUEST_TR_SELECTOR,           0x080E, VMCS_TYPE_GUEST)                  \
	X(HOST_ES_SELECTOR,            0x0C00, VMCS_TYPE_HOST)                   \
	X(HOST_CS_SELECTOR,            0x0C02, VMCS_TYPE_HOST)                   \
	X(HOST_SS_SELECTOR,            0x0C04, VMCS_TYPE_HOST)                   \
	X(HOST_DS_SELECTOR,            0x0C06, VMCS_TYPE_HOST)                   \
	X(HOST_FS_SELECTOR,            0x0C08, VMCS_TYPE_HOST)                   \
	X(HOST_GS_SELECTOR,            0x0C0A, VMCS_TYPE_HOST)                   \
	X(HOST_TR_SELECTOR,            0x0C0C, VMCS_TYPE_HOST)

#define VMCS_FIELDS_64(X)                                                        \
	X(IO_BITMAP_A,                 0x2000, VMCS_TYPE_CONTROL)                \
	X(IO_BITMAP_B,                 0x2002, VMCS_TYPE_CONTROL)                \
	X(MSR_BITMAP,                  0x2004, VMCS_TYPE_CONTROL)                \
	X(VM_EXIT_MSR_STORE_ADDR,      0x2006, VMCS_TYPE_CONTROL)                \
	X(VM_EXIT_MSR_LOAD_ADDR,       0x2008, VMCS_TYPE_CONTROL)                \
	X(VM_ENTRY_MSR_LOAD_ADDR,      0x200A, VMCS_TYPE_CONTROL)                \
	X(TSC_OFFSET,                  0x2010, VMCS_TYPE_CONTROL)                \
	X(VIRTUAL_APIC_PAGE_ADDR,      0x2012, VMCS_TYPE_CONTROL)                \
	X(APIC_ACCESS_ADDR,            0x2014, VMCS_TYPE_CONTROL)                \
	X(EPT_POINTER,                 0x201A, VMCS_TYPE_CONTROL)                \
	X(GUEST_PHYSICAL_ADDRESS,      0x2400, VMCS_TYPE_EXIT_INFO)              \
	X(VMCS_LINK_POINTER,           0x2800, VMCS_TYPE_GUEST)                  \
	X(GUEST_IA32_DEBUGCTL,         0x2802, VMCS_TYPE_GUEST)                  \
	X(GUEST_IA32_PAT,              0x2804, VMCS_TYPE_GUEST)                  \
	X(GUEST_IA32_EFER,             0x2806, VMCS_TYPE_GUEST)                  \
	X(GUEST_PDPTE0,                0x280A, VMCS_TYPE_GUEST)                  \
	X(GUEST_PDPTE1,                0x280C, VMCS_TYPE_GUEST)                  \
	X(GUEST_PDPTE2,                0x280E, VMCS_TYPE_GUEST)                  \
	X(GUEST_PDPTE3,                0x2810, VMCS_TYPE_GUEST)                  \
	X(HOST_IA32_PAT,               0x2C00, VMCS_TYPE_HOST)                   \
	X(HOST_IA32_EFER,              0x2C02, VMCS_TYPE_HOST)

#define VMCS_FIELDS_32(X)                                                        \
	X(PIN_BASED_VM_EXEC_CONTROL,   0x4000, VMCS_TYPE_CONTROL)                \
	X(CPU_BASED_VM_EXEC_CONTROL,   0x4002, VMCS_TYPE_CONTROL)                \
	X(EXCEPTION_BITMAP,            0x4004, VMCS_TYPE_CONTROL)                \
	X(PAGE_FAULT_ERROR_CODE_MASK,  0x4006, VMCS_TYPE_CONTROL)                \
	X(PAGE_FAULT_ERROR_CODE_MATCH, 0x4008, VMCS_TYPE_CONTROL)                \
	X(CR3_TARGET_COUNT,            0x400A, VMCS_TYPE_CONTROL)                \
	X(VM_EXIT_CONTROLS,            0x400C, VMCS_TYPE_CONTROL)                \
	X(VM_EXIT_MSR_STORE_COUNT,     0x400E, VMCS_TYPE_CONTROL)                \
	X(VM_EXIT_MSR_LOAD_COUNT,      0x4010, VMCS_TYPE_CONTROL)                \
	X(VM_ENTRY_CONTROLS,           0x4012, VMCS_TYPE_CONTROL)                \
	X(VM_ENTRY_MSR_LOAD_COUNT,     0x4014, VMCS_TYPE_CONTROL)                \
	X(VM_ENTRY_INTR_INFO,          0x4016, VMCS_TYPE_CONTROL)                \
	X(VM_ENTRY_EXCEPTION_ERROR_CODE, 0x4018, VMCS_TYPE_CONTROL)              \
	X(VM_ENTRY_INSTRUCTION_LEN,    0x401A, VMCS_TYPE_CONTROL)                \
	X(TPR_THRESHOLD,               0x401C, VMCS_TYPE_CONTROL)                \
	X(SECONDARY_VM_EXEC_CONTROL,   0x401E, VMCS_TYPE_CONTROL)                \
	X(VM_INSTRUCTION_ERROR,        0x4400, VMCS_TYPE_EXIT_INFO)              \
	X(VM_EXIT_REASON,              0x4402, VMCS_TYPE_EXIT_INFO)              \
	X(VM_EXIT_INTR_INFO,           0x4404, VMCS_TYPE_EXIT_INFO)              \
	X(VM_EXIT_INTR_ERROR_CODE,     0x4406, VMCS_TYPE_EXIT_INFO)              \
	X(IDT_VECTORING_INFO,          0x4408, VMCS_TYPE_EXIT_INFO)              \
	X(IDT_VECTORING_ERROR_CODE,    0x440A, VMCS_TYPE_EXIT_INFO)              \
	X(VM_EXIT_INSTRUCTION_LEN,     0x440C, VMCS_TYPE_EXIT_INFO)              \
	X(VMX_INSTRUCTION_INFO,        0x440E, VMCS_TYPE_EXIT_INFO)              \
	X(GUEST_ES_LIMIT,              0x4800, VMCS_TYPE_GUEST)                  \
	X(GUEST_CS_LIMIT,              0x4802, VMCS_TYPE_GUEST)                  \
	X(GUEST_SS_LIMIT,              0x4804, VMCS_TYPE_GUEST)                  \
	X(GUEST_DS_LIMIT,              0x4806, VMCS_TYPE_GUEST)                  \
	X(GUEST_FS_LIMIT,              0x4808, VMCS_TYPE_GUEST)                  \
	X(GUEST_GS_LIMIT,              0x480A, VMCS_TYPE_GUEST)                  \
	X(GUEST_LDTR_LIMIT,            0x480C, VMCS_TYPE_GUEST)                  \
	X(GUEST_TR_LIMIT,              0x480E, VMCS_TYPE_GUEST)                  \
	X(GUEST_GDTR_LIMIT,            0x4810, VMCS_TYPE_GUEST)                  \
	X(GUEST_IDTR_LIMIT,            0x4812, VMCS_TYPE_GUEST)                  \
	X(GUEST_ES_AR_BYTES,           0x4814, VMCS_TYPE_GUEST)                  \
	X(GUEST_CS_AR_BYTES,           0x4816, VMCS_TYPE_GUEST)                  \
	X(GUEST_SS_AR_BYTES,           0x4818, VMCS_TYPE_GUEST)                  \
	X(GUEST_DS_AR_BYTES,           0x481A, VMCS_TYPE_GUEST)                  \
	X(GUEST_FS_AR_BYTES,           0x481C, VMCS_TYPE_GUEST)                  \
	X(GUEST_GS_AR_BYTES,           0x481E, VMCS_TYPE_GUEST)                  \
	X(GUEST_LDTR_AR_BYTES,         0x4820, VMCS_TYPE_GUEST)                  \
	X(GUEST_TR_AR_BYTES,           0x4822, VMCS_TYPE_GUEST)                  \
	X(GUEST_INTERRUPTIBILITY_INFO, 0x4824, VMCS_TYPE_GUEST)                  \
	X(GUEST_ACTIVITY_STATE,        0x4826, VMCS_TYPE_GUEST)                  \
	X(GUEST_SMBASE,                0x4828, VMCS_TYPE_GUEST)                  \
	X(GUEST_SYSENTER_CS,           0x482A, VMCS_TYPE_GUEST)                  \
	X(VMX_PREEMPTION_TIMER_VALUE,  0x482E, VMCS_TYPE_GUEST)                  \
	X(HOST_IA32_SYSENTER_CS,       0x4C00, VMCS_TYPE_HOST)

#define VMCS_FIELDS_NATURAL(X)                                                   \
	X(CR0_GUEST_HOST_MASK,         0x6000, VMCS_TYPE_CONTROL)                \
	X(CR4_GUEST_HOST_MASK,         0x6002, VMCS_TYPE_CONTROL)                \
	X(CR0_READ_SHADOW,             0x6004, VMCS_TYPE_CONTROL)                \
	X(CR4_READ_SHADOW,             0x6006, VMCS_TYPE_CONTROL)                \
	X(CR3_TARGET_VALUE0,           0x6008, VMCS_TYPE_CONTROL)                \
	X(EXIT_QUALIFICATION,          0x6400, VMCS_TYPE_EXIT_INFO)              \
	X(GUEST_LINEAR_ADDRESS,        0x640A, VMCS_TYPE_EXIT_INFO)              \
	X(GUEST_CR0,                   0x6800, VMCS_TYPE_GUEST)                  \
	X(GUEST_CR3,                   0x6802, VMCS_TYPE_GUEST)                  \
	X(GUEST_CR4,                   0x6804, VMCS_TYPE_GUEST)                  \
	X(GUEST_ES_BASE,               0x6806, VMCS_TYPE_GUEST)                  \
	X(GUEST_CS_BASE,               0x6808, VMCS_TYPE_GUEST)                  \
	X(GUEST_SS_BASE,               0x680A, VMCS_TYPE_GUEST)                  \
	X(GUEST_DS_BASE,               0x680C, VMCS_TYPE_GUEST)                  \
	X(GUEST_FS_BASE,               0x680E, VMCS_TYPE_GUEST)                  \
	X(GUEST_GS_BASE,               0x6810, VMCS_TYPE_GUEST)                  \
	X(GUEST_LDTR_BASE,             0x6812, VMCS_TYPE_GUEST)                  \
	X(GUEST_TR_BASE,               0x6814, VMCS_TYPE_GUEST)                  \
	X(GUEST_GDTR_BASE,             0x6816, VMCS_TYPE_GUEST)                  \
	X(GUEST_IDTR_BASE,             0x6818, VMCS_TYPE_GUEST)                  \
	X(GUEST_DR7,                   0x681A, VMCS_TYPE_GUEST)                  \
	X(GUEST_RSP,                   0x681C, VMCS_TYPE_GUEST)                  \
	X(GUEST_RIP,                   0x681E, VMCS_TYPE_GUEST)                  \
	X(GUEST_RFLAGS,                0x6820, VMCS_TYPE_GUEST)                  \
	X(GUEST_PENDING_DBG_EXCEPTIONS, 0x6822, VMCS_TYPE_GUEST)                 \
	X(GUEST_SYSENTER_ESP,          0x6824, VMCS_TYPE_GUEST)                  \
	X(GUEST_SYSENTER_EIP,          0x6826, VMCS_TYPE_GUEST)                  \
	X(HOST_CR0,                    0x6C00, VMCS_TYPE_HOST)                   \
	X(HOST_CR3,                    0x6C02, VMCS_TYPE_HOST)                   \
	X(HOST_CR4,                    0x6C04, VMCS_TYPE_HOST)                   \
	X(HOST_FS_BASE,                0x6C06, VMCS_TYPE_HOST)                   \
	X(HOST_GS_BASE,                0x6C08, VMCS_TYPE_HOST)                   \
	X(HOST_TR_BASE,                0x6C0A, VMCS_TYPE_HOST)                   \
	X(HOST_GDTR_BASE,              0x6C0C, VMCS_TYPE_HOST)                   \
	X(HOST_IDTR_BASE,              0x6C0E, VMCS_TYPE_HOST)                   \
	X(HOST_IA32_SYSENTER_ESP,      0x6C10, VMCS_TYPE_HOST)                   \
	X(HOST_IA32_SYSENTER_EIP,      0x6C12, VMCS_TYPE_HOST)                   \
	X(HOST_RSP,                    0x6C14, VMCS_TYPE_HOST)                   \
	X(HOST_RIP,                    0x6C16, VMCS_TYPE_HOST)

#define VMCS_FIELDS(X) VMCS_FIELDS_16(X) VMCS_FIELDS_64(X) VMCS_FIELDS_32(X) \
	VMCS_FIELDS_NATURAL(X)

// Segment registers have their fields in ES, CS, SS, DS, FS, GS, LDTR, TR order, 2 apart:
// the order of SREG_ES..SREG_GS in x86/insn.h (vmm/vmx checks it with _Static_assert).
#define VMCS_SEG_STRIDE 2

// --- control bits (SDM 3C §25.6, §25.7, §25.8) ---

// Pin-based VM-execution controls (§25.6.1)
#define PIN_EXTINT_EXITING      (1u << 0)   // an external interrupt causes a VM exit
#define PIN_NMI_EXITING         (1u << 3)
#define PIN_VIRTUAL_NMIS        (1u << 5)
#define PIN_PREEMPTION_TIMER    (1u << 6)

// Primary processor-based VM-execution controls (§25.6.2, table 25-6)
#define CPU_INTR_WINDOW_EXITING (1u << 2)   // exit as soon as the guest can take an interrupt
#define CPU_TSC_OFFSETTING      (1u << 3)
#define CPU_HLT_EXITING         (1u << 7)
#define CPU_INVLPG_EXITING      (1u << 9)
#define CPU_MWAIT_EXITING       (1u << 10)
#define CPU_RDPMC_EXITING       (1u << 11)
#define CPU_RDTSC_EXITING       (1u << 12)
#define CPU_CR3_LOAD_EXITING    (1u << 15)  // default 1: clear it only through the TRUE MSR
#define CPU_CR3_STORE_EXITING   (1u << 16)  // default 1, likewise
#define CPU_CR8_LOAD_EXITING    (1u << 19)
#define CPU_CR8_STORE_EXITING   (1u << 20)
#define CPU_TPR_SHADOW          (1u << 21)
#define CPU_NMI_WINDOW_EXITING  (1u << 22)
#define CPU_MOV_DR_EXITING      (1u << 23)
#define CPU_UNCOND_IO_EXITING   (1u << 24)  // every in/out/ins/outs exits (no I/O bitmaps)
#define CPU_USE_IO_BITMAPS      (1u << 25)
#define CPU_MONITOR_TRAP_FLAG   (1u << 27)
#define CPU_USE_MSR_BITMAPS     (1u << 28)  // without it every rdmsr/wrmsr exits
#define CPU_MONITOR_EXITING     (1u << 29)
#define CPU_PAUSE_EXITING       (1u << 30)
#define CPU_SECONDARY_CONTROLS  (1u << 31)

// Secondary processor-based VM-execution controls (§25.6.2, table 25-7)
#define CPU2_VIRTUAL_APIC       (1u << 0)
#define CPU2_ENABLE_EPT         (1u << 1)
#define CPU2_DESC_TABLE_EXITING (1u << 2)
#define CPU2_ENABLE_RDTSCP      (1u << 3)
#define CPU2_ENABLE_VPID        (1u << 5)
#define CPU2_WBINVD_EXITING     (1u << 6)
#define CPU2_UNRESTRICTED_GUEST (1u << 7)   // paging off and real mode allowed; needs EPT

// VM-exit controls (§25.7.1)
#define EXIT_SAVE_DEBUG_CONTROLS (1u << 2)
#define EXIT_HOST_ADDR_SPACE_SIZE (1u << 9) // 1 only for a 64-bit host: 0 here
#define EXIT_ACK_INTR_ON_EXIT   (1u << 15)
#define EXIT_SAVE_IA32_PAT      (1u << 18)
#define EXIT_LOAD_IA32_PAT      (1u << 19)
#define EXIT_SAVE_IA32_EFER     (1u << 20)
#define EXIT_LOAD_IA32_EFER     (1u << 21)

// VM-entry controls (§25.8.1)
#define ENTRY_LOAD_DEBUG_CONTROLS (1u << 2)
#define ENTRY_IA32E_MODE_GUEST  (1u << 9)
#define ENTRY_LOAD_IA32_PAT     (1u << 14)
#define ENTRY_LOAD_IA32_EFER    (1u << 15)

// --- capability MSRs (SDM 3D appendix A; MSR numbers in x86/msr.h) ---

// IA32_VMX_BASIC (A.1)
#define VMX_BASIC_REVISION(b)   ((uint32_t)(b) & 0x7FFFFFFF)
#define VMX_BASIC_VMCS_SIZE(b)  ((uint32_t)((b) >> 32) & 0x1FFF)
#define VMX_BASIC_TRUE_CTLS     (1ull << 55)  // the TRUE_* control MSRs exist

// A control MSR (A.3): bits 31:0 are the allowed 0-settings (a 1 there: the control must
// be 1), bits 63:32 the allowed 1-settings (a 0 there: the control must be 0).
#define VMX_CTL_ALLOWED0(m)     ((uint32_t)(m))
#define VMX_CTL_ALLOWED1(m)     ((uint32_t)((m) >> 32))

// IA32_VMX_EPT_VPID_CAP (A.10)
#define EPT_CAP_WALK_4          (1ull << 6)   // page-walk length 4 supported
#define EPT_CAP_MEMTYPE_UC      (1ull << 8)   // EPT structures may be uncacheable
#define EPT_CAP_MEMTYPE_WB      (1ull << 14)  // ... or write-back
#define EPT_CAP_INVEPT          (1ull << 20)
#define EPT_CAP_INVEPT_SINGLE   (1ull << 25)
#define EPT_CAP_INVEPT_ALL      (1ull << 26)
#define EPT_CAP_INVVPID         (1ull << 32)
#define EPT_CAP_INVVPID_SINGLE  (1ull << 41)

// IA32_FEATURE_CONTROL (SDM 4 table 2-2): the BIOS may lock it with VMX allowed or not.
#define FEATURE_CONTROL_LOCK    (1u << 0)
#define FEATURE_CONTROL_VMXON   (1u << 2)     // VMXON allowed outside SMX operation

// --- exit reasons (SDM 3D appendix C) ---
// VM_EXIT_REASON: bits 15:0 the basic reason; bit 31 set when the VM entry itself failed.
#define EXIT_REASON_BASIC(r)    ((r) & 0xFFFF)
#define EXIT_REASON_ENTRY_FAIL  (1u << 31)

// X(number, name, what)
#define EXIT_REASON_LIST(X)                                                     \
	X(0,  EXCEPTION_NMI,      "exception or NMI")                            \
	X(1,  EXTERNAL_INTERRUPT, "external interrupt")                          \
	X(2,  TRIPLE_FAULT,       "triple fault")                                \
	X(3,  INIT_SIGNAL,        "INIT signal")                                 \
	X(4,  SIPI,               "start-up IPI")                                \
	X(5,  IO_SMI,             "I/O SMI")                                     \
	X(6,  OTHER_SMI,          "other SMI")                                   \
	X(7,  INTERRUPT_WINDOW,   "interrupt window")                            \
	X(8,  NMI_WINDOW,         "NMI window")                                  \
	X(9,  TASK_SWITCH,        "task switch")                                 \
	X(10, CPUID,              "CPUID")                                       \
	X(11, GETSEC,             "GETSEC")                                      \
	X(12, HLT,                "HLT")                                         \
	X(13, INVD,               "INVD")                                        \
	X(14, INVLPG,             "INVLPG")                                      \
	X(15, RDPMC,              "RDPMC")                                       \
	X(16, RDTSC,              "RDTSC")                                       \
	X(17, RSM,                "RSM")                                         \
	X(18, VMCALL,             "VMCALL")                                      \
	X(19, VMCLEAR,            "VMCLEAR")                                     \
	X(20, VMLAUNCH,           "VMLAUNCH")                                    \
	X(21, VMPTRLD,            "VMPTRLD")                                     \
	X(22, VMPTRST,            "VMPTRST")                                     \
	X(23, VMREAD,             "VMREAD")                                      \
	X(24, VMRESUME,           "VMRESUME")                                    \
	X(25, VMWRITE,            "VMWRITE")                                     \
	X(26, VMXOFF,             "VMXOFF")                                      \
	X(27, VMXON,              "VMXON")                                       \
	X(28, CR_ACCESS,          "control-register access")                     \
	X(29, DR_ACCESS,          "MOV DR")                                      \
	X(30, IO_INSTRUCTION,     "I/O instruction")                             \
	X(31, RDMSR,              "RDMSR")                                       \
	X(32, WRMSR,              "WRMSR")                                       \
	X(33, INVALID_GUEST_STATE, "VM-entry failure: invalid guest state")      \
	X(34, MSR_LOADING,        "VM-entry failure: MSR loading")               \
	X(36, MWAIT,              "MWAIT")                                       \
	X(37, MONITOR_TRAP_FLAG,  "monitor trap flag")                           \
	X(39, MONITOR,            "MONITOR")                                     \
	X(40, PAUSE,              "PAUSE")                                       \
	X(41, MACHINE_CHECK,      "VM-entry failure: machine-check event")       \
	X(43, TPR_BELOW_THRESHOLD, "TPR below threshold")                        \
	X(44, APIC_ACCESS,        "APIC access")                                 \
	X(45, VIRTUALIZED_EOI,    "virtualized EOI")                             \
	X(46, GDTR_IDTR,          "access to GDTR or IDTR")                      \
	X(47, LDTR_TR,            "access to LDTR or TR")                        \
	X(48, EPT_VIOLATION,      "EPT violation")                               \
	X(49, EPT_MISCONFIG,      "EPT misconfiguration")                        \
	X(50, INVEPT,             "INVEPT")                                      \
	X(51, RDTSCP,             "RDTSCP")                                      \
	X(52, PREEMPTION_TIMER,   "VMX-preemption timer expired")                \
	X(53, INVVPID,            "INVVPID")                                     \
	X(54, WBINVD,             "WBINVD")                                      \
	X(55, XSETBV,             "XSETBV")                                      \
	X(56, APIC_WRITE,         "APIC write")                                  \
	X(57, RDRAND,             "RDRAND")                                      \
	X(58, INVPCID,            "INVPCID")                                     \
	X(59, VMFUNC,             "VMFUNC")                                      \
	X(61, RDSEED,             "RDSEED")                                      \
	X(63, XSAVES,             "XSAVES")                                      \
	X(64, XRSTORS,            "XRSTORS")
#define EXIT_REASON_MAX 65

// --- VM-instruction errors (SDM 3C §31.4, table 31-1) ---
// X(number, message): what VM_INSTRUCTION_ERROR holds after VMfailValid.
#define VMX_ERROR_LIST(X)                                                        \
	X(1,  "VMCALL executed in VMX root operation")                            \
	X(2,  "VMCLEAR with invalid physical address")                            \
	X(3,  "VMCLEAR with VMXON pointer")                                       \
	X(4,  "VMLAUNCH with non-clear VMCS")                                     \
	X(5,  "VMRESUME with non-launched VMCS")                                  \
	X(6,  "VMRESUME after VMXOFF")                                            \
	X(7,  "VM entry with invalid control field(s)")                           \
	X(8,  "VM entry with invalid host-state field(s)")                        \
	X(9,  "VMPTRLD with invalid physical address")                            \
	X(10, "VMPTRLD with VMXON pointer")                                       \
	X(11, "VMPTRLD with incorrect VMCS revision identifier")                  \
	X(12, "VMREAD/VMWRITE from/to unsupported VMCS component")                \
	X(13, "VMWRITE to read-only VMCS component")                              \
	X(15, "VMXON executed in VMX root operation")                             \
	X(16, "VM entry with invalid executive-VMCS pointer")                     \
	X(17, "VM entry with non-launched executive VMCS")                        \
	X(18, "VM entry with executive-VMCS pointer not VMXON pointer")           \
	X(19, "VMCALL with non-clear VMCS")                                       \
	X(20, "VMCALL with invalid VM-exit control fields")                       \
	X(22, "VMCALL with incorrect MSEG revision identifier")                   \
	X(23, "VMXOFF under dual-monitor treatment of SMIs and SMM")              \
	X(24, "VMCALL with invalid SMM-monitor features")                         \
	X(25, "VM entry with invalid VM-execution control fields in executive VMCS") \
	X(26, "VM entry with events blocked by MOV SS")                           \
	X(28, "invalid operand to INVEPT/INVVPID")

// How a VMX instruction ended (SDM 3C §31.2): VMsucceed (CF = ZF = 0), VMfailInvalid (CF = 1:
// no current VMCS to hold an error number), VMfailValid (ZF = 1: VM_INSTRUCTION_ERROR says).
#define VMX_OK            0
#define VMX_FAIL_INVALID  1
#define VMX_FAIL_VALID    2

// --- event information (SDM 3C §25.8.3 entry, §28.2.2 exit, §28.2.4 IDT vectoring) ---
//   31    12  11        10:8   7:0
//  +-----+---+----------+------+--------+
//  |valid| 0 |error code| type | vector |
#define INTR_INFO_VECTOR(i)     ((i) & 0xFF)
#define INTR_INFO_TYPE(i)       (((i) >> 8) & 7)
#define INTR_INFO_ERROR_CODE    (1u << 11)
#define INTR_INFO_VALID         (1u << 31)
#define INTR_TYPE_EXT_INTR      0
#define INTR_TYPE_NMI           2
#define INTR_TYPE_HW_EXCEPTION  3
#define INTR_TYPE_SW_INTR       4   // int n: needs VM_ENTRY_INSTRUCTION_LEN
#define INTR_TYPE_PRIV_SW_EXC   5   // int1
#define INTR_TYPE_SW_EXCEPTION  6   // int3, into

// Guest interruptibility state (§25.4.2, table 25-3)
#define INTERRUPTIBILITY_STI    (1u << 0)   // the instruction after sti
#define INTERRUPTIBILITY_MOV_SS (1u << 1)   // the instruction after mov/pop to SS
#define INTERRUPTIBILITY_SMI    (1u << 2)
#define INTERRUPTIBILITY_NMI    (1u << 3)

// Guest segment access rights (§25.4.1, table 25-2): the descriptor's access byte in bits 7:0,
// its AVL, L, D/B, G flags in bits 15:12 (as struct vcpu_seg's attr), and "unusable".
#define VMX_AR_UNUSABLE         (1u << 16)
#define VMX_AR_TSS32_BUSY       0x8B         // present, system, type 11 (busy 32-bit TSS)

// --- exit qualifications (SDM 3C §28.2.1) ---

// Control-register access (table 28-3)
#define CRQ_CR(q)               ((q) & 0xF)
#define CRQ_TYPE(q)             (((q) >> 4) & 3)
#define CRQ_TYPE_MOV_TO_CR      0
#define CRQ_TYPE_MOV_FROM_CR    1
#define CRQ_TYPE_CLTS           2
#define CRQ_TYPE_LMSW           3
#define CRQ_GPR(q)              (((q) >> 8) & 0xF)   // in encoding order: 0 eax ... 7 edi
#define CRQ_LMSW_DATA(q)        (((q) >> 16) & 0xFFFF)

// I/O instruction (table 28-5)
#define IOQ_SIZE(q)             (((q) & 7) + 1)      // 0: 1 byte, 1: 2 bytes, 3: 4 bytes
#define IOQ_IN                  (1u << 3)
#define IOQ_STRING              (1u << 4)
#define IOQ_REP                 (1u << 5)
#define IOQ_PORT(q)             ((q) >> 16)

// EPT violation (table 28-7)
#define EPTQ_READ               (1u << 0)
#define EPTQ_WRITE              (1u << 1)
#define EPTQ_FETCH              (1u << 2)
#define EPTQ_READABLE           (1u << 3)   // what the entry allowed
#define EPTQ_WRITABLE           (1u << 4)
#define EPTQ_EXECUTABLE         (1u << 5)
#define EPTQ_LINEAR_VALID       (1u << 7)   // GUEST_LINEAR_ADDRESS holds the linear address

// --- EPT (SDM 3C §29.3) ---
//
// A guest-physical address, with a page-walk length of 4 (the top level is unused below 4 GiB):
//   47      39 38      30 29      21 20      12 11          0
//  +----------+----------+----------+----------+-------------+
//  | PML4     | PDPT     | PD       | PT       | offset      |   512 x 8-byte entries each
//  +----------+----------+----------+----------+-------------+
#define EPT_LEVELS      4
#define EPT_ENTRIES     512
#define EPT_SHIFT(l)    (12 + 9 * (l))             // level 0: PT ... level 3: PML4
#define EPT_INDEX(gpa, l) ((unsigned)((gpa) >> EPT_SHIFT(l)) & (EPT_ENTRIES - 1))

// Entry bits (tables 29-1..29-6)
#define EPT_R           (1ull << 0)
#define EPT_W           (1ull << 1)
#define EPT_X           (1ull << 2)
#define EPT_RWX         (EPT_R | EPT_W | EPT_X)
#define EPT_MEMTYPE(t)  ((uint64_t)(t) << 3)        // leaf only: the page's memory type
#define EPT_IGNORE_PAT  (1ull << 6)
#define EPT_LARGE       (1ull << 7)                 // a 2 MiB or 1 GiB page (not used here)
#define EPT_ACCESSED    (1ull << 8)
#define EPT_DIRTY       (1ull << 9)
#define EPT_ADDR        0x000FFFFFFFFFF000ull       // bits 51:12

// Memory types (SDM 3A §12.3)
#define MEMTYPE_UC      0
#define MEMTYPE_WB      6

// EPT pointer (§25.6.11): memory type of the structures, walk length - 1, the PML4 address.
#define EPTP_MEMTYPE(t)    ((uint64_t)(t))
#define EPTP_WALK(n)       ((uint64_t)((n) - 1) << 3)

// INVEPT types (SDM 3C §31.3, INVEPT)
#define INVEPT_SINGLE_CONTEXT 1
#define INVEPT_ALL_CONTEXT    2

// INVVPID types (SDM 3C §31.3, INVVPID)
#define INVVPID_ADDRESS        0
#define INVVPID_SINGLE_CONTEXT 1
#define INVVPID_ALL_CONTEXT    2

#ifndef __ASSEMBLER__
#include <stdint.h>

enum vmcs_field {
#define VMCS_ENUM(name, enc, type) name = enc,
	VMCS_FIELDS(VMCS_ENUM)
#undef VMCS_ENUM
};

enum vmx_exit_reason {
#define EXIT_ENUM(nr, name, what) EXIT_REASON_##name = nr,
	EXIT_REASON_LIST(EXIT_ENUM)
#undef EXIT_ENUM
};

// A VMXON region or a VMCS (§25.2): one 4 KiB page, the revision identifier first.
// The rest is the processor's, in a format of its own: only VMREAD/VMWRITE may touch it.
struct vmcs_region {
	uint32_t revision;          // IA32_VMX_BASIC bits 30:0 (bit 31: shadow VMCS)
	uint32_t abort;             // VMX-abort indicator
	uint8_t data[4096 - 8];
};
_Static_assert(sizeof(struct vmcs_region) == 4096, "a VMCS region is one 4 KiB page");

// The operand of INVEPT (§31.3).
struct invept_desc {
	uint64_t eptp;
	uint64_t reserved;          // must be 0
};
_Static_assert(sizeof(struct invept_desc) == 16, "the INVEPT descriptor is 128 bits");

// The operand of INVVPID (§31.3): the VPID in bits 15:0, the rest of the first half 0.
struct invvpid_desc {
	uint64_t vpid;
	uint64_t linear;            // INVVPID_ADDRESS only
};
_Static_assert(sizeof(struct invvpid_desc) == 16, "the INVVPID descriptor is 128 bits");
#endif

#endif
