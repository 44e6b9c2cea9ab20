import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../shared/config/parsePolicy";
import type { PrincipalDirectory, ResolvedPrincipal } from "../../../shared/vending/PrincipalDirectory";
import type { SkuCatalog } from "../../../shared/vending/SkuCatalog";
import { validateVendingRequest } from "../../../shared/vending/validateVendingRequest";
import { approvalReasons } from "../../../shared/vending/approvalReasons";
import { requestIdFor } from "../../../shared/vending/requestIdFor";
import { A100, ALICE, TEAM_GROUP, requestBody } from "../../orchestrations/vending/vendingWorld";

const policyText = fs.readFileSync(path.resolve(__dirname, "../../../guardrails.yaml"), "utf8");
const vending = parsePolicy(policyText, "guardrails.yaml", { env: {} }).vending!;

const skus: SkuCatalog = {
  async familiesIn(region) {
    return new Set(region === "eastus2" || region === "swedencentral" ? [A100.toLowerCase()] : []);
  },
};
const people: ResolvedPrincipal[] = [
  { objectId: ALICE.objectId, type: "User", upn: ALICE.upn },
  { objectId: TEAM_GROUP.objectId, type: "Group" },
];
const directory: PrincipalDirectory = {
  async resolve(entries) {
    return new Map(entries.flatMap((e) => {
      const p = people.find((x) => x.objectId === e || x.upn === e);
      return p ? [[e, p] as const] : [];
    }));
  },
};
const now = new Date("2026-03-01T10:00:00Z");
const ctx = { vending, skus, directory, now };
const fields = async (body: unknown) => {
  const r = await validateVendingRequest(body, ctx);
  return r.ok ? [] : r.issues.map((i) => i.field);
};

describe("validateVendingRequest", () => {
  it("refuses unknown keys by name, at any depth, and says each limit it enforces", async () => {
    const { costCenter, ...rest } = requestBody("corp", {}) as Record<string, unknown>;
    expect(await fields({ ...rest, costCentre: costCenter })).toEqual(expect.arrayContaining(["costCenter", "costCentre"]));
    expect(await fields({ ...requestBody("corp", {}), budget: { amount: 100, treshold: [50] } })).toEqual(["budget.treshold"]);
    const long = await validateVendingRequest({ ...requestBody("corp", {}), costCenter: "c".repeat(65), owners: Array.from({ length: 21 }, (_, i) => `u${i}@contoso.com`) }, ctx);
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.issues.map((i) => `${i.field}: ${i.message}`).sort()).toEqual(["costCenter: at most 64 characters", "owners: at most 20 owners"]);
  });

  it("accepts a valid request per archetype and returns the resolved owners", async () => {
    for (const a of ["corp", "online", "sandbox"] as const) {
      const body = requestBody(a, a === "sandbox" ? { expiresOn: "2026-04-01" } : a === "online" ? { gpuQuota: [] } : {});
      const r = await validateVendingRequest(body, ctx);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (r.ok) expect(r.owners.map((o) => o.objectId)).toEqual([ALICE.objectId, TEAM_GROUP.objectId]);
    }
  });

  it.each([
    ["naming rule", { workloadName: "Has Spaces" }, "workloadName"],
    ["region not allowed for the archetype", { regions: { primary: "westeurope" } }, "regions.primary"],
    ["GPU family not offered in the region", { regions: { primary: "swedencentral" }, gpuQuota: [{ family: "standardNDSH100v5Family", region: "swedencentral", cores: 8 }] }, "gpuQuota.0.family"],
    ["GPU region not allowed", { gpuQuota: [{ family: A100, region: "japaneast", cores: 8 }] }, "gpuQuota.0.region"],
    ["budget over the archetype ceiling", { budget: { amount: 50_001 } }, "budget.amount"],
    ["prod without a secondary region", { environment: "prod" }, "regions.secondary"],
    ["secondary equal to primary", { environment: "prod", regions: { primary: "eastus2", secondary: "eastus2" } }, "regions.secondary"],
    ["owner that does not resolve", { owners: [ALICE.upn, "ghost@contoso.com"] }, "owners.1"],
    ["expiry on a non-sandbox", { expiresOn: "2026-03-10" }, "expiresOn"],
  ])("400s a corp request with %s", async (_name, override, field) => {
    expect(await fields(requestBody("corp", override))).toEqual([field]);
  });

  it("holds sandboxes to their maximum lifetime and needs an expiry", async () => {
    expect(await fields(requestBody("sandbox", { expiresOn: "2026-06-01" }))).toEqual(["expiresOn"]);
    expect(await fields(requestBody("sandbox", { expiresOn: undefined }))).toEqual(["expiresOn"]);
    expect(await fields(requestBody("sandbox", { expiresOn: "2026-02-01" }))).toEqual(["expiresOn"]);
    expect(await fields(requestBody("sandbox", { expiresOn: "2026-05-30" }))).toEqual([]);
  });

  it("lists every failing field at once", async () => {
    const f = await fields(requestBody("online", { environment: "prod", regions: { primary: "japaneast" }, budget: { amount: 1e6 }, owners: ["nobody"] }));
    expect(f.sort()).toEqual(["budget.amount", "owners.0", "regions.primary", "regions.secondary"].sort());
  });
});

describe("approvalReasons and requestIdFor", () => {
  it("asks for approval for prod, large GPU asks and large budgets only", () => {
    const r = (o: Record<string, unknown>) => approvalReasons(requestBody("corp", o) as never, vending);
    expect(r({})).toEqual([]);
    expect(r({ environment: "prod" })).toEqual(["prod environment"]);
    expect(r({ gpuQuota: [{ family: A100, region: "eastus2", cores: 97 }] })[0]).toMatch(/97 GPU cores/);
    expect(r({ budget: { amount: 10_001 } })[0]).toMatch(/budget 10001/);
  });

  it("maps one key to one stable request id", () => {
    expect(requestIdFor("k-1")).toBe(requestIdFor("k-1"));
    expect(requestIdFor("k-1")).not.toBe(requestIdFor("k-2"));
    expect(requestIdFor("k-1")).toMatch(/^vr-[0-9a-f]{24}$/);
  });
});
