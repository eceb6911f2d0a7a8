import type { App } from "@slack/bolt";
import { cancelGrant } from "../../../app/cancel-grant.js";
import { revokeGrant } from "../../../app/close-grant.js";
import type { Deps } from "../../../app/deps.js";
import { extendGrant } from "../../../app/extend-grant.js";
import { listGrantsFor } from "../../../app/list-grants.js";
import { requestGrant } from "../../../app/request-grant.js";
import { DEFAULT_PORT_NAMES, parseJitCommand } from "../../../domain/command/index.js";
import { isAjarError } from "../../../domain/errors.js";
import type { RenderedMessage } from "../render/blocks.js";
import { renderHelp } from "../render/render-help.js";
import { renderList } from "../render/render-list.js";
import { errorText } from "../reply-error.js";
import { openRequestModal } from "./open-request-modal.js";

export function portNamesOf(deps: Deps): Record<string, number> {
  const names: Record<string, number> = { ...DEFAULT_PORT_NAMES };
  for (const policy of deps.settings.policies) for (const p of policy.ports) if (p.name) names[p.name] = p.port;
  return names;
}

const ephemeral = (message: RenderedMessage | string) =>
  typeof message === "string"
    ? { response_type: "ephemeral" as const, text: message }
    : { response_type: "ephemeral" as const, text: message.text, blocks: message.blocks as never };

/**
 * `/jit …`: parse, hand to the matching use case, answer within Slack's 3 seconds. The request path
 * only records and enqueues; everything slow happens in jobs.
 */
export function registerJitCommand(app: App, deps: Deps): void {
  app.command("/jit", async ({ command, ack, respond, client }) => {
    const user = command.user_id;
    const log = deps.logger.child({ slackUser: user });
    let parsed;
    try {
      parsed = parseJitCommand(command.text ?? "", { portNames: portNamesOf(deps) });
      deps.metrics.command(parsed.kind);
    } catch (error) {
      deps.metrics.command("invalid");
      await ack(ephemeral(renderHelp(deps.settings.policies, isAjarError(error) ? error.userMessage : undefined)));
      return;
    }
    try {
      switch (parsed.kind) {
        case "help":
          await ack(ephemeral(renderHelp(deps.settings.policies)));
          return;
        case "modal":
          // Acknowledge first: the form opens through its own API call, with the trigger_id.
          await ack();
          await openRequestModal(client, deps, { triggerId: command.trigger_id, userId: user }).catch(async (error: unknown) => {
            log.warn({ err: error instanceof Error ? error.message : String(error) }, "could not open the request form");
            const text = "I could not open the request form. Try `/jit` again, or type the request, e.g. `/jit ssh vm-prod-1 30m`.";
            await respond(ephemeral(text)).catch(() => undefined);
          });
          return;
        case "list":
          await ack(ephemeral(renderList(await listGrantsFor(deps, user), deps.clock.now())));
          return;
        case "revoke": {
          const grant = await revokeGrant(deps, parsed.grantId, user);
          await ack(ephemeral(`Closed \`${grant.id}\`: ${grant.target.vmName} port ${grant.target.port} is no longer open.`));
          return;
        }
        case "cancel": {
          const grant = await cancelGrant(deps, parsed.grantId, user);
          await ack(ephemeral(`Cancelled request \`${grant.id}\`.`));
          return;
        }
        case "extend": {
          const result = await extendGrant(deps, parsed.grantId, user, parsed.durationSeconds);
          await ack(ephemeral(result.message));
          return;
        }
        case "request": {
          const grant = await requestGrant(deps, {
            slackUserId: user,
            displayName: command.user_name,
            port: parsed.port,
            portLabel: parsed.portLabel,
            vm: parsed.vm,
            ...(parsed.durationSeconds !== undefined ? { durationSeconds: parsed.durationSeconds } : {}),
            ...(parsed.source !== undefined ? { source: parsed.source } : {}),
            ...(parsed.justification !== undefined ? { justification: parsed.justification } : {}),
          });
          await ack(ephemeral(`Request \`${grant.id}\` received: checking the policy and your Azure permissions. I will message you as it moves along.`));
          return;
        }
      }
    } catch (error) {
      await ack(ephemeral(errorText(error, log, { command: parsed.kind })));
    }
  });
}
