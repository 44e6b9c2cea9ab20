// Runs registered functions: assembles the RPC InvocationRequest the real host would send
// (trigger data, input bindings such as durableClient, trigger metadata), invokes it through the
// programming model, logs one line per invocation, and implements the durable backend's
// FunctionInvoker on top.
import { randomUUID } from "node:crypto";
import type { RpcInvocationResponse, RpcLogCategory, RpcLogLevel, RpcParameterBinding, RpcTypedData } from "./coreTypes";
import type { DurableLog as Log, DurableTriggerType, FunctionInvoker } from "../durable/types";
import { invokeFunction } from "./invokeFunction";
import { triggerOf } from "./triggerOf";
import { fromTypedData, toTypedData } from "./typedData";
import { getHooks, workerState, type AppRegistrations, type RegisteredFunction } from "./workerState";

/** `app.hook.log` handlers see each log first and may change its level or message (as in the worker). */
function runLogHooks(level: RpcLogLevel, category: RpcLogCategory, message: string): { level: RpcLogLevel; message: string } {
  const hooks = getHooks("log");
  if (hooks.length === 0) return { level, message };
  const ctx = { hookData: {}, appHookData: workerState.appHookData, level, category, message, invocationContext: undefined };
  for (const hook of hooks) {
    try {
      void hook(ctx);
    } catch {
      // a failing log hook must not fail the invocation that logged
    }
  }
  return { level: ctx.level, message: ctx.message };
}

const DURABLE_CLIENT_TYPES = new Set(["durableclient", "orchestrationclient"]);
const DURABLE_TRIGGERS: readonly DurableTriggerType[] = ["orchestrationTrigger", "activityTrigger", "entityTrigger"];

export class InvocationFailure extends Error {
  constructor(
    readonly invocationId: string,
    readonly functionName: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "InvocationFailure";
  }
}

export interface InvocationResult {
  invocationId: string;
  response: RpcInvocationResponse;
}

export interface Invoker extends FunctionInvoker {
  functions(): RegisteredFunction[];
  find(name: string): RegisteredFunction | undefined;
  /** Invoke with the trigger's data; rejects with InvocationFailure when the function throws. */
  invoke(fn: RegisteredFunction, trigger: RpcTypedData | undefined, triggerMetadata?: Record<string, RpcTypedData>): Promise<InvocationResult>;
}

export interface InvokerDeps {
  app: AppRegistrations;
  log: Log;
  /** The durable backend's client binding JSON, when a backend runs. */
  durableClientData: () => Record<string, unknown> | undefined;
}

export function createInvoker({ app, log, durableClientData }: InvokerDeps): Invoker {
  const warned = new Set<string>();

  function inputBindings(fn: RegisteredFunction): RpcParameterBinding[] {
    const out: RpcParameterBinding[] = [];
    for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
      if (binding.direction !== "in" || /trigger$/i.test(String(binding.type))) continue;
      const type = String(binding.type).toLowerCase();
      if (DURABLE_CLIENT_TYPES.has(type)) {
        const data = durableClientData();
        if (!data) throw new Error(`Function "${fn.metadata.name}" uses a durable client but no durable backend is running.`);
        out.push({ name, data: { string: JSON.stringify(data) } });
      } else if (!warned.has(`${fn.metadata.name}/${name}`)) {
        warned.add(`${fn.metadata.name}/${name}`);
        log("warn", `Input binding type "${binding.type}" of function "${fn.metadata.name}" is not supported locally; it receives no value.`);
      }
    }
    return out;
  }

  async function invoke(
    fn: RegisteredFunction,
    trigger: RpcTypedData | undefined,
    triggerMetadata: Record<string, RpcTypedData> = {},
  ): Promise<InvocationResult> {
    const invocationId = randomUUID();
    const name = fn.metadata.name;
    const started = performance.now();
    const t = triggerOf(fn);
    const sys = { MethodName: name, UtcNow: new Date().toISOString(), RandGuid: randomUUID() };
    try {
      const inputData: RpcParameterBinding[] = [{ name: t.name, data: trigger ?? null }, ...inputBindings(fn)];
      const response = await invokeFunction(
        fn,
        { invocationId, inputData, triggerMetadata: { ...triggerMetadata, sys: { json: JSON.stringify(sys) } } },
        (fnName, id, rawLevel, category, rawMessage) => {
          const { level, message } = runLogHooks(rawLevel, category, rawMessage);
          if (category === "system" && (level === "debug" || level === "trace")) return;
          const mapped = level === "error" || level === "critical" ? "error" : level === "warning" ? "warn" : level === "debug" || level === "trace" ? "debug" : "info";
          log(mapped, `[${fnName}] ${message}`, { invocationId: id });
        },
      );
      log("info", `Executed '${name}' (Succeeded, Id=${invocationId}, Duration=${Math.round(performance.now() - started)}ms)`);
      return { invocationId, response };
    } catch (err) {
      log("error", `Executed '${name}' (Failed, Id=${invocationId}, Duration=${Math.round(performance.now() - started)}ms): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      throw new InvocationFailure(invocationId, name, err);
    }
  }

  function find(name: string): RegisteredFunction | undefined {
    return app.functions.get(name.toLowerCase());
  }

  return {
    functions: () => [...app.functions.values()],
    find,
    invoke,
    functionsByTrigger(type) {
      return [...app.functions.values()].filter((f) => triggerOf(f).type.toLowerCase() === type.toLowerCase()).map((f) => f.metadata.name);
    },
    async invokeTrigger(functionName, triggerValue) {
      const fn = find(functionName);
      if (!fn) throw new Error(`No function named "${functionName}" is registered.`);
      const type = triggerOf(fn).type;
      if (!DURABLE_TRIGGERS.some((d) => d.toLowerCase() === type.toLowerCase())) {
        throw new Error(`Function "${functionName}" has a ${type}, not a durable trigger.`);
      }
      try {
        const { response } = await invoke(fn, toTypedData(triggerValue));
        return fromTypedData(response.returnValue);
      } catch (err) {
        // The durable backend records the function's own error, as the extension does.
        throw err instanceof InvocationFailure ? err.cause : err;
      }
    },
  };
}
