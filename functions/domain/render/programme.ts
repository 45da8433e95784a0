/** How many weekly emails the programme has; the curriculum in templates/content has one per week. */
export const PROGRAMME_WEEKS = 10;
