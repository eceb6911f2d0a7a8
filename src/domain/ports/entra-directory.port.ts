/** An Entra ID user with the attributes ajar decides on (Graph's names). */
export interface EntraUser {
  id: string;
  displayName?: string;
  mail?: string;
  userPrincipalName?: string;
  accountEnabled: boolean;
  /** "Member" or "Guest". */
  userType: string;
}

/**
 * What ajar reads from Entra ID. Every method fails (throws) when the directory cannot be asked:
 * a caller must never mistake "could not ask" for "no such user" or "no groups".
 */
export interface EntraDirectory {
  /** Users whose `mail` or `userPrincipalName` equals the address, case-insensitively. */
  usersByEmail(email: string, signal?: AbortSignal): Promise<EntraUser[]>;
  /** undefined when the user does not exist (deleted). `fresh` skips the cache (re-checks before access widens). */
  user(id: string, options?: { signal?: AbortSignal; fresh?: boolean }): Promise<EntraUser | undefined>;
  /** undefined when no manager is set. */
  manager(userId: string, signal?: AbortSignal): Promise<EntraUser | undefined>;
  /** Ids of every group the object is in, directly or through nested groups; undefined for an object that is not a user. */
  groupIdsOf(objectId: string, signal?: AbortSignal): Promise<string[] | undefined>;
  /** Users in the group, directly or through nested groups. */
  usersInGroup(groupId: string, signal?: AbortSignal): Promise<EntraUser[]>;
}
