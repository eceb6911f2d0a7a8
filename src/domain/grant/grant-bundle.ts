import type { Grant } from "./grant.js";

export interface GrantBundle {
  leaderId: string;
  memberIds: string[];
  vmNames: string[];
  summaries?: string[];
  /** The sentence of the latest summary, rendered by the notifier. */
  summary?: string;
}

export const isBundleFollower = (grant: Pick<Grant, "id" | "bundle">): boolean =>
  grant.bundle !== undefined && grant.bundle.leaderId !== grant.id;
