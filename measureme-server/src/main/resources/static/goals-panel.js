// The Goals section of the Insights page: each goal with its progress in the current period, whether it is
// met, and its streak of periods met, from GET /api/v1/goals; a form to add one, and per goal a target to change
// and a button to delete it (POST, PUT, DELETE /api/v1/goals, with the session's CSRF token).
import { getJson, reasonOf, send } from "/shell.js";
import { duration, element, number } from "/ui.js";

const PERIOD_NAMES = { day: ["today", "day", "days"], week: ["this week", "week", "weeks"],
  month: ["this month", "month", "months"] };
const MEASURE_NAMES = { sum: "sum", count: "events", duration: "time" };

/** An amount of a measure as people read it: time as hours and minutes, anything else as a number. */
function amount(measure, value) {
  return measure === "duration" ? duration(value) || "0 min" : number(value);
}

/** A local date of the API ("2026-06-15") in the reader's locale; UTC so it never shifts a day. */
function date(day) {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { timeZone: "UTC", month: "short", day: "numeric" });
}

export class GoalsPanel {
  /** @param types the metrics to offer for a new goal */
  constructor(root, types) {
    this.root = root;
    this.types = types;
    this.list = root.querySelector("[data-role=list]");
    this.empty = root.querySelector("[data-role=empty]");
    this.error = root.querySelector("[data-role=error]");
    this.form = root.querySelector("[data-role=add]");
    this.heading = root.querySelector("h2");
    this.heading.tabIndex = -1; // where the focus goes when the goal that had it is drawn anew
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.add();
    });
  }

  async show() {
    try {
      const { goals } = await getJson("/api/v1/goals");
      this.list.replaceChildren(...goals.map((goal) => this.item(goal)));
      this.empty.hidden = goals.length > 0;
      this.offer([...new Set([...this.types, ...goals.map((goal) => goal.type)])].sort());
    } catch (failure) {
      this.fail(`Could not load the goals: ${failure.message}`);
    } finally {
      this.root.setAttribute("aria-busy", "false");
    }
  }

  /** Fills the metric choice; without any metric, there is nothing to set a goal for yet. */
  offer(types) {
    const select = this.form.elements.type;
    const chosen = select.value;
    select.replaceChildren(...types.map((type) => element("option", { value: type, textContent: type })));
    if (types.includes(chosen)) select.value = chosen;
    this.form.querySelector("button[type=submit]").disabled = types.length === 0;
  }

  item(goal) {
    const [current, single, plural] = PERIOD_NAMES[goal.period];
    const title = goal.name ?? `${goal.type}: ${MEASURE_NAMES[goal.measure]} per ${single}`;
    const progressId = `goal-progress-${goal.id}`;
    const { achieved, met } = goal.current;
    const spoken = `${amount(goal.measure, achieved)} of ${amount(goal.measure, goal.target)} ${current}`
      + ` (${number(goal.current.fraction * 100)} %)`;
    const bar = element("progress", { id: progressId, max: goal.target, value: Math.min(achieved, goal.target),
      textContent: spoken });
    const streak = goal.streak.periods > 0
      ? `${goal.streak.periods} ${goal.streak.periods === 1 ? single : plural} in a row`
        + ` (${date(goal.streak.start)} – ${date(goal.streak.end)})`
      : "none yet";
    const li = element("li", { className: `goal ${met ? "met" : "open"}` },
      element("h3", { textContent: title }),
      element("p", { className: "muted", textContent: `${goal.type} · ${MEASURE_NAMES[goal.measure]} · per ${single}` }),
      element("label", { htmlFor: progressId, textContent: spoken }),
      bar,
      element("p", { className: "state" }, element("strong", { textContent: met ? "Met" : "Not met yet" }),
        ` · Streak: ${streak}`),
      this.editor(goal, title));
    li.dataset.goalId = goal.id;
    // The figures in machine form too, so that a test can hold the goal against the API without parsing prose.
    li.dataset.achieved = achieved;
    li.dataset.target = goal.target;
    li.dataset.met = met;
    li.dataset.streak = goal.streak.periods;
    return li;
  }

  /** The goal's target to change (in minutes for time, as in the add form) and its delete button. */
  editor(goal, title) {
    const scale = goal.measure === "duration" ? 60 : 1;
    const target = element("input", { name: "target", type: "number", min: "0", step: "any", required: true,
      inputMode: "decimal", value: String(goal.target / scale) });
    const form = element("form", { className: "goal-edit" },
      element("label", {}, `New target${scale === 60 ? " (minutes)" : ""} `, target),
      element("button", { type: "submit", textContent: "Save", ariaLabel: `Save the target of goal ${title}` }),
      element("button", { type: "button", className: "delete", textContent: "Delete",
        ariaLabel: `Delete goal ${title}`, onclick: () => this.remove(goal) }));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      await this.change(goal, Number(target.value) * scale);
    });
    return form;
  }

  async add() {
    const { type, measure, period, target, name } = this.form.elements;
    const scale = measure.value === "duration" ? 60 : 1;
    const ok = await this.call("POST", "/api/v1/goals", { type: type.value, measure: measure.value,
      period: period.value, target: Number(target.value) * scale, name: name.value.trim() || null });
    if (ok) {
      target.value = "";
      name.value = "";
    }
  }

  async change(goal, target) {
    await this.call("PUT", `/api/v1/goals/${encodeURIComponent(goal.id)}`, { target, name: goal.name });
  }

  async remove(goal) {
    await this.call("DELETE", `/api/v1/goals/${encodeURIComponent(goal.id)}`);
  }

  /**
   * Sends a change, shows the reason if it fails, and shows the goals as they now are. The list is drawn anew,
   * so the focus goes to the heading of the section rather than be lost.
   */
  async call(method, url, body) {
    this.error.hidden = true;
    let ok = false;
    try {
      const response = await send(method, url, body);
      ok = response.ok;
      if (!ok) this.fail(await reasonOf(response));
    } catch (failure) {
      this.fail(failure.message);
    }
    const focusWasInList = this.list.contains(document.activeElement);
    await this.show();
    if (focusWasInList && !this.list.contains(document.activeElement)) this.heading?.focus();
    return ok;
  }

  fail(message) {
    this.error.textContent = message;
    this.error.hidden = false;
  }
}
