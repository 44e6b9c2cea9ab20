import { describe, expect, it } from "vitest";
import { debugEnabled, readStartEnv } from "../../local/startConfig";

describe("readStartEnv", () => {
  it("defaults to the README's ports, data folder and log level", () => {
    expect(readStartEnv({})).toMatchObject({ AILZ_HOST_PORT: 7071, AILZ_EMULATOR_PORT: 7072, AILZ_SINK_PORT: 7073, AILZ_AZURITE_BLOB_PORT: 10000, AILZ_DATA_DIR: ".ailz", AILZ_LOG_LEVEL: "info" });
    expect(readStartEnv({ AILZ_HOST_PORT: "0", AILZ_LOG_LEVEL: "debug" })).toMatchObject({ AILZ_HOST_PORT: 0, AILZ_LOG_LEVEL: "debug" });
  });

  it("names the variable and the value it refuses", () => {
    expect(() => readStartEnv({ AILZ_AZURITE_TABLE_PORT: "70000" })).toThrow('AILZ_AZURITE_TABLE_PORT: must be a port number from 0 to 65535 (0 = any free port), got "70000"');
    expect(() => readStartEnv({ AILZ_HOST_PORT: "" })).toThrow(/^AILZ_HOST_PORT: must be a port number/);
    expect(() => readStartEnv({ AILZ_LOG_LEVEL: "loud" })).toThrow('AILZ_LOG_LEVEL: must be one of debug, info, warn, error, got "loud"');
    expect(() => readStartEnv({ AILZ_EVENT_RETENTION_DAYS: "0" })).toThrow('AILZ_EVENT_RETENTION_DAYS: a whole number of days from 1 to 90, got "0"');
    expect(readStartEnv({ AILZ_EVENT_RETENTION_DAYS: "30" }).AILZ_EVENT_RETENTION_DAYS).toBe(30);
    expect(readStartEnv({}).AILZ_EVENT_RETENTION_DAYS).toBe(14);
    expect(() => readStartEnv({ AILZ_AZURITE_PERSISTENCE: "ram" })).toThrow('AILZ_AZURITE_PERSISTENCE: must be one of disk, memory, got "ram"');
    expect(readStartEnv({}).AILZ_AZURITE_PERSISTENCE).toBe("disk");
    expect(readStartEnv({ AILZ_AZURITE_PERSISTENCE: "memory" }).AILZ_AZURITE_PERSISTENCE).toBe("memory");
  });
});

describe("debugEnabled", () => {
  it("is on for AILZ_DEBUG=1 and off when unset, empty, 0 or false", () => {
    expect(debugEnabled({ AILZ_DEBUG: "1" })).toBe(true);
    for (const v of [undefined, "", "0", "false", "FALSE"]) expect(debugEnabled({ AILZ_DEBUG: v })).toBe(false);
  });
});
