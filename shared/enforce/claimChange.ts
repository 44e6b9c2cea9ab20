import type { ResourceEvent } from "../events/ResourceEvent";
import type { ChangeClaimStore } from "../store/ports";

// One change, two topic families: a subscription wired to both (infra or vending `eventFamilies:
// both`) gets a ResourceWriteSuccess and a Resource Notifications CreatedOrUpdated for every write,
// with different event ids and no shared correlation id, only the resource, the operation and a
// time a little apart. The first family to claim the change acts; the other family's event of it
// is a duplicate. Events of the same family are never duplicates of each other here (two writes
// in quick succession are two changes; redeliveries are caught by event id).
//
// The key is resource | operation | time cell, on two grids of WINDOW_MS offset by half a cell:
// two events less than WINDOW_MS / 2 apart share a cell on at least one grid. Cells are claimed in
// a fixed order and the first one held by the other family stops, so two concurrent siblings
// never both lose.

const WINDOW_MS = 120_000;

/** The change claim keys of an event: none for actions (Resource Notifications has no actions, so no sibling). */
function changeKeys(event: ResourceEvent): string[] {
  if (event.operation === "action") return [];
  const t = Date.parse(event.time);
  const base = `${event.resourceId.toLowerCase()}|${event.operation}`;
  return [`${base}|a${Math.floor(t / WINDOW_MS)}`, `${base}|b${Math.floor(t / WINDOW_MS + 0.5)}`];
}

/** True when the other topic family already delivered this change (then this event must not act). */
export async function deliveredByOtherFamily(event: ResourceEvent, claims: ChangeClaimStore): Promise<boolean> {
  for (const key of changeKeys(event)) {
    if ((await claims.claim(key, event.family, 2 * WINDOW_MS)) !== event.family) return true;
  }
  return false;
}
