import type { webApi } from "@slack/bolt";

import type { GrantNotice, GrantNotifier, HomeSnapshot } from "../../app/ports/grant-notifier.port.js";
import type { Logger } from "../../app/ports/logger.port.js";
import { errorMessage } from "../../domain/errors.js";
import type { Grant, PostedMessage } from "../../domain/grant/grant.js";
import { ExpiringMap } from "../../domain/time/expiring-map.js";
import type { RenderedMessage } from "./render/blocks.js";
import {
  noticeHeadline,
  reminderHeadline,
  renderGrantCard,
  renderNotice,
  renderReminder,
  renderWithHeadline,
} from "./render/render-grant.js";
import { renderHome } from "./render/render-home.js";
import { renderSourceLink } from "./render/render-source-link.js";

type WebClient = webApi.WebClient;

/** A DM channel's id never changes; kept a day for the people ajar writes to most, at most this many. */
const DM_CHANNELS_KEPT = 10_000;

/** Delivers grant messages through the Slack Web API. */
export class SlackGrantNotifier implements GrantNotifier {
  private readonly dmChannels = new ExpiringMap<string, string>(24 * 3600_000, DM_CHANNELS_KEPT);

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
  ) {}

  private async dm(userId: string): Promise<string> {
    const cached = this.dmChannels.get(userId);
    if (cached) return cached;
    const opened = await this.client.conversations.open({ users: userId });
    const id = opened.channel?.id;
    if (!id) throw new Error(`Slack did not open a DM with ${userId}`);
    this.dmChannels.set(userId, id);
    return id;
  }

  private async post(
    channel: string,
    message: RenderedMessage,
    purpose: PostedMessage["purpose"],
    headline?: string,
  ): Promise<PostedMessage> {
    const result = await this.client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks as never,
      unfurl_links: false,
    });
    if (!result.ts || !result.channel) throw new Error("Slack did not return the posted message");
    return { channel: result.channel, ts: result.ts, purpose, ...(headline ? { headline } : {}) };
  }

  async askApprovers(grant: Grant, approvers: string[], channel?: string): Promise<PostedMessage[]> {
    const card = renderGrantCard(grant, "approval");
    const posted: PostedMessage[] = [];
    for (const approver of approvers) posted.push(await this.post(await this.dm(approver), card, "approval"));
    if (channel) posted.push(await this.post(channel, card, "approval"));
    return posted;
  }

  async refresh(grant: Grant): Promise<void> {
    for (const message of grant.messages) {
      const rendered = message.headline
        ? renderWithHeadline(grant, message.purpose, message.headline)
        : renderGrantCard(grant, message.purpose);
      try {
        await this.client.chat.update({
          channel: message.channel,
          ts: message.ts,
          text: rendered.text,
          blocks: rendered.blocks as never,
        });
      } catch (error) {
        // A message someone deleted cannot show a stale button any more; nothing else to do.
        this.logger.warn(
          { grantId: grant.id, channel: message.channel, err: errorMessage(error) },
          "could not update a grant message",
        );
      }
    }
  }

  async tellRequester(grant: Grant, notice: GrantNotice): Promise<PostedMessage | undefined> {
    const headline = noticeHeadline(grant, notice, "requester");
    return this.post(
      await this.dm(grant.requester.slackUserId),
      renderNotice(grant, notice, "requester"),
      "requester",
      headline,
    );
  }

  async tellChannel(channel: string, grant: Grant, notice: GrantNotice): Promise<PostedMessage | undefined> {
    return this.post(
      channel,
      renderNotice(grant, notice, "channel"),
      "notice",
      noticeHeadline(grant, notice, "channel"),
    );
  }

  async remindApprovers(grant: Grant, approvers: string[]): Promise<PostedMessage[]> {
    const posted: PostedMessage[] = [];
    for (const approver of approvers)
      posted.push(await this.post(await this.dm(approver), renderReminder(grant), "approval", reminderHeadline(grant)));
    return posted;
  }

  async sendSourceLink(grant: Grant, url: string, expiresAt: string): Promise<void> {
    // Not remembered on the grant: the link is spent or expired long before the card is redrawn.
    await this.post(await this.dm(grant.requester.slackUserId), renderSourceLink(grant, url, expiresAt), "requester");
  }

  async publishHome(userId: string, home: HomeSnapshot): Promise<void> {
    await this.client.views.publish({ user_id: userId, view: renderHome(home) as never });
  }
}
