export * from "./EnforceDeps";
export * from "./EnforceOutcome";
export * from "./handleResourceEvent";
export * from "./evaluateForEvent";
export * from "./isOwnWrite";
export * from "./findExemption";
export * from "./findingTagValue";
export * from "./findingMessage";
