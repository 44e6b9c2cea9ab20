import { addDays, daysBetweenInclusive, isoDay } from "../state/costPeriod";
import type { EstateState } from "../state/EstateState";
import type { AccrualSettings, CostRecord } from "../state/schemas";
import { billingLines, type BillingLine } from "./pricing";

// Cost that follows the clock. For every whole UTC day after the last accrued one up to
// yesterday (cost data lags a day), each billable resource that existed that day adds one
// CostRecord per meter, priced from the emulator's price table (prices.ts) for the part of the
// day it existed and ran. The resources' current state decides: the emulator accrues whenever the
// clock moves (installAccrual.ts), so a VM deallocated today is billed today up to its
// deallocation and not from tomorrow on, and a deleted resource stops at once. Deterministic: no
// noise, list prices only. Work is O(resources) per accrued day, never O(records); records are
// scanned once, when an estate without accrual settings is first seen.

const DAY_MS = 86_400_000;
/** A persisted estate reopened long after: bill at most this many missing days, the most recent ones. */
export const MAX_BACKFILL_DAYS = 400;

/**
 * The estate's accrual settings, derived on first use when the estate file has none: on when it
 * has cost records, continuing after the latest one, aggregated when its records are
 * (generated large estates book cost per subscription, group and meter with an empty resourceId).
 */
export function resolveAccrual(state: EstateState): AccrualSettings {
  if (state.accrual) return state.accrual;
  let through: string | undefined;
  let aggregated = false;
  for (const r of state.costRecords) {
    if (through === undefined || r.date > through) through = r.date;
    if (r.resourceId === "") aggregated = true;
  }
  state.accrual = { enabled: state.costRecords.length > 0, ...(through ? { through } : {}), aggregated };
  return state.accrual;
}

export interface AccrualResult {
  /** Records appended. */
  added: number;
  /** Days accrued (inclusive range), when any. */
  from?: string;
  to?: string;
  /** The settings changed (derived or moved forward) and should be persisted. */
  changed: boolean;
}

/** Accrues every missing day up to yesterday (relative to `nowMs`); cheap when there is none. */
export function accrueCost(state: EstateState, nowMs: number): AccrualResult {
  const hadSettings = state.accrual !== undefined;
  const settings = resolveAccrual(state);
  const yesterday = addDays(isoDay(nowMs), -1);
  if (!settings.enabled) return { added: 0, changed: !hadSettings };
  if (settings.through === undefined) {
    // Switched on for an estate without history: billing starts today.
    settings.through = yesterday;
    return { added: 0, changed: true };
  }
  if (settings.through >= yesterday) return { added: 0, changed: !hadSettings };
  let from = addDays(settings.through, 1);
  if (daysBetweenInclusive(from, yesterday) > MAX_BACKFILL_DAYS) from = addDays(yesterday, -(MAX_BACKFILL_DAYS - 1));
  const lines = collectLines(state);
  let added = 0;
  for (let day = from; day <= yesterday; day = addDays(day, 1)) {
    const records = settings.aggregated ? aggregatedDay(lines, day) : perResourceDay(lines, day);
    for (const r of records) state.costRecords.push(r);
    added += records.length;
  }
  settings.through = yesterday;
  return { added, from, to: yesterday, changed: true };
}

/** Turns accrual on or off. Switching on starts from today: the days it was off stay unbilled. */
export function setAccrualEnabled(state: EstateState, enabled: boolean, nowMs: number): AccrualSettings {
  const settings = resolveAccrual(state);
  const yesterday = addDays(isoDay(nowMs), -1);
  if (enabled && !settings.enabled) settings.through = settings.through && settings.through > yesterday ? settings.through : yesterday;
  settings.enabled = enabled;
  return settings;
}

interface Located extends BillingLine {
  subscriptionId: string;
  resourceGroup: string;
}

const RG = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i;

/** Billing lines of every resource in an active subscription (disabled or deleted ones bill nothing). */
function collectLines(state: EstateState): Located[] {
  const out: Located[] = [];
  const scratch: BillingLine[] = [];
  for (const [subKey, resources] of state.bySubscription) {
    const sub = state.subscriptions.get(subKey);
    if (!sub || sub.state === "Disabled" || sub.state === "Deleted") continue;
    for (const r of resources) {
      scratch.length = 0;
      billingLines(r, state, scratch);
      for (const l of scratch) {
        const m = RG.exec(l.owner.id);
        if (!m) continue;
        out.push({ ...l, subscriptionId: m[1]!, resourceGroup: m[2]! });
      }
    }
  }
  return out;
}

/** The share of `day` a line bills (0..1). */
function fractionOf(l: BillingLine, dayStart: number): number {
  const from = l.from > dayStart ? l.from : dayStart;
  const to = l.until < dayStart + DAY_MS ? l.until : dayStart + DAY_MS;
  return to > from ? (to - from) / DAY_MS : 0;
}

const cents = (n: number) => Math.round(n * 100) / 100;

/** One record per owning resource and meter (several lines of one owner, e.g. node pools, add up). */
function perResourceDay(lines: Located[], day: string): CostRecord[] {
  const dayStart = Date.parse(`${day}T00:00:00Z`);
  const byKey = new Map<string, CostRecord>();
  for (const l of lines) {
    const f = fractionOf(l, dayStart);
    if (f === 0) continue;
    const key = `${l.owner.id}\u0000${l.meter}`;
    const rec = byKey.get(key);
    if (rec) rec.cost += l.perDay * f;
    else byKey.set(key, { date: day, subscriptionId: l.subscriptionId, resourceGroup: l.resourceGroup, resourceId: l.owner.id, resourceType: l.owner.type, location: l.owner.location ?? "", meterCategory: l.meter, tags: l.owner.tags ?? {}, cost: l.perDay * f, currency: "USD" });
  }
  return finish(byKey);
}

const NO_TAGS: Record<string, string> = {};

/** One record per subscription, resource group and meter, with an empty resourceId (as generated estates book cost). */
function aggregatedDay(lines: Located[], day: string): CostRecord[] {
  const dayStart = Date.parse(`${day}T00:00:00Z`);
  const byKey = new Map<string, CostRecord>();
  for (const l of lines) {
    const f = fractionOf(l, dayStart);
    if (f === 0) continue;
    const key = `${l.subscriptionId}\u0000${l.resourceGroup}\u0000${l.meter}`;
    const rec = byKey.get(key);
    if (rec) rec.cost += l.perDay * f;
    else byKey.set(key, { date: day, subscriptionId: l.subscriptionId, resourceGroup: l.resourceGroup, resourceId: "", resourceType: l.owner.type, location: l.owner.location ?? "", meterCategory: l.meter, tags: NO_TAGS, cost: l.perDay * f, currency: "USD" });
  }
  return finish(byKey);
}

function finish(byKey: Map<string, CostRecord>): CostRecord[] {
  const out: CostRecord[] = [];
  for (const r of byKey.values()) {
    r.cost = cents(r.cost);
    if (r.cost > 0) out.push(r);
  }
  return out;
}
