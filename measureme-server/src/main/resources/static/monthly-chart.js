// The monthly history chart: daily totals of one metric over the month (the user's days), last month as a
// faint overlay, the daily goal of the metric as a line where there is one, a tooltip on hover. Drawn by
// uPlot, served from its WebJar.
import uPlot from "/webjars/uplot/dist/uPlot.esm.js";
import { daysOf, duration, element, localParts, monthName, number, shiftMonth, withUnit } from "/ui.js";

const GOAL_COLOUR = "#c2571a"; // landing.css .swatch.goal-line: an orange that reads on light and dark

const MEASURES = {
  sum: { label: (unit) => `sum${unit ? ` (${unit})` : ""}`, of: (b) => b.sum },
  count: { label: () => "count", of: (b) => b.count },
  duration: { label: () => "duration (min)", of: (b) => b.duration / 60 },
};

export class MonthlyChart {
  /** @param units a Map of type → unit, learned from events (buckets carry none) */
  constructor(root, zone, units) {
    this.root = root;
    this.zone = zone;
    this.units = units;
    this.plotArea = root.querySelector(".chart");
    this.picker = root.querySelector("select[name=metric]");
    this.summary = root.querySelector("[data-role=summary]");
    this.goalLegend = root.querySelector("[data-role=goal-legend]");
    this.goals = [];
    this.tooltip = element("div", { className: "tooltip", hidden: true });
    this.tooltip.setAttribute("role", "presentation");
    this.picker.addEventListener("change", () => this.draw());
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(this.plotArea);
  }

  /** Draws {@code month} from the day buckets of it and of the month before. */
  show(month, dayBuckets) {
    this.month = month;
    this.buckets = dayBuckets;
    this.fillPicker();
    this.draw();
  }

  /** The user's goals (GET /api/v1/goals); a daily goal of the metric shown is drawn as a line. */
  setGoals(goals) {
    this.goals = goals;
    if (this.month) this.draw();
  }

  /** The metrics the user has: each type's sum and count, and its duration where it has one. */
  fillPicker() {
    const options = new Map();
    for (const b of this.buckets) {
      options.set(`${b.type}|sum`, `${b.type} · ${MEASURES.sum.label(this.units.get(b.type))}`);
      options.set(`${b.type}|count`, `${b.type} · count`);
      if (b.duration > 0) options.set(`${b.type}|duration`, `${b.type} · duration`);
    }
    const chosen = this.picker.value;
    const known = new Set([...this.picker.options].map((o) => o.value));
    if (known.size === options.size && [...options.keys()].every((k) => known.has(k))) return;
    // By type, and within a type its sum first: the sum is what most metrics are about (steps, km, glasses).
    const order = { sum: 0, count: 1, duration: 2 };
    const sorted = [...options].sort(([a], [b]) => {
      const [typeA, measureA] = a.split("|");
      const [typeB, measureB] = b.split("|");
      return typeA.localeCompare(typeB) || order[measureA] - order[measureB];
    });
    this.picker.replaceChildren(...sorted.map(([value, label]) => element("option", { value, textContent: label })));
    this.picker.disabled = options.size === 0;
    if (options.has(chosen)) this.picker.value = chosen;
  }

  series(month, type, measure) {
    const values = new Map(this.buckets.filter((b) => b.type === type && b.period.startsWith(month))
      .map((b) => [Number(b.period.slice(8, 10)), MEASURES[measure].of(b)]));
    const today = localParts(Date.now(), this.zone);
    const todayKey = `${today.year}-${today.month}-${today.day}`;
    // Days to come have no value yet (a gap), days past without events are a real zero.
    return daysOf(month).map((day, i) => (day > todayKey ? null : values.get(i + 1) ?? 0));
  }

