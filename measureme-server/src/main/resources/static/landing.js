// The landing page: the caller's daily buckets of the last 14 days, straight from GET /api/v1/buckets.
const DAYS = 14;

function formatDuration(seconds) {
  if (seconds === 0) return "";
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

function cell(text, numeric) {
  const td = document.createElement("td");
  td.textContent = text;
  if (numeric) td.className = "number";
  return td;
}

async function load() {
  const status = document.getElementById("status");
  const to = Date.now() + 24 * 3600 * 1000;
  const from = to - (DAYS + 1) * 24 * 3600 * 1000;
  const session = await (await fetch("/api/v1/session")).json();
  if (!session.user) {
    location.assign("/login");
    return;
  }
  document.getElementById("user").textContent = session.user;
  const response = await fetch(`/api/v1/buckets?granularity=day&from=${from}&to=${to}`);
  if (!response.ok) {
    status.textContent = `Could not load buckets (HTTP ${response.status}).`;
    return;
  }
  const answer = await response.json();
  document.getElementById("zone").textContent = answer.timezone;
  const rows = answer.buckets.slice().reverse();
  if (rows.length === 0) {
    status.textContent = "No events yet. Send one with the command below.";
    return;
  }
  const body = document.querySelector("#days tbody");
  body.replaceChildren(...rows.map((b) => {
    const tr = document.createElement("tr");
    tr.append(cell(b.period), cell(b.type), cell(b.count.toLocaleString(), true),
      cell(b.sum.toLocaleString(), true), cell(formatDuration(b.duration), true));
    return tr;
  }));
  status.hidden = true;
  document.getElementById("days").hidden = false;
}

load().catch((error) => {
  document.getElementById("status").textContent = `Could not load buckets: ${error.message}`;
});

document.getElementById("logout").addEventListener("click", async () => {
  const token = document.cookie.split("; ").find((c) => c.startsWith("XSRF-TOKEN="));
  const headers = token ? { "X-XSRF-TOKEN": decodeURIComponent(token.substring("XSRF-TOKEN=".length)) } : {};
  await fetch("/logout", { method: "POST", headers });
  location.assign("/login");
});
