/** The current instant; tests and `legwork tick --now` replace it. */
export type Clock = () => Date;
