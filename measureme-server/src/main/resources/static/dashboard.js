// The dashboard: the month's chart and daily table (from the same day buckets), the live feed, and the
// simulation panel. Live events refresh the chart and table without a reload, at most every REFRESH_MS.
import { DailyTable } from "/daily-table.js";
import { LiveFeed } from "/live-feed.js";
import { MonthlyChart } from "/monthly-chart.js";
import { getJson, startShell } from "/shell.js";
import { SimulationPanel } from "/simulation-panel.js";
import { monthName, monthOf, shiftMonth } from "/ui.js";

const REFRESH_MS = 1500;
const DAY = 86_400_000;

const status = document.getElementById("status");
const { timezone: zone } = await startShell();
const units = new Map(); // type → unit, from the events seen: buckets carry no unit
const chart = new MonthlyChart(document.querySelector("[data-testid=monthly-chart]"), zone, units);
const table = new DailyTable(document.querySelector("[data-testid=daily-table]"), zone, units, (error) => {
  status.textContent = `Could not open that part of your history: ${error.message}`;
});
let month = monthOf(Date.now(), zone);
let refreshTimer = null;
let goalsLoaded = false;
let loading = Promise.resolve();

async function load() {
  // The month this load is for: a click on ‹ or › meanwhile queues another load, and this one's buckets
  // must not be drawn as that month's.
  const shown = month;
  document.getElementById("month").textContent = monthName(shown);
  // The day buckets of this month and the one before (the chart's overlay); a day in the user's zone lies
  // within a day of the UTC month around it.
  const [y, m] = shiftMonth(shown, -1).split("-").map(Number);
  const from = new Date(Date.UTC(y, m - 1, 1) - DAY).toISOString();
  const [ny, nm] = shiftMonth(shown, 1).split("-").map(Number);
  const to = new Date(Date.UTC(ny, nm - 1, 1) + DAY).toISOString();
  const { buckets } = await getJson(`/api/v1/buckets?granularity=day&from=${from}&to=${to}`);
  if (!goalsLoaded) {
    // Goals change on the Insights page, not here: read once per visit, not on every live refresh. Without
    // them the chart still shows the history; the next refresh tries again.
    try {
      chart.setGoals((await getJson("/api/v1/goals")).goals);
      goalsLoaded = true;
    } catch (error) {
      console.warn("goals not loaded:", error.message);
    }
  }
  if (shown !== month) return;
  chart.show(shown, buckets);
  const days = await table.show(shown, buckets);
  status.textContent = days > 0 ? "" : "No events this month. Start a simulation below, or send some.";
  document.body.dataset.loadedMonth = shown;
}

function reload() {
  loading = loading.then(load).catch((error) => {
    status.textContent = `Could not load your history: ${error.message}`;
  });
  return loading;
}

/** Live updates: refresh once the burst has settled a little, only if the events fall in what is shown. */
function onLiveEvents(events) {
  for (const e of events) if (e.unit) units.set(e.type, e.unit);
  const shown = new Set([month, shiftMonth(month, -1)]);
  if (refreshTimer || !events.some((e) => shown.has(monthOf(e.timestamp, zone)))) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    reload();
  }, REFRESH_MS);
}

document.getElementById("previous").addEventListener("click", () => { month = shiftMonth(month, -1); reload(); });
document.getElementById("next").addEventListener("click", () => { month = shiftMonth(month, 1); reload(); });

try {
  // Units only make the numbers read better ("12 km"): without them the dashboard still works.
  const { events: recent } = await getJson(`/api/v1/events?from=${new Date(Date.now() - 90 * DAY).toISOString()}&limit=500`);
  for (const e of recent) if (e.unit) units.set(e.type, e.unit);
} catch (error) {
  console.warn("units not loaded:", error.message);
}
await reload();
new LiveFeed(document.querySelector("[data-testid=live-feed]"), zone, onLiveEvents).connect();
const panel = new SimulationPanel(document.querySelector("[data-testid=simulation-panel]"), reload);
panel.load().catch((error) => panel.fail(error.message));
