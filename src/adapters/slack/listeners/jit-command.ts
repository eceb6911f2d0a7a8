import type { App } from "@slack/bolt";

import { cancelGrant } from "../../../app/commands/cancel-grant.js";
import { extendGrant } from "../../../app/commands/extend-grant.js";
import { moveGrant } from "../../../app/commands/move-grant.js";
import { requestBundle } from "../../../app/commands/request-bundle.js";
import { requestGrant, type GrantRequestInput } from "../../../app/commands/request-grant.js";
import { revokeGrant } from "../../../app/commands/revoke-grant.js";
import type { Deps } from "../../../app/deps.js";
import type { Logger } from "../../../app/ports/logger.port.js";
import { listGrantsFor } from "../../../app/queries/list-grants.js";
import { createVisibleVms, type VisibleVms } from "../../../app/queries/visible-vms.js";
import { createVmCatalog } from "../../../app/queries/vm-catalog.js";
import { fromMeUnavailable } from "../../../app/shared/source-link.js";
import {
  DEFAULT_PORT_NAMES,
  parseJitCommand,
  type JitCommand,
  type RequestCommand,
} from "../../../domain/command/index.js";
import { errorMessage, isAjarError } from "../../../domain/errors.js";
import { subjectOf } from "../../../domain/grant/grant-subject.js";
import { policyCoversVm } from "../../../domain/policy/match-policy.js";
import type { RenderedMessage } from "../render/blocks.js";
import { slackDate } from "../render/format.js";
import { renderHelp } from "../render/render-help.js";
import { renderList } from "../render/render-list.js";
import { errorText, unavailableText } from "../reply-error.js";
import { COMMAND_ACK_BUDGET_MS } from "../slack-limits.js";
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
 * Help names the VMs each policy covers that this user could request (never the whole estate); if
 * Azure cannot say right now, the selectors do.
 */
async function help(deps: Deps, visible: VisibleVms, user: string, problem?: string): Promise<RenderedMessage> {
  let byPolicy: Map<string, string[]> | undefined;
  try {
    const vms = await visible(user);
    byPolicy = new Map(
      deps.settings.policies.map((p) => [
        p.name,
        vms
          .filter((vm) => policyCoversVm(p, vm))
          .map((vm) => vm.name)
          .sort(),
      ]),
    );
  } catch (error) {
    deps.logger.warn({ err: errorMessage(error) }, "could not list VMs for help");
  }
  const unavailable = fromMeUnavailable(deps.settings);
  const options = {
    ...(unavailable ? { fromMeUnavailable: unavailable } : {}),
    ...(deps.settings.maxLeadTimeSeconds ? { maxLeadSeconds: deps.settings.maxLeadTimeSeconds } : {}),
    ...(deps.settings.maxVmsPerRequest ? { maxVms: deps.settings.maxVmsPerRequest } : {}),
  };
  return renderHelp(deps.settings.policies, problem, byPolicy, options);
}

/** Runs one parsed command and returns what to tell the user. */
async function answer(
  deps: Deps,
  visible: VisibleVms,
  parsed: Exclude<JitCommand, { kind: "modal" }>,
  user: string,
  userName: string | undefined,
): Promise<RenderedMessage | string> {
  switch (parsed.kind) {
    case "help":
      return help(deps, visible, user);
    case "list":
      return renderList(await listGrantsFor(deps, user), deps.clock.now());
    case "revoke": {
      const grant = await revokeGrant(deps, parsed.grantId, user);
      const { vmName, port } = subjectOf(grant);
      return grant.status === "closed"
        ? `Closed \`${grant.id}\`: ${vmName} port ${port} is no longer open.`
        : `Closing \`${grant.id}\`: the rule for ${vmName} port ${port} is being removed; you will be told when it is gone.`;
    }
    case "cancel": {
      const grant = await cancelGrant(deps, parsed.grantId, user);
      return `Cancelled request \`${grant.id}\`.`;
    }
    case "extend":
      return (await extendGrant(deps, parsed.grantId, user, parsed.durationSeconds)).message;
    case "move":
      return (await moveGrant(deps, parsed.grantId, user, parsed.source)).message;
    case "request": {
      if (parsed.vms) return requestSeveral(deps, parsed, user, userName);
      const grant = await requestGrant(deps, { ...requestOf(parsed, user, userName), vm: parsed.vm });
      const when = grant.startAt ? ` It opens ${slackDate(grant.startAt)} if approved by then.` : "";
      if (grant.sourceLink)
        return `Request \`${grant.id}\` received: I sent you a link by DM. Open it on the computer you will connect from (within 10 minutes), and the request continues with that address.${when}`;
      return `Request \`${grant.id}\` received: checking the policy and your Azure permissions. I will message you as it moves along.${when}`;
    }
  }
}

/** What a typed request asks for, whichever VMs it names. */
function requestOf(parsed: RequestCommand, user: string, userName: string | undefined): Omit<GrantRequestInput, "vm"> {
  return {
    slackUserId: user,
    ...(userName ? { displayName: userName } : {}),
    port: parsed.port,
    portLabel: parsed.portLabel,
    ...(parsed.durationSeconds !== undefined ? { durationSeconds: parsed.durationSeconds } : {}),
    ...(parsed.source !== undefined ? { source: parsed.source } : {}),
    ...(parsed.sourceFromMe ? { sourceFromMe: true } : {}),
    ...(parsed.start ? { start: parsed.start } : {}),
    ...(parsed.justification !== undefined ? { justification: parsed.justification } : {}),
  };
}

/** `/jit ssh vm-a vm-b …` or `rg/web-*`: one request per policy, one grant per VM. */
async function requestSeveral(
  deps: Deps,
  parsed: RequestCommand,
  user: string,
  userName: string | undefined,
): Promise<string> {
  const leaders = await requestBundle(deps, requestOf(parsed, user, userName), parsed.vms ?? []);
  const lines = leaders.map((g) => {
    const names = (g.bundle?.vmNames ?? [subjectOf(g).vmName]).map((n) => `\`${n}\``).join(", ");
    return `Request \`${g.id}\` received for ${names}: one approval, one grant per VM.`;
  });
  const split =
    leaders.length > 1
      ? `\nThese VMs fall under ${leaders.length} policies, so each group is approved as its policy says.`
      : "";
  const link = leaders.some((g) => g.sourceLink)
    ? "\nI sent you a link by DM for each request: open it on the computer you will connect from."
    : "";
  return `${lines.join("\n")}${split}${link}`;
}

/**
 * `/jit …`: parse, hand to the matching use case, answer within Slack's 3 seconds. The request path
 * only records and enqueues; everything slow happens in jobs.
 */
export function registerJitCommand(app: App, deps: Deps): void {
  const visible = createVisibleVms(deps, createVmCatalog(deps));
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
      await within(ack, respond, log, help(deps, visible, user, problem));
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
    const work = answer(deps, visible, toRun, user, command.user_name).catch((error: unknown) =>
      errorText(error, log, { command: toRun.kind }),
    );
    await within(ack, respond, log, work);
  });
}

type Ack = (message?: ReturnType<typeof ephemeral>) => Promise<void>;
type Respond = (message: ReturnType<typeof ephemeral>) => Promise<unknown>;

/**
 * Slack gives up after 3 seconds. Anything slower (Slack or Azure having a bad moment) is
 * acknowledged now and answered through response_url when it is done.
 */
async function within(ack: Ack, respond: Respond, log: Logger, work: Promise<RenderedMessage | string>): Promise<void> {
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
