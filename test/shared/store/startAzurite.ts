import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

// Azurite as a child process on free ports (port 0; the real ports are read from its log) with a
// throw-away data folder, so parallel suites never share state or fixed ports.

const DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface AzuriteHandle {
  connectionString: string;
  stop(): Promise<void>;
}

export async function startAzurite(): Promise<AzuriteHandle> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ailz-azurite-"));
  const root = path.resolve(__dirname, "../../..");
  const child: ChildProcess = spawn(
    path.join(root, "node_modules/.bin/node"),
    [path.join(root, "node_modules/azurite/dist/src/azurite.js"), "--location", dir, "--blobPort", "0", "--queuePort", "0", "--tablePort", "0", "--skipApiVersionCheck", "--loose", "--disableTelemetry"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const urls = await new Promise<{ blob: string; table: string }>((resolve, reject) => {
    const found: Record<string, string> = {};
    let log = "";
    const onData = (d: Buffer) => {
      log += d.toString();
      for (const m of log.matchAll(/Azurite (Blob|Table) service is successfully listening at (\S+)/g)) found[m[1]] = m[2];
      if (found.Blob && found.Table) resolve({ blob: found.Blob, table: found.Table });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`azurite exited (${code}): ${log}`)));
  });
  return {
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_KEY};` +
      `BlobEndpoint=${urls.blob}/devstoreaccount1;TableEndpoint=${urls.table}/devstoreaccount1;`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
