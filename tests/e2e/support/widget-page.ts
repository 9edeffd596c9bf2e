import type { CdpPage } from "~tools/browser/cdp-page"
import { pollUntil } from "~tools/poll"

import type { HostileProbe } from "./test-pages"

/** A node of `DOM.getDocument` with `pierce: true` (closed shadow roots included). */
interface DomNode {
  nodeId: number
  localName: string
  attributes?: string[]
  children?: DomNode[]
  shadowRoots?: Array<DomNode & { shadowRootType?: string }>
}

function* walk(node: DomNode): Generator<DomNode> {
  yield node
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
    yield* walk(child)
  }
}

const attribute = (node: DomNode, name: string) => {
  const at = node.attributes?.indexOf(name) ?? -1
  return at >= 0 && at % 2 === 0 ? node.attributes![at + 1] : undefined
}

/**
 * The widget on a web page, as the user sees and uses it. Its shadow root
 * is closed, so neither the page's world nor a script can reach inside:
 * the test reads it as DevTools does (the DOM domain pierces closed roots)
 * and types and clicks with real input events.
 */
export class WidgetPage {
  constructor(readonly page: CdpPage) {}

  /** Every node of the page, shadow trees included. */
  private async nodes(): Promise<DomNode[]> {
    const { root } = await this.page.send("DOM.getDocument", {
      depth: -1,
      pierce: true
    })
    return [...walk(root)]
  }

  /** The widget's shadow root and everything in it, or null with no widget. */
  async shadow(): Promise<{ type?: string; nodes: DomNode[] } | null> {
    const host = (await this.nodes()).find(
      (node) => node.localName === "popup-to-background-widget"
    )
    const root = host?.shadowRoots?.[0]
    return root ? { type: root.shadowRootType, nodes: [...walk(root)] } : null
  }

  private async find(match: (node: DomNode) => boolean): Promise<DomNode> {
    const node = (await this.shadow())?.nodes.find(match)
    if (!node) throw new Error("No such node in the widget")
    return node
  }

  private byClass = (name: string) => (node: DomNode) =>
    attribute(node, "class") === name

  /** Calls `fn` (a function's source) with a widget node as `this`. */
  private async callOn<T>(node: DomNode, fn: string): Promise<T> {
    const { object } = await this.page.send("DOM.resolveNode", {
      nodeId: node.nodeId
    })
    const { result } = await this.page.send("Runtime.callFunctionOn", {
      objectId: object.objectId,
      functionDeclaration: fn,
      returnByValue: true
    })
    return result.value
  }

  /** The text of the widget's element with class `name`. */
  async text(name: string): Promise<string> {
    const node = await this.find(this.byClass(name))
    return this.callOn(node, "function () { return this.textContent }")
  }

  /** A computed style of the widget's first `tag` element. */
  async style(tag: string, property: string): Promise<string> {
    const node = await this.find((candidate) => candidate.localName === tag)
    return this.callOn(
      node,
      `function () { return getComputedStyle(this).${property} }`
    )
  }

  /** Clicks the centre of a node with real mouse events. */
  private async click(node: DomNode): Promise<void> {
    const { model } = await this.page.send("DOM.getBoxModel", {
      nodeId: node.nodeId
    })
    const [x1, y1, , , x2, y2] = model.content
    const [x, y] = [(x1 + x2) / 2, (y1 + y2) / 2]
    for (const type of ["mousePressed", "mouseReleased"] as const) {
      await this.page.send("Input.dispatchMouseEvent", {
        type,
        x,
        y,
        button: "left",
        clickCount: 1
      })
    }
  }

  /** Types `text` into the widget's input and clicks Send, as a user does. */
  async send(text: string): Promise<void> {
    await this.click(await this.find((node) => node.localName === "input"))
    await this.page.send("Input.insertText", { text })
    await this.click(await this.find(this.byClass("send")))
  }

  async close(): Promise<void> {
    await this.click(await this.find(this.byClass("close")))
  }

  async waitForText(name: string, expected: string): Promise<void> {
    await this.waitUntil(
      async () => (await this.text(name).catch(() => "")) === expected,
      `widget .${name} "${expected}"`
    )
  }

  async waitUntil(ready: () => Promise<boolean>, what: string): Promise<void> {
    await pollUntil(ready, 10_000, () => new Error(`Timed out: ${what}`), 50)
  }

  /** The local name of the element focused inside the widget, if any. */
  async focused(): Promise<string | null> {
    const root = (await this.shadow())?.nodes[0]
    if (!root) return null
    return this.callOn(
      root,
      "function () { return this.activeElement?.localName ?? null }"
    )
  }

  /** What the page's own script can reach (see test-pages.ts). */
  probe(): Promise<HostileProbe> {
    return this.page.evaluate<HostileProbe>("window.probe()")
  }
}
