import { entitySize, type EntitySize } from "./entitySize";
import { CUSTOM_PROPERTIES, ENTITY_BYTES, KEY_LIMIT, PROPERTY_LIMIT, type TextLimit } from "./tableLimits";
import { isWellFormed } from "./wellFormed";

const KEY_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f/\\#?]/;

/** Why Table Storage (or Azurite) would refuse or alter `entity`, or undefined when it stores it as it is; `size` when the caller measured it already. */
export function entityProblem(entity: Record<string, unknown>, size?: EntitySize): string | undefined {
  for (const key of ["partitionKey", "rowKey"] as const) {
    const k = entity[key];
    if (typeof k !== "string") return `${key} is not a string`;
    if (KEY_FORBIDDEN.test(k)) return `${key} holds a character keys may not (/ \\ # ? or a control character)`;
    const over = textProblem(key, k, KEY_LIMIT);
    if (over) return over;
  }
  const custom = Object.keys(entity).filter((k) => k !== "partitionKey" && k !== "rowKey");
  if (custom.length > CUSTOM_PROPERTIES) return `${custom.length} properties, over the ${CUSTOM_PROPERTIES} an entity may have`;
  for (const name of custom) {
    const v = entity[name];
    const text = typeof v === "string" ? v : isEdmString(v) ? v.value : undefined;
    const over = text === undefined ? undefined : textProblem(`property ${name}`, text, PROPERTY_LIMIT);
    if (over) return over;
  }
  size ??= entitySize(entity);
  if (size.azure > ENTITY_BYTES || size.wire > ENTITY_BYTES) {
    return `the entity is ${size.azure} bytes by Azure's accounting and ${size.wire} bytes on the wire, over ${ENTITY_BYTES}`;
  }
  return undefined;
}

function textProblem(what: string, text: string, limit: TextLimit): string | undefined {
  if (!isWellFormed(text)) return `${what} holds a lone surrogate, which UTF-8 cannot carry`;
  const bytes = Buffer.byteLength(text, "utf8");
  if (text.length <= limit.units && bytes <= limit.bytes) return undefined;
  return `${what} is ${text.length} UTF-16 units and ${bytes} UTF-8 bytes, over ${limit.units} units or ${limit.bytes} bytes`;
}

function isEdmString(v: unknown): v is { value: string; type: "String" } {
  return typeof v === "object" && v !== null && (v as { type?: unknown }).type === "String" && typeof (v as { value?: unknown }).value === "string";
}
