import { z } from "zod";
import * as clock from "../../clock";
import { armError } from "../armError";
import type { Emulator } from "../Emulator";
import type { EmuResponse } from "../types";
import { accrueCost, resolveAccrual, setAccrualEnabled } from "./accrueCost";

/**
 * Brings the emulator's cost records up to yesterday. Cost reads (query, forecast, budgets) call
 * it first, so spend is current even when wall-clock time crossed midnight without a clock change.
 */
export function ensureAccrued(emu: Emulator): void {
  const r = accrueCost(emu.state, emu.now());
  if (r.changed) emu.markDirty();
}

/**
 * Accrues now and whenever the clock moves, so each day is billed with the state the estate had
 * that day (a later deallocation or delete does not reach back). Returns the unsubscribe.
 */
export function installAccrual(emu: Emulator): () => void {
  ensureAccrued(emu);
  return clock.onChange(() => ensureAccrued(emu));
}

const AccrualToggle = z.object({ enabled: z.boolean() });

function view(emu: Emulator): EmuResponse {
  const s = resolveAccrual(emu.state);
  return { status: 200, body: { enabled: s.enabled, through: s.through ?? null, aggregated: s.aggregated, records: emu.state.costRecords.length } };
}

/** `GET|PUT /_emulator/accrual` ({enabled}); undefined for every other control path. */
export function handleAccrualControl(emu: Emulator, method: string, path: string, rawBody: Buffer): EmuResponse | undefined {
  if (path.replace(/\/+$/, "").toLowerCase() !== "/_emulator/accrual") return undefined;
  if (method === "GET") {
    ensureAccrued(emu);
    return view(emu);
  }
  if (method !== "PUT") return armError(405, "MethodNotAllowed", `Use GET or PUT on /_emulator/accrual, not ${method}.`);
  let body: unknown;
  try {
    body = rawBody.length ? JSON.parse(rawBody.toString("utf8")) : {};
  } catch (err) {
    return armError(400, "InvalidRequestContent", `The request body is not JSON: ${(err as Error).message}`);
  }
  const parsed = AccrualToggle.safeParse(body);
  if (!parsed.success) return armError(400, "InvalidRequestContent", parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  // Days that passed while it was on are billed before switching off.
  ensureAccrued(emu);
  setAccrualEnabled(emu.state, parsed.data.enabled, emu.now());
  emu.markDirty();
  return view(emu);
}
