import { entryOf } from "../config/entryOf";
import type { Policy } from "../config/Policy";
import type { AppliedExemption, Decision } from "../estate/Decision";
import type { Exemption } from "../estate/Exemption";
import { parseResourceId } from "../estate/parseResourceId";
import type { SubscriptionFacts } from "../estate/SubscriptionFacts";
import { dryRunFor } from "./dryRunFor";
import { exemptionCovers } from "./exemptions/exemptionCovers";
import { isExemptionActive } from "./exemptions/isExemptionActive";
import { exemptionFromTags } from "./exemptions/parseExemptTag";
import { inScope } from "./inScope";

/** What the decide step knows beyond the decisions: read once per event or per sweep batch. */
export interface DecideFacts {
  /** A subscription (bare id, lower-case) with its management-group ancestry and tags, when known. */
  subscriptionOf(subscriptionId: string): SubscriptionFacts | undefined;
  /** Tags of a resource or resource group id (lower-case), when known. */
  tagsOf(id: string): Record<string, string> | undefined;
  /** Exemptions from the store (API ones); expired ones are ignored here. */
  exemptions: readonly Exemption[];
}

/** A decision the policy keeps from being made at all, and why. */
export interface Excluded {
  decision: Decision;
  why: "off" | "scope";
}

export interface Decided {
  /** Decisions to carry out (or report): `dryRun` from the mode, `exemption` set where one applies. */
  decisions: Decision[];
  excluded: Excluded[];
}

const groupOf = (id: string) => /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+)/i.exec(id)?.[1];

/**
 * The one decide step of both paths. Per decision: a guardrail that is `off`, or whose scope does
 * not hold the decision's subscription (listed, or under a listed management group; excluded ids
 * never), decides nothing; otherwise `dryRun` follows the mode (bookkeeping always runs), and a
 * flag or act covered by an active exemption — an `ailz-exempt` tag on the resource, its group or
 * its subscription, or an API exemption on any of those or a management group above — carries it
 * (the longest-lasting wins): the pipeline records it but neither acts nor notifies. An unreadable
 * tag exempts nothing; its error rides in the evidence so the owner can mend it. Decisions of
 * names the policy has no entry for (ailz's own bookkeeping) pass unchanged.
 */
export function decide(decisions: readonly Decision[], policy: Policy, now: Date, facts: DecideFacts): Decided {
  const out: Decision[] = [];
  const excluded: Excluded[] = [];
  const active = facts.exemptions.filter((e) => isExemptionActive(e, now));
  const tagExemptions = new Map<string, ReturnType<typeof exemptionFromTags>>();
  const tagExemptionOf = (id: string, tags: Record<string, string> | undefined) => {
    const key = id.toLowerCase();
    let hit = tagExemptions.get(key);
    if (!hit) tagExemptions.set(key, (hit = tags ? exemptionFromTags(tags, id) : {}));
    return hit;
  };

  for (const d of decisions) {
    const entry = entryOf(policy, d.guardrail);
    if (!entry) {
      out.push(d);
      continue;
    }
    if (entry.mode === "off") {
      excluded.push({ decision: d, why: "off" });
      continue;
    }
    const subId = parseResourceId(d.resourceId).subscriptionId?.toLowerCase();
    const sub = subId ? facts.subscriptionOf(subId) : undefined;
    if (subId && !inScope(entry.scope, sub ?? { id: subId, managementGroupPath: [] })) {
      excluded.push({ decision: d, why: "scope" });
      continue;
    }
    const kept: Decision = { ...d, dryRun: dryRunFor(policy, d.guardrail, d.action) };
    if (kept.verdict === "ok") {
      out.push(kept);
      continue;
    }

    const candidates: Exemption[] = [...active];
    const tagErrors: string[] = [];
    const chain = [d.resourceId, groupOf(d.resourceId), subId && `/subscriptions/${subId}`].filter((x): x is string => !!x);
    for (const id of [...new Set(chain.map((x) => x.toLowerCase()))]) {
      const isSub = subId !== undefined && id === `/subscriptions/${subId}`;
      const t = tagExemptionOf(id, isSub ? sub?.tags : facts.tagsOf(id));
      if (t.exemption && isExemptionActive(t.exemption, now)) candidates.push(t.exemption);
      if (t.error) tagErrors.push(t.error);
    }
    const path = sub?.managementGroupPath ?? [];
    const match = candidates.filter((e) => exemptionCovers(e, d.guardrail, d.resourceId, path)).sort((a, b) => endOf(b) - endOf(a))[0];
    if (match) out.push({ ...kept, exemption: applied(match) });
    else out.push(tagErrors.length ? { ...kept, evidence: { ...kept.evidence, exemptTagError: tagErrors.join("; ") } } : kept);
  }
  return { decisions: out, excluded };
}

const endOf = (e: Exemption) => (e.expiresAt ? Date.parse(e.expiresAt) : Date.parse(`${e.until}T00:00:00Z`) + 86_400_000);

const applied = (e: Exemption): AppliedExemption => ({ exemptionId: e.id, scope: e.scope, ref: e.ref, until: e.until, source: e.source });
