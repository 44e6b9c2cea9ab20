// local.settings.json `Values` become process environment variables, as with the Functions
// host: a variable that is already set in the environment wins over the file.
import fs from "node:fs";
import { z } from "zod";

const LocalSettings = z.object({
  IsEncrypted: z.boolean().optional(),
  Values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  ConnectionStrings: z.record(z.string(), z.string()).optional(),
  Host: z.record(z.string(), z.unknown()).optional(),
});

/** Returns the names it set; a missing file sets nothing. */
export function applyLocalSettings(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = LocalSettings.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  if (parsed.data.IsEncrypted) throw new Error(`${file}: IsEncrypted: encrypted settings are not supported locally; store plain values`);
  const set: string[] = [];
  for (const [name, value] of Object.entries(parsed.data.Values ?? {})) {
    if (process.env[name] !== undefined) continue;
    process.env[name] = String(value);
    set.push(name);
  }
  return set;
}

/** Explicit settings (startLocal's `settings`) always apply: the caller asked for them. */
export function applySettings(settings: Record<string, string>): void {
  for (const [name, value] of Object.entries(settings)) {
    if (typeof value !== "string") throw new Error(`settings.${name}: must be a string`);
    process.env[name] = value;
  }
}
