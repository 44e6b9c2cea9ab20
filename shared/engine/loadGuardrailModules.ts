import path from "node:path";
import { PolicyError } from "../config/PolicyError";
import type { GuardrailModule } from "./GuardrailModule";
import { registerGuardrail } from "./registry";

/**
 * Registers the guardrails of extension modules named in `AILZ_GUARDRAIL_MODULES` (paths separated
 * by commas, relative to the working directory), each exporting `guardrails: GuardrailModule[]`.
 * Called before the policy is parsed, so their policy entries validate like any built-in's. A
 * module that cannot be loaded, or exports no guardrails, stops start-up naming the setting.
 */
export function loadGuardrailModules(spec: string | undefined, policyFile: string): void {
  for (const entry of (spec ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const file = path.resolve(entry);
    let exported: unknown;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
      exported = (require(file) as { guardrails?: unknown }).guardrails;
    } catch (e) {
      throw setting(policyFile, `cannot load ${entry}: ${(e as Error).message.split("\n")[0]}`);
    }
    if (!Array.isArray(exported) || exported.length === 0) throw setting(policyFile, `${entry} exports no guardrails (expected: export const guardrails = [...])`);
    for (const m of exported as GuardrailModule[]) registerGuardrail(m);
  }
}

const setting = (policyFile: string, message: string) => new PolicyError(policyFile, [{ line: 0, col: 0, path: "AILZ_GUARDRAIL_MODULES", message }]);
