import { App, HTTPReceiver, LogLevel, type CustomRoute } from "@slack/bolt";

import type { Deps } from "../../app/deps.js";
import { registerAppHome } from "./listeners/app-home.js";
import { registerGrantButtons } from "./listeners/grant-buttons.js";
import { registerJitCommand } from "./listeners/jit-command.js";
import { registerRequestModal } from "./listeners/request-modal.js";
import { ACK_DEADLINE_MS, LISTENER_CLIENT_RETRY } from "./slack-limits.js";

export interface SlackAppOptions {
  botToken: string;
  signingSecret: string;
  /** Socket Mode when set (workspaces without a public URL). */
  appToken?: string;
  apiUrl?: string;
  customRoutes?: CustomRoute[];
  /** Tests set this so a response is sent only after the listener finished. */
  processBeforeResponse?: boolean;
}

/**
 * The Bolt app: transport only. Every listener hands over to a use case; the one error handler
 * makes sure nothing escapes as a stack trace.
 */
export function createSlackApp(deps: Deps, options: SlackAppOptions): { app: App; receiver?: HTTPReceiver } {
  const clientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: LISTENER_CLIENT_RETRY,
  };
  let app: App;
  let receiver: HTTPReceiver | undefined;
  if (options.appToken) {
    app = new App({
      token: options.botToken,
      appToken: options.appToken,
      socketMode: true,
      clientOptions,
      logLevel: LogLevel.WARN,
    });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: options.signingSecret,
      processBeforeResponse: options.processBeforeResponse ?? false,
      customRoutes: options.customRoutes ?? [],
      unhandledRequestTimeoutMillis: ACK_DEADLINE_MS,
    });
    app = new App({ token: options.botToken, receiver, clientOptions, logLevel: LogLevel.WARN });
  }

  registerJitCommand(app, deps);
  registerGrantButtons(app, deps);
  registerRequestModal(app, deps);
  registerAppHome(app, deps);

  app.error(async (error) => {
    deps.logger.error({ code: (error as { code?: string }).code, err: error.message }, "Slack handler error");
  });
  return { app, ...(receiver ? { receiver } : {}) };
}
