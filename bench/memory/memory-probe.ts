/**
 * Loaded into the ajar process the memory run starts (`node --expose-gc --import <this> cli.mjs all`),
 * never into ajar itself. It reads commands on stdin, one a line, and answers on stderr with a line
 * `@probe {...}`: `gc` collects garbage fully and reports process.memoryUsage(); `snapshot <file>`
 * writes a V8 heap snapshot there.
 */
import { writeHeapSnapshot } from "node:v8";

const answer = (body: Record<string, unknown>): void => void process.stderr.write(`@probe ${JSON.stringify(body)}\n`);

function handle(line: string): void {
  const [command, argument] = line.trim().split(/\s+/);
  if (command === "gc") {
    const gc = (globalThis as { gc?: () => void }).gc;
    // Twice: the first pass runs finalizers that free more on the second.
    gc?.();
    gc?.();
    answer({ kind: "gc", collected: gc !== undefined, ...process.memoryUsage() });
  } else if (command === "snapshot" && argument) {
    answer({ kind: "snapshot", file: writeHeapSnapshot(argument) });
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
