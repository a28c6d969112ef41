// What every page shares about the session: the CSRF header that state-changing requests carry (DESIGN.md §9),
// and the logout button.

/** The X-XSRF-TOKEN header, from the XSRF-TOKEN cookie that the server sets. */
export function csrfHeaders() {
  const token = document.cookie.split("; ").find((c) => c.startsWith("XSRF-TOKEN="));
  return token ? { "X-XSRF-TOKEN": decodeURIComponent(token.substring("XSRF-TOKEN=".length)) } : {};
}

/**
 * Makes {@code button} log out and go back to the login page. When the server cannot be reached the session
 * still stands, and the button says so rather than pretend.
 */
export function logoutOn(button) {
  button.addEventListener("click", async () => {
    try {
      await fetch("/logout", { method: "POST", headers: csrfHeaders() });
      location.assign("/login");
    } catch {
      button.textContent = "Log out failed: try again";
    }
  });
}
