import type { Grant, PostedMessage } from "../../domain/grant/grant.js";

export type GrantNotice =
  | "received"
  | "pending"
  | "rejected"
  | "approved"
  | "denied"
  | "opened"
  | "closed"
  | "failed"
  | "expired"
  | "cancelled"
  | "expiring-soon"
  | "extended"
  | "extension-requested"
  | "extension-denied"
  | "path-blocked"
  | "bundle-summary";

/**
 * What one person's App Home shows, read by a use case and handed to the notifier to render, so the
 * adapter never reaches into the store itself.
 */
export interface HomeSnapshot {
  /** Their requests and grants that are not finished yet, newest first. */
  mine: Grant[];
  /** Pending requests where they may still vote. */
  awaitingMe: Grant[];
  /** Their latest finished grants, newest first. */
  recent: Grant[];
  /** When the snapshot was read (ISO), so "time left" is honest about its age. */
  at: string;
  /** One line about what the viewer just did, shown on top (home buttons have no other reply channel). */
  notice?: string;
}

/** How people hear about a grant. The Slack adapter renders and delivers; the use cases decide who and when. */
export interface GrantNotifier {
  /** Asks each approver (DM) and the approval channel, if any; returns what was posted so it can be updated later. */
  askApprovers(grant: Grant, approvers: string[], channel?: string): Promise<PostedMessage[]>;
  /** Re-renders every message already showing this grant, so no stale button stays usable. */
  refresh(grant: Grant): Promise<void>;
  tellRequester(grant: Grant, notice: GrantNotice): Promise<PostedMessage | undefined>;
  tellChannel(channel: string, grant: Grant, notice: GrantNotice): Promise<PostedMessage | undefined>;
  /** Reminders carry live buttons too, so they are returned to be kept up to date. */
  remindApprovers(grant: Grant, approvers: string[]): Promise<PostedMessage[]>;
  /** DMs the requester a one-time link that records their public address (`from me`). */
  sendSourceLink(grant: Grant, url: string, expiresAt: string): Promise<void>;
  /** Replaces the user's App Home with this snapshot. */
  publishHome(userId: string, home: HomeSnapshot): Promise<void>;
}
