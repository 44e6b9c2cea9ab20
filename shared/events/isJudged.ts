import type { ResourceEvent } from "./ResourceEvent";

/** Actions that bring compute back to life: a person restarting a deallocated GPU VM is a write in effect. */
const POWER_ON = /^microsoft\.compute\/virtualmachines(scalesets)?\/(start|restart|redeploy)\/action$/i;

/** Whether resource guardrails judge this operation: writes and power-on actions (other actions, listKeys..., only repeat decisions). */
export const isJudged = (event: ResourceEvent): boolean => event.operation === "write" || (event.operation === "action" && POWER_ON.test(event.operationName ?? ""));
