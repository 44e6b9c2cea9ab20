import { defineConfig } from "vitest/config";

// Integration suites start real servers (host, emulator, Azurite) as child processes,
// so they need generous timeouts and a bounded number of parallel workers on 2 cores.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default"],
  },
});
