import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { CreateExemption } from "../../functions/exemptions";
import { AuditQuery } from "../../functions/audit";
import { FindingsQuery } from "../../functions/findings";
import { errorReply } from "../../functions/http/errorReply";
import { HttpError } from "../../functions/http/HttpError";
import { StoreLimitError } from "../../shared/store/errors";

const ok = { scope: "/subscriptions/c0c0c0c0-0000-4000-8000-0000000e0001/resourceGroups/rg-lab", guardrail: "shadowAi", until: "2030-01-31", justification: "lab", ref: "CHG-1" };

const fieldOf = (input: unknown) => {
  const r = CreateExemption.safeParse(input);
  if (r.success) return "";
  return (errorReply(r.error, () => {}).jsonBody as { error: { field: string } }).error.field;
};

describe("exemption requests", () => {
  it("accepts a scoped, dated, justified exemption (management group, subscription, group or resource)", () => {
    expect(CreateExemption.safeParse(ok).success).toBe(true);
    expect(CreateExemption.safeParse({ ...ok, scope: "/providers/Microsoft.Management/managementGroups/corp", guardrail: "*" }).success).toBe(true);
    expect(CreateExemption.safeParse({ ...ok, until: undefined, expiresAt: "2030-01-31T12:00:00Z" }).success).toBe(true);
  });

  it.each([
    [{ ...ok, scope: "rg-lab" }, "scope"],
    [{ ...ok, guardrail: "nope" }, "guardrail"],
    [{ ...ok, until: "31/01/2030" }, "until"],
    [{ ...ok, until: undefined }, "until"],
    [{ ...ok, expiresAt: "2030-01-31T12:00:00Z" }, "until"],
    [{ ...ok, justification: " " }, "justification"],
    [{ ...ok, extra: 1 }, "extra"],
  ])("rejects %j naming %s", (input, field) => {
    expect(fieldOf(input)).toBe(field);
  });
});

describe("query schemas and error replies", () => {
  it("findings and audit queries name the bad parameter", () => {
    expect(FindingsQuery.safeParse({ status: "closed" }).success).toBe(false);
    expect(FindingsQuery.safeParse({ subscription: "not-a-guid" }).success).toBe(false);
    expect(AuditQuery.safeParse({ since: "yesterday" }).success).toBe(false);
    expect(AuditQuery.safeParse({ since: "2025-01-01T00:00:00Z", resourceId: "/subscriptions/x" }).success).toBe(true);
  });

  it("errors become replies: HttpError keeps its status and field, anything else is an opaque 500", () => {
    expect(errorReply(new HttpError(404, "NotFound", "id: no exemption x", "id"), () => {})).toMatchObject({ status: 404, jsonBody: { error: { field: "id" } } });
    const logged: string[] = [];
    const r = errorReply(new Error("secret detail at foo.ts:12"), (m) => logged.push(m));
    expect(r.status).toBe(500);
    expect(JSON.stringify(r.jsonBody)).not.toContain("secret");
    expect(logged[0]).toContain("secret detail");
    expect(errorReply(new ZodError([]), () => {}).status).toBe(400);
    expect(errorReply(new StoreLimitError("Exemptions", "property ScopeLower is too long"), () => {})).toMatchObject({ status: 400, jsonBody: { error: { code: "NotStorable" } } });
  });
});
