// The trigger binding of a registered function (exactly one binding whose type ends in "Trigger").
import type { RpcBindingInfo } from "./coreTypes";
import type { RegisteredFunction } from "./workerState";

export interface TriggerBinding {
  name: string;
  type: string;
  binding: RpcBindingInfo;
}

export function triggerOf(fn: RegisteredFunction): TriggerBinding {
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    if (binding.direction === "in" && typeof binding.type === "string" && /trigger$/i.test(binding.type)) {
      return { name, type: binding.type, binding };
    }
  }
  throw new Error(`Function "${fn.metadata.name}" has no trigger binding.`);
}
