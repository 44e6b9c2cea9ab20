// Captures `app.generic` registrations (which df.app.orchestration / activity / entity make)
// the way the Functions worker does: by providing the `@azure/functions-core` module that
// @azure/functions requires, so the real durable-functions handlers (replay engine included)
// are what the backend under test invokes.
import Module from "node:module";

export interface Captured {
  name: string;
  triggerType: string;
  handler: (triggerValue: unknown, context: unknown) => unknown;
}

export const captured = new Map<string, Captured>();

const fakeCore = {
  version: "3.10.1",
  hostVersion: "4.1036.1.23224",
  registerHook: () => ({ dispose() {} }),
  setProgrammingModel: () => undefined,
  getProgrammingModel: () => undefined,
  registerFunction(metadata: { name: string; bindings: Record<string, { type: string; direction: string }> }, handler: Captured["handler"]) {
    const trigger = Object.values(metadata.bindings).find((b) => b.type.toLowerCase().endsWith("trigger"));
    captured.set(metadata.name.toLowerCase(), { name: metadata.name, triggerType: trigger?.type ?? "unknown", handler });
    return { dispose() {} };
  },
  log: () => undefined,
  Disposable: class {
    dispose() {}
  },
};

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const mod = Module as unknown as { _load: Loader };
const original = mod._load;
mod._load = function (request: string, parent: unknown, isMain: boolean) {
  if (request === "@azure/functions-core") return fakeCore;
  return original.call(this, request, parent, isMain);
};
