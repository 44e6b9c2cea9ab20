import { DEMO_SUBSCRIPTIONS, FAMILY, subId } from "./demoIds";

// Failover regions of the production workloads (multiRegionReadiness; the cases are in
// test/support/demoExpectations.ts): the subscription tag `secondary-region` declares them, and
// some hold standalone GPU quota there (no quota-group allocation, so idle-quota reclaim leaves it alone).
//   genai-chat-prod  eastus2 -> swedencentral: quota there, but gpt-4o 2024-05-13 is not offered
//   vision-prod      westeurope -> swedencentral: AI Services and GPU quota there (ready)
//   ml-training-prod swedencentral -> eastus2: H100 training with no GPU quota in eastus2
//   assistant-prod, fraud-ml-prod: one region, nothing declared
const SECONDARY: Record<string, string> = { "genai-chat-prod": "swedencentral", "vision-prod": "swedencentral", "ml-training-prod": "eastus2" };
const STANDBY_QUOTA = [
  { key: "genai-chat-prod", location: "swedencentral", family: FAMILY.a100, limit: 48 },
  { key: "vision-prod", location: "swedencentral", family: FAMILY.a100, limit: 48 },
];

const nOf = (key: string) => DEMO_SUBSCRIPTIONS.find((s) => s.key === key)!.n;

/** The subscription's tags with its declared failover region, if it declares one. */
export function withSecondaryRegion<T extends { subscriptionId: string; tags?: Record<string, string> }>(doc: T): T {
  const key = Object.keys(SECONDARY).find((k) => subId(nOf(k)) === doc.subscriptionId);
  return key ? { ...doc, tags: { ...(doc.tags ?? {}), "secondary-region": SECONDARY[key]! } } : doc;
}

/** Standalone GPU quota limits in the failover regions. */
export const standbyQuotaLimits = () => STANDBY_QUOTA.map((q) => ({ subscriptionId: subId(nOf(q.key)), location: q.location, family: q.family, limit: q.limit }));
