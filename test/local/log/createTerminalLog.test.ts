import { describe, expect, it } from "vitest";
import { createTerminalLog } from "../../../local/log/createTerminalLog";

function capture() {
  const out: string[] = [];
  const stream = (name: string) => ({ write: (s: string) => out.push(`${name} ${s.replace(/^\[[^\]]+\] /, "")}`) }) as unknown as NodeJS.WritableStream;
  return { out, streams: { stdout: stream("out"), stderr: stream("err") } };
}

describe("createTerminalLog", () => {
  it("shows only warnings and errors until start-up is over, then the chosen level", () => {
    const { out, streams } = capture();
    const t = createTerminalLog("info", streams);
    t.log("info", "Executed 'resourceEvents' during start-up");
    t.log("warn", "a start-up warning");
    t.ready();
    t.log("debug", "debug after");
    t.log("info", "info after");
    t.log("error", "error after");
    expect(out).toEqual(["err WARN  a start-up warning\n", "out INFO  info after\n", "err ERROR error after\n"]);
  });

  it("at debug shows everything from the first line", () => {
    const { out, streams } = capture();
    const t = createTerminalLog("debug", streams);
    t.log("debug", "start-up detail");
    expect(out).toEqual(["out DEBUG start-up detail\n"]);
  });

  it("masks secrets", () => {
    const { out, streams } = capture();
    const t = createTerminalLog("warn", streams);
    t.log("error", "failed: AccountKey=abc123;BlobEndpoint=x");
    expect(out).toEqual(["err ERROR failed: AccountKey=[redacted];BlobEndpoint=x\n"]);
  });
});
