/** Orchestrator, activity and event names: constants, so registration and calls cannot drift. */
export const NIGHTLY_SWEEP = "nightlySweep";
export const QUOTA_RECLAIM = "quotaReclaim";
export const KEEP_EVENT = "keep";

export const SweepActivity = {
  listScope: "sweepListScope",
  collectShared: "sweepCollectShared",
  sweepBatch: "sweepBatch",
  startReclaims: "sweepStartReclaims",
  publishReport: "sweepPublishReport",
  reclaimNotify: "quotaReclaimNotify",
  reclaimKeep: "quotaReclaimRecordKeep",
  reclaimLower: "quotaReclaimLower",
} as const;

/** Instance id of a subscription/region/family's reclaim: one at a time per allocation. */
export const reclaimInstanceId = (reclaimId: string) => `quotaReclaim-${reclaimId}`;
