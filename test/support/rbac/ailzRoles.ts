import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { builtinRoleActions, outOfBandGrants } from "./builtinRoleActions";

// What infra/ grants ailz's identity, read from infra/ itself: the custom role's actions from
// ailz-operator.actions.json (the file the Bicep loads) and the built-in role names the role
// Bicep files assign (`roles['<name>']` look-ups and the readRoles list), so a role added to or
// removed from the Bicep changes what the least-privilege test allows.

const ROOT = path.resolve(__dirname, "..", "..", "..");
const ROLES_DIR = path.join(ROOT, "infra", "roles");

const OperatorRole = z.object({ roleName: z.string(), actions: z.array(z.string().min(1)).min(1), why: z.record(z.string(), z.string()).optional() });
export type OperatorRole = z.infer<typeof OperatorRole>;

export function readOperatorRole(): OperatorRole {
  return OperatorRole.parse(JSON.parse(fs.readFileSync(path.join(ROLES_DIR, "ailz-operator.actions.json"), "utf8")));
}

/** Built-in role names assigned to the ailz principal in infra/roles/*.bicep (data roles on ailz's own storage etc. live in infra/app and are not estate roles). */
export function assignedBuiltinRoles(): string[] {
  const known = JSON.parse(fs.readFileSync(path.join(ROLES_DIR, "builtin-roles.json"), "utf8")) as Record<string, string>;
  const names = new Set<string>();
  for (const file of fs.readdirSync(ROLES_DIR).filter((f) => f.endsWith(".bicep"))) {
    const text = fs.readFileSync(path.join(ROLES_DIR, file), "utf8");
    for (const m of text.matchAll(/roles\['([^']+)'\]/g)) names.add(m[1]!);
    const list = /var readRoles = \[([\s\S]*?)\]/.exec(text);
    if (list) for (const m of list[1]!.matchAll(/'([^']+)'/g)) names.add(m[1]!);
  }
  for (const n of names) if (!known[n]) throw new Error(`infra/roles assigns "${n}", which builtin-roles.json does not list`);
  return [...names].sort();
}

export interface GrantTable {
  custom: readonly string[];
  builtins: Record<string, readonly string[]>;
}

export function ailzGrants(): GrantTable {
  const builtins: Record<string, readonly string[]> = {};
  for (const name of assignedBuiltinRoles()) {
    const actions = builtinRoleActions[name];
    if (!actions) throw new Error(`test/support/rbac/builtinRoleActions.ts has no actions for the assigned built-in role "${name}"`);
    builtins[name] = actions;
  }
  // The log sink role (assigned on the platform workspace only) is ailz's too.
  const logSink = OperatorRole.parse(JSON.parse(fs.readFileSync(path.join(ROLES_DIR, "ailz-log-sink.actions.json"), "utf8")));
  return { custom: [...readOperatorRole().actions, ...logSink.actions], builtins: { ...builtins, ...outOfBandGrants } };
}
