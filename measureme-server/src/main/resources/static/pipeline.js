// The pipeline page: the bus's queues (GET /api/v1/pipeline, polled while the tab is visible) drawn as the
// flow ingest → router → worker → api, and the user's own events arriving on the live feed.
import { openLive } from "/live-socket.js";
import { getJson, startShell } from "/shell.js";

/** How often the queue counts are read while the page is visible. */
const POLL_MS = 2000;
/** The span the live feed's rate and median latency are taken over. */
const WINDOW_MS = 10_000;

const error = document.getElementById("error");
const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const number = new Intl.NumberFormat();

function cell(text) {
  const td = document.createElement("td");
  td.className = "number";
  td.textContent = text;
  return td;
}

function showQueues(pipeline) {
  const ingest = pipeline.queues.find((q) => q.stage === "ingest");
  const work = pipeline.queues.filter((q) => q.stage === "work");
  document.getElementById("summary").textContent =
    `${pipeline.mode} · read ${new Date(pipeline.read_at).toLocaleTimeString()}`;
  byTestId("ingest-waiting").textContent = ingest.capacity === null
    ? number.format(ingest.messages)
    : `${number.format(ingest.messages)} of ${number.format(ingest.capacity)}`;
  byTestId("ingest-queue").textContent = ingest.name;
  const fill = byTestId("ingest-fill");
  fill.hidden = ingest.capacity === null;
  if (ingest.capacity !== null) fill.value = ingest.messages / ingest.capacity;
  byTestId("router-consumers").textContent = number.format(ingest.consumers);
  byTestId("partition-count").textContent = number.format(pipeline.partitions);
  byTestId("work-waiting").textContent = number.format(work.reduce((sum, q) => sum + q.messages, 0));
  byTestId("dead-letters").textContent = number.format(pipeline.dead_letters);
  document.querySelector("[data-testid=partitions] tbody").replaceChildren(...work.map((q) => {
    const row = document.createElement("tr");
    row.title = q.name;
    const partition = document.createElement("th");
    partition.scope = "row";
    partition.textContent = q.partition;
    row.append(partition, cell(number.format(q.messages)), cell(number.format(q.consumers)));
    return row;
  }));
}

let pollTimer;

async function poll() {
  clearTimeout(pollTimer);
  try {
    showQueues(await getJson("/api/v1/pipeline"));
    error.hidden = true;
  } catch (failure) {
    // A 503 names the reason (the broker cannot be asked); the last counts stay, marked as old by the summary.
    error.textContent = `The queues could not be read: ${failure.message}`;
    error.hidden = false;
  }
  if (document.visibilityState === "visible") pollTimer = setTimeout(poll, POLL_MS);
}

// A hidden tab asks nothing; it reads at once when it is shown again.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") poll();
  else clearTimeout(pollTimer);
});

/** Arrivals of the user's events on the live feed: when each arrived here and its ingestion→display latency. */
const arrivals = [];
let feedOpenedAt = 0;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function showFeed() {
  const now = Date.now();
  const firstInWindow = arrivals.findIndex((a) => a.at >= now - WINDOW_MS);
  arrivals.splice(0, firstInWindow < 0 ? arrivals.length : firstInWindow);
  // Until the feed has been open for a whole window, the rate is over the time it has been open.
  const span = Math.min(WINDOW_MS, Math.max(1000, now - feedOpenedAt));
  byTestId("events-per-second").textContent = (arrivals.length / (span / 1000)).toFixed(1);
  byTestId("latency-p50").textContent = arrivals.length
    ? `${Math.round(median(arrivals.map((a) => a.latencyMs)))} ms`
    : "–";
}

function setFeedState(state, text) {
  const status = byTestId("feed-status");
  status.dataset.state = state;
  status.textContent = text;
}

function openFeed() {
  openLive({
    onState: (state, text) => {
      if (state === "live") feedOpenedAt = Date.now();
      setFeedState(state, state === "live" ? "Live: receiving your events" : text);
    },
    onEvents: (events) => {
      const now = Date.now();
      // Measured against this device's clock, so it includes any offset between it and the server's.
      for (const event of events) arrivals.push({ at: now, latencyMs: now - Date.parse(event.received_at) });
    },
  });
}

await startShell();
await poll();
openFeed();
// Redrawn once a second, not per message: the rate also falls back to 0 when events stop.
setInterval(showFeed, 1000);
