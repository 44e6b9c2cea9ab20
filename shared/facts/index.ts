export * from "./FactsSource";
export * from "./EventFacts";
export * from "./createFactsSource";
export * from "./createSubscriptionDirectory";
export * from "./collectFacts";
