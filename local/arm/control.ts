import { z } from "zod";
import * as clock from "../clock";
import { armError } from "./armError";
import type { Emulator } from "./Emulator";
import { FaultSpec } from "./faults";
import type { ArmRouter } from "./Router";
import { grantingAssignment, isCheckedScope } from "./rbac/checkAccess";
import { EstateState } from "./state/EstateState";
import { EmulatorSettings, Principal } from "./state/schemas";
import type { EmuResponse } from "./types";

// The emulator's own control API under /_emulator: not ARM, no api-version, no token.

const ClockAdvance = z.object({ ms: z.number().nonnegative().optional(), days: z.number().nonnegative().optional() }).refine((b) => b.ms !== undefined || b.days !== undefined, { message: "give ms or days" });
const ClockSet = z.object({ now: z.union([z.string(), z.number()]) });
const Throttling = z.object({ enabled: z.boolean() });
const RbacCheck = z.object({ principalId: z.string().min(1), action: z.string().min(1), scope: z.string().startsWith("/") }).strict();
const EventsConfig = z.object({
  enabled: z.boolean().optional(),
  duplicate: z.number().int().min(1).max(10).optional(),
  retryDelaysMs: z.array(z.number().nonnegative()).min(1).optional(),
  maxAttempts: z.number().int().min(1).max(30).optional(),
  batchWindowMs: z.number().nonnegative().optional(),
  validateWebhooks: z.boolean().optional(),
  functionApps: z.record(z.string(), z.object({ url: z.url(), code: z.string().min(1) })).optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    throw armError(400, "InvalidRequestContent", r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  }
  return r.data;
}

function clockBody(): EmuResponse {
  return { status: 200, body: { now: new Date(clock.now()).toISOString(), offsetMs: clock.offset() } };
}

export interface ControlContext {
  emu: Emulator;
  router: ArmRouter;
  persistError?: () => string | undefined;
}

export async function handleControl(ctx: ControlContext, method: string, path: string, url: URL, rawBody: Buffer): Promise<EmuResponse> {
  const { emu } = ctx;
  let body: unknown;
  if (rawBody.length > 0) {
    try {
      body = JSON.parse(rawBody.toString("utf8"));
    } catch (err) {
      return armError(400, "InvalidRequestContent", `The request body is not JSON: ${(err as Error).message}`);
    }
  }
  const route = `${method} ${path.replace(/\/+$/, "").toLowerCase()}`;
  try {
    switch (route) {
      case "GET /_emulator/health":
        return { status: 200, body: { status: "ok", resources: emu.state.resources.size, subscriptions: emu.state.subscriptions.size, persistError: ctx.persistError?.() } };
      case "PUT /_emulator/estate": {
        let state: EstateState;
        try {
          state = new EstateState(body as never);
        } catch (err) {
          const msg = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : (err as Error).message;
          return armError(400, "InvalidEstate", `The estate is not valid: ${msg}`);
        }
        emu.replaceState(state);
        return { status: 200, body: { resources: state.resources.size, subscriptions: state.subscriptions.size } };
      }
      case "GET /_emulator/clock":
        return clockBody();
      case "POST /_emulator/clock/advance": {
        const b = parse(ClockAdvance, body);
        clock.advance((b.ms ?? 0) + (b.days ?? 0) * 86_400_000);
        return clockBody();
      }
      case "PUT /_emulator/clock": {
        const b = parse(ClockSet, body);
        try {
          clock.set(b.now);
        } catch (err) {
          return armError(400, "InvalidClock", `now: ${(err as Error).message}`);
        }
        return clockBody();
      }
      case "GET /_emulator/faults":
        return { status: 200, body: { value: emu.faults.faults.map(({ regex: _r, ...f }) => f) } };
      case "POST /_emulator/faults": {
        const spec = parse(FaultSpec, body);
        try {
          const { regex: _r, ...f } = emu.faults.add(spec);
          return { status: 201, body: f };
        } catch (err) {
          return armError(400, "InvalidFault", (err as Error).message);
        }
      }
      case "DELETE /_emulator/faults":
        return { status: 200, body: { removed: emu.faults.remove(url.searchParams.get("id") ?? undefined) } };
      case "PUT /_emulator/throttling": {
        const b = parse(Throttling, body);
        emu.throttle.setEnabled(b.enabled);
        return { status: 200, body: { enabled: emu.throttle.enabled } };
      }
      case "GET /_emulator/events":
        return { status: 200, body: { enabled: emu.events.enabled, emitted: emu.events.emitted, ...emu.events.config } };
      case "PUT /_emulator/events": {
        const b = parse(EventsConfig, body);
        const { enabled, ...cfg } = b;
        if (enabled !== undefined) emu.events.enabled = enabled;
        const { functionApps, ...rest } = cfg;
        // Function Apps add to those registered (keyed by lower-case resource id): each world registers its own host.
        if (functionApps) for (const [id, app] of Object.entries(functionApps)) emu.events.config.functionApps[id.toLowerCase()] = app;
        for (const [k, v] of Object.entries(rest)) if (v !== undefined) (emu.events.config as unknown as Record<string, unknown>)[k] = v;
        return { status: 200, body: { enabled: emu.events.enabled, ...emu.events.config } };
      }
      case "GET /_emulator/events/deliveries":
        return { status: 200, body: { value: emu.events.deliveries } };
      case "DELETE /_emulator/events/deliveries":
        emu.events.deliveries.length = 0;
        return { status: 204 };
      case "GET /_emulator/counters":
        return { status: 200, body: Object.fromEntries(emu.counters) };
      case "DELETE /_emulator/counters":
        emu.counters.clear();
        return { status: 204 };
      case "GET /_emulator/rbac-log":
        return { status: 200, body: { value: emu.rbacLog } };
      case "DELETE /_emulator/rbac-log":
        emu.rbacLog.length = 0;
        return { status: 204 };
      case "POST /_emulator/rbac/check": {
        // What enforcement would decide for one principal, action and scope, without making the call.
        const b = parse(RbacCheck, body);
        const assignment = grantingAssignment(emu, b.principalId, b.action, b.scope);
        return { status: 200, body: { allowed: !isCheckedScope(b.scope) || assignment !== undefined, checked: isCheckedScope(b.scope), ...(assignment ? { roleAssignmentId: assignment } : {}) } };
      }
      case "GET /_emulator/settings":
        return { status: 200, body: emu.state.settings };
      case "PUT /_emulator/settings": {
        const b = parse(EmulatorSettings.partial(), body);
        emu.state.settings = { ...emu.state.settings, ...Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)) };
        emu.markDirty();
        return { status: 200, body: emu.state.settings };
      }
      case "POST /_emulator/principals": {
        const p = parse(Principal, body);
        const principal = { ...p, createdAt: p.createdAt ?? emu.nowIso() };
        emu.state.principals.set(p.objectId.toLowerCase(), principal);
        emu.markDirty();
        return { status: 201, body: principal };
      }
      case "GET /_emulator/routes":
        return { status: 200, body: { value: ctx.router.list() } };
      default:
        return armError(404, "NotFound", `No emulator control endpoint '${method} ${path}'.`);
    }
  } catch (err) {
    if (err && typeof err === "object" && "status" in err && "body" in err) return err as EmuResponse;
    throw err;
  }
}
