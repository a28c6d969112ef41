// The simulation panel: starts and stops a run of the simulator in the api role (POST/GET/DELETE
// /api/v1/simulations), which sends to the real ingest API with a key of the user, and shows its numbers.
import { getJson, reasonOf, send, whileDisabled } from "/shell.js";
import { number } from "/ui.js";

const POLL_MS = 1000;

export class SimulationPanel {
  /** @param onFinished called when a run ends, so the history shows everything it sent */
  constructor(root, onFinished) {
    this.root = root;
    this.onFinished = onFinished;
    this.form = root.querySelector("form");
    this.start = root.querySelector("button[data-role=start]");
    this.stop = root.querySelector("button[data-role=stop]");
    this.error = root.querySelector("[data-role=error]");
    this.state = root.querySelector("[data-role=state]");
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.act(this.start, () => this.begin());
    });
    this.stop.addEventListener("click", () => this.act(this.stop, () => this.end()));
  }

  async load() {
    const { simulations } = await getJson("/api/v1/simulations");
    this.show(simulations[0]);
  }

  /** Sends a click's request once however often it is clicked; then the buttons follow the run again. */
  async act(button, request) {
    await whileDisabled(button, request, (reason) => this.fail(reason));
    this.show(this.run);
  }

  async begin() {
    this.error.hidden = true;
    const f = this.form;
    const sources = [...f.querySelectorAll("input[name=source]:checked")].map((c) => c.value);
    if (sources.length === 0) return this.fail("sources: choose at least one source");
    const response = await send("POST", "/api/v1/simulations", {
      sources,
      rate: f.rate.valueAsNumber,
      duration_seconds: f.duration.valueAsNumber,
      backfill_days: f.backfill.checked ? 90 : 0,
    });
    if (!response.ok) return this.fail(await reasonOf(response));
    this.show(await response.json());
  }

  async end() {
    const response = await send("DELETE", `/api/v1/simulations/${encodeURIComponent(this.run.id)}`);
    if (!response.ok && response.status !== 404) return this.fail(await reasonOf(response));
    await this.load();
  }

  fail(reason) {
    this.error.textContent = reason;
    this.error.hidden = false;
  }

  /** Shows {@code run} (the newest, or none) and its numbers, and polls it while it runs. */
  show(run) {
    const wasRunning = this.run?.state === "running";
    this.run = run;
    const running = run?.state === "running";
    this.root.dataset.state = run?.state ?? "idle";
    this.start.disabled = running;
    this.stop.disabled = !running;
    for (const input of this.form.querySelectorAll("input")) input.disabled = running;
    if (!run) {
      this.state.textContent = "No simulation yet.";
      return;
    }
    this.state.textContent = `${run.state === "running" ? "Running" : run.state === "stopped" ? "Stopped" : "Finished"}`
      + `: ${run.sources.join(", ")} at ${number(run.rate)} events/s for ${number(run.duration_seconds)} s`
      + (run.backfill_days ? `, after ${run.backfill_days} days of backfill` : "") + ".";
    const ms = (v) => [v == null ? "—" : `${number(Math.round(v * 10) / 10)} ms`, v];
    const count = (v) => [number(v), v];
    const stats = {
      sent: count(run.sent), accepted: count(run.accepted), rejected: count(run.rejected), seen: count(run.seen_live),
      throughput: [`${number(Math.round(run.events_per_second))}/s`, run.events_per_second],
      "live-p50": ms(run.live_p50_ms), "live-p99": ms(run.live_p99_ms),
      "request-p50": ms(run.request_p50_ms), "request-p99": ms(run.request_p99_ms),
    };
    for (const [name, [text, value]] of Object.entries(stats)) {
      const dd = this.root.querySelector(`dd[data-stat=${name}]`);
      dd.textContent = text;
      dd.dataset.value = String(value ?? "");
    }
    clearTimeout(this.poll);
    if (running) this.poll = setTimeout(() => this.load().catch((e) => this.fail(e.message)), POLL_MS);
    else if (wasRunning) this.onFinished();
  }
}
