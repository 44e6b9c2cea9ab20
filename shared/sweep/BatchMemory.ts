import type { Exemption } from "../estate/Exemption";
import type { QuotaReclaimState } from "../estate/QuotaReclaimState";
import type { QuotaSample } from "../estate/QuotaSample";
import type { SandboxState } from "../estate/SandboxState";

/** What ailz already knows about the batch (the stores), read before evaluating. */
export interface BatchMemory {
  sandboxStates: SandboxState[];
  activities: { sandboxId: string; at: string; by?: string }[];
  /** `budgetAlertKey`s already fired this period. */
  firedKeys: string[];
  samples: QuotaSample[];
  reclaims: QuotaReclaimState[];
  /** Sandbox id (lower-case) -> ids under a management lock; only fetched for sandboxes about to be decommissioned. */
  locks: Record<string, string[]>;
  /** vCPUs per VM size (lower-case name), from the Compute resource SKUs of the regions that hold deallocated VMs. */
  vcpusBySize: Record<string, number>;
  /** The exemptions store's entries (tag exemptions come with the facts). */
  exemptions: Exemption[];
  /**
   * idleGpuCompute's notices still open: lower-case VM id -> the date it was told it would be
   * deallocated (from the open idleRunning finding), so the date given on the first night holds.
   */
  idleGpuNotices?: Record<string, string>;
}
