export * from "./errors"
export * from "./inspector"
export * from "./messages"
export * from "./parse"
export * from "./parse-from-views"
export {
  CHUNK_BYTES,
  isLogEntry,
  MAX_FILE_NAME_LENGTH,
  MAX_ID_LENGTH,
  MAX_REPORTS,
  PORT_NAME,
  STREAM_ERROR_CODES,
  VIEW_KINDS,
  type DeliveryReport,
  type Envelope,
  type LogEntry,
  type Presence,
  type ViewKind
} from "./shapes"
