import type { GuardrailModule } from "../../engine/GuardrailModule";
import { evaluateHandPulledKeys, keyActionOf } from "./evaluateHandPulledKeys";
import { handPulledKeysExample, handPulledKeysName, handPulledKeysParams } from "./params";

/** Keys of AI services pulled by hand (listKeys / regenerateKey by a person): who, which account. */
export const handPulledKeys: GuardrailModule<typeof handPulledKeysName, typeof handPulledKeysParams> = {
  name: handPulledKeysName,
  paramsSchema: handPulledKeysParams,
  example: handPulledKeysExample,
  onEvent: {
    // The account is read: its tags carry exemptions, and whether key auth is on decides the severity and the fix.
    needs: (event) => event.operation === "action" && keyActionOf(event.operationName) !== undefined && { resource: true },
    evaluate: ({ event, resource, subscription }, params, policy) =>
      resource ? evaluateHandPulledKeys({ operationName: event.operationName!, caller: event.caller, at: event.time, resource, subscription }, params, policy) : [],
  },
};
