import type { webApi } from "@slack/bolt";

type WebClient = webApi.WebClient;
import type { Directory } from "../../domain/ports/directory.port.js";

const TTL_MS = 5 * 60_000;

/** Slack users and user groups, cached briefly: approval lists are read on every request. */
export class SlackDirectory implements Directory {
  private readonly cache = new Map<string, { at: number; value: unknown }>();

  constructor(
    private readonly client: WebClient,
    private readonly now: () => number = Date.now,
  ) {}

  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < TTL_MS) return hit.value as T;
    const value = await load();
    this.cache.set(key, { at: this.now(), value });
    return value;
  }

  emailOf(userId: string): Promise<string | undefined> {
    return this.cached(`email:${userId}`, async () => {
      const info = await this.client.users.info({ user: userId });
      return info.user?.deleted ? undefined : (info.user?.profile?.email ?? undefined);
    });
  }

  timeZoneOf(userId: string): Promise<string | undefined> {
    return this.cached(`tz:${userId}`, async () => (await this.client.users.info({ user: userId })).user?.tz ?? undefined);
  }

  usergroupMembers(usergroupId: string): Promise<string[]> {
    return this.cached(`group:${usergroupId}`, async () => {
      const result = await this.client.usergroups.users.list({ usergroup: usergroupId });
      return result.users ?? [];
    });
  }
}
