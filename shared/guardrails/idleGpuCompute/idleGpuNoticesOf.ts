import type { FindingRecord } from "../../store/records";
import { idleGpuComputeName } from "./params";

/**
 * The deallocation dates already told to owners: open idleRunning findings whose evidence carries
 * `deallocateOn` (a finding that closed and reopens starts a new notice), by lower-case VM id.
 */
export function idleGpuNoticesOf(open: readonly FindingRecord[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of open) {
    if (f.guardrail !== idleGpuComputeName || f.rule !== "idleRunning" || f.status !== "open") continue;
    const on = f.evidence["deallocateOn"];
    if (typeof on === "string" && /^\d{4}-\d{2}-\d{2}$/.test(on)) out[f.resourceId.toLowerCase()] = on;
  }
  return out;
}
