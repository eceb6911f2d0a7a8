import type { Logger } from "../../../app/ports/logger.port.js";
import { errorMessage } from "../../../domain/errors.js";
import type { RenderedMessage } from "../render/blocks.js";
import { COMMAND_ACK_BUDGET_MS } from "../slack-limits.js";

/** A reply only the user who typed the command sees. */
export const ephemeral = (message: RenderedMessage | string) =>
  typeof message === "string"
    ? { response_type: "ephemeral" as const, text: message }
    : { response_type: "ephemeral" as const, text: message.text, blocks: message.blocks as never };

type Ack = (message?: ReturnType<typeof ephemeral>) => Promise<void>;
type Respond = (message: ReturnType<typeof ephemeral>) => Promise<unknown>;

/**
 * Slack gives up after 3 seconds. Anything slower (Slack or Azure having a bad moment) is
 * acknowledged now and answered through response_url when it is done.
 */
export async function ackWithin(
  ack: Ack,
  respond: Respond,
  log: Logger,
  work: Promise<RenderedMessage | string>,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), COMMAND_ACK_BUDGET_MS);
  });
  const inTime = await Promise.race([work, budget]);
  clearTimeout(timer);
  if (inTime !== undefined) {
    await ack(ephemeral(inTime));
    return;
  }
  await ack(ephemeral("Working on it: this is taking longer than usual. I will answer here when it is done."));
  const late = await work;
  await respond(ephemeral(late)).catch((error: unknown) =>
    log.warn({ err: errorMessage(error) }, "could not send a late answer"),
  );
}
