import type { VendingConfig } from "../config/VendingConfig";
import { VendingRequest } from "../estate/VendingRequest";
import { issueField } from "../config/issueField";
import { normalizeRegion } from "./normalizeRegion";
import type { PrincipalDirectory, ResolvedPrincipal } from "./PrincipalDirectory";
import type { SkuCatalog } from "./SkuCatalog";
import type { ValidationIssue } from "./ValidationIssue";

export interface ValidationContext {
  vending: VendingConfig;
  skus: SkuCatalog;
  directory: PrincipalDirectory;
  /** Today, for the sandbox lifetime rule. */
  now: Date;
}

export type ValidationResult =
  | { ok: true; request: VendingRequest; owners: ResolvedPrincipal[] }
  | { ok: false; issues: ValidationIssue[] };

const DAY_MS = 86_400_000;

/**
 * Shape first (zod), then every policy rule, collecting every failing field rather than the first:
 * the requester fixes the whole form in one go. Rules: allowed regions per archetype, GPU family
 * offered in the region, budget ceiling, sandbox lifetime, two regions for prod, owners resolve.
 */
export async function validateVendingRequest(body: unknown, ctx: ValidationContext): Promise<ValidationResult> {
  const shape = VendingRequest.safeParse(body);
  if (!shape.success) {
    return { ok: false, issues: shape.error.issues.map((i) => ({ field: issueField(i), message: i.message })) };
  }
  const r = shape.data;
  const issues: ValidationIssue[] = [];
  const arch = ctx.vending.archetypes[r.archetype];
  const allowed = new Set(arch.allowedRegions.map(normalizeRegion));
  const inPolicy = (region: string) => allowed.has(normalizeRegion(region));

  if (!inPolicy(r.regions.primary)) issues.push({ field: "regions.primary", message: `'${r.regions.primary}' is not allowed for ${r.archetype}; allowed: ${arch.allowedRegions.join(", ")}` });
  if (r.regions.secondary !== undefined) {
    if (!inPolicy(r.regions.secondary)) issues.push({ field: "regions.secondary", message: `'${r.regions.secondary}' is not allowed for ${r.archetype}; allowed: ${arch.allowedRegions.join(", ")}` });
    else if (normalizeRegion(r.regions.secondary) === normalizeRegion(r.regions.primary)) issues.push({ field: "regions.secondary", message: "must differ from regions.primary" });
  } else if (r.environment === "prod") {
    issues.push({ field: "regions.secondary", message: "prod needs a secondary region" });
  }

  if (r.budget.amount > arch.budgetCeiling) issues.push({ field: "budget.amount", message: `${r.budget.amount} exceeds the ${r.archetype} ceiling of ${arch.budgetCeiling}` });

  if (r.archetype === "sandbox") {
    const maxDays = arch.maxSandboxLifetimeDays;
    if (!r.expiresOn) issues.push({ field: "expiresOn", message: "sandboxes need an expiry date" });
    else {
      const days = (Date.parse(`${r.expiresOn}T00:00:00Z`) - Date.parse(`${ctx.now.toISOString().slice(0, 10)}T00:00:00Z`)) / DAY_MS;
      if (days <= 0) issues.push({ field: "expiresOn", message: "must be in the future" });
      else if (maxDays !== undefined && days > maxDays) issues.push({ field: "expiresOn", message: `a sandbox lives at most ${maxDays} days (asked for ${days})` });
    }
  } else if (r.expiresOn !== undefined) {
    issues.push({ field: "expiresOn", message: "only sandboxes expire" });
  }

  if (r.network && r.archetype !== "sandbox" && r.network.size > 28) issues.push({ field: "network.size", message: "a spoke needs at least a /28" });

  for (const [i, q] of r.gpuQuota.entries()) {
    if (!inPolicy(q.region)) {
      issues.push({ field: `gpuQuota.${i}.region`, message: `'${q.region}' is not allowed for ${r.archetype}` });
      continue;
    }
    const offered = await ctx.skus.familiesIn(normalizeRegion(q.region));
    if (!offered.has(q.family.toLowerCase())) issues.push({ field: `gpuQuota.${i}.family`, message: `${q.family} is not offered in ${q.region}` });
  }

  const resolved = await ctx.directory.resolve(r.owners);
  const owners: ResolvedPrincipal[] = [];
  r.owners.forEach((o, i) => {
    const p = resolved.get(o);
    if (!p) issues.push({ field: `owners.${i}`, message: `'${o}' does not resolve to a user, group or service principal` });
    else owners.push(p);
  });

  return issues.length > 0 ? { ok: false, issues } : { ok: true, request: r, owners };
}
