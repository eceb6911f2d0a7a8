import { z } from "zod";

import { ArmHttpError } from "../http/arm-error.js";
import type { SimResponse } from "../http/context.js";
import type { ControlRequest } from "../http/server.js";
import type { AzureSimulator } from "../simulator-types.js";

type Handler = (sim: AzureSimulator, req: ControlRequest) => SimResponse;

const settingsSchema = z.strictObject({
  operationDelayMs: z.number().int().min(0).optional(),
  conflictMode: z.enum(["another-operation-409", "retryable-429", "supersede"]).optional(),
});
const failureSchema = z
  .strictObject({
    code: z.string().optional(),
    message: z.string().optional(),
    count: z.number().int().min(1).optional(),
  })
  .default({});

function required(req: ControlRequest, name: string): string {
  const value = req.query.get(name);
  if (!value) throw new ArmHttpError(400, "MissingParameter", `Query parameter '${name}' is required.`);
  return value;
}

/** The firewall part of the /_sim control API, for trying ajar by hand with `ajar simulate`. */
export const FIREWALL_CONTROL_HANDLERS: Record<string, Handler> = {
  "GET /_sim/firewalls/settings": (sim) => ({ status: 200, body: sim.firewalls.settings() }),
  "PATCH /_sim/firewalls/settings": (sim, req) => {
    const changes = settingsSchema.parse(req.body ?? {});
    sim.firewalls.updateSettings(Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
    return { status: 200, body: sim.firewalls.settings() };
  },
  "GET /_sim/firewalls/operations": (sim) => ({ status: 200, body: sim.firewalls.operations() }),
  "POST /_sim/firewalls/operations/fail-next": (sim, req) => (
    sim.firewalls.failNextOperation(failureSchema.parse(req.body)),
    { status: 204 }
  ),
  /** `id`: an azureFirewalls or firewallPolicies id; `which`: effective (default) or config. */
  "GET /_sim/firewalls/dnat-rules": (sim, req) => ({
    status: 200,
    body: sim.firewalls.dnatRules(required(req, "id"), req.query.get("which") === "config" ? "config" : "effective"),
  }),
  "GET /_sim/firewalls/reach": (sim, req) => {
    const port = Number(required(req, "port"));
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new ArmHttpError(400, "InvalidParameter", "port must be 1-65535.");
    return { status: 200, body: sim.firewalls.reach(required(req, "source"), required(req, "address"), port) };
  },
};
