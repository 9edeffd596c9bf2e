/**
 * Page script that records every status label the view shows, in order, so
 * a test can assert what the user saw between two checks (e.g. that nothing
 * but "Connected" was ever shown while idle).
 */
export const RECORD_STATUS_HISTORY = `(() => {
  const history = (window.__statusHistory = [])
  let last = null
  const read = () => {
    const label = document.querySelector("#status .status-label")?.textContent ?? null
    if (label !== last) { history.push(label); last = label }
  }
  read()
  new MutationObserver(read).observe(document.body, {
    subtree: true, childList: true, characterData: true
  })
})()`

export const READ_STATUS_HISTORY = `window.__statusHistory`
