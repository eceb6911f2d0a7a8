import { closeServer, listenSimulator } from "./http-server.js";
import { resolveConfig, SimState } from "./sim-state.js";
import type { RecordedCall, ResponseUrlPost, SlackSimulator, SlackSimulatorOptions } from "./types.js";

const DEFAULT_WAIT_MS = 2000;

/** Starts a fake Slack Web API on 127.0.0.1; point Bolt at it with clientOptions.slackApiUrl = sim.apiUrl. */
export async function startSlackSimulator(options: SlackSimulatorOptions): Promise<SlackSimulator> {
  const config = resolveConfig(options);
  const state = new SimState(config);
  const { server, url } = await listenSimulator(state, options.port ?? 0);
  config.baseUrl = url;
  let closed = false;

  return {
    url,
    apiUrl: `${url}/api/`,
    botToken: config.botToken,
    teamId: config.teamId,
    teamDomain: config.teamDomain,
    botUserId: config.botUserId,
    botId: config.botId,
    botName: config.botName,
    appId: config.appId,

    get calls() {
      return state.calls.all;
    },
    callsTo: (method) => state.calls.all.filter((call) => call.method === method),
    waitForCall: (method, predicate = () => true, timeoutMs = DEFAULT_WAIT_MS) =>
      state.calls.waitFor(
        (call: RecordedCall) => call.method === method && predicate(call),
        timeoutMs,
        `a ${method} call`,
      ),

    get messages() {
      return state.messages;
    },
    message: (channel, ts) => state.findMessage(channel, ts),
    get ephemerals() {
      return state.ephemerals;
    },
    seedMessage: ({ channel, text, user = "U0SEEDED01", blocks }) => {
      const message = {
        channel,
        ts: state.clock.next(),
        text,
        blocks,
        user,
        postedByBot: false,
        deleted: false,
        history: [{ text, blocks, deleted: false, via: "seed" as const, at: new Date() }],
      };
      state.messages.push(message);
      return message;
    },

    responseUrl: (context = {}) => state.mintResponseUrl(context),
    get responses() {
      return state.responses.all;
    },
    waitForResponse: (predicate = () => true, timeoutMs = DEFAULT_WAIT_MS) =>
      state.responses.waitFor((post: ResponseUrlPost) => predicate(post), timeoutMs, "a response_url post"),

    triggerId: (userId) => state.mintTriggerId(userId),
    get views() {
      return state.views;
    },
    view: (id) => state.views.find((v) => v.id === id),
    homeView: (userId) => state.views.find((v) => v.type === "home" && v.user_id === userId),

    dmChannelFor: (userId) => state.imFor(userId),
    user: (id) => config.users.get(id),
    addUser: (user) => {
      config.users.set(user.id, user);
    },

    failNext: (method, fault, times = 1) => state.faults.add(method, fault, times),
    reset: () => state.reset(),
    close: async () => {
      if (closed) return;
      closed = true;
      state.calls.cancelWaiters("Slack simulator closed");
      state.responses.cancelWaiters("Slack simulator closed");
      await closeServer(server);
    },
  };
}
