// IPv4 CIDR arithmetic for IPAM. Ranges are [start, end] as unsigned 32-bit numbers.

export interface Cidr {
  start: number;
  prefixLength: number;
}

export function parseCidr(text: string): Cidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!m) throw new RangeError(`not an IPv4 CIDR: ${text}`);
  const octets = m.slice(1, 5).map(Number);
  const prefixLength = Number(m[5]);
  if (octets.some((o) => o > 255) || prefixLength > 32) throw new RangeError(`not an IPv4 CIDR: ${text}`);
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const start = (address & maskOf(prefixLength)) >>> 0;
  if (start !== address) throw new RangeError(`CIDR ${text} has host bits set (network is ${formatCidr({ start, prefixLength })})`);
  return { start, prefixLength };
}

export function formatCidr(c: Cidr): string {
  const s = c.start;
  return `${s >>> 24}.${(s >>> 16) & 255}.${(s >>> 8) & 255}.${s & 255}/${c.prefixLength}`;
}

function sizeOf(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

function endOf(c: Cidr): number {
  return c.start + sizeOf(c.prefixLength) - 1;
}

/** First aligned block of the given prefix length inside pool that overlaps none of taken. */
export function firstFree(pool: Cidr, prefixLength: number, taken: Cidr[]): Cidr | undefined {
  if (prefixLength < pool.prefixLength || prefixLength > 32) return undefined;
  const size = sizeOf(prefixLength);
  const sorted = [...taken].sort((a, b) => a.start - b.start);
  let candidate = pool.start;
  const poolEnd = endOf(pool);
  for (const t of sorted) {
    if (candidate + size - 1 < t.start) break;
    if (endOf(t) >= candidate) candidate = Math.ceil((endOf(t) + 1) / size) * size;
  }
  return candidate + size - 1 <= poolEnd ? { start: candidate, prefixLength } : undefined;
}

function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (~0 << (32 - prefixLength)) >>> 0;
}
