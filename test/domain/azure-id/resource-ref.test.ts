import { describe, expect, it } from "vitest";

import { resourceName } from "../../../src/domain/azure-id/resource-id.js";
import { parseResourceRef } from "../../../src/domain/azure-id/resource-ref.js";

const VM = "/subscriptions/sub-1/resourceGroups/rg-a/providers/Microsoft.Compute/virtualMachines/web-1";
const SUBNET =
  "/subscriptions/sub-1/resourceGroups/rg-a/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default";

describe("parseResourceRef", () => {
  it("reads a resource in a group, and a child of one", () => {
    expect(parseResourceRef(VM, "microsoft.compute/virtualmachines")).toEqual({
      subscriptionId: "sub-1",
      resourceGroup: "rg-a",
      provider: "Microsoft.Compute",
      type: "virtualMachines",
      name: "web-1",
    });
    expect(parseResourceRef(SUBNET).child).toEqual({ type: "subnets", name: "default" });
  });

  it.each([
    `${VM}/`,
    `${VM}?api-version=1`,
    `${VM}#x`,
    "/subscriptions/sub-1/resourceGroups/rg a/providers/Microsoft.Compute/virtualMachines/web",
    "/subscriptions/sub-1/resourceGroups/rg-a",
    "/subscriptions/sub-1/providers/Microsoft.Compute/virtualMachines/web",
    `${SUBNET}/x/y`,
    "web-1",
  ])("refuses %j", (id) => {
    expect(() => parseResourceRef(id)).toThrow(/is not an Azure resource id/);
  });

  it("refuses an id of another type", () => {
    expect(() => parseResourceRef(VM, "Microsoft.Network/networkSecurityGroups")).toThrow(
      /is not a Microsoft.Network\/networkSecurityGroups id/,
    );
  });
});

describe("resourceName", () => {
  it("is the last segment", () => {
    expect(resourceName(VM)).toBe("web-1");
    expect(resourceName("web-1")).toBe("web-1");
  });
});
