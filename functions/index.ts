// The app entry: every function module registers itself on import.
import "./resourceEvents";
import "./exemptions";
import "./findings";
import "./audit";
import "./vendingOrchestration";
import "./vendingRequests";
import "./vendingActions";
import "./metricsVending";
import "./sweeps";
import "./nightlySweep";
import "./quotaReclaims";
import "./sandboxes";
import "./budgetAlerts";
import "./reports";
import "./quotaSampler";
import "./telemetry";
import "./console";
