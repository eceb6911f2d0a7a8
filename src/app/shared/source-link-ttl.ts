/** Long enough to switch to a browser, short enough that a forwarded or leaked link is soon useless. */
export const SOURCE_LINK_TTL_SECONDS = 600;