  draw() {
    const [type, measure] = (this.picker.value || "|sum").split("|");
    const days = daysOf(this.month).map((_, i) => i + 1);
    const current = type ? this.series(this.month, type, measure) : days.map(() => null);
    const previousMonth = shiftMonth(this.month, -1);
    const previous = type ? this.series(previousMonth, type, measure) : [];
    const overlay = days.map((_, i) => previous[i] ?? null);
    // Goals of a week or a month have no daily line; duration goals are in seconds, the chart in minutes.
    const goal = this.goals.find((g) => g.type === type && g.measure === measure && g.period === "day");
    const goalValue = goal ? (measure === "duration" ? goal.target / 60 : goal.target) : null;
    const data = [days, current, overlay, days.map(() => goalValue)];
    this.root.dataset.goal = goalValue == null ? "" : String(goalValue);
    this.goalLegend.hidden = goalValue == null;
    const total = current.reduce((sum, v) => sum + (v ?? 0), 0);
    const lastTotal = previous.reduce((sum, v) => sum + (v ?? 0), 0);
    this.root.dataset.points = String(current.filter((v) => v).length);
    this.root.dataset.total = String(total);
    this.summary.textContent = type
      ? `${monthName(this.month)}: ${this.format(total, type, measure)} in all; `
        + `${monthName(previousMonth)}: ${this.format(lastTotal, type, measure)}.`
      : "No events this month or the month before.";
    // The canvas says nothing to a screen reader: the chart is an image described by its summary.
    this.plotArea.setAttribute("role", "img");
    this.plotArea.setAttribute("aria-label", `Daily ${this.picker.selectedOptions[0]?.textContent ?? "totals"}. `
      + this.summary.textContent);
    if (!this.plot) {
      this.plot = new uPlot(this.options(), data, this.plotArea);
      this.plot.over.append(this.tooltip);
    } else {
      this.plot.setData(data);
    }
    this.plot.series[1].label = monthName(this.month);
    this.plot.series[2].label = monthName(previousMonth);
  }

  format(value, type, measure) {
    if (measure === "count") return `${number(value)} ×`;
    if (measure === "duration") return duration(value * 60) || "0 min";
    return withUnit(value, this.units.get(type));
  }

  size() {
    const width = Math.max(240, this.plotArea.clientWidth);
    return { width, height: Math.round(Math.min(320, Math.max(220, width * 0.45))) };
  }

  options() {
    const style = getComputedStyle(this.root);
    const ink = style.color;
    const accent = style.getPropertyValue("--accent").trim() || "#1f5fc4";
    const grid = { stroke: withAlpha(ink, 0.15), width: 1 };
    const axis = { stroke: ink, grid, ticks: grid };
    return {
      ...this.size(),
      scales: { x: { time: false } },
      legend: { show: false },
      cursor: { y: false, points: { size: 8 } },
      axes: [
        { ...axis, values: (_, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : "")) },
        { ...axis, size: 60, values: (_, ticks) => ticks.map((t) => number(t)) },
      ],
      series: [
        { label: "day" },
        { stroke: accent, width: 2, fill: withAlpha(accent, 0.14), points: { size: 5 } },
        { stroke: withAlpha(ink, 0.35), width: 1.5, dash: [6, 4], points: { show: false } },
        { stroke: GOAL_COLOUR, width: 1.5, dash: [2, 3], points: { show: false } },
      ],
      hooks: { setCursor: [(u) => this.showTooltip(u)] },
    };
  }

  showTooltip(u) {
    const i = u.cursor.idx;
    if (i == null || u.cursor.left < 0) {
      this.tooltip.hidden = true;
      return;
    }
    const [type, measure] = (this.picker.value || "|sum").split("|");
    const [, current, previous, goal] = u.data;
    const day = `${this.month}-${String(i + 1).padStart(2, "0")}`;
    this.tooltip.textContent = `${day}: ${current[i] == null ? "—" : this.format(current[i], type, measure)}`
      + (previous[i] == null ? "" : ` · last month ${this.format(previous[i], type, measure)}`)
      + (goal[i] == null ? "" : ` · goal ${this.format(goal[i], type, measure)}`);
    this.tooltip.hidden = false;
    const x = Math.min(u.cursor.left + 12, u.over.clientWidth - this.tooltip.offsetWidth);
    this.tooltip.style.left = `${Math.max(0, x)}px`;
    this.tooltip.style.top = `${Math.max(0, u.valToPos(current[i] ?? 0, "y") - 36)}px`;
  }
}

/** A canvas colour from a CSS "#rrggbb" or "rgb(r, g, b)" with an alpha (canvas takes no color-mix()). */
function withAlpha(color, alpha) {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  const rgb = hex ? hex.slice(1).map((h) => parseInt(h, 16)) : (color.match(/\d+(\.\d+)?/g) ?? [0, 0, 0]).slice(0, 3);
  return `rgba(${rgb.join(", ")}, ${alpha})`;
}
