export {
  startGraphSimulator,
  type GraphFault,
  type GraphRequestLog,
  type GraphSimulator,
  type GraphSimulatorOptions,
} from "./graph-simulator.js";
export {
  directoryFromSeed,
  DEFAULT_TENANT_DOMAIN,
  type GraphDirectory,
  type GraphGroupRecord,
  type GraphUserRecord,
} from "./directory-model.js";
export { GROUP_MEMBER_READ_ALL, USER_READ_ALL } from "./graph-routes.js";
