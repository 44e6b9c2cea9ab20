import { startEmulator } from "../../../../local/arm/startEmulator";
import { fixtureEstate } from "./fixtureEstate";

// Runs the emulator with the fixture estate in its own process (under tsx, where the route
// families load through routes/index.ts's require) and prints {"url": ...} once listening.
// It stops when its parent closes stdin or sends SIGTERM.
void (async () => {
  const emu = await startEmulator({ port: 0, estate: structuredClone(fixtureEstate), eventsEnabled: false });
  process.stdout.write(`${JSON.stringify({ url: emu.url })}\n`);
  const stop = () => void emu.close().finally(() => process.exit(0));
  process.stdin.on("end", stop);
  process.stdin.resume();
  process.on("SIGTERM", stop);
})();
