import { startEmulator } from "../../local/arm/startEmulator";

// The ARM emulator in its own process for the sweep bench, so the sweep's peak RSS and CPU are
// measured apart from the emulator's (which holds the whole estate in memory). Usage:
//   node --import tsx bench/support/emulatorProcess.ts <estate file> [--events] [--data-dir <dir>]
// (--events: resource events on, for the chaos bench, whose host is killed while ARM lives on;
// --data-dir: the state is persisted there, and a saved state there wins over the file).
// Prints one JSON line {url, pid, loadMs} once it listens; stops when stdin closes (the parent
// exited or asked it to), so it never outlives the bench.

async function main(file: string | undefined, events: boolean, dataDir: string | undefined): Promise<void> {
  if (!file) throw new Error("usage: emulatorProcess.ts <estate file>");
  const started = Date.now();
  const emu = await startEmulator({ port: 0, estate: file, eventsEnabled: events, dataDir });
  process.stdout.write(`${JSON.stringify({ url: emu.url, pid: process.pid, loadMs: Date.now() - started })}\n`);
  const stop = () => void emu.close().finally(() => process.exit(0));
  process.stdin.on("end", stop);
  process.stdin.on("close", stop);
  process.stdin.resume();
  process.on("SIGTERM", stop);
}

const flag = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

main(process.argv[2], process.argv.includes("--events"), flag("--data-dir")).catch((err: unknown) => {
  process.stderr.write(`emulatorProcess: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
