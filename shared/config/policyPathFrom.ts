import { isAbsolute, join } from "node:path";

/** The policy file: the `AILZ_POLICY_PATH` setting (relative to `cwd`), else `guardrails.yaml` in `cwd`. */
export function policyPathFrom(env: Record<string, string | undefined>, cwd: string): string {
  const configured = env["AILZ_POLICY_PATH"];
  if (!configured) return join(cwd, "guardrails.yaml");
  return isAbsolute(configured) ? configured : join(cwd, configured);
}
