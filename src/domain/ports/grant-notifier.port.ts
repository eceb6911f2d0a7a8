import type { Grant, PostedMessage } from "../grant/grant.js";

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
  | "extension-requested";

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
}
