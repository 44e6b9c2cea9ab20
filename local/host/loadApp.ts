// Loads the function app's entry module with the core module in place, capturing every
// registration `@azure/functions` makes, then runs the app's appStart hooks. This is the one
// registration list: the same code registers the same functions in Azure.
import fs from "node:fs";
import path from "node:path";
import { installCoreModule } from "./installCoreModule";
import { getHooks, workerState, type AppRegistrations } from "./workerState";

export async function loadApp(entry: string): Promise<AppRegistrations> {
  const file = path.resolve(entry);
  if (!fs.existsSync(file)) throw new Error(`appEntry: file not found: ${file}`);
  const known = workerState.apps.get(file);
  // Node caches modules: a second host over the same entry in one process reuses the capture.
  if (known) return known;

  installCoreModule();
  const app: AppRegistrations = { entry: file, functions: new Map() };
  workerState.loading = app;
  try {
    // Under `node --import tsx` TypeScript already loads through require (one module graph), and
    // a built JavaScript entry loads through Node's own require as the Functions worker loads it;
    // elsewhere (vitest) tsx's scoped require compiles a TypeScript app (tsx is a dev tool, so it
    // is only required on that path).
    if (require.extensions[".ts"] || !/\.[cm]?tsx?$/.test(file)) require(file);
    else (require("tsx/cjs/api") as typeof import("tsx/cjs/api")).require(file, __filename);
  } finally {
    workerState.loading = undefined;
  }
  workerState.apps.set(file, app);

  const model = workerState.programmingModel;
  if (app.functions.size > 0 && !model) throw new Error("The app registered functions but set no programming model.");
  if (model?.getCapabilities) {
    const caps = await model.getCapabilities({});
    if (caps.HttpUri) throw new Error("HTTP streaming (app.setup({ enableHttpStream: true })) is not supported by the local host.");
  }
  for (const hook of getHooks("appStart")) {
    await hook({ hookData: {}, appHookData: workerState.appHookData, functionAppDirectory: path.dirname(file) });
  }
  return app;
}
