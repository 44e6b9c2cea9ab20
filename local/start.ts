// `npm start`: the control plane on this machine. Ctrl+C stops everything (Azurite included).
// Start-up prints the registered functions and then the banner, last: until then the terminal
// shows only warnings and errors, and everything goes to the log file as well.
import { policyPath } from "../functions/policyPath";
import { formatBanner } from "./formatBanner";
import { formatFunctionList } from "./formatFunctionList";
import { formatStartUpError } from "./formatStartUpError";
import { createTerminalLog } from "./log/createTerminalLog";
import { debugEnabled, readStartEnv } from "./startConfig";
import { startLocal, type LocalWorld } from "./startLocal";

async function main(): Promise<void> {
  const env = readStartEnv();
  const terminal = createTerminalLog(env.AILZ_LOG_LEVEL);
  const world: LocalWorld = await startLocal({
    appEntry: env.AILZ_APP_ENTRY,
    hostPort: env.AILZ_HOST_PORT,
    emulatorPort: env.AILZ_EMULATOR_PORT,
    sinkPort: env.AILZ_SINK_PORT,
    azuritePorts: { blob: env.AILZ_AZURITE_BLOB_PORT, queue: env.AILZ_AZURITE_QUEUE_PORT, table: env.AILZ_AZURITE_TABLE_PORT },
    dataDir: env.AILZ_DATA_DIR,
    estate: env.AILZ_ESTATE === "false" ? false : env.AILZ_ESTATE,
    policyFile: policyPath(),
    log: terminal.log,
    logFile: env.AILZ_LOG_FILE,
    azuritePersistence: env.AILZ_AZURITE_PERSISTENCE,
  });

  process.stdout.write(["", ...formatFunctionList(world.host), "", ...formatBanner(world, env.AILZ_LOG_LEVEL), ""].join("\n") + "\n");
  terminal.ready();

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
  process.stderr.write(formatStartUpError(err, debugEnabled()));
  process.exit(1);
});
