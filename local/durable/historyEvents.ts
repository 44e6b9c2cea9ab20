// History event and action vocabulary of durable-functions 3.x (HistoryEventType and
// ActionType enums in lib/src), plus helpers to read the actions an orchestrator returns.
import type { HistoryEvent } from "./types";

export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionFailed: 2,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventSent: 14,
  EventRaised: 15,
  ContinueAsNew: 16,
  GenericEvent: 17,
  HistoryState: 18,
  ExecutionSuspended: 19,
  ExecutionResumed: 20,
} as const;

export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
  LockEntities: 13,
  ReleaseEntities: 14,
} as const;

const ACTION_NAMES: Record<number, string> = Object.fromEntries(Object.entries(ActionType).map(([k, v]) => [v, k]));

/** One action as the replay engine emits it (class instances in-process, plain JSON over a wire). */
export interface RawAction {
  actionType: number;
  functionName?: string;
  input?: unknown;
  instanceId?: string;
  version?: string;
  fireAt?: Date | string;
  isCanceled?: boolean;
  externalEventName?: string;
  retryOptions?: {
    firstRetryIntervalInMilliseconds: number;
    maxNumberOfAttempts: number;
    backoffCoefficient?: number;
    maxRetryIntervalInMilliseconds?: number;
    retryTimeoutInMilliseconds?: number;
  };
  compoundActions?: RawAction[];
}

/** Leaf actions in the order the replay engine hands out sequence numbers (depth first through Task.all / Task.any). */
export function leafActions(actions: unknown): RawAction[] {
  const out: RawAction[] = [];
  const visit = (a: unknown): void => {
    if (Array.isArray(a)) {
      for (const x of a) visit(x);
      return;
    }
    if (!a || typeof a !== "object") return;
    const action = a as RawAction;
    if (action.actionType === ActionType.WhenAll || action.actionType === ActionType.WhenAny) {
      for (const c of action.compoundActions ?? []) visit(c);
      return;
    }
    out.push(action);
  };
  visit(actions);
  return out;
}

/** Whether the replay engine gives this action a sequence number (external-event waits are keyed by name instead). */
export function consumesEventId(a: RawAction): boolean {
  return a.actionType !== ActionType.WaitForExternalEvent && a.actionType !== ActionType.ContinueAsNew;
}

const SUPPORTED: ReadonlySet<number> = new Set([
  ActionType.CallActivity,
  ActionType.CallActivityWithRetry,
  ActionType.CallSubOrchestrator,
  ActionType.CallSubOrchestratorWithRetry,
  ActionType.ContinueAsNew,
  ActionType.CreateTimer,
  ActionType.WaitForExternalEvent,
]);

export function unsupportedAction(a: RawAction): string | undefined {
  if (SUPPORTED.has(a.actionType)) return undefined;
  return `${ACTION_NAMES[a.actionType] ?? `action type ${a.actionType}`} is not supported by the local durable backend (entities and durable HTTP are not used by ailz)`;
}

/**
 * The replay engine pre-serialises string inputs (Utils.processInput) and leaves other values
 * as they are; the extension stores the JSON text either way.
 */
export function serializeInput(input: unknown, preSerializedStrings: boolean): string | undefined {
  if (input === undefined) return undefined;
  if (typeof input === "string" && preSerializedStrings) return input;
  return JSON.stringify(input);
}

export function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  return JSON.parse(text);
}

export function fireAtOf(a: RawAction): number {
  const t = a.fireAt instanceof Date ? a.fireAt.getTime() : new Date(String(a.fireAt)).getTime();
  if (Number.isNaN(t)) throw new Error(`CreateTimer: fireAt is not a valid date: ${String(a.fireAt)}`);
  return t;
}

export function completionKey(e: HistoryEvent): string | undefined {
  switch (e.EventType) {
    case EventType.TaskCompleted:
    case EventType.TaskFailed:
    case EventType.SubOrchestrationInstanceCompleted:
    case EventType.SubOrchestrationInstanceFailed:
      return `task:${e.TaskScheduledId}`;
    case EventType.TimerFired:
      return `timer:${e.TimerId}`;
    default:
      return undefined;
  }
}
