import { isAjarError } from "../../domain/errors.js";
import { isAnySourceToken, parseIpPrefix } from "../../domain/net/index.js";
import { policiesFor } from "../../domain/policy/match-policy.js";
import type { Policy } from "../../domain/policy/policy.js";
import { validateJustification, validateRequest } from "../../domain/policy/validate-request.js";
import type { VmSummary } from "../../domain/ports/network-access.port.js";
import { parseDuration } from "../../domain/time/parse-duration.js";
import { parseStartText } from "../../domain/time/parse-start-text.js";
import type { StartSpec } from "../../domain/time/start-spec.js";
import type { Deps } from "../deps.js";
import { portChoices } from "../queries/port-choices.js";
import { vmByOptionValue } from "../queries/vm-by-option-value.js";
import type { VmCatalog } from "../queries/vm-catalog.js";
import { fromMeUnavailable } from "../shared/from-me-unavailable.js";
import type { GrantRequestInput } from "./request-grant.js";

export type FormField = "vm" | "moreVms" | "port" | "duration" | "start" | "source" | "sourceMe" | "justification";

/** The request form as typed: every field may be missing or malformed. */
export interface RequestForm {
  /** The picker value: a VM resource id (or its digest, see vmByOptionValue). */
  vm?: string;
  port?: string;
  duration?: string;
  source?: string;
  /** "me" when "Use my current IP" is ticked. */
  sourceMe?: string;
  /** Picker values of further VMs, for one request over several VMs. */
  moreVms?: string[];
  /** A later start as typed: 14:00, 2026-12-02T14:00Z or in 3h. */
  start?: string;
  justification?: string;
}

export type FormCheck =
  | {
      ok: true;
      request: Omit<GrantRequestInput, "slackUserId" | "displayName">;
      vm: VmSummary;
      policy: Policy;
      more: VmSummary[];
    }
  | { ok: false; errors: Partial<Record<FormField, string>> };

/** Runs `check`; an AjarError becomes its sentence, anything else is a real failure and propagates. */
function problemOf(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (isAjarError(error)) return error.userMessage;
    throw error;
  }
}

/**
 * Checks a submitted form field by field, with the same parsers and policy rules the authorize job
 * applies later, so mistakes are shown next to the field while the form is still open. Only what can
 * be decided in Slack's 3 seconds is checked here; Azure RBAC stays with the authorize job.
 */
export async function checkRequestForm(
  deps: Pick<Deps, "settings">,
  catalog: VmCatalog,
  form: RequestForm,
  signal?: AbortSignal,
): Promise<FormCheck> {
  const errors: Partial<Record<FormField, string>> = {};
  const port = Number(form.port);
  if (!form.port || !Number.isInteger(port) || port < 1 || port > 65_535) errors.port = "Pick a port.";

  const durationText = form.duration?.trim() ?? "";
  let durationSeconds: number | undefined;
  if (durationText !== "") {
    errors.duration = problemOf(() => {
      durationSeconds = parseDuration(durationText);
    });
  }

  const source = form.source?.trim() ?? "";
  const fromMe = form.sourceMe === "me";
  if (fromMe) {
    errors.sourceMe = fromMeUnavailable(deps.settings);
    if (source !== "") errors.source = "Leave this empty when you use your current IP, or untick the box below.";
  } else if (source === "")
    errors.source = "Say where you connect from: your public IP address (e.g. 203.0.113.7) or a CIDR block.";
  else if (!isAnySourceToken(source)) errors.source = problemOf(() => parseIpPrefix(source));

  const justification = form.justification?.trim() || undefined;

  let start: StartSpec | undefined;
  const startText = form.start?.trim() ?? "";
  if (startText !== "" && !/^now$/i.test(startText)) {
    errors.start = problemOf(() => {
      start = parseStartText(startText);
    });
  }

  let vm: VmSummary | undefined;
  if (!form.vm) errors.vm = "Pick a VM.";
  else {
    vm = vmByOptionValue(await catalog(signal), form.vm);
    if (!vm) errors.vm = "That VM is no longer available to ajar. Pick it again from the list.";
  }

  const more: VmSummary[] = [];
  if (form.moreVms && form.moreVms.length > 0 && !errors.port) {
    const known = await catalog(signal);
    const lost: string[] = [];
    for (const value of form.moreVms) {
      const found = vmByOptionValue(known, value);
      if (!found) lost.push(value);
      else if (policiesFor(deps.settings.policies, found, port).length === 0)
        errors.moreVms = `Port ${port} cannot be requested on ${found.name}; remove it or pick another port.`;
      else if (found.id !== vm?.id) more.push(found);
    }
    if (lost.length > 0)
      errors.moreVms = "Some of these VMs are no longer available to ajar. Pick them again from the list.";
  }

  let policy: Policy | undefined;
  if (vm && !errors.port) {
    policy = policiesFor(deps.settings.policies, vm, port)[0];
    if (!policy) {
      const offered = portChoices(policiesFor(deps.settings.policies, vm)).map((c) => c.label);
      errors.port = `Port ${port} cannot be requested on ${vm.name}. Ports you can request there: ${offered.join(", ") || "none"}.`;
    }
  }
  if (policy) {
    const chosen = policy;
    // validateRequest stops at the first problem; asking twice tells the source and the duration apart.
    // The address behind "Use my current IP" is known only once the link is opened; it is checked then.
    const checkable = fromMe ? (chosen.allowedSources[0] ?? "*") : source;
    if (!errors.source && !fromMe) errors.source = problemOf(() => validateRequest(chosen, { port, source }));
    if (!errors.source && !errors.duration && durationSeconds !== undefined) {
      const seconds = durationSeconds;
      errors.duration = problemOf(() => validateRequest(chosen, { port, source: checkable, durationSeconds: seconds }));
    }
    errors.justification = problemOf(() => validateJustification(chosen, justification));
  }

  const found = Object.fromEntries(Object.entries(errors).filter(([, message]) => message !== undefined)) as Partial<
    Record<FormField, string>
  >;
  if (Object.keys(found).length > 0 || !vm || !policy) return { ok: false, errors: found };
  const choice = portChoices([policy]).find((c) => c.port === port);
  return {
    ok: true,
    vm,
    policy,
    more,
    request: {
      ...(start ? { start } : {}),
      vm: { resourceId: vm.id },
      port,
      portLabel: choice?.name ?? String(port),
      ...(fromMe ? { sourceFromMe: true } : { source }),
      ...(durationSeconds !== undefined ? { durationSeconds } : {}),
      ...(justification ? { justification } : {}),
    },
  };
}
