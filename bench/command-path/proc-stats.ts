import { readFileSync } from "node:fs";

/** CPU seconds a process (or with `thread`, one of its threads) has used so far (Linux /proc; 0 elsewhere). */
export function cpuSeconds(pid: number | undefined, thread?: number): number {
  try {
    const path = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
    const fields = readFileSync(path, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Resident memory of a process, MB (Linux /proc; 0 elsewhere). */
export function rssMb(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** CPU used between `start()` and `stop()`, as a share of one core. */
export function cpuShare(read: () => number): { stop(): number } {
  const [before, started] = [read(), Date.now()];
  return { stop: () => (read() - before) / ((Date.now() - started) / 1000) };
}

/** Sums the samples of a Prometheus metric family (those with `label` in their labels) across scrapes. */
export function total(scrapes: string[], name: string, label = ""): number {
  let sum = 0;
  for (const text of scrapes)
    for (const line of text.split("\n"))
      if (line.startsWith(`${name}{`) && line.includes(label)) sum += Number(line.split(" ").pop());
  return sum;
}
