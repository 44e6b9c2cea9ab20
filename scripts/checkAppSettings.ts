// Checks a deployed Function App's settings against the production settings contract
// (shared/config/appSettings.ts). Key Vault references count as set (the platform resolves them).
//   az functionapp config appsettings list -g <rg> -n <app> -o json > settings.json
//   npx tsx scripts/checkAppSettings.ts settings.json
import { readFileSync } from "node:fs";
import { parseAppSettings } from "../shared/config/appSettings";

const file = process.argv[2];
if (!file) {
  console.error("usage: tsx scripts/checkAppSettings.ts <settings.json from az functionapp config appsettings list>");
  process.exit(2);
}
const rows = JSON.parse(readFileSync(file, "utf8")) as { name: string; value: string | null }[];
const env = Object.fromEntries(rows.map((r) => [r.name, r.value ?? ""]));
try {
  parseAppSettings(env);
  console.log(JSON.stringify({ ok: true, settings: rows.length }));
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
