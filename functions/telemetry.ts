// Telemetry for the whole app: Application Insights through OpenTelemetry when
// APPLICATIONINSIGHTS_CONNECTION_STRING is set, JSON lines on the console otherwise. Functions
// take `getTelemetry()` whenever they like; records made before the SDK has loaded are replayed.
import { app } from "@azure/functions";
import { getTelemetry, startTelemetry } from "../shared/telemetry/getTelemetry";

// The SDK (sdk-telemetry.js: OpenTelemetry and the Azure Monitor exporter, a few hundred
// milliseconds to compile and set up) loads once the first invocation has finished, not during
// start-up: a cold start's first request does not wait for it. An instance that gets no invocation
// loads it after IDLE_LOAD_MS. What is recorded meanwhile is buffered, then replayed.
const IDLE_LOAD_MS = 10_000;
let firstInvocationDone = () => {};
const afterFirstInvocation = new Promise<void>((resolve) => (firstInvocationDone = resolve));

app.hook.appStart(() => {
  setTimeout(firstInvocationDone, IDLE_LOAD_MS).unref();
  void startTelemetry(process.env, afterFirstInvocation);
});

app.hook.postInvocation(() => {
  firstInvocationDone();
});

// The worker stops on scale-in or redeploy: send the last metric interval and buffered logs.
app.hook.appTerminate(async () => {
  await getTelemetry().shutdown();
});
