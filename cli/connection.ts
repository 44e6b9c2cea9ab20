import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { UsageError } from "./UsageError";

/** Where and as whom the CLI talks to ailz. */
export interface Connection {
  baseUrl: string;
  key?: string;
  /** Locally (no Easy Auth) the key holder may say who it is: sent as `x-ms-client-principal`. */
  principal?: { name: string; objectId?: string; roles: string[] };
  /** An Entra ID access token for ailz's app registration (Easy Auth validates it in Azure). */
  token?: string;
}

const Profile = z
  .object({
    url: z.url().optional(),
    key: z.string().min(1).optional(),
    principal: z.object({ name: z.string().min(1), objectId: z.string().optional(), roles: z.array(z.string()).default([]) }).optional(),
  })
  .strict();

export interface ConnectionFlags {
  url?: string;
  key?: string;
  profile?: string;
  as?: string;
  role?: string[];
  token?: string;
}

/** The profile file: --profile, else AILZ_PROFILE, else ~/.config/ailz/profile.json when it exists. */
function readProfile(flags: ConnectionFlags, env: NodeJS.ProcessEnv): z.infer<typeof Profile> {
  const explicit = flags.profile ?? env.AILZ_PROFILE;
  const file = explicit ?? path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), ".config"), "ailz", "profile.json");
  if (!fs.existsSync(file)) {
    if (explicit) throw new UsageError(`--profile: no such file ${explicit}`);
    return {};
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`profile ${file}: not JSON (${(e as Error).message})`);
  }
  const r = Profile.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new UsageError(`profile ${file}: ${i.path.join(".") || "(root)"}: ${i.message}`);
  }
  return r.data;
}

/** Flags first, then AILZ_URL / AILZ_KEY / AILZ_AS, then the profile file. */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Connection {
  const profile = readProfile(flags, env);
  const baseUrl = flags.url ?? env.AILZ_URL ?? profile.url;
  if (!baseUrl) throw new UsageError("no ailz to talk to: give --url, set AILZ_URL, or put url in the profile file (~/.config/ailz/profile.json)");
  if (!/^https?:\/\//i.test(baseUrl)) throw new UsageError(`--url: must start with http:// or https:// (got ${baseUrl})`);
  const as = flags.as ?? env.AILZ_AS;
  const roles = flags.role && flags.role.length > 0 ? flags.role : (env.AILZ_ROLES?.split(",").filter(Boolean) ?? []);
  const principal = as ? { name: as, roles } : profile.principal;
  return { baseUrl: baseUrl.replace(/\/+$/, ""), key: flags.key ?? env.AILZ_KEY ?? profile.key, principal, token: flags.token ?? env.AILZ_TOKEN };
}
