import type { TableClient } from "@azure/data-tables";
import type { ContainerClient } from "@azure/storage-blob";
import { asciiJsonBodyPolicy, asciiJsonBodyPolicyName } from "./asciiJsonBodyPolicy";

/**
 * What every table adapter needs: a client per (prefixed) table, created on first use, and the
 * spill container. Every client sends all-ASCII JSON bodies (asciiJsonBodyPolicy).
 */
export interface TableContext {
  table(name: string): Promise<TableClient>;
  /** Blob container for documents too large for one entity; created on first use (most deployments never spill). */
  spill(): Promise<ContainerClient>;
  now(): number;
}

export function createTableContext(opts: {
  tableClient: (fullName: string) => TableClient;
  spillContainer: ContainerClient;
  prefix: string;
  now?: () => number;
}): TableContext {
  const ready = new Map<string, Promise<TableClient>>();
  let spillReady: Promise<ContainerClient> | undefined;
  return {
    now: opts.now ?? (() => Date.now()),
    spill() {
      spillReady ??= opts.spillContainer.createIfNotExists().then(() => opts.spillContainer);
      spillReady.catch(() => (spillReady = undefined));
      return spillReady;
    },
    table(name) {
      const full = opts.prefix + name;
      let p = ready.get(full);
      if (!p) {
        p = (async () => {
          const client = opts.tableClient(full);
          if (!client.pipeline.getOrderedPolicies().some((p) => p.name === asciiJsonBodyPolicyName)) {
            client.pipeline.addPolicy(asciiJsonBodyPolicy(), { phase: "Serialize" });
          }
          try {
            await client.createTable();
          } catch (err) {
            if (statusOf(err) !== 409) throw err;
          }
          return client;
        })();
        p.catch(() => ready.delete(full));
        ready.set(full, p);
      }
      return p;
    },
  };
}

export function statusOf(err: unknown): number | undefined {
  const s = (err as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof s === "number" ? s : undefined;
}
