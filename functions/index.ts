// The app entry: every function module registers itself on import.
import "./resourceEvents";
import "./exemptions";
import "./findings";
import "./audit";
import "./vendingOrchestration";
import "./vendingRequests";
import "./vendingActions";
import "./metricsVending";
