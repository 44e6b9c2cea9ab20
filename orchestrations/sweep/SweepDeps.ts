import type { Policy } from "../../shared/config/Policy";
import type { AzureActionsPort } from "../../shared/actions/AzureActionsPort";
import type { Notifier } from "../../shared/notify/createNotifier";
import type { Stores } from "../../shared/store/ports";
import type { ProvenanceStore } from "../../shared/sweep/provenance/ProvenanceStore";
import type { SweepReader } from "../../shared/sweep/SweepReader";
import type { Telemetry } from "../../shared/telemetry/Telemetry";
import type { FindingPublisher } from "../../shared/engine/carryOut";
import type { EnforceLog } from "../../shared/enforce/EnforceDeps";

/** Everything the sweep's activities touch; production builds it in functions/sweepDeps.ts, tests hand in memory/emulator ones. */
export interface SweepDeps {
  policy: Policy;
  reader: SweepReader;
  stores: Pick<Stores, "audit" | "findings" | "sandboxState" | "sandboxActivity" | "quotaSamples" | "quotaReclaims" | "budgetAlerts" | "catalog" | "reports" | "exemptions">;
  notifier: Pick<Notifier, "notify">;
  /** Who created / last changed AI and GPU resources (event path + one systemData read each). */
  provenance: ProvenanceStore;
  azure: AzureActionsPort;
  /** ailz's own identity in the audit log. */
  actor: string;
  /** Sweep duration and outcome as metrics (optional: unit tests leave it out). */
  telemetry?: Pick<Telemetry, "sweepCompleted">;
  /** Findings opened and resolved tonight, as CloudEvents (the same topic the event path publishes to). */
  publisher?: FindingPublisher;
  log?: EnforceLog;
  /** Base URL of the app's HTTP API, for the extend / keep links in notifications. */
  publicBaseUrl: string;
}

/** Starts an orchestration unless an instance with that id is pending or running (activities get one per invocation). */
export interface OrchestrationStarter {
  startIfAbsent(name: string, instanceId: string, input: unknown): Promise<"started" | "running">;
}
