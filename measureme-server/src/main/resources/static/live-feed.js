// The live events feed: the user's processed events over WS /api/v1/live, newest first. Events arriving
// between two frames are rendered together (at most every RENDER_MS) and at most MAX_SHOWN are kept. The list
// is virtual: only the rows in view (and a few around) are in the document, so a frame costs the same with
// 500 events as with 20, and the page stays smooth at thousands of events a second.
import { openLive } from "/live-socket.js";
import { dateTimeIn, duration, element, number, timeIn, withUnit } from "/ui.js";

const MAX_SHOWN = 500;
const RENDER_MS = 100;
const RATE_WINDOW_S = 5;
const ROW_PX = 28; // the height of a row, as landing.css sets it
const OVERSCAN = 6; // rows drawn beyond each edge of the view, so a scroll shows no blank

export class LiveFeed {
  /** @param onEvents called with each message's events (the dashboard's live updates) */
  constructor(root, zone, onEvents) {
    this.root = root;
    this.zone = zone;
    this.onEvents = onEvents;
    this.list = root.querySelector("ol.feed");
    this.status = root.querySelector("[data-role=status]");
    this.rate = root.querySelector("[data-role=rate]");
    this.latency = root.querySelector("[data-role=latency]");
    this.pause = root.querySelector("button[data-role=pause]");
    this.typeFilter = root.querySelector("select[name=type]");
    this.sourceFilter = root.querySelector("select[name=source]");
    this.dialog = root.querySelector("dialog");
    this.events = []; // newest first, at most MAX_SHOWN, whether shown by the filters or not
    this.shown = []; // the part of events the filters let through, as last drawn
    this.pending = []; // arrived, not yet rendered, oldest first
    this.heldBack = []; // rendered while paused, newest first: joins events on resume
    this.arrivals = new Map(); // epoch second → events that arrived in it
    this.latencies = [];
    this.paused = false;
    this.missed = 0;
    this.pause.addEventListener("click", () => this.togglePause());
    this.typeFilter.addEventListener("change", () => this.renderAll());
    this.sourceFilter.addEventListener("change", () => this.renderAll());
    this.list.addEventListener("click", (e) => this.showDetail(e.target.closest("li")?.event));
    this.list.addEventListener("scroll", () => {
      if (!this.drawScheduled) {
        this.drawScheduled = true;
        requestAnimationFrame(() => this.draw());
      }
    }, { passive: true });
    // While a pointer is over the list or a row (or its detail) has the focus the rows hold still, so that a
    // click or a keypress reaches the row that was aimed at; what arrives meanwhile shows when they leave.
    this.holding = { pointer: false, focus: false };
    const hold = (what, on) => {
      this.holding[what] = on;
      if (!on && !this.paused) this.renderAll();
    };
    this.list.addEventListener("pointerenter", () => hold("pointer", true));
    this.list.addEventListener("pointerleave", () => hold("pointer", false));
    // Only keyboard focus holds: a row clicked keeps the focus after its dialog closes, and the pointer leaving
    // must still let the list move on. (No redraw here: the click that focused the row has yet to land on it.)
    this.list.addEventListener("focusin", (e) => {
      if (e.target.matches(":focus-visible")) hold("focus", true);
      else this.holding.focus = false;
    });
    this.list.addEventListener("focusout", (e) => {
      // A row replaced by draw() (a scroll) loses the focus for a moment; draw() gives it back.
      if (!this.drawing) hold("focus", this.list.contains(e.relatedTarget) || this.dialog.contains(e.relatedTarget));
    });
    // The dialog gives the focus back to the row it was opened from, which held still meanwhile.
    this.dialog.addEventListener("close", () => {
      if (!this.list.contains(document.activeElement)) hold("focus", false);
    });
    this.viewHeight = 0;
    new ResizeObserver(([entry]) => {
      this.viewHeight = entry.contentRect.height;
      this.draw();
    }).observe(this.list);
    this.dialog.querySelector("button").addEventListener("click", () => this.dialog.close());
    setInterval(() => this.tick(), 1000);
  }

  connect() {
    openLive({ onEvents: (events) => this.receive(events), onState: (state, text) => this.setStatus(state, text) });
  }

  setStatus(state, text) {
    this.status.dataset.state = state;
    this.status.textContent = text;
    this.root.dataset.connection = state;
  }

  receive(events) {
    const second = Math.floor(Date.now() / 1000);
    this.arrivals.set(second, (this.arrivals.get(second) ?? 0) + events.length);
    this.received = (this.received ?? 0) + events.length;
    this.root.dataset.received = String(this.received);
    this.pending.push(...events);
    if (this.pending.length > MAX_SHOWN) this.pending.splice(0, this.pending.length - MAX_SHOWN);
    this.onEvents(events);
    if (!this.renderScheduled) {
      this.renderScheduled = true;
      setTimeout(() => requestAnimationFrame(() => this.render()), RENDER_MS);
    }
  }

