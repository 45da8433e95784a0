import { uniqueEmail } from "./stack.js";

/** A valid signup body, as the form or API would send it, with every contract field. */
export const validSignup = (email = uniqueEmail()) => ({
  email,
  name: "Ada",
  level: "new",
  goal: "5k",
  runsPerWeek: 3,
  units: "metric",
  timezone: "Europe/London",
  sendDay: "mon",
  sendHour: 7,
  soreAreas: ["calves"],
  consent: true,
});
