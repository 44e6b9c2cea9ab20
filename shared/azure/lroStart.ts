/**
 * The state of a long-running operation right after Azure accepted it. Adapters return this
 * instead of awaiting completion because orchestrations poll with durable timers (an activity
 * must never sleep for minutes); the caller re-reads the resource to see the outcome.
 */
export interface LroStart {
  status: "notStarted" | "running" | "succeeded" | "failed" | "canceled";
  done: boolean;
  /** Serialized poller state, for callers that want to resume with the SDK's restorePoller. */
  resumeFrom?: string;
}

interface StartablePoller {
  submitted(): Promise<void>;
  readonly operationState?: { status: string } | undefined;
  isDone: boolean;
  serialize(): Promise<string>;
}

/** Sends the initial request of a modular SDK poller and reports where the operation stands. */
export async function startLro(poller: StartablePoller): Promise<LroStart> {
  await poller.submitted();
  const status = (poller.operationState?.status ?? "running") as LroStart["status"];
  return { status, done: poller.isDone, resumeFrom: await poller.serialize() };
}
