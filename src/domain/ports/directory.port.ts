/** A chat user as the workspace reports them: what ajar needs to decide whether their email can be trusted. */
export interface ChatUser {
  id: string;
  email?: string;
  /** Slack's `is_email_confirmed`: the person proved they own the address. */
  emailConfirmed: boolean;
  deleted: boolean;
  bot: boolean;
  /** Multi-channel guest (`is_restricted`). */
  restricted: boolean;
  /** Single-channel guest (`is_ultra_restricted`). */
  ultraRestricted: boolean;
  /** Someone from another organisation, seen through a shared channel (`is_stranger`). */
  stranger: boolean;
  /** The workspace the user belongs to (`team_id`). */
  teamId?: string;
  /** The Enterprise Grid organisation the user belongs to (`enterprise_user.enterprise_id`). */
  enterpriseId?: string;
}

/** Where ajar is installed (auth.test): its own workspace, and its Enterprise Grid organisation if any. */
export interface ChatInstallation {
  teamId: string;
  enterpriseId?: string;
}

/** What ajar asks the chat workspace about people. */
export interface Directory {
  /** undefined when the workspace does not know the user. */
  user(userId: string): Promise<ChatUser | undefined>;
  /** The workspace member with this email (users.lookupByEmail); undefined when there is none. */
  userByEmail(email: string): Promise<ChatUser | undefined>;
  installation(): Promise<ChatInstallation>;
  usergroupMembers(usergroupId: string): Promise<string[]>;
  /** The person's IANA time zone (for `at 14:00`); undefined when the workspace does not say. */
  timeZoneOf?(userId: string): Promise<string | undefined>;
}
