import { spawn } from "node:child_process";
import path from "node:path";

const BIN = path.resolve(__dirname, "../../bin/ailz.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `ailz` binary (bin/ailz.js, as `npx ailz` does) with pipes for stdout and
 * stderr, so it sees a non-TTY; the environment carries no colour forcing.
 */
export function runCli(args: string[], env: Record<string, string> = {}, cwd = path.resolve(__dirname, "../..")): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const base = { ...process.env };
    for (const k of ["FORCE_COLOR", "AILZ_URL", "AILZ_KEY", "AILZ_PROFILE", "AILZ_AS", "AILZ_ROLES"]) delete base[k];
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
