import type { Policy } from "../../config/Policy";
import { PrincipalType, type ResourceFacts } from "../../estate/ResourceFacts";
import { aiResourceKind } from "../../guardrails/aiResourceKind";
import { mapLimit } from "../mapLimit";
import { powerStateOf } from "./powerStateOf";
import type { Provenance } from "./Provenance";
import type { ProvenanceStore } from "./ProvenanceStore";

/** systemData reads in flight per batch: AI/GPU resources are a few percent of an estate, and only new ones are read. */
const PROVENANCE_READ_CONCURRENCY = 8;

export interface ProvenanceDeps {
  store: ProvenanceStore;
  /** One ARM GET by id (undefined when the resource is gone). */
  resourceById(id: string): Promise<{ systemData?: Record<string, unknown> } | undefined>;
  /** ailz's own identity: its writes (tags, deallocations) say nothing about who deployed a resource. */
  ownIdentity: string;
  now: Date;
  /** Forced dry run: read what is missing, but write nothing to the store. */
  dryRun: boolean;
}

export interface ProvenanceOutcome {
  resources: ResourceFacts[];
  /** AI/GPU resources whose systemData was read tonight (not known before, or a VM whose power state changed). */
  read: number;
  known: number;
}

const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
/** The SDK deserialises systemData times into Dates; raw JSON has strings. */
const time = (v: unknown) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString() : str(v));
const principal = (v: unknown) => {
  const p = PrincipalType.safeParse(v);
  return p.success ? p.data : undefined;
};

/**
 * Fills creator / last modifier (and their times) of the batch's AI and GPU resources from the
 * provenance store; what the store lacks is read once from systemData (bounded concurrency) and
 * cached, so later nights make no reads. A VM whose power state changed since it was recorded is
 * read again: its lastModifiedAt then dates the deallocation. Other resources pass through.
 */
export async function resolveProvenance(resources: ResourceFacts[], policy: Policy, deps: ProvenanceDeps): Promise<ProvenanceOutcome> {
  const kinds = policy.guardrails.shadowAi.params.cognitiveServicesKinds;
  const ai = resources.map((r, i) => ({ r, i })).filter(({ r }) => aiResourceKind(r, policy, kinds) !== undefined);
  const subs = [...new Set(ai.map(({ r }) => r.subscriptionId))];
  const known = new Map<string, Provenance>();
  for (const m of await mapLimit(subs, PROVENANCE_READ_CONCURRENCY, (s) => deps.store.forSubscription(s))) for (const [k, v] of m) known.set(k, v);

  const stale = ai.filter(({ r }) => {
    const p = known.get(r.id.toLowerCase());
    return !p || (powerStateOf(r) !== undefined && p.powerState !== powerStateOf(r));
  });
  await mapLimit(stale, PROVENANCE_READ_CONCURRENCY, async ({ r }) => {
    const full = await deps.resourceById(r.id);
    if (!full) return;
    const sd = full.systemData ?? {};
    const before = known.get(r.id.toLowerCase());
    const record: Provenance = {
      resourceId: r.id,
      subscriptionId: r.subscriptionId,
      // An event-recorded creator is firmer than systemData's; keep it.
      createdBy: before?.createdBy ?? str(sd["createdBy"]),
      createdByType: before?.createdByType ?? principal(sd["createdByType"]),
      createdAt: before?.createdAt ?? time(sd["createdAt"]),
      lastModifiedBy: str(sd["lastModifiedBy"]),
      lastModifiedByType: principal(sd["lastModifiedByType"]),
      lastModifiedAt: time(sd["lastModifiedAt"]),
      powerState: powerStateOf(r),
      source: before?.source ?? "systemData",
      recordedAt: deps.now.toISOString(),
    };
    known.set(r.id.toLowerCase(), record);
    if (!deps.dryRun) await deps.store.put(record);
  });

  const own = deps.ownIdentity.toLowerCase();
  const out = resources.slice();
  for (const { r, i } of ai) {
    const p = known.get(r.id.toLowerCase());
    if (!p) continue;
    const byUs = p.lastModifiedBy?.toLowerCase() === own;
    out[i] = {
      ...r,
      createdBy: r.createdBy ?? p.createdBy,
      createdByType: r.createdByType ?? p.createdByType,
      createdAt: r.createdAt ?? p.createdAt,
      lastModifiedBy: r.lastModifiedBy ?? (byUs ? undefined : p.lastModifiedBy),
      lastModifiedByType: r.lastModifiedByType ?? (byUs ? undefined : p.lastModifiedByType),
      lastModifiedAt: r.lastModifiedAt ?? p.lastModifiedAt,
    };
  }
  return { resources: out, read: stale.length, known: ai.filter(({ r }) => known.has(r.id.toLowerCase())).length };
}
