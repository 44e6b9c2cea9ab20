import "../resources/aiHooks";
import "../resources/eventGridHooks";
import "../resources/networkHooks";
import "../resources/virtualMachineHook";
import type { Router } from "../types";
import * as aliases from "./aliases";
import * as authorization from "./authorization";
import * as compute from "./compute";
import * as genericResources from "./genericResources";
import * as locks from "./locks";
import * as managementGroups from "./managementGroups";
import * as operations from "./operations";
import * as providers from "./providers";
import * as resourceGroups from "./resourceGroups";
import * as subscriptions from "./subscriptions";
import * as tags from "./tags";

// Every route family registers here. Families owned by other engineers are loaded with a
// guarded require so that the emulator runs before their files exist.

type RouteModule = { register(router: Router): void };

function optional(load: () => RouteModule, name: string): RouteModule | undefined {
  try {
    return load();
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === "MODULE_NOT_FOUND" && e.message?.includes(name)) return undefined;
    throw err;
  }
}

function ownModules(): RouteModule[] {
  return [aliases, authorization, compute, genericResources, locks, managementGroups, operations, providers, resourceGroups, subscriptions, tags];
}

export function registerAll(router: Router): void {
  const modules: (RouteModule | undefined)[] = [
    ...ownModules(),
    optional(() => require("./resourceGraph"), "resourceGraph"),
    optional(() => require("./cost"), "cost"),
    optional(() => require("./quota"), "quota"),
    optional(() => require("./consumption"), "consumption"),
  ];
  for (const m of modules) m?.register(router);
}
