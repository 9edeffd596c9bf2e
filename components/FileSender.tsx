import { useRef, useState } from "react"

import type { Connection } from "~hooks/useConnection"
import { t } from "~text/i18n"
import { formatBytes } from "~text/wording"
import type { UploadProgress } from "~views/conversation-types"

/** "42% of 100 MB · 85.3 MB/s": how far the background got, and how fast. */
export function progressText(upload: UploadProgress): string {
  const percent = Math.floor((upload.arrived / upload.size) * 100)
  const size = formatBytes(upload.size)
  return upload.bytesPerSecond === null
    ? t("fileProgress", percent, size)
    : t(
        "fileProgressRate",
        percent,
        size,
        formatBytes(Math.round(upload.bytesPerSecond))
      )
}

/**
 * Send file: a file picker, the upload's progress (what reached the background
 * so far, and the rate) and Cancel. The progress row shows while a
 * file is being sent. The reply, like
 * any reply, is shown in `#response` and the timeline.
 */
export function FileSender({ connection }: { connection: Connection }) {
  const [file, setFile] = useState<File | null>(null)
  const picker = useRef<HTMLInputElement>(null)
  const { canSend, uploading } = connection

  function send() {
    if (!file || !connection.sendFile(file).ok) return
    setFile(null)
    if (picker.current) picker.current.value = ""
  }

  return (
    <div className="file-sender">
      <div className="file-controls">
        <input
          id="fileInput"
          ref={picker}
          type="file"
          aria-label={t("fileLabel")}
          disabled={!canSend}
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
        <button
          id="sendFileBtn"
          type="button"
          disabled={!canSend || !file || uploading !== null}
          onClick={send}>
          {t("sendFile")}
        </button>
        <button
          id="cancelFileBtn"
          type="button"
          disabled={!uploading}
          onClick={connection.cancelUpload}>
          {t("cancel")}
        </button>
      </div>
      <div className="file-progress" hidden={!uploading}>
        <progress
          id="fileProgress"
          aria-label={
            uploading ? t("fileSending", uploading.name) : t("fileNone")
          }
          max={uploading?.size ?? 1}
          value={uploading?.arrived ?? 0}
        />
        <span id="fileProgressText" aria-live="off">
          {uploading ? progressText(uploading) : ""}
        </span>
      </div>
    </div>
  )
}
