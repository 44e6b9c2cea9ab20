import * as df from "durable-functions";
import type { InvocationContext } from "@azure/functions";
import { getTelemetry } from "../shared/telemetry/getTelemetry";
import { createSweepReader } from "../shared/sweep/createSweepReader";
import type { OrchestrationStarter, SweepDeps } from "../orchestrations/sweep/SweepDeps";
import { getAzureActions, getAzureClients, getFindingPublisher, getIdentity, getNotifier, getPolicy, getProvenance, getStores, log } from "./deps";

let deps: SweepDeps | undefined;

/** The sweep's dependencies on top of the composition root (functions/deps.ts), built once. */
export function getSweepDeps(): SweepDeps {
  return (deps ??= {
    policy: getPolicy(),
    reader: createSweepReader(getAzureClients()),
    stores: getStores(),
    notifier: getNotifier(),
    provenance: getProvenance(),
    telemetry: getTelemetry(),
    azure: getAzureActions(),
    publisher: getFindingPublisher(),
    log,
    actor: getIdentity().objectId,
    publicBaseUrl: publicBaseUrl(),
  });
}

/** Where the links in notifications point: AILZ_PUBLIC_URL, else the host's name (the platform and the local host both set WEBSITE_HOSTNAME). */
function publicBaseUrl(): string {
  const url = process.env.AILZ_PUBLIC_URL ?? (process.env.WEBSITE_HOSTNAME ? `http://${process.env.WEBSITE_HOSTNAME}` : undefined);
  if (!url) throw new Error("setting AILZ_PUBLIC_URL: required when WEBSITE_HOSTNAME is not set (the app's public base URL, for links in notifications)");
  return url.replace(/\/+$/, "");
}

const ACTIVE = new Set(["Running", "Pending", "ContinuedAsNew"]);

/** Instance status, or undefined when there is no such instance. */
export async function statusOf(client: df.DurableClient, instanceId: string): Promise<df.DurableOrchestrationStatus | undefined> {
  try {
    return await client.getStatus(instanceId, { showInput: false });
  } catch {
    return undefined;
  }
}

/** Starts orchestrations through the durable client binding of the invocation. */
export function starterFor(context: InvocationContext): OrchestrationStarter {
  const client = df.getClient(context);
  return {
    async startIfAbsent(name, instanceId, input) {
      const s = await statusOf(client, instanceId);
      if (s && ACTIVE.has(String(s.runtimeStatus))) return "running";
      await client.startNew(name, { instanceId, input });
      return "started";
    },
  };
}
