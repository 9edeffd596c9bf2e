import { replyText } from "~protocol"

/** Words in the first chunk: "Background", "received:" and the text's first word. */
const FIRST_WORDS = 3

/** Most chunks one streamed reply is cut into: a long reply gets longer chunks, not a longer stream. */
const MAX_CHUNKS = 100

/**
 * The reply cut into its opening, then chunks of about a word each (at
 * most MAX_CHUNKS): the same cut for the same text, so a stream resumed
 * after a worker stop goes on with the very chunks the view is missing.
 */
export function replyChunks(reply: string): string[] {
  const all = reply.match(/\S+\s*/g) ?? [reply]
  // The first chunk is the reply's fixed opening and the text's first word
  // (`Background received: "a `): what shows at once already reads as the
  // reply, as fast as a normal one.
  const words = [all.slice(0, FIRST_WORDS).join(""), ...all.slice(FIRST_WORDS)]
  const per = Math.ceil(words.length / MAX_CHUNKS)
  const chunks: string[] = []
  for (let i = 0; i < words.length; i += per) {
    chunks.push(words.slice(i, i + per).join(""))
  }
  return chunks
}

/**
 * The reply to `text` as a stream gives it: all of it, or its first `kept`
 * chunks (a reply the user stopped).
 */
export function streamedReply(text: string, kept = Infinity): string {
  return replyChunks(replyText(text)).slice(0, kept).join("")
}
