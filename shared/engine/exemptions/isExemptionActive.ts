import type { Exemption } from "../../estate/Exemption";

/** `until` is the last exempt day (UTC, inclusive) unless `expiresAt` names the exact instant it ends. */
export function isExemptionActive(exemption: Pick<Exemption, "until" | "expiresAt">, now: Date): boolean {
  const end = exemption.expiresAt ? Date.parse(exemption.expiresAt) : Date.parse(`${exemption.until}T00:00:00Z`) + 86_400_000;
  return now.getTime() < end;
}
