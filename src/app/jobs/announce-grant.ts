import { errorMessage } from "../../domain/errors.js";
import type { Grant, PostedMessage } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";
import type { GrantNotice } from "../ports/grant-notifier.port.js";
import { SUMMARISED_NOTICES, summarizeBundle } from "../queries/bundle-summary.js";
import { policyOfGrant } from "../settings.js";
import { rememberMessages } from "../shared/mutate-grant.js";
import { publishHomes } from "../shared/publish-homes.js";

const CHANNEL_NOTICES: GrantNotice[] = ["opened", "closed", "failed", "extended"];

/**
 * Tells everyone concerned that a grant changed: every message already showing it is re-rendered
 * (so no stale button survives), the requester gets a DM, the policy's channel a notice, and the App
 * Homes of the requester and the approvers are republished. Without a notice (a vote that decided
 * nothing yet) only the messages and Homes are redrawn. Delivery problems are logged, never thrown:
 * the grant's state is already settled.
 */
export async function announce(deps: Deps, grant: Grant, notice?: GrantNotice): Promise<void> {
  const posted: PostedMessage[] = [];
  const attempt = async (what: string, send: () => Promise<PostedMessage | undefined | void>): Promise<void> => {
    try {
      const message = await send();
      if (message) posted.push(message);
    } catch (error) {
      deps.logger.warn({ grantId: grant.id, notice, what, err: errorMessage(error) }, "notification failed");
    }
  };
  await attempt("refresh", () => deps.notifier.refresh(grant));
  if (notice && grant.bundle && SUMMARISED_NOTICES.includes(notice)) {
    // One message for the whole several-VM request, once every VM got there.
    await attempt("bundle summary", () => summarizeBundle(deps, grant, notice));
  } else if (notice) {
    await attempt("requester", () => deps.notifier.tellRequester(grant, notice));
    const policy = policyOfGrant(deps.settings, grant);
    const channel = policy?.notifyChannel ?? deps.settings.notifyChannel;
    if (channel && CHANNEL_NOTICES.includes(notice))
      await attempt("channel", () => deps.notifier.tellChannel(channel, grant, notice));
  }
  if (posted.length > 0) await rememberMessages(deps.store, grant.id, posted);
  // Homes are redrawn a moment later, merged with other changes; nothing waits for them.
  void publishHomes(deps, [grant.requester.slackUserId, ...grant.approval.eligible]);
}

/** The announce job: the grant as it is now, with the notice that was due. */
export async function announceById(deps: Deps, grantId: string, notice?: GrantNotice): Promise<void> {
  const grant = await deps.store.get(grantId);
  if (grant) await announce(deps, grant, notice);
}
