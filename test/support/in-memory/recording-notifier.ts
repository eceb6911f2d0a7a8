import type { GrantNotice, GrantNotifier, HomeSnapshot } from "../../../src/app/ports/grant-notifier.port.js";
import type { Grant, PostedMessage } from "../../../src/domain/grant/grant.js";

export interface Told {
  to: string;
  grantId: string;
  notice: GrantNotice | "ask" | "remind" | "source-link";
}

/** The notifier as Slack would see it: every message delivered, in order, each with its own ts. */
export class RecordingNotifier implements GrantNotifier {
  readonly told: Told[] = [];
  readonly refreshed: string[] = [];
  readonly homes: { userId: string; home: HomeSnapshot }[] = [];
  private ts = 0;

  private post(to: string, grant: Grant, notice: Told["notice"], purpose: PostedMessage["purpose"]): PostedMessage {
    this.told.push({ to, grantId: grant.id, notice });
    return { channel: to, ts: `${++this.ts}.000000`, purpose };
  }

  async askApprovers(grant: Grant, approvers: string[], channel?: string): Promise<PostedMessage[]> {
    return [...approvers, ...(channel ? [channel] : [])].map((to) => this.post(to, grant, "ask", "approval"));
  }
  async refresh(grant: Grant): Promise<void> {
    this.refreshed.push(grant.id);
  }
  async tellRequester(grant: Grant, notice: GrantNotice): Promise<PostedMessage | undefined> {
    return this.post(grant.requester.slackUserId, grant, notice, "requester");
  }
  async tellChannel(channel: string, grant: Grant, notice: GrantNotice): Promise<PostedMessage | undefined> {
    return this.post(channel, grant, notice, "notice");
  }
  async remindApprovers(grant: Grant, approvers: string[]): Promise<PostedMessage[]> {
    return approvers.map((to) => this.post(to, grant, "remind", "approval"));
  }
  async sendSourceLink(grant: Grant): Promise<void> {
    this.told.push({ to: grant.requester.slackUserId, grantId: grant.id, notice: "source-link" });
  }
  async publishHome(userId: string, home: HomeSnapshot): Promise<void> {
    this.homes.push({ userId, home });
  }

  /** Who was told what about a grant, as `to:notice` lines. */
  about(grantId: string): string[] {
    return this.told.filter((t) => t.grantId === grantId).map((t) => `${t.to}:${t.notice}`);
  }
}
