import type { Policy } from "../../../domain/policy/policy.js";
import { formatDuration } from "../../../domain/time/format-duration.js";
import { md, type RenderedMessage } from "./blocks.js";

function vmsText(policy: Policy): string {
  return policy.vms
    .map((s) =>
      [
        s.namePattern ?? "any VM",
        s.resourceGroup ? `in ${s.resourceGroup}` : "",
        s.tags
          ? `tagged ${Object.entries(s.tags)
              .map(([k, v]) => `${k}=${v}`)
              .join(",")}`
          : "",
      ]
        .filter(Boolean)
        .join(" "),
    )
    .join("; ");
}

const MAX_NAMES = 15;

function vmNames(names: string[]): string {
  const shown = names
    .slice(0, MAX_NAMES)
    .map((n) => `\`${n}\``)
    .join(", ");
  return names.length > MAX_NAMES ? `${shown} and ${names.length - MAX_NAMES} more` : shown;
}

/** What this installation offers beyond the basic request; `fromMeUnavailable` says why `from me` is not offered. */
export interface HelpRequestOptions {
  fromMeUnavailable?: string;
  /** How far ahead a later start may be (grants.maxLeadTime). */
  maxLeadSeconds?: number;
  /** requests.maxVmsPerRequest */
  maxVms?: number;
}

function requestLines(options: HelpRequestOptions): string[] {
  const fromMe = options.fromMeUnavailable
    ? `• Not sure of your address? ${options.fromMeUnavailable}`
    : "• `/jit ssh vm-prod-1 30m from me`: ajar DMs you a one-time link (10 minutes); open it on the computer you connect from and the request uses that address";
  const move = options.fromMeUnavailable
    ? "• `/jit move <grant> from <ip>`: your address changed while a grant is open"
    : "• `/jit move <grant> from me` (or `from <ip>`): your address changed while a grant is open";
  const later = `• \`/jit ssh vm-prod-1 2h at 14:00\` (your Slack time zone), \`at 2026-12-02T14:00Z\` or \`in 3h\`: approved ahead (until the start), opens at the start and closes 2h later; up to ${formatDuration(options.maxLeadSeconds ?? 7 * 24 * 3600)} ahead`;
  const several = `• \`/jit ssh vm-a vm-b vm-c 1h\` or \`/jit ssh rg-prod/web-* 1h\` (a resource group and a name pattern; at most ${options.maxVms ?? 10} VMs): one approval, one grant per VM; VMs under different policies become one request per policy`;
  return [
    fromMe,
    `${move}; inside the allowed range the approvers saw it moves at once, elsewhere they are asked again`,
    later,
    several,
  ];
}

/**
 * The usage card: the grammar, examples, and what the policies offer. With `vmsByPolicy` (the VMs
 * each policy covers right now) it names the VMs; without (Azure unreachable) it shows the selectors.
 */
export function renderHelp(
  policies: Policy[],
  problem?: string,
  vmsByPolicy?: Map<string, string[]>,
  requests: HelpRequestOptions = {},
): RenderedMessage {
  // Knowing the VMs, list only policies with a VM this user could request, and only those VMs.
  const shown =
    vmsByPolicy === undefined ? policies : policies.filter((p) => (vmsByPolicy.get(p.name)?.length ?? 0) > 0);
  const nothing =
    vmsByPolicy === undefined || policies.length === 0
      ? "No policy is configured yet."
      : "No VM you could request right now. You need a policy that covers the VM, an `identities` entry linking your Slack account, and Microsoft.Compute/virtualMachines/read on the VM in Azure.";
  const offers = shown.map(
    (p) =>
      `• *${p.name}*: ${vmsByPolicy?.get(p.name)?.length ? vmNames(vmsByPolicy.get(p.name)!) : `\`${vmsText(p)}\``}, ports ${p.ports.map((pp) => (pp.name ? `${pp.name} (${pp.port})` : String(pp.port))).join(", ")}, up to ${formatDuration(p.maxDurationSeconds)}` +
      `${p.approval.mode === "none" ? ", no approval" : p.approval.mode === "manager" ? ", manager approves" : `, ${p.approval.minApprovals} approval(s)`}`,
  );
  const usage = [
    "*Request access*: `/jit <port> <vm…> [duration] [at <time>|in <delay>] [from <ip|cidr|me>] [because <reason>]`",
    "• `/jit ssh vm-prod-1 30m`",
    "• `/jit rdp vm-win-1 2h from 198.51.100.7 because INC-1234`",
    ...requestLines(requests),
    "*Other commands*: `/jit list` · `/jit revoke <grant>` · `/jit extend <grant> <duration>` · `/jit cancel <grant>` · `/jit` alone opens a form",
  ].join("\n");
  const blocks = [
    ...(problem ? [{ type: "section" as const, text: md(`:warning: ${problem}`) }] : []),
    { type: "section" as const, text: md(usage) },
    { type: "section" as const, text: md(`*What you can request*\n${offers.join("\n") || nothing}`) },
  ];
  return {
    text: `${problem ? `${problem}\n` : ""}Usage: /jit <port> <vm> [duration] [at <time>|in <delay>] [from <ip|cidr|me>] [because <reason>]`,
    blocks,
  };
}
