// The vendSubscription orchestrator and its activities.
import { createVendingActivities } from "../orchestrations/vending/createVendingActivities";
import { registerVending } from "../orchestrations/vending/registerVending";
import { getVendingDeps } from "./vendingDeps";

registerVending(() => createVendingActivities(getVendingDeps()));
