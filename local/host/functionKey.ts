// The host's one secret. Locally a single key stands in for Azure's function keys, the host
// (master) key and the `eventgrid_extension` system key: AILZ_FUNCTION_KEY when set, otherwise
// generated on first start and kept in <dataDir>/host-keys.json so it survives restarts.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { StartUpError } from "../StartUpError";

const KeyFile = z.object({ functionKey: z.string().min(16), createdAt: z.string() });

export interface ResolvedKey {
  key: string;
  source: "env" | "option" | "file" | "generated";
  file: string;
}

/**
 * The key start-up will use, validated, without writing anything: undefined means none is set or
 * saved yet, so resolveFunctionKey will generate one.
 */
export function findFunctionKey(dataDir: string, explicit?: string): ResolvedKey | undefined {
  const file = path.join(dataDir, "host-keys.json");
  if (explicit) return { key: validate(explicit, "functionKey"), source: "option", file };
  const fromEnv = process.env.AILZ_FUNCTION_KEY;
  if (fromEnv) return { key: validate(fromEnv, "AILZ_FUNCTION_KEY"), source: "env", file };
  if (!fs.existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new StartUpError(`${file}: not readable as JSON (${err instanceof Error ? err.message : String(err)}); delete it to get a new key`);
  }
  const parsed = KeyFile.safeParse(raw);
  if (!parsed.success) throw new StartUpError(`${file}: functionKey is missing or shorter than 16 characters; delete the file to get a new key`);
  return { key: parsed.data.functionKey, source: "file", file };
}

export function resolveFunctionKey(dataDir: string, explicit?: string): ResolvedKey {
  const found = findFunctionKey(dataDir, explicit);
  if (found) return found;
  const file = path.join(dataDir, "host-keys.json");
  // Azure keys are 40+ URL-safe characters; keep the same feel.
  const key = randomBytes(30).toString("base64url");
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ functionKey: key, createdAt: new Date().toISOString() }, null, 2) + "\n", { mode: 0o600 });
  return { key, source: "generated", file };
}

function validate(key: string, field: string): string {
  if (!/^[A-Za-z0-9_\-=]{8,}$/.test(key)) throw new StartUpError(`${field}: must be at least 8 characters of [A-Za-z0-9_-=]`);
  return key;
}
