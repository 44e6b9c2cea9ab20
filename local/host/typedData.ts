// Conversions between JS values and RPC TypedData on the host side of the wire.
import type { RpcTypedData } from "./coreTypes";

/** Encode a value the way the host sends JSON-valued inputs: `json` keeps strings and numbers exact. */
export function toTypedData(value: unknown): RpcTypedData | undefined {
  if (value === undefined) return undefined;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { bytes: value };
  return { json: JSON.stringify(value) };
}

export function fromTypedData(data: RpcTypedData | null | undefined): unknown {
  if (!data) return undefined;
  if (data.json !== undefined && data.json !== null) return JSON.parse(data.json);
  if (data.string !== undefined && data.string !== null) return data.string;
  if (data.bytes) return Buffer.from(data.bytes);
  if (data.stream) return Buffer.from(data.stream);
  if (data.int !== undefined && data.int !== null) return data.int;
  if (data.double !== undefined && data.double !== null) return data.double;
  if (data.collectionString?.string) return data.collectionString.string;
  if (data.collectionDouble?.double) return data.collectionDouble.double;
  if (data.collectionSint64?.sint64) return data.collectionSint64.sint64;
  if (data.collectionBytes?.bytes) return data.collectionBytes.bytes.map((b) => Buffer.from(b));
  if (data.http) return data.http;
  return undefined;
}

export function bodyBytes(data: RpcTypedData | null | undefined): Buffer {
  if (!data) return Buffer.alloc(0);
  if (data.bytes) return Buffer.from(data.bytes);
  if (data.string !== undefined && data.string !== null) return Buffer.from(data.string, "utf8");
  if (data.json !== undefined && data.json !== null) return Buffer.from(data.json, "utf8");
  if (data.stream) return Buffer.from(data.stream);
  if (data.int !== undefined && data.int !== null) return Buffer.from(String(data.int));
  if (data.double !== undefined && data.double !== null) return Buffer.from(String(data.double));
  return Buffer.alloc(0);
}
