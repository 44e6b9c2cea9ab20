/** Compute resource SKUs: which VM quota families a region offers. */
export interface SkuCatalog {
  /** Quota family names (e.g. standardNCADSA100v4Family) offered in the region, lower-cased. */
  familiesIn(region: string): Promise<Set<string>>;
}
