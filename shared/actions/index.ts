export * from "./AzureActionsPort";
export * from "./ActionResult";
export * from "./ActionContext";
export * from "./assertNever";
export * from "./describeAction";
export * from "./runAction";
export * from "./executeDecision";
export * from "./createAzureActions";
