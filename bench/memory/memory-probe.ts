/**
 * Loaded into the ajar process the memory run starts (`node --expose-gc --import <this> cli.mjs all`),
 * never into ajar itself. It reads commands on stdin, one a line, and answers on stderr with a line
 * `@probe {...}`: `gc` collects garbage fully and reports process.memoryUsage() and where the resident
 * memory is; `snapshot <file>` writes a V8 heap snapshot there.
 */
import { copyFileSync, readFileSync } from "node:fs";
import { writeHeapSnapshot } from "node:v8";

/**
 * Resident bytes by kind of mapping (Linux): glibc's main heap, anonymous mappings of 32 MB and more
 * (malloc's other arenas reserve 64 MB each), other anonymous ones (V8's heap pages among them) and
 * files (code, libraries).
 */
function residentByMapping(): Record<string, number> | undefined {
  let smaps: string;
  try {
    smaps = readFileSync("/proc/self/smaps", "utf8");
  } catch {
    return undefined;
  }
  const out = { mallocHeap: 0, largeAnonymous: 0, otherAnonymous: 0, files: 0 };
  let kind: keyof typeof out = "files";
  for (const line of smaps.split("\n")) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      const size = parseInt(header[2]!, 16) - parseInt(header[1]!, 16);
      const path = header[3] ?? "";
      kind =
        path === "[heap]"
          ? "mallocHeap"
          : path === ""
            ? size >= 32 * 1024 * 1024
              ? "largeAnonymous"
              : "otherAnonymous"
            : "files";
    } else if (line.startsWith("Rss:")) {
      out[kind] += Number(/(\d+)/.exec(line)?.[1] ?? 0) * 1024;
    }
  }
  return out;
}

const answer = (body: Record<string, unknown>): void => void process.stderr.write(`@probe ${JSON.stringify(body)}\n`);

function handle(line: string): void {
  const [command, argument] = line.trim().split(/\s+/);
  if (command === "gc") {
    const gc = (globalThis as { gc?: () => void }).gc;
    // Twice: the first pass runs finalizers that free more on the second.
    gc?.();
    gc?.();
    answer({ kind: "gc", collected: gc !== undefined, ...process.memoryUsage(), resident: residentByMapping() });
  } else if (command === "snapshot" && argument) {
    answer({ kind: "snapshot", file: writeHeapSnapshot(argument) });
    copyFileSync("/proc/self/smaps", `${argument}.smaps`);
  }
}

let pending = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  pending += chunk;
  for (let at = pending.indexOf("\n"); at >= 0; at = pending.indexOf("\n")) {
    handle(pending.slice(0, at));
    pending = pending.slice(at + 1);
  }
});
// The probe must not keep the process alive once ajar has shut down.
(process.stdin as { unref?: () => void }).unref?.();
