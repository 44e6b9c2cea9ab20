import type { Telemetry } from "./Telemetry";
import { createConsoleTelemetry, createNoopTelemetry } from "./createConsoleTelemetry";
import { parseAuthenticationString } from "./parseAuthenticationString";

type Env = Record<string, string | undefined>;

// The process-wide telemetry. Callers hold the facade from getTelemetry(); what it forwards to is
// decided once at start-up (startTelemetry), so a module can take its reference at import time.

let impl: Telemetry = createConsoleTelemetry();
let started: Promise<void> | undefined;

const facade: Telemetry = {
  log: (level, message, attributes) => impl.log(level, message, attributes),
  decision: (r) => impl.decision(r),
  action: (r) => impl.action(r),
  eventProcessed: (r) => impl.eventProcessed(r),
  sweepCompleted: (r) => impl.sweepCompleted(r),
  vendingCompleted: (r) => impl.vendingCompleted(r),
  flush: () => impl.flush(),
  shutdown: () => impl.shutdown(),
};

export function getTelemetry(): Telemetry {
  return facade;
}

const MAX_BUFFERED = 5_000;

/**
 * Chooses the implementation from settings: `AILZ_TELEMETRY=off` records nothing;
 * `APPLICATIONINSIGHTS_CONNECTION_STRING` exports to Application Insights through OpenTelemetry
 * (Entra auth from `APPLICATIONINSIGHTS_AUTHENTICATION_STRING`); otherwise JSON lines on the
 * console. Records made while the SDK loads are replayed into it. Idempotent.
 *
 * `loadAfter`: the SDK is only imported once it settles (or at the first flush or shutdown, which
 * must not lose what was recorded); records are buffered from the call on. The app passes "after
 * the first invocation", so a cold start's first request does not wait for the SDK.
 */
export function startTelemetry(env: Env = process.env, loadAfter?: Promise<void>): Promise<void> {
  return (started ??= start(env, loadAfter));
}

async function start(env: Env, loadAfter?: Promise<void>): Promise<void> {
  if (env.AILZ_TELEMETRY === "off") {
    impl = createNoopTelemetry();
    return;
  }
  const connectionString = env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim();
  if (!connectionString) return;

  const fallback = impl;
  let loadNow = () => {};
  const buffered: ((t: Telemetry) => void)[] = [];
  const later = (call: (t: Telemetry) => void) => {
    if (buffered.length < MAX_BUFFERED) buffered.push(call);
  };
  impl = {
    log: (...a) => later((t) => t.log(...a)),
    decision: (r) => later((t) => t.decision(r)),
    action: (r) => later((t) => t.action(r)),
    eventProcessed: (r) => later((t) => t.eventProcessed(r)),
    sweepCompleted: (r) => later((t) => t.sweepCompleted(r)),
    vendingCompleted: (r) => later((t) => t.vendingCompleted(r)),
    // Load now, then flush or shut down what the SDK became (the replayed records included).
    flush: async () => {
      loadNow();
      await started;
      await impl.flush();
    },
    shutdown: async () => {
      loadNow();
      await started;
      await impl.shutdown();
    },
  };
  await Promise.race([loadAfter ?? Promise.resolve(), new Promise<void>((resolve) => (loadNow = resolve))]);
  let next: Telemetry;
  try {
    const auth = parseAuthenticationString(env.APPLICATIONINSIGHTS_AUTHENTICATION_STRING);
    const credential = auth ? new (await import("@azure/identity")).ManagedIdentityCredential(auth.clientId ? { clientId: auth.clientId } : {}) : undefined;
    const { createOtelTelemetry } = await import("./createOtelTelemetry");
    next = await createOtelTelemetry({
      connectionString,
      credential,
      serviceName: env.OTEL_SERVICE_NAME,
      exportIntervalMs: env.AILZ_METRICS_EXPORT_INTERVAL_MS ? Number(env.AILZ_METRICS_EXPORT_INTERVAL_MS) : undefined,
      minLevel: env.AILZ_DEBUG ? "debug" : "info",
      onError: (err) => fallback.log("warn", `telemetry export failed: ${err instanceof Error ? err.message : String(err)}`),
    });
  } catch (err) {
    next = fallback;
    fallback.log("warn", `Application Insights telemetry is off: ${err instanceof Error ? err.message : String(err)}`);
  }
  impl = next;
  for (const call of buffered.splice(0)) call(next);
}

/** @internal Forget the chosen implementation (tests). */
export function resetTelemetry(): void {
  impl = createConsoleTelemetry();
  started = undefined;
}
