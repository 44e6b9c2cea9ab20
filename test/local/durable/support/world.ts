// One Azurite child process plus an HTTP server that routes /runtime/webhooks/durabletask to a
// durable backend under test, and a stock DurableClient built from the backend's binding data.
import "./captureFunctions";
import http from "node:http";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import { startAzurite, type Azurite } from "../../../../local/azurite/startAzurite";
import { createDurableBackend, type LocalDurableBackend } from "../../../../local/durable/createDurableBackend";
import type { FunctionInvoker } from "../../../../local/durable/types";
import { freePort } from "./freePort";
import { testInvoker } from "./testInvoker";

export interface World {
  azurite: Azurite;
  server: http.Server;
  baseUrl: string;
  backend: LocalDurableBackend;
  client: df.DurableClient;
  dataDir: string;
  /** Replace the backend (stop the old one first) with a new one on the same storage. */
  newBackend(): Promise<LocalDurableBackend>;
  close(): Promise<void>;
}

export const FUNCTION_KEY = "test-function-key";

export async function startWorld(opts: { taskHub: string; invoker?: FunctionInvoker }): Promise<World> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "ailz-durable-"));
  const [blob, queue, table] = [await freePort(), await freePort(), await freePort()];
  const azurite = await startAzurite({ dataDir, ports: { blob, queue, table } });
  let backend: LocalDurableBackend | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const handled = backend ? await backend.handle(req, res, Buffer.concat(chunks)) : false;
        if (!handled) {
          res.writeHead(404);
          res.end();
        }
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // durable-functions rewrites binding URLs to localhost:7071 unless WEBSITE_HOSTNAME names the host
  process.env.WEBSITE_HOSTNAME = baseUrl.replace("http://", "");
  const make = async () => {
    const b = createDurableBackend({
      invoker: opts.invoker ?? testInvoker(),
      storageConnectionString: azurite.connectionString,
      taskHub: opts.taskHub,
      hostBaseUrl: baseUrl,
      functionKey: FUNCTION_KEY,
      log: process.env.AILZ_DURABLE_TEST_LOG ? (level, msg) => console.log(`[durable ${level}] ${msg}`) : () => undefined,
    });
    await b.start();
    return b;
  };
  backend = await make();
  const world: World = {
    azurite,
    server,
    baseUrl,
    dataDir,
    backend,
    client: clientFor(backend),
    async newBackend() {
      backend = await make();
      world.backend = backend;
      world.client = clientFor(backend);
      return backend;
    },
    async close() {
      await backend?.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await azurite.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

function clientFor(backend: LocalDurableBackend): df.DurableClient {
  const input = df.input.durableClient();
  const context = new InvocationContext({ functionName: "testClient", invocationId: "test", options: { extraInputs: [input] } as never });
  context.extraInputs.set(input, backend.clientBindingData());
  return df.getClient(context);
}

/** Polls the status until `done` holds; the test's own timeout bounds the wait. */
export async function waitForStatus(client: df.DurableClient, instanceId: string, done: (s: df.DurableOrchestrationStatus) => boolean, opts: { showHistory?: boolean } = {}): Promise<df.DurableOrchestrationStatus> {
  for (;;) {
    const s = await client.getStatus(instanceId, { showHistory: opts.showHistory, showHistoryOutput: opts.showHistory }).catch((err: unknown) => {
      if (process.env.AILZ_DURABLE_TEST_LOG) console.log(`getStatus: ${String(err)}`);
      return undefined;
    });
    if (s && done(s)) return s;
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const finished = (s: df.DurableOrchestrationStatus): boolean => ["Completed", "Failed", "Terminated"].includes(s.runtimeStatus);
