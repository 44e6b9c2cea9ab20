// Provides `require("@azure/functions-core")` to the app the way the Azure Functions Node worker
// does (setupCoreModule.ts): the module does not exist on disk, so `Module.prototype.require` is
// wrapped to hand out the core API for that one name.
import Module from "node:module";
import { Disposable } from "./Disposable";
import type { FunctionCallback, FunctionMetadata, HookCallback, HookName, ProgrammingModel } from "./coreTypes";
import { workerState } from "./workerState";

const CORE_MODULE = "@azure/functions-core";
const HOOK_NAMES: readonly HookName[] = ["preInvocation", "postInvocation", "appStart", "appTerminate", "log"];

/** The worker version we present; `@azure/functions` only checks that `log` exists for streaming. */
const WORKER_VERSION = "3.10.1";
const HOST_VERSION = "4.1036.1.23224";

function registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
  const app = workerState.loading;
  if (!app) throw new Error("A function can only be registered during app startup.");
  if (!metadata?.name) throw new Error("registerFunction: metadata.name is required");
  if (typeof callback !== "function") throw new Error(`registerFunction: the callback of "${metadata.name}" is not a function`);
  const key = metadata.name.toLowerCase();
  if (app.functions.has(key)) throw new Error(`A function named "${metadata.name}" is already registered.`);
  app.functions.set(key, { metadata: { ...metadata, functionId: metadata.functionId ?? metadata.name }, callback });
  return new Disposable(() => {
    if (workerState.loading !== app) throw new Error("A function can only be disposed during app startup.");
    app.functions.delete(key);
  });
}

function registerHook(hookName: string, callback: HookCallback): Disposable {
  if (!HOOK_NAMES.includes(hookName as HookName)) throw new RangeError(`Unrecognized hook "${hookName}"`);
  const name = hookName as HookName;
  const list = workerState.hooks.get(name) ?? [];
  list.push(callback);
  workerState.hooks.set(name, list);
  return new Disposable(() => {
    const current = workerState.hooks.get(name) ?? [];
    workerState.hooks.set(name, current.filter((c) => c !== callback));
  });
}

/** @internal */
export const coreApi = {
  version: WORKER_VERSION,
  get hostVersion(): string {
    return HOST_VERSION;
  },
  registerHook,
  setProgrammingModel(model: ProgrammingModel): void {
    workerState.programmingModel = model;
  },
  getProgrammingModel(): ProgrammingModel | undefined {
    return workerState.programmingModel;
  },
  registerFunction,
  /** Log sink for `workerSystemLog`; set by the host that owns the process. */
  log(level: string, category: string, message: string): void {
    coreLogSink(level, category, message);
  },
  Disposable,
};

let coreLogSink: (level: string, category: string, message: string) => void = () => {};
export function setCoreLogSink(sink: (level: string, category: string, message: string) => void): void {
  coreLogSink = sink;
}

let installed = false;

export function installCoreModule(): void {
  if (installed) return;
  installed = true;
  const proto = Module.prototype as unknown as { require: (id: string) => unknown };
  proto.require = new Proxy(proto.require, {
    apply(target, thisArg, args: unknown[]) {
      if (args[0] === CORE_MODULE) return coreApi;
      return Reflect.apply(target, thisArg, args);
    },
  });
  // Bundlers and `createRequire` go through Module._load rather than the prototype's require;
  // `require.resolve` goes through _resolveFilename and must not fail on a module with no file.
  const mod = Module as unknown as {
    _load: (request: string, parent: unknown, isMain: boolean) => unknown;
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
  };
  const originalResolve = mod._resolveFilename;
  mod._resolveFilename = function (request: string, ...rest: unknown[]) {
    if (request === CORE_MODULE) return CORE_MODULE;
    return originalResolve.call(this, request, ...rest);
  };
  const originalLoad = mod._load;
  mod._load = function (request: string, parent: unknown, isMain: boolean) {
    if (request === CORE_MODULE) return coreApi;
    return originalLoad.call(this, request, parent, isMain);
  };
}
