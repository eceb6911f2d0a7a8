import type { App, BlockButtonAction, ViewStateValue } from "@slack/bolt";

import { checkRequestForm, type FormField, type RequestForm } from "../../../app/commands/check-request-form.js";
import { requestBundle } from "../../../app/commands/request-bundle.js";
import { requestGrant } from "../../../app/commands/request-grant.js";
import type { Deps } from "../../../app/deps.js";
import { requestableVms } from "../../../app/queries/requestable-vms.js";
import { createVisibleVms } from "../../../app/queries/visible-vms.js";
import { createVmCatalog } from "../../../app/queries/vm-catalog.js";
import { errorMessage } from "../../../domain/errors.js";
import type { Grant } from "../../../domain/grant/grant.js";
import { option } from "../render/view-blocks.js";
import { errorText } from "../reply-error.js";
import { LOOKUP_BUDGET_MS, SELECT_MAX_OPTIONS } from "../slack-limits.js";
import { HOME, REQUEST_FORM, REQUEST_FORM_FIELDS } from "../view-ids.js";
import { vmOptionValue } from "../vm-option-value.js";
import { openRequestModal } from "./open-request-modal.js";

/** The typed or picked value of each field, keyed by our field names. */
function readForm(values: Record<string, Record<string, ViewStateValue>>): RequestForm {
  const form: RequestForm = {};
  for (const field of REQUEST_FORM_FIELDS) {
    const ids = REQUEST_FORM[field];
    const state = values[ids.block]?.[ids.action];
    if (field === "moreVms") {
      form.moreVms = (state?.selected_options ?? []).map((o) => o.value);
      continue;
    }
    const value = state?.selected_option?.value ?? state?.selected_options?.[0]?.value ?? state?.value ?? undefined;
    if (value !== undefined && value !== null) form[field] = value;
  }
  return form;
}

const blockErrors = (errors: Partial<Record<FormField, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(errors).map(([field, text]) => [REQUEST_FORM[field as FormField].block, text]));

/**
 * The request form: VM options as the user types, the submission (checked field by field, then the
 * same requestGrant the command uses), and the App Home button that opens it.
 */
export function registerRequestModal(app: App, deps: Deps): void {
  const catalog = createVmCatalog(deps);
  const visible = createVisibleVms(deps, catalog);

  // The first VM and "More VMs" list the same VMs.
  for (const action of [REQUEST_FORM.vm.action, REQUEST_FORM.moreVms.action])
    app.options(action, async ({ options, ack }) => {
      try {
        const vms = requestableVms(
          await visible(options.user.id, AbortSignal.timeout(LOOKUP_BUDGET_MS)),
          deps.settings.policies,
          options.value,
          SELECT_MAX_OPTIONS,
        );
        await ack({ options: vms.map((vm) => option(`${vm.name} (${vm.resourceGroup})`, vmOptionValue(vm))) });
      } catch (error) {
        // An empty list is all Slack can show; the log says why.
        deps.logger.warn(
          { slackUser: options.user.id, err: errorMessage(error) },
          "could not list VMs for the request form",
        );
        await ack({ options: [] });
      }
    });

  app.view(REQUEST_FORM.callbackId, async ({ ack, body, view }) => {
    const user = body.user.id;
    const log = deps.logger.child({ slackUser: user });
    let grants: Grant[];
    try {
      const check = await checkRequestForm(
        deps,
        catalog,
        readForm(view.state.values),
        AbortSignal.timeout(LOOKUP_BUDGET_MS),
      );
      if (!check.ok) {
        await ack({ response_action: "errors", errors: blockErrors(check.errors) });
        return;
      }
      if (check.more.length > 0) {
        const { vm: _first, ...shared } = check.request;
        grants = await requestBundle(
          deps,
          { slackUserId: user, displayName: body.user.name, ...shared },
          [check.vm, ...check.more].map((vm) => ({ resourceId: vm.id })),
          catalog,
        );
      } else grants = [await requestGrant(deps, { slackUserId: user, displayName: body.user.name, ...check.request })];
    } catch (error) {
      // Not about one field (no identity, Azure or Redis unreachable): shown on the first one.
      await ack({
        response_action: "errors",
        errors: { [REQUEST_FORM.vm.block]: errorText(error, log, { view: REQUEST_FORM.callbackId }) },
      });
      return;
    }
    await ack();
    for (const grant of grants) {
      // A `from me` request was already answered by DM, with its link.
      if (grant.sourceLink) continue;
      // The modal is gone: the DM is where the requester hears about it, as with every later step.
      await deps.notifier
        .tellRequester(grant, "received")
        .catch((error: unknown) =>
          log.warn({ grantId: grant.id, err: errorMessage(error) }, "could not confirm a request by DM"),
        );
    }
  });

  app.action<BlockButtonAction>(HOME.openRequest, async ({ ack, body, client }) => {
    await ack();
    await openRequestModal(client, deps, { triggerId: body.trigger_id, userId: body.user.id }).catch((error: unknown) =>
      deps.logger.warn(
        { slackUser: body.user.id, err: errorMessage(error) },
        "could not open the request form from the App Home",
      ),
    );
  });
}
