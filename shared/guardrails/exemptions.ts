export * from "./exemptions/ExemptionTagError";
export * from "./exemptions/parseExemptTag";
export * from "./exemptions/isExemptionActive";
export * from "./exemptions/exemptionCovers";
export * from "./exemptions/applyExemptions";
export * from "./exemptions/ExemptionRequest";
