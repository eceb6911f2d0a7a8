import { requestBundle } from "../../../app/commands/request-bundle.js";
import { requestGrant, type GrantRequestInput } from "../../../app/commands/request-grant.js";
import type { Deps } from "../../../app/deps.js";
import type { VmCatalog } from "../../../app/queries/vm-catalog.js";
import type { RequestCommand } from "../../../domain/command/index.js";
import { subjectOf } from "../../../domain/grant/grant-subject.js";
import { slackDate } from "../render/format.js";

/** A typed request (`/jit ssh vm-prod-1 30m …`): recorded and queued, and what to tell the requester. */
export async function answerRequest(
  deps: Deps,
  catalog: VmCatalog,
  parsed: RequestCommand,
  user: string,
  userName: string | undefined,
): Promise<string> {
  if (parsed.vms) return requestSeveral(deps, catalog, parsed, user, userName);
  const grant = await requestGrant(deps, { ...requestOf(parsed, user, userName), vm: parsed.vm });
  const when = grant.startAt ? ` It opens ${slackDate(grant.startAt)} if approved by then.` : "";
  if (grant.sourceLink)
    return `Request \`${grant.id}\` received: I sent you a link by DM. Open it on the computer you will connect from (within 10 minutes), and the request continues with that address.${when}`;
  return `Request \`${grant.id}\` received: checking the policy and your Azure permissions. I will message you as it moves along.${when}`;
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
  catalog: VmCatalog,
  parsed: RequestCommand,
  user: string,
  userName: string | undefined,
): Promise<string> {
  const leaders = await requestBundle(deps, requestOf(parsed, user, userName), parsed.vms ?? [], catalog);
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
