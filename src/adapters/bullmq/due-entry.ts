import { createHash } from "node:crypto";

import { jobId, type GrantJobData, type JobName, type ReconcileJobData } from "./job-names.js";

/** A short, stable name for an NSG (BullMQ ids may not contain ':', and ARM ids are long). */
export const nsgTag = (nsgId: string): string =>
  createHash("sha256").update(nsgId.toLowerCase()).digest("hex").slice(0, 20);

/** A grant job (a reminder, a pending expiry, a heads-up, a later open) that waits for its time. */
export interface DueGrantJob {
  kind: "grant";
  name: Exclude<JobName, "sweep" | "announce" | "authorize">;
  grantId: string;
  round?: number;
}

/** The reconcile of an NSG at a grant's end: a pass must start at `notBefore` or later. */
export interface DueEnd {
  kind: "end";
  nsgId: string;
  notBefore: number;
}

export type DueEntry = DueGrantJob | DueEnd;

/**
 * An entry as a sorted-set member: a few dozen bytes, where a BullMQ delayed job takes a hash and
 * several index entries. An NSG is named by a short tag (its id is 150 bytes), which `nsgs` maps back.
 */
export function dueMember(entry: DueEntry): string {
  return entry.kind === "grant"
    ? `g ${entry.name} ${entry.grantId} ${entry.round ?? ""}`
    : `e ${nsgTag(entry.nsgId)} ${entry.notBefore}`;
}

export function parseDueMember(member: string, nsgOf: (tag: string) => string | undefined): DueEntry | undefined {
  const [kind, a = "", b = "", round = ""] = member.split(" ");
  if (kind === "g") {
    const name = a as DueGrantJob["name"];
    return { kind: "grant", name, grantId: b, ...(round !== "" ? { round: Number(round) } : {}) };
  }
  const nsgId = nsgOf(a);
  return kind === "e" && nsgId ? { kind: "end", nsgId, notBefore: Number(b) } : undefined;
}

/**
 * The BullMQ job a grant entry becomes when it is due. Its id carries the instant it was due for, so
 * a job of the same grant that failed earlier (and is kept a while) never swallows a later one, while
 * two processes handing over the same entry make one job.
 */
export function grantJobOf(entry: DueGrantJob, dueAt: number): { id: string; data: GrantJobData } {
  return {
    id: `${jobId(entry.name, entry.grantId, entry.round)}-t${dueAt}`,
    data: { grantId: entry.grantId, ...(entry.round !== undefined ? { round: entry.round } : {}) },
  };
}

/** The reconcile job of an end: one per NSG and instant, whoever queues it. */
export function endJobOf(entry: DueEnd): { id: string; data: ReconcileJobData } {
  return {
    id: `rc-${nsgTag(entry.nsgId)}-t${entry.notBefore}`,
    data: { nsgId: entry.nsgId, notBefore: entry.notBefore },
  };
}
