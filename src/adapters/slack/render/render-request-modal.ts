import type { PortChoice } from "../../../app/queries/port-choices.js";
import { REQUEST_FORM } from "../view-ids.js";
import { md, plain } from "./blocks.js";
import { option, type InputBlock, type ModalView } from "./view-blocks.js";

export interface RequestModalInput {
  ports: PortChoice[];
  defaultSource?: string;
  durationHint: string;
  justificationHint?: string;
  /** Offer "Use my current IP" (needs AJAR_PUBLIC_URL). */
  offerFromMe?: boolean;
  /** requests.maxVmsPerRequest: how many VMs the form lets people pick. */
  maxVms?: number;
}

/** The value of the "Use my current IP" checkbox. */
export const FROM_ME_VALUE = "me";

/** The most a reason may be: enough for a ticket and a sentence, short enough for every card. */
export const JUSTIFICATION_MAX = 500;

function input(
  field: { block: string },
  label: string,
  element: InputBlock["element"],
  extra: Partial<InputBlock> = {},
): InputBlock {
  return { type: "input", block_id: field.block, label: plain(label), element, ...extra };
}

/**
 * The form `/jit` alone opens. It asks for what the command takes; the VM list comes from the
 * options listener, filtered to VMs a policy covers.
 */
export function renderRequestModal(form: RequestModalInput): ModalView {
  const ports = form.ports.map((p) => option(p.label, String(p.port)));
  const onlyPort = ports.length === 1 ? ports[0] : undefined;
  return {
    type: "modal",
    callback_id: REQUEST_FORM.callbackId,
    title: plain("Request access"),
    submit: plain("Request"),
    close: plain("Cancel"),
    blocks: [
      input(REQUEST_FORM.vm, "VM", {
        type: "external_select",
        action_id: REQUEST_FORM.vm.action,
        placeholder: plain("Type part of the VM name"),
        min_query_length: 0,
      }),
      input(
        REQUEST_FORM.moreVms,
        "More VMs (same request)",
        {
          type: "multi_external_select",
          action_id: REQUEST_FORM.moreVms.action,
          placeholder: plain("Optional: more VMs, one approval"),
          min_query_length: 0,
          max_selected_items: Math.max(1, (form.maxVms ?? 10) - 1),
        },
        {
          optional: true,
          hint: plain(
            "Each VM gets its own grant for the same window; VMs under different policies are asked for separately.",
          ),
        },
      ),
      input(REQUEST_FORM.port, "Port", {
        type: "static_select",
        action_id: REQUEST_FORM.port.action,
        placeholder: plain("Pick a port"),
        options: ports,
        ...(onlyPort ? { initial_option: onlyPort } : {}),
      }),
      input(
        REQUEST_FORM.duration,
        "Duration",
        { type: "plain_text_input", action_id: REQUEST_FORM.duration.action, placeholder: plain("30m") },
        { optional: true, hint: plain(form.durationHint) },
      ),
      input(
        REQUEST_FORM.start,
        "Start",
        { type: "plain_text_input", action_id: REQUEST_FORM.start.action, placeholder: plain("now") },
        {
          optional: true,
          hint: plain(
            "Empty: as soon as approved. Or a later start: 14:00 (your Slack time zone), 2026-12-02T14:00Z, or in 3h.",
          ),
        },
      ),
      input(
        REQUEST_FORM.source,
        "Connect from (IP address or CIDR)",
        {
          type: "plain_text_input",
          action_id: REQUEST_FORM.source.action,
          placeholder: plain("203.0.113.7"),
          ...(form.defaultSource ? { initial_value: form.defaultSource } : {}),
        },
        {
          hint: plain(
            `Your public address as the VM will see it. Only this address or block is let in.${form.offerFromMe ? " Not sure? Leave it empty and tick the box below." : ""}`,
          ),
          ...(form.offerFromMe ? { optional: true } : {}),
        },
      ),
      ...(form.offerFromMe
        ? [
            input(
              REQUEST_FORM.sourceMe,
              "Or",
              {
                type: "checkboxes",
                action_id: REQUEST_FORM.sourceMe.action,
                options: [option("Use my current IP (I get a one-time link by DM)", FROM_ME_VALUE)],
              },
              { optional: true },
            ),
          ]
        : []),
      input(
        REQUEST_FORM.justification,
        "Reason",
        {
          type: "plain_text_input",
          action_id: REQUEST_FORM.justification.action,
          multiline: true,
          max_length: JUSTIFICATION_MAX,
          placeholder: plain("INC-1234: rotate logs"),
        },
        { optional: true, ...(form.justificationHint ? { hint: plain(form.justificationHint) } : {}) },
      ),
      {
        type: "context",
        elements: [
          md("Approvers are asked as the VM's policy says; the port opens when approved and closes by itself."),
        ],
      },
    ],
  };
}

/** Shown instead of the form when it could not succeed anyway (e.g. no Azure identity mapped). */
export function renderProblemModal(problem: string): ModalView {
  return {
    type: "modal",
    callback_id: `${REQUEST_FORM.callbackId}.problem`,
    title: plain("Request access"),
    close: plain("Close"),
    blocks: [{ type: "section", text: md(`:warning: ${problem}`) }],
  };
}
