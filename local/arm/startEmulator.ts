import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { handleAccrualControl, installAccrual } from "./accrual/installAccrual";
import { armError } from "./armError";
import { handleControl } from "./control";
import { dispatchArm } from "./dispatch";
import { Emulator } from "./Emulator";
import { estateChunks, loadEstate, loadSavedEstate, Persister } from "./persistence";
import { ArmRouter } from "./Router";
import { grantInfraAccess, type InfraAccessOptions } from "./rbac/grantInfraAccess";
import { registerAll } from "./routes";
import { EstateState } from "./state/EstateState";
import type { EstateJson } from "./state/schemas";
import type { EmuResponse } from "./types";

export interface StartEmulatorOptions {
  port?: number;
  host?: string;
  /** Where `estate.json` is persisted; a saved estate there wins over `estate` on start. */
  dataDir?: string;
  estate?: EstateJson | string;
  eventsEnabled?: boolean;
  /** RBAC enforced, ailz's identity holding what infra/roles grants it (rbac/grantInfraAccess.ts); reapplied on every start. */
  infraAccess?: InfraAccessOptions;
}

export interface RunningEmulator {
  url: string;
  emulator: Emulator;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024 * 1024;

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("request body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, method: string, out: EmuResponse, correlationId: string): void {
  const headers: Record<string, string> = {
    "x-ms-request-id": randomUUID(),
    "x-ms-correlation-request-id": correlationId,
    ...(out.headers ?? {}),
  };
  let payload: string | undefined;
  if (out.body !== undefined && out.status !== 204 && method !== "HEAD") {
    payload = typeof out.body === "string" ? out.body : JSON.stringify(out.body);
    headers["content-type"] ??= "application/json; charset=utf-8";
  }
  if (payload === undefined) headers["content-length"] = "0";
  res.writeHead(out.status, headers);
  res.end(payload);
}

export async function startEmulator(opts: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const stateFile = opts.dataDir ? path.join(opts.dataDir, "estate.json") : undefined;
  let state: EstateState;
  if (stateFile && existsSync(stateFile)) state = await loadSavedEstate(stateFile);
  else if (opts.estate !== undefined) state = await loadEstate(opts.estate);
  else state = new EstateState();

  if (opts.infraAccess) {
    grantInfraAccess(state, opts.infraAccess);
    state.settings.rbac = "enforce";
  }
  const emulator = new Emulator(state);
  emulator.events.enabled = opts.eventsEnabled ?? true;
  const persister = stateFile ? new Persister(stateFile, () => emulator.state) : undefined;
  // Changes so far: a request that changed the state is answered once the state is on disk.
  let changes = 0;
  if (persister) {
    emulator.onDirty = () => {
      changes++;
      persister.schedule();
    };
    if (!existsSync(stateFile!) || opts.infraAccess) emulator.markDirty();
  }
  const router = new ArmRouter();
  registerAll(router);
  // Cost accrual follows the clock (local/arm/accrual): accrues now and on every clock change.
  const stopAccrual = installAccrual(emulator);

  const server = http.createServer((req, res) => {
    const correlationId = (req.headers["x-ms-correlation-request-id"] as string | undefined) ?? randomUUID();
    const method = (req.method ?? "GET").toUpperCase();
    void (async () => {
      let out: EmuResponse;
      const changesBefore = changes;
      try {
        const body = await readBody(req);
        const url = new URL(req.url ?? "/", "http://emulator");
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
        headers["x-ms-correlation-request-id"] = correlationId;
        if (method === "GET" && url.pathname.replace(/\/+$/, "").toLowerCase() === "/_emulator/estate") {
          // Streamed: a large estate does not fit in one JSON string.
          res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
          const state = emulator.state;
          for (const chunk of estateChunks(state.toJsonHeader(), state.resources.values())) {
            if (res.destroyed) return;
            if (!res.write(chunk)) await Promise.race([once(res, "drain"), once(res, "close")]);
          }
          res.end();
          return;
        }
        if (url.pathname.toLowerCase().startsWith("/_emulator")) {
          out = handleAccrualControl(emulator, method, url.pathname, body) ?? (await handleControl({ emu: emulator, router, persistError: () => persister?.lastError }, method, url.pathname, url, body));
        } else {
          out = await dispatchArm(emulator, router, { method, url, headers, body });
        }
      } catch (err) {
        out = armError(400, "BadRequest", `The request could not be processed: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (persister && method !== "GET" && changes !== changesBefore) {
        try {
          await persister.durable();
        } catch (err) {
          out = armError(500, "InternalServerError", `The emulator could not persist the change: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (!res.headersSent) send(res, method, out, correlationId);
    })();
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = opts.host && opts.host !== "0.0.0.0" && opts.host !== "::" ? opts.host : "127.0.0.1";
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${addr.port}`;
  emulator.baseUrl = url;

  return {
    url,
    emulator,
    async close() {
      stopAccrual();
      emulator.events.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await persister?.flush();
    },
  };
}
