import { describe, expect, it } from "vitest";
import { createConsoleTelemetry } from "../../../shared/telemetry/createConsoleTelemetry";
import { createSignalTelemetry } from "../../../shared/telemetry/createSignalTelemetry";
import { parseAuthenticationString } from "../../../shared/telemetry/parseAuthenticationString";

const capture = (minLevel?: "debug" | "info" | "warn" | "error") => {
  const lines: { json: any; level: string }[] = [];
  const t = createConsoleTelemetry({ minLevel, write: (line, level) => lines.push({ json: JSON.parse(line), level }) });
  return { t, lines };
};

describe("createConsoleTelemetry", () => {
  it("writes a decision as a structured log line and a metric point without the resource id", () => {
    const { t, lines } = capture();
    t.decision({ guardrail: "aiHardening", resourceId: "/subscriptions/s/x", verdict: "flag", dryRun: true, rule: "publicNetworkAccess", reason: "public" });
    expect(lines).toHaveLength(2);
    expect(lines[0]!.json).toMatchObject({ level: "info", event: "decision", guardrail: "aiHardening", resourceId: "/subscriptions/s/x", verdict: "flag", dryRun: true, rule: "publicNetworkAccess", reason: "public" });
    expect(lines[1]!.json).toEqual({ level: "info", metric: "ailz.decisions", kind: "counter", value: 1, guardrail: "aiHardening", verdict: "flag", dryRun: true });
  });

  it("durations are histogram points in ms; failures log as warnings", () => {
    const { t, lines } = capture();
    t.vendingCompleted({ requestId: "r1", archetype: "online", durationMs: 42.5, outcome: "failed" });
    expect(lines[0]).toMatchObject({ level: "warn", json: { event: "vending", requestId: "r1", archetype: "online", outcome: "failed" } });
    expect(lines[1]!.json).toMatchObject({ metric: "ailz.vending.duration", kind: "histogram", value: 42.5, archetype: "online", outcome: "failed" });
    t.sweepCompleted({ sweepId: "2030-01-02", durationMs: 10, outcome: "succeeded", subscriptions: 4 });
    expect(lines[3]!.json).toMatchObject({ metric: "ailz.sweep.duration", value: 10, outcome: "succeeded" });
    expect(lines[3]!.json.sweepId).toBeUndefined();
  });

  it("drops lines below the minimum level (events processed are debug logs, their metric still counts at info)", () => {
    const { t, lines } = capture("info");
    t.eventProcessed({ eventType: "Microsoft.Resources.ResourceWriteSuccess", outcome: "duplicate" });
    expect(lines.map((l) => l.json.metric ?? l.json.event)).toEqual(["ailz.events.processed"]);
    const quiet = capture("warn");
    quiet.t.action({ action: "tag", resourceId: "/x", outcome: "succeeded", dryRun: false });
    quiet.t.action({ action: "deallocate", resourceId: "/y", outcome: "failed", dryRun: false, error: "409 ScopeLocked" });
    expect(quiet.lines.map((l) => l.json)).toEqual([expect.objectContaining({ event: "action", action: "deallocate", error: "409 ScopeLocked" })]);
  });
});

describe("createSignalTelemetry", () => {
  it("never throws into the caller when the sink fails", () => {
    const errors: unknown[] = [];
    const t = createSignalTelemetry({ log() { throw new Error("sink down"); }, metric() {}, flush: async () => {}, shutdown: async () => {} }, (e) => errors.push(e));
    expect(() => t.decision({ guardrail: "g", resourceId: "/r", verdict: "ok", dryRun: false })).not.toThrow();
    expect(errors).toHaveLength(1);
  });
});

describe("parseAuthenticationString", () => {
  it("reads the Functions setting for system- and user-assigned identities", () => {
    expect(parseAuthenticationString(undefined)).toBeUndefined();
    expect(parseAuthenticationString("Authorization=AAD")).toEqual({});
    expect(parseAuthenticationString("Authorization=AAD;ClientId=abc-1")).toEqual({ clientId: "abc-1" });
  });
  it("names the setting when malformed", () => {
    expect(() => parseAuthenticationString("Authorization=Key")).toThrow(/^APPLICATIONINSIGHTS_AUTHENTICATION_STRING: Authorization must be AAD/);
    expect(() => parseAuthenticationString("junk")).toThrow(/APPLICATIONINSIGHTS_AUTHENTICATION_STRING/);
  });
});
