import { subjectOf } from "../../domain/grant/grant-subject.js";
import { FINAL_STATUSES, OPEN_STATUSES, type Grant, type GrantStatus } from "../../domain/grant/grant.js";
import type { Deps } from "../deps.js";
import type { GrantNotice } from "../ports/grant-notifier.port.js";
import { mutateGrant } from "../shared/mutate-grant.js";

/** Per-grant notices a several-VM request sends once, as one summary, instead of once per VM. */
export const SUMMARISED_NOTICES: GrantNotice[] = ["opened", "closed"];

/** Not open yet: the grant has neither opened nor given up. */
const WAITING: readonly GrantStatus[] = OPEN_STATUSES.filter((s) => s !== "active");

const code = (text: string): string => `\`${text.replace(/[`<>&]/g, "")}\``;
const when = (iso: string | undefined): string =>
  iso ? `<!date^${Math.floor(Date.parse(iso) / 1000)}^{date_short_pretty} {time}|${iso}>` : "–";

function sentence(notice: GrantNotice, leader: Grant, members: Grant[]): string {
  const { portLabel, port: number } = subjectOf(leader);
  const port = portLabel || String(number);
  if (notice === "opened") {
    const open = members.filter((m) => m.status === "active" || m.status === "closed");
    const others = members.filter((m) => !open.includes(m));
    const failed = others.map(
      (m) => `${code(subjectOf(m).vmName)} ${m.status}${m.failure ? `: ${m.failure.replace(/[<>&]/g, "")}` : ""}`,
    );
    return `Request ${code(leader.id)}: ${port} is open on ${open.map((m) => code(subjectOf(m).vmName)).join(", ") || "no VM"} until ${when(open[0]?.expiresAt)}${failed.length ? `; not opened: ${failed.join("; ")}` : ""}.`;
  }
  return `Request ${code(leader.id)}: ${port} is closed again on all ${members.length} VMs (${members.map((m) => code(subjectOf(m).vmName)).join(", ")}).`;
}

/**
 * Sends a several-VM request's summary once every grant of it has reached the point the notice
 * marks (all opened or given up; all finished). The leader's record says which summaries went out,
 * changed by compare-and-set, so grants finishing at the same moment send it once.
 */
export async function summarizeBundle(deps: Deps, grant: Grant, notice: GrantNotice): Promise<void> {
  const bundle = grant.bundle;
  if (!bundle) return;
  const members = (await Promise.all(bundle.memberIds.map((id) => deps.store.get(id)))).filter(
    (m): m is Grant => m !== undefined,
  );
  const reached =
    notice === "opened"
      ? members.every((m) => !WAITING.includes(m.status))
      : members.every((m) => FINAL_STATUSES.includes(m.status));
  if (!reached) return;
  let text = "";
  const saved = await mutateGrant(deps.store, bundle.leaderId, (leader) => {
    if (!leader.bundle || leader.bundle.summaries?.includes(notice)) return undefined;
    text = sentence(notice, leader, members);
    return {
      ...leader,
      version: leader.version + 1,
      bundle: { ...leader.bundle, summaries: [...(leader.bundle.summaries ?? []), notice], summary: text },
    };
  });
  if (!saved) return;
  await deps.notifier.tellRequester(saved.after, "bundle-summary");
  const channel =
    deps.settings.policies.find((p) => p.name === saved.after.policyName)?.notifyChannel ?? deps.settings.notifyChannel;
  if (channel) await deps.notifier.tellChannel(channel, saved.after, "bundle-summary");
}
