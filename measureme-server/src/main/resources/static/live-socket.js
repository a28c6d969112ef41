// The live WebSocket (WS /api/v1/live) as every page uses it: it reconnects after a drop, waiting 1 s and
// doubling up to 15 s, unless the drop was the end of the session, which sends the page to the login page.
import { getJson, toLogin } from "/shell.js";

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 15_000;

/**
 * Opens the socket and keeps it open.
 * @param onEvents called with the events of each message (the user's processed events)
 * @param onState called with "live" or "down" and a sentence to show
 */
export function openLive({ onEvents, onState }) {
  let retryMs = FIRST_RETRY_MS;
  const connect = () => {
    const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/v1/live`);
    socket.addEventListener("open", () => {
      retryMs = FIRST_RETRY_MS;
      onState("live", "Live");
    });
    socket.addEventListener("message", (message) => onEvents(JSON.parse(message.data).events ?? []));
    socket.addEventListener("close", async () => {
      const wait = retryMs;
      retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
      onState("down", `Connection lost; reconnecting in ${Math.round(wait / 1000)} s…`);
      // The server also closes a socket when its session ends: then the login page, not a retry.
      try {
        const session = await getJson("/api/v1/session");
        if (!session.user) {
          toLogin();
          return;
        }
      } catch {
        // The server is unreachable: retry as for any drop.
      }
      setTimeout(connect, wait);
    });
  };
  connect();
}
