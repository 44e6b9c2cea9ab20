import type { ResourceFacts } from "../../estate/ResourceFacts";

/** A VM's power state as Resource Graph shows it (`properties.extended.instanceView.powerState.code`), e.g. `PowerState/deallocated`. */
export function powerStateOf(r: ResourceFacts): string | undefined {
  const code = (r.properties["extended"] as { instanceView?: { powerState?: { code?: string } } } | undefined)?.instanceView?.powerState?.code;
  return code ? String(code) : undefined;
}
