import { randomUUID } from "node:crypto";

// Event Grid's endpoint validation when a webhook subscription is created: Event Grid schema
// subscriptions get a SubscriptionValidationEvent and must echo `validationResponse`; CloudEvents
// subscriptions get the CloudEvents abuse-protection OPTIONS and must answer WebHook-Allowed-Origin.

export async function validateWebhook(endpointUrl: string, topic: string, cloudEvents: boolean, eventTime: string, timeoutMs = 10_000): Promise<string | undefined> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    if (cloudEvents) {
      const res = await fetch(endpointUrl, { method: "OPTIONS", headers: { "WebHook-Request-Origin": "eventgrid.azure.net", "WebHook-Request-Rate": "120" }, signal });
      await res.arrayBuffer().catch(() => undefined);
      const allowed = res.headers.get("webhook-allowed-origin");
      if (res.ok && (allowed === "*" || allowed?.toLowerCase() === "eventgrid.azure.net")) return undefined;
      return `Http OPTIONS request failed with response code ${res.status} or without a matching WebHook-Allowed-Origin header`;
    }
    const code = randomUUID();
    const event = [{
      id: randomUUID(), topic, subject: "", eventType: "Microsoft.EventGrid.SubscriptionValidationEvent", eventTime,
      data: { validationCode: code, validationUrl: `https://rp-eastus.eventgrid.azure.net/eventsubscriptions/validate?id=${code}` },
      dataVersion: "2", metadataVersion: "1",
    }];
    const res = await fetch(endpointUrl, { method: "POST", headers: { "content-type": "application/json", "aeg-event-type": "SubscriptionValidation" }, body: JSON.stringify(event), signal });
    const text = await res.text();
    if (!res.ok) return `Http POST request failed with response code ${res.status}`;
    try {
      const body = JSON.parse(text) as { validationResponse?: string };
      if (body.validationResponse === code) return undefined;
    } catch {
      // fall through: not JSON
    }
    return "the response did not echo data.validationCode as validationResponse";
  } catch (err) {
    return `Http request failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}
