/**
 * Milliseconds of CPU this test process has used so far (user + system). The bounded-work checks time
 * the parser with it, not the wall clock: a neighbour on the shared cores stretches wall time but not the
 * parser's own CPU time, while a parser that really does too much work uses more CPU however quiet the
 * machine is.
 */
export const cpuMs = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
