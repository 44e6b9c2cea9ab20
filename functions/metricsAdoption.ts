import { adoptionMetrics, type SandboxSpend } from "../shared/adoption/adoptionMetrics";
import { SweepReport } from "../shared/report/SweepReport";
import { VendingRequestState } from "../shared/estate/VendingRequestState";
import type { FindingRecord } from "../shared/store/records";
import { readFactsSnapshots } from "../orchestrations/sweep/factsSnapshot";
import { APP_ROLES } from "./auth/appRoles";
import { protectedRoute } from "./auth/httpRoute";
import { getStores } from "./deps";
import { jsonReply } from "./http/jsonReply";

/** The latest report's cost per sandbox experiment, when it has one. */
async function reportedSandboxSpend(): Promise<SandboxSpend | undefined> {
  const reports = getStores().reports;
  const date = await reports.latestDate();
  const text = date ? await reports.get(date, "json") : undefined;
  if (!text) return undefined;
  const report = SweepReport.safeParse(JSON.parse(text));
  const ca = report.success ? report.data.costAttribution : undefined;
  return ca?.sandboxes ? { since: ca.sandboxes.since, currency: ca.currency, rows: ca.sandboxes.rows } : undefined;
}

/**
 * `GET /api/metrics/adoption`: seed 003's adoption metrics on one page: provisioning time and
 * self-service success (vending requests), experiments and their cost (the latest report's cost
 * per sandbox, else the sweep's month to date), models in production vs experiments (the latest
 * sweep's facts), and the shadow-AI trend (findings). Reads only.
 */
protectedRoute("metricsAdoption", {
  route: "metrics/adoption",
  methods: ["GET"],
  access: APP_ROLES.reader,
  handler: async () => {
    const stores = getStores();
    const shadow: FindingRecord[] = [];
    const [requests, snap] = await Promise.all([stores.vendingRequests.list(), readFactsSnapshots(stores.catalog), (async () => {
      let token: string | undefined;
      do {
        const page = await stores.findings.list({ guardrail: "shadowAi", pageSize: 1000, continuationToken: token });
        shadow.push(...page.items);
        token = page.continuationToken;
      } while (token);
    })()]);
    const metrics = adoptionMetrics(requests.map((r) => VendingRequestState.parse(r)), snap?.batches ?? [], shadow, new Date(), { sandboxSpend: await reportedSandboxSpend() });
    return jsonReply(200, { facts: snap ? { sweepId: snap.sweepId, collectedAt: snap.publishedAt } : null, ...metrics });
  },
});
