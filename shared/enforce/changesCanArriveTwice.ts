import { EventFamilies } from "../azure/eventGrid/eventFamilyTopics";

/**
 * Whether one change can reach the event path through both topic families, so that each change
 * must be claimed (a table round trip per event): unless the platform's wiring
 * (`AILZ_EVENT_FAMILIES`, set by the postdeploy hook from infra/events.bicep's `eventFamilies`) and
 * vending's `eventFamilies` name the same single family. Unset wiring counts as both: claiming
 * is never wrong, only slower.
 */
export function changesCanArriveTwice(wired: string | undefined, vended: EventFamilies | undefined): boolean {
  if (wired === undefined || wired === "") return true;
  const parsed = EventFamilies.safeParse(wired);
  if (!parsed.success) throw new Error(`AILZ_EVENT_FAMILIES: must be one of ${EventFamilies.options.join(", ")} (got "${wired}")`);
  if (parsed.data === "both" || vended === "both") return true;
  return vended !== undefined && vended !== parsed.data;
}
