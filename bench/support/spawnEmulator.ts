import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";

export interface EmulatorProcess {
  url: string;
  pid: number;
  loadMs: number;
  /** Peak resident set of the emulator process so far (VmHWM), MB. */
  peakRssMb(): number;
  /** CPU seconds the emulator process has used (user + system). */
  cpuS(): number;
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing flushed. */
  kill(): Promise<void>;
}

const repoRoot = path.resolve(__dirname, "../..");

/** Reads a `/proc/<pid>/status` field in kB (Linux), as MB. */
function procStatusMb(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
}

function procCpuS(pid: number): number {
  // Fields after the ")" of comm: utime and stime are fields 14 and 15 (clock ticks, 100 per second on Linux).
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(rest[11]) + Number(rest[12])) / 100;
}

/** Starts `bench/support/emulatorProcess.ts` on an estate file (resource events on with `events`, state persisted in `dataDir`) and resolves once it listens. */
export async function spawnEmulator(estateFile: string, timeoutMs = 10 * 60_000, opts: { events?: boolean; dataDir?: string } = {}): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ["--max-old-space-size=8192", "--import", "tsx", path.join(__dirname, "emulatorProcess.ts"), estateFile, ...(opts.events ? ["--events"] : []), ...(opts.dataDir ? ["--data-dir", opts.dataDir] : [])], {
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = await new Promise<{ url: string; pid: number; loadMs: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start within ${timeoutMs} ms`)), timeoutMs);
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as { url: string; pid: number; loadMs: number });
      } catch {
        reject(new Error(`emulator printed '${line}' instead of its URL`));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with code ${code} before listening`));
    });
  });
  child.stdout!.resume();
  return {
    ...ready,
    peakRssMb: () => procStatusMb(ready.pid, "VmHWM"),
    cpuS: () => procCpuS(ready.pid),
    async stop() {
      // Closing stdin asks it to close its server and exit; kill only this child if it does not.
      child.stdin!.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}
