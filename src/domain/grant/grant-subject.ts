import type { Grant, GrantTarget } from "./grant.js";

/**
 * What a grant is about as far as it is known: as authorize resolved it, or as asked until then.
 * Cards, lists and the audit trail show every grant, authorized or not.
 */
export const subjectOf = (grant: Grant): Pick<GrantTarget, "vmName" | "port" | "portLabel"> =>
  grant.target ?? grant.request;

/** The window granted, or the one asked for until then; undefined while the policy's default is not resolved yet. */
export const windowOf = (grant: Grant): number | undefined => grant.durationSeconds ?? grant.request.durationSeconds;
