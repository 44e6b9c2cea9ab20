import "../resources/aiHooks";
import "../resources/eventGridHooks";
import "../resources/networkHooks";
import "../resources/privateEndpointHooks";
import "../resources/virtualMachineHook";
import type { Router } from "../types";
import * as aliases from "./aliases";
import * as authorization from "./authorization";
import * as cognitiveModels from "./cognitiveModels";
import * as compute from "./compute";
import * as consumption from "./consumption";
import * as cost from "./cost";
import * as diagnosticSettings from "./diagnosticSettings";
import * as eventGrid from "./eventGrid";
import * as genericResources from "./genericResources";
import * as keys from "./keys";
import * as locks from "./locks";
import * as managementGroups from "./managementGroups";
import * as metrics from "./metrics";
import * as operations from "./operations";
import * as providers from "./providers";
import * as quota from "./quota";
import * as resourceGraph from "./resourceGraph";
import * as resourceGroups from "./resourceGroups";
import * as subscriptions from "./subscriptions";
import * as tags from "./tags";

// Every route family of the emulator. Static imports, so vitest and esbuild see them all.
const ROUTE_MODULES: { register(router: Router): void }[] = [
  aliases, authorization, cognitiveModels, compute, consumption, cost, diagnosticSettings, eventGrid, genericResources, keys, locks, managementGroups, metrics,
  operations, providers, quota, resourceGraph, resourceGroups, subscriptions, tags,
];

export function registerAll(router: Router): void {
  for (const m of ROUTE_MODULES) m.register(router);
}
