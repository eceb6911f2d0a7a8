export { MAX_DURATION_SECONDS, parseDuration, type ParseDurationOptions } from "./parse-duration.js";
export { formatDuration, formatIsoDuration } from "./format-duration.js";
