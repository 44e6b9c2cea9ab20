import { awaitApproval, recordDecision } from "./activities/approval";
import { assignOwners } from "./activities/assignOwners";
import { createBudget } from "./activities/createBudget";
import { allocateGpuQuota } from "./activities/gpuQuota";
import { loadRequest } from "./activities/loadRequest";
import { markFailed } from "./activities/markFailed";
import { configureNetwork, releaseAddressRange, removePeerings } from "./activities/network";
import { placeSubscription } from "./activities/placeSubscription";
import { checkProviders, registerProviders } from "./activities/providers";
import { recordCatalog } from "./activities/recordCatalog";
import { checkSubscription, createSubscription } from "./activities/subscription";
import { wireEventGrid } from "./activities/wireEventGrid";
import { VendingActivity, type VendingActivityName } from "./names";
import type { VendingDeps } from "./VendingDeps";

type VendingActivities = Record<VendingActivityName, (input: never) => Promise<unknown>>;

/** Every vending activity bound to its dependencies, keyed by its registered name. */
export function createVendingActivities(deps: VendingDeps) {
  const bind = <I, O>(fn: (d: VendingDeps, input: I) => Promise<O>) => (input: I) => fn(deps, input);
  return {
    [VendingActivity.loadRequest]: bind(loadRequest),
    [VendingActivity.awaitApproval]: bind(awaitApproval),
    [VendingActivity.recordDecision]: bind(recordDecision),
    [VendingActivity.createSubscription]: bind(createSubscription),
    [VendingActivity.checkSubscription]: bind(checkSubscription),
    [VendingActivity.placeSubscription]: bind(placeSubscription),
    [VendingActivity.registerProviders]: bind(registerProviders),
    [VendingActivity.checkProviders]: bind(checkProviders),
    [VendingActivity.assignOwners]: bind(assignOwners),
    [VendingActivity.createBudget]: bind(createBudget),
    [VendingActivity.configureNetwork]: bind(configureNetwork),
    [VendingActivity.allocateGpuQuota]: bind(allocateGpuQuota),
    [VendingActivity.wireEventGrid]: bind(wireEventGrid),
    [VendingActivity.recordCatalog]: bind(recordCatalog),
    [VendingActivity.markFailed]: bind(markFailed),
    [VendingActivity.releaseAddressRange]: bind(releaseAddressRange),
    [VendingActivity.removePeerings]: bind(removePeerings),
  } satisfies VendingActivities;
}
