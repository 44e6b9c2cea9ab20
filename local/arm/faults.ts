import { randomUUID } from "node:crypto";
import { z } from "zod";

export const FaultSpec = z.object({
  /** Regular expression tested against the request path (case-insensitive). */
  pathPattern: z.string().min(1),
  method: z.string().optional(),
  status: z.union([z.literal(429), z.literal(500), z.literal(503)]).optional(),
  /** Seconds, sent as Retry-After (429 and 503). */
  retryAfter: z.number().nonnegative().optional(),
  latencyMs: z.number().nonnegative().max(120_000).optional(),
  probability: z.number().min(0).max(1).optional(),
  /** How many requests the fault applies to; unlimited when absent. */
  count: z.number().int().positive().optional(),
});
export type FaultSpec = z.infer<typeof FaultSpec>;

export interface Fault extends FaultSpec {
  id: string;
  regex: RegExp;
  hits: number;
}

const CODES: Record<number, [string, string]> = {
  429: ["TooManyRequests", "The request is being throttled."],
  500: ["InternalServerError", "Encountered internal server error. Diagnostic information: injected by the emulator."],
  503: ["ServiceUnavailable", "The service is temporarily unavailable."],
};

export class FaultInjector {
  readonly faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    let regex: RegExp;
    try {
      regex = new RegExp(spec.pathPattern, "i");
    } catch (err) {
      throw new Error(`pathPattern is not a valid regular expression: ${(err as Error).message}`);
    }
    const fault: Fault = { ...spec, id: randomUUID(), regex, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  remove(id?: string): number {
    const before = this.faults.length;
    if (!id) this.faults.length = 0;
    else this.faults.splice(0, this.faults.length, ...this.faults.filter((f) => f.id !== id));
    return before - this.faults.length;
  }

  /** The fault that applies to this request, consuming one of its `count`. */
  pick(method: string, path: string): Fault | undefined {
    for (const f of this.faults) {
      if (f.method && f.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!f.regex.test(path)) continue;
      if (f.probability !== undefined && Math.random() >= f.probability) continue;
      f.hits++;
      if (f.count !== undefined && f.hits >= f.count) this.faults.splice(this.faults.indexOf(f), 1);
      return f;
    }
    return undefined;
  }

  static errorFor(fault: Fault): { status: number; headers: Record<string, string>; body: unknown } | undefined {
    if (!fault.status) return undefined;
    const [code, message] = CODES[fault.status]!;
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
    return { status: fault.status, headers, body: { error: { code, message } } };
  }
}
