// An app entry with only the vending functions, for the vending end-to-end suite and bench: they
// exercise vending through the real host without depending on every other module loading.
// Production and `npm start` use functions/index.ts, which imports these same modules.
import "./vendingOrchestration";
import "./vendingRequests";
import "./vendingActions";
import "./metricsVending";
import "./authWarning";
