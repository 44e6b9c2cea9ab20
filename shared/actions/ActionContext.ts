import type { Notifier } from "../notify/createNotifier";
import type { SandboxActivityStore } from "../store/ports";
import type { AzureActionsPort } from "./AzureActionsPort";

/** What executors may use: Azure through its port, the sandbox activity store, the notifier. */
export interface ActionContext {
  azure: AzureActionsPort;
  sandboxActivity: SandboxActivityStore;
  notifier?: Pick<Notifier, "notify">;
  now: () => Date;
}
