import { describe, expect, it } from "vitest";
import { azuriteConnectionString } from "../../../local/azurite/startAzurite";
import { redactSecrets } from "../../../local/log/redactSecrets";

describe("redactSecrets", () => {
  it("masks the key of a storage connection string and keeps the endpoints", () => {
    const out = redactSecrets(`storage: ${azuriteConnectionString({ blob: 10000, queue: 10001, table: 10002 })}`);
    expect(out).toContain("AccountKey=[redacted]");
    expect(out).not.toContain("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq");
    expect(out).toContain("BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1");
  });

  it("masks SAS signatures, Service Bus style tokens, ACS and App Insights keys", () => {
    expect(redactSecrets("GET https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=abc%2Fdef%3D&se=2026")).toBe("GET https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=[redacted]&se=2026");
    expect(redactSecrets("Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=s3cr3tValue=")).toBe(
      "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=[redacted]",
    );
    expect(redactSecrets("auth: SharedAccessSignature sr=x&sig=y&se=1")).toBe("auth: SharedAccessSignature [redacted]");
    expect(redactSecrets("endpoint=https://acs.communication.azure.com/;accesskey=QUJDREVGR0g=")).toBe("endpoint=https://acs.communication.azure.com/;accesskey=[redacted]");
    expect(redactSecrets("InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://x")).toBe("InstrumentationKey=[redacted];IngestionEndpoint=https://x");
  });

  it("masks bearer tokens, JWTs and function keys in URLs and headers", () => {
    expect(redactSecrets("Authorization: Bearer abcdefghijklmnop")).toBe("Authorization: Bearer [redacted]");
    expect(redactSecrets("token eyJhbGciOiJub25lIn0.eyJvaWQiOiJ4In0. used")).toBe("token [redacted] used");
    expect(redactSecrets("POST http://127.0.0.1:7071/runtime/webhooks/EventGrid?functionName=resourceEvents&code=k3y-Value_1")).toBe(
      "POST http://127.0.0.1:7071/runtime/webhooks/EventGrid?functionName=resourceEvents&code=[redacted]",
    );
    expect(redactSecrets('{"x-functions-key":"k3y-Value_1","accept":"*/*"}')).toBe('{"x-functions-key":"[redacted]","accept":"*/*"}');
  });

  it("leaves ordinary lines and placeholders alone", () => {
    for (const line of [
      "Executed 'findings' (Succeeded, Id=6d538de4-bc15-421d-9c03-066e5caaf8a6, Duration=25ms)",
      "http://127.0.0.1:7071/runtime/webhooks/EventGrid?functionName=<name>&code=<key>",
      '{"level":"info","metric":"ailz.events.processed","statusCode":200}',
    ]) {
      expect(redactSecrets(line)).toBe(line);
    }
  });
});
