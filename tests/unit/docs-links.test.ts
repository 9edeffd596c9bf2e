/**
 * @jest-environment node
 *
 * Every relative link in the project's Markdown names a file that exists
 * and, with a `#fragment`, a heading that exists in it (as GitHub makes
 * anchors), so moving a section or a file cannot leave a dead link.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"

const ROOT = resolve(__dirname, "../..")
const SKIP = new Set(["node_modules", "build", "dist", ".git", ".plasmo"])

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith(".")) return []
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return markdownFiles(path)
    return name.endsWith(".md") ? [path] : []
  })
}

/** The text outside fenced code blocks and inline code. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "")
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-")
}

function anchorsOf(path: string): Set<string> {
  const text = readFileSync(path, "utf8").replace(/^```[\s\S]*?^```/gm, "")
  const anchors = new Set<string>()
  for (const [, heading] of text.matchAll(/^#{1,6} (.+)$/gm)) {
    let anchor = slug(heading!)
    for (let n = 1; anchors.has(anchor); n++) anchor = `${slug(heading!)}-${n}`
    anchors.add(anchor)
  }
  return anchors
}

function deadLinks(file: string): string[] {
  const dead: string[] = []
  for (const [, target] of prose(readFileSync(file, "utf8")).matchAll(
    /\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g
  )) {
    if (/^[a-z]+:/i.test(target!)) continue
    const [path, fragment] = target!.split("#") as [string, string?]
    const resolved = path ? resolve(dirname(file), path) : file
    const where = `${relative(ROOT, file)}: ${target}`
    if (!existsSync(resolved)) dead.push(`${where} (no such file)`)
    else if (
      fragment &&
      resolved.endsWith(".md") &&
      !anchorsOf(resolved).has(fragment)
    ) {
      dead.push(`${where} (no such heading)`)
    }
  }
  return dead
}

it("finds the anchors GitHub makes", () => {
  expect(slug("Why `npm install`, not `npm ci`")).toBe(
    "why-npm-install-not-npm-ci"
  )
  expect(slug("4. Releasing a version")).toBe("4-releasing-a-version")
})

it("has no dead relative link in any Markdown file", () => {
  const files = markdownFiles(ROOT)
  expect(files.length).toBeGreaterThan(5)
  expect(files.flatMap(deadLinks)).toEqual([])
})
