import type { NetworkManagementClient } from "@azure/arm-network";
import { createPipelineRequest, RestError, type PipelineResponse } from "@azure/core-rest-pipeline";

import { responseJson } from "./response-json.js";

/** The fields of Microsoft.Compute/virtualMachines ajar reads. */
export interface ComputeVm {
  id: string;
  name: string;
  location?: string;
  tags?: Record<string, string>;
  properties?: {
    networkProfile?: { networkInterfaces?: { id?: string }[] };
    storageProfile?: { osDisk?: { osType?: string } };
  };
}

const COMPUTE_API_VERSION = "2024-07-01";

/**
 * Reads VMs through the network client's pipeline rather than a Compute SDK: @azure/arm-compute is a
 * large dependency for two GET calls, and the pipeline already carries auth, retries and the
 * simulator's static-token policy. Deriving VMs from NICs (`nic.virtualMachine.id`) would lose tags
 * and location and miss VMs whose NICs sit in another resource group.
 */
export class VmReader {
  private readonly origin: string;

  constructor(
    private readonly client: Pick<NetworkManagementClient, "sendRequest">,
    private readonly endpoint: string,
  ) {
    this.origin = new URL(endpoint).origin;
  }

  async list(subscriptionId: string, signal?: AbortSignal): Promise<ComputeVm[]> {
    const vms: ComputeVm[] = [];
    let url: string | undefined =
      `${this.endpoint}/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Compute/virtualMachines?api-version=${COMPUTE_API_VERSION}`;
    while (url) {
      const page = (await this.getJson(url, signal)) as { value?: ComputeVm[]; nextLink?: string };
      vms.push(...(page.value ?? []));
      url = page.nextLink;
    }
    return vms;
  }

  /** `vmId` is a full ARM id; only its path is used, against the configured endpoint. */
  async get(vmId: string, signal?: AbortSignal): Promise<ComputeVm> {
    return (await this.getJson(`${this.endpoint}${vmId}?api-version=${COMPUTE_API_VERSION}`, signal)) as ComputeVm;
  }

  private async getJson(url: string, signal: AbortSignal | undefined): Promise<unknown> {
    // A nextLink elsewhere would carry our token to another host.
    if (new URL(url).origin !== this.origin)
      throw new Error(`Refusing to follow a link outside ${this.origin}: ${url}`);
    const request = createPipelineRequest({ url, method: "GET", ...(signal ? { abortSignal: signal } : {}) });
    request.headers.set("Accept", "application/json");
    const response = await this.client.sendRequest(request);
    const body = responseJson(response);
    if (response.status >= 200 && response.status < 300) return body;
    throw restErrorFrom(response, body);
  }
}

/** The same RestError the generated clients throw, so error translation has one input shape. */
function restErrorFrom(response: PipelineResponse, body: unknown): RestError {
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new RestError(error?.message ?? `ARM answered ${response.status}`, {
    statusCode: response.status,
    ...(error?.code ? { code: error.code } : {}),
    request: response.request,
    response,
  });
}
