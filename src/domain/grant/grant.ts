/**
 * A grant is one person's temporary access to one port of one VM. Its whole life is recorded on the
 * record itself (history) so Redis alone can answer "what happened", and the rules it opened are
 * listed so exactly those, and nothing else, are closed.
 */

import type { GrantBundle } from "./grant-bundle.js";
import type { GrantRequest } from "./grant-request.js";

export type GrantStatus =
  | "requested" // created, Azure RBAC not yet checked
  | "pending" // waiting for approvers
  | "approved" // decision made, rule not yet open
  | "active" // rule(s) open, close scheduled
  | "closed" // rule(s) removed (expired or revoked)
  | "denied" // an approver said no
  | "rejected" // RBAC or policy refused it before approval
  | "expired" // nobody decided in time
  | "cancelled" // the requester withdrew it while pending
  | "failed"; // Azure refused to open it

export const OPEN_STATUSES: readonly GrantStatus[] = ["requested", "pending", "approved", "active"];
export const FINAL_STATUSES: readonly GrantStatus[] = [
  "closed",
  "denied",
  "rejected",
  "expired",
  "cancelled",
  "failed",
];

export interface GrantTarget {
  vmId: string;
  vmName: string;
  subscriptionId: string;
  resourceGroup: string;
  port: number;
  portLabel: string;
  protocol: "Tcp" | "Udp" | "*";
}

export interface Requester {
  slackUserId: string;
  objectId: string;
  displayName?: string;
}

export interface Vote {
  slackUserId: string;
  decision: "approve" | "deny";
  at: string;
  reason?: string;
}

/** This grant's rule in one NSG on its VM's path; kept until Azure confirms it is gone. */
export interface OpenedRule {
  nsgId: string;
  name: string;
  /** Where the reconciler placed it, once it has. */
  priority?: number;
  /** When the rule was seen in place. */
  liveAt?: string;
  closedAt?: string;
}

/** Why an open grant is being ended before (or at) its planned end. */
export interface Ending {
  reason: "expired" | "revoked";
  actor: string;
  at: string;
  detail?: string;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  purpose: "approval" | "requester" | "notice";
  /** What the message said when it was posted ("approved", "reminder"…), kept above the live card. */
  headline?: string;
}

export interface GrantEvent {
  type: string;
  at: string;
  actor: string;
  detail?: string;
}

export interface GrantFirewall {
  id: string;
  publicIp: string;
  privateRange: string;
  port?: number;
}

/** Found by authorize: the VM, the policy that covers it for the port, and the window that policy allows. */
export interface Authorization {
  policyName: string;
  target: GrantTarget;
  durationSeconds: number;
}

/** A grant authorize has resolved: every step from approval to closing works on these. */
export type AuthorizedGrant = GrantRecord & Authorization;

/** Not authorized yet, or refused or withdrawn before it was: only what was asked is known. */
export type RequestedGrant = GrantRecord & { [K in keyof Authorization]?: undefined } & { status: UnauthorizedStatus };

/** Pending, approved, active, closed and denied only ever follow authorization: checking for one narrows to it. */
type UnauthorizedStatus = Exclude<GrantStatus, "pending" | "approved" | "active" | "closed" | "denied">;

export type Grant = AuthorizedGrant | RequestedGrant;

export const isAuthorized = (grant: Grant): grant is AuthorizedGrant => grant.target !== undefined;

interface GrantRecord {
  id: string;
  version: number;
  status: GrantStatus;
  requester: Requester;
  /** What was asked, as asked; authorize resolves it into the grant's `target`, policy and window. */
  request: GrantRequest;
  source: string;
  justification?: string;
  createdAt: string;
  pendingUntil?: string;
  /** A later start (`at …` / `in …`): approved ahead, opened then, closed `durationSeconds` after it. */
  startAt?: string;
  approval: {
    mode: "none" | "manager" | "approvers";
    required: number;
    eligible: string[];
    votes: Vote[];
  };
  rbac?: { allowed: boolean; summary: string; checkedAt?: string };
  /** The VM's addresses and the NSGs on its path, resolved when the grant starts opening. */
  network?: { privateIps: string[]; nsgIds: string[] };
  /**
   * For a VM reached through an Azure Firewall: the firewall (also listed in `network.nsgIds`, as one
   * more place the grant's entry must be live), the public address, the AzureFirewallSubnet range the
   * NSG rules admit, and the public port once the DNAT entry is written.
   */
  firewall?: GrantFirewall;
  /**
   * The end written into the rule descriptions, recorded before the first write so any worker can
   * close on time after any crash; `expiresAt` (set when every rule is live) is never earlier.
   */
  ruleEnd?: string;
  /** Set when the grant is revoked: its rules are going, and it closes once they are gone. */
  ending?: Ending;
  openedAt?: string;
  expiresAt?: string;
  closedAt?: string;
  closeReason?: "expired" | "revoked" | "failed-rollback" | "swept";
  failure?: string;
  rules: OpenedRule[];
  messages: PostedMessage[];
  /** Extensions asked for while active and waiting for approval. */
  pendingExtension?: { durationSeconds: number; requestedAt: string; votes: Vote[] };
  history: GrantEvent[];
  /**
   * A one-time link the requester opens in a browser so ajar sees their public address (`from me`).
   * Only a hash of the token is kept; `purpose` says whether it completes the request or moves an
   * open grant to the new address.
   */
  sourceLink?: SourceLink;
  /**
   * What Azure's effective security rules said after the rules landed: whether the requester's source
   * reaches the VM's port through every NSG on the path, or which rule stops it.
   */
  pathCheck?: PathCheck;
  /**
   * Several VMs asked for in one request: one grant per VM, decided once. The leader carries the
   * approval; the others follow its decision. `summaries` records which summary messages were sent.
   */
  bundle?: GrantBundle;
}

export interface PathCheck {
  at: string;
  open: boolean;
  blockedBy?: { rule: string; priority: number; nsg: string; nsgId?: string };
  /** Azure could not be asked (a stopped VM, a missing permission): nothing is claimed either way. */
  unknown?: string;
}

export interface SourceLink {
  purpose: "request" | "move";
  tokenHash: string;
  expiresAt: string;
  usedAt?: string;
}

/** A request made `from me` waits for its link before anything else happens. */
export const awaitsSource = (grant: Pick<Grant, "status" | "sourceLink">): boolean =>
  grant.status === "requested" && grant.sourceLink?.purpose === "request" && grant.sourceLink.usedAt === undefined;
