/**
 * The widget's DOM: a host element in the page holding a closed shadow
 * root, so the page's scripts get `null` from `host.shadowRoot` and its CSS
 * does not apply inside. Every text goes in as `textContent`, never as HTML:
 * what another view sent is shown as typed.
 */
import type { PortClientState } from "mv3-port"

import { t } from "~text/i18n"
import { responseText, sendRefusalText, statusLabel } from "~text/wording"
import type { ConversationSnapshot } from "~views/conversation-types"

import { WIDGET_CSS } from "./widget-styles"

/** What the view needs of the conversation client. */
export interface WidgetClient {
  getSnapshot(): ConversationSnapshot
  subscribe(listener: () => void): () => void
  /** The port's state: the status line's attempt. */
  port: { readonly state: PortClientState }
  send(text: string): { ok: boolean }
}

/** A widget on the page. */
export interface WidgetView {
  focus(): void
  remove(): void
}

/** Creates `tag` with `props` and, as text, `text`. */
function element<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  text = ""
): HTMLElementTagNameMap[K] {
  const node = Object.assign(doc.createElement(tag), props)
  if (text) node.textContent = text
  return node
}

/** Styles the shadow root: a constructed sheet where the browser allows it, else a `<style>`. */
function style(doc: Document, root: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(WIDGET_CSS)
    root.adoptedStyleSheets = [sheet]
  } catch {
    root.append(element(doc, "style", {}, WIDGET_CSS))
  }
}

/** Builds the widget at the end of `doc.body` and keeps it in step with `client`. */
export function mountWidget(
  doc: Document,
  client: WidgetClient,
  options: { maxLength: number; onClose(): void }
): WidgetView {
  const host = doc.createElement("popup-to-background-widget")
  const root = host.attachShadow({ mode: "closed" })
  style(doc, root)

  const close = element(doc, "button", { type: "button", className: "close" })
  close.textContent = t("close")
  const status = element(doc, "p", { className: "status" })
  const input = element(doc, "input", {
    type: "text",
    placeholder: t("messagePlaceholder"),
    autocomplete: "off",
    maxLength: options.maxLength
  })
  input.setAttribute("aria-label", t("messageLabel"))
  const send = element(
    doc,
    "button",
    { type: "submit", className: "send" },
    t("send")
  )
  const form = element(doc, "form")
  form.append(input, send)
  const notice = element(doc, "p", { className: "notice" })
  const response = element(doc, "p", { className: "response" })
  response.setAttribute("role", "status")
  const header = element(doc, "header")
  header.append(element(doc, "h2", {}, t("appHeading")), close)
  const panel = element(doc, "section", { className: "widget" })
  panel.setAttribute("aria-label", t("appHeading"))
  panel.append(header, status, form, notice, response)
  root.append(panel)

  function render(): void {
    const snapshot = client.getSnapshot()
    status.textContent = statusLabel(snapshot.status, client.port.state.attempt)
    input.disabled = !snapshot.canSend
    send.disabled = !snapshot.canSend
    notice.textContent = snapshot.notice ? sendRefusalText(snapshot.notice) : ""
    notice.hidden = !snapshot.notice
    response.textContent = responseText(snapshot.response)
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault()
    if (client.send(input.value).ok) input.value = ""
  })
  close.addEventListener("click", () => options.onClose())
  const unsubscribe = client.subscribe(render)
  render()
  ;(doc.body ?? doc.documentElement).append(host)

  return {
    focus: () => input.focus(),
    remove(): void {
      unsubscribe()
      host.remove()
    }
  }
}
