/** ARM location names are lower-case without spaces ("East US 2" -> "eastus2"). */
export function normalizeRegion(region: string): string {
  return region.toLowerCase().replace(/\s+/g, "");
}
