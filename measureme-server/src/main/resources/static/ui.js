// Small helpers every dashboard module shares: building elements, formatting numbers, units and durations,
// and calendar arithmetic in the user's timezone (days and months are the user's, DESIGN.md §6).

/** {@code document.createElement} with properties and children in one call. */
export function element(tag, properties = {}, ...children) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

const numbers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** A number as people read it: grouped, at most two decimals. */
export function number(value) {
  return numbers.format(value);
}

/** A value with its unit where the type has one: "1,204 steps", "5.2 km", "3". */
export function withUnit(value, unit) {
  return unit ? `${number(value)} ${unit}` : number(value);
}

/** Seconds as "1 h 05 min", "25 min" or "40 s"; empty for none. */
export function duration(seconds) {
  if (!seconds) return "";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  // Round to whole minutes first: 7,190 s is "2 h 00 min", not "1 h 60 min".
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, "0")} min` : `${m} min`;
}

// Building an Intl.DateTimeFormat costs far more than using one, and the live feed formats hundreds of
// times a second: one formatter per zone and purpose, made once.
const formatters = new Map();

function formatter(zone, purpose, options) {
  const key = `${zone} ${purpose}`;
  if (!formatters.has(key)) formatters.set(key, new Intl.DateTimeFormat(purpose === "parts" ? "en-CA" : undefined,
    { timeZone: zone, ...options }));
  return formatters.get(key);
}

/** Year, month, day, hour, minute and second of {@code instant} on the wall clock of {@code zone}. */
export function localParts(instant, zone) {
  const parts = formatter(zone, "parts", {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(instant));
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

/** The "YYYY-MM" month of {@code instant} in {@code zone}. */
export function monthOf(instant, zone) {
  const p = localParts(instant, zone);
  return `${p.year}-${p.month}`;
}

/** The "YYYY-MM-DD" days of a "YYYY-MM" month. */
export function daysOf(yearMonth) {
  const [y, m] = yearMonth.split("-").map(Number);
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${yearMonth}-${String(i + 1).padStart(2, "0")}`);
}

/** The month {@code by} months after (or before) a "YYYY-MM" month. */
export function shiftMonth(yearMonth, by) {
  const [y, m] = yearMonth.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** "December 2026" for "2026-12". */
export function monthName(yearMonth) {
  const [y, m] = yearMonth.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 15)).toLocaleDateString(undefined, { month: "long", year: "numeric", timeZone: "UTC" });
}

/** The wall-clock time of an instant in the zone, "14:05:09". */
export function timeIn(instant, zone) {
  return formatter(zone, "time", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
    .format(new Date(instant));
}

/** Date and time of an instant in the zone, as people read it. */
export function dateTimeIn(instant, zone) {
  return formatter(zone, "date-time", { dateStyle: "medium", timeStyle: "medium" }).format(new Date(instant));
}
