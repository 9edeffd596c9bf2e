// Transitional: the protocol lives in protocol/; this path goes once every
// import points there.
export * from "~protocol"
