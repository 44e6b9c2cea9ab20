import { VendingRequestState } from "../shared/estate/VendingRequestState";
import { vendingMetrics } from "../shared/vending/vendingMetrics";
import { getStores } from "./deps";
import { APP_ROLES } from "./auth/appRoles";
import { protectedRoute } from "./auth/httpRoute";
import { jsonReply } from "./http/jsonReply";

/** `GET /api/metrics/vending`: requests by outcome, self-service success rate, provisioning time p50/p95. */
protectedRoute("metricsVending", {
  route: "metrics/vending",
  methods: ["GET"],
  access: APP_ROLES.reader,
  handler: async () => {
    const all = (await getStores().vendingRequests.list()).map((x) => VendingRequestState.parse(x));
    return jsonReply(200, vendingMetrics(all));
  },
});
