// The login page: log in with a password, continue as the guest, or sign up, as the server allows.
import { csrfHeaders } from "/session.js";
import { reasonOf } from "/shell.js";
const form = document.getElementById("login");
const error = document.getElementById("error");
let signingUp = false;

function showError(message) {
  error.textContent = message;
  error.hidden = false;
}

async function post(url, body, type) {
  return fetch(url, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": type, ...csrfHeaders() },
    body,
  });
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const username = form.username.value.trim();
  const password = form.password.value;
  let response;
  if (signingUp) {
    response = await post("/api/v1/users",
      JSON.stringify({ username, password, timezone: form.timezone.value.trim() || "UTC" }), "application/json");
  } else {
    response = await post("/login", new URLSearchParams({ username, password }).toString(),
      "application/x-www-form-urlencoded");
  }
  if (response.ok) {
    location.assign("/");
  } else if (response.status === 401) {
    showError("Wrong user name or password.");
  } else if (response.status === 429) {
    showError(`Too many attempts. Try again in ${response.headers.get("Retry-After") ?? "a few"} seconds.`);
  } else {
    showError(await reasonOf(response));
  }
});

document.getElementById("guest").addEventListener("click", async () => {
  const response = await post("/api/v1/session/guest", "", "application/json");
  if (response.ok) location.assign("/");
  else showError(await reasonOf(response));
});

document.getElementById("signup").addEventListener("click", (event) => {
  event.preventDefault();
  signingUp = true;
  document.getElementById("form-title").textContent = "Create an account";
  document.getElementById("submit").textContent = "Sign up";
  form.password.autocomplete = "new-password";
  form.timezone.value = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll(".signup-only").forEach((e) => { e.hidden = false; });
});

const session = await (await fetch("/api/v1/session", { headers: { Accept: "application/json" } })).json();
if (session.user) location.assign("/");
if (new URLSearchParams(location.search).has("expired")) {
  const notice = document.getElementById("notice");
  notice.textContent = "Your session has ended. Log in again.";
  notice.hidden = false;
}
document.getElementById("guest").hidden = !session.guest_login;
document.getElementById("signup").hidden = !session.signup;
