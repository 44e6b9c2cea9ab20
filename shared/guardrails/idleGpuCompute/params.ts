import { z } from "zod";

export const idleGpuComputeName = "idleGpuCompute";

export const idleGpuComputeParams = z
  .object({
    /** A GPU (or, without GPU metrics, CPU) hour below this average is an idle hour. */
    idlePercent: z.number().positive().max(100).default(5),
    /** Without GPU metrics an hour is idle only if network in + out also stayed below this. */
    idleNetworkMBPerHour: z.number().nonnegative().default(50),
    /** How far back the metrics are read. */
    windowHours: z.number().int().min(1).max(24 * 30).default(72),
    /** Hours with data (running) in the window before idleness is claimed. */
    minRunningHours: z.number().int().nonnegative().default(24),
    /** Share of the running hours that must be idle. */
    idleShare: z.number().min(0).max(1).default(0.9),
    /** Where `enforce` deallocates idle running VMs; elsewhere they are flagged. */
    deallocateIdleIn: z.array(z.enum(["sandbox", "dev"])).default(["sandbox", "dev"]),
    /**
     * Days between the notice and the deallocation of an idle dev/sandbox VM (two phases: the
     * first night flags and notifies "would deallocate on <date> unless kept", a night on or after
     * that date deallocates). The owner keeps it running with a keep answer (an exemption of this
     * guardrail on the VM until a date).
     */
    graceDays: z.number().int().nonnegative().default(3),
    /** Longest keep answer an owner may give, in days from the answer. */
    maxKeepDays: z.number().int().positive().max(90).default(30),
    /**
     * Off hours (UTC hours, `from` inclusive to `to` exclusive, may wrap midnight) in which idle
     * dev/sandbox VMs are deallocated once their grace is over; outside it they wait for the next
     * sweep in the window. A resource's or subscription's `offHoursTag` (`"19-7"`) overrides it.
     * Absent: any hour.
     */
    offHours: z.object({ from: z.number().int().min(0).max(23), to: z.number().int().min(0).max(23) }).strict().optional(),
    offHoursTag: z.string().default("ailz-off-hours"),
    /** Tag whose value `dev` marks a dev resource or subscription. */
    environmentTag: z.string().default("environment"),
    /** Where the GPU guest metric comes from (Azure Monitor agent custom metric; the platform publishes none for VMs). */
    gpuMetric: z.object({ namespace: z.string(), name: z.string() }).strict().default({ namespace: "Azure.VM.Linux.GuestMetrics", name: "DCGM_FI_DEV_GPU_UTIL" }),
  })
  .strict();
export type IdleGpuComputeParams = z.infer<typeof idleGpuComputeParams>;

export const idleGpuComputeExample = `
idleGpuCompute:
  mode: dryRun           # enforce: deallocates idle dev/sandbox GPU VMs and stopped-not-deallocated ones, sets idle AML minimums to 0
  params:
    idlePercent: 5
    windowHours: 72
    minRunningHours: 24
    deallocateIdleIn: [sandbox, dev]
    graceDays: 3          # notice first; deallocate 3 days later unless the owner keeps it running
    offHours: { from: 19, to: 7 }   # deallocate only between 19:00 and 07:00 UTC (tag ailz-off-hours: "20-6" overrides)
`;
