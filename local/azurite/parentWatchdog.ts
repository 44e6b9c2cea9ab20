// Preloaded into the Azurite child process (`--import data:...`, so no transpiler is needed
// there): when the process that started Azurite dies (even by SIGKILL, which leaves no chance to
// clean up), Azurite shuts down gracefully through its own SIGTERM handler, so its data is saved
// and its ports are free for the next start.
const WATCHDOG_SOURCE = `
const startParent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid === startParent) return;
  clearInterval(timer);
  // The parent held the other end of our stdout/stderr pipes: a shutdown log line would now fail
  // with EPIPE and kill the process before Azurite saves its data, so writes go nowhere.
  for (const s of [process.stdout, process.stderr]) { s.on("error", () => {}); s.write = () => true; }
  process.kill(process.pid, "SIGTERM");
  setTimeout(() => process.exit(0), 10000).unref();
}, 500);
timer.unref();
`;

export const PARENT_WATCHDOG_IMPORT = `data:text/javascript,${encodeURIComponent(WATCHDOG_SOURCE)}`;
