import type { webApi } from "@slack/bolt";

import type { Deps } from "../../../app/deps.js";
import { portChoices } from "../../../app/queries/port-choices.js";
import { requestFormDefaults } from "../../../app/queries/request-form-defaults.js";
import { renderProblemModal, renderRequestModal } from "../render/render-request-modal.js";
import { durationHint, justificationHint } from "../render/request-form-hints.js";

type WebClient = webApi.WebClient;

/**
 * Opens the request form for `/jit` alone and the home's "Request access" button. The trigger_id
 * lives 3 seconds, so only the identity lookup (cached) happens before views.open.
 */
export async function openRequestModal(
  client: WebClient,
  deps: Deps,
  at: { triggerId: string; userId: string },
): Promise<void> {
  const defaults = await requestFormDefaults(deps, at.userId);
  const policies = deps.settings.policies;
  const hint = justificationHint(policies);
  const view =
    defaults.kind === "unmapped"
      ? renderProblemModal(defaults.problem)
      : renderRequestModal({
          ports: portChoices(policies),
          durationHint: durationHint(policies),
          ...(defaults.defaultSource ? { defaultSource: defaults.defaultSource } : {}),
          ...(hint ? { justificationHint: hint } : {}),
          ...(deps.settings.publicUrl ? { offerFromMe: true } : {}),
          ...(deps.settings.maxVmsPerRequest ? { maxVms: deps.settings.maxVmsPerRequest } : {}),
        });
  await client.views.open({ trigger_id: at.triggerId, view: view as never });
}
