/**
 * The widget's own styles, applied inside its shadow root only: the page's
 * CSS cannot select what is in there, and these rules cannot leak out.
 * Local values only, nothing fetched.
 */
export const WIDGET_CSS = `
:host { all: initial; }
.widget {
  position: fixed; right: 16px; bottom: 16px; z-index: 2147483647;
  width: 300px; box-sizing: border-box; padding: 12px;
  font: 13px/1.4 system-ui, sans-serif; color: #1b1b1f;
  background: #ffffff; border: 1px solid #767680; border-radius: 8px;
  box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25);
}
header { display: flex; align-items: center; justify-content: space-between; }
h2 { margin: 0; font-size: 14px; font-weight: 600; }
p { margin: 6px 0 0; overflow-wrap: anywhere; }
form { display: flex; gap: 6px; margin-top: 8px; }
input { flex: 1; min-width: 0; font: inherit; padding: 4px 6px; color: inherit;
  background: #ffffff; border: 1px solid #767680; border-radius: 4px; }
button { font: inherit; padding: 4px 10px; color: #ffffff; cursor: pointer;
  background: #1a56c4; border: 0; border-radius: 4px; }
button:disabled { background: #8a8a94; cursor: default; }
button:focus-visible, input:focus-visible { outline: 2px solid #1a56c4; outline-offset: 2px; }
.close { color: #1b1b1f; background: transparent; border: 1px solid #767680; }
.status { color: #46464f; }
.notice { color: #a3191d; }
@media (prefers-color-scheme: dark) {
  .widget { color: #e4e1e6; background: #1b1b1f; border-color: #8f909a; }
  input { background: #2a2a30; border-color: #8f909a; }
  .close { color: #e4e1e6; border-color: #8f909a; }
  .status { color: #c6c5d0; }
  .notice { color: #ffb4ab; }
  button { background: #3f6fd8; }
}
`
