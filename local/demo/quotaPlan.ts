import { FAMILY, QUOTA_GROUP } from "./demoIds";

// The GPU quota group of the demo (guardrails.yaml quotaGroup: alz/gpu-pool): what each
// subscription holds, and the group's totals. Usage comes from the VMs and AKS pools in the
// estate; `spikes` are past usage that left no resource behind (a job that ran and was deleted),
// which only the quota history remembers.

export interface DemoAllocation {
  sub: string;
  location: string;
  family: string;
  limit: number;
}

export const DEMO_ALLOCATIONS: DemoAllocation[] = [
  { sub: "genai-chat-prod", location: "eastus2", family: FAMILY.a100, limit: 120 },
  { sub: "ml-training-prod", location: "swedencentral", family: FAMILY.h100, limit: 256 },
  { sub: "doc-intel-dev", location: "eastus2", family: FAMILY.a100, limit: 192 },
  { sub: "fraud-ml-prod", location: "swedencentral", family: FAMILY.a100, limit: 96 },
  { sub: "analytics-dev", location: "eastus2", family: FAMILY.t4, limit: 64 },
  { sub: "analytics-dev", location: "eastus2", family: FAMILY.a100, limit: 48 },
  { sub: "vision-prod", location: "westeurope", family: FAMILY.a100, limit: 96 },
  { sub: "recs-dev", location: "westeurope", family: FAMILY.t4, limit: 32 },
  { sub: "sbx-alice", location: "eastus2", family: FAMILY.a100, limit: 24 },
  { sub: "sbx-bob", location: "eastus2", family: FAMILY.t4, limit: 8 },
];

/** Group totals per region and family (allocations plus free quota). */
export const DEMO_GROUP_LIMITS: Array<{ location: string; family: string; limit: number }> = [
  { location: "eastus2", family: FAMILY.a100, limit: 400 },
  { location: "swedencentral", family: FAMILY.a100, limit: 160 },
  { location: "swedencentral", family: FAMILY.h100, limit: 384 },
  { location: "eastus2", family: FAMILY.t4, limit: 96 },
  { location: "westeurope", family: FAMILY.a100, limit: 128 },
  { location: "westeurope", family: FAMILY.t4, limit: 64 },
];

/** Subscription quota outside the group (a support-ticket increase on a hand-made subscription). */
export const DEMO_STANDALONE_LIMITS: DemoAllocation[] = [{ sub: "ml-experiments", location: "eastus2", family: FAMILY.t4, limit: 8 }];

export interface QuotaSpike {
  sub: string;
  location: string;
  family: string;
  cores: number;
  fromDaysAgo: number;
  toDaysAgo: number;
}

/** recs-dev ran a 16-core T4 batch job 14 to 8 days ago: idle today, not idle over the window. */
export const DEMO_QUOTA_SPIKES: QuotaSpike[] = [{ sub: "recs-dev", location: "westeurope", family: FAMILY.t4, cores: 16, fromDaysAgo: 14, toDaysAgo: 8 }];

export { QUOTA_GROUP };
