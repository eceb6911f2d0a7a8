import type { App } from "@slack/bolt";

import type { Deps } from "../../../app/deps.js";
import { createVisibleVms } from "../../../app/queries/visible-vms.js";
import { createVmCatalog } from "../../../app/queries/vm-catalog.js";
import { DEFAULT_PORT_NAMES, parseJitCommand, type JitCommand } from "../../../domain/command/index.js";
import { errorMessage, isAjarError } from "../../../domain/errors.js";
import { errorText, unavailableText } from "../reply-error.js";
import { ackWithin, ephemeral } from "./ack-within.js";
import { answerJit } from "./jit-answer.js";
import { jitHelp } from "./jit-help.js";
import { openRequestModal } from "./open-request-modal.js";

/** Port names the command understands: the usual ones, and those the policies give. */
function portNamesOf(deps: Deps): Record<string, number> {
  const names: Record<string, number> = { ...DEFAULT_PORT_NAMES };
  for (const policy of deps.settings.policies) for (const p of policy.ports) if (p.name) names[p.name] = p.port;
  return names;
}

/**
 * `/jit …`: parse, hand to the matching use case, answer within Slack's 3 seconds. The request path
 * only records and enqueues; everything slow happens in jobs.
 */
export function registerJitCommand(app: App, deps: Deps): void {
  const catalog = createVmCatalog(deps);
  const visible = createVisibleVms(deps, catalog);
  app.command("/jit", async ({ command, ack, respond, client }) => {
    const user = command.user_id;
    const log = deps.logger.child({ slackUser: user });
    let parsed: JitCommand;
    try {
      parsed = parseJitCommand(command.text ?? "", { portNames: portNamesOf(deps) });
      deps.metrics.command(parsed.kind);
    } catch (error) {
      deps.metrics.command("invalid");
      // Malformed input gets the usage card, with what was wrong on top.
      const problem = isAjarError(error) ? error.userMessage : undefined;
      await ackWithin(ack, respond, log, jitHelp(deps, visible, user, problem));
      return;
    }
    if (parsed.kind === "modal") {
      // Acknowledge first: the form opens through its own API call, with the trigger_id.
      await ack();
      await openRequestModal(client, deps, { triggerId: command.trigger_id, userId: user }).catch(
        async (error: unknown) => {
          log.warn({ err: errorMessage(error) }, "could not open the request form");
          const text =
            "I could not open the request form. Try `/jit` again, or type the request, e.g. `/jit ssh vm-prod-1 30m`.";
          await respond(ephemeral(text)).catch(() => undefined);
        },
      );
      return;
    }
    const toRun = parsed;
    const down = toRun.kind === "help" ? undefined : unavailableText(deps);
    if (down) {
      await ack(ephemeral(down));
      return;
    }
    const work = answerJit(deps, { visible, catalog }, toRun, user, command.user_name).catch((error: unknown) =>
      errorText(error, log, { command: toRun.kind }),
    );
    await ackWithin(ack, respond, log, work);
  });
}
