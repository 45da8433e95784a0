/** How many weekly emails the programme has; the curriculum in templates/content has one per week, the plan one week each. */
export { PROGRAMME_WEEKS } from "../plan/volume.js";
