import { z } from "zod";
import { policySchema } from "./Policy";

/** JSON Schema (draft 2020-12) of the policy file as written, for editors (yaml-language-server). */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(policySchema(), { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
