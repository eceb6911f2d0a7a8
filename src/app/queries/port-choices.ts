import { DEFAULT_PORT_NAMES } from "../../domain/command/index.js";
import { offeredPorts } from "../../domain/policy/offered-ports.js";
import type { Policy } from "../../domain/policy/policy.js";

export interface PortChoice {
  port: number;
  /** What the request records as the port's name: the policy's name, a well-known name, or the number. */
  name: string;
  /** "ssh (22)", or "8080" for a port nobody named. */
  label: string;
}

/** Every port some policy offers, named as the policies (or Defender's defaults) name them. */
export function portChoices(policies: Policy[]): PortChoice[] {
  const wellKnown = new Map(Object.entries(DEFAULT_PORT_NAMES).map(([name, port]) => [port, name] as const));
  return offeredPorts(policies).map((offered) => {
    const name = offered.name ?? wellKnown.get(offered.port);
    return {
      port: offered.port,
      name: name ?? String(offered.port),
      label: name ? `${name} (${offered.port})` : String(offered.port),
    };
  });
}
