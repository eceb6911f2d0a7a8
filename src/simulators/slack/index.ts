export { startSlackSimulator } from "./start-simulator.js";
export { createSlackClient } from "./signed-client.js";
export type { SlackClient, SlackClientOptions, SlackDelivery } from "./signed-client.js";
export { slackSignature } from "./request-signing.js";
export type { SendOptions } from "./request-signing.js";
export type { CommandInput } from "./command-payload.js";
export type { BlockActionInput } from "./block-action-payload.js";
export type { ViewSubmissionInput, BlockSuggestionInput } from "./view-payloads.js";
export type { ViewInput } from "./view-payload-object.js";
export type { EventInput } from "./event-payloads.js";
export type {
  CallEncoding,
  JsonObject,
  MessageRevision,
  MessageVia,
  RecordedCall,
  ResponseUrlContext,
  ResponseUrlPost,
  SimEphemeral,
  SimMessage,
  SimUser,
  SimUsergroup,
  SimView,
  SlackFault,
  SlackSimulator,
  SlackSimulatorOptions,
  ViewVia,
} from "./types.js";
