/** Served by ajar's HTTP listener: `${AJAR_PUBLIC_URL}/ajar/my-ip/<grant-id>/<token>`. */
export const SOURCE_LINK_PATH = "/ajar/my-ip";

/** The address of one grant's link, under the installation's public URL. */
export function sourceLinkUrl(publicUrl: string, grantId: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}${SOURCE_LINK_PATH}/${grantId}/${token}`;
}
