import type { Exemption } from "../../estate/Exemption";

/** `until` is the last exempt day (UTC, inclusive); from the next midnight it no longer applies. */
export function isExemptionActive(exemption: Pick<Exemption, "until">, now: Date): boolean {
  return now.getTime() < Date.parse(`${exemption.until}T00:00:00Z`) + 86_400_000;
}
