// The contract between the local host and the durable backend (see the team sheet), plus the
// wire shapes the backend persists and serves. Everything that crosses a process or storage
// boundary is described with zod so there is one source of truth for its shape.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";

export interface FunctionInvoker {
  /** Run a captured function whose trigger is orchestrationTrigger | activityTrigger | entityTrigger with this trigger value; resolves to its return value, rejects with its error. */
  invokeTrigger(functionName: string, triggerValue: unknown): Promise<unknown>;
  functionsByTrigger(type: "orchestrationTrigger" | "activityTrigger" | "entityTrigger"): string[];
}

export interface DurableBackend {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Serves /runtime/webhooks/durabletask/*; returns false for paths that are not its own. */
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean>;
  /** The JSON handed to functions as their durableClient input binding (taskHubName, creationUrls, managementUrls, baseUrl, requiredQueryStringParameters, rpcBaseUrl, httpBaseUrl). */
  clientBindingData(): Record<string, unknown>;
  health(): { ready: boolean; detail?: string };
}

export type DurableLog = (level: "debug" | "info" | "warn" | "error", msg: string, extra?: Record<string, unknown>) => void;
export type DurableLogLevel = Parameters<DurableLog>[0];
export type DurableTriggerType = Parameters<FunctionInvoker["functionsByTrigger"]>[0];

export interface CreateDurableBackendOptions {
  invoker: FunctionInvoker;
  storageConnectionString: string;
  taskHub: string;
  hostBaseUrl: string;
  functionKey: string;
  log: DurableLog;
  /** host.json durableTask.maxConcurrentActivityFunctions; default 10 as in host.json. */
  maxConcurrentActivities?: number;
  /** host.json durableTask.maxConcurrentOrchestratorFunctions; default 10 as in host.json. */
  maxConcurrentOrchestrations?: number;
}

export type CreateDurableBackend = (opts: CreateDurableBackendOptions) => DurableBackend;

/** OrchestrationRuntimeStatus as the Durable HTTP API spells it. */
export const RuntimeStatus = z.enum(["Running", "Completed", "ContinuedAsNew", "Failed", "Canceled", "Terminated", "Pending", "Suspended"]);
export type RuntimeStatus = z.infer<typeof RuntimeStatus>;

export const TERMINAL_STATUSES: ReadonlySet<RuntimeStatus> = new Set(["Completed", "Failed", "Terminated", "Canceled"]);

/** A history event in the shape durable-functions' replay engine reads (PascalCase, EventType numeric). */
export const HistoryEvent = z
  .object({
    EventType: z.number().int(),
    EventId: z.number().int(),
    IsPlayed: z.boolean(),
    Timestamp: z.string(),
    Name: z.string().optional(),
    Input: z.string().optional(),
    Result: z.string().optional(),
    Reason: z.string().optional(),
    Details: z.string().optional(),
    FailureDetails: z.record(z.string(), z.unknown()).optional(),
    TaskScheduledId: z.number().int().optional(),
    TimerId: z.number().int().optional(),
    FireAt: z.string().optional(),
    InstanceId: z.string().optional(),
    Version: z.string().optional(),
    OrchestrationStatus: z.string().optional(),
    /** Which inbox message produced this event; lets recovery drop messages already applied. */
    InboxKey: z.string().optional(),
  })
  .loose();
export type HistoryEvent = z.infer<typeof HistoryEvent>;

/** Retry state of a callActivityWithRetry / callSubOrchestratorWithRetry task, keyed by its first TaskScheduled id. */
export const RetryState = z.object({
  kind: z.enum(["activity", "subOrchestration"]),
  name: z.string(),
  input: z.string().optional(),
  instanceId: z.string().optional(),
  firstRetryIntervalInMilliseconds: z.number(),
  maxNumberOfAttempts: z.number(),
  backoffCoefficient: z.number(),
  maxRetryIntervalInMilliseconds: z.number().optional(),
  retryTimeoutInMilliseconds: z.number().optional(),
  attempt: z.number().int(),
  firstAttemptAt: z.number(),
  /** Id of the attempt currently scheduled, or of the retry timer being waited on. */
  currentId: z.number().int(),
  waitingOnTimer: z.boolean(),
});
export type RetryState = z.infer<typeof RetryState>;

/** The instance row (Instances table), as kept in memory. */
export const InstanceState = z.object({
  instanceId: z.string(),
  name: z.string(),
  version: z.string().optional(),
  executionId: z.string(),
  runtimeStatus: RuntimeStatus,
  input: z.string().optional(),
  output: z.string().optional(),
  customStatus: z.string().optional(),
  createdTime: z.string(),
  lastUpdatedTime: z.string(),
  completedTime: z.string().optional(),
  parentInstanceId: z.string().optional(),
  parentExecutionId: z.string().optional(),
  parentTaskScheduledId: z.number().int().optional(),
  /** Committed history length of the current execution: rows beyond it belong to an episode that never committed. */
  historyCount: z.number().int(),
  /** Next EventId to hand out (mirrors the replay engine's sequence number). */
  nextEventId: z.number().int(),
  /** How many id-consuming leaf actions of the orchestrator have been materialised. */
  leafCount: z.number().int(),
  /** EventId given to each id-consuming leaf action, by leaf index (to cancel timers the orchestrator cancels). */
  leafIds: z.array(z.number().int()).default([]),
  retries: z.record(z.string(), RetryState),
});
export type InstanceState = z.infer<typeof InstanceState>;

/** A message for an instance that an episode has not consumed yet (activity result, fired timer, raised event...). */
export const InboxMessage = z.object({
  key: z.string(),
  executionId: z.string().optional(),
  event: HistoryEvent,
});
export type InboxMessage = z.infer<typeof InboxMessage>;
