import { createPortClient } from "mv3-port"

import { protocol } from "./protocol"

const connect = () => chrome.runtime.connect()
const { request } = createPortClient(protocol, { connect })
const input = document.querySelector("input")!
input.onchange = async () => (input.value = await request("upper", input.value))
