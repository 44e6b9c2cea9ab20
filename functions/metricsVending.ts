import { app } from "@azure/functions";
import { VendingRequestState } from "../shared/estate/VendingRequestState";
import { vendingMetrics } from "../shared/vending/vendingMetrics";
import { getStores } from "./deps";
import { handle } from "./http/handle";
import { jsonReply } from "./http/jsonReply";

/** `GET /api/metrics/vending`: requests by outcome, self-service success rate, provisioning time p50/p95. */
app.http("metricsVending", {
  route: "metrics/vending",
  methods: ["GET"],
  authLevel: "function",
  handler: handle(async () => {
    const all = (await getStores().vendingRequests.list()).map((x) => VendingRequestState.parse(x));
    return jsonReply(200, vendingMetrics(all));
  }),
});
