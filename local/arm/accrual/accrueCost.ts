import { addDays, daysBetweenInclusive, isoDay } from "../state/costPeriod";
import type { EstateState } from "../state/EstateState";
import type { AccrualSettings, CostRecord } from "../state/schemas";
import type { ArmResource } from "../state/schemas";
import { priceResource, type BillingLine, type BillingSink } from "./pricing";

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
const MAX_BACKFILL_DAYS = 400;

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
  const firstStart = Date.parse(`${from}T00:00:00Z`);
  const groups = collectGroups(state, settings.aggregated, firstStart, Date.parse(`${yesterday}T00:00:00Z`) + DAY_MS);
  let added = 0;
  for (let day = from, dayStart = firstStart; day <= yesterday; day = addDays(day, 1), dayStart += DAY_MS) {
    for (const g of groups) {
      let cost = g.full;
      if (g.partial) for (const l of g.partial) cost += l.perDay * fractionOf(l, dayStart);
      cost = Math.round(cost * 100) / 100;
      if (cost <= 0) continue;
      state.costRecords.push({ ...g.record, date: day, cost });
      added++;
    }
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

/** The records of one day share everything but date and cost. */
interface Group {
  record: Omit<CostRecord, "date" | "cost">;
  /** Daily cost of the lines billing every day of the range. */
  full: number;
  /** Lines starting or stopping inside the range (billed by the fraction of each day). */
  partial?: BillingLine[];
}

const NO_TAGS: Record<string, string> = {};

/** Name of the resource group in a resource id whose subscription segment has `subLength` characters. */
function resourceGroupOf(id: string, subLength: number): string | undefined {
  // "/subscriptions/" is 15 characters, "/resourceGroups/" 16.
  const at = 15 + subLength;
  if (id.length <= at + 16 || id.charCodeAt(at) !== 47 || id.slice(at + 1, at + 16).toLowerCase() !== "resourcegroups/") return undefined;
  const end = id.indexOf("/", at + 16);
  return end < 0 ? undefined : id.slice(at + 16, end);
}

/**
 * Every billing line of the resources in active subscriptions (disabled or deleted ones bill
 * nothing), summed per record to write: per owning resource and meter, or per subscription,
 * resource group and meter when aggregated. Lines that bill all of [rangeStart, rangeEnd) are
 * folded into one number, so each accrued day costs O(groups + lines changing inside the range).
 */
function collectGroups(state: EstateState, aggregated: boolean, rangeStart: number, rangeEnd: number): Group[] {
  const groups: Group[] = [];
  // Per subscription, the groups seen so far are kept with their id prefix
  // ("/subscriptions/<s>/resourceGroups/<rg>/"): most lines then cost a few prefix checks and a
  // lookup by meter, without building a key string.
  let subKey = "";
  let subscriptionId = "";
  let lastOwner: ArmResource | undefined;
  let byMeter: Map<string, Group> | undefined;
  const known: Array<[prefix: string, byMeter: Map<string, Group>]> = [];
  const sink: BillingSink = (owner, meter, perDay, from, until) => {
    if (owner !== lastOwner) {
      lastOwner = owner;
      byMeter = undefined;
      if (aggregated) for (const [prefix, m] of known) if (owner.id.startsWith(prefix)) { byMeter = m; break; }
      if (!byMeter) {
        const rg = resourceGroupOf(owner.id, subKey.length);
        if (rg === undefined) return;
        const key = aggregated ? `${subKey}\u0000${rg.toLowerCase()}` : owner.id.toLowerCase();
        byMeter = byKey.get(key);
        if (!byMeter) byKey.set(key, (byMeter = new Map()));
        if (aggregated && known.length < 16) known.push([owner.id.slice(0, 15 + subKey.length + 16 + rg.length + 1), byMeter]);
      }
    }
    if (!byMeter) return;
    let g = byMeter.get(meter);
    if (!g) {
      const rg = resourceGroupOf(owner.id, subKey.length)!;
      g = {
        record: { subscriptionId, resourceGroup: rg, resourceId: aggregated ? "" : owner.id, resourceType: owner.type, location: owner.location ?? "", meterCategory: meter, tags: aggregated ? NO_TAGS : (owner.tags ?? NO_TAGS), currency: "USD" },
        full: 0,
      };
      byMeter.set(meter, g);
      groups.push(g);
    }
    if (from <= rangeStart && until >= rangeEnd) g.full += perDay;
    else if (until > rangeStart && from < rangeEnd) (g.partial ??= []).push({ owner, meter, perDay, from, until });
  };
  const byKey = new Map<string, Map<string, Group>>();
  for (const [key, resources] of state.bySubscription) {
    const sub = state.subscriptions.get(key);
    if (!sub || sub.state === "Disabled" || sub.state === "Deleted") continue;
    subKey = key;
    subscriptionId = sub.subscriptionId;
    lastOwner = undefined;
    known.length = 0;
    for (const r of resources) priceResource(r, state, sink);
  }
  return groups;
}

/** The share of the day starting at `dayStart` that a line bills (0..1). */
function fractionOf(l: BillingLine, dayStart: number): number {
  const from = l.from > dayStart ? l.from : dayStart;
  const to = l.until < dayStart + DAY_MS ? l.until : dayStart + DAY_MS;
  return to > from ? (to - from) / DAY_MS : 0;
}
