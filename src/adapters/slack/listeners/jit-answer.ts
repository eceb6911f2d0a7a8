import { cancelGrant } from "../../../app/commands/cancel-grant.js";
import { extendGrant } from "../../../app/commands/extend-grant.js";
import { moveGrant } from "../../../app/commands/move-grant.js";
import { revokeGrant } from "../../../app/commands/revoke-grant.js";
import type { Deps } from "../../../app/deps.js";
import { listGrantsFor } from "../../../app/queries/list-grants.js";
import type { VisibleVms } from "../../../app/queries/visible-vms.js";
import type { VmCatalog } from "../../../app/queries/vm-catalog.js";
import type { JitCommand } from "../../../domain/command/index.js";
import { subjectOf } from "../../../domain/grant/grant-subject.js";
import type { RenderedMessage } from "../render/blocks.js";
import { renderList } from "../render/render-list.js";
import { jitHelp } from "./jit-help.js";
import { answerRequest } from "./jit-request.js";

/** Runs one parsed `/jit` command (other than the form) and returns what to tell the user. */
export async function answerJit(
  deps: Deps,
  { visible, catalog }: { visible: VisibleVms; catalog: VmCatalog },
  parsed: Exclude<JitCommand, { kind: "modal" }>,
  user: string,
  userName: string | undefined,
): Promise<RenderedMessage | string> {
  switch (parsed.kind) {
    case "help":
      return jitHelp(deps, visible, user);
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
    case "request":
      return answerRequest(deps, catalog, parsed, user, userName);
  }
}
