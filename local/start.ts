// `npm start`: the control plane on this machine. Ctrl+C stops everything (Azurite included).
import path from "node:path";
import { PortInUseError } from "./azurite/checkPortFree";
import { readStartEnv } from "./startConfig";
import { startLocal, type LocalWorld } from "./startLocal";

async function main(): Promise<void> {
  const env = readStartEnv();
  const world: LocalWorld = await startLocal({
    appEntry: env.AILZ_APP_ENTRY,
    hostPort: env.AILZ_HOST_PORT,
    emulatorPort: env.AILZ_EMULATOR_PORT,
    sinkPort: env.AILZ_SINK_PORT,
    azuritePorts: { blob: env.AILZ_AZURITE_BLOB_PORT, queue: env.AILZ_AZURITE_QUEUE_PORT, table: env.AILZ_AZURITE_TABLE_PORT },
    dataDir: env.AILZ_DATA_DIR,
    estate: env.AILZ_ESTATE === "false" ? false : env.AILZ_ESTATE,
  });

  const key = world.functionKeySource === "generated" ? `${world.functionKey}  (generated, saved in ${path.join(world.dataDir, "host-keys.json")})` : world.functionKey;
  const lines = [
    "",
    "ailz is running locally",
    `  Functions host   ${world.hostUrl}/api/...`,
    `  Health           ${world.hostUrl}/api/health`,
    `  Event Grid hook  ${world.hostUrl}/runtime/webhooks/EventGrid?functionName=<name>&code=<key>`,
    world.emulatorUrl ? `  ARM emulator     ${world.emulatorUrl}` : "  ARM emulator     (not running)",
    `  Notifications    ${world.sinkUrl}/messages  (local sink: every channel delivers here)`,
    `  Storage          Azurite, AzureWebJobsStorage is set for the app`,
    `  Function key     ${key}`,
    `  Data             ${world.dataDir}`,
    "  Ctrl+C stops everything.",
    "",
  ];
  process.stdout.write(lines.join("\n") + "\n");
  // One machine-readable line for launchers (test/support/spawnLocal.ts).
  process.stdout.write(
    `AILZ_READY ${JSON.stringify({ hostUrl: world.hostUrl, emulatorUrl: world.emulatorUrl, sinkUrl: world.sinkUrl, functionKey: world.functionKey, storageConnectionString: world.storageConnectionString, dataDir: world.dataDir, pid: process.pid })}\n`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping...\n`);
    world.stop().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`stop failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  if (process.env.AILZ_EXIT_WITH_PARENT === "1") {
    // Launched by a test harness: do not outlive it if it dies without stopping us.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) stop("parent exited");
    }, 1000).unref();
  }
}

main().catch((err) => {
  if (err instanceof PortInUseError) process.stderr.write(`ailz: ${err.message}\n`);
  else process.stderr.write(`ailz: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
