import type { Redis } from "ioredis";

/** Redis's own count of the bytes it holds (INFO memory used_memory): data, overheads and all. */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info("memory");
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN);
}

/** BullMQ's per-queue keys (as opposed to one job's hash and its lock). */
const QUEUE_KEYS = new Set([
  "active",
  "completed",
  "de",
  "delayed",
  "failed",
  "id",
  "limiter",
  "marker",
  "meta",
  "metrics",
  "paused",
  "pc",
  "prioritized",
  "repeat",
  "stalled",
  "stalled-check",
  "wait",
  "waiting-children",
]);

/** What a key is for, by its name under `prefix`: a grant record, an index, a queue's job or structure… */
export function keyClass(key: string, prefix: string): string {
  const rest = key.slice(prefix.length);
  const bull = /^bull:([^:]+):([^:]+)/.exec(rest);
  if (bull?.[2] === "events") return `${bull[1]} events`;
  if (bull) return QUEUE_KEYS.has(bull[2]!) ? `${bull[1]} queue structures` : `${bull[1]} jobs`;
  if (rest.startsWith("grant:")) return "grant records";
  if (rest.startsWith("grants:")) return `grant index ${rest.split(":")[1]}`;
  if (rest.startsWith("nsg:")) return `nsg ${rest.split(":").pop()}`;
  return rest.split(":")[0] ?? rest;
}

/** Every key under `prefix` by class: how many, and their bytes as MEMORY USAGE counts them (exact, not sampled). */
export async function bytesByClass(
  redis: Redis,
  prefix: string,
): Promise<Map<string, { keys: number; bytes: number }>> {
  const classes = new Map<string, { keys: number; bytes: number }>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    const sizes = await redis.pipeline(keys.map((k) => ["memory", "usage", k, "SAMPLES", "0"])).exec();
    keys.forEach((key, i) => {
      const entry = classes.get(keyClass(key, prefix)) ?? { keys: 0, bytes: 0 };
      entry.keys += 1;
      entry.bytes += Number(sizes?.[i]?.[1] ?? 0);
      classes.set(keyClass(key, prefix), entry);
    });
  } while (cursor !== "0");
  return classes;
}

/**
 * A stream's entries as listpack stores them, about: each value with a 2-byte header, field names
 * only where they differ from the first entry's (the same ones are stored once per node), and an
 * entry header. MEMORY USAGE of a stream counts whole preallocated nodes instead.
 */
export async function streamEntryBytes(redis: Redis, key: string): Promise<{ bytes: number; entries: number }> {
  const entries = await redis.xrange(key, "-", "+");
  const names = (fields: string[]) => fields.filter((_, i) => i % 2 === 0).join("\n");
  const master = names(entries[0]?.[1] ?? []);
  const bytes = (s: string) => Buffer.byteLength(s) + 2;
  const total = entries.reduce(
    (sum, [, fields]) =>
      sum + 10 + fields.reduce((s, f, i) => s + (i % 2 === 1 || names(fields) !== master ? bytes(f) : 0), 0),
    0,
  );
  return { bytes: total, entries: entries.length };
}
