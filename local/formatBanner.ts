// The last thing `npm start` prints: where everything is and the key to call it with. README.md
// ("Run it") shows it; test/local/startUpOutput.test.ts keeps the two the same.
import path from "node:path";
import { displayPath } from "./displayPath";
import type { LocalWorld } from "./startLocal";

export function formatBanner(world: Omit<LocalWorld, "host" | "stop">, logLevel: string, cwd = process.cwd()): string[] {
  const keyFile = displayPath(path.join(world.dataDir, "host-keys.json"), cwd);
  const keySource = {
    generated: `  (generated, saved in ${keyFile})`,
    file: `  (from ${keyFile})`,
    env: "  (AILZ_FUNCTION_KEY)",
    option: "",
  }[world.functionKeySource];
  return [
    "ailz is running locally",
    `  Functions host   ${world.hostUrl}/api/...`,
    `  Health           ${world.hostUrl}/api/health`,
    `  Event Grid hook  ${world.hostUrl}/runtime/webhooks/EventGrid?functionName=<name>&code=<key>`,
    world.emulatorUrl ? `  ARM emulator     ${world.emulatorUrl}` : "  ARM emulator     (not running)",
    `  Notifications    ${world.sinkUrl}/messages  (local sink: every channel delivers here)`,
    "  Storage          Azurite, AzureWebJobsStorage is set for the app",
    `  Function key     ${world.functionKey}${keySource}`,
    `  Data             ${displayPath(world.dataDir, cwd)}`,
    world.logFile ? `  Log              ${displayPath(world.logFile, cwd)}  (every level; the terminal shows ${logLevel} and above)` : `  Log              terminal only (${logLevel} and above)`,
    "  Ctrl+C stops everything.",
  ];
}
