// Process-wide worker state, as in the real Node worker: one programming model, one set of
// hooks, and the functions each app entry registered while it was being loaded. `@azure/functions`
// remembers that it has set its programming model, so this state must outlive a single host.
import type { FunctionCallback, FunctionMetadata, HookCallback, HookData, HookName, ProgrammingModel } from "./coreTypes";

export interface RegisteredFunction {
  metadata: FunctionMetadata;
  callback: FunctionCallback;
}

export interface AppRegistrations {
  entry: string;
  functions: Map<string, RegisteredFunction>;
}

export const workerState = {
  programmingModel: undefined as ProgrammingModel | undefined,
  hooks: new Map<HookName, HookCallback[]>(),
  appHookData: {} as HookData,
  /** The app whose modules are being required right now; registrations land here. */
  loading: undefined as AppRegistrations | undefined,
  apps: new Map<string, AppRegistrations>(),
};

export function getHooks(name: HookName): HookCallback[] {
  return workerState.hooks.get(name) ?? [];
}
