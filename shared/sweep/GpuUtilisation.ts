import { z } from "zod";

/**
 * What the metrics said about one running GPU resource over the window: which signal was read
 * (`gpu`: the GPU guest metric; `cpuNetwork`: Percentage CPU with Network In/Out Total, when no
 * GPU metric is published; `amlActiveNodes`: an Azure ML cluster's Active Nodes; `none`: nothing
 * published), the average and peak of that signal, and the running and idle hours.
 */
export const GpuUtilisation = z.object({
  resourceId: z.string(),
  subscriptionId: z.string().toLowerCase(),
  signal: z.enum(["gpu", "cpuNetwork", "amlActiveNodes", "none"]),
  /** The metric names read, as Azure Monitor names them. */
  metric: z.string(),
  windowHours: z.number().int().positive(),
  hoursWithData: z.number().int().nonnegative(),
  hoursIdle: z.number().int().nonnegative(),
  average: z.number().nullable(),
  peak: z.number().nullable(),
  /** Network in + out per hour (MB), for the cpuNetwork signal. */
  networkMBPerHour: z.number().nullable().default(null),
});
export type GpuUtilisation = z.infer<typeof GpuUtilisation>;
