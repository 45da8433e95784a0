/** How many weekly emails the programme has; the curriculum (functions/domain/curriculum) has one per week, the plan one week each. */
export { PROGRAMME_WEEKS } from "../plan/volume.js";
