// The host's side of the contract with the durable backend (TEAM.md, local/durable/types.ts).
// Declared here structurally so the host compiles and runs whether or not the backend exists yet;
// startLocal imports the backend lazily.
import type { IncomingMessage, ServerResponse } from "node:http";

export type DurableTriggerType = "orchestrationTrigger" | "activityTrigger" | "entityTrigger";

export interface FunctionInvoker {
  invokeTrigger(functionName: string, triggerValue: unknown): Promise<unknown>;
  functionsByTrigger(type: DurableTriggerType): string[];
}

export interface DurableBackend {
  start(): Promise<void>;
  stop(): Promise<void>;
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean>;
  clientBindingData(): Record<string, unknown>;
  health(): { ready: boolean; detail?: string };
}

export type LogLevel = "debug" | "info" | "warn" | "error";
export type Log = (level: LogLevel, msg: string, extra?: Record<string, unknown>) => void;

export type CreateDurableBackend = (opts: {
  invoker: FunctionInvoker;
  storageConnectionString: string;
  taskHub: string;
  hostBaseUrl: string;
  functionKey: string;
  log: Log;
}) => DurableBackend;
