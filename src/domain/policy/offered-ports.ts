import type { Policy, PolicyPort } from "./policy.js";

/**
 * Every port the policies offer, once each, in the order given: pass the VM's policies strictest
 * first and a port two of them offer is named and protocolled as the strictest says.
 */
export function offeredPorts(policies: Policy[]): PolicyPort[] {
  const byPort = new Map<number, PolicyPort>();
  for (const policy of policies) for (const p of policy.ports) if (!byPort.has(p.port)) byPort.set(p.port, p);
  return [...byPort.values()];
}
