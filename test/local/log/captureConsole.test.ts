import { describe, expect, it } from "vitest";
import { captureConsole } from "../../../local/log/captureConsole";

describe("captureConsole", () => {
  it("makes the app's telemetry debug lines, keeps warnings and errors, and restores the console", () => {
    const lines: [string, string][] = [];
    const original = console.log;
    const restore = captureConsole((level, msg) => lines.push([level, msg]));
    try {
      console.log(JSON.stringify({ level: "info", metric: "ailz.events.processed", value: 1 }));
      console.error(JSON.stringify({ level: "warn", msg: "notification via teams failed" }));
      console.error(JSON.stringify({ level: "error", msg: "audit failed" }));
      console.warn("plain %s", "warning");
      console.error(new Error("boom").message);
      console.log("plain line");
    } finally {
      restore();
    }
    expect(console.log).toBe(original);
    expect(lines).toEqual([
      ["debug", '{"level":"info","metric":"ailz.events.processed","value":1}'],
      ["warn", '{"level":"warn","msg":"notification via teams failed"}'],
      ["error", '{"level":"error","msg":"audit failed"}'],
      ["warn", "plain warning"],
      ["error", "boom"],
      ["debug", "plain line"],
    ]);
  });
});
