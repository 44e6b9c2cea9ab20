// Runs `local/start.ts` as `npm start` does, for start-ups that are expected to fail: waits for
// the exit and returns what it printed.
import { spawn } from "node:child_process";
import path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "../..");

export interface StartRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runStart(env: Record<string, string>, timeoutMs = 60_000): Promise<StartRun> {
  const child = spawn(process.execPath, ["--import", "tsx", "local/start.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, AILZ_EXIT_WITH_PARENT: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}
