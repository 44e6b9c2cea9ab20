import { describe, expect, it } from "vitest";
import { StoreConfigError } from "../../../shared/store/errors";
import { boundKey, decodeKey, encodeKey } from "../../../shared/store/keys";
import { parseStoreConfig, storeConfigFromEnv } from "../../../shared/store/storeConfig";

const fakeCredential = { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 60_000 }) };

describe("store config", () => {
  it("names the missing setting", () => {
    expect(() => storeConfigFromEnv({}, () => fakeCredential)).toThrow(/AzureWebJobsStorage/);
    try {
      storeConfigFromEnv({}, () => fakeCredential);
    } catch (err) {
      expect(err).toBeInstanceOf(StoreConfigError);
      expect((err as StoreConfigError).setting).toBe("AzureWebJobsStorage");
    }
  });

  it("reads identity-based settings and picks a managed identity for __clientId", () => {
    const seen: unknown[] = [];
    const cfg = storeConfigFromEnv(
      { AzureWebJobsStorage__accountName: "stailz01", AzureWebJobsStorage__credential: "managedidentity", AzureWebJobsStorage__clientId: "cid", AILZ_TABLE_PREFIX: "p1" },
      (o) => (seen.push(o), fakeCredential),
    );
    expect(cfg).toMatchObject({ accountName: "stailz01", tablePrefix: "p1" });
    expect(seen).toEqual([{ clientId: "cid", managedIdentity: true }]);
    expect(() => storeConfigFromEnv({ AzureWebJobsStorage__accountName: "stailz01", AzureWebJobsStorage__credential: "secret" }, () => fakeCredential)).toThrow(
      /AzureWebJobsStorage__credential/,
    );
  });

  it("rejects a bad prefix or account name, naming the field", () => {
    expect(() => parseStoreConfig({ connectionString: "UseDevelopmentStorage=true", tablePrefix: "bad-prefix" })).toThrow(/tablePrefix/);
    expect(() => parseStoreConfig({ accountName: "Bad_Name", credential: fakeCredential })).toThrow(/accountName/);
  });
});

describe("key encoding", () => {
  it("removes every character Table Storage forbids and round-trips", () => {
    const id = "/subscriptions/s/resourceGroups/rg#1/providers/x?y\\z~é\u0001";
    const key = encodeKey(id);
    expect(key).not.toMatch(/[/\\#?\u0000-\u001f\u007f-\u009f]/);
    expect(decodeKey(key)).toBe(id);
  });

  it("keeps very long values under the 1 KiB key limit and distinct", () => {
    const a = encodeKey("/x".repeat(600) + "a");
    const b = encodeKey("/x".repeat(600) + "b");
    expect(a.length).toBeLessThanOrEqual(512);
    expect(a).not.toBe(b);
  });

  it("bounds composed keys to 512 characters, leaving every key that fits as it was", () => {
    const fits = "g!" + "x".repeat(508);
    expect(boundKey(fits)).toBe(fits);
    const a = boundKey(`${fits}!a`);
    const b = boundKey(`${fits}!b`);
    expect(a.length).toBeLessThanOrEqual(512);
    expect(a.startsWith("g!xxx")).toBe(true);
    expect(a).not.toBe(b);
  });
});

describe("store config from service URIs (the form infra/app/api.bicep deploys)", () => {
  const uris = {
    AzureWebJobsStorage__credential: "managedidentity",
    AzureWebJobsStorage__clientId: "cid",
    AzureWebJobsStorage__blobServiceUri: "https://stailz01.blob.core.windows.net/",
    AzureWebJobsStorage__queueServiceUri: "https://stailz01.queue.core.windows.net/",
    AzureWebJobsStorage__tableServiceUri: "https://stailz01.table.core.windows.net/",
  };

  it("derives the account from the URIs and keeps the endpoints", () => {
    const seen: unknown[] = [];
    const cfg = storeConfigFromEnv(uris, (o) => (seen.push(o), fakeCredential));
    expect(cfg).toMatchObject({ accountName: "stailz01", blobEndpoint: uris.AzureWebJobsStorage__blobServiceUri, tableEndpoint: uris.AzureWebJobsStorage__tableServiceUri });
    expect(seen).toEqual([{ clientId: "cid", managedIdentity: true }]);
  });

  it("reads Azurite's path-style URIs", () => {
    const cfg = storeConfigFromEnv({ AzureWebJobsStorage__blobServiceUri: "http://127.0.0.1:10000/devstoreaccount1", AzureWebJobsStorage__tableServiceUri: "http://127.0.0.1:10002/devstoreaccount1" }, () => fakeCredential);
    expect(cfg).toMatchObject({ accountName: "devstoreaccount1" });
  });

  it("names the missing or mismatched URI", () => {
    const { AzureWebJobsStorage__tableServiceUri: _t, ...noTable } = uris;
    expect(() => storeConfigFromEnv(noTable, () => fakeCredential)).toThrow(/AzureWebJobsStorage__tableServiceUri is required/);
    expect(() => storeConfigFromEnv({ ...uris, AzureWebJobsStorage__tableServiceUri: "https://other01.table.core.windows.net/" }, () => fakeCredential)).toThrow(/different accounts/);
    expect(() => storeConfigFromEnv({ ...uris, AzureWebJobsStorage__blobServiceUri: "not a url" }, () => fakeCredential)).toThrow(/AzureWebJobsStorage__blobServiceUri must be an absolute URL/);
  });
});
