import type { Deps } from "../../../app/deps.js";
import type { VisibleVms } from "../../../app/queries/visible-vms.js";
import { fromMeUnavailable } from "../../../app/shared/from-me-unavailable.js";
import { errorMessage } from "../../../domain/errors.js";
import { policyCoversVm } from "../../../domain/policy/match-policy.js";
import type { RenderedMessage } from "../render/blocks.js";
import { renderHelp } from "../render/render-help.js";

/**
 * `/jit help`, and the usage card for input that did not parse (`problem` on top). Help names the
 * VMs each policy covers that this user could request (never the whole estate); if Azure cannot say
 * right now, the selectors do.
 */
export async function jitHelp(
  deps: Deps,
  visible: VisibleVms,
  user: string,
  problem?: string,
): Promise<RenderedMessage> {
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
