import fs from "node:fs";
import path from "node:path";

/**
 * The policy file: `AILZ_POLICY_PATH`, else `guardrails.yaml` in the working directory, else the
 * one next to the app (the repo root, or the deployed package root). Its own module so that
 * `npm start` can validate the same file before it starts anything, without loading the app.
 */
export function policyPath(env: Record<string, string | undefined> = process.env): string {
  if (env.AILZ_POLICY_PATH) return path.resolve(env.AILZ_POLICY_PATH);
  const candidates = [path.resolve("guardrails.yaml"), path.join(__dirname, "..", "guardrails.yaml"), path.join(__dirname, "guardrails.yaml")];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0]!;
}
