import { readFileSync } from "node:fs";
import { parsePolicy, type ParsePolicyOptions } from "./parsePolicy";
import { PolicyError } from "./PolicyError";
import type { Policy } from "./Policy";
import { loadGuardrailModules } from "../engine/loadGuardrailModules";

/**
 * Reads and validates the policy file once at start-up, after registering the guardrails of any
 * extension modules `AILZ_GUARDRAIL_MODULES` names. `${NAME:-fallback}` references expand from
 * `opts.env` (default: the process environment).
 */
export function loadPolicy(path: string, opts: ParsePolicyOptions = { env: process.env }): Policy {
  loadGuardrailModules(opts.env?.AILZ_GUARDRAIL_MODULES, path);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new PolicyError(path, [{ line: 0, col: 0, path: "", message: `cannot read policy file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  return parsePolicy(text, path, opts);
}
