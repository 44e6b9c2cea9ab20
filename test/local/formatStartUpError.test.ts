import { describe, expect, it } from "vitest";
import { PolicyError } from "../../shared/config/PolicyError";
import { PortInUseError } from "../../local/azurite/checkPortFree";
import { formatStartUpError } from "../../local/formatStartUpError";
import { StartUpError } from "../../local/StartUpError";

describe("formatStartUpError", () => {
  it("prints errors the user can fix as their message alone", () => {
    expect(formatStartUpError(new PortInUseError(7071, "Functions host", "AILZ_HOST_PORT"), false)).toBe(
      "ailz: Port 7071 (Functions host, AILZ_HOST_PORT) is already in use. Stop whatever is listening there or set AILZ_HOST_PORT to a free port.\n",
    );
    expect(formatStartUpError(new PolicyError("g.yaml", [{ line: 3, col: 11, path: "guardrails.shadowAi.mode", message: "Invalid option" }]), false)).toBe(
      "ailz: invalid policy g.yaml:\ng.yaml:3:11 guardrails.shadowAi.mode: Invalid option\n",
    );
    expect(formatStartUpError(new StartUpError("AILZ_APP_ENTRY: no such file x.ts"), false)).toBe("ailz: AILZ_APP_ENTRY: no such file x.ts\n");
  });

  it("calls anything else unexpected and keeps its stack for AILZ_DEBUG", () => {
    const err = new Error("Azurite exited during start");
    const plain = formatStartUpError(err, false);
    expect(plain).toBe("ailz: failed to start: Azurite exited during start\n(AILZ_DEBUG=1 shows the stack trace)\n");
    const debug = formatStartUpError(err, true);
    expect(debug).toContain(err.stack!.split("\n")[1]!.trim());
    expect(formatStartUpError(new StartUpError("x"), true)).toMatch(/^ailz: x\nStartUpError: x\n\s+at /);
  });

  it("masks secrets the message carries", () => {
    expect(formatStartUpError(new Error("cannot reach AccountKey=abc;TableEndpoint=t"), false)).toContain("AccountKey=[redacted];TableEndpoint=t");
  });
});
