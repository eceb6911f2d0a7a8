export { formatIpAddress, parseIpAddress, type IpAddress, type IpVersion } from "./ip-address.js";
export {
  formatIpPrefix,
  isAnySourceToken,
  formatIpPrefixForArm,
  isSingleAddress,
  parseIpPrefix,
  prefixContains,
  prefixesOverlap,
  samePrefix,
  tryParseIpPrefix,
  type IpPrefix,
} from "./ip-prefix.js";
