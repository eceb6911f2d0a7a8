import type { PipelineResponse } from "@azure/core-rest-pipeline";

/** The body of an ARM or Graph answer as JSON, or undefined when it is empty or not JSON (a proxy's HTML error page). */
export function responseJson(response: PipelineResponse): unknown {
  if (!response.bodyAsText) return undefined;
  try {
    return JSON.parse(response.bodyAsText);
  } catch {
    return undefined;
  }
}
