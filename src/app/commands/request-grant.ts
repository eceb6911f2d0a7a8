import { resourceName } from "../../domain/azure-id/resource-id.js";
import { AjarError } from "../../domain/errors.js";
import { isBundleFollower, type GrantBundle } from "../../domain/grant/grant-bundle.js";
import { newGrantId } from "../../domain/grant/grant-id.js";
import type { Grant, RequestedGrant } from "../../domain/grant/grant.js";
import { validateStart } from "../../domain/policy/validate-start.js";
import { needsTimeZone, resolveStart, type StartSpec } from "../../domain/time/start-spec.js";
import type { Deps } from "../deps.js";
import type { IntakeNext } from "../ports/grant-intake.port.js";
import { auditEntry } from "../shared/audit-grant.js";
import { fromMeUnavailable } from "../shared/from-me-unavailable.js";
import { resolveIdentity } from "../shared/resolve-identity.js";
import { sendSourceLink } from "../shared/send-source-link.js";
import { SOURCE_LINK_TTL_SECONDS } from "../shared/source-link-ttl.js";

export interface GrantRequestInput {
  slackUserId: string;
  displayName?: string;
  port: number;
  portLabel: string;
  vm: { name: string } | { resourceId: string };
  durationSeconds?: number;
  source?: string;
  /** `from me`: the address comes from a one-time link DMed to the requester. */
  sourceFromMe?: boolean;
  /** Open later: resolved here (in the requester's Slack time zone) and stored as `startAt`. */
  start?: StartSpec;
  justification?: string;
  /** Set by requestBundle: the grant's id, and the request it belongs to. */
  id?: string;
  bundle?: GrantBundle;
}

/**
 * The fast part of a request, safe inside Slack's 3-second window: who is asking, from where, and
 * one write that records the grant, its audit entry and its next job together. Everything that
 * needs Azure happens in the authorize job.
 */
export async function requestGrant(deps: Deps, input: GrantRequestInput): Promise<Grant> {
  const identity = await resolveIdentity(deps, input.slackUserId);
  const fromMe = input.sourceFromMe === true && input.source === undefined;
  if (fromMe) {
    const unavailable = fromMeUnavailable(deps.settings);
    if (unavailable) throw new AjarError("INPUT.INVALID", unavailable);
  }
  const source = fromMe ? "" : (input.source ?? identity.defaultSource);
  if (!fromMe && !source) {
    throw new AjarError(
      "INPUT.INVALID",
      "Say where you connect from: add `from <your public IP>` (e.g. `/jit ssh vm-prod-1 30m from 203.0.113.7`), or ask an administrator to set a default source for you.",
    );
  }
  const now = deps.clock.now();
  const startAt = input.start ? await laterStart(deps, input.slackUserId, input.start, now) : undefined;
  const vmName = "name" in input.vm ? input.vm.name : resourceName(input.vm.resourceId);
  const grant: RequestedGrant = {
    id: input.id ?? newGrantId(),
    version: 1,
    status: "requested",
    requester: {
      slackUserId: input.slackUserId,
      objectId: identity.objectId,
      ...(input.displayName ? { displayName: input.displayName } : {}),
    },
    request: {
      vmName,
      ...("resourceId" in input.vm ? { vmId: input.vm.resourceId } : {}),
      port: input.port,
      portLabel: input.portLabel,
      ...(input.durationSeconds !== undefined ? { durationSeconds: input.durationSeconds } : {}),
    },
    source: source ?? "",
    ...(input.justification ? { justification: input.justification } : {}),
    createdAt: now.toISOString(),
    ...(startAt ? { startAt } : {}),
    approval: { mode: "none", required: 0, eligible: [], votes: [] },
    rules: [],
    messages: [],
    history: [{ type: "requested", at: now.toISOString(), actor: input.slackUserId }],
    ...(input.bundle ? { bundle: input.bundle } : {}),
  };
  // The other VMs of a several-VM request wait for the first one's decision (followLeader); a `from me`
  // request waits for the address, and a link nobody opens ends the request instead of leaving it hanging.
  const next: IntakeNext = isBundleFollower(grant)
    ? { kind: "none" }
    : fromMe
      ? { kind: "source-link-expiry", at: new Date(now.getTime() + SOURCE_LINK_TTL_SECONDS * 1000) }
      : { kind: "authorize" };
  await deps.intake.submit(grant, auditEntry(grant, "requested", input.slackUserId), next);
  if (next.kind === "none") return grant;
  if (fromMe) {
    await sendSourceLink(deps, grant, "request");
    deps.logger.info(
      { grantId: grant.id, vm: vmName, port: input.port },
      "grant requested, waiting for the requester's address",
    );
    return (await deps.store.get(grant.id)) ?? grant;
  }
  deps.logger.info({ grantId: grant.id, vm: vmName, port: input.port }, "grant requested");
  return grant;
}

/** The start as an ISO instant, refused at once when it is past or too far ahead; "now" needs no start. */
async function laterStart(deps: Deps, userId: string, spec: StartSpec, now: Date): Promise<string | undefined> {
  const timeZone = needsTimeZone(spec) ? await deps.directory.timeZoneOf?.(userId) : undefined;
  const at = resolveStart(spec, now, timeZone ?? "UTC");
  validateStart(at, now, deps.settings.maxLeadTimeSeconds);
  return at.getTime() > now.getTime() ? at.toISOString() : undefined;
}
