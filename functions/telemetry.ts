// Telemetry for the whole app: Application Insights through OpenTelemetry when
// APPLICATIONINSIGHTS_CONNECTION_STRING is set, JSON lines on the console otherwise. Functions
// take `getTelemetry()` whenever they like; records made before the SDK has loaded are replayed.
import { app } from "@azure/functions";
import { getTelemetry, startTelemetry } from "../shared/telemetry/getTelemetry";

app.hook.appStart(async () => {
  await startTelemetry(process.env);
});

// The worker stops on scale-in or redeploy: send the last metric interval and buffered logs.
app.hook.appTerminate(async () => {
  await getTelemetry().shutdown();
});
