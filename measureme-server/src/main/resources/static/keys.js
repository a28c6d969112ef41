// The API keys page: create a key (its secret is shown once), list the keys, revoke one.
import { getJson, reasonOf, send, startShell, whileDisabled } from "/shell.js";
const error = document.getElementById("error");

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : "never";
}

async function list() {
  const { keys } = await getJson("/api/v1/keys");
  const body = document.querySelector("[data-testid=key-list] tbody");
  body.replaceChildren(...keys.map((key) => {
    const tr = document.createElement("tr");
    tr.dataset.keyId = key.id;
    const state = document.createElement("td");
    if (key.revoked_at) {
      state.textContent = `revoked ${when(key.revoked_at)}`;
    } else {
      const revoke = document.createElement("button");
      revoke.type = "button";
      revoke.textContent = "Revoke";
      revoke.setAttribute("aria-label", `Revoke key ${key.prefix}…`);
      revoke.addEventListener("click", () => whileDisabled(revoke, () => revokeKey(key.id), fail));
      state.append(revoke);
    }
    tr.append(cell(`${key.prefix}…`), cell(key.source), cell(key.scopes.join(", ")),
      cell(when(key.created_at)), cell(when(key.last_used_at)), state);
    return tr;
  }));
}

function fail(reason) {
  error.textContent = reason;
  error.hidden = false;
}

async function revokeKey(id) {
  error.hidden = true;
  const response = await send("DELETE", `/api/v1/keys/${encodeURIComponent(id)}`);
  if (!response.ok) fail(await reasonOf(response));
  await list();
}

document.getElementById("create").addEventListener("submit", (event) => {
  event.preventDefault();
  whileDisabled(event.submitter, () => create(event.target), fail);
});

async function create(form) {
  error.hidden = true;
  const scopes = [...form.querySelectorAll("input[name=scope]:checked")].map((c) => c.value);
  const response = await send("POST", "/api/v1/keys", { source: form.source.value.trim(), scopes });
  if (!response.ok) return fail(await reasonOf(response));
  const key = await response.json();
  document.getElementById("secret").textContent = key.secret;
  document.getElementById("curl").textContent =
    `curl -X POST ${location.origin}/api/v1/events \\\n  -H "Authorization: Bearer ${key.secret}" \\\n`
    + `  -H "Content-Type: application/json" \\\n  -d '{"type": "pushups", "value": 20}'`;
  document.getElementById("created").hidden = false;
  await list();
}

document.getElementById("copy").addEventListener("click", async () => {
  const copy = document.getElementById("copy");
  try {
    await navigator.clipboard.writeText(document.getElementById("secret").textContent);
    copy.textContent = "Copied";
  } catch {
    // No clipboard (plain HTTP on another host, or no permission): select the key for a manual copy.
    getSelection().selectAllChildren(document.getElementById("secret"));
    copy.textContent = "Selected: press Ctrl+C";
  }
});

await startShell();
list().catch((failure) => fail(failure.message));
