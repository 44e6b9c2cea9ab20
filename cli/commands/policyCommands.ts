import fs from "node:fs";
import type { Command } from "commander";
import { loadPolicy } from "../../shared/config/loadPolicy";
import { PolicyError } from "../../shared/config/PolicyError";
import type { Context } from "../Context";
import { UsageError } from "../UsageError";

/** The policy file ailz would load: AILZ_POLICY_PATH, else ./guardrails.yaml. */
const defaultPolicyFile = () => process.env.AILZ_POLICY_PATH ?? "guardrails.yaml";

/**
 * `ailz policy validate [file]`: the very check start-up makes (loadPolicy), so the errors are the
 * same `file:line:col field: message` lines. Exit 1 when invalid, 2 when the file cannot be read.
 */
function validatePolicy(ctx: Context, file: string | undefined): number {
  const path = file ?? defaultPolicyFile();
  if (!fs.existsSync(path)) throw new UsageError(`policy file ${path}: no such file`);
  try {
    const policy = loadPolicy(path, { env: process.env });
    const on = Object.entries(policy.guardrails).filter(([, g]) => (g as { mode: string }).mode !== "off");
    if (ctx.json) ctx.io.json({ file: path, valid: true, guardrails: Object.fromEntries(on.map(([n, g]) => [n, (g as { mode: string }).mode])) });
    else ctx.io.out(`${path}: valid (${on.length} guardrails on: ${on.map(([n, g]) => `${n}=${(g as { mode: string }).mode}`).join(", ")})`);
    return 0;
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    if (ctx.json) ctx.io.json({ file: path, valid: false, issues: e.issues });
    else ctx.io.err(`ailz: ${e.message}`);
    return 1;
  }
}

export function registerPolicyCommands(program: Command, run: (fn: (ctx: Context) => Promise<number> | number) => () => Promise<void>): Command {
  const policy = program.command("policy").description("check a guardrails.yaml, or preview what it would change");
  policy
    .command("validate [file]")
    .description("validate a policy file exactly as start-up does (default: AILZ_POLICY_PATH or guardrails.yaml)")
    .action((file: string | undefined) => run((ctx) => validatePolicy(ctx, file))());
  return policy;
}
