import type { Notifier } from "../notify/createNotifier";
import type { AuditStore, SandboxActivityStore } from "../store/ports";
import type { AzureActionsPort } from "./AzureActionsPort";

/** The one context every executor and the pipeline run with, on the event path and in the sweep alike. */
export interface ActionContext {
  azure: AzureActionsPort;
  sandboxActivity: SandboxActivityStore;
  notifier?: Pick<Notifier, "notify">;
  now: () => Date;
  audit: AuditStore;
  /** Who acts: ailz's own identity. */
  actor: string;
  /** Ties the audit entries to their trigger (event id, sweep night); also makes them idempotent per trigger. */
  correlationId: string;
  /** Where management-group lookups start (moving a decommissioned subscription). */
  rootManagementGroupId: string;
}
