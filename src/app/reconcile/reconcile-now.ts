import { resourceName } from "../../domain/azure-id/resource-id.js";
import { AjarError } from "../../domain/errors.js";
import type { Deps } from "../deps.js";
import { planForNsg } from "./plan-for-nsg.js";
import { readNsgView, type PassResult } from "./reconcile-nsg.js";
import { isFirewallPoint, reconcilePoint } from "./reconcile-point.js";

const WAIT_MS = 60_000;

/**
 * Reconciles one NSG in this process and waits for it (commands run from a terminal). When another
 * process is reconciling it, this waits for that pass instead of racing it.
 */
export async function reconcileNow(deps: Deps, nsgId: string, signal?: AbortSignal): Promise<PassResult> {
  let result: PassResult | undefined;
  const generation = await deps.converger.bump(nsgId);
  const deadline = Date.now() + WAIT_MS;
  const pass = async (id: string) => {
    result = await reconcilePoint(deps, id, signal);
    await result.settled;
  };
  while ((await deps.converger.converge(nsgId, { generation }, pass)) === "busy-elsewhere") {
    if (Date.now() > deadline)
      throw new AjarError(
        "CLOUD.TRANSIENT",
        `Another ajar process kept ${resourceName(nsgId)} busy for a minute; try again.`,
        { retryable: true },
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (result) return result;
  // Another pass covered it: report what is there now.
  if (isFirewallPoint(nsgId)) return { writes: 0, lockdowns: [], exposures: [], settled: Promise.resolve() };
  const snapshot = await deps.network.getSecurityGroup(nsgId, signal);
  const view = await readNsgView(deps, nsgId);
  const { plan } = planForNsg(deps.settings, snapshot.rules, view.grants, view.vms, deps.clock.now().getTime());
  return { writes: 0, lockdowns: plan.lockdowns, exposures: plan.exposures, settled: Promise.resolve() };
}
