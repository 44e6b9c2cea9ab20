/** Booleans arrive as true/"true" from ARM and as 1/0 from Resource Notifications events. */
export const truthy = (v: unknown): boolean => v === true || v === 1 || (typeof v === "string" && ["true", "1"].includes(v.toLowerCase()));
