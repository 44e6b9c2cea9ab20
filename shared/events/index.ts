export * from "./eventTypes";
export * from "./callerFromClaims";
export * from "./oneZeroBooleans";
export * from "./ResourceEvent";
export * from "./envelopes";
export * from "./normaliseEvent";
