import type { ResourceFacts } from "../estate/ResourceFacts";
import { powerStateOf } from "./provenance/powerStateOf";

/** A VM that Resource Graph shows deallocated (`properties.extended.instanceView.powerState`). */
export const isDeallocatedVm = (r: ResourceFacts) => r.type === "microsoft.compute/virtualmachines" && /deallocated/i.test(powerStateOf(r) ?? "");
