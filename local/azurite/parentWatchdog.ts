// Preloaded into the Azurite child process (`--import data:...`, so no transpiler is needed
// there): when the process that started Azurite dies (even by SIGKILL, which leaves no chance to
// clean up), Azurite shuts down gracefully through its own SIGTERM handler, so its data is saved
// and its ports are free for the next start.
const WATCHDOG_SOURCE = `
const startParent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid === startParent) return;
  clearInterval(timer);
  process.kill(process.pid, "SIGTERM");
  setTimeout(() => process.exit(0), 10000).unref();
}, 500);
timer.unref();
`;

export const PARENT_WATCHDOG_IMPORT = `data:text/javascript,${encodeURIComponent(WATCHDOG_SOURCE)}`;
