import type { Grant, GrantStatus } from "../../domain/grant/grant.js";

export interface GrantQuery {
  requester?: string;
  statuses?: GrantStatus[];
  vmName?: string;
  limit?: number;
}

export interface GrantStore {
  create(grant: Grant): Promise<void>;
  get(id: string): Promise<Grant | undefined>;
  /** Stores `grant` only if the stored copy still has `expectedVersion`; false means someone else won. */
  replace(grant: Grant, expectedVersion: number): Promise<boolean>;
  /** Newest first. */
  list(query: GrantQuery): Promise<Grant[]>;
  /** How many unfinished grants there are of each status, without reading them. */
  countOpen(): Promise<Partial<Record<GrantStatus, number>>>;
}
