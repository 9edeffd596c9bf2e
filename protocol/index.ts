export * from "./inspector"
export {
  CHUNK_BYTES,
  isLogEntry,
  MAX_FILE_NAME_LENGTH,
  MAX_ID_LENGTH,
  MAX_REPORTS,
  PORT_NAME,
  replyText,
  VIEW_KINDS,
  type DeliveryReport,
  type LogEntry,
  type Presence,
  type ViewKind
} from "./shapes"
