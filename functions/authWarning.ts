// A start-up warning when no Easy Auth stands in front of the app: every role-protected route
// will answer 503 (functions/auth/authorize.ts), and the log should say why before anyone calls.
import { app } from "@azure/functions";
import { easyAuthStatus } from "./auth/easyAuthStatus";
import { getTelemetry } from "../shared/telemetry/getTelemetry";

app.hook.appStart(() => {
  const status = easyAuthStatus();
  if (!status.enabled) getTelemetry().log("warn", `role-protected routes will answer 503: ${status.reason}`, { inAzure: status.inAzure });
});
