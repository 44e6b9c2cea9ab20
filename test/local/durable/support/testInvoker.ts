// A FunctionInvoker over captured registrations, as the host's invoker would be: the trigger
// value goes in as the handler's first argument with an InvocationContext second.
import { InvocationContext } from "@azure/functions";
import { randomUUID } from "node:crypto";
import type { FunctionInvoker } from "../../../../local/durable/types";
import { captured } from "./captureFunctions";

export function testInvoker(): FunctionInvoker {
  return {
    async invokeTrigger(functionName, triggerValue) {
      const fn = captured.get(functionName.toLowerCase());
      if (!fn) throw new Error(`no function named ${functionName}`);
      const context = new InvocationContext({ functionName: fn.name, invocationId: randomUUID(), logHandler: () => undefined });
      return await fn.handler(triggerValue, context);
    },
    functionsByTrigger(type) {
      return [...captured.values()].filter((c) => c.triggerType === type).map((c) => c.name);
    },
  };
}
