import { asciiJson } from "./asciiJson";

export interface EntitySize {
  /** Azure's documented accounting: 4 + keys + per property 8 + name + value, strings at max(UTF-16, UTF-8) bytes. */
  azure: number;
  /** Bytes of the JSON body as the SDK sends it through asciiJsonBodyPolicy, which is what Azurite measures. */
  wire: number;
}

const WIRE_NAMES: Record<string, string> = { partitionKey: "PartitionKey", rowKey: "RowKey" };
const EDM_BYTES: Record<string, number> = { Boolean: 1, Int32: 4, Int64: 8, Double: 8, DateTime: 8, Guid: 16 };

export function entitySize(entity: Record<string, unknown>): EntitySize {
  // Timestamp is added by the service and counts towards the entity like any property.
  let azure = 4 + textBytes(String(entity.partitionKey ?? "")) + textBytes(String(entity.rowKey ?? "")) + propertyBytes("Timestamp", 8);
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entity)) {
    const wireName = WIRE_NAMES[name] ?? name;
    if (!(name in WIRE_NAMES)) azure += propertyBytes(name, valueBytes(value));
    const [wireValue, type] = wireForm(value);
    body[wireName] = wireValue;
    if (type) body[`${wireName}@odata.type`] = type;
  }
  return { azure, wire: asciiJson(JSON.stringify(body)).length };
}

/** A string's stored size, as whichever of UTF-16 and UTF-8 is larger. */
function textBytes(text: string): number {
  return Math.max(text.length * 2, Buffer.byteLength(text, "utf8"));
}

function propertyBytes(name: string, value: number): number {
  return 8 + textBytes(name) + value;
}

function valueBytes(value: unknown): number {
  if (typeof value === "string") return 4 + textBytes(value);
  if (typeof value === "boolean") return 1;
  if (typeof value === "number" || typeof value === "bigint" || value instanceof Date) return 8;
  if (value instanceof Uint8Array) return 4 + value.byteLength;
  if (isEdm(value)) {
    if (value.type === "String") return 4 + textBytes(String(value.value));
    if (value.type === "Binary") return 4 + Buffer.from(String(value.value), "base64").byteLength;
    return EDM_BYTES[value.type] ?? 8;
  }
  return 0;
}

/** The value and `@odata.type` the SDK's serializer writes for a property. */
function wireForm(value: unknown): [unknown, string?] {
  if (typeof value === "bigint") return [value.toString(), "Edm.Int64"];
  if (value instanceof Date) return [value, "Edm.DateTime"];
  if (value instanceof Uint8Array) return [Buffer.from(value).toString("base64"), "Edm.Binary"];
  if (isEdm(value)) return [value.value, `Edm.${value.type}`];
  return [value];
}

function isEdm(value: unknown): value is { value: unknown; type: string } {
  return typeof value === "object" && value !== null && "value" in value && "type" in value && value.value !== undefined && typeof value.type === "string";
}
