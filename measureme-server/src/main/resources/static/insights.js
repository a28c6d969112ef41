// The Insights page: the goals (goals-panel.js), then one card per metric with its streaks, records, trends and
// time-of-day strip, all from GET /api/v1/insights (the rules are in docs/events.md, "Insights").
import { GoalsPanel } from "/goals-panel.js";
import { getJson, startShell } from "/shell.js";
import { element } from "/ui.js";

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** A local date of the API ("2026-06-15") as the reader's locale writes it; UTC so it never shifts a day. */
function date(day, options = { month: "short", day: "numeric" }) {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { timeZone: "UTC", ...options });
}

function span(first, last) {
  return first === last ? date(first) : `${date(first)} – ${date(last)}`;
}

function hours(seconds) {
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

function hourLabel(hour) {
  return `${String(hour).padStart(2, "0")}:00`;
}

/** A term and its description, for the card's description lists. */
function entry(term, ...description) {
  return element("div", {}, element("dt", { textContent: term }), element("dd", {}, ...description));
}

function streaks({ current, longest }) {
  const days = (streak) => (streak.days === 1 ? "1 day" : `${streak.days} days`);
  return element("dl", { className: "figures" },
    entry("Current streak", current.days > 0
      ? element("span", {}, element("strong", { textContent: days(current) }), ` ${span(current.start, current.end)}`)
      : element("span", { className: "muted", textContent: "none yet" })),
    entry("Longest streak", longest.days > 0
      ? element("span", {}, element("strong", { textContent: days(longest) }), ` ${span(longest.start, longest.end)}`)
      : element("span", { className: "muted", textContent: "none" })));
}

function records({ best_day, best_day_by_duration, best_week, best_month }) {
  const record = (label, value, when) =>
    entry(label, element("strong", { textContent: value }), ` ${when}`);
  const list = element("dl", { className: "figures" });
  if (best_day) list.append(record("Best day", number.format(best_day.sum), date(best_day.date)));
  if (best_day_by_duration) {
    list.append(record("Most time in a day", hours(best_day_by_duration.duration), date(best_day_by_duration.date)));
  }
  if (best_week) list.append(record("Best week", number.format(best_week.sum), span(best_week.start, best_week.end)));
  if (best_month) {
    list.append(record("Best month", number.format(best_month.sum),
      date(best_month.start, { month: "long", year: "numeric" })));
  }
  return list;
}

/** A trend with an arrow; the arrow is decoration, its meaning is in the text. */
function trend(days, { recent, earlier, change_percent }) {
  const direction = change_percent === null ? "new" : change_percent > 0 ? "up" : change_percent < 0 ? "down" : "flat";
  const arrow = { up: "▲", down: "▼", flat: "▶", new: "•" }[direction];
  const change = change_percent === null
    ? `nothing in the ${days} days before`
    : `${change_percent > 0 ? "+" : ""}${number.format(change_percent)} % on ${number.format(earlier)} the ${days} days before`;
  return entry(`Last ${days} days`,
    element("span", { className: `trend ${direction}`, ariaHidden: "true", textContent: arrow }),
    " ", element("strong", { textContent: number.format(recent) }), ` (${change})`);
}

/** 24 bars, local hours 0 to 23, each as tall as its share against the peak hour's. */
function timeOfDay({ shares, peak_hour }) {
  const figure = element("figure", { className: "hours" });
  const caption = peak_hour === null
    ? "Time of day: no positive total to share out"
    : `Time of day: most at ${hourLabel(peak_hour)} (${number.format(shares[peak_hour] * 100)} % of the total)`;
  const highest = Math.max(...shares);
  const bars = element("ol", { className: "bars" }, ...shares.map((share, hour) => {
    const bar = element("span", { className: "bar" });
    bar.style.height = highest > 0 ? `${(share / highest) * 100}%` : "0";
    const item = element("li", { title: `${hourLabel(hour)}: ${number.format(share * 100)} %` }, bar,
      element("span", { className: "visually-hidden", textContent: `${hourLabel(hour)}: ${number.format(share * 100)} %` }));
    if (hour === peak_hour) item.classList.add("peak");
    return item;
  }));
  const axis = element("div", { className: "axis", ariaHidden: "true" },
    ...[0, 6, 12, 18, 24].map((hour) => element("span", { textContent: String(hour) })));
  figure.append(element("figcaption", { textContent: caption }), bars, axis);
  return figure;
}

function card(insight) {
  const title = `insight-${insight.type.replace(/[^a-z0-9_-]/g, "-")}`;
  const section = element("section", { className: "card insight" });
  section.dataset.type = insight.type;
  // The figures in machine form too, so that a test can hold the card against the API without parsing prose.
  section.dataset.currentStreak = insight.streaks.current.days;
  section.dataset.longestStreak = insight.streaks.longest.days;
  section.dataset.peakHour = insight.time_of_day.peak_hour ?? "";
  section.setAttribute("aria-labelledby", title);
  section.append(
    element("h2", { id: title, textContent: insight.type }),
    element("h3", { textContent: "Streaks" }), streaks(insight.streaks),
    element("h3", { textContent: "Records" }), records(insight.records),
    element("h3", { textContent: "Trends" }),
    element("dl", { className: "figures" },
      trend(7, insight.trends.week),
      trend(30, insight.trends.month)),
    timeOfDay(insight.time_of_day));
  return section;
}

/** Shows the cards; answers the metrics they are of, which goals can be set for. */
async function show() {
  const container = document.getElementById("insights");
  try {
    const answer = await getJson("/api/v1/insights");
    document.getElementById("window").textContent =
      `${date(answer.from)} – ${date(answer.today)} (the last 90 days), in ${answer.timezone}.`
      + (answer.omitted_types > 0
        ? ` The ${number.format(answer.types.length)} busiest metrics; ${number.format(answer.omitted_types)} quieter ones are left out.`
        : "");
    container.replaceChildren(...answer.types.map(card));
    document.getElementById("empty").hidden = answer.types.length > 0;
    return answer.types.map((insight) => insight.type);
  } catch (failure) {
    const error = document.getElementById("error");
    error.textContent = `Could not load the insights: ${failure.message}`;
    error.hidden = false;
    return [];
  } finally {
    container.setAttribute("aria-busy", "false");
  }
}

await startShell();
const types = await show();
await new GoalsPanel(document.getElementById("goals"), types).show();
