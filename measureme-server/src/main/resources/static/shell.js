// The frame every signed-in page shares: the top bar (user, timezone, navigation, logout) and the JSON
// fetch that sends an ended session back to the login page.
import { csrfHeaders, logoutOn } from "/session.js";
import { element } from "/ui.js";

const SECTIONS = [
  ["Dashboard", "/"],
  ["Insights", "/insights.html"],
  ["API keys", "/keys.html"],
  ["Pipeline", "/pipeline.html"],
];

/** Leaves for the login page, saying why: the session has ended (logout elsewhere, expiry). */
export function toLogin() {
  location.assign("/login?expired");
}

/** GETs JSON; an ended session goes back to the login page, another failure throws with the server's reason. */
export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (response.status === 401) {
    toLogin();
    throw new Error("your session has ended");
  }
  if (!response.ok) throw new Error(await reasonOf(response));
  return response.json();
}

/** The server's "field: reason" of a failed answer, or its status. */
export async function reasonOf(response) {
  try {
    const answer = await response.json();
    return answer.error?.reason ? `${answer.error.field}: ${answer.error.reason}` : `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** Sends JSON with the CSRF header; answers the response as it is. */
export async function send(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: { Accept: "application/json", "Content-Type": "application/json", ...csrfHeaders() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    toLogin();
    throw new Error("your session has ended");
  }
  return response;
}

/**
 * Runs a click's request with {@code button} disabled meanwhile, so that a double click sends it once, and hands
 * a failure (the network, an ended session) to {@code fail}.
 */
export async function whileDisabled(button, request, fail) {
  if (button.disabled) return;
  button.disabled = true;
  try {
    await request();
  } catch (error) {
    fail(error.message);
  } finally {
    button.disabled = false;
  }
}

/**
 * Draws the top bar into {@code <header id="shell">} once the session is known, and answers the session
 * ({@code user}, {@code timezone}); without one, goes to the login page.
 */
export async function startShell() {
  const session = await getJson("/api/v1/session");
  if (!session.user) {
    location.assign("/login");
    throw new Error("not signed in");
  }
  const here = location.pathname === "/index.html" ? "/" : location.pathname;
  const nav = element("nav", { ariaLabel: "Sections" }, element("ul", {},
    ...SECTIONS.map(([label, href]) => {
      const link = element("a", { href, textContent: label });
      if (href === here) link.setAttribute("aria-current", "page");
      return element("li", {}, link);
    })));
  const logout = element("button", { type: "button", id: "logout", textContent: "Log out" });
  logoutOn(logout);
  const who = element("p", { className: "who" },
    element("span", { id: "user", textContent: session.user }),
    element("span", { id: "zone", className: "zone", title: "Your timezone: days and months are counted in it",
      textContent: session.timezone ?? "UTC" }),
    logout);
  const header = document.getElementById("shell");
  header.replaceChildren(
    element("a", { className: "skip", href: "#main", textContent: "Skip to content" }),
    element("a", { className: "brand", href: "/", textContent: "MeasureMe" }),
    nav, who);
  return { user: session.user, timezone: session.timezone ?? "UTC" };
}
