import type { VmRecord } from "../state/model.js";

/** Shape per Microsoft.Compute virtualMachine.json, limited to what a VM list/get consumer reads. */
export const virtualMachineJson = (vm: VmRecord) => ({
  name: vm.name,
  id: vm.id,
  type: "Microsoft.Compute/virtualMachines",
  location: vm.location,
  tags: vm.tags,
  properties: {
    vmId: vm.vmId,
    provisioningState: "Succeeded",
    hardwareProfile: { vmSize: vm.size },
    storageProfile: {
      osDisk: { osType: vm.osType, name: `${vm.name}_OsDisk_1`, createOption: "FromImage", caching: "ReadWrite" },
    },
    osProfile: { computerName: vm.name },
    networkProfile: { networkInterfaces: vm.nicIds.map((id, i) => ({ id, properties: { primary: i === 0 } })) },
  },
});