  /** Every second: the events/s over the last few whole seconds, and the latency of what was shown. */
  tick() {
    const second = Math.floor(Date.now() / 1000);
    let total = 0;
    for (const [s, count] of this.arrivals) {
      if (s < second - RATE_WINDOW_S) this.arrivals.delete(s);
      else if (s < second) total += count;
    }
    this.rate.textContent = number(Math.round(total / RATE_WINDOW_S));
    this.root.dataset.rate = String(total / RATE_WINDOW_S);
    if (this.latencies.length > 0) {
      const sorted = [...this.latencies].sort((a, b) => a - b);
      const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      this.latency.textContent = `p50 ${number(at(0.5))} ms · p99 ${number(at(0.99))} ms`;
    }
  }

  render() {
    this.renderScheduled = false;
    const now = Date.now();
    const arrived = this.pending.reverse();
    this.pending = [];
    for (const event of arrived) {
      // Ingestion is the moment ingest accepted the event (received_at); display is now, this frame.
      event.latencyMs = Math.max(0, now - Date.parse(event.received_at));
      this.latencies.push(event.latencyMs);
    }
    if (this.latencies.length > 1000) this.latencies.splice(0, this.latencies.length - 1000);
    this.addOptions(this.typeFilter, arrived.map((e) => e.type));
    this.addOptions(this.sourceFilter, arrived.map((e) => e.source ?? ""));
    if (this.paused) {
      // Held apart, so that nothing (a filter, the pointer leaving) brings them into the paused list.
      this.heldBack = arrived.concat(this.heldBack).slice(0, MAX_SHOWN);
      this.missed += arrived.length;
      this.pause.textContent = `Resume (${number(this.missed)} new)`;
      return;
    }
    this.events = arrived.concat(this.events).slice(0, MAX_SHOWN);
    if (!this.holding.pointer && !this.holding.focus) this.renderAll();
  }

  renderAll() {
    this.shown = this.events.filter((e) => this.matches(e));
    this.draw();
  }

  /** Puts the rows in view into the list; the list's height stands for all of them (landing.css). */
  draw() {
    this.drawScheduled = false;
    const top = this.list.scrollTop;
    const first = Math.max(0, Math.floor(top / ROW_PX) - OVERSCAN);
    const last = Math.min(this.shown.length, Math.ceil((top + this.viewHeight) / ROW_PX) + OVERSCAN);
    const rows = [];
    for (let i = first; i < last; i++) rows.push(this.item(this.shown[i], i));
    const focused = this.list.contains(document.activeElement) ? document.activeElement.closest("li")?.event : null;
    this.list.style.setProperty("--rows", String(this.shown.length));
    this.drawing = true;
    this.list.replaceChildren(...rows);
    this.drawing = false;
    // Keyboard users keep their place: the row that had the focus has it again if it is still drawn.
    if (focused) rows.find((li) => li.event === focused)?.querySelector("button").focus({ preventScroll: true });
    if (!this.list.contains(document.activeElement) && !this.dialog.open) this.holding.focus = false;
    this.root.dataset.shown = String(this.shown.length);
  }

  matches(event) {
    return (!this.typeFilter.value || event.type === this.typeFilter.value)
      && (!this.sourceFilter.value || (event.source ?? "") === this.sourceFilter.value);
  }

  addOptions(select, values) {
    const known = new Set([...select.options].map((o) => o.value));
    for (const value of new Set(values)) {
      if (!known.has(value)) select.append(element("option", { value, textContent: value || "(no source)" }));
    }
  }

  item(event, index) {
    const button = element("button", { type: "button" },
      element("time", { dateTime: event.timestamp, textContent: timeIn(event.timestamp, this.zone) }),
      element("span", { className: "what",
        textContent: `${event.type} ${withUnit(event.value, event.unit)}${event.duration ? ` · ${duration(event.duration)}` : ""}`
          + (event.source ? ` · ${event.source}` : "") }),
      element("span", { className: "muted", textContent: `${number(event.latencyMs)} ms`,
        title: "From ingestion to display" }));
    const li = element("li", {}, button);
    li.style.top = `${index * ROW_PX}px`;
    li.setAttribute("aria-posinset", String(index + 1));
    li.setAttribute("aria-setsize", String(this.shown.length));
    li.event = event;
    li.dataset.eventId = event.id;
    return li;
  }

  togglePause() {
    this.paused = !this.paused;
    this.pause.setAttribute("aria-pressed", String(this.paused));
    this.root.dataset.paused = String(this.paused);
    this.pause.textContent = this.paused ? "Resume" : "Pause";
    if (!this.paused) {
      this.events = this.heldBack.concat(this.events).slice(0, MAX_SHOWN);
      this.heldBack = [];
      this.missed = 0;
      this.renderAll();
    }
  }

  showDetail(event) {
    if (!event) return;
    const rows = [
      ["Id", event.id], ["Type", event.type], ["Value", withUnit(event.value, event.unit)],
      ["Duration", duration(event.duration) || "—"], ["Category", event.category ?? "—"],
      ["Source", event.source ?? "—"],
      ["Happened", dateTimeIn(event.timestamp, this.zone)],
      ["Ingested", dateTimeIn(event.received_at, this.zone)],
      ["Ingestion → display", `${number(event.latencyMs)} ms`],
    ];
    const list = this.dialog.querySelector("dl");
    list.replaceChildren(...rows.flatMap(([term, value]) => [element("dt", { textContent: term }), element("dd", { textContent: value })]));
    this.dialog.querySelector("pre").textContent = JSON.stringify(event.attributes ?? {}, null, 2);
    this.dialog.showModal();
  }
}
