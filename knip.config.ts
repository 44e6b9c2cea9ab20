import type { KnipConfig } from "knip";

// Dead-code check (`npm run deadcode`). Entries marked `!` are production: the code that ships
// or that someone runs. Tests are entries too, but not production ones, so `knip --production`
// reports product files and exports that only tests reach. Exports that tests need from live code
// carry a `/** @internal */` tag, which production mode accepts.
const config: KnipConfig = {
  entry: [
    // The Functions app: scripts/build.ts bundles it into dist/main.js (package.json "main"), and
    // the local host loads it (AILZ_APP_ENTRY). vendingApp.ts is the vending-only app that
    // bench/vending.ts and the vending e2e suite start by path.
    "functions/index.ts!",
    "functions/vendingApp.ts!",
    // local/start.ts comes from package.json "start". These are run by path (local/README.md,
    // bench/sweep.ts, bench/support/spawnEmulator.ts), so nothing imports them.
    "local/estate/generate.ts!",
    "bench/support/emulatorProcess.ts!",
    "scripts/*.ts!",
    "bench/*.ts!",
    // The ailz CLI: package.json "bin" (bin/ailz.js) loads cli/main.ts through tsx.
    "cli/main.ts!",
    // The console's front end: console/buildConsoleAssets.ts bundles it for the browser.
    "console/src/main.ts!",
    // Test-side entries: vitest finds test/**/*.test.ts; these apps and processes are started by
    // path (spawnLocal, startHost, build.test.ts, resourceGraphRoute.test.ts, bench/host.ts).
    "test/fixtures/apps/*/index.ts",
    // Guardrail extensions the e2e suites load through AILZ_GUARDRAIL_MODULES.
    "test/fixtures/guardrails/*.ts",
    "test/fixtures/durable/hostApp.ts",
    "test/infra/fixtures/sampleApp.ts",
    "test/local/arm/kql/fixtureEmulatorProcess.ts",
  ],
  project: [
    "functions/**/*.ts!",
    "cli/**/*.ts!",
    "console/**/*.ts!",
    "orchestrations/**/*.ts!",
    "shared/**/*.ts!",
    "local/**/*.ts!",
    "scripts/**/*.ts!",
    "bench/**/*.ts!",
    "test/**/*.ts",
    "*.ts",
  ],
  // test/shared/telemetry/otelTelemetry.test.ts mints a certificate with the system's openssl;
  // test/infra/hooks.test.ts runs Debian's shellcheck on the azd hooks when it is installed.
  ignoreBinaries: ["openssl", "shellcheck"],
};

export default config;
