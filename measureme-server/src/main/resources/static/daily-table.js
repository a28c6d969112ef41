// The daily history table: one row per day of the month (the user's zone) with the totals of each metric as
// GET /api/v1/buckets gives them; a day opens into the UTC hour buckets it overlaps, an hour into its events.
import { getJson } from "/shell.js";
import { dateTimeIn, daysOf, duration, element, localParts, number, timeIn, withUnit } from "/ui.js";

const HOUR = 3_600_000;

export class DailyTable {
  /**
   * @param units a Map of type → unit, learned from events (buckets carry none)
   * @param onError told when a day or an hour could not be opened
   */
  constructor(table, zone, units, onError) {
    this.body = table.querySelector("tbody");
    this.zone = zone;
    this.units = units;
    this.onError = onError;
    this.month = null;
  }

  /** Shows {@code month}'s days from its day buckets; the same month again updates the totals in place. */
  async show(month, dayBuckets) {
    const byDay = groupBy(dayBuckets.filter((b) => b.period.startsWith(month)), (b) => b.period);
    if (month !== this.month) {
      this.month = month;
      const today = localParts(Date.now(), this.zone);
      const todayKey = `${today.year}-${today.month}-${today.day}`;
      this.body.replaceChildren(...daysOf(month).map((day) => this.dayRow(day, todayKey)));
    }
    for (const row of this.body.querySelectorAll("tr[data-day]")) {
      const buckets = byDay.get(row.dataset.day) ?? [];
      this.fill(row, buckets);
      row.dayBucket = buckets[0];
      row.querySelector("th button").disabled = buckets.length === 0;
      if (row.querySelector("th button").getAttribute("aria-expanded") === "true") await this.refreshHours(row);
    }
    return byDay.size;
  }

  fill(row, buckets) {
    const td = row.querySelector("td");
    const fresh = buckets.map((b) => this.totals(b));
    // Replacing only what changed keeps the page calm under live updates (and screen readers quiet).
    if (td.textContent !== fresh.map((s) => s.textContent).join("")) td.replaceChildren(...fresh);
  }

  totals(bucket) {
    const span = element("span", { className: "metric" });
    Object.assign(span.dataset, { type: bucket.type, count: bucket.count, sum: bucket.sum, duration: bucket.duration });
    span.textContent = `${bucket.type}: ${number(bucket.count)} × · Σ ${withUnit(bucket.sum, this.units.get(bucket.type))}`
      + (bucket.duration ? ` · ${duration(bucket.duration)}` : "");
    return span;
  }

  dayRow(day, todayKey) {
    const open = element("button", { type: "button", className: "link", textContent: day, disabled: true });
    open.setAttribute("aria-expanded", "false");
    const tr = element("tr", {}, element("th", { scope: "row" }, open), element("td"));
    tr.dataset.day = day;
    if (day === todayKey) tr.classList.add("today");
    open.addEventListener("click", () => this.toggleHours(tr, open).catch(this.onError));
    return tr;
  }

  async toggleHours(dayRow, button) {
    const open = button.getAttribute("aria-expanded") === "true";
    this.removeHours(dayRow.dataset.day);
    button.setAttribute("aria-expanded", String(!open));
    if (!open) await this.refreshHours(dayRow);
  }

  removeHours(day) {
    this.body.querySelectorAll(`tr[data-hour-of="${day}"], tr[data-events-of^="${day}"]`).forEach((r) => r.remove());
  }

  /**
   * (Re)draws the hour rows under an open day; rows already there keep their open event lists. A day closed
   * (or a month left) while its hours are fetched stays closed.
   */
  async refreshHours(dayRow) {
    const day = dayRow.dataset.day;
    const dayBucket = dayRow.dayBucket;
    if (!dayBucket) {
      this.removeHours(day);
      return;
    }
    // Hour buckets are UTC hours: in a zone with a 30- or 45-minute offset the first and last overlap the day
    // only in part, and such a day has 25 of them.
    const first = Math.floor(Date.parse(dayBucket.start) / HOUR) * HOUR;
    const end = Date.parse(dayBucket.end);
    const answer = await getJson(
      `/api/v1/buckets?granularity=hour&from=${new Date(first).toISOString()}&to=${dayBucket.end}`);
    if (!dayRow.isConnected || dayRow.querySelector("th button").getAttribute("aria-expanded") !== "true") return;
    const byStart = groupBy(answer.buckets, (b) => Date.parse(b.start));
    let previous = dayRow;
    for (let t = first; t < end; t += HOUR) {
      const start = new Date(t).toISOString().replace(".000Z", "Z");
      let row = this.body.querySelector(`tr[data-hour-of="${day}"][data-start="${start}"]`);
      if (!row) {
        row = this.hourRow(day, start, t);
        previous.after(row);
      }
      const buckets = byStart.get(t) ?? [];
      this.fill(row, buckets);
      row.querySelector("th button").disabled = buckets.length === 0;
      previous = row.nextElementSibling?.dataset.eventsOf ? row.nextElementSibling : row;
    }
  }

  hourRow(day, start, t) {
    const local = localParts(t, this.zone);
    const events = element("button", { type: "button", className: "link", textContent: `${local.hour}:${local.minute}` });
    const tr = element("tr", { className: "hour" }, element("th", { scope: "row" }, events), element("td"));
    tr.dataset.hourOf = day;
    tr.dataset.start = start;
    events.addEventListener("click", () => {
      // One fetch at a time per hour: a double click must not list the hour's events twice.
      if (tr.loading) return;
      tr.loading = true;
      this.toggleEvents(tr, start, new Date(t + HOUR).toISOString())
        .catch(this.onError)
        .finally(() => { tr.loading = false; });
    });
    return tr;
  }

  async toggleEvents(hourRow, from, to) {
    const key = `${hourRow.dataset.hourOf} ${from}`;
    const shown = this.body.querySelector(`tr[data-events-of="${key}"]`);
    if (shown) {
      shown.remove();
      return;
    }
    const answer = await getJson(`/api/v1/events?from=${from}&to=${to}&limit=1000`);
    const list = element("ul", { className: "events" }, ...answer.events.map((e) => {
      const late = Date.parse(e.received_at) - Date.parse(e.timestamp) > HOUR;
      const li = element("li", {
        textContent: `${e.id} · ${timeIn(e.timestamp, this.zone)} · ${e.source ?? "no source"} · `
          + `${e.type} ${withUnit(e.value, e.unit)}${e.duration ? ` · ${duration(e.duration)}` : ""}`
          + ` · received ${dateTimeIn(e.received_at, this.zone)}`
          + (late ? " · late" : ""),
      });
      li.dataset.eventId = e.id;
      if (late) li.classList.add("late");
      return li;
    }));
    // A busy hour holds more than one page of events: say that the list is the newest part of it.
    const more = answer.next_cursor
      ? element("p", { className: "muted", textContent: `The newest ${number(answer.events.length)} of the hour's events.` })
      : "";
    const tr = element("tr", {}, element("td", { colSpan: 2 }, list, more));
    tr.dataset.eventsOf = key;
    if (hourRow.isConnected) hourRow.after(tr);
  }
}

/** A Map of key → the items with that key, in order. */
export function groupBy(items, keyOf) {
  const groups = new Map();
  for (const item of items) {
    const key = keyOf(item);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(item);
  }
  return groups;
}
