import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { coreApi, installCoreModule } from "../../../local/host/installCoreModule";
import { workerState } from "../../../local/host/workerState";

describe("installCoreModule", () => {
  it("serves @azure/functions-core to require, createRequire and require.resolve", () => {
    installCoreModule();
    const req = createRequire(__filename);
    expect(req("@azure/functions-core")).toBe(coreApi);
    expect(req.resolve("@azure/functions-core")).toBe("@azure/functions-core");
  });

  it("accepts registrations only while an app is loading, and rejects duplicates", () => {
    const meta = { name: "f1", bindings: { t: { type: "httpTrigger", direction: "in" as const } } };
    expect(() => coreApi.registerFunction(meta, () => undefined)).toThrow(/during app startup/);
    const app = { entry: "x", functions: new Map() };
    workerState.loading = app;
    try {
      const d = coreApi.registerFunction(meta, () => undefined);
      expect(() => coreApi.registerFunction({ ...meta, name: "F1" }, () => undefined)).toThrow(/already registered/);
      d.dispose();
      expect(app.functions.size).toBe(0);
    } finally {
      workerState.loading = undefined;
    }
  });

  it("rejects unknown hook names", () => {
    expect(() => coreApi.registerHook("nope", () => undefined)).toThrow(RangeError);
    const d = coreApi.registerHook("appTerminate", () => undefined);
    expect(workerState.hooks.get("appTerminate")?.length).toBe(1);
    d.dispose();
    expect(workerState.hooks.get("appTerminate")?.length).toBe(0);
  });
});
