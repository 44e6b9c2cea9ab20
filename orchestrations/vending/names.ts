/** The orchestrator's function name. */
export const VEND_SUBSCRIPTION = "vendSubscription";

/** External event the approve / reject / cancel endpoints raise. */
export const VENDING_DECISION_EVENT = "VendingDecision";

/** Activity function names (one per runbook step, plus bookkeeping and compensations). */
export const VendingActivity = {
  loadRequest: "vending_loadRequest",
  awaitApproval: "vending_awaitApproval",
  recordDecision: "vending_recordDecision",
  createSubscription: "vending_createSubscription",
  checkSubscription: "vending_checkSubscription",
  placeSubscription: "vending_placeSubscription",
  registerProviders: "vending_registerProviders",
  checkProviders: "vending_checkProviders",
  assignOwners: "vending_assignOwners",
  createBudget: "vending_createBudget",
  configureNetwork: "vending_configureNetwork",
  allocateGpuQuota: "vending_allocateGpuQuota",
  wireEventGrid: "vending_wireEventGrid",
  recordCatalog: "vending_recordCatalog",
  markFailed: "vending_markFailed",
  releaseAddressRange: "vending_releaseAddressRange",
  removePeerings: "vending_removePeerings",
} as const;
export type VendingActivityName = (typeof VendingActivity)[keyof typeof VendingActivity];
