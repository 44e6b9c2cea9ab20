import { randomUUID } from "node:crypto";
import * as clock from "../clock";
import { armError, type ArmErrorResponse } from "./armError";
import { buildResourceEvent, type ResourceEventInput } from "./events/buildResourceEvent";
import { EventDispatcher } from "./events/EventDispatcher";
import { FaultInjector } from "./faults";
import { EstateState } from "./state/EstateState";
import { Throttle } from "./throttle";
import type { Caller, EmuRequest } from "./types";

export interface RbacLogEntry {
  time: string;
  method: string;
  /** The resource the action is checked on: the request's path, or the linked resource. */
  path: string;
  /** For a linked action (rbac/linkedAccess.ts): the path of the request whose body referenced `path`. */
  linkedFrom?: string;
  action: string;
  status: number;
  caller: { objectId: string; idtyp: "user" | "app"; appId?: string; upn?: string };
}

export interface AsyncOperation {
  id: string;
  name: string;
  status: "InProgress" | "Succeeded" | "Failed" | "Canceled";
  startTime: string;
  endTime?: string;
  error?: { code: string; message: string };
}

export interface SystemData {
  createdBy: string;
  createdByType: "User" | "Application" | "ManagedIdentity" | "Key";
  createdAt: string;
  lastModifiedBy: string;
  lastModifiedByType: "User" | "Application" | "ManagedIdentity" | "Key";
  lastModifiedAt: string;
}

const MAX_RBAC_LOG = 50_000;

/** What route handlers get: the estate, the clock, events, errors, paging and LRO helpers. */
export class Emulator {
  state: EstateState;
  /** The emulator's own URL (nextLinks and LRO headers point back at it). */
  baseUrl = "http://127.0.0.1";
  readonly counters = new Map<string, number>();
  readonly rbacLog: RbacLogEntry[] = [];
  readonly throttle = new Throttle();
  readonly faults = new FaultInjector();
  events: EventDispatcher;
  readonly operations = new Map<string, AsyncOperation>();
  /** Called after every state change; persistence hooks in here. */
  onDirty?: () => void;

  constructor(state: EstateState = new EstateState()) {
    this.state = state;
    this.events = new EventDispatcher(state);
  }

  /** Replaces the whole estate (control API load); event subscriptions come from the new estate. */
  replaceState(state: EstateState): void {
    const cfg = this.events.config;
    const enabled = this.events.enabled;
    this.events.close();
    this.state = state;
    this.events = new EventDispatcher(state);
    Object.assign(this.events.config, cfg);
    this.events.enabled = enabled;
    this.markDirty();
  }

  now(): number {
    return clock.now();
  }

  nowIso(): string {
    return new Date(clock.now()).toISOString();
  }

  armError(status: number, code: string, message: string, headers?: Record<string, string>): ArmErrorResponse {
    return armError(status, code, message, headers);
  }

  count(operation: string): void {
    this.counters.set(operation, (this.counters.get(operation) ?? 0) + 1);
  }

  recordRbac(entry: RbacLogEntry): void {
    this.rbacLog.push(entry);
    if (this.rbacLog.length > MAX_RBAC_LOG) this.rbacLog.splice(0, this.rbacLog.length - MAX_RBAC_LOG);
  }

  markDirty(): void {
    this.onDirty?.();
  }

  /**
   * One page of `items` for this request: `$skipToken` is the offset, the page size is `$top`
   * (when given) or the configured page size; `nextLink` repeats the request's query.
   */
  page<T>(req: EmuRequest, items: T[], pageSize?: number): { value: T[]; nextLink?: string } {
    const skip = Number.parseInt(req.query.get("$skipToken") ?? req.query.get("$skiptoken") ?? "0", 10);
    const offset = Number.isFinite(skip) && skip > 0 ? skip : 0;
    const top = Number.parseInt(req.query.get("$top") ?? "", 10);
    const size = pageSize ?? (Number.isFinite(top) && top > 0 ? top : this.state.settings.pageSize);
    const value = items.slice(offset, offset + size);
    if (offset + size >= items.length) return { value };
    return { value, nextLink: this.nextLink(req, String(offset + size)) };
  }

  /** A link back to this request's path with `$skipToken` set (other query parameters kept). */
  nextLink(req: EmuRequest, skipToken: string): string {
    const q = new URLSearchParams(req.query);
    q.delete("$skiptoken");
    q.set("$skipToken", skipToken);
    return `${this.baseUrlFor(req)}${req.path}?${q.toString()}`;
  }

  /** The origin the client used (its Host header), so links work whatever name it dialled. */
  baseUrlFor(req: EmuRequest): string {
    const host = req.headers["host"];
    return host && /^[A-Za-z0-9.\-\[\]:]+$/.test(host) ? `http://${host}` : this.baseUrl;
  }

  systemData(caller: Caller, existing?: Partial<SystemData>): SystemData {
    const by = caller.upn ?? caller.appId ?? caller.objectId;
    const byType = caller.idtyp === "user" ? "User" : "Application";
    const at = this.nowIso();
    return {
      createdBy: existing?.createdBy ?? by,
      createdByType: existing?.createdByType ?? byType,
      createdAt: existing?.createdAt ?? at,
      lastModifiedBy: by,
      lastModifiedByType: byType,
      lastModifiedAt: at,
    };
  }

  /** Publishes `Microsoft.Resources.Resource{Write,Delete,Action}Success` to matching subscribers. */
  emitResourceEvent(input: ResourceEventInput): number {
    return this.events.publish(buildResourceEvent(input, this.nowIso(), this.state.tenantId));
  }

  /**
   * Records a finished long-running operation and returns the 202 headers ARM sends for it
   * (Azure-AsyncOperation for status, Location for the result), both pointing at the emulator.
   */
  asyncOperation(req: EmuRequest, namespace: string, location = "global"): Record<string, string> {
    const id = randomUUID();
    const t = this.nowIso();
    this.operations.set(id, { id, name: id, status: "Succeeded", startTime: t, endTime: t });
    const sub = req.params.subscriptionId ?? /^\/subscriptions\/([^/]+)/i.exec(req.path)?.[1] ?? "";
    const apiVersion = encodeURIComponent(req.apiVersion ?? "2024-03-01");
    const base = `${this.baseUrlFor(req)}/subscriptions/${sub}/providers/${namespace}/locations/${location}`;
    return {
      "azure-asyncoperation": `${base}/operations/${id}?api-version=${apiVersion}`,
      location: `${base}/operationResults/${id}?api-version=${apiVersion}`,
      "retry-after": "0",
    };
  }
}
