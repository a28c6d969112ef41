// The dashboard's daily history: one row per day of the month with the totals of each metric (as
// GET /api/v1/buckets gives them), a day opens into its hours (UTC hour buckets), an hour into its events.
import { logoutOn } from "/session.js";
const status = document.getElementById("status");
const body = document.querySelector("[data-testid=daily-table] tbody");
let zone = "UTC";
let month = null; // "YYYY-MM" in the user's zone

function number(value) {
  return Number.isInteger(value) ? value.toLocaleString() : value.toLocaleString(undefined, { maximumFractionDigits: 2 });
}

function duration(seconds) {
  if (!seconds) return "";
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

function totals(bucket) {
  const span = document.createElement("span");
  span.className = "metric";
  Object.assign(span.dataset, {
    type: bucket.type, count: bucket.count, sum: bucket.sum, duration: bucket.duration,
  });
  span.textContent = `${bucket.type}: ${number(bucket.count)} × · Σ ${number(bucket.sum)}`
    + (bucket.duration ? ` · ${duration(bucket.duration)}` : "");
  return span;
}

function localParts(instant) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(instant));
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

async function getJson(url) {
  const response = await fetch(url);
  if (response.status === 401) {
    location.assign("/login");
    throw new Error("logged out");
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

function daysOf(yearMonth) {
  const [y, m] = yearMonth.split("-").map(Number);
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${yearMonth}-${String(i + 1).padStart(2, "0")}`);
}

function shift(yearMonth, by) {
  const [y, m] = yearMonth.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

async function loadMonth() {
  document.getElementById("month").textContent = month;
  status.textContent = "Loading…";
  status.hidden = false;
  // A day in the user's zone lies within a day of the UTC month around it.
  const [y, m] = month.split("-").map(Number);
  const from = new Date(Date.UTC(y, m - 1, 1) - 86_400_000).toISOString();
  const to = new Date(Date.UTC(y, m, 1) + 86_400_000).toISOString();
  const answer = await getJson(`/api/v1/buckets?granularity=day&from=${from}&to=${to}`);
  const byDay = new Map();
  for (const bucket of answer.buckets.filter((b) => b.period.startsWith(month))) {
    if (!byDay.has(bucket.period)) byDay.set(bucket.period, []);
    byDay.get(bucket.period).push(bucket);
  }
  body.replaceChildren(...daysOf(month).map((day) => dayRow(day, byDay.get(day) ?? [])));
  status.hidden = byDay.size > 0;
  status.textContent = byDay.size > 0 ? "" : "No events this month.";
}

function dayRow(day, buckets) {
  const tr = document.createElement("tr");
  tr.dataset.day = day;
  const th = document.createElement("th");
  th.scope = "row";
  if (buckets.length > 0) {
    const open = document.createElement("button");
    open.type = "button";
    open.className = "link";
    open.textContent = day;
    open.setAttribute("aria-expanded", "false");
    open.addEventListener("click", () => toggleHours(tr, open, buckets[0]));
    th.append(open);
  } else {
    th.textContent = day;
  }
  const td = document.createElement("td");
  td.append(...buckets.map(totals));
  tr.append(th, td);
  return tr;
}

async function toggleHours(dayRowElement, button, dayBucket) {
  const open = button.getAttribute("aria-expanded") === "true";
  document.querySelectorAll(`tr[data-hour-of="${dayRowElement.dataset.day}"], tr[data-events-of^="${dayRowElement.dataset.day}"]`)
    .forEach((row) => row.remove());
  button.setAttribute("aria-expanded", String(!open));
  if (open) return;
  // Hour buckets are UTC hours: in a zone with a 30- or 45-minute offset the first and last overlap the day
  // only in part, and a day has 25 of them.
  const first = Math.floor(Date.parse(dayBucket.start) / 3_600_000) * 3_600_000;
  const from = new Date(first).toISOString();
  const answer = await getJson(`/api/v1/buckets?granularity=hour&from=${from}&to=${dayBucket.end}`);
  const byStart = new Map();
  for (const bucket of answer.buckets) {
    if (!byStart.has(bucket.start)) byStart.set(bucket.start, []);
    byStart.get(bucket.start).push(bucket);
  }
  const rows = [];
  for (let t = first; t < Date.parse(dayBucket.end); t += 3_600_000) {
    const start = new Date(t).toISOString().replace(".000Z", "Z");
    const buckets = byStart.get(start) ?? [];
    const tr = document.createElement("tr");
    tr.className = "hour";
    tr.dataset.hourOf = dayRowElement.dataset.day;
    tr.dataset.start = start;
    const th = document.createElement("th");
    th.scope = "row";
    const local = localParts(t);
    const label = `${local.hour}:${local.minute}`;
    if (buckets.length > 0) {
      const events = document.createElement("button");
      events.type = "button";
      events.className = "link";
      events.textContent = label;
      events.addEventListener("click", () => showEvents(tr, start, new Date(t + 3_600_000).toISOString()));
      th.append(events);
    } else {
      th.textContent = label;
    }
    const td = document.createElement("td");
    td.append(...buckets.map(totals));
    tr.append(th, td);
    rows.push(tr);
  }
  dayRowElement.after(...rows);
}

async function showEvents(hourRow, from, to) {
  const key = `${hourRow.dataset.hourOf} ${from}`;
  const shown = document.querySelector(`tr[data-events-of="${key}"]`);
  if (shown) {
    shown.remove();
    return;
  }
  const answer = await getJson(`/api/v1/events?from=${from}&to=${to}&limit=1000`);
  const tr = document.createElement("tr");
  tr.dataset.eventsOf = key;
  const td = document.createElement("td");
  td.colSpan = 2;
  const list = document.createElement("ul");
  list.className = "events";
  list.replaceChildren(...answer.events.map((e) => {
    const li = document.createElement("li");
    li.dataset.eventId = e.id;
    const late = Date.parse(e.received_at) - Date.parse(e.timestamp) > 3_600_000;
    li.textContent = `${e.id} · ${new Date(e.timestamp).toLocaleTimeString(undefined, { timeZone: zone })}`
      + ` · ${e.source ?? ""} · ${e.type} ${number(e.value)}`
      + ` · received ${new Date(e.received_at).toLocaleString(undefined, { timeZone: zone })}`
      + (late ? " · late" : "");
    if (late) li.classList.add("late");
    return li;
  }));
  td.append(list);
  tr.append(td);
  hourRow.after(tr);
}

async function start() {
  const session = await getJson("/api/v1/session");
  if (!session.user) {
    location.assign("/login");
    return;
  }
  document.getElementById("user").textContent = session.user;
  zone = session.timezone ?? "UTC";
  document.getElementById("zone").textContent = zone;
  const today = localParts(Date.now());
  month = `${today.year}-${today.month}`;
  document.getElementById("previous").addEventListener("click", () => { month = shift(month, -1); loadMonth(); });
  document.getElementById("next").addEventListener("click", () => { month = shift(month, 1); loadMonth(); });
  await loadMonth();
}

logoutOn(document.getElementById("logout"));

start().catch((error) => {
  status.textContent = `Could not load your history: ${error.message}`;
});
