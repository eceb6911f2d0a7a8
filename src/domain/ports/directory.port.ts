/** What ajar asks the chat workspace about people. */
export interface Directory {
  emailOf(userId: string): Promise<string | undefined>;
  usergroupMembers(usergroupId: string): Promise<string[]>;
  /** The person's IANA time zone (for `at 14:00`); undefined when the workspace does not say. */
  timeZoneOf?(userId: string): Promise<string | undefined>;
}
